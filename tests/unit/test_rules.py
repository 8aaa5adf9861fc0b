"""Each rule of the mission, and its violation, on plain objects (no database)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from models import Area, Candidate, Council, Membership, Person, Term, rules
from models.enums import AreaKind, CandidateStatus, FindingResult, Role
from models.errors import DomainError

T0 = datetime(2029, 10, 1)
TERM = Term(id=1, election_year=2030, start_date=date(2030, 4, 3), end_date=date(2034, 3, 28))
RUWAARD = Area(id=7, slug="ruwaard", name="Ruwaard", kind=AreaKind.WIJK, max_seats=7, min_seats=3)
TABLE = {"5343": 7, "5351": 1}


def person(n: int, postcode: str | None = "5343AB", name: str | None = None) -> Person:
    return Person(
        id=n,
        name=name or f"Persoon {n}",
        email=f"p{n}@example.nl",
        postcode=postcode,
        house_number=str(n),
        created_at=T0,
    )


def candidate(
    n: int, status: CandidateStatus = CandidateStatus.INTERVIEWED, **flags: bool
) -> Candidate:
    return Candidate(id=n, person=person(n), applied_at=T0, status=status, **flags)


def council_with(members: int) -> Council:
    council = Council(id=1, area=RUWAARD, term=TERM)
    for n in range(members):
        council.memberships.append(
            Membership(
                id=n,
                person=person(100 + n),
                role=Role.LID,
                start_date=TERM.start_date,
                end_date=TERM.end_date,
            )
        )
    return council


# residence
def test_a_resident_passes() -> None:
    assert rules.residence(person(1), RUWAARD, TABLE).result == FindingResult.PASS


def test_someone_living_in_another_area_fails() -> None:
    verdict = rules.residence(person(1, "5351AA"), RUWAARD, TABLE)
    assert verdict.result == FindingResult.FAIL
    assert "Woont niet in het gebied Ruwaard" in verdict.reason


def test_an_unknown_postcode_needs_a_human_check_never_a_pass_or_fail() -> None:
    assert rules.residence(person(1, "9999ZZ"), RUWAARD, TABLE).result == FindingResult.NEEDS_CHECK
    assert rules.residence(person(1, None), RUWAARD, TABLE).result == FindingResult.NEEDS_CHECK


def test_a_member_must_be_resident_unless_a_person_confirmed_the_address() -> None:
    with pytest.raises(DomainError, match="moet in het gebied wonen"):
        rules.ensure_resident(rules.residence(person(1, "5351AA"), RUWAARD, TABLE))
    unknown = rules.residence(person(1, "9999ZZ"), RUWAARD, TABLE)
    with pytest.raises(DomainError, match="postcodetabel"):
        rules.ensure_resident(unknown)
    rules.ensure_resident(unknown, confirmed_by="J. Coördinator")


# politics and municipal employment
def test_politically_active_fails_and_inactive_passes() -> None:
    assert rules.politics(candidate(1, politically_active=True)).result == FindingResult.FAIL
    assert rules.politics(candidate(1, politically_active=False)).result == FindingResult.PASS


def test_working_for_the_municipality_fails() -> None:
    assert (
        rules.municipal_employment(candidate(1, municipal_employee=True)).result
        == FindingResult.FAIL
    )
    assert (
        rules.municipal_employment(candidate(1, municipal_employee=False)).result
        == FindingResult.PASS
    )


def test_one_failed_rule_makes_a_candidate_ineligible_and_a_check_holds_the_rest() -> None:
    passed = rules.politics(candidate(1))
    failed = rules.municipal_employment(candidate(1, municipal_employee=True))
    check = rules.residence(person(1, "9999ZZ"), RUWAARD, TABLE)
    assert rules.overall([passed, passed]) == CandidateStatus.ELIGIBLE
    assert rules.overall([passed, check]) == CandidateStatus.NEEDS_CHECK
    assert rules.overall([check, failed]) == CandidateStatus.INELIGIBLE


# committee member is never a candidate, in either order
def test_a_committee_member_cannot_apply() -> None:
    with pytest.raises(DomainError, match="voordrachtcommissie"):
        rules.ensure_not_on_committee(person(1), [person(2), person(1)])
    rules.ensure_not_on_committee(person(3), [person(2)])


def test_a_candidate_cannot_join_the_committee() -> None:
    with pytest.raises(DomainError, match="kandidaat"):
        rules.ensure_not_a_candidate(person(1), [person(1)])


def test_the_same_name_at_the_same_address_is_the_same_person_whatever_the_email() -> None:
    first = person(1, name="Jan de Bruin")
    second = Person(
        id=9,
        name="jan de bruin",
        email="anders@example.nl",
        postcode="5343AB",
        house_number="1",
        created_at=T0,
    )
    with pytest.raises(DomainError):
        rules.ensure_not_on_committee(second, [first])
    assert rules.committee_conflict(second, [first]).result == FindingResult.FAIL


# the committee is appointed by sitting members, or by the coördinator when none sit
def test_sitting_members_appoint_the_committee() -> None:
    council = council_with(3)
    sitting = council.sitting_on(date(2030, 5, 1))
    assert rules.ensure_appointers(sitting[:2], sitting) is False


def test_an_outsider_cannot_appoint_the_committee() -> None:
    council = council_with(3)
    sitting = council.sitting_on(date(2030, 5, 1))
    stranger = Membership(
        id=99, person=person(99), start_date=TERM.start_date, end_date=TERM.end_date
    )
    with pytest.raises(DomainError, match="geen zittend lid"):
        rules.ensure_appointers([stranger], sitting)


def test_with_sitting_members_someone_must_be_named_as_appointer() -> None:
    sitting = council_with(2).sitting_on(date(2030, 5, 1))
    with pytest.raises(DomainError, match="welke leden") as refused:
        rules.ensure_appointers([], sitting)
    assert refused.value.field == "appointed_by"  # the CLI says --appointed-by, the web its field


def test_without_sitting_members_the_coordinator_appoints() -> None:
    assert rules.ensure_appointers([], []) is True
    anyone = Membership(id=5, person=person(5), start_date=TERM.start_date, end_date=TERM.end_date)
    with pytest.raises(DomainError, match="wijkcoördinator"):
        rules.ensure_appointers([anyone], [])


# nominees: at most the free seats, only eligible interviewed candidates
def test_a_nomination_within_the_seats_passes() -> None:
    rules.ensure_nomination([candidate(1), candidate(2)], seats=2)


def test_more_nominees_than_seats_is_refused() -> None:
    with pytest.raises(DomainError, match="2 vrije zetels"):
        rules.ensure_nomination([candidate(1), candidate(2), candidate(3)], seats=2)


@pytest.mark.parametrize(
    "status", [CandidateStatus.INELIGIBLE, CandidateStatus.NEEDS_CHECK, CandidateStatus.ELIGIBLE]
)
def test_only_interviewed_eligible_candidates_can_be_nominated(status: CandidateStatus) -> None:
    with pytest.raises(DomainError, match="kan niet worden voorgedragen"):
        rules.ensure_nomination([candidate(1, status)], seats=7)


def test_a_nominee_once_and_at_least_one() -> None:
    with pytest.raises(DomainError, match="meer dan eens"):
        rules.ensure_nomination([candidate(1), candidate(1)], seats=7)
    with pytest.raises(DomainError):
        rules.ensure_nomination([], seats=7)


# only nominees are appointed; the appointment ends with the term
def test_only_nominees_are_appointed() -> None:
    rules.ensure_appointment([candidate(1)], {1, 2})
    with pytest.raises(DomainError, match="staat niet op de voordracht"):
        rules.ensure_appointment([candidate(3)], {1, 2})


def test_an_appointment_ends_with_the_term() -> None:
    assert rules.appointment_end(TERM) == date(2034, 3, 28)


# max seats
def test_a_council_never_exceeds_its_seats() -> None:
    rules.ensure_seat_free(council_with(6), date(2030, 5, 1))
    with pytest.raises(DomainError, match="7 zetels en nog 0 vrij"):
        rules.ensure_seat_free(council_with(7), date(2030, 5, 1))
    with pytest.raises(DomainError, match="geen 3 leden"):
        rules.ensure_seat_free(council_with(5), date(2030, 5, 1), extra=3)


def test_a_member_who_left_frees_the_seat() -> None:
    council = council_with(7)
    council.memberships[0].left_on = date(2031, 1, 1)
    council.memberships[0].leave_reason = "verhuisd"
    rules.ensure_seat_free(council, date(2031, 1, 1))
    with pytest.raises(DomainError):
        rules.ensure_seat_free(council, date(2030, 12, 31))
