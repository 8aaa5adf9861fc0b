"""The delivery flow: send every due outbox message once.

Orchestration only: the flow runs a whole delivery pass of tasks.delivery as a plain call (a
task per message would cost more than sending it; one task for the pass added a task run's
cost, ~10 ms, to every delivery, for an outline the local server does not record). Parameters
and results are counts; recipients, addresses and texts are read from the database inside the
pass and never reach Prefect.
"""

from __future__ import annotations

from prefect import flow, get_run_logger

from flows.runtime import FLOW_OPTIONS
from tasks.mail import delivery


@flow(name="deliver-mail", **FLOW_OPTIONS)
def deliver_mail(limit: int | None = None) -> dict[str, int]:
    """Send due messages (at most `limit`); returns how many were claimed, delivered,
    failed temporarily (retried later) and failed permanently."""
    report = delivery.deliver_due(limit).as_dict()
    get_run_logger().info(
        "mail: %(claimed)d claimed, %(delivered)d delivered, %(temporary_failure)d retry later, "
        "%(permanent_failure)d failed permanently",
        report,
    )
    return report
