"""Opening procedures: the renewal of a council for the coming term, and a mid-term procedure
for free seats. The procedure is opened in the command's transaction; asking the sitting members
for a committee follows as a flow."""

from __future__ import annotations

from dataclasses import dataclass

from commands import followup
from commands.conflicts import already_done_on_conflict
from commands.followup import FollowUpResult
from models.areas import AREA_SLUGS
from models.enums import Actor, FollowUp, ProcedureKind
from models.errors import InvalidInput
from tasks.adapters import db
from tasks.adapters.clock import today
from tasks.steps import procedures

RACE = (
    "Er is zojuist al een procedure voor deze raad geopend (door een andere opdracht); er is "
    "niets dubbel gedaan."
)


@dataclass(frozen=True)
class Renew:
    """Open the renewal of one area's council (`area`), or of all 11 (`area` None)."""

    area: str | None
    election_year: int | None = None
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class OpenVacancy:
    area: str
    actor: str = Actor.COORDINATOR


@dataclass(frozen=True)
class Opened:
    area: str
    procedure_id: int
    opened: bool  # False: an open procedure already existed and was kept
    followup: FollowUpResult | None  # None: nothing was pending for a kept procedure


def renew(command: Renew) -> list[Opened]:
    """One area: refused when its council already has an open procedure (unless that one's
    request for a committee is still pending: then it is finished). All areas: an open
    procedure is kept and reported as such. The current term may be renewed late, one area at
    a time, while its council has no members of its own yet (the ending term's sit on)."""
    term = procedures.renewal_term(command.election_year)
    if term.start <= today() and not command.area:
        raise InvalidInput(
            f"de zittingsperiode {term.election_year} is al begonnen; een late vernieuwing "
            "open je per raad.",
            field="area",
        )
    slugs = [command.area] if command.area else list(AREA_SLUGS)
    with already_done_on_conflict(RACE), db.session_scope() as session:
        opened: list[tuple[str, int, bool, bool]] = []
        for slug in slugs:
            council = procedures.renewal_council(session, slug, term.election_year)
            existing = procedures.open_procedure(council)
            if existing is None:
                procedures.refuse_late_renewal_of_a_seated_council(council)
                procedure = procedures.open_new(
                    council, ProcedureKind.RENEWAL, council.area.max_seats, actor=command.actor
                )
                session.add(procedure)
                session.flush()
                opened.append((council.area.slug, procedure.id, True, True))
                continue
            pending = existing.pending_step == FollowUp.REQUEST_COMMITTEE
            if command.area and not pending:
                procedures.refuse_second(council)
            opened.append((council.area.slug, existing.id, False, pending))
    return [_follow(*row) for row in opened]


def open_vacancy(command: OpenVacancy) -> Opened:
    """A mid-term procedure for the free seats of the area's current council."""
    with already_done_on_conflict(RACE), db.session_scope() as session:
        council, free = procedures.vacancy_council(session, command.area)
        existing = procedures.open_procedure(council)
        if existing is not None:
            if existing.pending_step != FollowUp.REQUEST_COMMITTEE:
                procedures.refuse_second(council)
            row = (council.area.slug, existing.id, False, True)
        else:
            procedure = procedures.open_new(
                council, ProcedureKind.VACANCY, free, actor=command.actor
            )
            session.add(procedure)
            session.flush()
            row = (council.area.slug, procedure.id, True, True)
    return _follow(*row)


def _follow(area: str, procedure_id: int, opened: bool, pending: bool) -> Opened:
    result = followup.run(procedure_id, FollowUp.REQUEST_COMMITTEE) if pending else None
    return Opened(area, procedure_id, opened, result)
