"""The cost of orchestration: the full 11-area simulation through the Prefect flows, against
the same simulation with every flow and task called directly (their `.fn`), in one run.

Each variant runs in its own fresh process on its own database under a temporary directory,
with mail as .eml files (no SMTP in the measurement). Prints the wall time of both, the ratio,
and where the time goes (the five most expensive commands of each).
Targets: the flow run under 60 s on a 2-core machine, at most 3x the direct run.

    .venv/bin/python bench/cycle.py [--seed N] [--areas all|a,b] [--from D] [--to D]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
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

    from tasks.adapters import orchestrator as prefect_server

    prefect_server.flow_running = lambda _message: nullcontext()  # type: ignore[assignment]
    import prefect.events

    prefect.events.emit_event = lambda *a, **k: None  # type: ignore[assignment]


def child(mode: str, args: list[str]) -> None:
    if mode == "direct":
        direct_mode()
    from simulation import play, run

    captured: dict[str, Any] = {}
    original = run.summarise

    def summarise(simulation: play.Simulation, **kwargs: Any) -> None:
        captured["seconds"] = dict(simulation.coordinator.seconds)
        captured["commands"] = simulation.coordinator.commands
        original(simulation, **kwargs)

    run.summarise = summarise  # type: ignore[assignment]
    from wijkraad.cli import app

    started = time.perf_counter()
    app(["simulate", "--smtp", "pickup", *args], standalone_mode=False)
    captured["wall"] = time.perf_counter() - started
    sys.stderr.write("BENCH " + json.dumps(captured) + "\n")


def measure(mode: str, args: list[str]) -> dict[str, Any]:
    home = tempfile.mkdtemp(prefix=f"wijkraad-cycle-{mode}-")
    env = {**os.environ, "WIJKRAAD_HOME": home, "PREFECT_HOME": os.path.join(home, "prefect")}
    for key in ("WIJKRAAD_DATABASE_URL", "WIJKRAAD_NOW", "PREFECT_API_URL"):
        env.pop(key, None)
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, *args],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    lines = [line for line in done.stderr.splitlines() if line.startswith("BENCH ")]
    if done.returncode != 0 or not lines:
        sys.exit(f"{mode} run failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(lines[-1][6:]))


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
    results = {mode: measure(mode, args) for mode in ("flows", "direct")}
    flows, direct = results["flows"]["wall"], results["direct"]["wall"]
    print(f"simulation through Prefect flows : {flows:7.1f} s  (target < 60 s)")
    print(f"same, functions called directly  : {direct:7.1f} s")
    print(f"cost of orchestration (ratio)     : {flows / direct:7.2f} x (target <= 3)")
    for mode, result in results.items():
        top = sorted(result["seconds"].items(), key=lambda kv: -kv[1])[:5]
        print(f"where the time goes ({mode}): " + ", ".join(f"{k} {v:.1f} s" for k, v in top))


if __name__ == "__main__":
    main()
