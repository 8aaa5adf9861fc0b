"""Every appointment lawful, every letter true: the invariants, checked after every step of
generated histories.

A Hypothesis state machine drives the service layer (the command functions the CLI and the web
page call, with their flows run in-process) over one to three councils: members join and leave,
procedures open, committees form, residents apply (some ineligible, some a committee member or
a sitting member under another address or name variant), findings are overturned, interviews
scored, nominations and decisions recorded (some late, some dated wrong), mail delivered late
or failing, the clock jumping days or months. A refusal (a Dutch DomainError) is an outcome
like any other; anything else that escapes a command is a defect.

After every step, from the database alone:
- a person holds at most one seat per council on any date; no council has more members than
  seats on any date;
- every appointed member was nominated in that procedure, eligible (every finding a pass), not
  on its committee, and decided on a date between the nomination and the day it was recorded;
- every candidate of a completed procedure got exactly one outcome letter (withdrawn and
  corrected letters do not count), and it matches their final status; no message reached the
  mail server twice;
- every stage change is one of `TRANSITIONS`, in an unbroken chain from the first stage to
  the current one, each with an audit event that names its actor;
- every open procedure has a deadline ahead, a pending follow-up, or a stalled reason;
- no council meets twice on one day; every advice to B&W comes from an advice decision in a
  public meeting that took place, sent between the meeting and the day it was recorded, and
  answered between the sending and the day the answer was recorded.
- every web session comes from a login accepted with the right password for an enabled
  account; a disabled account has no live session.

A failing example is shrunk and printed twice: as the rules Hypothesis ran, and (the notes)
as the `wijkraad` commands a person could replay, with the clock set by WIJKRAAD_NOW.

CI runs WIJKRAAD_INVARIANT_EXAMPLES examples (default 12) with a fixed seed; `make fuzz` runs
many more with a random one.
"""

from __future__ import annotations

import itertools
import os
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select, text
from sqlalchemy.orm import joinedload

from models.errors import DomainError
from tests.fixtures_smtp import SmtpServer
from tests.integration.direct_flows import direct_flows

START = datetime(2026, 11, 28, 9, 0)
ACCOUNTS = ("co@oss.nl", "lezer@oss.nl")  # two accounts the histories add, log in and disable
PASSWORD = "een lang wachtwoord"
AREAS = ("ruwaard", "lith", "berghem")
PROC = st.integers(0, 5)  # the n-th procedure (by number) of those opened so far
STREET = {"ruwaard": "5343AB", "lith": "5391AA", "berghem": "5351AA"}
ELSEWHERE = "5391AB"  # Lith: outside Ruwaard and Berghem
UNKNOWN = "1011AB"  # in no area of the table
SURNAMES = ("de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer")
FIRST = ("Anna", "Bram", "Carla", "Daan", "Eva", "Frank", "Gerda", "Hans")
OUTCOME = {  # outcome letter -> the candidate's final status it tells
    "niet_verkiesbaar": "ineligible",
    "niet_voorgedragen": "not_nominated",
    "niet_benoemd": "not_appointed",
    "benoemd": "appointed",
    "procedure_gestopt": "cancelled",
}
# A letter that says a candidate qualifies stays true while they go on (interviews, nomination,
# decision, a procedure that stops); every other letter tells a status that must still hold.
STILL_QUALIFIED = {"eligible", "interviewed", "nominated", "not_nominated", "appointed",
                   "not_appointed", "cancelled"}  # fmt: skip
CORRECTION = "toetsing_herzien"  # a delivered rejection corrected: it no longer counts
OPENED = "open"  # the audit event of a new procedure: no transition, its first stage
REACHED: Counter[str] = Counter()  # procedures per final stage, over all examples
VERBOSE = bool(os.environ.get("WIJKRAAD_INVARIANT_VERBOSE"))  # print every command as it runs


def examples() -> int:
    return int(os.environ.get("WIJKRAAD_INVARIANT_EXAMPLES", "12"))


class Cycle(RuleBasedStateMachine):
    """Histories of one to three councils, through the service layer."""

    smtp: SmtpServer  # set by the test before the machine runs

    def __init__(self) -> None:
        super().__init__()
        self.moment = START
        self.numbers = 0
        self.people = 0
        self.opened = 0  # procedures opened: the rules about one wait for the first
        self.counted: Counter[str] = Counter()
        self.accounts: dict[str, bool] = {}  # e-mail address -> disabled
        self.logged_in = 0  # logins the machine saw accepted: each made one session
        _reset_database()
        self.smtp.handler.received.clear()
        self._set_clock()

    # -- helpers ---------------------------------------------------------------------------

    def _set_clock(self) -> None:
        os.environ["WIJKRAAD_NOW"] = self.moment.isoformat(timespec="minutes")

    def say(self, line: str) -> None:
        note(f"WIJKRAAD_NOW={self.moment:%Y-%m-%dT%H:%M} wijkraad {line}")
        if VERBOSE:
            print(f"WIJKRAAD_NOW={self.moment:%Y-%m-%dT%H:%M} wijkraad {line}")

    def run(self, line: str, call, *args, **kwargs):  # type: ignore[no-untyped-def]
        """Run one command, a minute after the one before (the audit trail then orders the
        commands by time); a Dutch refusal is an outcome (noted), anything else a defect."""
        self.moment += timedelta(minutes=1)
        self._set_clock()
        self.say(line)
        try:
            result = call(*args, **kwargs)
        except DomainError as exc:
            note(f"    geweigerd: {exc.message}")
            if VERBOSE:
                print(f"    geweigerd: {exc.message}")
            self.counted["refused"] += 1
            return None
        self.counted["done"] += 1
        return result

    def _person(self, first: str, surname: str, variant: str) -> tuple[str, str]:
        self.people += 1
        name = f"{first} {surname}" if variant != "initial" else f"{first[0]}. {surname}"
        slug = f"{first}.{surname}".lower().replace(" ", "")
        return name, f"{slug}.{self.people}@example.nl"

    def _pick(self, proc: int):  # type: ignore[no-untyped-def]
        """The `proc`-th procedure opened (modulo how many there are), or None."""
        from models import Procedure

        with _session() as session:
            found = session.scalars(
                select(Procedure).order_by(Procedure.id).options(joinedload(Procedure.area))
            ).all()
            return found[proc % len(found)] if found else None

    def _candidates(self, procedure_id: int) -> list[tuple[int, str]]:
        from models import Candidate

        with _session() as session:
            rows = session.execute(
                select(Candidate.id, Candidate.status)
                .where(Candidate.procedure_id == procedure_id)
                .order_by(Candidate.id)
            ).all()
        return [(cid, status.value) for cid, status in rows]

    def _sitting(self, area: str) -> list[tuple[int, str, str, str | None]]:
        """(membership id, name, email, postcode) of who sits in the area today."""
        from tasks.queries.members import sitting

        with _session() as session:
            return [
                (m.id, m.person.name, m.person.email, m.person.postcode)
                for m in sitting(session, area, self.moment.date())
            ]

    # -- people and councils ---------------------------------------------------------------

    @initialize(
        area=st.sampled_from(AREAS),
        seated=st.integers(0, 5),
        opens=st.sampled_from(("vacancy", "renewal")),
    )
    def seat_a_council(self, area: str, seated: int, opens: str) -> None:
        """One council with sitting members and an open procedure to start with (more come
        with `member_joins`, `open_vacancy` and `open_renewal`)."""
        for n in range(seated):
            self.member_joins(area=area, first=FIRST[n], surname=SURNAMES[n])
        if opens == "vacancy":
            self.open_vacancy(area)
        else:
            self.open_renewal(area)

    @rule(
        area=st.sampled_from(AREAS), first=st.sampled_from(FIRST), surname=st.sampled_from(SURNAMES)
    )
    def member_joins(self, area: str, first: str, surname: str) -> None:
        from commands import members

        name, email = self._person(first, surname, "full")
        house = str(10 + self.people)
        self.run(
            f"members add --area {area} --name '{name}' --email {email} "
            f"--postcode {STREET[area]} --house-number {house}",
            members.add,
            members.AddMember(area, name, email, STREET[area], house),
        )

    @rule(area=st.sampled_from(AREAS), which=st.integers(0, 6), moved=st.booleans())
    def member_leaves(self, area: str, which: int, moved: bool) -> None:
        from commands import members

        sitting = self._sitting(area)
        if not sitting:
            return
        membership = sitting[which % len(sitting)][0]
        if moved:
            self.run(
                f"members move {membership} --postcode {ELSEWHERE} --house-number 1",
                members.move,
                members.Move(membership, ELSEWHERE, "1"),
            )
        else:
            self.run(
                f"members leave {membership} --reason 'Persoonlijke redenen'",
                members.leave,
                members.Leave(membership, reason="Persoonlijke redenen"),
            )

    # -- procedures ------------------------------------------------------------------------

    @rule(area=st.sampled_from(AREAS))
    def open_vacancy(self, area: str) -> None:
        from commands import opening

        if self.run(f"vacancy --area {area}", opening.open_vacancy, opening.OpenVacancy(area)):
            self.opened += 1

    @rule(area=st.sampled_from(AREAS))
    def open_renewal(self, area: str) -> None:
        from commands import opening

        if self.run(f"renew --area {area}", opening.renew, opening.Renew(area)):
            self.opened += 1

    @precondition(lambda self: self.opened > 0)
    @rule(
        proc=PROC,
        first=st.sampled_from(FIRST),
        surname=st.sampled_from(SURNAMES),
        appointers=st.integers(0, 3),
    )
    def committee_member(self, proc: int, first: str, surname: str, appointers: int) -> None:
        from commands import committee

        procedure = self._pick(proc)
        if procedure is None:
            return
        area = procedure.area.slug
        name, email = self._person(first, surname, "full")
        house = str(200 + self.people)
        by = [m[0] for m in self._sitting(area)][:appointers]
        self.run(
            f"committee add {procedure.id} --name '{name}' --email {email} --postcode "
            f"{STREET[area]} --house-number {house}"
            + (f" --appointed-by {','.join(map(str, by))}" if by else ""),
            committee.add_member,
            committee.AddCommitteeMember(procedure.id, name, email, STREET[area], house, by),
        )

    @precondition(lambda self: self.opened > 0)
    @rule(proc=PROC)
    def confirm_committee(self, proc: int) -> None:
        from commands import committee

        procedure = self._pick(proc)
        if procedure is None:
            return
        self.run(
            f"committee confirm {procedure.id}",
            committee.confirm,
            committee.ConfirmCommittee(procedure.id),
        )

    @precondition(lambda self: self.opened > 0)
    @rule(
        proc=PROC,
        who=st.sampled_from(
            (
                "resident",
                "resident",
                "politically_active",
                "municipal_employee",
                "lives_elsewhere",
                "unknown_postcode",
                "committee_member_other_email",
                "committee_member_initial",
                "sitting_member_other_email",
                "sitting_member_initial",
            )
        ),
        first=st.sampled_from(FIRST),
        surname=st.sampled_from(SURNAMES),
    )
    def resident_applies(self, proc: int, who: str, first: str, surname: str) -> None:
        from commands import candidates

        procedure = self._pick(proc)
        if procedure is None:
            return
        area = procedure.area.slug
        name, email = self._person(first, surname, "full")
        postcode, house = STREET[area], str(400 + self.people)
        double = self._double(procedure.id, area, who)
        if double is not None:
            name, postcode, house = double
        elif who == "lives_elsewhere":
            postcode = ELSEWHERE if area != "lith" else STREET["ruwaard"]
        elif who == "unknown_postcode":
            postcode = UNKNOWN
        flags = {
            "politically_active": who == "politically_active",
            "municipal_employee": who == "municipal_employee",
        }
        extra = "".join(f" --{k.replace('_', '-')}" for k, v in flags.items() if v)
        self.run(
            f"candidates add {procedure.id} --name '{name}' --email {email} --postcode "
            f"{postcode} --house-number {house}{extra}",
            candidates.add,
            candidates.AddCandidate(procedure.id, name, email, postcode, house, **flags),
        )

    def _double(self, procedure_id: int, area: str, who: str) -> tuple[str, str, str] | None:
        """A committee member or a sitting member under another email, with their full name or
        an initial, at their own address: (name, postcode, house number)."""
        from models import CommitteeMember, NominationCommittee

        if who.startswith("committee_member"):
            with _session() as session:
                member = session.scalar(
                    select(CommitteeMember)
                    .join(NominationCommittee)
                    .where(NominationCommittee.procedure_id == procedure_id)
                    .order_by(CommitteeMember.id)
                    .limit(1)
                )
                if member is None:
                    return None
                person = member.person
                found = (person.name, person.postcode or "", person.house_number or "")
        elif who.startswith("sitting_member"):
            from tasks.queries.members import sitting

            with _session() as session:
                seats = sitting(session, area, self.moment.date())
                if not seats:
                    return None
                person = seats[0].person
                found = (person.name, person.postcode or "", person.house_number or "")
        else:
            return None
        name, postcode, house = found
        if who.endswith("initial"):
            first, _, rest = name.partition(" ")
            name = f"{first[0]}. {rest}"
        return name, postcode, house

    @precondition(lambda self: self.opened > 0)
    @rule(proc=PROC, early=st.booleans())
    def screen(self, proc: int, early: bool) -> None:
        from commands import screening

        procedure = self._pick(proc)
        if procedure is None:
            return
        self.run(
            f"screen {procedure.id}" + (" --close-early" if early else ""),
            screening.screen,
            screening.Screen(procedure.id, close_early=early),
        )

    @precondition(lambda self: self.opened > 0)
    @rule(
        proc=PROC,
        which=st.integers(0, 9),
        eligible=st.booleans(),
    )
    def resolve_check(self, proc: int, which: int, eligible: bool) -> None:
        from commands import screening

        procedure = self._pick(proc)
        checks = (
            [c for c, s in self._candidates(procedure.id) if s == "needs_check"]
            if procedure
            else []
        )
        if not checks:
            return
        candidate = checks[which % len(checks)]
        verdict = "--eligible" if eligible else "--ineligible"
        self.run(
            f"screen resolve {procedure.id} {candidate} {verdict} --reason 'Gecontroleerd'",
            screening.resolve,
            screening.ResolveCheck(procedure.id, candidate, eligible, "Gecontroleerd"),
        )

    @precondition(lambda self: self.opened > 0)
    @rule(
        proc=PROC,
        which=st.integers(0, 9),
        finding=st.sampled_from(
            ("politics", "municipal_employment", "residence", "committee_conflict")
        ),
        passed=st.booleans(),
    )
    def overturn_finding(self, proc: int, which: int, finding: str, passed: bool) -> None:
        from commands import screening

        procedure = self._pick(proc)
        listed = self._candidates(procedure.id) if procedure else []
        if not listed:
            return
        candidate = listed[which % len(listed)][0]
        verdict = "--pass" if passed else "--fail"
        self.run(
            f"screen overturn {procedure.id} {candidate} --rule {finding} {verdict} "
            "--reason 'Herzien' --by Commissie",
            screening.overturn,
            screening.OverturnFinding(
                procedure.id, candidate, finding, passed, "Herzien", "Commissie"
            ),
        )

    @precondition(lambda self: self.opened > 0)
    @rule(proc=PROC, which=st.integers(0, 9))
    def interview(self, proc: int, which: int) -> None:
        from commands import nomination

        procedure = self._pick(proc)
        listed = self._candidates(procedure.id) if procedure else []
        if not listed:
            return
        candidate = listed[which % len(listed)][0]
        self.run(
            f"interview {procedure.id} {candidate} --score gebied=4 --score tijd=3",
            nomination.interview,
            nomination.RecordInterview(procedure.id, candidate, scores=["gebied=4", "tijd=3"]),
        )

    @precondition(lambda self: self.opened > 0)
    @rule(proc=PROC, how_many=st.integers(1, 3))
    def nominate(self, proc: int, how_many: int) -> None:
        from commands import nomination

        procedure = self._pick(proc)
        listed = self._candidates(procedure.id) if procedure else []
        chosen = [c for c, s in listed if s == "interviewed"][:how_many] or [c for c, _ in listed][
            :1
        ]
        if not chosen:
            return
        self.run(
            f"nominate {procedure.id} {' '.join(map(str, chosen))}",
            nomination.nominate,
            nomination.Nominate(procedure.id, chosen),
        )

    @precondition(lambda self: self.opened > 0)
    @rule(
        proc=PROC,
        how_many=st.integers(1, 3),
        dated=st.sampled_from(("today", "yesterday", "before_nomination", "tomorrow")),
    )
    def decide(self, proc: int, how_many: int, dated: str) -> None:
        from commands import decision

        procedure = self._pick(proc)
        listed = self._candidates(procedure.id) if procedure else []
        chosen = [c for c, s in listed if s == "nominated"][:how_many] or [c for c, _ in listed][:1]
        if not chosen:
            return
        today = self.moment.date()
        nominated = self._nominated_on(procedure.id) or today
        day = {
            "today": today,
            "yesterday": today - timedelta(days=1),
            "before_nomination": nominated - timedelta(days=3),
            "tomorrow": today + timedelta(days=1),
        }[dated]
        self.numbers += 1
        number = f"{day.year}/{self.numbers:04d}"
        self.run(
            f"decide {procedure.id} {' '.join(map(str, chosen))} --number {number} --date {day}",
            decision.decide,
            decision.Decide(procedure.id, chosen, number, day),
        )

    @precondition(lambda self: self.opened > 0)
    @rule(proc=PROC, tasks=st.integers(1, 10), together=st.booleans())
    def onboarding_done(self, proc: int, tasks: int, together: bool = False) -> None:
        from commands import onboarding
        from models import OnboardingTask

        procedure = self._pick(proc)
        if procedure is None:
            return
        with _session() as session:
            open_tasks = list(
                session.scalars(
                    select(OnboardingTask.id)
                    .where(
                        OnboardingTask.procedure_id == procedure.id,
                        OnboardingTask.done_at.is_(None),
                    )
                    .order_by(OnboardingTask.id)
                )
            )
        if together and open_tasks:  # several ticked at once: one command, one transaction
            first, *more = open_tasks[:tasks]
            self.run(f"onboarding done {' '.join(map(str, open_tasks[:tasks]))}", onboarding.done,
                     onboarding.CompleteTask(first, more=tuple(more)))  # fmt: skip
            return
        for task in open_tasks[:tasks]:
            self.run(f"onboarding done {task}", onboarding.done, onboarding.CompleteTask(task))

    @precondition(lambda self: self.opened > 0)
    @rule(proc=PROC, which=st.integers(0, 5))
    def committee_resend(self, proc: int, which: int) -> None:
        from commands import committee
        from models import CommitteeMember, NominationCommittee

        procedure = self._pick(proc)
        if procedure is None:
            return
        with _session() as session:
            members = list(
                session.scalars(
                    select(CommitteeMember.id)
                    .join(NominationCommittee)
                    .where(NominationCommittee.procedure_id == procedure.id)
                    .order_by(CommitteeMember.id)
                )
            )
        if not members:
            return
        member = members[which % len(members)]
        self.run(f"committee resend {procedure.id} {member}", committee.send_link,
                 committee.SendLink(procedure.id, member))  # fmt: skip

    @precondition(lambda self: self.opened > 0)
    @rule(
        proc=PROC,
        action=st.sampled_from(("suspend", "resume", "cancel")),
    )
    def pause(self, proc: int, action: str) -> None:
        from commands import pausing

        procedure = self._pick(proc)
        if procedure is None:
            return
        if action == "suspend":
            self.run(f"suspend {procedure.id} --reason 'Verbouwing'", pausing.suspend,
                     pausing.Suspend(procedure.id, "Verbouwing"))  # fmt: skip
        elif action == "resume":
            self.run(f"resume {procedure.id}", pausing.resume, pausing.Resume(procedure.id))
        else:
            self.run(f"cancel {procedure.id} --reason 'Afgeblazen'", pausing.cancel,
                     pausing.Cancel(procedure.id, "Afgeblazen"))  # fmt: skip

    @precondition(lambda self: self.opened > 0)
    @rule(proc=PROC, weeks=st.integers(1, 6))
    def extend_recruitment(self, proc: int, weeks: int) -> None:
        from commands import recruitment

        procedure = self._pick(proc)
        if procedure is None or procedure.application_deadline is None:
            return
        until = max(procedure.application_deadline, self.moment.date()) + timedelta(weeks=weeks)
        self.run(
            f"recruitment extend {procedure.id} --until {until} --reason 'Te weinig'",
            recruitment.extend,
            recruitment.ExtendRecruitment(procedure.id, until, "Te weinig"),
        )

    @precondition(lambda self: self.opened > 0)
    @rule(proc=PROC, steps=st.integers(1, 8))
    def proceed(self, proc: int, steps: int) -> None:
        """The natural next steps of a procedure, as people would take them: so that histories
        get as far as appointments, while the other rules push them off the path."""
        for _ in range(steps):
            self._next_step(proc)

    @precondition(lambda self: self.opened > 0)
    @rule(proc=PROC, steps=st.integers(1, 8))
    def carry_on(self, proc: int, steps: int) -> None:
        """The same as `proceed` (two rules: the path is taken twice as often)."""
        self.proceed(proc, steps)

    def _next_step(self, proc: int) -> None:
        procedure = self._pick(proc)
        if procedure is None or not procedure.is_open:
            return
        stage = procedure.stage.value
        listed = self._candidates(procedure.id)
        statuses = [status for _, status in listed]
        if stage == "suspended":
            self.pause(proc, "resume")
        elif stage == "committee_forming":
            members = self._committee_size(procedure.id)
            if members < 2:
                self.committee_member(proc, FIRST[members + 4], SURNAMES[members + 3], 2)
            else:
                self.confirm_committee(proc)
        elif stage == "recruiting":
            if len(listed) <= procedure.seats:
                self.resident_applies(proc, "resident", FIRST[len(listed) % 8], "Bewoner")
            else:
                deadline = procedure.application_deadline or self.moment.date()
                self.days_pass(max((deadline - self.moment.date()).days + 1, 1), True)
        elif stage == "screening":
            if "needs_check" in statuses:
                self.resolve_check(proc, 0, True)
            else:
                self.screen(proc, False)
        elif stage == "nominating":
            if "eligible" in statuses:
                self.interview(proc, statuses.index("eligible"))
            else:
                self.nominate(proc, procedure.seats)
        elif stage == "awaiting_decision":
            self.decide(proc, procedure.seats, "today")
        elif stage == "onboarding":
            self.onboarding_done(proc, 10)

    def _nominated_on(self, procedure_id: int) -> date | None:
        from models import Nomination

        with _session() as session:
            submitted = session.scalar(
                select(Nomination.submitted_at).where(Nomination.procedure_id == procedure_id)
            )
        return submitted.date() if submitted else None

    def _committee_size(self, procedure_id: int) -> int:
        from models import CommitteeMember, NominationCommittee

        with _session() as session:
            return len(
                session.scalars(
                    select(CommitteeMember.id)
                    .join(NominationCommittee)
                    .where(NominationCommittee.procedure_id == procedure_id)
                ).all()
            )

    # -- meetings and advice ---------------------------------------------------------------

    def _ids(self, model) -> list[int]:  # type: ignore[no-untyped-def]
        with _session() as session:
            return list(session.scalars(select(model.id).order_by(model.id)))

    @rule(area=st.sampled_from(AREAS), days=st.integers(-10, 20), public=st.booleans())
    def plan_meeting(self, area: str, days: int, public: bool) -> None:
        from commands import meetings

        day = self.moment.date() + timedelta(days=days)
        self.run(
            f"meetings add --area {area} --date {day}" + ("" if public else " --closed"),
            meetings.add,
            meetings.AddMeeting(area, day, public=public),
        )

    @rule(which=st.integers(0, 9), days=st.integers(-3, 10))
    def move_meeting(self, which: int, days: int) -> None:
        from commands import meetings
        from models import Meeting

        found = self._ids(Meeting)
        if not found:
            return
        meeting, day = found[which % len(found)], self.moment.date() + timedelta(days=days)
        self.run(
            f"meetings move {meeting} --date {day}",
            meetings.move,
            meetings.MoveMeeting(meeting, day),
        )

    @rule(which=st.integers(0, 9), sent=st.sampled_from(("today", "before_meeting", "tomorrow")))
    def decide_advice(self, which: int, sent: str) -> None:
        from commands import meetings
        from models import Meeting

        found = self._ids(Meeting)
        if not found:
            return
        meeting = found[which % len(found)]
        with _session() as session:
            held_on = session.get_one(Meeting, meeting).held_on
        day = {
            "today": self.moment.date(),
            "before_meeting": held_on - timedelta(days=1),
            "tomorrow": self.moment.date() + timedelta(days=1),
        }[sent]
        self.run(
            f"decisions add --meeting {meeting} --kind advies --summary 'Advies over de speeltuin' "
            f"--sent-on {day}",
            meetings.add_decision,
            meetings.AddDecision(meeting, "advies", "Advies over de speeltuin", sent_on=day),
        )

    @rule(which=st.integers(0, 9), dated=st.sampled_from(("today", "before_sent", "tomorrow")))
    def answer_advice(self, which: int, dated: str) -> None:
        from commands import advice
        from models import Advice

        found = self._ids(Advice)
        if not found:
            return
        advice_id = found[which % len(found)]
        with _session() as session:
            sent_on = session.get_one(Advice, advice_id).sent_on
        day = {
            "today": self.moment.date(),
            "before_sent": sent_on - timedelta(days=1),
            "tomorrow": self.moment.date() + timedelta(days=1),
        }[dated]
        self.run(
            f"advice answer {advice_id} --date {day} --outcome overgenomen --text 'Dank'",
            advice.answer,
            advice.AnswerAdvice(advice_id, day, "overgenomen", text="Dank"),
        )

    # -- accounts and logins ---------------------------------------------------------------

    @rule(who=st.sampled_from(ACCOUNTS))
    def account_added(self, who: str) -> None:
        from commands import users

        data = users.AddUser(email=who, name=who.split("@")[0], role="coordinator",
                             password=PASSWORD)  # fmt: skip
        if self.run(f"users add {who} --role coordinator", users.add_user, data) is not None:
            self.accounts[who] = False

    @rule(
        who=st.sampled_from(ACCOUNTS),
        right=st.booleans(),
        address=st.sampled_from(("10.0.0.1", "10.0.0.2")),
    )
    def log_in(self, who: str, right: bool, address: str) -> None:
        """The web page's login; accepted only with the right password for an enabled account
        (a throttled or refused one is an outcome like any other)."""
        from commands import logins

        password = PASSWORD if right else "een verkeerd wachtwoord"
        data = logins.LogIn(email=who, password=password, client_address=address)
        accepted = self.run(f"(inloggen als {who} vanaf {address})", logins.log_in, data)
        if accepted is not None:
            assert right and self.accounts.get(who) is False, f"{who} kwam binnen zonder recht"
            self.logged_in += 1

    @rule(who=st.sampled_from(ACCOUNTS))
    def account_disabled(self, who: str) -> None:
        from commands import users

        if self.run(f"users disable {who}", users.disable_user, users.DisableUser(email=who)):
            self.accounts[who] = True

    # -- mail and time ---------------------------------------------------------------------

    @rule(
        failing=st.sampled_from(("none", "none", "temporary", "dropped")), count=st.integers(1, 5)
    )
    def deliver_mail(self, failing: str, count: int) -> None:
        from commands import mail

        if failing == "temporary":
            self.smtp.handler.answer_temporarily(count)
        elif failing == "dropped":
            self.smtp.handler.drop_connection(count)
        note(f"    (de mailserver: {failing} voor {count} bericht(en))")
        self.run("mail send", mail.send)
        self.smtp.handler.answer_temporarily(0)
        self.smtp.handler.drop_connection(0)

    @rule()
    def daily_monitor(self) -> None:
        from commands import monitor

        self.run("tick", monitor.run_monitor)

    @rule(days=st.integers(1, 20), then_monitor=st.booleans())
    def days_pass(self, days: int, then_monitor: bool) -> None:
        self.moment += timedelta(days=days)
        self._set_clock()
        note(f"# {days} dag(en) later")
        if then_monitor:
            self.daily_monitor()

    @rule(months=st.integers(1, 9))
    def months_pass(self, months: int) -> None:
        self.moment += timedelta(days=30 * months)
        self._set_clock()
        note(f"# {months} maand(en) later")
        self.daily_monitor()

    def teardown(self) -> None:
        """How far the history got: counted for the summary the test prints (pytest -s)."""
        from models import Procedure

        with _session() as session:
            for procedure in session.scalars(select(Procedure)):
                REACHED[procedure.stage.value] += 1
        REACHED["commands done"] += self.counted["done"]
        REACHED["commands refused"] += self.counted["refused"]

    # -- the invariants ----------------------------------------------------------------------

    @invariant()
    def one_seat_per_person_and_no_council_over_its_seats(self) -> None:
        check_seats(self.moment.date())

    @invariant()
    def every_appointment_lawful(self) -> None:
        check_appointments(self.moment.date())

    @invariant()
    def every_stage_change_a_transition_with_an_actor(self) -> None:
        check_transitions()

    @invariant()
    def one_meeting_a_day_and_every_advice_lawful(self) -> None:
        check_meetings_and_advice(self.moment.date())

    @invariant()
    def every_open_procedure_is_watched(self) -> None:
        check_watched(self.moment.date())

    @invariant()
    def a_session_only_from_an_accepted_login_and_none_live_for_a_disabled_account(
        self,
    ) -> None:
        check_sessions(self.logged_in)

    @invariant()
    def every_outcome_letter_true_and_no_message_twice(self) -> None:
        check_letters()
        received = self.smtp.handler.per_message_id()
        twice = [m for m, n in received.items() if n > 1]
        assert not twice, f"bericht(en) twee keer afgeleverd: {twice}"
        check_letters_true(set(received))


# -- the checks, from the database alone ------------------------------------------------------


def check_sessions(accepted: int) -> None:
    """Every session comes from a login the machine saw accepted; an account that is disabled
    has no session that is still live."""
    from models import Account, WebSession

    with _session() as session:
        sessions = session.execute(
            select(WebSession.id, WebSession.ended_at, Account.email, Account.disabled).join(
                Account, WebSession.account_id == Account.id
            )
        ).all()
    assert len(sessions) == accepted, f"{len(sessions)} sessie(s), {accepted} keer ingelogd"
    live = [email for _id, ended, email, disabled in sessions if disabled and ended is None]
    assert not live, f"uitgeschakeld maar nog ingelogd: {live}"


def check_seats(today: date) -> None:
    from models import Membership

    with _session() as session:
        seats = session.scalars(select(Membership)).all()
        by_council: dict[int, list[Membership]] = defaultdict(list)
        for seat in seats:
            by_council[seat.council_id].append(seat)
        for council_id, held in by_council.items():
            per_person: dict[int, list[tuple[date, date]]] = defaultdict(list)
            for seat in held:
                per_person[seat.person_id].append((seat.start_date, _last_day(seat)))
            for person_id, spans in per_person.items():
                spans.sort()
                for (_, end), (start, _) in itertools.pairwise(spans):
                    assert start > end, (
                        f"persoon {person_id} heeft twee zetels tegelijk in raad {council_id}: "
                        f"{spans}"
                    )
            max_seats = held[0].council.area.max_seats
            for day in {s.start_date for s in held} | {today}:
                sitting = [s for s in held if s.start_date <= day <= _last_day(s)]
                assert len(sitting) <= max_seats, (
                    f"raad {council_id} heeft op {day} {len(sitting)} leden en {max_seats} zetels"
                )


def _last_day(seat) -> date:  # type: ignore[no-untyped-def]
    return seat.end_date if seat.left_on is None else seat.left_on - timedelta(days=1)


def check_appointments(today: date) -> None:
    from models import BoardDecision, Candidate, Membership, Nomination, Nominee
    from models.enums import FindingResult
    from tasks.steps.committee import committee_persons

    with _session() as session:
        for seat in session.scalars(
            select(Membership).where(Membership.board_decision_id.is_not(None))
        ):
            decision = session.get_one(BoardDecision, seat.board_decision_id)
            procedure_id = decision.procedure_id
            candidate = session.scalar(
                select(Candidate).where(
                    Candidate.procedure_id == procedure_id, Candidate.person_id == seat.person_id
                )
            )
            assert candidate is not None, f"lid {seat.id} was geen kandidaat in {procedure_id}"
            nomination = session.scalar(
                select(Nomination).where(Nomination.procedure_id == procedure_id)
            )
            assert nomination is not None, f"procedure {procedure_id} benoemde zonder voordracht"
            nominated = session.scalar(
                select(Nominee.id).where(
                    Nominee.nomination_id == nomination.id, Nominee.candidate_id == candidate.id
                )
            )
            assert nominated is not None, f"kandidaat {candidate.id} benoemd zonder voordracht"
            assert candidate.findings, f"kandidaat {candidate.id} benoemd zonder toetsing"
            failing = [f.rule.value for f in candidate.findings if f.result != FindingResult.PASS]
            assert not failing, f"kandidaat {candidate.id} benoemd met bevindingen {failing}"
            committee = committee_persons(session, procedure_id)
            assert not any(candidate.person.same_person_as(p) for p in committee), (
                f"kandidaat {candidate.id} zit in de voordrachtcommissie van {procedure_id}"
            )
            nominated_on = nomination.submitted_at.date()
            recorded_on = decision.recorded_at.date()
            assert nominated_on <= decision.decided_on <= min(recorded_on, today), (
                f"besluit {decision.number} van {decision.decided_on}: voordracht "
                f"{nominated_on}, vastgelegd {recorded_on}"
            )


def check_transitions() -> None:
    from models import AuditEvent, Procedure
    from models.enums import Stage
    from models.stages import TRANSITIONS

    with _session() as session:
        for procedure in session.scalars(select(Procedure)):
            events = session.scalars(
                select(AuditEvent)
                .where(AuditEvent.procedure_id == procedure.id, AuditEvent.to_stage.is_not(None))
                .order_by(AuditEvent.id)
            ).all()
            stage, before_suspension = Stage.COMMITTEE_FORMING, None
            for number, event in enumerate(events):
                assert event.actor and event.actor.strip(), f"overgang {event.id} zonder actor"
                if event.action == OPENED:  # the procedure's first stage, when it was opened
                    assert number == 0 and event.to_stage == Stage.COMMITTEE_FORMING
                    continue
                transition = TRANSITIONS.get(event.action)
                assert transition is not None, f"onbekende overgang {event.action}"
                assert event.from_stage == stage, (
                    f"procedure {procedure.id}: {event.action} van {event.from_stage}, "
                    f"maar stond in {stage}"
                )
                assert stage in transition.sources, f"{event.action} mag niet vanuit {stage}"
                target = transition.target or before_suspension
                assert event.to_stage == target, f"{event.action} naar {event.to_stage}"
                before_suspension = stage if event.action == "suspend" else before_suspension
                stage = event.to_stage
            assert procedure.stage == stage, (
                f"procedure {procedure.id} staat in {procedure.stage}, het audit trail zegt {stage}"
            )


def check_watched(today: date) -> None:
    from models import Procedure
    from tasks.queries import stalled

    with _session() as session:
        states = stalled.stalled_states(session, today=today)
        for procedure in session.scalars(select(Procedure).where(Procedure.is_open_clause())):
            state = states[procedure.id]
            watched = (
                procedure.pending_step is not None
                or state.level != stalled.Level.ON_TRACK
                or state.reason is not None
                or (state.deadline is not None and state.deadline >= today)
            )
            assert watched, (
                f"procedure {procedure.id} ({procedure.stage.value}) heeft geen termijn voor "
                "zich, geen vervolgstap en geen reden van vertraging"
            )


def check_letters() -> None:
    from models import Candidate, OutboxMessage, Procedure
    from models.enums import MessageStatus, Stage

    withdrawn = {s for s in MessageStatus if s.value == "withdrawn"}
    with _session() as session:
        for procedure in session.scalars(
            select(Procedure).where(Procedure.stage.in_((Stage.COMPLETED, Stage.CANCELLED)))
        ):
            letters = session.scalars(
                select(OutboxMessage).where(OutboxMessage.procedure_id == procedure.id)
            ).all()
            corrected = {
                m.idempotency_key.rsplit(":", 1)[-1]
                for m in letters
                if m.template == CORRECTION and m.status not in withdrawn
            }
            for candidate in session.scalars(
                select(Candidate).where(Candidate.procedure_id == procedure.id)
            ):
                told = [
                    m.template
                    for m in letters
                    if m.template in OUTCOME
                    and m.recipient_person_id == candidate.person_id
                    and m.status not in withdrawn
                    and str(m.id) not in corrected
                ]
                assert len(told) == 1, (
                    f"kandidaat {candidate.id} ({candidate.status.value}) van procedure "
                    f"{procedure.id} kreeg {len(told)} uitslagbrieven: {told}"
                )
                assert OUTCOME[told[0]] == candidate.status.value, (
                    f"kandidaat {candidate.id} is {candidate.status.value} maar kreeg {told[0]}"
                )


def check_meetings_and_advice(today: date) -> None:
    """No council meets twice on one day; every advice comes from an advice decision taken in
    a public meeting that had taken place, was sent between that meeting and the day it was
    recorded, and an answer lies between the sending and the day the answer was recorded."""
    from models import Advice, AuditEvent, Meeting
    from models.enums import DecisionKind

    with _session() as session:
        days = Counter(
            (m.council_id, m.held_on) for m in session.scalars(select(Meeting)) if m.council_id
        )
        twice = [key for key, n in days.items() if n > 1]
        assert not twice, f"twee vergaderingen van één raad op één dag: {twice}"
        for advice in session.scalars(select(Advice)):
            decision, meeting = advice.decision, advice.decision.meeting
            where = f"advies {advice.id} (besluit {decision.id}, vergadering {meeting.id})"
            assert decision.kind == DecisionKind.ADVIES, f"{where}: geen adviesbesluit"
            assert meeting.public, f"{where}: besloten in een besloten vergadering"
            sent = session.scalar(
                select(AuditEvent.at).where(
                    AuditEvent.action == "advice_sent",
                    AuditEvent.subject_type == "advice",
                    AuditEvent.subject_id == advice.id,
                )
            )
            assert sent is not None, f"{where}: verzending niet in het audit trail"
            assert meeting.held_on <= sent.date(), f"{where}: besloten na de vastlegging"
            assert meeting.held_on <= advice.sent_on <= min(sent.date(), today), (
                f"{where}: verzonden op {advice.sent_on}, vergadering {meeting.held_on}, "
                f"vastgelegd {sent.date()}"
            )
            if advice.answered_on is not None:
                assert advice.answer_recorded_at is not None
                assert advice.sent_on <= advice.answered_on <= advice.answer_recorded_at.date(), (
                    f"{where}: beantwoord op {advice.answered_on}, verzonden {advice.sent_on}"
                )


def check_letters_true(received: set[str]) -> None:
    """No message contradicts the state at its queue time: a letter that tells a candidate
    their status (its row keeps which) told the status the audit trail gives them at the moment
    it was queued, and, if it went out, still at the moment it was delivered (else it should
    have been withdrawn). A withdrawn message never reached the mail server."""
    from models import AuditEvent, Candidate, OutboxMessage
    from models.enums import MessageStatus

    with _session() as session:
        changes: dict[int, list[tuple[datetime, int, str]]] = defaultdict(list)
        for event in session.scalars(
            select(AuditEvent).where(
                AuditEvent.subject_type == "candidate", AuditEvent.to_status.is_not(None)
            )
        ):
            assert event.subject_id is not None and event.to_status is not None
            changes[event.subject_id].append((event.at, event.id, event.to_status.value))

        def status_at(candidate_id: int, moment: datetime) -> str:
            before = sorted(c for c in changes[candidate_id] if c[0] <= moment)
            return before[-1][2] if before else "applied"

        for message in session.scalars(
            select(OutboxMessage).where(OutboxMessage.asserted_status.is_not(None))
        ):
            assert message.candidate_id is not None and message.asserted_status is not None
            candidate = session.get_one(Candidate, message.candidate_id)
            told = message.asserted_status.value
            where = f"bericht {message.id} ({message.template}) aan kandidaat {candidate.id}"
            assert message.recipient_person_id == candidate.person_id, f"{where}: andere persoon"
            then = status_at(candidate.id, message.created_at)
            assert then == told, f"{where} zegt '{told}', maar bij het klaarzetten was het '{then}'"
            if message.status == MessageStatus.DELIVERED:
                assert message.sent_at is not None
                sent = status_at(candidate.id, message.sent_at)
                true = sent == told or (told == "eligible" and sent in STILL_QUALIFIED)
                assert true, f"{where} zegt '{told}', maar bij aflevering was het '{sent}'"
        withdrawn = session.scalars(
            select(OutboxMessage).where(OutboxMessage.status == MessageStatus.WITHDRAWN)
        ).all()
        for message in withdrawn:
            assert message.sent_at is None and message.message_id not in received, (
                f"ingetrokken bericht {message.id} ({message.template}) is toch afgeleverd"
            )


# -- the database ---------------------------------------------------------------------------


def _session():  # type: ignore[no-untyped-def]
    from tasks.adapters.db import session_scope

    return session_scope()


def _reset_database() -> None:
    """An empty database with the seed, as the `db` fixture makes one, for every example."""
    import models
    from tasks.adapters import db as database
    from tasks.steps import seed
    from tests.conftest import SEEDED

    with database.engine().begin() as connection:
        for table in reversed(models.Base.metadata.sorted_tables):
            if table.name not in SEEDED:
                connection.execute(table.delete())
        connection.execute(text("UPDATE areas SET max_seats = 7, min_seats = 3"))
    with database.session_scope() as session:
        seed.seed(session)


@pytest.fixture
def machine_world(db: None, smtp_server: SmtpServer) -> Iterator[SmtpServer]:
    saved = os.environ.get("WIJKRAAD_NOW")
    with direct_flows():
        yield smtp_server
    if saved is not None:
        os.environ["WIJKRAAD_NOW"] = saved


def test_invariants_hold_over_generated_histories(machine_world: SmtpServer) -> None:
    Cycle.smtp = machine_world
    fixed = os.environ.get("WIJKRAAD_INVARIANT_RANDOM", "") == ""  # CI: the same examples
    run_state_machine_as_test(
        Cycle,
        settings=settings(
            max_examples=examples(),
            stateful_step_count=int(os.environ.get("WIJKRAAD_INVARIANT_STEPS", "40")),
            deadline=None,
            database=None,
            derandomize=fixed,
            suppress_health_check=list(HealthCheck),
            print_blob=True,
        ),
    )
    print("\nwhere the histories ended:", dict(sorted(REACHED.items())))
