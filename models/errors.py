"""Errors the domain raises. Their messages are Dutch: a wijkcoördinator or a resident reads them.

The domain speaks no door's words: an error names the input `field` it concerns by its name in
the command's input ("number", "decided_on") and may carry a `hint` (a stable code for what to do
next, such as "stage:recruiting" or "list:members"). Each door puts them in its own words: the
CLI says `--number` and `wijkraad screen --close-early`, the web page puts the message next to
the form field. `code` is stable for scripts and tests.
"""

from __future__ import annotations

from collections.abc import Mapping

_NO_WORDS: Mapping[str, str] = {}


class DomainError(Exception):
    """A rule or a precondition is violated; nothing has been written."""

    code = "rule"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        hint: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.hint = hint
        if code is not None:
            self.code = code

    def text(
        self, fields: Mapping[str, str] = _NO_WORDS, hints: Mapping[str, str] = _NO_WORDS
    ) -> str:
        """The whole message in a door's words: its name for the field first, its hint last."""
        message = self.message
        from models.fields import label

        hint = hints.get(self.hint) if self.hint else None
        if hint:
            message = f"{message.rstrip('.')} ({hint})."
        if self.field:
            message = f"{fields.get(self.field) or label(self.field)}: {message}"
        return message


class NotFound(DomainError):
    """An id or slug that does not exist."""

    code = "not_found"


class InvalidInput(DomainError):
    """Input that fails validation: one or more problems, each naming its field or row."""

    code = "invalid"

    def __init__(
        self,
        problems: list[str] | str,
        heading: str | None = None,
        *,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        from models.fields import label

        if isinstance(problems, str):
            # one problem of one field: the message is bare, the listed problem names the field
            self.problems = [f"{label(field)}: {problems}" if field else problems]
            lines = ([heading] if heading else []) + [problems]
        else:
            self.problems = list(problems)
            lines = ([heading] if heading else []) + self.problems
        super().__init__("\n".join(lines), field=field, hint=hint)


class WrongStage(DomainError):
    """A command that does not fit the procedure's current stage."""

    code = "wrong_stage"


class AlreadyDone(DomainError):
    """The same action was already taken (by this door, another door, or a parallel process)."""

    code = "already_done"
