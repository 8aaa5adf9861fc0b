"""The cost of orchestration: the full 11-area simulation through the Prefect flows, against
the same simulation with every flow and task called directly (their `.fn`), in one run.

Each variant runs in its own fresh process on its own database under a temporary directory,
with mail as .eml files (no SMTP in the measurement). Prints the wall time of both, the ratio,
and where the time goes (the most expensive commands of each).
Also the flow runs per flow and the time spent starting the Prefect server (from the migrated
copy of its database that an earlier start kept, or, the first time on a machine, migrating it).
Targets: the flow run under 60 s on a 2-core machine, at most 2x the direct run.

    .venv/bin/python bench/cycle.py [--seed N] [--areas all|a,b] [--from D] [--to D]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def direct_mode() -> None:
    """Make every flow and task call its function directly: no Prefect engine, no server."""
    import prefect
    from prefect import Flow, Task

    Flow.__call__ = lambda self, *a, **k: self.fn(*a, **k)  # type: ignore[method-assign]
    Task.__call__ = lambda self, *a, **k: self.fn(*a, **k)  # type: ignore[method-assign]

    class Quiet:
        def __getattr__(self, _name: str) -> Any:
            return lambda *a, **k: None

    prefect.get_run_logger = lambda *a, **k: Quiet()  # type: ignore[assignment]
    from contextlib import nullcontext

    from tasks.adapters import orchestrator

    # the service layer runs flows through tasks.adapters.orchestrator.run_flow: no server
    orchestrator.ensure_server = lambda: None
    orchestrator.quick_flows = nullcontext  # type: ignore[assignment]
    orchestrator.flow_session = nullcontext  # type: ignore[assignment]
    import prefect.events

    prefect.events.emit_event = lambda *a, **k: None  # type: ignore[assignment]


def count_flow_runs(captured: dict[str, Any]) -> None:
    """Count the flow runs per flow name (in both modes: direct mode patched __call__ first)."""
    from collections import Counter

    from prefect import Flow

    runs: Counter[str] = Counter()
    captured["flow_runs"] = runs
    call = Flow.__call__

    def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        runs[self.name] += 1
        return call(self, *args, **kwargs)

    Flow.__call__ = counted  # type: ignore[method-assign]


def time_server_start(captured: dict[str, Any]) -> None:
    """The seconds spent starting (or finding) the Prefect server, part of the wall time."""
    from tasks.adapters import orchestrator

    ensure = orchestrator.ensure_server
    captured["server_start"] = 0.0

    def timed() -> str | None:
        started = time.perf_counter()
        try:
            return ensure()
        finally:
            captured["server_start"] += time.perf_counter() - started
            captured["server_from_copy"] = (orchestrator.recorded() or {}).get("from_copy")

    orchestrator.ensure_server = timed


def server_cpu() -> float:
    """CPU seconds used so far by the local Prefect server's processes (its process group)."""
    from tasks.adapters import orchestrator

    state = orchestrator.recorded()
    if not state:
        return 0.0
    group, ticks = int(str(state["pid"])), 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # pgrp; utime and stime follow at 11 and 12
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def child(mode: str, args: list[str]) -> None:
    if mode == "direct":
        direct_mode()
    captured: dict[str, Any] = {}
    count_flow_runs(captured)
    time_server_start(captured)
    from simulation import play, run

    original = run.summarise

    def summarise(simulation: play.Simulation, **kwargs: Any) -> None:
        captured["seconds"] = dict(simulation.coordinator.seconds)
        captured["server_cpu"] = server_cpu()
        captured["commands"] = simulation.coordinator.commands
        original(simulation, **kwargs)

    run.summarise = summarise  # type: ignore[assignment]
    from wijkraad.cli import app

    started = time.perf_counter()
    app(["simulate", "--smtp", "pickup", *args], standalone_mode=False)
    captured["wall"] = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    captured["cpu"] = usage.ru_utime + usage.ru_stime
    sys.stderr.write("BENCH " + json.dumps(captured) + "\n")


def measure(mode: str, args: list[str]) -> dict[str, Any]:
    home = tempfile.mkdtemp(prefix=f"wijkraad-cycle-{mode}-")
    env = {**os.environ, "WIJKRAAD_HOME": home, "PREFECT_HOME": os.path.join(home, "prefect")}
    for key in ("WIJKRAAD_DATABASE_URL", "WIJKRAAD_NOW", "PREFECT_API_URL"):
        env.pop(key, None)
    load_before = os.getloadavg()
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, *args],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    loads = (load_before[0], os.getloadavg()[0])
    lines = [line for line in done.stderr.splitlines() if line.startswith("BENCH ")]
    if done.returncode != 0 or not lines:
        sys.exit(f"{mode} run failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(lines[-1][6:])) | {"load": loads}


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", default="2026")
    parser.add_argument("--areas", default="all")
    parser.add_argument("--from", dest="start", default="2026-04-01")
    parser.add_argument("--to", dest="end", default="2030-06-30")
    ns = parser.parse_args()
    args = ["--seed", ns.seed, "--areas", ns.areas, "--from", ns.start, "--to", ns.end]
    load = os.getloadavg()
    results = {mode: measure(mode, args) for mode in ("flows", "direct")}
    flows, direct = results["flows"]["wall"], results["direct"]["wall"]
    after = " ".join(f"{x:.1f}" for x in os.getloadavg())
    before = " ".join(f"{x:.1f}" for x in load)
    print(f"load average (1/5/15 min) before: {before}; after: {after} ({os.cpu_count()} cpus)")
    for mode, result in results.items():
        print(f"  1-min load at the start and end of the {mode} run: {result['load'][0]:.1f}, "
              f"{result['load'][1]:.1f}")  # fmt: skip
    print(f"simulation through Prefect flows : {flows:7.1f} s  (target < 60 s)")
    copied = {True: "from the migrated copy", False: "migrating a fresh database"}
    how = copied.get(results["flows"].get("server_from_copy"), "?")
    print(f"  of which starting the server   : {results['flows']['server_start']:7.1f} s  ({how})")
    print(f"same, functions called directly  : {direct:7.1f} s")
    fcpu, scpu = results["flows"]["cpu"], results["flows"].get("server_cpu", 0.0)
    print(f"CPU seconds: flows {fcpu:.1f} (+ Prefect server {scpu:.1f}), "
          f"direct {results['direct']['cpu']:.1f}")  # fmt: skip
    print(f"cost of orchestration (ratio)     : {flows / direct:7.2f} x (target <= 2)")
    runs = results["flows"]["flow_runs"]
    each = ", ".join(f"{name} {n}" for name, n in sorted(runs.items(), key=lambda kv: -kv[1]))
    print(f"flow runs: {sum(runs.values())} ({each})")
    for mode, result in results.items():
        top = sorted(result["seconds"].items(), key=lambda kv: -kv[1])[:6]
        print(f"where the time goes ({mode}): " + ", ".join(f"{k} {v:.1f} s" for k, v in top))


if __name__ == "__main__":
    main()
