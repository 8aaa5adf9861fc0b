"""The flows of the appointment procedure. Each runs after a command recorded people's input
(or the daily monitor found a deadline passed or a step still pending) and does what follows,
in short steps that are safe to repeat: a flow killed half-way and run again finishes without
doing anything twice. Its last task clears the procedure's pending step. Parameters are
procedure ids; never personal data."""

from __future__ import annotations

from collections.abc import Callable

from prefect import flow

from flows import steps
from flows.runtime import FLOW_OPTIONS
from models.enums import FollowUp


@flow(name="request-committee", **FLOW_OPTIONS)
def request_committee(procedure_id: int) -> int:
    """A procedure was opened: ask the sitting members (or, when none sit, the coördinator) to
    appoint a voordrachtcommissie. Returns the number of messages for it."""
    asked = steps.request_committee(procedure_id)
    steps.followup_done(procedure_id, FollowUp.REQUEST_COMMITTEE)
    return asked


@flow(name="open-recruitment", **FLOW_OPTIONS)
def open_recruitment(procedure_id: int) -> str:
    """After the committee is confirmed: recruiting, the call for candidates, the committee told.
    Returns the application deadline (ISO date)."""
    steps.enter_recruitment(procedure_id)
    closes = steps.publish_call(procedure_id)
    steps.mail_committee_recruitment(procedure_id)
    steps.followup_done(procedure_id, FollowUp.OPEN_RECRUITMENT)
    return closes


@flow(name="screen-candidates", **FLOW_OPTIONS)
def screen_candidates(procedure_id: int) -> str:
    """After the application deadline (the monitor) or an early close (the coördinator):
    closes recruitment if still open, screens every candidate, tells the ineligible why and,
    when no human check is left, invites the committee to the interviews. Returns the stage."""
    steps.close_recruitment(procedure_id)
    steps.screen_all(procedure_id)
    steps.notify_ineligible(procedure_id)
    stage = steps.finish_screening(procedure_id)
    steps.followup_done(procedure_id, FollowUp.SCREEN_CANDIDATES)
    return stage


@flow(name="submit-nomination", **FLOW_OPTIONS)
def submit_nomination(procedure_id: int) -> str:
    """The recorded nomination goes to B&W: the collegevoorstel, mailed to the coördinator."""
    stage = steps.submit_nomination(procedure_id)
    steps.followup_done(procedure_id, FollowUp.SUBMIT_NOMINATION)
    return stage


@flow(name="record-board-decision", **FLOW_OPTIONS)
def record_board_decision(procedure_id: int) -> int:
    """After the B&W decision is recorded: seats, letters, kind messages, onboarding tasks.
    Returns the number of new members."""
    seated = steps.seat_appointed(procedure_id)
    steps.appointment_letters(procedure_id)
    steps.regret_messages(procedure_id)
    steps.plan_onboarding(procedure_id)
    steps.followup_done(procedure_id, FollowUp.RECORD_BOARD_DECISION)
    return seated


@flow(name="complete-onboarding", **FLOW_OPTIONS)
def complete_onboarding(procedure_id: int) -> str:
    """Closes the procedure when every onboarding task is done. Returns the stage."""
    stage = steps.complete_procedure(procedure_id)
    steps.followup_done(procedure_id, FollowUp.COMPLETE_ONBOARDING)
    return stage


# The flow that finishes each pending step: commands and the monitor start flows through this
# table, by reference.
FLOW_FOR: dict[FollowUp, Callable[[int], object]] = {
    FollowUp.REQUEST_COMMITTEE: request_committee,
    FollowUp.OPEN_RECRUITMENT: open_recruitment,
    FollowUp.SCREEN_CANDIDATES: screen_candidates,
    FollowUp.SUBMIT_NOMINATION: submit_nomination,
    FollowUp.RECORD_BOARD_DECISION: record_board_decision,
    FollowUp.COMPLETE_ONBOARDING: complete_onboarding,
}
