"""`wijkraad simulate` refuses bad options in Dutch before it touches anything."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("db")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--areas", "ruwaard,atlantis"], "--areas: onbekend gebied atlantis"),
        (["--from", "2030-01-01", "--to", "2029-01-01"], "--to moet na --from liggen"),
        (["--from", "gisteren"], "--from: 'gisteren' is geen geldige datum"),
        (["--smtp", "postduif"], "--smtp: kies local of pickup"),
    ],
)
def test_bad_simulation_options_are_refused(cli, table_counts, args, message) -> None:  # type: ignore[no-untyped-def]
    before = table_counts()
    result = cli("simulate", *args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert table_counts() == before
