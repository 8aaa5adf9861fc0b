"""Domain errors speak no door's words: a field and a hint, which each door puts its own way."""

from __future__ import annotations

from models.errors import AlreadyDone, DomainError, InvalidInput
from models.validation import text
from wijkraad.cli.words import message


def test_the_cli_names_the_field_as_its_option_and_adds_its_hint() -> None:
    error = AlreadyDone("besluit 2030/1 is al vastgelegd.", field="number")
    assert error.code == "already_done"
    assert error.message == "besluit 2030/1 is al vastgelegd."
    assert message(error) == "--number: besluit 2030/1 is al vastgelegd."
    assert error.text() == "nummer: besluit 2030/1 is al vastgelegd."


def test_a_hint_goes_before_the_full_stop() -> None:
    error = DomainError("5 bestaat niet.", field="procedure", hint="list:procedures")
    assert message(error) == "procedure: 5 bestaat niet (zie 'wijkraad status')."
    assert error.text() == "procedure: 5 bestaat niet."


def test_validation_names_the_field_by_its_input_name() -> None:
    try:
        text("  ", "reason")
    except InvalidInput as error:
        assert (error.field, error.code, error.message) == (
            "reason",
            "invalid",
            "mag niet leeg zijn.",
        )
        assert error.problems == ["reden: mag niet leeg zijn."]
    else:  # pragma: no cover
        raise AssertionError("empty text accepted")
