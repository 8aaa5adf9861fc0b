"""What the simulation shows on the terminal: a Rich console and tables.

Names and addresses are shown as text, never as Rich markup, and without the characters that
steer a terminal (the same rule as the CLI's output).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from models.validation import forbidden

console = Console()


def clean(value: object) -> str:
    text = "" if value is None else str(value)
    if forbidden(text, lines=True) is None:
        return text
    return "".join(f"<U+{ord(c):04X}>" if forbidden(c, lines=True) else c for c in text)


def table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    view = Table(title=Text(clean(title)), title_justify="left")
    for column in columns:
        view.add_column(Text(clean(column)))
    for row in rows:
        view.add_row(*(Text(clean(v)) for v in row))
    console.print(view)
