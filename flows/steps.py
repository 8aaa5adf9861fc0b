"""The units of tasks/steps as Prefect tasks, for the procedure's flows. Each calls its unit by
the module attribute at run time (so a test can swap a side effect, not the engine). Parameters
and results are ids and small enums only."""

from __future__ import annotations

from flows.runtime import step
from models.enums import FollowUp
from tasks.steps import (
    appointment,
    committee,
    followups,
    nomination,
    onboarding,
    recruitment,
    screening,
)


@step("request-committee")
def request_committee(procedure_id: int) -> int:
    return committee.request_committee(procedure_id)


@step("enter-recruitment")
def enter_recruitment(procedure_id: int) -> str:
    return recruitment.enter(procedure_id)


@step("publish-call")
def publish_call(procedure_id: int) -> str:
    return recruitment.publish_call(procedure_id)


@step("mail-committee-recruitment")
def mail_committee_recruitment(procedure_id: int) -> int:
    return recruitment.mail_committee(procedure_id)


@step("close-recruitment")
def close_recruitment(procedure_id: int) -> str:
    return screening.close_recruitment(procedure_id)


@step("screen-all")
def screen_all(procedure_id: int) -> int:
    return screening.screen_all(procedure_id)


@step("notify-ineligible")
def notify_ineligible(procedure_id: int) -> int:
    return screening.notify_ineligible(procedure_id)


@step("finish-screening")
def finish_screening(procedure_id: int) -> str:
    return screening.finish_screening(procedure_id)


@step("submit-nomination")
def submit_nomination(procedure_id: int) -> str:
    return nomination.submit(procedure_id)


@step("seat-appointed")
def seat_appointed(procedure_id: int) -> int:
    return appointment.seat(procedure_id)


@step("appointment-letters")
def appointment_letters(procedure_id: int) -> int:
    return appointment.send_letters(procedure_id)


@step("regret-messages")
def regret_messages(procedure_id: int) -> int:
    return appointment.send_regrets(procedure_id)


@step("plan-onboarding")
def plan_onboarding(procedure_id: int) -> int:
    return onboarding.plan(procedure_id)


@step("complete-procedure")
def complete_procedure(procedure_id: int) -> str:
    return onboarding.complete(procedure_id)


@step("followup-done")
def followup_done(procedure_id: int, followup: FollowUp) -> bool:
    """The flow's last task: the step that was pending is done."""
    return followups.done(procedure_id, followup)
