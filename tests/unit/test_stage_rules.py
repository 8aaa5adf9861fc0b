"""The stages each command is allowed in: one table (models/stages.ALLOWED_IN) that the commands
check and the page's forms are offered by."""

from __future__ import annotations

import pytest

from models.enums import Stage
from models.errors import WrongStage
from models.stages import ALLOWED_IN, TRANSITIONS, Command, Event
from tests.unit.test_state_machine import new_procedure
from wijkraad.web.forms import FORM_COMMANDS, STAGE_FORMS


def test_every_event_and_every_command_is_in_its_table() -> None:
    assert list(Event) and list(Command)
    assert set(TRANSITIONS) == set(Event)
    assert set(ALLOWED_IN) == set(Command)
    for event, transition in TRANSITIONS.items():
        assert transition.event is event


def test_suspend_resume_and_cancel_are_allowed_where_their_transitions_start() -> None:
    for command, event in (
        (Command.SUSPEND, Event.SUSPEND),
        (Command.RESUME, Event.RESUME),
        (Command.CANCEL, Event.CANCEL),
    ):
        assert set(ALLOWED_IN[command].stages) == TRANSITIONS[event].sources


def test_the_page_offers_each_form_where_the_table_allows_its_command() -> None:
    assert STAGE_FORMS == {
        Stage.COMMITTEE_FORMING: ("commissielid", "commissie-bevestigen"),
        Stage.RECRUITING: (
            "kandidaat",
            "kandidaten-inlezen",
            "commissielid",
            "toetsen",
            "termijn-verlengen",
        ),
        Stage.SCREENING: ("beoordelen", "herzien", "opnieuw-toetsen", "commissielid"),
        Stage.NOMINATING: ("beoordelen", "gesprek", "voordracht", "herzien", "commissielid"),
        Stage.AWAITING_DECISION: ("besluit",),
        Stage.ONBOARDING: ("inwerktaak",),
        Stage.SUSPENDED: ("hervatten",),
    }
    assert FORM_COMMANDS
    for name, command in FORM_COMMANDS:
        offered = {stage for stage, forms in STAGE_FORMS.items() if name in forms}
        assert offered == set(ALLOWED_IN[command].offered), name


@pytest.mark.parametrize("command", list(Command))
def test_a_command_outside_its_stages_is_refused_saying_where_the_procedure_is(
    command: Command,
) -> None:
    procedure = new_procedure()
    outside = [stage for stage in Stage if stage not in ALLOWED_IN[command].stages]
    assert outside
    procedure.stage = outside[0]
    if outside[0] == Stage.SUSPENDED:
        procedure.suspended_stage = Stage.RECRUITING
    with pytest.raises(WrongStage) as refused:
        procedure.require_allowed(command)
    assert f"({outside[0].value})" in refused.value.message
    procedure.stage = ALLOWED_IN[command].stages[0]
    procedure.require_allowed(command)  # allowed: nothing raised
