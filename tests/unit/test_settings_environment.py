"""The database's address read without pydantic-settings (tasks/adapters/environment.py) is
the one the validated settings give, and any other setting still goes through validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tasks.adapters import environment
from tasks.adapters.settings import Settings


def test_the_field_list_is_the_settings_fields() -> None:
    assert set(Settings.model_fields) == environment.FIELDS
    assert environment.ANY_TEXT <= environment.FIELDS


def test_a_field_read_without_validation_accepts_any_text() -> None:
    """Plain text or a path, no constraint: pydantic could never refuse a value of these."""
    assert environment.ANY_TEXT
    for name in environment.ANY_TEXT:
        field = Settings.model_fields[name]
        assert field.annotation in (str, str | None, Path), name
        assert not field.metadata, name


@pytest.mark.parametrize(
    "variables",
    [
        {},
        {"WIJKRAAD_HOME": "ergens/anders"},
        {"wijkraad_home": "kleine/letters"},
        {"WIJKRAAD_DATABASE_URL": "postgresql+psycopg://u@h/db", "WIJKRAAD_USER": "a@b.nl"},
        {"WIJKRAAD_DATABASE_URL": "", "WIJKRAAD_HOME": "leeg"},
        {"WIJKRAAD_NOW": "2027-01-01", "WIJKRAAD_TEST_WHATEVER": "x"},
        {"WIJKRAAD_SMTP_PORT": "2525", "WIJKRAAD_HOME": "met/smtp"},
        {"WIJKRAAD_SMTP_HOST": "mail.oss.nl", "WIJKRAAD_SMTP_PASSWORD": "", "WIJKRAAD_HOME": "p"},
    ],
)
def test_the_address_is_the_validated_one(monkeypatch, variables) -> None:  # type: ignore[no-untyped-def]
    for key in [k for k in __import__("os").environ if k.lower().startswith("wijkraad_")]:
        monkeypatch.delenv(key)
    for key, value in variables.items():
        monkeypatch.setenv(key, value)
    assert environment.database_url() == Settings().resolved_database_url


def test_another_setting_is_validated(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WIJKRAAD_SMTP_PORT", "vijfentwintig")
    with pytest.raises(Exception) as raised:
        environment.database_url()
    assert "smtp_port" in str(raised.value)
