"""Every status a person reads has a Dutch label; a code it does not know stays as it is."""

from __future__ import annotations

from models import labels
from models.enums import CandidateStatus, ExperimentStatus, FindingResult, MessageStatus, Rule


def test_every_status_has_a_dutch_label() -> None:
    for enum in (CandidateStatus, ExperimentStatus, MessageStatus):
        for member in enum:
            text = labels.status(member)
            assert text and text != member.value, member
    assert labels.status("delivered") == "afgeleverd"
    assert labels.status("proposed") == "voorgesteld"
    assert labels.status("continued") == "voortgezet"
    assert labels.status("iets_anders") == "iets_anders" and labels.status(None) == ""
    for rule in Rule:
        for result in FindingResult:
            assert "_" not in labels.finding(rule, result)
