"""The procedure state machine, without a database: transitions, refusals, suspension."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from models import Procedure
from models.enums import ProcedureKind, Stage
from models.errors import DomainError, WrongStage
from models.stages import OPEN_STAGES, TRANSITIONS

START = datetime(2029, 10, 1, 9)
FORWARD = [
    "confirm_committee",
    "close_recruitment",
    "finish_screening",
    "submit_nomination",
    "record_decision",
    "complete",
]


def new_procedure() -> Procedure:
    procedure = Procedure(
        id=1,
        kind=ProcedureKind.RENEWAL,
        stage=Stage.COMMITTEE_FORMING,
        seats=7,
        opened_at=START,
        stage_entered_at=START,
        suspended_days=0,
    )
    procedure.stage_deadline = date(2029, 11, 12)
    procedure.stage_target = date(2029, 10, 22)
    return procedure


def test_the_happy_path_visits_every_stage_and_audits_each_step() -> None:
    procedure = new_procedure()
    for event in FORWARD:
        procedure.apply(event, actor="coordinator", now=START)
    assert procedure.stage == Stage.COMPLETED
    assert [e.to_stage for e in procedure.audit_events] == [
        Stage.RECRUITING,
        Stage.SCREENING,
        Stage.NOMINATING,
        Stage.AWAITING_DECISION,
        Stage.ONBOARDING,
        Stage.COMPLETED,
    ]
    assert procedure.audit_events
    assert all(e.actor == "coordinator" and e.at == START for e in procedure.audit_events)
    assert procedure.closed_at == START


def test_a_step_out_of_order_names_the_current_stage_and_what_comes_first() -> None:
    procedure = new_procedure()
    with pytest.raises(WrongStage) as refused:
        procedure.apply("submit_nomination", actor="coordinator", now=START)
    assert "voordrachtcommissie vormen" in refused.value.message
    assert "samenstellen en bevestigen" in refused.value.message
    assert refused.value.hint == "stage:committee_forming"  # each door says how, in its words
    assert procedure.stage == Stage.COMMITTEE_FORMING
    assert procedure.audit_events == []


def test_suspend_needs_a_reason() -> None:
    procedure = new_procedure()
    with pytest.raises(DomainError, match="reden"):
        procedure.apply("suspend", actor="coordinator", now=START, reason=" ")


def test_resume_returns_to_the_stage_and_shifts_every_open_deadline() -> None:
    procedure = new_procedure()
    procedure.apply("suspend", actor="coordinator", now=START, reason="verbouwing buurthuis")
    assert procedure.stage == Stage.SUSPENDED
    procedure.apply("resume", actor="coordinator", now=START + timedelta(days=10))
    assert procedure.stage == Stage.COMMITTEE_FORMING
    assert procedure.suspended_days == 10
    assert procedure.stage_deadline == date(2029, 11, 22)
    assert procedure.stage_target == date(2029, 11, 1)
    assert procedure.suspensions[0].days == 10
    actions = [e.action for e in procedure.audit_events]
    assert actions == ["suspend", "resume"]
    assert procedure.audit_events[0].reason == "verbouwing buurthuis"


def test_cancel_needs_a_reason_and_closes() -> None:
    procedure = new_procedure()
    with pytest.raises(DomainError):
        procedure.apply("cancel", actor="coordinator", now=START)
    procedure.apply("cancel", actor="coordinator", now=START, reason="dubbel gestart")
    assert procedure.stage == Stage.CANCELLED
    assert procedure.cancel_reason == "dubbel gestart"
    with pytest.raises(WrongStage):
        procedure.apply("resume", actor="coordinator", now=START)


class ProcedureMachine(RuleBasedStateMachine):
    """Random command sequences: the stage is always one of the table's, a closed procedure
    never reopens, a suspended one always knows its stage, and days only add up."""

    def __init__(self) -> None:
        super().__init__()
        self.procedure = new_procedure()
        self.moment = START
        self.closed = False

    @rule(event=st.sampled_from(sorted(TRANSITIONS)), days=st.integers(0, 30))
    def command(self, event: str, days: int) -> None:
        self.moment += timedelta(days=days)
        before = self.procedure.stage
        audits = len(self.procedure.audit_events)
        try:
            self.procedure.apply(event, actor="coordinator", now=self.moment, reason="test")
        except DomainError:
            assert self.procedure.stage == before
            assert len(self.procedure.audit_events) == audits
            return
        assert before in TRANSITIONS[event].sources
        assert len(self.procedure.audit_events) == audits + 1
        if self.procedure.stage in (Stage.COMPLETED, Stage.CANCELLED):
            self.closed = True

    @precondition(lambda self: self.procedure.stage == Stage.SUSPENDED)
    @rule()
    def suspended_knows_its_stage(self) -> None:
        assert self.procedure.suspended_stage in OPEN_STAGES

    @invariant()
    def closed_stays_closed(self) -> None:
        if self.closed:
            assert self.procedure.stage in (Stage.COMPLETED, Stage.CANCELLED)

    @invariant()
    def suspended_days_match_the_suspensions(self) -> None:
        ended = [s.days or 0 for s in self.procedure.suspensions if s.ended_at is not None]
        assert self.procedure.suspended_days == sum(ended)

    @invariant()
    def at_most_one_open_suspension(self) -> None:
        open_ = [s for s in self.procedure.suspensions if s.ended_at is None]
        assert len(open_) <= 1
        assert (self.procedure.stage == Stage.SUSPENDED) == (len(open_) == 1) or (
            self.procedure.stage == Stage.CANCELLED
        )


ProcedureMachine.TestCase.settings = settings(
    max_examples=150, stateful_step_count=30, deadline=None
)
TestProcedureMachine = ProcedureMachine.TestCase
