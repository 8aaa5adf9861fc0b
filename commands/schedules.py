"""Running the schedules in this process (`wijkraad serve`): the daily monitor and mail
delivery every minute, served as Prefect deployments until the process is stopped.

The flows are imported inside: only `serve` needs Prefect's deployments, no other command."""

from __future__ import annotations


def serve() -> None:
    """Serve both deployments (flows/serve.py); returns when the process is stopped."""
    from flows.serve import serve_all

    serve_all()
