"""Which action forms the page of a procedure shows (filled in with the procedure commands)."""

from __future__ import annotations

from typing import Any


def actions_for(view: dict[str, Any]) -> list[str]:
    return []
