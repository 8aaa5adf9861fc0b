"""Dutch labels for the status codes a person reads: candidates, screening findings,
experiments and mail. Tables, pages and reports show the label; JSON keeps the code."""

from __future__ import annotations

from enum import StrEnum

from models.enums import (
    CandidateStatus,
    ExperimentStatus,
    FindingResult,
    MessageStatus,
    ProcedureKind,
    Rule,
)

CANDIDATE: dict[CandidateStatus, str] = {
    CandidateStatus.APPLIED: "aangemeld",
    CandidateStatus.NEEDS_CHECK: "controle nodig",
    CandidateStatus.ELIGIBLE: "verkiesbaar",
    CandidateStatus.INELIGIBLE: "niet verkiesbaar",
    CandidateStatus.INTERVIEWED: "gesprek gevoerd",
    CandidateStatus.NOMINATED: "voorgedragen",
    CandidateStatus.NOT_NOMINATED: "niet voorgedragen",
    CandidateStatus.APPOINTED: "benoemd",
    CandidateStatus.NOT_APPOINTED: "niet benoemd",
    CandidateStatus.WITHDRAWN: "teruggetrokken",
    CandidateStatus.CANCELLED: "procedure gestopt",
}

FINDING: dict[FindingResult, str] = {
    FindingResult.PASS: "voldoet",
    FindingResult.FAIL: "voldoet niet",
    FindingResult.NEEDS_CHECK: "controle nodig",
}

RULE: dict[Rule, str] = {
    Rule.RESIDENCE: "woont in het gebied",
    Rule.POLITICS: "geen lokale politiek",
    Rule.MUNICIPAL_EMPLOYMENT: "niet bij de gemeente",
    Rule.COMMITTEE_CONFLICT: "niet in de commissie",
}

EXPERIMENT: dict[ExperimentStatus, str] = {
    ExperimentStatus.PROPOSED: "voorgesteld",
    ExperimentStatus.RUNNING: "loopt",
    ExperimentStatus.CONTINUED: "voortgezet",
    ExperimentStatus.STOPPED: "gestopt",
    ExperimentStatus.PROCEDURE_STARTED: "procedure gestart",
    ExperimentStatus.DISMISSED: "afgewezen",
    ExperimentStatus.LAPSED: "vervallen",
}

MESSAGE: dict[MessageStatus, str] = {
    MessageStatus.PENDING: "wacht op verzending",
    MessageStatus.SENDING: "wordt verzonden",
    MessageStatus.DELIVERED: "afgeleverd",
    MessageStatus.TEMPORARY_FAILURE: "tijdelijk mislukt",
    MessageStatus.PERMANENT_FAILURE: "definitief mislukt",
    MessageStatus.WITHDRAWN: "ingetrokken",
}

PROCEDURE_KIND: dict[ProcedureKind, str] = {
    ProcedureKind.RENEWAL: "vernieuwing",
    ProcedureKind.VACANCY: "tussentijdse vacature",
}


def kind(value: ProcedureKind | str) -> str:
    """The Dutch word for a procedure's kind."""
    code = value.value if isinstance(value, StrEnum) else str(value)
    return {k.value: v for k, v in PROCEDURE_KIND.items()}.get(code, code)


_BY_CODE: dict[str, str] = {  # a code two enums share ('withdrawn') is the candidate's here
    **{k.value: v for k, v in MESSAGE.items()},
    **{k.value: v for k, v in EXPERIMENT.items()},
    **{k.value: v for k, v in CANDIDATE.items()},
}
_MESSAGE_BY_CODE: dict[str, str] = {k.value: v for k, v in MESSAGE.items()}


def status(value: StrEnum | str | None) -> str:
    """The Dutch label of a candidate, experiment or mail status (a code it does not know is
    shown as it is)."""
    if value is None:
        return ""
    if isinstance(value, MessageStatus):
        return MESSAGE[value]
    code = value.value if isinstance(value, StrEnum) else str(value)
    return _BY_CODE.get(code, code)


def mail_status(value: StrEnum | str | None) -> str:
    """The Dutch label of a mail status ('ingetrokken'), also from its code."""
    if value is None:
        return ""
    code = value.value if isinstance(value, StrEnum) else str(value)
    return _MESSAGE_BY_CODE.get(code, code)


def finding(rule: Rule | str, result: FindingResult | str) -> str:
    """'woont in het gebied: voldoet'."""
    return f"{RULE.get(Rule(rule), str(rule))}: {FINDING.get(FindingResult(result), str(result))}"
