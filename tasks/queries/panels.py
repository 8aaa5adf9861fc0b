"""Reads of the burgerpanel by lot: the coördinator's view (with names, for inviting), the public
record (pseudonyms only) and the registration form's features."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Experiment, Panel
from models.errors import DomainError, NotFound
from models.panel import AGE, UNSAID, Draw
from models.panel_record import feature_counts
from tasks.adapters.clock import today
from tasks.queries import lookup

ACTIVE = ("running", "continued")


def _panel(session: Session, experiment_id: int) -> Panel:
    panel = session.scalar(select(Panel).where(Panel.experiment_id == experiment_id))
    if panel is None:
        if session.get(Experiment, experiment_id) is None:
            raise NotFound(f"{experiment_id} bestaat niet.", field="experiment")
        raise DomainError(
            f"Experiment {experiment_id} is geen burgerpanel door loting.", field="experiment"
        )
    return panel


@dataclass(frozen=True)
class DrawState:
    """A recorded draw as the hand-over sees it."""

    pending: bool  # neither performed nor refused
    claimed: bool  # a worker holds it
    prepared_at: datetime  # when it was recorded (a draw is recorded once)
    failure: str | None  # why the lottery refused it (Dutch, features only)


def draw_state(session: Session, draw_id: int) -> DrawState | None:
    """None when the draw is gone."""
    row = session.execute(
        select(
            Draw.record.is_(None), Draw.failure, Draw.claimed_at, Draw.prepared_at, Draw.drawn_on
        ).where(Draw.id == draw_id)
    ).first()
    if row is None:
        return None
    unrecorded, failure, claimed_at, prepared_at, drawn_on = row
    recorded = prepared_at or datetime.combine(drawn_on, time())  # drawn before hand-overs
    pending = bool(unrecorded) and failure is None
    return DrawState(pending, claimed_at is not None, recorded, failure)


def records(panel: Panel) -> list[dict[str, Any]]:
    """The recorded draws, the public part only (pseudonyms, households, features)."""
    return [d.record for d in panel.draws if d.record is not None]


def panel(session: Session, experiment_id: int) -> dict[str, Any]:
    """The coördinator's view: the pool's size, the draws, the drawn with their answers."""
    found = _panel(session, experiment_id)
    confirmed = [m for m in found.pool if m.confirmed_at is not None]
    drawn = [m for m in confirmed if m.drawn_in is not None]
    return {
        "experiment_id": experiment_id,
        "area": found.experiment.area.slug,
        "area_name": found.experiment.area.name,
        "size": found.size,
        "registration_until": found.registration_until,
        "registration_open": today() <= found.registration_until and not found.draws,
        "quotas": found.quotas,
        "pool": len(confirmed),
        "draws": [
            {
                "number": d.number,
                "seed": d.seed,
                "drawn_on": d.drawn_on,
                "selected": (d.record or {}).get("selected", []),
                "pool": len((d.record or {}).get("pool", [])),
            }
            for d in found.draws
            if d.record is not None
        ],
        "drawn": [
            {
                "id": m.id,
                "pseudonym": m.pseudonym,
                "name": m.name,
                "draw": m.drawn_in,
                "features": m.features,
                "reply_until": m.reply_until,
                "answer": m.answer,
            }
            for m in drawn
        ],
        "to_invite": sum(1 for m in drawn if m.reply_until is None and m.answer is None),
        "sitting": sum(1 for m in drawn if m.sits),
        "accepted": sum(1 for m in drawn if m.answer == "accepted"),
        "published_on": found.published_on,
        "pending_draw": next((d.number for d in found.draws if d.pending), None),
        "refused_draw": next((d.failure for d in found.draws if d.failure is not None), None),
    }


@dataclass(frozen=True)
class Form:
    """What the public registration page asks."""

    slug: str
    area_name: str
    council_name: str
    size: int
    registration_until: Any
    open: bool
    features: dict[str, list[str]]  # feature -> options (UNSAID last where the quotas have it)
    asks_age: bool


def form_for(session: Session, slug: str) -> Form:
    area = lookup.area(session, slug)
    found = session.scalar(
        select(Panel)
        .join(Experiment, Experiment.id == Panel.experiment_id)
        .where(Experiment.area_id == area.id, Experiment.status.in_(ACTIVE))
        .order_by(Panel.id.desc())
    )
    if found is None:
        raise NotFound(f"In {area.name} loopt geen loting voor een burgerpanel.")
    features = {
        f: sorted(options, key=lambda o: o.lower() == UNSAID)
        for f, options in found.other_features.items()
    }
    return Form(
        slug=area.slug,
        area_name=area.name,
        council_name=area.council_name,
        size=found.size,
        registration_until=found.registration_until,
        open=today() <= found.registration_until and not found.draws,
        features=features,
        asks_age=any(q["feature"] == AGE for q in found.quotas),
    )


def public_record(session: Session, slug: str) -> dict[str, Any] | None:
    """The published record of the area's latest panel (None before it is published)."""
    area = lookup.area(session, slug)
    found = session.scalar(
        select(Panel)
        .join(Experiment, Experiment.id == Panel.experiment_id)
        .where(Experiment.area_id == area.id, Panel.published_on.is_not(None))
        .order_by(Panel.id.desc())
    )
    if found is None:
        return None
    return record_view(found)


def record_view(found: Panel) -> dict[str, Any]:
    draws = records(found)
    return {
        "experiment_id": found.experiment_id,
        "area_name": found.experiment.area.name,
        "size": found.size,
        "published_on": found.published_on,
        "draws": [
            r
            | {
                "counts": feature_counts(r),
                "people": sorted(
                    (
                        {
                            "id": p["id"],
                            "household": p["household"],
                            "probability": r["probabilities"].get(p["id"], 0.0),
                            "selected": p["id"] in r["selected"],
                        }
                        for p in r["pool"]
                    ),
                    key=lambda p: p["id"],
                ),
            }
            for r in draws
        ],
    }


def quotas_against_panel(session: Session, experiment_id: int) -> list[dict[str, Any]]:
    """Per quota: min, max, and how many of the current panel (drawn, not out) have it; the
    pool and the first draw per quota once that draw is recorded (an age band is derived on the
    day of the draw), None before."""
    found = _panel(session, experiment_id)
    kept = [m for m in found.pool if m.sits]
    first = next((d.record for d in found.draws if d.record), None)
    pool_features = {}
    for record in records(found):
        for p in record["pool"]:
            pool_features[p["id"]] = p["features"]
    rows = []
    for q in found.quotas:
        rows.append(
            q
            | {
                "panel": sum(
                    1
                    for m in kept
                    if pool_features.get(m.pseudonym, {}).get(q["feature"]) == q["value"]
                ),
                "pool": None
                if first is None
                else sum(1 for p in first["pool"] if p["features"].get(q["feature"]) == q["value"]),
                "drawn": None
                if first is None
                else sum(
                    1
                    for p in first["pool"]
                    if p["id"] in first["selected"]
                    and p["features"].get(q["feature"]) == q["value"]
                ),
            }
        )
    return rows


def panels_with_quotas(session: Session) -> list[dict[str, Any]]:
    """Every panel by lot with its quotas against the current panel (for the report)."""
    found = session.scalars(select(Panel).order_by(Panel.id)).all()
    return [
        {
            "experiment_id": p.experiment_id,
            "area_name": p.experiment.area.name,
            "size": p.size,
            "seeds": [d.seed for d in p.draws if d.record is not None],
            "quotas": quotas_against_panel(session, p.experiment_id),
        }
        for p in found
    ]
