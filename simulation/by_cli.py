"""For the few actions that have no command function yet (init, members, meetings, decisions,
experiment start): the CLI in this process. Goes away when their commands land."""

from __future__ import annotations

import io
import json
import time
from contextlib import redirect_stderr, redirect_stdout
from typing import Any

from models.errors import DomainError
from simulation.invoke import CommandFailed, Coordinator


def cli(coordinator: Coordinator, *args: str, expect_refusal: bool = False) -> Any:
    """`wijkraad ARGS --json`; the parsed JSON, or None for an expected refusal."""
    from wijkraad.cli import app

    action = " ".join(a for a in args[:2] if not a.startswith("-") and not a.isdigit())
    coordinator.commands += 1
    out, err = io.StringIO(), io.StringIO()
    ok = True
    started = time.perf_counter()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            app([*args, "--json"], standalone_mode=False)
        except DomainError as exc:
            ok = False
            err.write(exc.message)
        except SystemExit as exc:
            ok = not exc.code
    coordinator.seconds[action] += time.perf_counter() - started
    if expect_refusal:
        if ok:
            raise CommandFailed(f"expected a refusal: wijkraad {' '.join(args[:3])}")
        coordinator.refusals.append((action, err.getvalue().strip()))
        return None
    if not ok:
        raise CommandFailed(f"wijkraad {' '.join(args[:3])} failed: {err.getvalue().strip()}")
    return json.loads(out.getvalue())
