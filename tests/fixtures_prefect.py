"""One Prefect test harness (a temporary Prefect server) for the whole test session.

Starting it costs 5-30 s, so tests that run real flows share it: use the `prefect` fixture.
Under pytest-xdist every worker process starts its own when it first needs one; on a busy
machine (several workers starting theirs at once) that has taken more than 90 s, hence the
generous timeout.
The flow heartbeat is switched off as in production use (flows/runtime.py): with it, every
synchronous flow call waits up to a second for the heartbeat thread at its end.

A fresh Prefect database costs 10-13 s of migrations at every start, so the harness starts from
a copy of an already migrated one: one per Prefect version in the system's temporary folder
(`migrated_database`), made once by whichever test process needs it first. Prefect still
migrates on start, so a copy that is behind only migrates forward; one that is unusable is made
again, and when none can be made the harness migrates a fresh database as before.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

BUILD_SECONDS = 300


def cache_path() -> Path:
    import prefect

    return Path(tempfile.gettempdir()) / f"wijkraad-prefect-db-{prefect.__version__}.db"


def usable(path: Path) -> bool:
    """A whole SQLite database that Prefect's migrations have run on."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as c:
            if c.execute("PRAGMA quick_check").fetchone() != ("ok",):
                return False
            return c.execute("SELECT count(*) FROM alembic_version").fetchone()[0] == 1
    except sqlite3.Error:
        return False


def build(cache: Path) -> None:
    """Migrate a new database in a process of its own (`prefect server database upgrade`) and
    put a compact copy of it at `cache` in one step (a rename in the same folder): a process
    that reads the cache sees the old file or the whole new one, never half of it."""
    with tempfile.TemporaryDirectory(dir=cache.parent, prefix="wijkraad-prefect-build-") as work:
        migrated = Path(work) / "prefect.db"
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")} | {
            "PREFECT_HOME": work,
            "PREFECT_SERVER_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{migrated}",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        }
        subprocess.run(
            [sys.executable, "-m", "prefect", "server", "database", "upgrade", "-y"],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=True,
            timeout=BUILD_SECONDS,
        )
        compact = Path(work) / "compact.db"
        with contextlib.closing(sqlite3.connect(migrated)) as c:
            c.execute("VACUUM INTO ?", (str(compact),))  # one file, no write-ahead log
        if not usable(compact):
            raise RuntimeError(f"the migrated Prefect database {compact} is not usable")
        os.replace(compact, cache)


def migrated_database() -> Path:
    """The migrated Prefect database of this Prefect version, made under a file lock when
    missing or unusable (pytest-xdist workers start at the same moment: one builds, the
    others wait for it and then read it)."""
    cache = cache_path()
    if usable(cache):
        return cache
    with open(f"{cache}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not usable(cache):  # another process may have made it meanwhile
                build(cache)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return cache


@contextlib.contextmanager
def harness_from_cache() -> Iterator[Path | None]:
    """The harness's database folder (it makes one with `mkdtemp`, then migrates the database
    `prefect-test.db` in it) with a copy of the migrated database already there; the folder, or
    None when there was no copy to be had (then the harness migrates a fresh one)."""
    import prefect.testing.utilities as harness

    try:
        source = migrated_database()
    except Exception as exc:  # a slower start, not a failed run
        warnings.warn(f"no migrated Prefect database to start from: {exc!r}", stacklevel=2)
        yield None
        return
    folder = Path(os.environ["PREFECT_HOME"]) / "test-server"

    def make_folder() -> str:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, folder / "prefect-test.db")
        return str(folder)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(harness, "mkdtemp", make_folder)
        yield folder


@pytest.fixture(scope="session")
def prefect_server() -> Iterator[None]:
    """The harness, its plain-http API clients with the light CA bundle that `wijkraad` gives
    them too (tasks/adapters/orchestrator.py), the flow heartbeat off."""
    from prefect.settings import (
        PREFECT_API_SSL_CERT_FILE,
        PREFECT_SERVER_DATABASE_CONNECTION_URL,
        temporary_settings,
    )
    from prefect.testing.utilities import prefect_test_harness

    from tasks.adapters.orchestrator import light_ca_bundle, quick_flows

    bundle = PREFECT_API_SSL_CERT_FILE.value() or str(
        light_ca_bundle(Path(os.environ["PREFECT_HOME"]))
    )
    with (
        harness_from_cache() as folder,
        prefect_test_harness(server_startup_timeout=300),
        temporary_settings(updates={PREFECT_API_SSL_CERT_FILE: bundle}),
        quick_flows(),
    ):
        if folder is not None and str(folder) not in PREFECT_SERVER_DATABASE_CONNECTION_URL.value():
            warnings.warn(
                "the Prefect test server did not start from the migrated copy", stacklevel=2
            )
        yield


@pytest.fixture
def prefect(prefect_server: None, db: None) -> None:
    """Real Prefect flows against the session's test server, on a fresh database."""
