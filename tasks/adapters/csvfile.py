"""Reading a CSV import: header checked, every bad row named, all or nothing."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from sqlalchemy.orm import Session

from models.errors import DomainError, InvalidInput
from models.validation import shown

T = TypeVar("T")


def read_rows(
    path: Path, required: Sequence[str], optional: Sequence[str] = ()
) -> list[dict[str, str]]:
    """The rows of a CSV file with a header row, as dicts. Refuses a missing, unknown or
    repeated column, and a row with more fields than the header names."""
    name = shown(path.name)
    if path.is_dir():
        raise InvalidInput(f"'{shown(path)}' is een map, geen CSV-bestand.")
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in (reader.fieldnames or [])]
            _check_header(name, header, required, optional)
            reader.fieldnames = header
            rows: list[dict[str, str]] = []
            extra: list[str] = []
            for row in reader:
                rest = row.pop(None, None)  # DictReader's restkey: the fields beyond the header
                if rest is not None:
                    extra.append(
                        f"regel {reader.line_num}: {len(header) + len(rest)} velden, maar de kop "
                        f"noemt {len(header)} kolommen (kolom {len(header) + 1} heeft geen naam; "
                        "een komma te veel?)"
                    )
                    continue
                rows.append({k: (v or "") for k, v in row.items()})
            if extra:
                raise InvalidInput(
                    extra, heading=f"Niets ingelezen: {len(extra)} fout(en) in {name}:"
                )
            return rows
    except FileNotFoundError as exc:
        raise InvalidInput(f"Bestand '{shown(path)}' bestaat niet.") from exc
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{name}: geen tekstbestand in UTF-8 (een spreadsheet? sla het op als CSV UTF-8)."
        ) from exc
    except csv.Error as exc:
        raise InvalidInput(
            f"{name}: geen leesbaar CSV-bestand (een nul-teken of een veld van meer dan "
            f"{csv.field_size_limit()} tekens, rond regel {reader.line_num})."
        ) from exc
    except OSError as exc:
        raise InvalidInput(f"Bestand '{shown(path)}' is niet te lezen ({_reason(exc)}).") from exc


def _check_header(
    name: str, header: list[str], required: Sequence[str], optional: Sequence[str]
) -> None:
    missing = [c for c in required if c not in header]
    unknown = [shown(c) or "(zonder naam)" for c in header if c not in [*required, *optional]]
    twice = sorted({c for c in header if header.count(c) > 1 and c})
    if not (missing or unknown or twice):
        return
    problems = []
    if missing:
        problems.append(f"ontbrekende kolommen: {', '.join(missing)}")
    if unknown:
        problems.append(f"onbekende kolommen: {', '.join(unknown)}")
    for column in twice:
        places = [str(i) for i, c in enumerate(header, start=1) if c == column]
        problems.append(
            f"kolom '{shown(column)}' staat meer dan eens in de kop (kolom {' en '.join(places)})"
        )
    raise InvalidInput(
        f"{name}: {'; '.join(problems)} (verwacht: {', '.join(required)}"
        + (f", optioneel {', '.join(optional)}" if optional else "")
        + ")."
    )


def _reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "geen toegang"
    return "leesfout"


def apply_all(
    rows: list[dict[str, str]],
    handle: Callable[[int, dict[str, str]], T],
    what: str,
    session: Session | None = None,
) -> list[T]:
    """Handle every row (in a savepoint when a session is given) and collect the problems of
    every bad row, numbered as in the file; raise them together so the caller writes nothing."""
    done: list[T] = []
    problems: list[str] = []
    for number, row in enumerate(rows, start=2):
        try:
            if session is None:
                done.append(handle(number, row))
            else:
                with session.begin_nested():
                    done.append(handle(number, row))
        except InvalidInput as exc:
            problems.extend(f"regel {number}: {p}" for p in exc.problems)
        except DomainError as exc:
            problems.append(f"regel {number}: {exc.message}")
    if problems:
        raise InvalidInput(
            problems, heading=f"Niets ingelezen: {len(problems)} fout(en) in {what}:"
        )
    if not done:
        raise InvalidInput(f"Niets ingelezen: {what} bevat geen regels.")
    return done


def rows_of_text(text: str, name: str, required: Sequence[str]) -> list[dict[str, str]]:
    """The rows of CSV text typed into a form (a header row first), as dicts."""
    import io

    reader = csv.DictReader(io.StringIO(text.strip() + "\n"))
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
        _check_header(name, header, required, ())
        reader.fieldnames = header
        rows = []
        for row in reader:
            if row.pop(None, None) is not None:
                raise InvalidInput(f"{name}: regel {reader.line_num} heeft een veld te veel.")
            rows.append({k: (v or "") for k, v in row.items()})
        return rows
    except csv.Error as exc:
        raise InvalidInput(f"{name}: geen leesbare CSV-tekst.") from exc
