"""The simulation's wijkcoördinator: calls the service layer's commands and queries, as the
CLI and the web page do.

Each action is one command function with its typed input (validation, its own transaction, the
follow-up flow), in this process, so that Prefect starts once and the clock can be moved
between actions. Reads go through the query functions in a reading session.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from commands import followup
from models.errors import DomainError
from tasks.queries.reading import reading

Result = TypeVar("Result")


class CommandFailed(Exception):
    pass


class Coordinator:
    """Does what the coördinator would do. Counts the actions (commands and the look-ups in
    between), what was (expectedly) refused, the wall time per action, and every follow-up
    flow that did not finish."""

    def __init__(self) -> None:
        self.commands = 0
        self.refusals: list[tuple[str, str]] = []
        self.pending: list[tuple[str, str]] = []  # (action, why the follow-up is pending)
        self.seconds: defaultdict[str, float] = defaultdict(float)  # wall time per action
        self.hands_over = False

    def hand_over(self) -> None:
        """Hand steps over like any door (recorded, not run in the command), and run what was
        handed over after each action, as a worker would: the simulation is its own worker."""
        followup.use(followup.Mode.RECORD)
        self.hands_over = True

    def do(self, action: str, command: Callable[[], Result]) -> Result:
        """Run a command that must succeed; `action` names it ('committee add')."""
        self.commands += 1
        started = time.perf_counter()
        try:
            result = command()
            if self.hands_over:
                followup.drain()  # the steps it handed over, before anything reads them
        except DomainError as exc:
            raise CommandFailed(f"{action} failed: {exc.message}") from exc
        finally:
            self.seconds[action] += time.perf_counter() - started
        self._note_pending(action, result)
        return result

    def refused(self, action: str, command: Callable[[], Any]) -> str:
        """Run a command the rules must refuse; returns the refusal (Dutch)."""
        self.commands += 1
        started = time.perf_counter()
        try:
            command()
        except DomainError as exc:
            self.refusals.append((action, exc.message))
            return exc.message
        finally:
            self.seconds[action] += time.perf_counter() - started
        raise CommandFailed(f"expected a refusal: {action}")

    def read(self, action: str, query: Callable[[Session], Result]) -> Result:
        """A look-up (`status`, `candidates list`): a query in a reading session."""
        self.commands += 1
        started = time.perf_counter()
        try:
            with reading() as session:
                return query(session)
        except DomainError as exc:
            raise CommandFailed(f"{action} failed: {exc.message}") from exc
        finally:
            self.seconds[action] += time.perf_counter() - started

    def _note_pending(self, action: str, result: object) -> None:
        """A recorded step whose flow did not finish: the next monitor run finishes it."""
        for outcome in result if isinstance(result, list) else [result]:
            step = getattr(outcome, "step", None)
            handed = getattr(outcome, "followup", None) or getattr(step, "followup", None)
            if handed is not None and handed.problem is not None:
                self.pending.append((action, handed.problem))
