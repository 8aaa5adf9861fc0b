"""Tables show the Dutch label of a status; JSON keeps the code."""

from __future__ import annotations

import pytest

from tests.e2e.test_cli_procedure import ok
from tests.e2e.test_cli_procedure_refusals import apply, recruiting

pytestmark = pytest.mark.usefixtures("prefect")


def test_candidate_and_mail_tables_speak_dutch(cli) -> None:  # type: ignore[no-untyped-def]
    proc, _ = recruiting(cli)
    ok(apply(cli, proc, 1))
    ok(apply(cli, proc, 2, "--municipal-employee"))
    ok(cli("screen", str(proc), "--close-early", "--json"))
    rows = ok(cli("candidates", "list", str(proc), "--json"))
    assert {r["status"] for r in rows} == {"eligible", "ineligible"}
    table = cli("candidates", "list", str(proc)).stdout
    assert "verkiesbaar" in table and "niet verkiesbaar" in table
    assert "niet bij de gemeente: voldoet niet" in table
    for code in ("eligible", "ineligible", "municipal_employment", "pass", "fail"):
        assert code not in table, code

    mails = ok(cli("mail", "list", "--json"))
    assert mails and {m["status"] for m in mails} == {"pending"}
    shown = cli("mail", "list").stdout
    assert "wacht op verzending" in shown and "pending" not in shown
    one = cli("mail", "show", str(mails[0]["id"]))
    assert one.exit_code == 0, one.stderr
    assert "(wacht op verzending)" in one.stdout
