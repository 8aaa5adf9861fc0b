"""Personal data over its life, on the real database: what is due when, what a purge erases and
what it keeps, a person's export, erasure on request and its refusal, and public lists that
name no private person (and carry no spreadsheet formula)."""

from __future__ import annotations

import csv
import getpass
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

import models
from commands import privacy
from models.enums import CandidateStatus, FindingResult, ProcedureKind, Rule, Stage
from tasks.adapters.db import session_scope
from tasks.adapters.settings import get_settings
from tasks.mail.outbox import COORDINATOR, enqueue
from tasks.queries import lookup
from tasks.queries import privacy as queries
from tasks.steps import privacy as steps

pytestmark = pytest.mark.usefixtures("db")

CLOSED = datetime(2027, 1, 15, 9, 0)
HALF_YEAR_LATER = datetime(2027, 7, 15, 9, 0)

PEOPLE = {
    "appointed": ("Anna Aangesteld", "anna.aangesteld@example.nl", "5343AB"),
    "passed_over": ("Noor Nietgekozen", "noor.nietgekozen@example.nl", "5343AC"),
    "committee": ("Kees Commissaris", "kees.commissaris@example.nl", "5343AD"),
    "former": ("Lotte Vertrokken", "lotte.vertrokken@example.nl", "5343AE"),
}


@dataclass
class World:
    procedure: int
    persons: dict[str, int]
    candidates: dict[str, int]
    memberships: dict[str, int]


def build_world() -> World:
    """A vacancy procedure of Ruwaard completed on CLOSED: one candidate appointed, one passed
    over (with findings, an interview, a human check whose reason names her), a committee
    member; and a member of the same council who left on 2027-03-01."""
    with session_scope() as session:
        area = lookup.area(session, "ruwaard")
        term = lookup.term_covering(session, date(2027, 1, 1))
        council = lookup.council(session, area, term)
        people = {
            key: models.Person(
                name=name, email=email, postcode=code, house_number="7", created_at=CLOSED
            )
            for key, (name, email, code) in PEOPLE.items()
        }
        session.add_all(people.values())
        procedure = models.Procedure(
            area=area,
            council=council,
            term=term,
            kind=ProcedureKind.VACANCY,
            stage=Stage.COMPLETED,
            seats=1,
            opened_at=datetime(2026, 10, 1, 9),
            closed_at=CLOSED,
            stage_entered_at=CLOSED,
            suspended_days=0,
            advice_text="Wij dragen Anna Aangesteld voor; Noor Nietgekozen niet.",
        )
        session.add(procedure)
        session.flush()
        committee = models.NominationCommittee(procedure_id=procedure.id, confirmed_at=CLOSED)
        session.add(committee)
        session.flush()
        session.add(
            models.CommitteeMember(committee=committee, person=people["committee"], added_at=CLOSED)
        )
        candidates = {}
        for key, status in (
            ("appointed", CandidateStatus.APPOINTED),
            ("passed_over", CandidateStatus.NOT_NOMINATED),
        ):
            candidate = models.Candidate(
                procedure_id=procedure.id,
                person=people[key],
                applied_at=datetime(2026, 10, 20, 12),
                motivation=f"Ik ben {PEOPLE[key][0]} en ik woon op {PEOPLE[key][2]}.",
                politically_active=False,
                municipal_employee=key == "passed_over",
                status=status,
            )
            session.add(candidate)
            session.flush()
            candidates[key] = candidate.id
            session.add(
                models.Finding(
                    candidate=candidate,
                    rule=Rule.RESIDENCE,
                    result=FindingResult.PASS,
                    reason=f"Woont in het gebied Ruwaard (postcode {PEOPLE[key][2]}).",
                    decided_at=datetime(2026, 12, 1, 9),
                )
            )
            session.add(
                models.Interview(
                    candidate=candidate,
                    held_on=date(2026, 12, 10),
                    note=f"Gesprek met {PEOPLE[key][0]}: goed.",
                    scores={"gebied": 4},
                )
            )
        nomination = models.Nomination(
            procedure_id=procedure.id, submitted_at=CLOSED, motivation="Anna Aangesteld past."
        )
        session.add(nomination)
        decision = models.BoardDecision(
            procedure_id=procedure.id,
            number="2027/0001",
            decided_on=date(2027, 1, 10),
            start_date=date(2027, 1, 10),
            end_date=term.end_date,
            recorded_at=CLOSED,
        )
        session.add(decision)
        session.flush()
        appointed = models.Membership(
            council=council,
            person=people["appointed"],
            start_date=date(2027, 1, 10),
            end_date=term.end_date,
            board_decision_id=decision.id,
        )
        former = models.Membership(
            council=council,
            person=people["former"],
            start_date=date(2026, 4, 1),
            end_date=term.end_date,
            left_on=date(2027, 3, 1),
            leave_reason="Verhuisd; Lotte Vertrokken woont nu in Uden.",
        )
        session.add_all([appointed, former])
        session.add(
            models.AuditEvent(
                procedure_id=procedure.id,
                at=datetime(2026, 12, 2, 9),
                actor="coordinator",
                action="screening_resolved",
                reason="Gebeld met Noor Nietgekozen (noor.nietgekozen@example.nl) over 5343 AC.",
                subject_type="candidate",
                subject_id=candidates["passed_over"],
            )
        )
        session.flush()
        return World(
            procedure.id,
            {k: p.id for k, p in people.items()},
            candidates,
            {"appointed": appointed.id, "former": former.id},
        )


def plan_at(moment: datetime) -> queries.PurgePlan:
    with session_scope() as session:
        return queries.due(session, moment, queries.retention(get_settings()))


def person(pk: int) -> tuple[str, str, str | None, str | None, datetime | None]:
    with session_scope() as session:
        p = session.get_one(models.Person, pk)
        return p.name, p.email, p.postcode, p.house_number, p.erased_at


def set_now(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    monkeypatch.setenv("WIJKRAAD_NOW", moment.isoformat())


# -- what is due when --------------------------------------------------------------------------


def test_nothing_is_due_before_the_periods_end() -> None:
    world = build_world()
    before = plan_at(datetime(2027, 7, 15, 8, 59))
    assert before.candidates == () and before.persons == () and before.procedures == ()
    due = plan_at(HALF_YEAR_LATER)
    assert set(due.candidates) == set(world.candidates.values())
    assert due.procedures == (world.procedure,)
    # the appointed one still sits, the former member left less than two years ago
    assert set(due.persons) == {world.persons["passed_over"], world.persons["committee"]}


def test_a_member_goes_two_years_after_leaving_a_sitting_one_stays() -> None:
    world = build_world()
    assert world.persons["former"] not in plan_at(datetime(2029, 2, 28, 23)).persons
    later = plan_at(datetime(2029, 3, 1, 7))
    assert world.persons["former"] in later.persons
    assert world.persons["appointed"] not in later.persons
    # the appointed member's seat ends with the term (2030-04-02): two years on, she is due
    assert world.persons["appointed"] in plan_at(datetime(2032, 4, 3, 7)).persons


def test_a_person_in_an_open_procedure_is_never_due() -> None:
    world = build_world()
    with session_scope() as session:
        area = lookup.area(session, "ruwaard")
        council = lookup.council(session, area, lookup.term_covering(session, date(2027, 1, 1)))
        running = models.Procedure(
            area=area,
            council=council,
            term=council.term,
            kind=ProcedureKind.VACANCY,
            stage=Stage.RECRUITING,
            seats=1,
            opened_at=CLOSED,
            stage_entered_at=CLOSED,
            suspended_days=0,
        )
        session.add(running)
        session.flush()
        session.add(
            models.Candidate(
                procedure_id=running.id,
                person_id=world.persons["passed_over"],
                applied_at=CLOSED,
                status=CandidateStatus.APPLIED,
            )
        )
    assert world.persons["passed_over"] not in plan_at(datetime(2040, 1, 1)).persons


# -- what a purge does -------------------------------------------------------------------------


def test_a_purge_erases_the_person_and_keeps_the_facts(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    world = build_world()
    set_now(monkeypatch, HALF_YEAR_LATER)
    result = privacy.purge(privacy.PurgeInput())
    assert (result.candidates, result.procedures, result.persons) == (2, 1, 2)
    assert result.texts == 1  # the audit reason that named her; other texts were erased whole

    passed = world.persons["passed_over"]
    assert person(passed) == (
        f"inwoner {passed}",
        f"verwijderd-{passed}@invalid",
        None,
        None,
        HALF_YEAR_LATER,
    )
    assert person(world.persons["appointed"])[0] == "Anna Aangesteld"  # still sitting
    with session_scope() as session:
        for key, status in (
            ("appointed", CandidateStatus.APPOINTED),
            ("passed_over", CandidateStatus.NOT_NOMINATED),
        ):
            c = session.get_one(models.Candidate, world.candidates[key])
            assert c.status == status and c.erased_at == HALF_YEAR_LATER
            assert c.motivation is None and not c.municipal_employee
            assert [(f.rule, f.result, f.reason) for f in c.findings] == [
                (Rule.RESIDENCE, FindingResult.PASS, "[gewist]")
            ]
            assert [(i.held_on, i.note, i.scores) for i in c.interviews] == [
                (date(2026, 12, 10), None, {})
            ]
        procedure = session.get_one(models.Procedure, world.procedure)
        assert procedure.advice_text is None and procedure.closed_at == CLOSED
        assert procedure.nomination is not None and procedure.nomination.motivation is None
        resolved = session.scalar(
            select(models.AuditEvent.reason).where(models.AuditEvent.action == "screening_resolved")
        )
        assert resolved == "Gebeld met [gewist] ([gewist]) over [gewist]."
        events = list(
            session.scalars(
                select(models.AuditEvent).where(models.AuditEvent.action == steps.PURGED)
            )
        )
    assert sorted(e.subject_type or "" for e in events) == [
        "candidate",
        "candidate",
        "person",
        "person",
        "procedure",
    ]
    assert {e.actor for e in events} == {"coordinator"}  # the command's default actor
    trail = " ".join(e.reason or "" for e in events).lower()
    for name, email, code in PEOPLE.values():
        assert name.lower() not in trail and email not in trail and code.lower() not in trail
    # a second purge finds nothing left to do
    again = privacy.purge(privacy.PurgeInput())
    assert (again.candidates, again.procedures, again.persons, again.texts) == (0, 0, 0, 0)


def test_a_dry_run_changes_nothing(monkeypatch, table_counts) -> None:  # type: ignore[no-untyped-def]
    world = build_world()
    set_now(monkeypatch, HALF_YEAR_LATER)
    before = table_counts()
    shown = privacy.purge(privacy.PurgeInput(dry_run=True))
    assert shown.dry_run and (shown.candidates, shown.persons) == (2, 2)
    assert table_counts() == before
    assert person(world.persons["passed_over"])[0] == "Noor Nietgekozen"


def test_mail_goes_after_its_period_or_with_the_person(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tasks.mail.delivery import deliver_due

    world = build_world()
    set_now(monkeypatch, CLOSED)
    with session_scope() as session:
        to_her = enqueue(
            session,
            template="niet_voorgedragen",
            subject=f"procedure:{world.procedure}",
            occasion="outcome",
            person_id=world.persons["passed_over"],
            procedure_id=world.procedure,
            context={
                "procedure_id": world.procedure,
                "candidate_id": world.candidates["passed_over"],
            },
        )
        session.flush()
        her_mail = to_her.id
    deliver_due()
    set_now(monkeypatch, datetime(2027, 6, 1, 9))
    with session_scope() as session:
        recent = enqueue(
            session,
            template="toetsing_controle",
            subject=f"procedure:{world.procedure}",
            occasion="later",
            role=COORDINATOR,
            procedure_id=world.procedure,
            context={"procedure_id": world.procedure},
        )
        session.flush()
        recent_mail = recent.id
    deliver_due()
    mail_dir = get_settings().mail_dir
    mine = {her_mail, recent_mail}
    files = {p for p in mail_dir.glob("*.eml") if int(p.name[:8]) in mine}
    assert len(files) == 2
    assert any("noor.nietgekozen@example.nl" in p.read_text() for p in files)

    # 3 months after it was sent, her mail goes; the coordinator's recent one stays
    set_now(monkeypatch, datetime(2027, 4, 16, 9))
    result = privacy.purge(privacy.PurgeInput())
    assert result.persons == 0 and result.mail_files >= 1
    left = {int(p.name[:8]) for p in mail_dir.glob("*.eml")} & mine
    assert left == {recent_mail}

    # with her purge, every file that names her goes, however recent (the coordinator's
    # check lists the candidates by name)
    set_now(monkeypatch, HALF_YEAR_LATER)
    privacy.purge(privacy.PurgeInput())
    kept = list(mail_dir.glob("*.eml"))
    assert kept, "no mail file left to look in"
    for path in kept:
        assert "Nietgekozen" not in steps_readable(path)


def test_erasing_mail_reads_its_attachments_in_one_statement(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A purge that erases many mails reads their attachments together, not one by one."""
    from tasks.mail.delivery import deliver_due
    from tests.statements import counted

    world = build_world()
    set_now(monkeypatch, CLOSED)
    with session_scope() as session:
        for n in range(4):
            enqueue(
                session,
                template="toetsing_controle",
                subject=f"procedure:{world.procedure}:{n}",
                occasion=f"check-{n}",
                role=COORDINATOR,
                procedure_id=world.procedure,
                context={"procedure_id": world.procedure},
            )
    deliver_due()
    set_now(monkeypatch, HALF_YEAR_LATER)
    with counted() as statements:
        result = privacy.purge(privacy.PurgeInput())
    assert result.mail_files >= 4
    with session_scope() as session:
        erased = session.scalar(
            select(func.count()).where(models.OutboxMessage.bodies_erased_at.is_not(None))
        )
    assert erased >= 4
    lazy = re.compile(r"(\?|%\(\w+\)s) = outbox_attachments\.message_id")  # SQLite, psycopg
    one_by_one = [s for s in statements if lazy.search(s)]
    together = [s for s in statements if "outbox_attachments.message_id IN" in s]
    assert not one_by_one and together, statements


def steps_readable(path: Path) -> str:
    from tasks.queries.privacy import _readable

    return _readable(path)


def test_a_private_applicants_name_goes_after_seven_years(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    meeting = cli("meetings", "add", "--area", "ruwaard", "--date", "2026-11-20", "--json").json()
    private = cli(
        "decisions", "add", "--meeting", str(meeting["id"]), "--kind", "subsidie",
        "--summary", "Bijdrage aan Jan Jansen voor het straatfeest", "--amount", "250",
        "--applicant", "Jan Jansen", "--json",
    ).json()  # fmt: skip
    club = cli(
        "decisions", "add", "--meeting", str(meeting["id"]), "--kind", "subsidie",
        "--summary", "Bijdrage aan de jeu-de-boulesclub", "--amount", "500",
        "--applicant", "Jeu de Boules Ruwaard", "--organisation", "--json",
    ).json()  # fmt: skip
    assert plan_at(datetime(2033, 11, 19, 9)).decisions == ()
    assert plan_at(datetime(2033, 11, 20, 9)).decisions == (private["id"],)
    set_now(monkeypatch, datetime(2033, 11, 20, 9))
    assert privacy.purge(privacy.PurgeInput()).decisions == 1
    with session_scope() as session:
        kept = session.get_one(models.CouncilDecision, club["id"])
        gone = session.get_one(models.CouncilDecision, private["id"])
        assert (kept.applicant, kept.organisation) == ("Jeu de Boules Ruwaard", True)
        assert gone.applicant == "een inwoner"
        assert gone.summary == "Bijdrage aan een inwoner voor het straatfeest"
        assert gone.amount_cents == 25000


# -- a person's own data -----------------------------------------------------------------------


def test_export_holds_everything_about_a_person(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    world = build_world()
    shown = cli("privacy", "export", "NOOR.nietgekozen@example.nl")
    assert shown.exit_code == 0, shown.stderr
    data = shown.json()
    assert data["person"]["name"] == "Noor Nietgekozen"
    assert data["person"]["postcode"] == "5343AC"
    [application] = data["applications"]
    assert application["id"] == world.candidates["passed_over"]
    assert application["motivation"].startswith("Ik ben Noor")
    assert application["municipal_employee"] is True
    assert application["findings"][0]["rule"] == "residence"
    assert application["interviews"][0]["note"] == "Gesprek met Noor Nietgekozen: goed."
    assert data["audit_events"][0]["action"] == "screening_resolved"
    assert data["memberships"] == [] and data["committees"] == [] and data["mails"] == []

    member = cli("privacy", "export", "anna.aangesteld@example.nl").json()
    assert member["memberships"][0]["board_decision"] == {
        "number": "2027/0001",
        "decided_on": "2027-01-10",
    }
    committee = cli("privacy", "export", "kees.commissaris@example.nl").json()
    assert committee["committees"][0]["procedure"] == world.procedure

    target = tmp_path / "inzage.json"
    written = cli("privacy", "export", "noor.nietgekozen@example.nl", "--output", str(target))
    assert written.exit_code == 0 and str(target) in written.stdout
    assert json.loads(target.read_text(encoding="utf-8"))["person"]["email"] == (
        "noor.nietgekozen@example.nl"
    )
    again = cli("privacy", "export", "noor.nietgekozen@example.nl", "--output", str(target))
    assert again.exit_code == 1 and "bestaat al" in again.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["person"]["name"] == "Noor Nietgekozen"
    unknown = cli("privacy", "export", "niemand@example.nl")
    assert unknown.exit_code == 1 and "niets bekend" in unknown.stderr
    with session_scope() as session:
        exports = session.scalar(
            select(func.count()).where(models.AuditEvent.action == "personal_data_exported")
        )
    assert exports == 4  # each export is on the record; the refused ones are not


def test_erasing_a_sitting_member_is_refused_with_the_reason(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    world = build_world()
    before = table_counts()
    refused = cli("privacy", "erase", "anna.aangesteld@example.nl", "--reason", "Verzoek")
    assert refused.exit_code == 1
    assert "is lid van Wijkraad Ruwaard" in refused.stderr and "members leave" in refused.stderr
    assert table_counts() == before
    assert person(world.persons["appointed"])[0] == "Anna Aangesteld"


def test_erasing_a_candidate_of_a_running_procedure_is_refused(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    build_world()
    with session_scope() as session:
        procedure = session.scalar(select(models.Procedure))
        assert procedure is not None
        procedure.stage, procedure.closed_at = Stage.NOMINATING, None
    refused = cli("privacy", "erase", "kees.commissaris@example.nl", "--reason", "Verzoek")
    assert refused.exit_code == 1 and "voordrachtcommissie van procedure" in refused.stderr


def test_erasing_on_request(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    world = build_world()
    set_now(monkeypatch, datetime(2027, 2, 1, 9))
    done = cli(
        "privacy", "erase", "noor.nietgekozen@example.nl",
        "--reason", "Brief van Noor Nietgekozen van 2027-01-30", "--json",
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert done.json()["id"] == world.persons["passed_over"] and done.json()["applications"] == 1
    assert person(world.persons["passed_over"])[4] is not None
    with session_scope() as session:
        event = session.scalar(
            select(models.AuditEvent).where(models.AuditEvent.action == steps.ERASED_ON_REQUEST)
        )
        assert event is not None and event.actor == f"cli:{getpass.getuser()}"
        assert event.reason is not None and "Nietgekozen" not in event.reason
        assert event.reason.startswith("op verzoek: Brief van [gewist]")
        advice = session.get_one(models.Procedure, world.procedure).advice_text
        assert advice == "Wij dragen Anna Aangesteld voor; [gewist] niet."
    gone = cli("privacy", "export", "noor.nietgekozen@example.nl")
    assert gone.exit_code == 1


# -- public lists ------------------------------------------------------------------------------


def _decision(cli, meeting: int, summary: str, *extra: str) -> None:  # type: ignore[no-untyped-def]
    result = cli(
        "decisions", "add", "--meeting", str(meeting), "--kind", "advies",
        "--summary", summary, *extra, "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr


def test_the_public_decisions_name_no_private_person(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    meeting = cli("meetings", "add", "--area", "ruwaard", "--date", "2026-11-20", "--json").json()
    _decision(cli, meeting["id"], "Advies op verzoek van Jan Jansen", "--applicant", "Jan Jansen")
    _decision(
        cli, meeting["id"], "Advies over de speeltuin",
        "--applicant", "Stichting Speeltuin", "--organisation",
    )  # fmt: skip
    no_name = cli(
        "decisions", "add", "--meeting", str(meeting["id"]), "--kind", "advies",
        "--summary", "Iets", "--organisation",
    )  # fmt: skip
    assert no_name.exit_code == 1 and "naam van de organisatie" in no_name.stderr
    listed = cli("decisions", "list", "--json").json()
    assert [d["organisation"] for d in listed] == [False, True]
    out = tmp_path / "site"
    done = cli("decisions", "publish", "--area", "ruwaard", "--year", "2026", "--output", str(out))
    assert done.exit_code == 0, done.stderr
    html = (out / "besluiten-ruwaard-2026.html").read_text(encoding="utf-8")
    text = (out / "besluiten-ruwaard-2026.csv").read_text(encoding="utf-8")
    for published in (html, text):
        assert "Jan Jansen" not in published
        assert "Advies op verzoek van een inwoner" in published
        assert "Stichting Speeltuin" in published
    rows = list(csv.DictReader(text.splitlines()))
    assert [r["aanvrager"] for r in rows] == ["een inwoner", "Stichting Speeltuin"]


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_a_formula_in_the_public_csv_is_neutralised(cli, tmp_path, prefix: str) -> None:  # type: ignore[no-untyped-def]
    meeting = cli("meetings", "add", "--area", "ruwaard", "--date", "2026-11-20", "--json").json()
    summary = f'{prefix}HYPERLINK("http://evil.example";"klik")'
    _decision(cli, meeting["id"], "Advies")
    with session_scope() as session:
        decision = session.scalar(select(models.CouncilDecision))
        assert decision is not None
        decision.summary = summary  # as another door or an old import might have stored it
        decision.applicant, decision.organisation = prefix + "SUM(A1:A9)", True
    out = tmp_path / "site"
    cli("decisions", "publish", "--area", "ruwaard", "--year", "2026", "--output", str(out))
    with (out / "besluiten-ruwaard-2026.csv").open(encoding="utf-8", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["besluit"] == "'" + summary
    assert row["aanvrager"] == "'" + prefix + "SUM(A1:A9)"
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())


def test_the_appointments_of_a_term_are_public(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    build_world()
    out = tmp_path / "site"
    result = cli(
        "decisions", "publish-appointments", "--term", "2026", "--output", str(out), "--json"
    )
    assert result.exit_code == 0, result.stderr
    assert result.json()["appointments"] == 1
    with (out / "benoemingen-2026.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows == [
        {
            "raad": "Wijkraad Ruwaard",
            "naam": "Anna Aangesteld",
            "van": "2027-01-10",
            "tot_en_met": "2030-04-02",
            "besluit": "2027/0001",
            "besluitdatum": "2027-01-10",
        }
    ]
    html = (out / "benoemingen-2026.html").read_text(encoding="utf-8")
    assert "Anna Aangesteld" in html and "10 januari 2027" in html
    assert "Noor Nietgekozen" not in html  # only who was appointed
    wrong = cli("decisions", "publish-appointments", "--term", "2027")
    assert wrong.exit_code == 1 and "--term" in wrong.stderr


def test_the_actor_is_an_account_never_a_residents_address(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from models.errors import InvalidInput

    build_world()
    set_now(monkeypatch, HALF_YEAR_LATER)
    with pytest.raises(InvalidInput, match="geen inwoner"):
        privacy.purge(privacy.PurgeInput(actor="Noor.Nietgekozen@example.nl"))
    assert privacy.purge(privacy.PurgeInput(actor="beheerder@oss.nl")).persons == 2  # staff login
    with session_scope() as session:
        actors = set(session.scalars(select(models.AuditEvent.actor)))
    assert actors == {"coordinator", "beheerder@oss.nl"}
