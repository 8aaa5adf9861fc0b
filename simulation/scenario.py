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
        plans.append(plan)
    return Scenario(seed=seed, start=start, end=end, areas=plans)


def all_areas() -> list[str]:
    return list(AREA_SLUGS)
