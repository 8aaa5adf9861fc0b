"""The appointment procedure: renew, vacancy, committee, candidates, screen, interview,
nominate, decide, onboarding, suspend, resume, cancel, status, history."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands and groups to the main app."""
