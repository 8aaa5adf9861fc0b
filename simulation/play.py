"""Playing the scenario forward with the clock, through the real commands.

Each storyline (a council's meetings, a procedure) is a generator that does what is due and
yields the next day it needs; the calendar runs them in date order, sets the clock, and runs
the daily monitor (`wijkraad tick`) and mail delivery on the days where something happened.
"""

from __future__ import annotations

import contextlib
import csv
import heapq
import itertools
import random
import tempfile
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from models.areas import AREA_SLUGS
from simulation.invoke import Coordinator
from simulation.population import Population, Resident
from simulation.scenario import AreaPlan, Scenario
from tasks.adapters import clock

Story = Generator[date, None, None]
COMPETENCIES = ("gebied", "contact", "samenwerking", "tijd")  # scored in interviews


@dataclass
class Calendar:
    """Storylines waiting for their next day, in date order.

    A watched storyline (a procedure, the quarterly round) makes the daily monitor and mail
    delivery run that day; a quiet one (meetings) does not: the monitor catches up on
    everything due when it next runs.
    """

    queue: list[tuple[date, int, Story, bool]] = field(default_factory=list)
    counter: Iterator[int] = field(default_factory=itertools.count)

    def add(self, day: date, story: Story, *, watched: bool = True) -> None:
        heapq.heappush(self.queue, (day, next(self.counter), story, watched))

    def next_day(self) -> date | None:
        return self.queue[0][0] if self.queue else None

    def due(self, day: date) -> list[tuple[Story, bool]]:
        stories = []
        while self.queue and self.queue[0][0] <= day:
            _day, _n, story, watched = heapq.heappop(self.queue)
            stories.append((story, watched))
        return stories


class Simulation:
    def __init__(self, scenario: Scenario, on_day: Callable[[date], None] | None = None) -> None:
        self.scenario = scenario
        self.people = Population(scenario.seed)
        self.rng = random.Random(scenario.seed + 1)
        self.coordinator = Coordinator()
        self.calendar = Calendar()
        self.on_day = on_day or (lambda _day: None)
        self.workdir = Path(tempfile.mkdtemp(prefix="wijkraad-sim-"))
        self.days_played = 0

    # -- the calendar -----------------------------------------------------------------------

    def play(self) -> None:
        with clock.frozen_at(datetime.combine(self.scenario.start, time(9))):
            self.coordinator.run("init")
            self.seat_sitting_councils()
        for plan in self.scenario.areas:
            self.calendar.add(self.scenario.start, self.meetings(plan), watched=False)
            if plan.vacancy_on:
                self.calendar.add(plan.departures[0], self.departures_and_vacancy(plan))
        self.calendar.add(self.scenario.renewal_starts, self.renewal())
        self.calendar.add(self.scenario.start, self.quarterly_round())
        while (day := self.calendar.next_day()) is not None and day <= self.scenario.end:
            due = self.calendar.due(day)
            watched = any(w for _story, w in due)
            if watched:
                with clock.frozen_at(datetime.combine(day, time(7))):
                    self.coordinator.run("tick")  # the daily monitor, before office hours
            with clock.frozen_at(datetime.combine(day, time(9))):
                for story, was_watched in due:
                    self.advance(story, watched=was_watched)
                if watched:
                    self.coordinator.run("mail", "send")
            self.days_played += 1
            self.on_day(day)

    def advance(self, story: Story, *, watched: bool) -> None:
        with contextlib.suppress(StopIteration):
            self.calendar.add(next(story), story, watched=watched)

    def quarterly_round(self) -> Story:
        """On the first of every quarter the monitor runs even when nothing else happens (in
        production it runs every day; it handles everything due up to now, so a simulation
        that skips quiet days loses nothing but time)."""
        day = self.scenario.start
        while True:
            day = (day.replace(day=1) + timedelta(days=95)).replace(day=1)
            yield day

    def today(self) -> date:
        return clock.today()

    # -- sitting councils and their meetings ------------------------------------------------

    def seat_sitting_councils(self) -> None:
        path = self.workdir / "zittende-leden.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["area", "name", "email", "postcode", "house_number", "role"])
            for plan in self.scenario.areas:
                for n in range(plan.sitting):
                    person = self.people.resident(plan.slug)
                    role = ("voorzitter", "secretaris", "penningmeester")[n] if n < 3 else "lid"
                    writer.writerow(
                        [
                            plan.slug,
                            person.name,
                            person.email,
                            person.postcode,
                            person.house_number,
                            role,
                        ]
                    )
        self.coordinator.run("members", "import", str(path))

    def meetings(self, plan: AreaPlan) -> Story:
        for year, count in sorted(plan.meetings_per_year.items()):
            first = max(date(year, 1, 15), self.scenario.start + timedelta(days=7))
            span = (date(year, 12, 15) - first).days
            if span <= 0:
                continue
            days = sorted(first + timedelta(days=span * i // count) for i in range(count))
            for day in days:
                if day > self.scenario.end:
                    return
                yield day
                self.hold_meeting(plan, day)

    def hold_meeting(self, plan: AreaPlan, day: date) -> None:
        public = self.rng.random() > 0.1
        args = ["meetings", "add", "--area", plan.slug, "--date", day.isoformat()]
        meeting = self.coordinator.json(*args, *([] if public else ["--closed"]))["id"]
        decision = ["decisions", "add", "--meeting", str(meeting)]
        if not public:
            self.coordinator.run(
                *decision,
                "--kind",
                "advies",
                "--summary",
                "Advies over de herinrichting van het plein",
                expect_refusal=True,
            )
            return
        if self.rng.random() < 0.6:
            applicant = self.rng.choice(
                ["Buurtvereniging De Linde", "Stichting Speeltuin", "Oranjecomité", "Jongerenwerk"]
            )
            self.coordinator.run(
                *decision,
                "--kind",
                "subsidie",
                "--summary",
                "Bijdrage aan een buurtactiviteit",
                "--amount",
                str(self.rng.choice([150, 250, 500, 750, 1200])),
                "--applicant",
                applicant,
            )
        if self.rng.random() < 0.3:
            self.coordinator.run(
                *decision,
                "--kind",
                "advies",
                "--summary",
                "Advies aan B&W over verkeersveiligheid rond de school",
            )
        minutes = self.workdir / f"notulen-{meeting}.txt"
        minutes.write_text(f"Notulen van de openbare vergadering van {day}.\n", encoding="utf-8")
        self.coordinator.run("meetings", "minutes", str(meeting), str(minutes))

    # -- procedures -------------------------------------------------------------------------

    def departures_and_vacancy(self, plan: AreaPlan) -> Story:
        for day in plan.departures:
            if day > self.today():
                yield day
            sitting = self.coordinator.json("members", "list", "--area", plan.slug)
            if sitting:
                leaving = sitting[-1]["id"]
                self.coordinator.run(
                    "members",
                    "leave",
                    str(leaving),
                    "--reason",
                    "verhuisd naar een andere gemeente",
                )
        assert plan.vacancy_on is not None
        yield plan.vacancy_on
        procedure = self.coordinator.json("vacancy", "--area", plan.slug)["id"]
        yield from self.procedure(plan, procedure, plan.vacancy_applicants, vacancy=True)
        if plan.experiment:
            yield from self.experiment(plan)

    def experiment(self, plan: AreaPlan) -> Story:
        """Nobody applied: the coördinator decides with the college on a buurtpanel."""
        yield self.today() + timedelta(days=21)
        decided = self.today()
        started = self.coordinator.json(
            "experiment", "start", "--area", plan.slug, "--form", "buurtpanel",
            "--decided-with-college-on", decided.isoformat(),
            "--evaluate-on", (decided + timedelta(days=365)).isoformat(),
            "--reason", "Te weinig kandidaten voor de raad; in overleg met het college "
            "een buurtpanel.",
        )  # fmt: skip
        yield decided + timedelta(days=365)
        self.coordinator.run(
            "experiment", "evaluate", str(started["id"]), "--continue",
            "--outcome", "Het buurtpanel werkt: inwoners doen actief mee.",
        )  # fmt: skip

    def renewal(self) -> Story:
        """All councils at once (`renew --all`) when all areas play, else one by one."""
        year = str(self.scenario.term.next().election_year)
        slugs = [p.slug for p in self.scenario.areas]
        if len(slugs) == len(AREA_SLUGS):
            opened = self.coordinator.json("renew", "--all", "--term", year)
        else:
            opened = [self.coordinator.json("renew", "--area", s, "--term", year) for s in slugs]
        by_area = {row["area"]: row["procedure_id"] for row in opened}
        for plan in self.scenario.areas:
            story = self.procedure(plan, by_area[plan.slug], plan.renewal_applicants, vacancy=False)
            self.calendar.add(self.today(), story)  # watched
        return
        yield  # a generator that schedules the others

    def procedure(self, plan: AreaPlan, procedure: int, applicants: int, *, vacancy: bool) -> Story:
        proc = str(procedure)
        committee = self.form_committee(plan, proc)
        self.coordinator.run("committee", "confirm", proc)
        deadline = date.fromisoformat(self.status(proc)["application_deadline"])
        yield self.today() + timedelta(days=7)
        others = [p.slug for p in self.scenario.areas if p.slug != plan.slug] or [plan.slug]
        for person in self.people.applicants(plan.slug, applicants, others):
            self.apply(proc, person)
        if committee:
            self.apply(proc, committee[0], refused=True)  # a committee member: refused
        yield deadline + timedelta(days=1)
        # the daily monitor has closed recruitment and screened the candidates
        for candidate in self.coordinator.json("candidates", "list", proc):
            if candidate["status"] == "needs_check":
                self.coordinator.run(
                    "screen",
                    "resolve",
                    proc,
                    str(candidate["id"]),
                    "--eligible",
                    "--reason",
                    "Adres gecontroleerd in de BRP",
                )
        if not self.eligible(proc):
            yield self.today() + timedelta(days=14)
            self.coordinator.run("cancel", proc, "--reason", "Geen geschikte kandidaten gevonden")
            return
        yield self.today() + timedelta(days=10)
        for candidate in self.eligible(proc):
            scores = [f"--score={c}={self.rng.randint(2, 5)}" for c in COMPETENCIES]
            self.coordinator.run("interview", proc, str(candidate), *scores)
        yield self.today() + timedelta(days=10)
        seats = int(self.status(proc)["seats"])
        nominees = [str(c) for c in self.interviewed(proc)[:seats]]
        self.coordinator.run("nominate", proc, *nominees)
        decision_day = self.decision_day(vacancy)
        yield decision_day
        number = f"BW-{decision_day.year}-{procedure:04d}"
        self.coordinator.run(
            "decide", proc, *nominees, "--number", number, "--date", decision_day.isoformat()
        )
        start = max(self.today(), decision_day if vacancy else self.scenario.term.next().start)
        for share, days in ((0.5, 10), (1.0, 40)):  # half the checklist soon, the rest later
            yield start + timedelta(days=days)
            tasks = self.coordinator.json("onboarding", "list", proc)
            open_tasks = [t["id"] for t in tasks if not t.get("done")]
            for task in open_tasks[: max(1, round(len(open_tasks) * share))]:
                self.coordinator.run("onboarding", "done", str(task))

    def form_committee(self, plan: AreaPlan, proc: str) -> list[Resident]:
        sitting = self.coordinator.json("members", "list", "--area", plan.slug)
        appointers = ",".join(str(m["id"]) for m in sitting[:2])
        members = [self.people.resident(plan.slug) for _ in range(3)]
        for person in members:
            args = [
                "committee", "add", proc, "--name", person.name, "--email", person.email,
                "--postcode", person.postcode, "--house-number", person.house_number,
            ]  # fmt: skip
            self.coordinator.run(*args, *(["--appointed-by", appointers] if appointers else []))
        return members

    def apply(self, proc: str, person: Resident, *, refused: bool = False) -> None:
        args = [
            "candidates", "add", proc, "--name", person.name, "--email", person.email,
            "--postcode", person.postcode, "--house-number", person.house_number,
            "--motivation", person.motivation,
        ]  # fmt: skip
        if person.politically_active:
            args.append("--politically-active")
        if person.municipal_employee:
            args.append("--municipal-employee")
        self.coordinator.run(*args, expect_refusal=refused)

    def status(self, proc: str) -> dict[str, Any]:
        return dict(self.coordinator.json("status", proc))

    def candidates_with(self, proc: str, status: str) -> list[int]:
        rows = self.coordinator.json("candidates", "list", proc)
        return [row["id"] for row in rows if row["status"] == status]

    def eligible(self, proc: str) -> list[int]:
        return self.candidates_with(proc, "eligible")

    def interviewed(self, proc: str) -> list[int]:
        return self.candidates_with(proc, "interviewed")

    def decision_day(self, vacancy: bool) -> date:
        if vacancy:
            return self.today() + timedelta(days=21)
        return max(
            self.today() + timedelta(days=14), self.scenario.term.next().start - timedelta(days=21)
        )
