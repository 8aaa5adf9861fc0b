"""What a test may skip, and why: the one list of allowed reasons, as a pytest plugin.

A test that does not run must say so. Only the reasons in `ALLOWED` may skip a test, each for a
part of the machine that is missing, with how to make the tests run; any other skip (a module
that no longer imports, a forgotten `pytest.skip`) fails the run. With WIJKRAAD_TEST_NO_SKIPS
set (`.ci/run`: CI has Chromium and PostgreSQL) every skip fails the run.

At the end of a run the plugin names what did not run and how to make it run; with
WIJKRAAD_TEST_SKIP_LOG set it also appends those lines to that file, so that `make test` can sum
up its pytest runs (`python -m tests.skip_policy FILE`).
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

STRICT_VARIABLE = "WIJKRAAD_TEST_NO_SKIPS"
LOG_VARIABLE = "WIJKRAAD_TEST_SKIP_LOG"
CHROMIUM = "/usr/bin/chromium"


@dataclass(frozen=True)
class Allowed:
    group: str
    reason: str  # what is missing and how to make these tests run


NO_CHROMIUM = Allowed(
    "browser tests",
    f"no Chromium at {CHROMIUM}: install Debian's chromium (apt-get install -y chromium; "
    ".ci/run installs it)",
)
NO_POSTGRES = Allowed(
    "PostgreSQL tests (production topology, concurrent commands)",
    "no PostgreSQL on 127.0.0.1:5432 (user postgres, no password): start one there "
    "(.ci/run uses it when it answers)",
)
ALLOWED = (NO_CHROMIUM, NO_POSTGRES)


def skip_without_chromium() -> None:
    """For a fixture that starts the browser."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(NO_CHROMIUM.reason)


def allowed(reason: str) -> Allowed | None:
    return next((a for a in ALLOWED if a.reason == reason), None)


def _reason(report: pytest.TestReport | pytest.CollectReport) -> str:
    longrepr = report.longrepr
    text = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return text.removeprefix("Skipped: ")


def _refuse(report: pytest.TestReport | pytest.CollectReport) -> None:
    reason = _reason(report)
    if allowed(reason) is None:
        why = "a skip whose reason is not in tests/skip_policy.py ALLOWED"
    elif os.environ.get(STRICT_VARIABLE):
        why = f"{STRICT_VARIABLE} is set: nothing may be skipped here"
    else:
        return
    report.outcome = "failed"
    report.longrepr = f"skipped, which fails the run ({why}): {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        _refuse(report)


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if report.skipped:
        _refuse(report)


def _not_run(reports: list[pytest.TestReport]) -> Counter[str]:
    return Counter(_reason(r) for r in reports if not hasattr(r, "wasxfail"))


def lines(counts: Counter[str]) -> list[str]:
    out = []
    for reason, count in sorted(counts.items()):
        group = allowed(reason)
        name = group.group if group else "other"
        out.append(f"  not run: {count} {name} — {reason}")
    return out


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:  # type: ignore[no-untyped-def]
    counts = _not_run(terminalreporter.stats.get("skipped", []))
    log = os.environ.get(LOG_VARIABLE)
    if log and not os.environ.get("PYTEST_XDIST_WORKER"):  # the controller has every report
        with open(log, "a", encoding="utf-8") as file:
            for reason, count in counts.items():
                file.write(f"{count}\t{reason}\n")
    if counts:
        terminalreporter.write_sep("-", "what did not run, and how to make it run")
        for line in lines(counts):
            terminalreporter.write_line(line)


def summary(log: Path) -> str:
    """The summary of all pytest runs that appended to `log`."""
    counts: Counter[str] = Counter()
    if log.exists():
        for row in log.read_text(encoding="utf-8").splitlines():
            count, reason = row.split("\t", 1)
            counts[reason] += int(count)
    if not counts:
        return "Every test ran: nothing was skipped."
    return "\n".join(["Not everything ran:", *lines(counts)])


if __name__ == "__main__":
    print(summary(Path(sys.argv[1])))
