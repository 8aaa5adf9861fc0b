"""`mail preview --output FILE` writes a new file only: an existing one (the database, say) is
kept unless --force; a directory is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("db")

TEMPLATE = "werving_geopend"


def test_an_existing_file_is_kept(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    precious = tmp_path / "wijkraad.db"
    precious.write_bytes(b"SQLite format 3\x00 kostbaar")
    result = cli("mail", "preview", TEMPLATE, "--output", str(precious))
    assert result.exit_code == 1
    assert "bestaat al" in result.stderr and "--force" in result.stderr
    assert "Traceback" not in result.stderr
    assert precious.read_bytes() == b"SQLite format 3\x00 kostbaar"


def test_force_overwrites_it(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    old = tmp_path / "voorbeeld.txt"
    old.write_text("oud")
    result = cli("mail", "preview", TEMPLATE, "--output", str(old), "--force")
    assert result.exit_code == 0, result.stderr
    assert old.read_text(encoding="utf-8").startswith("Beste ")


def test_force_with_an_unknown_template_keeps_the_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    old = tmp_path / "voorbeeld.txt"
    old.write_text("oud")
    result = cli("mail", "preview", "bestaat-niet", "--output", str(old), "--force")
    assert result.exit_code == 1
    assert old.read_text() == "oud"


def test_a_new_file_is_written_and_a_directory_refused(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    new = tmp_path / "nieuw.html"
    assert cli("mail", "preview", TEMPLATE, "--output", str(new)).exit_code == 0
    assert "<" in new.read_text(encoding="utf-8")
    result = cli("mail", "preview", TEMPLATE, "--output", str(tmp_path))
    assert result.exit_code == 1
    assert "is een map" in result.stderr
