"""The 11 areas of Oss, each with its own council (the seed of the areas table)."""

from __future__ import annotations

from dataclasses import dataclass

from models.enums import AreaKind

DEFAULT_MAX_SEATS = 7
DEFAULT_MIN_SEATS = 3


@dataclass(frozen=True)
class AreaSeed:
    slug: str
    name: str
    kind: AreaKind


AREAS: tuple[AreaSeed, ...] = (
    AreaSeed("berghem", "Berghem", AreaKind.DORP),
    AreaSeed("ravenstein", "Ravenstein", AreaKind.DORP),
    AreaSeed("herpen", "Herpen", AreaKind.DORP),
    AreaSeed("megen-haren-macharen", "Megen-Haren-Macharen", AreaKind.DORP),
    AreaSeed("lith", "Lith", AreaKind.DORP),
    AreaSeed("geffen", "Geffen", AreaKind.DORP),
    AreaSeed("ruwaard", "Ruwaard", AreaKind.WIJK),
    AreaSeed("oss-zuid", "Oss Zuid", AreaKind.WIJK),
    AreaSeed("oss-noord-west", "Oss Noord West", AreaKind.WIJK),
    AreaSeed("centrum-krinkelhoek-mettegeupel", "Centrum-Krinkelhoek-Mettegeupel", AreaKind.WIJK),
    AreaSeed("schadewijk", "Schadewijk", AreaKind.WIJK),
)

AREA_SLUGS: tuple[str, ...] = tuple(a.slug for a in AREAS)
