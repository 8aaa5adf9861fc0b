"""Opening procedures, moving them through their stages with targets and deadlines, and the
coördinator's suspend, resume and cancel.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent, Council, Procedure
from models.deadlines import deadline
from models.enums import Actor, FollowUp, ProcedureKind, Stage
from models.errors import AlreadyDone, DomainError, InvalidInput
from models.stages import Event
from models.terms import TermDates, is_election_year, term_on
from tasks.adapters.clock import now, today
from tasks.adapters.settings import Settings, get_settings
from tasks.queries import lookup


def schedule_stage(procedure: Procedure, settings: Settings) -> None:
    """Set the target (servicenorm) and hard deadline of the stage just entered."""
    days = settings.stage_days.get(procedure.stage.value)
    if days is None:
        return
    start = procedure.stage_entered_at.date()
    working = settings.deadlines_on_working_days
    procedure.stage_target = deadline(start, days[0], working_days_only=working)
    procedure.stage_deadline = deadline(start, days[1], working_days_only=working)


def advance(
    procedure: Procedure, event: Event, *, actor: str = Actor.SYSTEM, reason: str | None = None
) -> AuditEvent:
    """Apply a forward transition and schedule the new stage."""
    audit = procedure.apply(event, actor=actor, now=now(), reason=reason)
    schedule_stage(procedure, get_settings())
    return audit


def open_procedure(council: Council) -> Procedure | None:
    """The open procedure of a council, if there is one (the one definition of "open")."""
    from sqlalchemy.orm import object_session

    session = object_session(council)
    assert session is not None
    return session.scalar(
        select(Procedure).where(Procedure.council_id == council.id, Procedure.is_open_clause())
    )


def renewal_term(election_year: int | None) -> TermDates:
    """The term a renewal is for: the next one by default; the current one when it is asked
    for (a late renewal: the sitting members stay on until the new ones are seated); never a
    term that has ended."""
    next_term = term_on(today()).next()
    if election_year is None:
        return next_term
    if not is_election_year(election_year):
        raise InvalidInput(
            f"{election_year} is geen jaar van gemeenteraadsverkiezingen "
            f"(bijvoorbeeld {next_term.election_year}).",
            field="term",
        )
    if election_year > next_term.election_year:
        raise InvalidInput(
            f"{election_year} ligt te ver vooruit; een vernieuwing is voor de volgende "
            f"zittingsperiode ({next_term.election_year}).",
            field="term",
        )
    dates = TermDates.of(election_year)
    if dates.end < today():
        raise InvalidInput(
            f"de zittingsperiode {election_year} is al voorbij; een vernieuwing is voor de "
            f"lopende of de komende periode (bijvoorbeeld {next_term.election_year}).",
            field="term",
        )
    return dates


def refuse_late_renewal_of_a_seated_council(council: Council) -> None:
    """A renewal of a term that has begun (late) renews a council whose members are still
    those of the ending term. When the council of the new term already has members (it was
    renewed, or members were added to it), its free seats are a vacancy, not a renewal."""
    if council.term.start_date > today():
        return
    seated = council.sitting_on(today())
    if seated:
        raise DomainError(
            f"De zittingsperiode {council.term.election_year} is al begonnen en de "
            f"{council.area.council_name} heeft voor deze periode al {len(seated)} "
            f"{'lid' if len(seated) == 1 else 'leden'}; een vernieuwing is niet meer nodig. "
            "Vul de vrije zetels met een tussentijdse procedure.",
            field="term",
            hint="procedure:vacancy",
        )


def renewal_council(session: Session, area_slug: str, election_year: int | None) -> Council:
    area = lookup.area(session, area_slug)
    return lookup.council(session, area, lookup.term(session, renewal_term(election_year)))


def refuse_second(council: Council) -> None:
    existing = open_procedure(council)
    if existing is not None:
        raise AlreadyDone(  # another door (or a second click) opened it: 409 on the page
            f"{council.area.council_name} heeft al een open procedure ({existing.id}, fase "
            f"{existing.stage.value}) voor de zittingsperiode {council.term.election_year}; "
            "rond die eerst af of annuleer hem.",
            hint="procedure:cancel",
        )


def open_new(
    council: Council, kind: ProcedureKind, seats: int, *, actor: str = Actor.SYSTEM
) -> Procedure:
    """A new procedure in its first stage, audited; asking for a committee follows."""
    moment = now()
    procedure = Procedure(
        area=council.area,
        council=council,
        term=council.term,
        kind=kind,
        stage=Stage.COMMITTEE_FORMING,
        seats=seats,
        opened_at=moment,
        stage_entered_at=moment,
        suspended_days=0,
    )
    schedule_stage(procedure, get_settings())
    procedure.await_followup(FollowUp.REQUEST_COMMITTEE, moment)
    procedure.audit_events.append(
        AuditEvent(
            at=moment,
            actor=actor,
            action="open",
            to_stage=Stage.COMMITTEE_FORMING,
            reason=f"{kind.value} voor {seats} zetels",
        )
    )
    return procedure


def vacancy_council(session: Session, area_slug: str) -> tuple[Council, int]:
    """The current council of the area and its free seats; refused when none are free."""
    area = lookup.area(session, area_slug)
    council = lookup.council(session, area, lookup.term_covering(session, today()))
    free = council.free_seats(today())
    if free <= 0:
        raise DomainError(
            f"{area.council_name} heeft geen vrije zetels ({area.max_seats} van "
            f"{area.max_seats} bezet); een tussentijdse procedure is niet nodig."
        )
    return council, free
