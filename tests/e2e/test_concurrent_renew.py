"""Ten `wijkraad renew --area lith` at the same moment, as separate processes on one PostgreSQL
database (and the production Prefect server on PostgreSQL): exactly one procedure is opened;
every other attempt ends with a Dutch "already" message, never a traceback."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e import topology
from tests.e2e.topology import BIN, run
from tests.fixtures_smtp import free_port

pytestmark = [
    pytest.mark.production,
    pytest.mark.skipif(not topology.postgres_answers(), reason=topology.SKIP_REASON),
]

ATTEMPTS = 10
ALREADY = ("al een open procedure", "zojuist al een procedure")


def open_procedures(url: str, area: str) -> list[int]:
    import psycopg

    with psycopg.connect(url.replace("+psycopg", "")) as connection:
        rows = connection.execute(
            "SELECT p.id FROM procedures p JOIN areas a ON a.id = p.area_id "
            "WHERE a.slug = %s AND p.stage NOT IN ('completed', 'cancelled')",
            (area,),
        ).fetchall()
    return [row[0] for row in rows]


def test_ten_renewals_at_once_open_one_procedure(tmp_path: Path) -> None:
    watch = topology.Stopwatch()
    with (
        topology.throwaway_databases("renew_app", "renew_prefect") as databases,
        topology.processes(tmp_path) as running,
    ):
        prefect_home = tmp_path / "prefect"
        prefect_home.mkdir()
        api = topology.launch_prefect_server(
            running, prefect_home, databases["renew_prefect"], free_port()
        )
        url = topology.app_url(databases["renew_app"])
        env = topology.prefect_environment(prefect_home, api) | {
            "WIJKRAAD_HOME": str(tmp_path / "wijkraad"),
            "WIJKRAAD_DATABASE_URL": url,
            "WIJKRAAD_NOW": "2029-10-01T09:00",  # half a year before the 2030 term
        }
        init = run([str(BIN / "wijkraad"), "init"], env, tmp_path)
        assert init.returncode == 0, init.stderr
        topology.wait_until_healthy(running, api)
        watch.lap("databases, init, prefect server")

        attempts = [
            subprocess.Popen(
                [str(BIN / "wijkraad"), "renew", "--area", "lith", "--json"],
                env=env,
                cwd=tmp_path,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=True,
            )
            for _ in range(ATTEMPTS)
        ]
        outcomes = []
        deadline = time.monotonic() + 180
        try:
            for attempt in attempts:
                out, err = attempt.communicate(timeout=max(deadline - time.monotonic(), 1))
                outcomes.append((attempt.returncode, out, err))
        finally:
            for attempt in attempts:
                topology.stop_group(attempt)  # type: ignore[arg-type]
        watch.lap(f"{ATTEMPTS} renewals at once")
        procedures = open_procedures(url, "lith")
    print(f"\nconcurrent renew: {watch.report()}")
    for code, out, err in outcomes:
        print(f"  exit {code}: {(out.strip() or err.strip()).splitlines()[-1][:160]}")
    _check(outcomes, procedures)


def _check(outcomes: list[tuple[int, str, str]], procedures: list[int]) -> None:
    """Exactly one attempt opened the procedure; the others were told it already exists."""
    for code, out, err in outcomes:
        assert "Traceback" not in out + err, err
        assert code in (0, 1), (code, out, err)
    opened = [json.loads(out) for code, out, _ in outcomes if code == 0]
    first = [row for row in opened if row["opened"]]
    assert len(first) == 1, outcomes
    assert procedures == [first[0]["procedure_id"]]
    for code, out, err in outcomes:
        if code == 0 and not json.loads(out)["opened"]:
            assert json.loads(out)["procedure_id"] == procedures[0]
        elif code == 1:
            assert any(words in err for words in ALREADY), err
