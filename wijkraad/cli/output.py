"""Showing data: a Rich table on a terminal, one JSON document with --json.

Everything shown may hold what people typed, so it is shown as text: never as Rich markup (a
name like `x [/y]` is a name, not a closing tag) and never with the characters that steer a
terminal or reorder text on screen (models/validation.py refuses them at input; older data or a
message quoting a refused value may still hold them).

Rich is loaded when something is shown with it, not for --json: a read that prints one JSON
document does not pay for it.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from models.validation import forbidden

if TYPE_CHECKING:
    from rich.console import Console


@cache
def console(stderr: bool = False) -> Console:
    """The terminal (stdout, or stderr with `stderr=True`), made on first use."""
    from rich.console import Console

    return Console(stderr=stderr)


# Characters json.dumps(ensure_ascii=False) leaves as they are but a terminal would act on.
_JSON_UNSAFE = re.compile("[\u007f-\u009f\u202a-\u202e\u2066-\u2069]")


def clean(value: object, *, lines: bool = True) -> str:
    """`value` as text that is safe on a terminal: each steering character as <U+XXXX>."""
    text = "" if value is None else str(value)
    if forbidden(text, lines=lines) is None:
        return text
    return "".join(
        f"<U+{ord(char):04X}>" if forbidden(char, lines=lines) else char for char in text
    )


def _default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def emit_json(data: Any) -> None:
    document = json.dumps(data, default=_default, ensure_ascii=False, indent=2)
    sys.stdout.write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", document) + "\n")


def table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    from rich.table import Table
    from rich.text import Text

    view = Table(title=Text(clean(title)), title_justify="left")
    for column in columns:
        view.add_column(Text(clean(column)))
    for row in rows:
        view.add_row(*(Text(clean(v)) for v in row))
    console().print(view)


def say(message: str) -> None:
    from rich.text import Text

    console().print(Text(clean(message)))


def fail(message: str) -> None:
    from rich.text import Text

    console(stderr=True).print(
        Text.assemble(("Fout:", "bold red"), " ", clean(message)), highlight=False
    )


def note(message: str) -> None:
    """Something to know beside the result, on stderr (stdout keeps the JSON)."""
    from rich.text import Text

    console(stderr=True).print(Text(clean(message)), highlight=False)


def warn(message: str) -> None:
    from rich.text import Text

    console(stderr=True).print(
        Text.assemble(("Let op:", "bold yellow"), " ", clean(message)), highlight=False
    )


def working(message: str) -> Any:
    """A spinner on stderr while a command runs its follow-up flow (starting Prefect's local
    server the first time takes a while)."""
    return console(stderr=True).status(message, spinner="dots")
