"""The closed vocabularies of the domain, stored as strings with CHECK constraints."""

from enum import StrEnum


class AreaKind(StrEnum):
    WIJK = "wijk"
    DORP = "dorp"


class Role(StrEnum):
    VOORZITTER = "voorzitter"
    SECRETARIS = "secretaris"
    PENNINGMEESTER = "penningmeester"
    LID = "lid"


class ProcedureKind(StrEnum):
    RENEWAL = "renewal"
    VACANCY = "vacancy"


class Stage(StrEnum):
    COMMITTEE_FORMING = "committee_forming"
    RECRUITING = "recruiting"
    SCREENING = "screening"
    NOMINATING = "nominating"
    AWAITING_DECISION = "awaiting_decision"
    ONBOARDING = "onboarding"
    COMPLETED = "completed"
    SUSPENDED = "suspended"
    CANCELLED = "cancelled"


CLOSED_STAGES = frozenset({Stage.COMPLETED, Stage.CANCELLED})


class FollowUp(StrEnum):
    """The flow that follows a recorded step of a procedure. Set with the step, in the same
    transaction; cleared by the flow's last task. Still set: the step is pending, and running
    the same command again, or the daily monitor, finishes it."""

    REQUEST_COMMITTEE = "request_committee"
    OPEN_RECRUITMENT = "open_recruitment"
    SCREEN_CANDIDATES = "screen_candidates"
    SUBMIT_NOMINATION = "submit_nomination"
    RECORD_BOARD_DECISION = "record_board_decision"
    COMPLETE_ONBOARDING = "complete_onboarding"


class CandidateStatus(StrEnum):
    APPLIED = "applied"
    NEEDS_CHECK = "needs_check"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    INTERVIEWED = "interviewed"
    NOMINATED = "nominated"
    NOT_NOMINATED = "not_nominated"
    APPOINTED = "appointed"
    NOT_APPOINTED = "not_appointed"
    WITHDRAWN = "withdrawn"
    CANCELLED = "cancelled"  # the procedure was cancelled before their outcome was decided


class Rule(StrEnum):
    RESIDENCE = "residence"
    POLITICS = "politics"
    MUNICIPAL_EMPLOYMENT = "municipal_employment"
    COMMITTEE_CONFLICT = "committee_conflict"


class FindingResult(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NEEDS_CHECK = "needs_check"


class ExperimentStatus(StrEnum):
    PROPOSED = "proposed"
    RUNNING = "running"
    CONTINUED = "continued"
    STOPPED = "stopped"
    PROCEDURE_STARTED = "procedure_started"
    DISMISSED = "dismissed"
    LAPSED = "lapsed"  # a proposal whose shortage is gone


class DecisionKind(StrEnum):
    SUBSIDIE = "subsidie"
    ADVIES = "advies"


class MessageStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    DELIVERED = "delivered"
    TEMPORARY_FAILURE = "temporary_failure"
    PERMANENT_FAILURE = "permanent_failure"
    WITHDRAWN = "withdrawn"  # no longer true before it was sent


class Actor(StrEnum):
    """Who caused an audit event when it was not a named person."""

    COORDINATOR = "coordinator"
    SYSTEM = "system"


class AdviceOutcome(StrEnum):
    """What B&W did with a council's advice."""

    ADOPTED = "overgenomen"
    PARTLY_ADOPTED = "deels_overgenomen"
    NOT_ADOPTED = "niet_overgenomen"
