"""What opening a procedure would do, for the check page before it is opened: the council, the
kind, the term and its dates, the seats, who gets mail, and what to watch out for (a renewal
long before its term, a procedure of the council already open). Reads only; opening itself is
the command's (commands/opening.py), which checks the rules again."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Council, Procedure
from models.enums import ProcedureKind
from models.errors import DomainError, InvalidInput
from models.terms import term_on
from tasks.queries import lookup

EARLY_DAYS = 365  # a renewal opened more than 12 months before its term begins is early


@dataclass(frozen=True)
class OpeningCheck:
    area: str
    council: str
    kind: str
    term: int
    term_start: date
    term_end: date
    seats: int
    recipients: list[str]  # who is asked to appoint the committee (names), or the coördinator
    warnings: list[str] = field(default_factory=list)
    open_procedures: list[int] = field(default_factory=list)


def check(session: Session, area_slug: str, kind: str, today: date) -> OpeningCheck:
    if not area_slug:
        raise InvalidInput("kies een gebied.", field="area")
    if kind not in (ProcedureKind.RENEWAL.value, ProcedureKind.VACANCY.value):
        raise InvalidInput("kies vernieuwing of tussentijdse procedure.", field="kind")
    area = lookup.area(session, area_slug)
    current_term = term_on(today)
    term = current_term.next() if kind == ProcedureKind.RENEWAL.value else current_term
    current = session.scalar(
        select(Council).where(
            Council.area_id == area.id,
            Council.term.has(election_year=current_term.election_year),
        )
    )
    sitting = sorted(current.sitting_on(today), key=lambda m: m.id) if current else []
    if kind == ProcedureKind.RENEWAL.value:
        seats = area.max_seats
    else:
        seats = area.max_seats - len(sitting)
        if seats <= 0:
            raise DomainError(
                f"{area.council_name} heeft geen vrije zetels ({area.max_seats} van "
                f"{area.max_seats} bezet); een tussentijdse procedure is niet nodig.",
                field="kind",
            )
    warnings = []
    days_before = (term.start - today).days
    if kind == ProcedureKind.RENEWAL.value and days_before > EARLY_DAYS:
        months = days_before // 30
        warnings.append(
            f"De zittingsperiode {term.election_year} begint pas op {term.start:%d-%m-%Y}, over "
            f"ongeveer {months} maanden. Een vernieuwing begint meestal in het laatste jaar; de "
            "zittende leden krijgen nu al het verzoek een commissie te benoemen."
        )
    open_ids = list(
        session.scalars(
            select(Procedure.id)
            .where(Procedure.area_id == area.id, Procedure.is_open_clause())
            .order_by(Procedure.id)
        )
    )
    if open_ids:
        listed = ", ".join(str(i) for i in open_ids)
        warnings.append(
            f"{area.council_name} heeft al een open procedure ({listed}). Er kan er maar één "
            "tegelijk lopen: rond die eerst af of annuleer hem."
        )
    recipients = [f"{m.person.name} ({m.role.value})" for m in sitting] or [
        "de wijkcoördinator (er zitten geen leden)"
    ]
    return OpeningCheck(
        area=area.slug,
        council=area.council_name,
        kind=kind,
        term=term.election_year,
        term_start=term.start,
        term_end=term.end,
        seats=seats,
        recipients=recipients,
        warnings=warnings,
        open_procedures=open_ids,
    )
