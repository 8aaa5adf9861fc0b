"""Example data for `mail preview`: realistic, unsaved entities of every kind a template uses.

Nothing here touches the database. The example names the same entities (`procedure`,
`candidate`, `meeting`, ...) as mail_render gives a real message, so a template that renders
here renders for a real one.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from jinja2 import UndefinedError
from sqlalchemy import select
from sqlalchemy.orm import Session

import models
from models import OutboxMessage
from models.application import CONFIRMATION_VALID
from models.enums import (
    AreaKind,
    CandidateStatus,
    ExperimentStatus,
    FindingResult,
    ProcedureKind,
    Role,
    Rule,
    Stage,
)
from models.errors import DomainError, InvalidInput, NotFound
from models.validation import shown
from tasks.adapters.clock import now
from tasks.adapters.settings import get_settings
from tasks.adapters.templating import TEMPLATES, render
from tasks.mail.render import Recipient, RenderedMail

# The messages the coördinator receives (queued with the coördinator as recipient): they are
# previewed as she gets them, with the program's sign-off instead of her own.
COORDINATOR_TEMPLATES = frozenset(
    {
        "commissie_benoemen_coordinator",
        "digest",
        "experiment_evaluation",
        "herinnering_besluit_bw",
        "lid_verhuisd",
        "procedure_afgerond",
        "toetsing_controle",
        "voordracht_advies",
    }
)


def template_names() -> list[str]:
    """Every message template: the NAME of each mail/NAME.subject.txt."""
    return sorted(
        p.name.removesuffix(".subject.txt") for p in (TEMPLATES / "mail").glob("*.subject.txt")
    )


def example_context(day: date | None = None) -> dict[str, Any]:
    moment = now() if day is None else datetime.combine(day, datetime.min.time())
    today = moment.date()
    area = models.Area(
        id=5, slug="ruwaard", name="Ruwaard", kind=AreaKind.WIJK, max_seats=7, min_seats=3
    )
    term = models.Term(
        id=2, election_year=2026, start_date=date(2026, 4, 1), end_date=date(2030, 4, 2)
    )
    council = models.Council(id=14, area=area, term=term)
    procedure = models.Procedure(
        id=12,
        area=area,
        council=council,
        term=term,
        kind=ProcedureKind.VACANCY,
        stage=Stage.RECRUITING,
        seats=2,
        opened_at=moment - timedelta(days=30),
        stage_entered_at=moment - timedelta(days=20),
        stage_target=today + timedelta(days=10),
        stage_deadline=today + timedelta(days=20),
        application_deadline=today + timedelta(days=7),
        suspended_days=0,
        call_text=(
            "Wijkraad Ruwaard zoekt twee nieuwe leden. Woont u in de Ruwaard, kent u de wijk en\n"
            "gaat u graag met bewoners in gesprek? Meld u aan bij de wijkcoördinator."
        ),
        advice_text=(
            "Het college besluit Fatima el Amrani te benoemen tot lid van Wijkraad Ruwaard\n"
            "voor de zittingsperiode tot en met 2 april 2030."
        ),
    )
    person = models.Person(
        id=31,
        name="Fatima el Amrani",
        email="fatima.elamrani@example.nl",
        postcode="5345AB",
        house_number="12",
        created_at=moment,
    )
    candidate = models.Candidate(
        id=44,
        procedure=procedure,
        person=person,
        applied_at=moment - timedelta(days=3),
        motivation="Ik woon al twintig jaar in de Ruwaard en wil graag meedenken over de buurt.",
        status=CandidateStatus.INELIGIBLE,
    )
    candidate.findings = [
        models.Finding(
            id=90,
            rule=Rule.RESIDENCE,
            result=FindingResult.FAIL,
            reason="De postcode 5345AB hoort niet bij de Ruwaard.",
            decided_at=moment,
        )
    ]
    membership = models.Membership(
        id=77,
        council=council,
        person=person,
        role=Role.LID,
        start_date=today,
        end_date=term.end_date,
    )
    decision = models.BoardDecision(
        id=8,
        procedure_id=procedure.id,
        number="BW-2026-0412",
        decided_on=today - timedelta(days=2),
        start_date=today,
        end_date=term.end_date,
        recorded_at=moment,
    )
    entities = {
        "settings": get_settings(),
        "now": moment,
        "area": area,
        "term": term,
        "council": council,
        "procedure": procedure,
        "procedure_id": procedure.id,
        "person": person,
        "candidate": candidate,
        "candidate_id": candidate.id,
        "membership": membership,
        "membership_id": membership.id,
        "committee_member": models.CommitteeMember(id=5, person=person, added_at=moment),
        "board_decision": decision,
        "onboarding_task": models.OnboardingTask(
            id=3,
            procedure=procedure,
            membership=membership,
            kind="kennismaking",
            title="Kennismakingsgesprek met de voorzitter",
            due_on=today + timedelta(days=3),
        ),
        "meeting": models.Meeting(
            id=9,
            area=area,
            council_id=council.id,
            held_on=today + timedelta(days=6),
            public=True,
            agenda="1. Opening\n2. Subsidieaanvraag speeltuin Kortfoortstraat\n3. Rondvraag",
        ),
        "calendar_event": models.CalendarEvent(
            id=6,
            uid="meeting-9@wijkraden.oss.nl",
            starts_at=datetime.combine(today + timedelta(days=6), datetime.min.time())
            + timedelta(hours=19, minutes=30),
            ends_at=datetime.combine(today + timedelta(days=6), datetime.min.time())
            + timedelta(hours=21, minutes=30),
            sequence=0,
            meeting_id=9,
            created_at=moment,
            updated_at=moment,
        ),
        "experiment": models.Experiment(
            id=2,
            area=area,
            status=ExperimentStatus.RUNNING,
            form="buurtpanel",
            description="Een panel van 40 bewoners, twee keer per jaar",
            proposed_at=moment - timedelta(days=200),
            proposal_reason="Te weinig kandidaten voor een volledige raad.",
            decided_with_college_on=today - timedelta(days=180),
            reason="Na twee wervingsrondes waren er maar twee kandidaten.",
            evaluate_on=today + timedelta(days=14),
        ),
        "application": models.Application(
            id=7,
            procedure_id=procedure.id,
            nonce="voorbeeld",
            name=person.name,
            email=person.email,
            submitted_at=moment,
            expires_at=moment + CONFIRMATION_VALID,
        ),
        "account": models.Account(
            id=4, email="coordinator@oss.nl", name="Wijkcoördinator", created_at=moment
        ),
        "panel": models.Panel(
            id=3,
            experiment_id=2,
            size=12,
            registration_until=today + timedelta(days=21),
            quotas=[{"feature": "leeftijd", "value": "16-34", "min": 3, "max": 5}],
        ),
        "pool_member": models.PoolMember(
            id=11,
            panel_id=3,
            pseudonym="V00011",
            name=person.name,
            email=person.email,
            postcode=person.postcode,
            house_number=person.house_number,
            birth_year=1980,
            features={"leeftijd": "35-64"},
            source="web",
            nonce="voorbeeld",
            submitted_at=moment,
            drawn_in=1,
            reply_until=today + timedelta(days=14),
        ),
        "reply_url": f"{get_settings().web_base_url}/loting/antwoord/voorbeeld",
        "failures": 20,
        "stage": Stage.RECRUITING.value,
        "rejected_on": (today - timedelta(days=5)).isoformat(),
        "recipient": Recipient(person.name, person.email),
        "confirmation_url": f"{get_settings().web_base_url}/aanmelden/bevestigen/voorbeeld",
        "committee_url": f"{get_settings().web_base_url}/commissie/voorbeeld",
    }
    ids = {f"{k}_id": getattr(v, "id", None) for k, v in entities.items() if hasattr(v, "id")}
    return ids | entities


def recorded_values(session: Session, name: str) -> dict[str, Any]:
    """The small values (not ids) of the latest real message of this template, such as the
    digest's snapshot: a template that needs them previews with real ones."""
    context = session.scalar(
        select(OutboxMessage.context)
        .where(OutboxMessage.template == name)
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    )
    return {k: v for k, v in (context or {}).items() if not k.endswith("_id")}


def preview(name: str, extra: dict[str, Any] | None = None) -> RenderedMail:
    """Render template NAME with the example data (and `extra` values over it)."""
    names = template_names()
    if name not in names:
        raise NotFound(f"sjabloon: '{name}' bestaat niet (kies uit {', '.join(names)}).")
    context = example_context()
    if name in COORDINATOR_TEMPLATES:
        context |= {
            "recipient": Recipient("wijkcoördinator", get_settings().coordinator_email),
            "to_coordinator": True,
        }
    context |= dict(extra or {})
    try:
        subject = " ".join(render(f"mail/{name}.subject.txt", **context).split())
        text = render(f"mail/{name}.txt", **context)
        html = render(f"mail/{name}.html", **context)
    except UndefinedError as exc:
        raise DomainError(
            f"sjabloon '{name}' heeft gegevens nodig die het voorbeeld niet heeft ({exc.message}); "
            "bekijk een echt bericht.",
            hint="mail:show",
        ) from None
    return RenderedMail(to=context["recipient"], subject=subject, text=text, html=html)


def write(mail: RenderedMail, path: Path, part: str, *, force: bool = False) -> None:
    """One part of the mail to `path`. An existing file is kept unless `force`: a mistyped name
    must not overwrite the database or anything else."""
    if path.is_dir():
        raise InvalidInput(f"'{shown(path)}' is een map; geef een bestandsnaam.", field="output")
    try:
        with path.open("w" if force else "x", encoding="utf-8") as handle:
            handle.write(mail.html if part == "html" else mail.text)
    except FileExistsError:
        raise InvalidInput(
            f"'{shown(path)}' bestaat al; kies een andere naam.",
            field="output",
            hint="output:force",
        ) from None
