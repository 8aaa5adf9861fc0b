"""The overview, a procedure's page and the council pages read the database a fixed number of
times, whatever the history: no statement per procedure, area, candidate, message, meeting or
advice (an N+1 would grow with it).
Counted with SQLAlchemy's cursor events around one request; bench/web.py measures the time."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from bench.web import seed as history
from tests.statements import counted

# The most statements each page may take, the login gate's included (its session lookup).
OVERVIEW_STATEMENTS = 9  # 2 for the running term's timeline; 15-23 before, growing
PROCEDURE_STATEMENTS = 12  # 11 closed; open: +1 for who appoints the committee (one statement,
# the seats of a late renewal's ending term included; 5 before, 16 in all); 19-21 before that
COUNCIL_STATEMENTS = 11  # members with their people in one, procedures with their term's year,
# meetings of one year with their decisions, advice; 15 before (and every meeting of every year)
PUBLIC_COUNCIL_STATEMENTS = 9  # no session to look up


def statements_for(client: TestClient, path: str) -> list[str]:
    assert client.get(path).status_code == 200, path  # warm: the first request loads caches
    with counted() as statements:
        answer = client.get(path)
    assert answer.status_code == 200, path
    return [s for s in statements if s.strip().upper() not in ("BEGIN", "COMMIT", "ROLLBACK")]


def pages(client: TestClient, rich: int, screening: list[int]) -> dict[str, int]:
    assert screening, "no procedure in screening to show"
    paths = {
        "/": "/",
        "closed": f"/procedures/{rich}",
        "screening": f"/procedures/{screening[0]}",
        "council": "/raden/berghem",  # the council with meetings, decisions and advice
        "public": "/wijkraden/berghem",
    }
    return {name: len(statements_for(client, path)) for name, path in paths.items()}


@pytest.mark.usefixtures("db")
def test_the_pages_take_as_many_statements_with_ten_or_forty_procedures_of_history(
    app,  # type: ignore[no-untyped-def]
) -> None:
    from tests.web.conftest import log_in

    small = history(10, 3)
    with TestClient(app) as client:
        log_in(client, "bench@oss.nl", "een lang wachtwoord")
        before = pages(client, *small)
        large = history(30, 8, first=False)  # more history, more procedures in screening
        after = pages(client, *large)
    assert before == after, (before, after)
    assert after["/"] <= OVERVIEW_STATEMENTS, after
    assert after["closed"] <= PROCEDURE_STATEMENTS, after
    assert after["screening"] <= PROCEDURE_STATEMENTS, after
    assert after["council"] <= COUNCIL_STATEMENTS, after
    assert after["public"] <= PUBLIC_COUNCIL_STATEMENTS, after


def test_a_procedure_page_writes_nothing_when_the_current_council_has_no_row(
    procedure_id: int, anonymous: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page is a read: asking who appoints the committee once a new term began (its council
    not yet a row) created that row inside the page's read, which met a worker's write on SQLite
    as 'database is locked' (a 500 in the browser)."""
    from tests.web.conftest import COORDINATOR, log_in

    monkeypatch.setenv("WIJKRAAD_NOW", "2030-05-01T09:00")
    log_in(anonymous, COORDINATOR)
    with counted() as statements:
        answer = anonymous.get(f"/procedures/{procedure_id}")
    assert answer.status_code == 200
    assert statements, "the page ran no statement at all"
    writes = [s for s in statements if s.lstrip().upper().startswith(("INSERT", "DELETE"))]
    assert not writes, writes
