"""A test that does not run must say why, and only the allowed reasons may keep a test from
running: any other skip fails the run (tests/skip_policy.py)."""

from __future__ import annotations

import pytest

from tests import skip_policy

SKIPS = f"""
import pytest

def test_allowed():
    pytest.skip({skip_policy.NO_CHROMIUM.reason!r})

def test_a_broken_import():
    pytest.importorskip("tasks.no_such_module")

@pytest.mark.skip(reason="later")
def test_forgotten():
    pass

def test_runs():
    assert True
"""


def test_the_allowed_reasons_are_the_missing_browser_and_postgresql() -> None:
    assert [a.group for a in skip_policy.ALLOWED] == [
        "browser tests",
        "PostgreSQL tests (production topology, concurrent commands)",
    ]


def test_an_unexpected_skip_fails_the_run(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(skip_policy.STRICT_VARIABLE, raising=False)
    monkeypatch.delenv(skip_policy.LOG_VARIABLE, raising=False)
    pytester.makepyfile(test_skips=SKIPS)
    result = pytester.runpytest("-p", "tests.skip_policy")
    result.assert_outcomes(passed=1, skipped=1, failed=1, errors=1)  # a mark fails at set-up
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "*skipped, which fails the run*No module named 'tasks.no_such_module'*",
            "*not run: 1 browser tests*no Chromium at /usr/bin/chromium*",
        ]
    )


def test_an_allowed_skip_passes_and_is_named_in_the_summary(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv(skip_policy.STRICT_VARIABLE, raising=False)
    log = tmp_path / "skips.log"
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)  # the inner run is no worker
    monkeypatch.setenv(skip_policy.LOG_VARIABLE, str(log))
    pytester.makepyfile(test_skips=SKIPS.split("def test_a_broken_import")[0])
    result = pytester.runpytest("-p", "tests.skip_policy")
    result.assert_outcomes(skipped=1)
    assert result.ret == pytest.ExitCode.OK
    summary = skip_policy.summary(log)
    assert "not run: 1 browser tests" in summary and "apt-get install -y chromium" in summary


def test_in_ci_even_an_allowed_skip_fails_the_run(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(skip_policy.STRICT_VARIABLE, "1")
    pytester.makepyfile(test_skips=SKIPS.split("def test_a_broken_import")[0])
    result = pytester.runpytest("-p", "tests.skip_policy")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*WIJKRAAD_TEST_NO_SKIPS is set: nothing may be skipped*"])


def test_the_summary_says_when_everything_ran(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert skip_policy.summary(tmp_path / "none.log") == "Every test ran: nothing was skipped."
