"""The council page (/raden/{slug}): members, experiments, meetings and decisions changed through
the same commands as the CLI, refused input with an error summary on top and nothing written,
closed procedures reachable again, and a lezer who sees everything and changes nothing."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import COORDINATOR, log_in

pytestmark = pytest.mark.usefixtures("accounts")


def _post(client, token: str, action: str, **data: str):  # type: ignore[no-untyped-def]
    return client.post(f"/raden/ruwaard/{action}", data={"csrf_token": token, **data})


def _member(client, token: str, name: str, email: str, number: str) -> int:  # type: ignore[no-untyped-def]
    answer = _post(
        client, token, "lid", name=name, email=email, postcode="5343 AB", house_number=number,
        role="lid", since="2026-05-01",
    )  # fmt: skip
    assert answer.status_code == 200 and "Het lid is toegevoegd." in answer.text, answer.text
    found = re.search(rf"<td>(\d+)</td><th scope=\"row\">{name}</th>", answer.text)
    assert found, "the new member is not in the table"
    return int(found.group(1))


def test_the_overview_links_each_council_to_its_page(coordinator) -> None:  # type: ignore[no-untyped-def]
    client, _ = coordinator
    overview = client.get("/").text
    links = re.findall(r'href="/raden/([a-z-]+)"', overview)
    assert len(links) == 11 and "ruwaard" in links
    page = client.get("/raden/ruwaard")
    assert page.status_code == 200 and "<h1>Wijkraad Ruwaard</h1>" in page.text
    assert client.get("/raden/bestaat-niet").status_code == 404


def test_members_are_added_given_a_role_and_leave(coordinator, table_counts) -> None:  # type: ignore[no-untyped-def]
    client, token = coordinator
    anna = _member(client, token, "Anna de Boer", "anna@example.org", "10")
    bert = _member(client, token, "Bert Jansen", "bert@example.org", "11")
    answer = _post(client, token, "functie", member=str(anna), role="voorzitter", date="")
    assert "De functie is vastgelegd." in answer.text
    assert re.search(r"Anna de Boer</th><td>voorzitter</td><td>1 mei 2026</td>", answer.text)
    answer = _post(client, token, "vertrek", member=str(bert), reason="verhuist naar Uden")
    assert "Het vertrek is vastgelegd." in answer.text
    assert (
        "Vertrokken in deze zittingsperiode" in answer.text and "verhuist naar Uden" in answer.text
    )
    # the audit trail names the account
    from sqlalchemy import select

    from models import AuditEvent
    from tasks.adapters.db import session_scope

    with session_scope() as session:
        actors = set(
            session.scalars(select(AuditEvent.actor).where(AuditEvent.subject_type != "account"))
        )
    assert actors == {"coordinator@oss.nl"}
    before = table_counts()
    answer = _post(client, token, "verhuizing", member=str(anna), postcode="", house_number="3")
    assert answer.status_code == 400
    assert "<title>Fout: Wijkraad Ruwaard" in answer.text
    assert '<a href="#verhuizing-postcode">Vul een postcode in, zoals 5345 AB.</a>' in answer.text
    assert 'id="verhuizing-postcode-fout">Vul een postcode in, zoals 5345 AB.</p>' in answer.text
    assert "autofocus" in answer.text and 'value="3"' in answer.text
    assert table_counts() == before


def test_an_empty_member_form_says_what_to_fill_in(coordinator, table_counts) -> None:  # type: ignore[no-untyped-def]
    client, token = coordinator
    before = table_counts()
    answer = _post(client, token, "lid", name="", email="", postcode="", house_number="")
    assert answer.status_code == 400
    summary = answer.text.split('class="error-summary"')[1].split("</div>")[0]
    assert "#lid-name" in summary and "Vul de naam in." in summary
    assert "novalidate" in answer.text
    assert table_counts() == before


def test_meetings_are_planned_moved_and_get_minutes_and_decisions(  # type: ignore[no-untyped-def]
    coordinator, monkeypatch
) -> None:
    client, token = coordinator
    _member(client, token, "Anna de Boer", "anna@example.org", "10")
    answer = _post(
        client, token, "vergadering", date="2026-12-10", time="20:00", agenda="1. Opening"
    )
    assert "De vergadering is vastgelegd" in answer.text, answer.text
    meeting = re.search(r'<option value="(\d+)">10-12-2026</option>', answer.text)
    assert meeting, "the planned meeting is not offered to move"
    answer = _post(client, token, "verplaatsen", meeting=meeting.group(1), date="2026-12-17")
    assert "De vergadering is verplaatst" in answer.text and "17 december 2026" in answer.text
    # minutes before the meeting: refused with the reason on top of the form
    answer = _post(client, token, "notulen", meeting=meeting.group(1), minutes="Opening.")
    assert answer.status_code == 400 and "pas na de vergadering" in answer.text
    monkeypatch.setenv("WIJKRAAD_NOW", "2026-12-18T10:00")
    token = log_in(client, COORDINATOR)  # the session ended while the clock moved on
    answer = _post(
        client, token, "notulen", meeting=meeting.group(1), minutes="Opening.\nSluiting."
    )
    assert "De notulen zijn vastgelegd" in answer.text and "Opening.\nSluiting." in answer.text
    answer = _post(
        client, token, "besluit", meeting=meeting.group(1), kind="subsidie",
        summary="Buurtfeest", amount="1.250,50", applicant="Piet Pietersen",
    )  # fmt: skip
    assert "Het besluit is vastgelegd." in answer.text and "Buurtfeest" in answer.text
    assert "1.250,50" in answer.text and "(inwoner, niet openbaar)" in answer.text
    answer = _post(client, token, "besluit", meeting=meeting.group(1), kind="subsidie",
                   summary="Zonder bedrag")  # fmt: skip
    assert answer.status_code == 400 and 'id="besluit-amount-fout"' in answer.text
    answer = _post(client, token, "besluit", meeting=meeting.group(1), kind="advies",
                   summary="Verkeersveiligheid Ruwaardlaan", text="Maak een zebrapad.")  # fmt: skip
    assert "Het besluit is vastgelegd." in answer.text
    advice = re.search(
        r'<a href="/adviezen/(\d+)">Advies \d+</a></th><td>Verkeersveiligheid', answer.text
    )
    assert advice and client.get(f"/adviezen/{advice.group(1)}").status_code == 200
    answer = _post(client, token, "besluiten-publiceren", year="2026")
    assert "De besluitenlijst is gepubliceerd." in answer.text


def test_an_experiment_starts_and_is_evaluated(coordinator) -> None:  # type: ignore[no-untyped-def]
    client, token = coordinator
    answer = _post(
        client, token, "experiment", form="buurtpanel", decided_with_college_on="2026-11-20",
        evaluate_on="2027-06-01", reason="Te weinig kandidaten",
    )  # fmt: skip
    assert "Het experiment is gestart." in answer.text, answer.text
    experiment = re.search(r'<option value="(\d+)">\d+: buurtpanel</option>', answer.text)
    assert experiment
    answer = _post(
        client, token, "experiment-evalueren", experiment=experiment.group(1),
        outcome="Goed bezocht", decision="continue", evaluate_on="2027-12-01",
    )  # fmt: skip
    assert "De evaluatie is vastgelegd." in answer.text and "Goed bezocht" in answer.text
    answer = _post(client, token, "experiment-evalueren", experiment=experiment.group(1),
                   outcome="", decision="")  # fmt: skip
    assert answer.status_code == 400 and "Fout:" in answer.text


def test_closed_procedures_are_listed_and_paged(coordinator) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    import models
    from models.enums import ProcedureKind, Stage
    from tasks.adapters.db import session_scope
    from tasks.queries import lookup

    with session_scope() as session:
        area = lookup.area(session, "ruwaard")
        council = lookup.council(
            session, area, lookup.term_covering(session, datetime(2027, 1, 1).date())
        )
        for n in range(30):
            moment = datetime(2026, 6, 1, 9)
            session.add(
                models.Procedure(
                    area_id=area.id, council_id=council.id, term_id=council.term_id,
                    kind=ProcedureKind.VACANCY, stage=Stage.CANCELLED, seats=1,
                    opened_at=moment, stage_entered_at=moment, closed_at=moment,
                    suspended_days=0, cancel_reason=f"test {n}",
                )
            )  # fmt: skip
    client, _ = coordinator
    first = client.get("/raden/ruwaard").text
    assert "Afgesloten procedures (30)" in first and "Pagina 1 van 2" in first
    assert len(re.findall(r'href="/procedures/\d+"', first)) == 25
    second = client.get("/raden/ruwaard?pagina=2").text
    assert len(re.findall(r'href="/procedures/\d+"', second)) == 5


def test_a_lezer_sees_the_page_and_changes_nothing(lezer, table_counts) -> None:  # type: ignore[no-untyped-def]
    client, token = lezer
    page = client.get("/raden/ruwaard")
    assert page.status_code == 200 and '<form method="post" action="/raden/' not in page.text
    before = table_counts()
    answer = _post(client, token, "lid", name="X", email="x@example.org", postcode="5343 AB",
                   house_number="1")  # fmt: skip
    assert answer.status_code == 403
    assert table_counts() == before


def test_members_are_imported_and_the_appointments_published(coordinator, table_counts) -> None:  # type: ignore[no-untyped-def]
    client, token = coordinator
    csv = (
        "area,name,email,postcode,house_number\n"
        "ruwaard,Anna de Boer,anna@example.org,5343 AB,10\n"
        "ruwaard,Bert Jansen,bert@example.org,5343 AB,11\n"
    )
    answer = client.post(
        "/raden/ruwaard/leden-inlezen",
        data={"csrf_token": token},
        files={"file": ("leden.csv", csv.encode(), "text/csv")},
    )
    assert "De leden zijn ingelezen." in answer.text
    assert "Anna de Boer" in answer.text and "Bert Jansen" in answer.text
    before = table_counts()
    answer = client.post(
        "/raden/ruwaard/leden-inlezen",
        data={"csrf_token": token},
        files={"file": ("leden.csv", b"area,name\nruwaard,X\n", "text/csv")},
    )
    assert answer.status_code == 400 and "Fout:" in answer.text and table_counts() == before
    answer = _post(client, token, "benoemingen-publiceren", term="2026")
    assert "De lijst van benoemingsbesluiten is gepubliceerd." in answer.text


def test_the_stalled_page_names_the_council_and_links_to_its_page(
    procedure_id: int,
    anonymous,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A coördinator read 'lith', the area's code, where the council's name belongs."""
    import models
    from models.enums import Stage
    from tasks.adapters.db import session_scope

    with session_scope() as session:  # screening, its dates long past
        session.get(models.Procedure, procedure_id).stage = Stage.SCREENING  # type: ignore[union-attr]
    monkeypatch.setenv("WIJKRAAD_NOW", "2028-06-01T09:00")
    log_in(anonymous, COORDINATOR)
    page = anonymous.get("/stalled").text
    assert f'href="/procedures/{procedure_id}"' in page
    assert '<a href="/raden/lith">Dorpsraad Lith</a>' in page
    assert "<td>lith</td>" not in page
