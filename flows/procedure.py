"""The flows of the appointment procedure. Each runs after a command recorded people's input
(or the daily monitor saw a deadline pass) and does what follows, in short steps that are safe
to repeat: a flow killed half-way and run again finishes without doing anything twice.
Parameters are ids, area slugs, years and flags; never personal data."""

from __future__ import annotations

from prefect import flow

from flows import steps
from models.areas import AREA_SLUGS

FLOW_OPTIONS = {"persist_result": False, "log_prints": False}


@flow(name="start-renewal", **FLOW_OPTIONS)  # type: ignore[call-overload]
def start_renewal(
    area: str | None = None, election_year: int | None = None
) -> list[dict[str, object]]:
    """Open the renewal of one council (or, without an area, all 11) for the coming term and
    ask the sitting members to appoint a voordrachtcommissie. Reports each area."""
    report = []
    for slug in [area] if area else list(AREA_SLUGS):
        opened = steps.open_renewal(slug, election_year)
        steps.request_committee(int(opened["procedure_id"]))  # type: ignore[call-overload]
        report.append(opened)
    return report


@flow(name="start-vacancy", **FLOW_OPTIONS)  # type: ignore[call-overload]
def start_vacancy(area: str) -> dict[str, object]:
    """A mid-term procedure for the free seats of an area's current council."""
    opened = steps.open_vacancy(area)
    steps.request_committee(int(opened["procedure_id"]))  # type: ignore[call-overload]
    return opened


@flow(name="open-recruitment", **FLOW_OPTIONS)  # type: ignore[call-overload]
def open_recruitment(procedure_id: int) -> str:
    """After the committee is confirmed: recruiting, the call for candidates, the committee told.
    Returns the application deadline (ISO date)."""
    steps.enter_recruitment(procedure_id)
    closes = steps.publish_call(procedure_id)
    steps.mail_committee_recruitment(procedure_id)
    return closes


@flow(name="screen-candidates", **FLOW_OPTIONS)  # type: ignore[call-overload]
def screen_candidates(procedure_id: int) -> str:
    """After the application deadline (the monitor) or an early close (the coördinator):
    closes recruitment if still open, screens every candidate, tells the ineligible why and,
    when no human check is left, invites the committee to the interviews. Returns the stage."""
    steps.close_recruitment(procedure_id)
    steps.screen_all(procedure_id)
    steps.notify_ineligible(procedure_id)
    return steps.finish_screening(procedure_id)


@flow(name="submit-nomination", **FLOW_OPTIONS)  # type: ignore[call-overload]
def submit_nomination(procedure_id: int) -> str:
    """The recorded nomination goes to B&W: the collegevoorstel, mailed to the coördinator."""
    return steps.submit_nomination(procedure_id)


@flow(name="record-board-decision", **FLOW_OPTIONS)  # type: ignore[call-overload]
def record_board_decision(procedure_id: int) -> int:
    """After the B&W decision is recorded: seats, letters, kind messages, onboarding tasks.
    Returns the number of new members."""
    seated = steps.seat_appointed(procedure_id)
    steps.appointment_letters(procedure_id)
    steps.regret_messages(procedure_id)
    steps.plan_onboarding(procedure_id)
    return seated


@flow(name="complete-onboarding", **FLOW_OPTIONS)  # type: ignore[call-overload]
def complete_onboarding(procedure_id: int) -> str:
    """Closes the procedure when every onboarding task is done. Returns the stage."""
    return steps.complete_procedure(procedure_id)
