"""Start-up of a read-only command against the start-up of `import sqlalchemy`, in one run.

A coördinator's read commands never import Prefect; what they cost on top of the database
library is what this measures. Target: `wijkraad status --json` within 1.5x of
`python -c "import sqlalchemy"`.

    .venv/bin/python bench/cli.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def timed(command: list[str], env: dict[str, str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    home = tempfile.mkdtemp(prefix="wijkraad-bench-cli-")
    env = {**os.environ, "WIJKRAAD_HOME": home, "WIJKRAAD_NOW": "2026-11-28"}
    env.pop("WIJKRAAD_DATABASE_URL", None)
    subprocess.run([str(BIN / "wijkraad"), "init"], env=env, check=True, stdout=subprocess.DEVNULL)
    commands = {
        "python -c 'import sqlalchemy'": [sys.executable, "-c", "import sqlalchemy"],
        "wijkraad status --json": [str(BIN / "wijkraad"), "status", "--json"],
        "wijkraad areas --json": [str(BIN / "wijkraad"), "areas", "--json"],
    }
    # interleave the runs so that a busy machine hurts all of them alike
    results: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            results[name] += timed(command, env, 1)
    baseline = statistics.median(results["python -c 'import sqlalchemy'"])
    print(f"{'command':32} {'median s':>9} {'min s':>7} {'ratio':>6}")
    for name, times in results.items():
        median = statistics.median(times)
        print(f"{name:32} {median:9.3f} {min(times):7.3f} {median / baseline:6.2f}")
    print("target: wijkraad status --json <= 1.50 x the baseline")


if __name__ == "__main__":
    main()
