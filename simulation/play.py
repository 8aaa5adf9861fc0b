"""Playing the scenario forward with the clock, through the service layer's commands and
queries (the same functions the CLI and the web page call).

Each storyline (a council's meetings, a procedure) is a generator that does what is due and
yields the next day it needs; the calendar runs them in date order, sets the clock, and runs
the daily monitor and mail delivery on the days where something happened.
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
from functools import partial
from pathlib import Path
from typing import Any

from commands import (
    advice,
    candidates,
    committee,
    decision,
    experiments,
    mail,
    meetings,
    members,
    monitor,
    nomination,
    onboarding,
    opening,
    panels,
    pausing,
    screening,
    setup,
)
from models.areas import AREA_SLUGS
from simulation import mailserver
from simulation.invoke import Coordinator
from simulation.population import Population, Resident
from simulation.scenario import AreaPlan, Scenario
from tasks.adapters import clock
from tasks.adapters.settings import get_settings
from tasks.queries import candidates as candidate_views
from tasks.queries import members as member_views
from tasks.queries import onboarding as onboarding_views
from tasks.queries import procedures

# the burgerpanel of the village where nobody applies: 12 members, balanced on age and gender
PANEL_REPLY_DAYS = 14  # the drawn have two weeks to say yes or no
PANEL_QUOTAS = [
    {"feature": f, "value": v, "min": str(lo), "max": str(hi)}
    for f, v, lo, hi in (
        ("leeftijd", "16-34", 3, 5),
        ("leeftijd", "35-64", 4, 6),
        ("leeftijd", "65+", 2, 5),
        ("gender", "v", 5, 7),
        ("gender", "m", 5, 7),
        ("gender", "zeg ik liever niet", 0, 1),
    )
]

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
        self.replied: set[str] = set()  # reply links of the burgerpanel already used

    # -- the calendar -----------------------------------------------------------------------

    def play(self) -> None:
        self.coordinator.hand_over()
        with clock.frozen_at(datetime.combine(self.scenario.start, time(9))):
            self.coordinator.do("init", partial(setup.initialise, setup.Initialise()))
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
                    self.coordinator.do("tick", monitor.run_monitor)  # before office hours
            with clock.frozen_at(datetime.combine(day, time(9))):
                for story, was_watched in due:
                    self.advance(story, watched=was_watched)
                if watched:
                    self.coordinator.do("mail send", mail.send)
            self.days_played += 1
            self.on_day(day)
        with clock.frozen_at(datetime.combine(self.scenario.end, time(17))):
            self.coordinator.do("mail send", mail.send)  # what quiet days enqueued goes out too

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
        sitting = members.ImportMembers(path)
        self.coordinator.do("members import", partial(members.import_file, sitting))

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
        held = meetings.AddMeeting(plan.slug, day, public=public)
        meeting = self.coordinator.do("meetings add", partial(meetings.add, held)).meeting_id
        if not public:
            refused = meetings.AddDecision(
                meeting, kind="advies", summary="Advies over de herinrichting van het plein"
            )
            self.coordinator.refused("decisions add", partial(meetings.add_decision, refused))
            return
        if self.rng.random() < 0.6:
            applicant = self.rng.choice(
                ["Buurtvereniging De Linde", "Stichting Speeltuin", "Oranjecomité", "Jongerenwerk"]
            )
            grant = meetings.AddDecision(
                meeting,
                kind="subsidie",
                summary="Bijdrage aan een buurtactiviteit",
                amount=str(self.rng.choice([150, 250, 500, 750, 1200])),
                applicant=applicant,
            )
            self.coordinator.do("decisions add", partial(meetings.add_decision, grant))
        if self.rng.random() < 0.3:
            given = meetings.AddDecision(
                meeting,
                kind="advies",
                summary="Advies aan B&W over verkeersveiligheid rond de school",
            )
            sent = self.coordinator.do("decisions add", partial(meetings.add_decision, given))
            if sent.advice_id is not None:  # B&W answer in 3 to 9 weeks: now and then late
                answer_on = day + timedelta(weeks=self.rng.randint(3, 9))
                self.calendar.add(answer_on, self.answer_advice(sent.advice_id), watched=False)
        path = self.workdir / f"notulen-{meeting}.txt"
        path.write_text(f"Notulen van de openbare vergadering van {day}.\n", encoding="utf-8")
        minutes = meetings.RecordMinutes(meeting, path)
        self.coordinator.do("meetings minutes", partial(meetings.record_minutes, minutes))

    def answer_advice(self, advice_id: int) -> Story:
        """B&W's answer to an advice, recorded on the day it comes in."""
        outcome = self.rng.choice(["overgenomen", "deels overgenomen", "niet overgenomen"])
        answer = advice.AnswerAdvice(
            advice_id, self.today(), outcome, reference=f"B&W {self.today().year}/{advice_id:04d}"
        )
        self.coordinator.do("advice answer", partial(advice.answer, answer))
        yield from ()

    # -- procedures -------------------------------------------------------------------------

    def departures_and_vacancy(self, plan: AreaPlan) -> Story:
        for day in plan.departures:
            if day > self.today():
                yield day
            sitting = self.sitting(plan.slug)
            if sitting:
                leaving = members.Leave(
                    int(sitting[-1]["id"]), reason="verhuisd naar een andere gemeente"
                )
                self.coordinator.do("members leave", partial(members.leave, leaving))
        assert plan.vacancy_on is not None
        yield plan.vacancy_on
        procedure = self.coordinator.do(
            "vacancy", partial(opening.open_vacancy, opening.OpenVacancy(area=plan.slug))
        ).procedure_id
        yield from self.procedure(plan, procedure, plan.vacancy_applicants, vacancy=True)
        if plan.experiment:
            yield from self.experiment(plan)

    def experiment(self, plan: AreaPlan) -> Story:
        """Nobody applied: the coördinator decides with the college on a burgerpanel drawn by
        lot; residents volunteer (imported as from letters to a sample of addresses), the panel
        is drawn with a seed, invited and its record published."""
        yield self.today() + timedelta(days=21)
        decided = self.today()
        until = decided + timedelta(days=28)
        start = experiments.Start(
            area=plan.slug,
            form="loting",
            decided_with_college_on=decided.isoformat(),
            evaluate_on=(decided + timedelta(days=365)).isoformat(),
            reason="Te weinig kandidaten voor de raad; in overleg met het college een burgerpanel "
            "door loting.",
            panel=experiments.RawPanel(12, until.isoformat(), PANEL_QUOTAS),
        )
        started = self.coordinator.do("experiment start", partial(experiments.start, start))
        experiment = started.experiment_id
        pool = self.pool_file(plan.slug, decided.year)
        self.coordinator.do("panel import", partial(panels.import_pool, experiment, pool))
        yield until + timedelta(days=1)
        self.coordinator.do("panel draw", partial(panels.draw, experiment, self.scenario.seed))
        self.coordinator.do("panel invite", partial(panels.invite, experiment, PANEL_REPLY_DAYS))
        yield self.today() + timedelta(days=2)  # the invitations went out with the day's mail
        # the drawn read their mail: one declines, one never answers, the others take part
        self.answer_invitations(decline=1, ignore=1)
        yield self.today() + timedelta(days=PANEL_REPLY_DAYS)  # past the reply date: lapsed
        draw = partial(panels.draw, experiment, self.scenario.seed + 1)
        self.coordinator.do("panel draw (vervanging)", draw)
        self.coordinator.do("panel invite", partial(panels.invite, experiment, PANEL_REPLY_DAYS))
        yield self.today() + timedelta(days=2)
        self.answer_invitations(decline=0, ignore=0)
        output = get_settings().home / "publish"
        self.coordinator.do("panel publish", partial(panels.publish, experiment, output))
        yield decided + timedelta(days=365)
        evaluation = experiments.Evaluate(
            experiment_id=experiment,
            outcome="Het burgerpanel werkt: inwoners doen actief mee.",
            decision=experiments.Decision.CONTINUE,
        )
        self.coordinator.do("experiment evaluate", partial(experiments.evaluate, evaluation))

    def answer_invitations(self, *, decline: int, ignore: int) -> None:
        """Every invitation not yet answered, as its volunteer reads it in their mail: the first
        `decline` say no, the next `ignore` never answer, the others say yes (the reply link)."""
        texts = mailserver.delivered_texts(get_settings().mail_dir)
        waiting = [t for t in mailserver.links(texts, "/loting/antwoord/") if t not in self.replied]
        for n, token in enumerate(waiting):
            self.replied.add(token)
            if decline <= n < decline + ignore:
                continue
            accept = n >= decline
            self.coordinator.do("panel answer", partial(panels.answer, token, accept))

    def pool_file(self, slug: str, year: int) -> Path:
        """60 volunteers with the panel's features, as the CSV `panel import` reads."""
        path = get_settings().home / f"pool-{slug}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["name", "email", "postcode", "house_number", "birth_year", "gender"])
            for _ in range(60):
                person = self.people.resident(slug)
                writer.writerow(
                    [person.name, person.email, person.postcode, person.house_number,
                     self.rng.randint(year - 85, year - 17),
                     self.rng.choice(["v", "m", "v", "m", "zeg ik liever niet"])]
                )  # fmt: skip
        return path

    def renewal(self) -> Story:
        """All councils at once (`renew --all`) when all areas play, else one by one."""
        year = self.scenario.term.next().election_year
        slugs = [p.slug for p in self.scenario.areas]
        areas: list[str | None] = [None] if len(slugs) == len(AREA_SLUGS) else list(slugs)
        opened = [
            row
            for area in areas
            for row in self.coordinator.do(
                "renew", partial(opening.renew, opening.Renew(area=area, election_year=year))
            )
        ]
        by_area = {row.area: row.procedure_id for row in opened}
        for plan in self.scenario.areas:
            story = self.procedure(plan, by_area[plan.slug], plan.renewal_applicants, vacancy=False)
            self.calendar.add(self.today(), story)  # watched
        return
        yield  # a generator that schedules the others

    def procedure(self, plan: AreaPlan, procedure: int, applicants: int, *, vacancy: bool) -> Story:
        pace = plan.pace
        committee_members = yield from self.form_committee(plan, procedure)
        confirm = committee.ConfirmCommittee(procedure)
        self.coordinator.do("committee confirm", partial(committee.confirm, confirm))
        deadline: date = self.status(procedure)["application_deadline"]
        yield self.today() + timedelta(days=7)
        others = [p.slug for p in self.scenario.areas if p.slug != plan.slug] or [plan.slug]
        for person in self.people.applicants(plan.slug, applicants, others):
            self.apply(procedure, person)
        if committee_members:
            self.apply(procedure, committee_members[0], refused=True)  # a committee member
        yield deadline + timedelta(days=1)
        # the daily monitor has closed recruitment and screened the candidates; an address
        # the postcode table does not know waits for the coördinator's check in the BRP
        checks = [c for c in self.candidates(procedure) if c["status"] == "needs_check"]
        if checks:
            yield self.today() + timedelta(days=pace.checks)
        for candidate in checks:
            verdict = screening.ResolveCheck(
                procedure, candidate["id"], eligible=True, reason="Adres gecontroleerd in de BRP"
            )
            self.coordinator.do("screen resolve", partial(screening.resolve, verdict))
        if not self.eligible(procedure):
            yield self.today() + timedelta(days=14)
            cancel = pausing.Cancel(procedure, reason="Geen geschikte kandidaten gevonden")
            self.coordinator.do("cancel", partial(pausing.cancel, cancel))
            return
        yield self.today() + timedelta(days=pace.interviews)
        for candidate_id in self.eligible(procedure):
            scores = [f"{c}={self.rng.randint(2, 5)}" for c in COMPETENCIES]
            talk = nomination.RecordInterview(procedure, candidate_id, scores=scores)
            self.coordinator.do("interview", partial(nomination.interview, talk))
        yield self.today() + timedelta(days=pace.nomination)
        seats = int(self.status(procedure)["seats"])
        nominees = self.interviewed(procedure)[:seats]
        nominate = nomination.Nominate(procedure, nominees)
        self.coordinator.do("nominate", partial(nomination.nominate, nominate))
        decision_day = self.decision_day(plan, vacancy)
        yield decision_day
        decide = decision.Decide(
            procedure,
            nominees,
            number=f"BW-{decision_day.year}-{procedure:04d}",
            decided_on=decision_day,
        )
        self.coordinator.do("decide", partial(decision.decide, decide))
        start = max(self.today(), decision_day if vacancy else self.scenario.term.next().start)
        # half the checklist within two weeks, the rest when the area gets round to it
        for share, days in ((0.5, 10), (1.0, pace.onboarding)):
            yield start + timedelta(days=days)
            tasks = self.onboarding_tasks(procedure)
            open_tasks = [t["id"] for t in tasks if t["done_at"] is None]
            for task in open_tasks[: max(1, round(len(open_tasks) * share))]:
                tick = onboarding.CompleteTask(task)
                self.coordinator.do("onboarding done", partial(onboarding.done, tick))

    def form_committee(
        self, plan: AreaPlan, procedure: int
    ) -> Generator[date, None, list[Resident]]:
        """The sitting members appoint three committee members over the area's weeks; the
        coördinator records each as it comes in."""
        opened = self.today()
        sitting = self.sitting(plan.slug)
        appointers = [int(m["id"]) for m in sitting[:2]]
        members = []
        for n in (1, 2, 3):
            day = opened + timedelta(days=plan.pace.committee * n // 3)
            if day > self.today():
                yield day
            person = self.people.resident(plan.slug)
            member = committee.AddCommitteeMember(
                procedure,
                name=person.name,
                email=person.email,
                postcode=person.postcode,
                house_number=person.house_number,
                appointed_by=appointers,
            )
            self.coordinator.do("committee add", partial(committee.add_member, member))
            members.append(person)
        return members

    def apply(self, procedure: int, person: Resident, *, refused: bool = False) -> None:
        application = candidates.AddCandidate(
            procedure,
            name=person.name,
            email=person.email,
            postcode=person.postcode,
            house_number=person.house_number,
            motivation=person.motivation,
            politically_active=person.politically_active,
            municipal_employee=person.municipal_employee,
        )
        if refused:
            self.coordinator.refused("candidates add", partial(candidates.add, application))
        else:
            self.coordinator.do("candidates add", partial(candidates.add, application))

    # -- look-ups ---------------------------------------------------------------------------

    def sitting(self, area: str) -> list[dict[str, Any]]:
        day = self.today()
        return self.coordinator.read(
            "members list", lambda session: member_views.sitting_members(session, area, day)
        )

    def status(self, procedure: int) -> dict[str, Any]:
        return self.coordinator.read(
            "status", lambda session: procedures.detail(session, procedure)
        )

    def candidates(self, procedure: int) -> list[dict[str, Any]]:
        return self.coordinator.read(
            "candidates list", lambda session: candidate_views.listing(session, procedure)
        )

    def onboarding_tasks(self, procedure: int) -> list[dict[str, Any]]:
        return self.coordinator.read(
            "onboarding list",
            lambda session: [
                onboarding_views.view(t) for t in onboarding_views.tasks_of(session, procedure)
            ],
        )

    def candidates_with(self, procedure: int, status: str) -> list[int]:
        return [row["id"] for row in self.candidates(procedure) if row["status"] == status]

    def eligible(self, procedure: int) -> list[int]:
        return self.candidates_with(procedure, "eligible")

    def interviewed(self, procedure: int) -> list[int]:
        return self.candidates_with(procedure, "interviewed")

    def decision_day(self, plan: AreaPlan, vacancy: bool) -> date:
        """B&W decides in the area's time; a renewal at the latest a week before the term."""
        day = self.today() + timedelta(days=plan.pace.decision)
        if vacancy:
            return day
        return max(
            self.today() + timedelta(days=1),
            min(day, self.scenario.term.next().start - timedelta(days=7)),
        )
