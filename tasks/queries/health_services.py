"""The doctor's checks of the services around the database: the SMTP server (EHLO, STARTTLS
and the login when configured; no mail is sent) and the Prefect server with both scheduled
deployments (read over its REST API, so the doctor does not import Prefect)."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import ssl
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import quote

import aiosmtplib

from tasks.adapters import orchestrator
from tasks.adapters.settings import Settings, get_settings
from tasks.queries.health import Check, Status

SMTP, PREFECT = "SMTP", "Prefect"
SMTP_TIMEOUT_SECONDS = 10.0
HTTP_TIMEOUT_SECONDS = 5.0
# The deployments of prefect.yaml and `wijkraad serve` (flows/serve.py): flow/deployment.
MONITOR_DEPLOYMENT = "monitor/monitor-daily"
MAIL_DEPLOYMENT = "deliver-mail/deliver-mail-every-minute"


# -- SMTP ------------------------------------------------------------------------------------


async def _smtp_handshake(settings: Settings, done: list[str]) -> None:
    """Connect, EHLO, STARTTLS and log in as configured, then QUIT; `done` names each step
    that succeeded (the last one missing is where it failed)."""
    context = (
        ssl.create_default_context(cafile=str(settings.smtp_ca_file))
        if settings.smtp_ca_file
        else None
    )
    client = aiosmtplib.SMTP(
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        use_tls=settings.smtp_security == "tls",
        start_tls=False,  # done below, as its own step
        tls_context=context,
        timeout=min(settings.mail_timeout_seconds, SMTP_TIMEOUT_SECONDS),
    )
    await client.connect()
    done.append("verbinding" + (" (TLS)" if settings.smtp_security == "tls" else ""))
    try:
        await client.ehlo()
        done.append("EHLO")
        if settings.smtp_security == "starttls":
            await client.starttls()
            await client.ehlo()
            done.append("STARTTLS")
        if settings.smtp_username:
            await client.login(settings.smtp_username, settings.smtp_password or "")
            done.append("aanmelding")
        await client.quit()
    finally:
        client.close()


def smtp() -> Check:
    settings = get_settings()
    if not settings.smtp_host:
        return Check(
            "smtp",
            SMTP,
            Status.WARNING,
            "Geen SMTP-server ingesteld: mail wordt als .eml-bestand geschreven naar "
            f"{settings.mail_dir.resolve()}.",
            "Stel WIJKRAAD_SMTP_HOST (en _PORT, _SECURITY, _USERNAME, _PASSWORD) in om mail "
            "echt te versturen.",
        )
    where = f"{settings.smtp_host}:{settings.smtp_port}"
    done: list[str] = []
    try:
        asyncio.run(_smtp_handshake(settings, done))
    except (aiosmtplib.SMTPException, OSError, TimeoutError, ssl.SSLError) as error:
        step = _next_step(settings, done)
        detail = str(error).strip().splitlines()[0][:200] if str(error).strip() else ""
        return Check(
            "smtp",
            SMTP,
            Status.ERROR,
            f"De SMTP-server {where} faalt bij {step} ({type(error).__name__}"
            + (f": {detail}" if detail else "")
            + ").",
            "Controleer WIJKRAAD_SMTP_HOST, _PORT en _SECURITY (en _USERNAME, _PASSWORD, "
            "_CA_FILE) en of de server vanaf deze machine bereikbaar is.",
        )
    return Check(
        "smtp",
        SMTP,
        Status.OK,
        f"De SMTP-server {where} antwoordt ({', '.join(done)}); er is geen mail verstuurd.",
    )


def _next_step(settings: Settings, done: list[str]) -> str:
    steps = ["de verbinding", "EHLO"]
    if settings.smtp_security == "starttls":
        steps.append("STARTTLS")
    if settings.smtp_username:
        steps.append("de aanmelding")
    return steps[min(len(done), len(steps) - 1)]


# -- Prefect ---------------------------------------------------------------------------------


def api_url() -> tuple[str | None, str]:
    """The Prefect server's API and where its address came from."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"].rstrip("/"), "PREFECT_API_URL"
    state = orchestrator.recorded()
    if state and state.get("url"):
        return str(state["url"]).rstrip("/"), "de lokale server van wijkraad"
    return None, ""


def _get(url: str) -> tuple[int, Any]:
    """GET a Prefect API path: (HTTP status, JSON body or None)."""
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    if os.environ.get("PREFECT_API_KEY"):
        request.add_header("Authorization", f"Bearer {os.environ['PREFECT_API_KEY']}")
    elif os.environ.get("PREFECT_API_AUTH_STRING"):
        token = base64.b64encode(os.environ["PREFECT_API_AUTH_STRING"].encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT_SECONDS) as reply:
            return reply.status, json.loads(reply.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, None


def _schedules(deployment: dict[str, Any]) -> list[str]:
    """The active schedules of a deployment, in words ('cron 0 7 * * * Europe/Amsterdam')."""
    described = []
    for entry in deployment.get("schedules") or []:
        if not entry.get("active", True):
            continue
        schedule = entry.get("schedule") or {}
        if schedule.get("cron"):
            described.append(f"cron {schedule['cron']} {schedule.get('timezone') or 'UTC'}")
        elif schedule.get("interval") is not None:
            described.append(f"elke {int(float(schedule['interval']))} s")
        elif schedule.get("rrule"):
            described.append(f"rrule {schedule['rrule']}")
    return described


def monitor_cron(settings: Settings) -> str:
    """WIJKRAAD_MONITOR_TIME as the cron of prefect.yaml ('07:00' -> '0 7 * * *')."""
    hours, minutes = settings.monitor_time.split(":")
    return f"{int(minutes)} {int(hours)} * * *"


def _deployment(api: str, name: str) -> tuple[str | None, str | None]:
    """(its schedules in words, or None with the problem in words)."""
    flow, deployment = name.split("/")
    status, body = _get(f"{api}/deployments/name/{quote(flow)}/{quote(deployment)}")
    if status == 404:
        return None, f"{name} bestaat niet"
    if status != 200 or not isinstance(body, dict):
        return None, f"{name} niet te lezen (HTTP {status})"
    if body.get("paused"):
        return None, f"{name} staat op pauze"
    schedules = _schedules(body)
    if not schedules:
        return None, f"{name} heeft geen actief schema"
    return f"{name} ({'; '.join(schedules)})", None


def prefect() -> Check:
    api, source = api_url()
    if api is None:
        return Check(
            "prefect",
            PREFECT,
            Status.WARNING,
            "Geen Prefect-server bekend: PREFECT_API_URL is niet ingesteld en er draait geen "
            "lokale server van wijkraad.",
            "Stel PREFECT_API_URL in op de server van de workers (productie), of draai de "
            "schema's met 'wijkraad serve'.",
        )
    if not orchestrator.healthy(api, timeout=HTTP_TIMEOUT_SECONDS):
        return Check(
            "prefect",
            PREFECT,
            Status.ERROR,
            f"De Prefect-server op {api} ({source}) antwoordt niet.",
            "Start de Prefect-server ('prefect server start', of als dienst) of controleer "
            "PREFECT_API_URL.",
        )
    found, problems = [], []
    for name in (MONITOR_DEPLOYMENT, MAIL_DEPLOYMENT):
        described, trouble = _deployment(api, name)
        if described:
            found.append(described)
        if trouble:
            problems.append(trouble)
    if problems:
        return Check(
            "prefect",
            PREFECT,
            Status.ERROR,
            f"De Prefect-server op {api} antwoordt, maar: {'; '.join(problems)}.",
            "Voer 'prefect deploy --all' uit in de checkout (prefect.yaml), of draai "
            "'wijkraad serve'; hervat een gepauzeerd schema in Prefect.",
        )
    verdict = f"De Prefect-server op {api} antwoordt; deployments: {', '.join(found)}."
    if f"cron {monitor_cron(get_settings())} " not in found[0]:  # found[0]: the monitor
        return Check(
            "prefect",
            PREFECT,
            Status.WARNING,
            verdict + f" Het schema van de controle wijkt af van WIJKRAAD_MONITOR_TIME "
            f"({get_settings().monitor_time}).",
            "Houd de cron in prefect.yaml gelijk aan WIJKRAAD_MONITOR_TIME en voer "
            "'prefect deploy --all' opnieuw uit.",
        )
    return Check("prefect", PREFECT, Status.OK, verdict)
