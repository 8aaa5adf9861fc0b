"""`wijkraad candidates import` of 1,000, 10,000 and 50,000 applications: the time per 1,000 rows
must stay flat (linear), and 50,000 rows must take less than 60 s.

Each size gets a fresh database (SQLite under a temporary home, or WIJKRAAD_BENCH_DATABASE_URL,
emptied first) with one renewal of Ruwaard in recruitment, reached through the CLI; the import
runs as the coördinator runs it, as a `wijkraad` process, timed from start to exit; the last
column leaves out the fixed cost of such a process (an import of one row, measured first).

    .venv/bin/python bench/import.py [--sizes 1000 10000 50000]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
NOW = "2026-11-28T09:00"


def wijkraad(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "wijkraad"), *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"wijkraad {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def prepare(env: dict[str, str]) -> int:
    """A fresh database with a renewal of Ruwaard in recruitment, as the coördinator gets
    there (the first call starts the local Prefect server); returns the procedure's id."""
    wijkraad(env, "init")
    procedure = json.loads(wijkraad(env, "renew", "--area", "ruwaard", "--json"))["id"]
    carla = ["--name", "Carla Commissie", "--email", "carla@example.nl"]
    address = ["--postcode", "5343AB", "--house-number", "1A"]
    wijkraad(env, "committee", "add", str(procedure), *carla, *address)
    wijkraad(env, "committee", "confirm", str(procedure))
    return int(procedure)


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["name", "email", "postcode", "house_number", "motivation"])
        for n in range(1, rows + 1):
            out.writerow(
                [f"Bewoner {n:05d} van Ruwaard", f"bewoner{n}@example.nl", "5343AB", str(n),
                 "Ik wil meedenken over de wijk."]
            )  # fmt: skip


def run(home: Path, rows: int, url: str | None) -> tuple[float, float]:
    env = {**os.environ, "WIJKRAAD_HOME": str(home), "WIJKRAAD_NOW": NOW}
    env["WIJKRAAD_DATABASE_URL"] = url or f"sqlite:///{home / f'bench-{rows}.db'}"
    if url:
        env["WIJKRAAD_DATABASE_URL"] = url
        subprocess.run(
            [sys.executable, "-c", "from tasks.adapters import db; db.drop_everything()"],
            env=env,
            check=True,
        )
    procedure = prepare(env)
    one = home / f"een-{rows}.csv"
    one.write_text("name,email,postcode,house_number\nEen Bewoner,een@example.nl,5343AB,1A\n")
    start = time.perf_counter()  # the fixed cost: a process that imports one row
    wijkraad(env, "candidates", "import", str(procedure), str(one), "--json")
    fixed = time.perf_counter() - start
    path = home / f"aanmeldingen-{rows}.csv"
    write_csv(path, rows)
    start = time.perf_counter()
    wijkraad(env, "candidates", "import", str(procedure), str(path), "--json")
    return time.perf_counter() - start, fixed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    sizes = parser.parse_args().sizes
    url = os.environ.get("WIJKRAAD_BENCH_DATABASE_URL")
    print(f"database: {url or 'SQLite (embedded default)'}")
    home = Path(tempfile.mkdtemp(prefix="wijkraad-bench-import-"))
    print(f"{'rows':>7} {'seconds':>9} {'s per 1,000 rows':>17} {'same, less start-up':>20}")
    try:
        for rows in sizes:
            seconds, fixed = run(home, rows, url)
            each, net = seconds / rows * 1000, (seconds - fixed) / rows * 1000
            print(f"{rows:7,d} {seconds:9.2f} {each:17.3f} {net:20.3f}", flush=True)
    finally:
        env = {**os.environ, "WIJKRAAD_HOME": str(home)}
        subprocess.run([str(BIN / "wijkraad"), "prefect-server", "stop"], env=env, check=False,
                       capture_output=True)  # fmt: skip
    print("target: flat seconds per 1,000 rows; 50,000 rows in under 60 s")


if __name__ == "__main__":
    main()
