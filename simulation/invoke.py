"""Running `wijkraad` commands in this process, as the simulation's wijkcoördinator does.

The simulation goes through the real commands (validation, transactions, flows), but in one
process, so that Prefect starts once and the clock can be moved between commands.
"""

from __future__ import annotations

import io
import json
import time
from collections import defaultdict
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from typing import Any

from models.errors import DomainError


@dataclass
class Outcome:
    ok: bool
    stdout: str
    error: str

    def json(self) -> Any:
        return json.loads(self.stdout)


class CommandFailed(Exception):
    pass


class Coordinator:
    """Types commands. Counts what was done and what was (expectedly) refused."""

    def __init__(self) -> None:
        self.commands = 0
        self.refusals: list[tuple[str, str]] = []
        self.seconds: defaultdict[str, float] = defaultdict(float)  # wall time per command

    def run(self, *args: str, expect_refusal: bool = False) -> Outcome:
        from wijkraad.cli import app

        self.commands += 1
        out, err = io.StringIO(), io.StringIO()
        ok = True
        started = time.perf_counter()
        with redirect_stdout(out), redirect_stderr(err):
            try:
                app(list(args), standalone_mode=False)
            except DomainError as exc:
                ok = False
                err.write(exc.message)
            except SystemExit as exc:
                ok = not exc.code
        self.seconds[_step_name(args)] += time.perf_counter() - started
        outcome = Outcome(ok, out.getvalue(), err.getvalue())
        if expect_refusal:
            if ok:
                raise CommandFailed(f"expected a refusal: wijkraad {' '.join(args[:3])}")
            self.refusals.append((args[0], outcome.error.strip()))
        elif not ok:
            raise CommandFailed(f"wijkraad {' '.join(args[:3])} failed: {outcome.error.strip()}")
        return outcome

    def json(self, *args: str) -> Any:
        return self.run(*args, "--json").json()


def _step_name(args: tuple[str, ...]) -> str:
    """'committee add', 'tick', 'onboarding done': the command without its arguments."""
    words = [a for a in args[:2] if not a.startswith("-") and not a.isdigit()]
    return " ".join(words)
