"""Careless files given to an import: a directory, a binary file, a row with a field too many,
a column named twice. Each is refused in Dutch, naming the row or column; nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("db")

HEADER = "area,name,email,postcode,house_number\n"
ANNA = "ruwaard,Anna,anna@example.nl,5343AB,1\n"


def refused(cli, table_counts, path: Path) -> str:  # type: ignore[no-untyped-def]
    before = table_counts()
    result = cli("members", "import", str(path))
    assert result.exit_code == 1, result.stdout
    assert "Traceback" not in result.stderr and result.stderr.startswith("Fout:")
    assert table_counts() == before
    return " ".join(result.stderr.split())


def test_a_directory_is_no_csv_file(cli, table_counts, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert "is een map, geen CSV-bestand" in refused(cli, table_counts, tmp_path)


@pytest.mark.parametrize(
    "content",
    [
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb5U0#\xf4\x00\x00\x00L\x02",
        b"\xff\xfe\x00\x00binary\x00\x01\x02",
    ],
)
def test_a_binary_file_is_no_csv_file(cli, table_counts, tmp_path: Path, content: bytes) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "leden.xlsx"
    path.write_bytes(content)
    assert "geen tekstbestand in UTF-8" in refused(cli, table_counts, path)


def test_a_nul_byte_is_refused_in_dutch(cli, table_counts, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "leden.csv"
    path.write_text(HEADER + "ruwaard,An\x00na,anna@example.nl,5343AB,1\n")
    message = refused(cli, table_counts, path)
    assert "nul-teken" in message or "stuurteken" in message


def test_a_row_with_a_field_too_many_is_refused_naming_row_and_column(  # type: ignore[no-untyped-def]
    cli, table_counts, tmp_path: Path
) -> None:
    path = tmp_path / "leden.csv"
    path.write_text(HEADER + ANNA + "ruwaard,Bert,bert@example.nl,5343AB,2,voorzitter\n")
    message = refused(cli, table_counts, path)
    assert "regel 3: 6 velden" in message
    assert "kolom 6" in message


def test_a_column_named_twice_is_refused(cli, table_counts, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "leden.csv"
    path.write_text(
        "area,name,email,postcode,house_number,email\n"
        "ruwaard,Anna,anna@example.nl,5343AB,1,anna.tweede@example.nl\n"
    )
    message = refused(cli, table_counts, path)
    assert "kolom 'email' staat meer dan eens in de kop (kolom 3 en 6)" in message


def test_a_good_file_still_imports(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "leden.csv"
    path.write_text(HEADER + ANNA)
    result = cli("members", "import", str(path), "--json")
    assert result.exit_code == 0, result.stderr
