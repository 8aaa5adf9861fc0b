"""The burgerpanel by lot, for the doors: volunteering and confirming, importing a pool, the draw
(recorded, then handed over to a worker as a Prefect flow with the draw's id as its only
parameter), inviting and answering, publishing the
record and verifying a published record.

Volunteering counts against the same rate limits as an application (per client address, per
e-mail address); the client address is used only for that count, as a digest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flows import launch
from flows.work import PanelDraw
from models.errors import DomainError, InvalidInput
from models.panel_record import from_csv, to_csv
from tasks.adapters import db, lottery
from tasks.adapters.csvfile import read_rows
from tasks.adapters.templating import render
from tasks.queries import panels as views
from tasks.steps import panels, throttle


@dataclass(frozen=True)
class Volunteer:
    area: str
    fields: dict[str, str]
    client_address: str = ""
    trap: str = ""  # the honeypot field: a person leaves it empty


def volunteer(command: Volunteer) -> None:
    """The same answer whatever happened behind it (a trap filled, a mail queued)."""
    if command.trap:
        throttle.hit(throttle.FORM_PER_ADDRESS, command.client_address)
        return

    def submit() -> None:
        with db.session_scope() as session:
            throttle.hit_in(session, throttle.FORM_PER_ADDRESS, command.client_address)
            throttle.hit_in(
                session, throttle.FORM_PER_EMAIL, (command.fields.get("email") or "").strip()
            )
        with db.session_scope() as session:
            panels.volunteer(session, command.area, command.fields)

    throttle.retrying(submit)


@dataclass(frozen=True)
class Confirmed:
    outcome: str  # confirmed | already | closed | refused
    area_name: str


def confirm(token: str, client_address: str = "") -> Confirmed:
    throttle.hit(throttle.CONFIRM_PER_ADDRESS, client_address)
    with db.session_scope() as session:
        outcome, member = panels.confirm(session, token)
        return Confirmed(outcome, member.panel.experiment.area.name)


def check(token: str, client_address: str = "") -> Confirmed:
    """Whether a confirmation link is valid, without using it."""
    throttle.hit(throttle.CONFIRM_PER_ADDRESS, client_address)
    with db.session_scope() as session:
        member = panels.by_confirm_token(session, token)
        used = "already" if member.confirmed_at is not None else "pending"
        return Confirmed(used, member.panel.experiment.area.name)


def import_pool(experiment_id: int, path: Path) -> int:
    with db.session_scope() as session:
        panel = panels.get(session, experiment_id)
        optional = list(panel.other_features)
    rows = read_rows(path, panels.IMPORT_COLUMNS, optional)
    missing = [f for f in optional if rows and f not in rows[0]]
    if missing:
        raise InvalidInput(f"{path.name}: ontbrekende kolommen: {', '.join(missing)}.")
    with db.session_scope() as session:
        return panels.import_rows(session, experiment_id, rows)


@dataclass(frozen=True)
class Drawn:
    experiment_id: int
    draw: int
    seed: int
    selected: list[str]  # pseudonymous pool ids
    probabilities: dict[str, float]
    pool: int
    algorithm: str


@dataclass(frozen=True)
class DrawStarted:
    """What became of a draw after the command: `drawn` once it is performed (the CLI waits
    for it); else `handed_over` (a worker performs it: the web, the CLI with --no-wait) or a
    `problem` (Dutch) that leaves it pending, to be handed over again."""

    experiment_id: int
    draw_id: int
    drawn: Drawn | None
    handed_over: bool = False
    problem: str | None = None


def draw(experiment_id: int, seed: int | None = None) -> DrawStarted:
    """Record the next draw (the first, or a replacement for declines and no answers), then
    hand it over as a piece of work (flows/launch.py): a worker performs it as a Prefect flow
    with the draw's id, or the CLI runs it here when no worker serves (it takes seconds to
    minutes). A draw prepared before and still pending is handed over again; it runs once.
    Quotas the pool cannot meet: refused, naming the features that are short."""
    with db.session_scope() as session:
        draw_id = panels.prepare(session, experiment_id, seed).id
    launched = launch.hand_over(PanelDraw(draw_id))
    with db.session_scope() as session:
        found = session.get(panels.Draw, draw_id)
        if found is not None and found.failure is not None:
            raise panels.QuotasShort(found.failure, field="quotas")
        record = found.record if found is not None else None
    if record is None:
        return DrawStarted(
            experiment_id,
            draw_id,
            None,
            handed_over=launched.handed_over and launched.problem is None,
            problem=launched.problem,
        )
    drawn = Drawn(
        experiment_id,
        record["draw"],
        record["seed"],
        record["selected"],
        record["probabilities"],
        len(record["pool"]),
        record.get("algorithm", "maximin"),
    )
    return DrawStarted(experiment_id, draw_id, drawn)


def invite(experiment_id: int, reply_days: int = panels.REPLY_DAYS) -> int:
    if not 1 <= reply_days <= 60:
        raise InvalidInput("antwoordtermijn: 1 tot 60 dagen.", field="reply_days")
    with db.session_scope() as session:
        return panels.invite(session, experiment_id, reply_days)


@dataclass(frozen=True)
class Answered:
    outcome: str  # accepted | declined | already | late
    area_name: str


def answer(token: str, accept: bool, client_address: str = "") -> Answered:
    throttle.hit(throttle.CONFIRM_PER_ADDRESS, client_address)
    with db.session_scope() as session:
        outcome, member = panels.answer(session, token, accept)
        return Answered(outcome, member.panel.experiment.area.name)


def reply_check(token: str, client_address: str = "") -> Answered:
    throttle.hit(throttle.CONFIRM_PER_ADDRESS, client_address)
    with db.session_scope() as session:
        member = panels.by_reply_token(session, token)
        return Answered(member.answer or "pending", member.panel.experiment.area.name)


@dataclass(frozen=True)
class Published:
    csv: Path
    html: Path


def publish(experiment_id: int, output: Path) -> Published:
    """Write the public record (CSV and HTML) into `output`; the council's public page shows
    it from now on."""
    if output.exists() and not output.is_dir():
        raise InvalidInput(f"'{output}' is geen map.", field="output")
    with db.session_scope() as session:
        panel = panels.mark_published(session, experiment_id)
        slug = panel.experiment.area.slug
        view = views.record_view(panel)
        records = views.records(panel)
    output.mkdir(parents=True, exist_ok=True)
    name = f"loting-{slug}-{experiment_id}"
    csv_path, html_path = output / f"{name}.csv", output / f"{name}.html"
    csv_path.write_text(to_csv(records), encoding="utf-8")
    html_path.write_text(render("publish/panel.html", record=view), encoding="utf-8")
    return Published(csv_path, html_path)


@dataclass(frozen=True)
class DrawCheck:
    draw: int
    same: bool
    recorded: list[str]
    again: list[str]
    probabilities_same: bool


@dataclass(frozen=True)
class Verified:
    same: bool
    draws: list[DrawCheck] = field(default_factory=list)


def verify(path: Path) -> Verified:
    """Re-run every draw of a published record and compare the panel (and the probabilities)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InvalidInput(f"Bestand '{path}' bestaat niet.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"Bestand '{path}' is niet te lezen.") from exc
    records = from_csv(text)
    for record in records:
        algorithm = record.get("algorithm", "maximin")
        if algorithm not in lottery.ALGORITHMS:
            raise InvalidInput(
                f"loting {record['draw']}: onbekend algoritme '{str(algorithm)[:40]}' "
                f"(bekend: {', '.join(lottery.ALGORITHMS)})."
            )
    checks = []
    for record in records:
        outcome = lottery.draw(
            record["size"],
            record["seed"],
            record["quotas"],
            record["pool"],
            record.get("algorithm", "maximin"),
        )
        again = sorted(outcome.selected)
        recorded = sorted(record["selected"])
        close = all(
            abs(outcome.probabilities.get(k, -1.0) - v) < 1e-5
            for k, v in record["probabilities"].items()
        )
        checks.append(DrawCheck(record["draw"], again == recorded, recorded, again, close))
    if not checks:
        raise DomainError("Het verslag bevat geen loting.")
    return Verified(all(c.same and c.probabilities_same for c in checks), checks)


def as_dict(drawn: Drawn) -> dict[str, Any]:
    return {
        "experiment_id": drawn.experiment_id,
        "draw": drawn.draw,
        "seed": drawn.seed,
        "selected": drawn.selected,
        "pool": drawn.pool,
        "probabilities": drawn.probabilities,
        "algorithm": drawn.algorithm,
    }
