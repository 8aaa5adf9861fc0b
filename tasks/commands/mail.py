"""Sending the outbox by hand (`wijkraad mail send`), as the schedule does every minute."""

from __future__ import annotations

from tasks.adapters import orchestrator


def send(limit: int | None = None) -> dict[str, int]:
    """Deliver every due message once (at most `limit`). Returns the counts per outcome."""

    def call() -> dict[str, int]:
        from flows.deliver_mail import deliver_mail

        return dict(deliver_mail(limit))

    return orchestrator.run_flow(call)
