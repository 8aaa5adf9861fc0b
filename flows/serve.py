"""The schedules: the monitor daily at a set time and mail delivery every minute.

`wijkraad serve` runs both deployments in one process (Prefect's `serve`); prefect.yaml at the
repository root describes the same deployments for a Prefect server with work pools.
Prefect does not catch up on runs missed while `serve` was down; the monitor handles everything
due up to now, so the next run covers the gap.
"""

from __future__ import annotations

from typing import Any

from tasks.adapters.settings import Settings, get_settings

MONITOR_DEPLOYMENT = "monitor-daily"
MAIL_DEPLOYMENT = "deliver-mail-every-minute"
MAIL_INTERVAL_SECONDS = 60


def monitor_cron(settings: Settings) -> str:
    """'07:00' -> '0 7 * * *'."""
    hours, minutes = settings.monitor_time.split(":")
    return f"{int(minutes)} {int(hours)} * * *"


def deployments(settings: Settings | None = None) -> list[Any]:
    """The two deployments, as `serve` takes them. At most one run of each at a time: a slow
    delivery pass is not overtaken by the next minute's."""
    from prefect.schedules import Cron, Interval

    from flows.deliver_mail import deliver_mail
    from flows.monitor import monitor

    chosen = settings or get_settings()
    return [
        monitor.to_deployment(
            name=MONITOR_DEPLOYMENT,
            schedules=[Cron(monitor_cron(chosen), timezone=chosen.monitor_timezone)],
            concurrency_limit=1,
            description="De dagelijkse controle van de benoemingscyclus.",
            tags=["wijkraden"],
        ),
        deliver_mail.to_deployment(
            name=MAIL_DEPLOYMENT,
            schedules=[Interval(MAIL_INTERVAL_SECONDS)],
            concurrency_limit=1,
            description="Bezorgt de mail uit de outbox.",
            tags=["wijkraden"],
        ),
    ]


def serve_all() -> None:
    """Run both schedules in this process until it is stopped (blocks)."""
    from prefect import serve

    serve(*deployments())
