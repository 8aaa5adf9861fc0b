"""Candidate and experiment statuses change only as their tables allow, each change audited."""

from __future__ import annotations

from datetime import datetime

import pytest

from models import Candidate, Experiment, Procedure
from models.enums import CandidateStatus, ExperimentStatus, ProcedureKind, Stage
from models.errors import DomainError
from models.statuses import CANDIDATE_EVENTS, CANDIDATE_LABELS, EXPERIMENT_EVENTS

NOW = datetime(2029, 11, 1, 9, 0)


def candidate(status: CandidateStatus) -> Candidate:
    procedure = Procedure(kind=ProcedureKind.RENEWAL, stage=Stage.SCREENING, seats=7)
    return Candidate(id=5, procedure=procedure, status=status)


def test_a_screened_candidate_becomes_eligible_and_the_change_is_audited() -> None:
    applicant = candidate(CandidateStatus.APPLIED)
    applicant.change_status("screened", CandidateStatus.ELIGIBLE, actor="system", now=NOW)
    assert applicant.status == CandidateStatus.ELIGIBLE
    event = applicant.procedure.audit_events[-1]
    assert (event.action, event.subject_type, event.subject_id) == (
        "candidate_screened",
        "candidate",
        5,
    )
    assert event.reason == "aangemeld → verkiesbaar"


@pytest.mark.parametrize(
    ("status", "event", "target"),
    [
        (CandidateStatus.INELIGIBLE, "interviewed", CandidateStatus.INTERVIEWED),
        (CandidateStatus.APPLIED, "nominated", CandidateStatus.NOMINATED),
        (CandidateStatus.INTERVIEWED, "decided", CandidateStatus.APPOINTED),
        (CandidateStatus.APPOINTED, "withdrawn", CandidateStatus.WITHDRAWN),
        (CandidateStatus.APPLIED, "screened", CandidateStatus.APPOINTED),
    ],
)
def test_a_change_outside_the_table_is_refused(status, event, target) -> None:  # type: ignore[no-untyped-def]
    someone = candidate(status)
    with pytest.raises(DomainError, match="kan niet naar"):
        someone.change_status(event, target, actor="system", now=NOW)
    assert someone.status == status and someone.procedure.audit_events == []


def test_every_status_has_a_dutch_label_and_is_reached_by_some_event() -> None:
    reached = {t for e in CANDIDATE_EVENTS.values() for t in e.targets} | {CandidateStatus.APPLIED}
    assert reached == set(CandidateStatus) == set(CANDIDATE_LABELS)


def test_an_experiment_is_evaluated_only_while_it_runs() -> None:
    experiment = Experiment(id=3, status=ExperimentStatus.PROPOSED)
    with pytest.raises(DomainError):
        experiment.change_status("stopped", ExperimentStatus.STOPPED)
    experiment.change_status("started", ExperimentStatus.RUNNING)
    experiment.change_status("continued", ExperimentStatus.CONTINUED)
    experiment.change_status("procedure_started", ExperimentStatus.PROCEDURE_STARTED)
    assert experiment.status == ExperimentStatus.PROCEDURE_STARTED
    assert {t for e in EXPERIMENT_EVENTS.values() for t in e.targets} | {
        ExperimentStatus.PROPOSED
    } == set(ExperimentStatus)
