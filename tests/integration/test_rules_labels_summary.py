"""The simulation's closing line, the report's experiment column and the procedure table speak
Dutch; JSON keeps the codes."""

from __future__ import annotations

import pytest

from models import Experiment
from models.enums import ExperimentStatus
from simulation.run import mail_counts
from tasks.queries.cycle_summary import _experiment_label
from tests.e2e.test_cli_procedure import ok


def test_the_closing_line_counts_mail_in_dutch() -> None:
    assert mail_counts({"delivered": 751}) == "afgeleverd: 751"
    assert mail_counts({"permanent_failure": 2, "delivered": 9}) == (
        "afgeleverd: 9, definitief mislukt: 2"
    )


@pytest.mark.parametrize(
    ("status", "form", "shown"),
    [
        (ExperimentStatus.PROPOSED, None, "voorgesteld"),
        (ExperimentStatus.CONTINUED, "buurtpanel", "buurtpanel (voortgezet)"),
        (ExperimentStatus.LAPSED, None, "vervallen"),
    ],
)
def test_the_report_names_an_experiment_status_in_dutch(status, form, shown) -> None:  # type: ignore[no-untyped-def]
    assert _experiment_label(Experiment(status=status, form=form)) == shown


@pytest.mark.usefixtures("prefect")
def test_the_procedure_table_names_the_kind_in_dutch(cli) -> None:  # type: ignore[no-untyped-def]
    ok(cli("renew", "--area", "ruwaard", "--json"))
    [row] = ok(cli("status", "--area", "ruwaard", "--json"))
    assert row["kind"] == "renewal"
    shown = cli("status", "--area", "ruwaard").stdout
    assert "vernieuwing" in shown and "renewal" not in shown
