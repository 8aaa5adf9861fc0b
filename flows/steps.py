"""The units of tasks/ as Prefect tasks. Parameters and results are ids and small enums only;
results are not persisted and nothing is cached: idempotency comes from our own state checks
and outbox keys, so a rerun of a flow repeats only what is missing."""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from prefect import task
from prefect.cache_policies import NO_CACHE

from tasks.steps import (
    appointment,
    committee,
    nomination,
    onboarding,
    procedures,
    recruitment,
    screening,
)

P = ParamSpec("P")
R = TypeVar("R")


def step(name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A Prefect task that calls a unit of tasks/ by its module attribute at run time."""

    def wrap(fn: Callable[P, R]) -> Callable[P, R]:
        return task(name=name, cache_policy=NO_CACHE, persist_result=False)(fn)

    return wrap


@step("open-renewal")
def open_renewal(area: str, election_year: int | None) -> dict[str, object]:
    opened = procedures.open_renewal(area, election_year)
    return {"area": opened.area, "procedure_id": opened.procedure_id, "opened": opened.opened}


@step("open-vacancy")
def open_vacancy(area: str) -> dict[str, object]:
    opened = procedures.open_vacancy(area)
    return {"area": opened.area, "procedure_id": opened.procedure_id, "opened": opened.opened}


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
