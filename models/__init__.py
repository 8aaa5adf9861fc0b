"""The domain of wijkraden: entities, rules, the procedure state machine.

This layer imports no other layer of the project; everything else builds on it.

The entities are loaded on first use (`models.Procedure`, `from models import Area`), not when a
module of this package is imported: `models.enums`, `models.errors`, `models.stages` and the like
stay free of the ORM, so a read that does not map entities (`wijkraad status --json`) never pays
for the mapper registry. Whatever configures the mappers loads every entity first (the
`before_configured` hook in models/base.py), so the registry is always complete.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from models.base import Base
    from models.entities import (
        Account,
        Advice,
        Application,
        Area,
        AuditEvent,
        BoardDecision,
        CalendarEvent,
        Candidate,
        CommitteeAppointer,
        CommitteeMember,
        Council,
        CouncilDecision,
        Draw,
        Experiment,
        Finding,
        FormKey,
        Interview,
        LoginThrottle,
        Meeting,
        Membership,
        MonitorRun,
        Nomination,
        NominationCommittee,
        Nominee,
        OnboardingTask,
        OutboxAttachment,
        OutboxMessage,
        Panel,
        Person,
        PoolMember,
        PostcodeArea,
        Procedure,
        PublicThrottle,
        RoleChange,
        Suspension,
        Term,
        WebSession,
    )

__all__ = [
    "Account",
    "Advice",
    "Application",
    "Area",
    "AuditEvent",
    "Base",
    "BoardDecision",
    "CalendarEvent",
    "Candidate",
    "CommitteeAppointer",
    "CommitteeMember",
    "Council",
    "CouncilDecision",
    "Draw",
    "Experiment",
    "Finding",
    "FormKey",
    "Interview",
    "LoginThrottle",
    "Meeting",
    "Membership",
    "MonitorRun",
    "Nomination",
    "NominationCommittee",
    "Nominee",
    "OnboardingTask",
    "OutboxAttachment",
    "OutboxMessage",
    "Panel",
    "Person",
    "PoolMember",
    "PostcodeArea",
    "Procedure",
    "PublicThrottle",
    "RoleChange",
    "Suspension",
    "Term",
    "WebSession",
]


def __getattr__(name: str) -> Any:
    """`models.X` for an entity or Base: loads every entity, then answers from them."""
    if name not in __all__:
        raise AttributeError(f"module 'models' has no attribute '{name}'")
    from models import base, entities

    value = base.Base if name == "Base" else getattr(entities, name)
    globals()[name] = value
    return value
