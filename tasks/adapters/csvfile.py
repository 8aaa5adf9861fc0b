"""Reading a CSV import: header checked, every bad row named, all or nothing."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from sqlalchemy.orm import Session

from models.errors import DomainError, InvalidInput

T = TypeVar("T")


def read_rows(
    path: Path, required: Sequence[str], optional: Sequence[str] = ()
) -> list[dict[str, str]]:
    """The rows of a CSV file with a header row, as dicts. Refuses a missing or unknown column."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in (reader.fieldnames or [])]
            missing = [c for c in required if c not in header]
            unknown = [c for c in header if c not in required and c not in optional]
            if missing or unknown:
                problems = []
                if missing:
                    problems.append(f"ontbrekende kolommen: {', '.join(missing)}")
                if unknown:
                    problems.append(f"onbekende kolommen: {', '.join(unknown)}")
                raise InvalidInput(
                    f"{path.name}: {'; '.join(problems)} (verwacht: {', '.join(required)}"
                    + (f", optioneel {', '.join(optional)}" if optional else "")
                    + ")."
                )
            reader.fieldnames = header
            return [{k: (v or "") for k, v in row.items() if k is not None} for row in reader]
    except FileNotFoundError as exc:
        raise InvalidInput(f"Bestand '{path}' bestaat niet.") from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InvalidInput(f"{path.name}: geen leesbaar CSV-bestand in UTF-8 ({exc}).") from exc


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
