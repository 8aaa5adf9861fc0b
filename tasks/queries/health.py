"""`wijkraad doctor`: is everything in the production chain there and working?

Every check only reads (no mail is sent, nothing is written) and answers with a Dutch verdict
and, when something is not right, what to do. A check is `ok`, a `warning` (not wrong, but not
finished either: the shipped postcode table, no Prefect server known), an `error` (something is
broken: the doctor exits 1) or `skipped` (it needs the database, which does not answer).
The checks themselves live in health_database.py and health_services.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from enum import StrEnum


class Status(StrEnum):
    OK = "ok"
    WARNING = "warning"
    ERROR = "error"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Check:
    key: str  # database, postcodes, smtp, prefect, monitor, mail
    name: str  # what a person reads
    status: Status
    verdict: str
    action: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self) | {"status": self.status.value}


def skipped(key: str, name: str) -> Check:
    return Check(key, name, Status.SKIPPED, "Niet gecontroleerd: de database antwoordt niet.", None)


def run_all() -> list[Check]:
    """All checks, in the order an operator fixes things: database first."""
    from tasks.queries import health_database as stored
    from tasks.queries import health_services as services

    database, answers = stored.database()
    needs_database: list[tuple[str, str, Callable[[], Check]]] = [
        ("postcodes", stored.POSTCODES, stored.postcodes),
        ("monitor", stored.MONITOR, stored.monitor),
        ("mail", stored.MAIL, stored.stuck_mail),
    ]
    rows = {
        key: stored.guarded(key, name, check) if answers else skipped(key, name)
        for key, name, check in needs_database
    }
    return [
        database,
        rows["postcodes"],
        services.smtp(),
        services.prefect(),
        rows["monitor"],
        rows["mail"],
    ]


def all_well(checks: list[Check]) -> bool:
    """False when any check found an error (warnings do not count)."""
    return not any(c.status is Status.ERROR for c in checks)
