"""Errors the domain raises. Their messages are Dutch: a wijkcoördinator reads them."""

from __future__ import annotations


class DomainError(Exception):
    """A rule or a precondition is violated; nothing has been written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """An id or slug that does not exist."""


class InvalidInput(DomainError):
    """Input that fails validation: one or more problems, each naming its field or row."""

    def __init__(self, problems: list[str] | str, heading: str | None = None) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        lines = ([heading] if heading else []) + self.problems
        super().__init__("\n".join(lines))


class WrongStage(DomainError):
    """A command that does not fit the procedure's current stage."""
