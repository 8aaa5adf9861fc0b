"""A burgerpanel drawn by lot: an experiment form.

Residents volunteer into a pool (or the coördinator imports one); after the registration
deadline a seeded stratified draw picks the panel within the quotas per feature value, one
person per household. Every draw is recorded with pseudonymous ids only, so that anyone can
re-run it from the published record. The selected are invited and accept or decline; a decline
or no answer is replaced by a second draw from the same pool within what is left of the quotas.

The quota rules and the age bands live here; the draw itself is tasks/adapters/lottery.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base
from models.errors import InvalidInput

if TYPE_CHECKING:
    from models.participation import Experiment

AGE = "leeftijd"
AGE_BANDS = ("16-34", "35-64", "65+")
MINIMUM_AGE = 16
UNSAID = "zeg ik liever niet"
CONFIRMATION_VALID = timedelta(hours=72)
REPLY_DAYS = 14  # the selected answer within this many days


def age_band(birth_year: int, on: date) -> str | None:
    """The age band on the day of the draw, from the birth year alone (the age a person
    reaches that calendar year); None under 16."""
    age = on.year - birth_year
    if age < MINIMUM_AGE:
        return None
    if age <= 34:
        return "16-34"
    if age <= 64:
        return "35-64"
    return "65+"


@dataclass(frozen=True)
class Quota:
    feature: str
    value: str
    min: int
    max: int

    def as_dict(self) -> dict[str, Any]:
        return {"feature": self.feature, "value": self.value, "min": self.min, "max": self.max}


def quotas_from(rows: list[dict[str, Any]]) -> list[Quota]:
    return [Quota(r["feature"], r["value"], int(r["min"]), int(r["max"])) for r in rows]


def features_of(quotas: list[Quota]) -> dict[str, list[str]]:
    """Feature -> its values, in the order of the quotas."""
    found: dict[str, list[str]] = {}
    for quota in quotas:
        found.setdefault(quota.feature, []).append(quota.value)
    return found


def parse_quotas(rows: list[dict[str, str]], size: int) -> list[Quota]:
    """The quotas of a CSV `feature,value,min,max`; every problem named, by row. Refused when
    the quotas of a feature cannot add up to the panel's size."""
    problems: list[str] = []
    quotas: list[Quota] = []
    seen: set[tuple[str, str]] = set()
    for number, row in enumerate(rows, start=2):
        feature = " ".join((row.get("feature") or "").split()).lower()
        value = " ".join((row.get("value") or "").split())
        if not feature or not value:
            problems.append(f"regel {number}: kenmerk en waarde zijn verplicht.")
            continue
        if len(feature) > 40 or len(value) > 60 or not feature.replace("_", "").isalnum():
            problems.append(
                f"regel {number}: kenmerk '{feature[:40]}' is geen korte naam (letters, "
                "cijfers, _)."
            )
            continue
        if feature in ("name", "email", "postcode", "house_number", "birth_year"):
            problems.append(f"regel {number}: '{feature}' is geen kenmerk om op te loten.")
            continue
        bounds: list[int] = []
        for key in ("min", "max"):
            raw = (row.get(key) or "").strip()
            if not raw.isdigit() or len(raw) > 4:
                problems.append(f"regel {number}: {key} '{raw[:10]}' is geen geheel getal ≥ 0.")
            else:
                bounds.append(int(raw))
        if len(bounds) < 2:
            continue
        if bounds[0] > bounds[1]:
            problems.append(f"regel {number}: min ({bounds[0]}) is groter dan max ({bounds[1]}).")
            continue
        if (feature, value.lower()) in seen:
            problems.append(f"regel {number}: {feature} {value} staat er al.")
            continue
        seen.add((feature, value.lower()))
        quotas.append(Quota(feature, value, bounds[0], bounds[1]))
    if not problems and not quotas:
        problems.append("het quotabestand bevat geen regels.")
    features = features_of(quotas)
    if AGE in features and sorted(features[AGE]) != sorted(AGE_BANDS):
        problems.append(
            f"{AGE}: de leeftijdsgroepen zijn precies {', '.join(AGE_BANDS)} (afgeleid van het "
            "geboortejaar op de dag van de loting)."
        )
    for feature in features:
        low = sum(q.min for q in quotas if q.feature == feature)
        high = sum(q.max for q in quotas if q.feature == feature)
        if not low <= size <= high:
            problems.append(
                f"{feature}: de quota tellen op tot {low} à {high} personen, maar het panel telt "
                f"{size} leden; zo kan de loting nooit slagen."
            )
    if problems:
        raise InvalidInput(problems, heading="De quota kloppen niet:")
    return quotas


def remaining_quotas(quotas: list[Quota], kept: list[dict[str, str]]) -> list[Quota]:
    """What is left of the quotas after the members already kept (a replacement draw)."""
    left = []
    for q in quotas:
        taken = sum(1 for features in kept if features.get(q.feature) == q.value)
        left.append(Quota(q.feature, q.value, max(0, q.min - taken), max(0, q.max - taken)))
    return left


def shortages(quotas: list[Quota], pool: list[dict[str, Any]], size: int) -> list[str]:
    """Dutch lines naming each feature value the pool cannot fill: fewer households with that
    value than its minimum, or fewer households than the panel's size."""
    lines = []
    households = {p["household"] for p in pool}
    if len(households) < size:
        lines.append(
            f"de pool telt {len(households)} huishoudens, het panel {size} leden "
            "(één persoon per adres)."
        )
    for q in quotas:
        having = {p["household"] for p in pool if p["features"].get(q.feature) == q.value}
        if len(having) < q.min:
            lines.append(
                f"{q.feature} '{q.value}': minimaal {q.min} nodig, de pool heeft er "
                f"{len(having)} (uit verschillende huishoudens)."
            )
    return lines


class Panel(Base):
    """The panel of an experiment of the form `loting`."""

    __tablename__ = "panels"

    id: Mapped[int] = mapped_column(primary_key=True)
    experiment_id: Mapped[int] = mapped_column(ForeignKey("experiments.id"), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    registration_until: Mapped[date] = mapped_column(Date)
    quotas: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    published_on: Mapped[date | None] = mapped_column(Date)
    purged_at: Mapped[datetime | None] = mapped_column(DateTime)

    experiment: Mapped[Experiment] = relationship()
    pool: Mapped[list[PoolMember]] = relationship(back_populates="panel", order_by="PoolMember.id")
    draws: Mapped[list[Draw]] = relationship(back_populates="panel", order_by="Draw.number")

    @property
    def quota_list(self) -> list[Quota]:
        return quotas_from(self.quotas)

    @property
    def other_features(self) -> dict[str, list[str]]:
        """The features a volunteer states (all but the age band)."""
        return {f: v for f, v in features_of(self.quota_list).items() if f != AGE}


class PoolMember(Base):
    """A volunteer in the pool; counts once the e-mail address is confirmed (or imported).
    `pseudonym` is the id published in the record; it says nothing about the person."""

    __tablename__ = "panel_pool"
    __table_args__ = (UniqueConstraint("panel_id", "pseudonym", name="uq_panel_pool_pseudonym"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panels.id"), index=True)
    pseudonym: Mapped[str] = mapped_column(String(16))
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    postcode: Mapped[str | None] = mapped_column(String(6))
    house_number: Mapped[str | None] = mapped_column(String(16))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    features: Mapped[dict[str, str]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(16))  # web | import
    nonce: Mapped[str] = mapped_column(String(64))
    token_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    submitted_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # after the draw: selected in draw N, invited, answered
    drawn_in: Mapped[int | None] = mapped_column(Integer)
    reply_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    reply_until: Mapped[date | None] = mapped_column(Date)
    answer: Mapped[str | None] = mapped_column(String(16))  # accepted | declined | no_answer
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)

    panel: Mapped[Panel] = relationship(back_populates="pool")

    @property
    def household(self) -> str:
        return f"{self.postcode or ''} {(self.house_number or '').lower()}"

    @property
    def sits(self) -> bool:
        """Drawn and not (yet) out: invited awaiting an answer, or accepted."""
        return self.drawn_in is not None and self.answer in (None, "accepted")

    def forget_personal_data(self) -> None:
        self.name = self.email = self.postcode = self.house_number = None
        self.birth_year = None


class Draw(Base):
    """One draw of a panel: the first, or a replacement. `record` is what is published: the
    seed, the algorithm, the quotas, the pool as pseudonymous ids with their feature values
    and household numbers, the selected and each volunteer's selection probability.

    A draw is recorded (prepared) before it runs, and a worker performs it: pending while it
    has neither a record nor a `failure`; `claimed_at` says a worker holds it."""

    __tablename__ = "panel_draws"
    __table_args__ = (UniqueConstraint("panel_id", "number", name="uq_panel_draws_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("panels.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(Integer)
    drawn_on: Mapped[date] = mapped_column(Date)
    drawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    record: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    prepared_at: Mapped[datetime | None] = mapped_column(DateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    failure: Mapped[str | None] = mapped_column(String(500))  # Dutch; names features only

    panel: Mapped[Panel] = relationship(back_populates="draws")

    @property
    def pending(self) -> bool:
        """Recorded, not yet performed (nor refused by the lottery)."""
        return self.record is None and self.failure is None
