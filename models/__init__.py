"""The domain of wijkraden: entities, rules, the procedure state machine.

This layer imports no other layer of the project; everything else builds on it.
"""

from models.base import Base
from models.entities import (
    Area,
    AuditEvent,
    BoardDecision,
    Candidate,
    CommitteeAppointer,
    CommitteeMember,
    Council,
    CouncilDecision,
    Experiment,
    Finding,
    Interview,
    Meeting,
    Membership,
    Nomination,
    NominationCommittee,
    Nominee,
    OnboardingTask,
    OutboxMessage,
    Person,
    PostcodeArea,
    Procedure,
    Suspension,
    Term,
)

__all__ = [
    "Area",
    "AuditEvent",
    "Base",
    "BoardDecision",
    "Candidate",
    "CommitteeAppointer",
    "CommitteeMember",
    "Council",
    "CouncilDecision",
    "Experiment",
    "Finding",
    "Interview",
    "Meeting",
    "Membership",
    "Nomination",
    "NominationCommittee",
    "Nominee",
    "OnboardingTask",
    "OutboxMessage",
    "Person",
    "PostcodeArea",
    "Procedure",
    "Suspension",
    "Term",
]
