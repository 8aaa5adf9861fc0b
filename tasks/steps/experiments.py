"""Experiments with other forms of resident participation.

The monitor proposes one when a council is too small or seats stay vacant (status `proposed`);
the coördinator starts it after deciding with the college (`running`), and evaluates it:
continue, stop, or start a new procedure. The coördinator is mailed before the evaluation date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import AuditEvent, Council, Experiment, Procedure, validation
from models.enums import Actor, ExperimentStatus
from models.errors import DomainError, InvalidInput, NotFound
from models.panel import parse_quotas
from tasks.adapters.clock import now, today
from tasks.adapters.settings import get_settings
from tasks.mail.outbox import COORDINATOR, enqueue
from tasks.queries import lookup
from tasks.queries.vacancies import Shortage

OPEN = (ExperimentStatus.PROPOSED, ExperimentStatus.RUNNING, ExperimentStatus.CONTINUED)
ACTIVE = (ExperimentStatus.RUNNING, ExperimentStatus.CONTINUED)
OTHER = "other"
LOTTERY = "loting"
RENEWAL_WINDOW_DAYS = 365  # within a year of the next term, a new procedure is its renewal


class Decision:
    CONTINUE = "continue"
    STOP = "stop"
    START_PROCEDURE = "start_procedure"


@dataclass(frozen=True)
class StartInput:
    area: str
    form: str
    decided_with_college_on: date
    evaluate_on: date | None
    reason: str
    description: str | None
    panel: PanelInput | None = None

    @classmethod
    def parse(
        cls,
        area: str,
        form: str,
        decided: str,
        evaluate_on: str | None,
        reason: str,
        description: str | None,
        panel: RawPanel | None = None,
    ) -> StartInput:
        """Validate every field; InvalidInput lists all problems at once."""
        problems: list[str] = []
        forms = get_settings().experiment_forms
        chosen = " ".join((form or "").split()).lower()
        if chosen not in forms:
            problems.append(
                f"vorm: '{form}' is geen vorm van experiment (kies uit {', '.join(forms)})."
            )
        values: dict[str, Any] = {}
        for key, check in {
            "decided": lambda: validation.day(decided, "decided_with_college_on"),
            "evaluate_on": lambda: (
                validation.day(evaluate_on, "evaluate_on") if evaluate_on else None
            ),
            "reason": lambda: validation.text(reason, "reason"),
            "description": lambda: validation.text(description, "description", required=False),
        }.items():
            try:
                values[key] = check()
            except InvalidInput as exc:
                problems.extend(exc.problems)
        if chosen == OTHER and not values.get("description") and "description" in values:
            problems.append(
                "omschrijving: bij vorm 'other' is een omschrijving verplicht (--description)."
            )
        if values.get("decided") and values["decided"] > today():
            problems.append(
                f"besloten met het college op: {values['decided']} ligt in de toekomst."
            )
        if (
            values.get("decided")
            and values.get("evaluate_on")
            and values["evaluate_on"] <= values["decided"]
        ):
            problems.append(
                "evalueren op: moet na de datum van het besluit met het college liggen."
            )
        parsed_panel = None
        if chosen == LOTTERY and panel is not None and panel != RawPanel():
            try:
                parsed_panel = PanelInput.parse(panel or RawPanel())
            except InvalidInput as exc:
                problems.extend(exc.problems)
        elif chosen != LOTTERY and panel is not None and panel != RawPanel():
            problems.append("omvang, aanmelden tot en quota horen alleen bij de vorm 'loting'.")
        if problems:
            raise InvalidInput(problems)
        return cls(
            (area or "").strip().lower(),
            chosen,
            values["decided"],
            values["evaluate_on"],
            values["reason"],
            values["description"],
            parsed_panel,
        )


@dataclass(frozen=True)
class RawPanel:
    """A panel by lot as typed: its size, the registration deadline, the quota rows."""

    size: int | None = None
    until: str | None = None
    quotas: list[dict[str, str]] | None = None


@dataclass(frozen=True)
class PanelInput:
    size: int
    until: date
    quotas: list[dict[str, Any]]

    @classmethod
    def parse(cls, raw: RawPanel) -> PanelInput:
        problems: list[str] = []
        if raw.size is None or not 1 <= raw.size <= 99:
            problems.append("omvang: het aantal leden van het panel (1 tot 100) is verplicht.")
        until = None
        if not raw.until:
            problems.append("aanmelden tot: de laatste dag om zich aan te melden is verplicht.")
        else:
            try:
                until = validation.day(raw.until, "until")
            except InvalidInput as exc:
                problems.extend(exc.problems)
            if until is not None and until < today():
                problems.append(f"aanmelden tot: {until} ligt in het verleden.")
        if raw.quotas is None:
            problems.append("quota: een quotabestand (feature,value,min,max) is verplicht.")
        if problems:
            raise InvalidInput(problems)
        assert raw.size is not None and until is not None and raw.quotas is not None
        quotas = parse_quotas(raw.quotas, raw.size)
        return cls(raw.size, until, [q.as_dict() for q in quotas])


def _audit(
    action: str, experiment: Experiment, reason: str | None, actor: str = "coordinator"
) -> AuditEvent:
    return AuditEvent(
        at=now(),
        actor=actor,
        action=action,
        reason=reason,
        subject_type="experiment",
        subject_id=experiment.id,
    )


def open_for_area(session: Session, area_id: int) -> Experiment | None:
    return session.scalar(
        select(Experiment)
        .where(Experiment.area_id == area_id, Experiment.status.in_(OPEN))
        .order_by(Experiment.id.desc())
        .limit(1)
    )


def _taken(session: Session) -> set[int]:
    """Areas that get no new proposal: one is open, or the college dismissed one lately."""
    quiet_since = now() - timedelta(days=30 * get_settings().vacancy_alarm_months)
    return set(
        session.scalars(
            select(Experiment.area_id).where(
                Experiment.status.in_(OPEN)
                | (
                    (Experiment.status == ExperimentStatus.DISMISSED)
                    & (Experiment.evaluated_at >= quiet_since)
                )
            )
        )
    )


def propose_one(
    session: Session, area_id: int, reason: str, *, cause_procedure_id: int | None = None
) -> Experiment | None:
    """The one place a proposal is made, audited; none when the area already has one open or
    had one dismissed lately, or when a procedure is open in the area (the shortage is being
    worked on)."""
    if area_id in _taken(session) or open_procedure_of_area(session, area_id) is not None:
        return None
    experiment = Experiment(
        area_id=area_id,
        status=ExperimentStatus.PROPOSED,
        proposed_at=now(),
        proposal_reason=reason,
        cause_procedure_id=cause_procedure_id,
    )
    session.add(experiment)
    session.flush()
    session.add(_audit("experiment_proposed", experiment, reason, actor=Actor.SYSTEM))
    return experiment


def propose(session: Session, shortages: list[Shortage]) -> list[int]:
    """A proposal per short council that has no proposed or running experiment yet."""
    created = []
    for shortage in shortages:
        experiment = propose_one(session, shortage.area_id, shortage.reason)
        if experiment is not None:
            created.append(experiment.id)
    return created


def lapse(session: Session, day: date) -> list[int]:
    """Proposals whose shortage is gone lapse by themselves, audited: a procedure is open in the
    area, or the council the proposal is about is full (on `day`, or on the first day of its
    term when that is later)."""
    lapsed = []
    proposals = session.scalars(
        select(Experiment)
        .where(Experiment.status == ExperimentStatus.PROPOSED)
        .order_by(Experiment.id)
    )
    for experiment in proposals:
        why = _shortage_gone(session, experiment, day)
        if why is None:
            continue
        experiment.change_status("lapsed", ExperimentStatus.LAPSED)
        experiment.outcome, experiment.evaluated_at = why, now()
        session.add(_audit("experiment_lapsed", experiment, why, actor=Actor.SYSTEM))
        lapsed.append(experiment.id)
    session.flush()
    return lapsed


def _shortage_gone(session: Session, experiment: Experiment, day: date) -> str | None:
    area = experiment.area
    procedure = open_procedure_of_area(session, area.id)
    if procedure is not None:
        return f"Vervallen: voor {area.council_name} loopt procedure {procedure.id}."
    cause = (
        session.get(Procedure, experiment.cause_procedure_id)
        if experiment.cause_procedure_id
        else None
    )
    council = None
    if cause is not None and cause.council.term.end_date >= day:
        council = cause.council
    else:
        term = lookup.term_covering(session, day)
        council = session.scalar(
            select(Council).where(Council.area_id == area.id, Council.term_id == term.id)
        )
    if council is None:
        return None
    on = max(day, council.term.start_date)
    if len(council.sitting_on(on)) >= area.max_seats:
        return f"Vervallen: {area.council_name} is voltallig ({area.max_seats} leden)."
    return None


def start(session: Session, data: StartInput, *, actor: str = Actor.COORDINATOR) -> Experiment:
    """Start an experiment; a proposal for the area becomes the running experiment."""
    area = lookup.area(session, data.area)
    current = open_for_area(session, area.id)
    if current is not None and current.status in ACTIVE:
        raise DomainError(
            f"In {area.name} loopt al experiment {current.id} ({current.form}); evalueer dat "
            "eerst.",
            hint="experiment:evaluate",
        )
    experiment = current or Experiment(area_id=area.id)
    experiment.change_status("started", ExperimentStatus.RUNNING)
    experiment.form = data.form
    experiment.description = data.description
    experiment.decided_with_college_on = data.decided_with_college_on
    experiment.evaluate_on = data.evaluate_on
    experiment.reason = data.reason
    session.add(experiment)
    session.flush()
    session.add(_audit("experiment_started", experiment, data.reason, actor))
    if data.panel is not None:
        from tasks.steps import panels

        panels.create(
            session, experiment, data.panel.size, data.panel.until, data.panel.quotas, actor
        )
    return experiment


def get(session: Session, experiment_id: int) -> Experiment:
    found = session.get(Experiment, experiment_id)
    if found is None:
        raise NotFound(
            f"{experiment_id} bestaat niet.", field="experiment", hint="list:experiments"
        )
    return found


def evaluate(
    session: Session,
    experiment_id: int,
    *,
    outcome: str,
    decision: str,
    evaluate_on: date | None = None,
    actor: str = Actor.COORDINATOR,
) -> Experiment:
    """Record the evaluation. Starting the procedure itself is the flow's work."""
    outcome_text = validation.text(outcome, "outcome")
    experiment = get(session, experiment_id)
    if experiment.status not in ACTIVE:
        raise DomainError(
            f"Experiment {experiment.id} heeft status '{experiment.status.value}'; alleen een "
            "lopend experiment kan worden geëvalueerd.",
            hint="experiment:start",
        )
    if decision == Decision.CONTINUE:
        if evaluate_on is not None and evaluate_on <= today():
            raise InvalidInput("evalueren op: de volgende evaluatie moet na vandaag liggen.")
        experiment.change_status("continued", ExperimentStatus.CONTINUED)
        experiment.evaluate_on = evaluate_on
    elif decision == Decision.STOP:
        experiment.change_status("stopped", ExperimentStatus.STOPPED)
    else:
        experiment.change_status("procedure_started", ExperimentStatus.PROCEDURE_STARTED)
    experiment.outcome, experiment.evaluated_at = outcome_text, now()
    session.add(_audit(f"experiment_{decision}", experiment, outcome_text, actor))
    return experiment


def dismiss(
    session: Session, experiment_id: int, *, reason: str, actor: str = Actor.COORDINATOR
) -> Experiment:
    """The coördinator and the college decide against a proposed experiment. The monitor does
    not propose one for the area again within `vacancy_alarm_months`."""
    reason_text = validation.text(reason, "reason")
    experiment = get(session, experiment_id)
    if experiment.status != ExperimentStatus.PROPOSED:
        raise DomainError(
            f"Experiment {experiment.id} heeft status '{experiment.status.value}'; alleen een "
            "voorstel kan worden afgewezen (een lopend experiment evalueert u)."
        )
    experiment.change_status("dismissed", ExperimentStatus.DISMISSED)
    experiment.outcome, experiment.evaluated_at = reason_text, now()
    session.add(_audit("experiment_dismissed", experiment, reason_text, actor))
    return experiment


def due_reminders(session: Session, day: date) -> list[int]:
    """Mail the coördinator about every evaluation due within the reminder period, once per
    evaluation date (also when the date has passed unevaluated: a missed run is caught up)."""
    horizon = day + timedelta(days=get_settings().experiment_reminder_days)
    due = session.scalars(
        select(Experiment)
        .where(
            Experiment.status.in_(ACTIVE),
            Experiment.evaluate_on.is_not(None),
            Experiment.evaluate_on <= horizon,
        )
        .order_by(Experiment.id)
    )
    messages = [
        enqueue(
            session,
            template="experiment_evaluation",
            subject=f"experiment:{experiment.id}",
            occasion=f"evaluate:{experiment.evaluate_on}",
            role=COORDINATOR,
            context={"experiment_id": experiment.id},
        )
        for experiment in due
    ]
    session.flush()
    return [m.id for m in messages]


def open_procedure_of_area(session: Session, area_id: int) -> Procedure | None:
    return session.scalar(
        select(Procedure)
        .where(Procedure.area_id == area_id, Procedure.is_open_clause())
        .order_by(Procedure.id.desc())
        .limit(1)
    )


def ensure_can_start_procedure(session: Session, experiment_id: int) -> None:
    """Refuse `--start-procedure` before anything is written when one is already open."""
    experiment = get(session, experiment_id)
    existing = open_procedure_of_area(session, experiment.area_id)
    if existing is not None:
        raise DomainError(
            f"In {experiment.area.name} loopt al procedure {existing.id}; er kan geen tweede "
            "worden gestart. Kies --continue of --stop, of rond die procedure eerst af."
        )
