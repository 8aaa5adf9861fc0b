"""Declarative base, naming convention and the enum column helper."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum, MetaData, event
from sqlalchemy.orm import DeclarativeBase, Mapper

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def enum_column(enum: type[StrEnum], name: str) -> Enum:
    """A portable enum: VARCHAR plus a CHECK constraint, on SQLite and PostgreSQL alike."""
    return Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(member.value) for member in enum),
        values_callable=lambda e: [member.value for member in e],
        validate_strings=True,
    )


@event.listens_for(Mapper, "before_configured")
def _load_every_entity() -> None:
    """Relationships name their targets by class name: before the mappers are configured
    (the first query, or an explicit configure), every entity is loaded, whichever module
    was imported first."""
    import models.entities  # noqa: F401
