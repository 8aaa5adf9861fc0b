"""Interviews carry scores; the candidates list adds them up and puts the best first."""

from __future__ import annotations

import pytest

from tests.e2e.test_cli_procedure import ok
from tests.e2e.test_cli_procedure_refusals import apply, recruiting, refused

pytestmark = pytest.mark.usefixtures("prefect")


def test_interviews_need_scores_and_the_list_adds_them_up(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    proc, _ = recruiting(cli)
    first, second, third = (ok(apply(cli, proc, n))["id"] for n in (1, 2, 3))
    ok(cli("screen", str(proc), "--close-early", "--json"))

    message = refused(cli, table_counts, "interview", str(proc), str(first), "--note", "Fijn")
    assert "ten minste één score" in message

    def talk(candidate: int, *scores: str) -> None:
        args = [arg for score in scores for arg in ("--score", score)]
        ok(cli("interview", str(proc), str(candidate), *args, "--json"))

    talk(first, "gebied=3", "tijd=4")
    talk(second, "gebied=5", "tijd=4", "contact=5")
    talk(first, "gebied=5")  # a second talk: its scores count too
    rows = ok(cli("candidates", "list", str(proc), "--json"))
    assert [(r["id"], r["score_mean"], r["scored"]) for r in rows] == [
        (second, 4.67, 3),
        (first, 4.0, 2),
        (third, None, 0),
    ]
    table = cli("candidates", "list", str(proc)).stdout
    assert "gemiddelde" in table and "4,67" in table
    assert table.index("Nummer2") < table.index("Nummer1") < table.index("Nummer3")
