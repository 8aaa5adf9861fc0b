"""The rules of the mission, as functions of the domain. Each refusal is a Dutch DomainError;
each screening rule gives a verdict (pass, fail, needs a human check) with a Dutch reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol, TypeVar

from models import labels
from models.area import Area, Council, Term
from models.candidacy import Candidate
from models.enums import CandidateStatus, FindingResult, Role, Rule
from models.errors import DomainError, InvalidInput
from models.people import Membership, Person, comparable_name, same_home
from models.postcodes import area_of


@dataclass(frozen=True)
class Verdict:
    rule: Rule
    result: FindingResult
    reason: str


# -- screening rules: a verdict per candidate ------------------------------------------------


def residence(person: Person, area: Area, table: Mapping[str, int]) -> Verdict:
    """Members and candidates live in their area; an unknown postcode needs a human check."""
    if not person.postcode:
        return Verdict(Rule.RESIDENCE, FindingResult.NEEDS_CHECK, "Geen postcode opgegeven.")
    found = area_of(person.postcode, table)
    if found is None:
        return Verdict(
            Rule.RESIDENCE,
            FindingResult.NEEDS_CHECK,
            f"Postcode {person.postcode} staat niet in de postcodetabel; controleer het adres.",
        )
    if found != area.id:
        return Verdict(
            Rule.RESIDENCE,
            FindingResult.FAIL,
            f"Woont niet in het gebied {area.name} (postcode {person.postcode}).",
        )
    return Verdict(Rule.RESIDENCE, FindingResult.PASS, f"Woont in het gebied {area.name}.")


def politics(candidate: Candidate) -> Verdict:
    if candidate.politically_active:
        return Verdict(
            Rule.POLITICS,
            FindingResult.FAIL,
            "Is actief betrokken bij de lokale politiek; leden van een wijk- of dorpsraad "
            "mogen dat niet zijn.",
        )
    return Verdict(Rule.POLITICS, FindingResult.PASS, "Niet actief in de lokale politiek.")


def municipal_employment(candidate: Candidate) -> Verdict:
    if candidate.municipal_employee:
        return Verdict(
            Rule.MUNICIPAL_EMPLOYMENT,
            FindingResult.FAIL,
            "Werkt bij de gemeente Oss; leden van een wijk- of dorpsraad mogen dat niet.",
        )
    return Verdict(Rule.MUNICIPAL_EMPLOYMENT, FindingResult.PASS, "Werkt niet bij de gemeente Oss.")


def committee_conflict(person: Person, committee: Sequence[Person]) -> Verdict:
    if any(person.same_person_as(member) for member in committee):
        return Verdict(
            Rule.COMMITTEE_CONFLICT,
            FindingResult.FAIL,
            "Zit in de voordrachtcommissie van deze procedure en kan dus geen kandidaat zijn.",
        )
    if any(maybe_same_person(person, member) for member in committee):
        return Verdict(
            Rule.COMMITTEE_CONFLICT,
            FindingResult.NEEDS_CHECK,
            "Woont op hetzelfde adres als een lid van de voordrachtcommissie met dezelfde "
            "achternaam; controleer of het dezelfde persoon is.",
        )
    return Verdict(
        Rule.COMMITTEE_CONFLICT, FindingResult.PASS, "Zit niet in de voordrachtcommissie."
    )


def surname(name: str) -> str:
    """The last word of a name as the rules compare it ("J. de Vries" and "Jan de Vries": vries)."""
    words = comparable_name(name).replace(".", " ").split()
    return words[-1] if words else ""


def maybe_same_person(person: Person, other: Person) -> bool:
    """The same address and the same surname under another name or email ("J. de Vries" and
    "Jan de Vries"): perhaps the same person, which a person has to check, never a silent pass."""
    return (
        same_home(person, other)
        and bool(surname(person.name))
        and (surname(person.name) == surname(other.name))
    )


def overall(verdicts: Sequence[Verdict]) -> CandidateStatus:
    results = {v.result for v in verdicts}
    if FindingResult.FAIL in results:
        return CandidateStatus.INELIGIBLE
    if FindingResult.NEEDS_CHECK in results:
        return CandidateStatus.NEEDS_CHECK
    return CandidateStatus.ELIGIBLE


# -- refusals: raised before anything is written ---------------------------------------------


def ensure_not_on_committee(person: Person, committee: Sequence[Person]) -> None:
    """A candidate may not sit on the committee of the same procedure."""
    if any(person.same_person_as(member) for member in committee):
        raise DomainError(
            "Deze persoon zit in de voordrachtcommissie van deze procedure en kan zich niet "
            "kandidaat stellen."
        )


def ensure_not_a_candidate(person: Person, candidates: Sequence[Person]) -> None:
    """A committee member may not be a candidate in the same procedure."""
    if any(person.same_person_as(candidate) for candidate in candidates):
        raise DomainError(
            "Deze persoon is kandidaat in deze procedure en kan geen lid zijn van de "
            "voordrachtcommissie."
        )


def ensure_not_a_member(person: Person, members: Sequence[Person], area: Area) -> None:
    """The committee is independent: a sitting member of the council cannot sit on it."""
    if any(person.same_person_as(member) for member in members):
        raise DomainError(
            f"Deze persoon is lid van de {area.council_name} en kan daarom niet in de "
            "onafhankelijke voordrachtcommissie zitten.",
            field="name",
        )


def ensure_not_sitting(person: Person, members: Sequence[Person], area: Area) -> None:
    """A person holds at most one seat per council: in a vacancy procedure a sitting member of
    that council cannot apply (in a renewal they may: their seat ends with the term)."""
    if any(person.same_person_as(member) for member in members):
        raise DomainError(
            f"Deze persoon is al lid van de {area.council_name}; een zittend lid kan zich niet "
            "kandidaat stellen voor een vrije zetel in dezelfde raad.",
            field="name",
        )


def ensure_one_seat(
    person_id: int, memberships: Sequence[Membership], start: date, end: date, area: Area
) -> None:
    """A person holds at most one seat per council on any date: a new seat from `start` to
    `end` may not overlap a seat the person has on that council."""
    for seat in memberships:
        if seat.person_id != person_id:
            continue
        last = seat.end_date if seat.left_on is None else seat.left_on - timedelta(days=1)
        if seat.start_date <= end and start <= last:
            raise DomainError(
                f"Deze persoon heeft al een zetel in de {area.council_name} (lid {seat.id}, "
                f"{seat.start_date} t/m {last}); een persoon heeft één zetel per raad.",
                hint="list:members",
            )


def ensure_decided_after_nomination(day: date, nominated_on: date, today: date) -> None:
    """A B&W decision lies between the nomination and today (both included)."""
    if day > today:
        raise InvalidInput(f"{day} ligt in de toekomst.", field="decided_on")
    if day < nominated_on:
        raise InvalidInput(
            f"{day} ligt vóór de voordracht van {nominated_on}; B&W besluiten op de voordracht, "
            "dus erna.",
            field="decided_on",
        )


def ensure_term_not_ended(term: Term, today: date) -> None:
    """A sitting member is added to a council that still sits: a seat in a term that has ended
    would be recorded and vanish from every list at once."""
    if term.end_date < today:
        raise InvalidInput(
            f"die datum valt in de zittingsperiode {term.start_date} t/m {term.end_date}, die "
            "al is afgelopen; leg een lid vast vanaf een datum in de huidige periode.",
            field="since",
        )


def ensure_one_meeting_a_day(council_name: str, day: date, taken: Sequence[date]) -> None:
    """A council meets at most once on a date: a second meeting that day would count twice."""
    if day in taken:
        raise DomainError(
            f"{council_name} heeft op {day} al een vergadering; leg geen tweede vast op die dag.",
            field="date",
            hint="list:meetings",
        )


def independence(
    committee: Sequence[Person], candidates: Sequence[Person], members: Sequence[Person]
) -> str:
    """The advice letter's statement about the committee's independence (Dutch), computed
    from who sits on it rather than assumed."""
    applied = [p.name for p in committee if any(p.same_person_as(c) for c in candidates)]
    seated = [p.name for p in committee if any(p.same_person_as(m) for m in members)]
    if not applied and not seated:
        return "Geen van hen is zelf kandidaat of lid van de raad."
    parts = []
    if applied:
        parts.append(f"{', '.join(applied)} {'is' if len(applied) == 1 else 'zijn'} ook kandidaat")
    if seated:
        parts.append(f"{', '.join(seated)} {'is' if len(seated) == 1 else 'zijn'} lid van de raad")
    return "Let op: " + " en ".join(parts) + "; de commissie is daarom niet onafhankelijk."


def ensure_application_open(procedure_id: int, deadline: date | None, day: date) -> None:
    """An application counts up to and including the deadline's day; after it, only an
    extension of the deadline (audited, with a reason) reopens the window."""
    if deadline is not None and day > deadline:
        raise DomainError(
            f"De aanmeldtermijn van procedure {procedure_id} liep tot en met "
            f"{deadline.isoformat()}; een aanmelding van {day.isoformat()} komt te laat. "
            "Verleng zo nodig de termijn.",
            hint="recruitment:extend",
        )


def ensure_applicants(procedure_id: int, candidates: int) -> None:
    """Screening needs someone to screen: with no applications the procedure is stalled
    ("geen aanmeldingen") until the deadline is extended or it gives way to an experiment."""
    if candidates == 0:
        raise DomainError(
            f"Procedure {procedure_id} heeft geen aanmeldingen; er is niemand te toetsen. "
            "Verleng de aanmeldtermijn, of annuleer de procedure en stel met het college een "
            "experiment voor.",
            hint="recruitment:extend",
            code="no_applicants",
        )


def ensure_scored(scores: Mapping[str, int]) -> None:
    """An interview is recorded with its scores: without any, nothing can be added up for the
    nomination or the advice to B&W."""
    if not scores:
        raise InvalidInput(
            "geef ten minste één score op: een competentie uit het profiel met een waarde van 1 "
            "tot en met 5 (bijvoorbeeld gebied=4).",
            field="score",
        )


# Roles of which a council has at most one at a time; any number of members are "lid".
SINGLE_ROLES = (Role.VOORZITTER, Role.SECRETARIS, Role.PENNINGMEESTER)


class Seat(Protocol):
    """What `staying_on` reads of a seat: a Membership, or a row with these columns."""

    @property
    def end_date(self) -> date: ...

    @property
    def left_on(self) -> date | None: ...


S = TypeVar("S", bound=Seat)


def staying_on(memberships: Sequence[S], term_end: date, day: date) -> list[S]:
    """A seat of the ending term continues while the council's renewal is open, until the new
    members are seated: on a day after the term's end, the seats that ran to its last day (not
    left earlier) still sit. The caller knows the renewal is open."""
    if day <= term_end:
        return []
    return [m for m in memberships if m.end_date == term_end and m.left_on is None]


def ensure_role_free(membership: Membership, role: Role, sitting: Sequence[Membership]) -> None:
    """At most one voorzitter, one secretaris and one penningmeester per council."""
    if role not in SINGLE_ROLES:
        return
    holder = next((m for m in sitting if m.role == role and m.id != membership.id), None)
    if holder is not None:
        raise DomainError(
            f"{membership.council.area.council_name} heeft al een {role.value}: lid "
            f"{holder.id} ({holder.person.name}). Geef dat lid eerst een andere functie "
            "(bijvoorbeeld lid).",
            field="role",
            hint="list:members",
        )


def ensure_appointers(appointers: Sequence[Membership], sitting: Sequence[Membership]) -> bool:
    """The committee is appointed by sitting members of the council; when none sit, by the
    coördinator. Returns True when the coördinator appoints.
    """
    if not sitting:
        if appointers:
            raise DomainError(
                "Er zitten geen leden in deze raad; de wijkcoördinator benoemt de "
                "commissie. Laat 'benoemd door' leeg.",
                field="appointed_by",
            )
        return True
    if not appointers:
        raise DomainError(
            "De voordrachtcommissie wordt benoemd door de zittende leden van de raad: geef aan "
            "welke leden dit lid benoemden.",
            field="appointed_by",
            hint="list:members",
        )
    sitting_ids = {m.id for m in sitting}
    strangers = [m.id for m in appointers if m.id not in sitting_ids]
    if strangers:
        listed = ", ".join(str(i) for i in strangers)
        raise DomainError(
            f"Lid {listed} is geen zittend lid van deze raad en kan de commissie niet benoemen."
        )
    return False


def ensure_seat_free(
    council: Council, day: date, extra: int = 1, until: date | None = None
) -> None:
    """A council never has more members than its seats: on `day`, and on every day to `until`
    when the new seats run on (a decision dated before a member joined)."""
    free = council.free_seats(day, until)
    if extra > free:
        raise DomainError(
            f"{council.area.council_name} heeft {council.area.max_seats} zetels en nog "
            f"{max(free, 0)} vrij; er kunnen geen {extra} leden bij."
        )


def ensure_resident(verdict: Verdict, *, confirmed_by: str | None = None) -> None:
    """A member must live in the area; an unknown postcode needs a person's confirmation."""
    if verdict.result == FindingResult.FAIL:
        raise DomainError(verdict.reason + " Een lid moet in het gebied wonen.")
    if verdict.result == FindingResult.NEEDS_CHECK and not confirmed_by:
        raise DomainError(
            verdict.reason + " Voeg de postcode toe aan de postcodetabel of bevestig het adres "
            "na controle.",
            hint="residence:unknown_postcode",
        )


def ensure_nomination(candidates: Sequence[Candidate], seats: int) -> None:
    """Nominees are at most the free seats, distinct, eligible and interviewed."""
    if not candidates:
        raise DomainError("Een voordracht bevat ten minste één kandidaat.")
    if len({c.id for c in candidates}) != len(candidates):
        raise DomainError("Een kandidaat staat meer dan eens op de voordracht.")
    if len(candidates) > seats:
        raise DomainError(
            f"Er zijn {seats} vrije zetels; de voordracht mag niet meer dan {seats} "
            f"kandidaten bevatten (nu {len(candidates)})."
        )
    for candidate in candidates:
        if candidate.status != CandidateStatus.INTERVIEWED:
            raise DomainError(
                f"Kandidaat {candidate.id} kan niet worden voorgedragen: alleen verkiesbare "
                f"kandidaten met wie een gesprek is gevoerd (status nu: "
                f"{labels.status(candidate.status)})."
            )


def ensure_appointment(appointees: Sequence[Candidate], nominee_ids: set[int]) -> None:
    """B&W appoint only nominees, each once."""
    if not appointees:
        raise DomainError("Geef ten minste één benoemde kandidaat op.")
    if len({c.id for c in appointees}) != len(appointees):
        raise DomainError("Een kandidaat staat meer dan eens in het besluit.")
    outsiders = [c.id for c in appointees if c.id not in nominee_ids]
    if outsiders:
        listed = ", ".join(str(i) for i in outsiders)
        raise DomainError(
            f"Kandidaat {listed} staat niet op de voordracht en kan niet worden benoemd."
        )


def appointment_end(term: Term) -> date:
    """An appointment always ends with the term, also when it starts mid-term."""
    return term.end_date
