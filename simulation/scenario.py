"""The story the simulation plays: what happens in which area, and when.

Deterministic for a seed. Every area gets a sitting council, meetings and decisions; some
members leave mid-term; one area's council falls below its minimum and cannot be filled, which
leads to an experiment; then all councils are renewed for the next term.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from models.areas import AREA_SLUGS
from models.terms import TermDates


@dataclass(frozen=True)
class Pace:
    """How long the people of an area take, in calendar days: the sitting members to appoint a
    committee, the coördinator to check an address in the BRP, the committee to interview and
    nominate, B&W to decide, the new members to finish their checklist. The service norms (in
    working days, tasks/adapters/settings.py) are 21 for the committee and 28 for B&W: a slow
    area goes over them, and the daily monitor reminds and reports it."""

    committee: int = 21
    checks: int = 3
    interviews: int = 10
    nomination: int = 10
    decision: int = 21
    onboarding: int = 40

    @classmethod
    def draw(cls, rng: random.Random) -> Pace:
        slow_committee = rng.random() < 0.25  # the members take their time, or summer comes
        late_decision = rng.random() < 0.3  # the college postpones it a meeting or two
        return cls(
            committee=rng.randint(45, 65) if slow_committee else rng.randint(10, 35),
            checks=rng.randint(2, 9),
            interviews=rng.randint(7, 21),
            nomination=rng.randint(4, 14),
            decision=rng.randint(50, 80) if late_decision else rng.randint(14, 35),
            onboarding=rng.randint(30, 70),
        )


@dataclass
class AreaPlan:
    slug: str
    sitting: int  # members at the start
    meetings_per_year: dict[int, int] = field(default_factory=dict)
    departures: list[date] = field(default_factory=list)  # one member leaves on each date
    vacancy_on: date | None = None  # a vacancy procedure is started
    vacancy_applicants: int = 0
    renewal_applicants: int = 6
    experiment: bool = False  # this area cannot be filled and goes to an experiment
    pace: Pace = field(default_factory=Pace)


@dataclass
class Scenario:
    seed: int
    start: date
    end: date
    areas: list[AreaPlan]

    @property
    def term(self) -> TermDates:
        from models.terms import term_on

        return term_on(self.start)

    @property
    def renewal_starts(self) -> date:
        """Half a year before the next term: time for the whole procedure."""
        return self.term.next().start - timedelta(days=183)


def build(seed: int, areas: list[str], start: date, end: date) -> Scenario:
    rng = random.Random(seed)
    pace = random.Random(seed + 12)  # its own draws: the rest of the story stays as it was
    plans = []
    experiment_area = "megen-haren-macharen" if "megen-haren-macharen" in areas else areas[-1]
    flagged_area = areas[0]
    for slug in areas:
        plan = AreaPlan(slug=slug, sitting=rng.randint(5, 7))
        for year in range(start.year, end.year + 1):
            plan.meetings_per_year[year] = rng.randint(6, 8)
        if slug == flagged_area:
            plan.meetings_per_year[start.year + 1] = 5  # the monitor flags this one
        if slug == experiment_area:
            plan.sitting = 3
            plan.experiment = True
            plan.departures = [start + timedelta(days=rng.randint(300, 420))]
            plan.vacancy_on = plan.departures[0] + timedelta(days=14)
            plan.vacancy_applicants = 0
            plan.renewal_applicants = 2
        elif rng.random() < 0.4:
            first = start + timedelta(days=rng.randint(200, 700))
            plan.departures = [first, first + timedelta(days=rng.randint(0, 60))]
            plan.vacancy_on = plan.departures[-1] + timedelta(days=21)
            plan.vacancy_applicants = rng.randint(3, 5)
        plan.renewal_applicants = plan.renewal_applicants if plan.experiment else rng.randint(6, 10)
        plan.pace = Pace.draw(pace)
        plans.append(plan)
    return Scenario(seed=seed, start=start, end=end, areas=plans)


def all_areas() -> list[str]:
    return list(AREA_SLUGS)
