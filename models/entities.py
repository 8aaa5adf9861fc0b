"""All entities in one import, so that the mapper registry is complete wherever one is used."""

from models.account import Account, LoginThrottle, WebSession
from models.advice import Advice
from models.application import Application, FormKey, PublicThrottle
from models.area import Area, Council, PostcodeArea, Term
from models.calendar import CalendarEvent
from models.candidacy import Candidate, Finding, Interview, Nomination, Nominee
from models.committee import CommitteeAppointer, CommitteeMember, NominationCommittee
from models.decision import BoardDecision, OnboardingTask
from models.monitor_run import MonitorRun
from models.outbox import OutboxAttachment, OutboxMessage
from models.panel import Draw, Panel, PoolMember
from models.participation import CouncilDecision, Experiment, Meeting
from models.people import Membership, Person
from models.procedure import AuditEvent, Procedure, Suspension
from models.roles import RoleChange

__all__ = [
    "Account",
    "Advice",
    "Application",
    "Area",
    "AuditEvent",
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
