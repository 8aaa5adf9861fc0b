"""A running Prefect server for the commands that run a flow.

Starting Prefect's temporary server costs 10-17 s in every new process, so a command that runs
a flow reuses a running server instead:
1. Prefect already set up in this process (the test harness, `serve`): use it.
2. `PREFECT_API_URL` set: use that server.
3. Otherwise a local server that the project starts once, in the background, with
   `PREFECT_HOME=$WIJKRAAD_HOME/prefect` (never ~/.prefect). Its address and process id are in
   `$WIJKRAAD_HOME/prefect/server.json`, its log in `server.log`; `wijkraad prefect-server stop`
   ends it.
A server on a fresh home first migrates its new SQLite database: about 10 s of the start. So the
first such start keeps a copy of the migrated database (Prefect's tables and block types, no
runs) per Prefect version in the user's cache folder (`$XDG_CACHE_HOME/wijkraden`, default
`~/.cache/wijkraden`), and a later server on a fresh home starts from that copy; Prefect still
checks its migrations at every start. A copy that is unusable is ignored and made again.
This module imports no Prefect at import time: it must run before Prefect reads its settings.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from models.errors import DomainError
from tasks.adapters.settings import get_settings

STARTUP_SECONDS = 120
LOGGING = Path(__file__).with_name("prefect_logging.yml")
_ANSWERED: set[str] = set()  # servers named by PREFECT_API_URL that answered in this process
T = TypeVar("T")


def prefect_home() -> Path:
    return (get_settings().home / "prefect").resolve()


def state_file() -> Path:
    return prefect_home() / "server.json"


def healthy(api_url: str, timeout: float = 1.0) -> bool:
    try:
        with urllib.request.urlopen(api_url.rstrip("/") + "/health", timeout=timeout) as reply:
            return bool(reply.status == 200)
    except OSError:
        return False


def recorded() -> dict[str, object] | None:
    """The local server the project started, if its state file names one."""
    try:
        data: dict[str, object] = json.loads(state_file().read_text())
    except (OSError, ValueError):
        return None
    return data


def _configured_in_process() -> bool:
    if "prefect" not in sys.modules:
        return False
    from prefect.settings import get_current_settings

    return get_current_settings().api.url is not None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# the local server's database is $PREFECT_HOME/prefect.db unless one of these names another
DATABASE_SETTINGS = (
    "PREFECT_SERVER_DATABASE_CONNECTION_URL",
    "PREFECT_API_DATABASE_CONNECTION_URL",
)
MEMO_STORE = "memo_store.toml"  # Prefect's note that its block types are registered


def migrated_copy() -> Path:
    """Where the migrated database of the installed Prefect version is kept between homes."""
    from importlib.metadata import version  # not `import prefect`: see the module's docstring

    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "wijkraden" / f"prefect-{version('prefect')}.db"


def _memo_copy(copy: Path) -> Path:
    return copy.with_name(copy.stem + "." + MEMO_STORE)


def usable(path: Path) -> bool:
    """A whole SQLite database that Prefect's migrations have run on, without any run in it."""
    if not path.is_file():
        return False
    try:
        read_only = path.resolve().as_uri() + "?mode=ro"  # a '?' or '#' in the path stays a name
        with contextlib.closing(sqlite3.connect(read_only, uri=True)) as c:
            if c.execute("PRAGMA quick_check").fetchone() != ("ok",):
                return False
            migrated = c.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)
            return migrated and c.execute("SELECT count(*) FROM flow_run").fetchone() == (0,)
    except sqlite3.Error:
        return False


def _from_copy(home: Path, env: dict[str, str]) -> bool:
    """Put the migrated copy in place of a database the server would have to create; whether
    the server starts from it."""
    database = home / "prefect.db"
    if any(env.get(name) for name in DATABASE_SETTINGS) or database.exists():
        return False
    copy = migrated_copy()
    if not usable(copy):
        return False
    partial = home / "prefect.db.copying"
    try:
        shutil.copyfile(copy, partial)
        memo = _memo_copy(copy)
        if memo.is_file() and not (home / MEMO_STORE).exists():
            shutil.copyfile(memo, home / MEMO_STORE)
        os.replace(partial, database)  # the server finds the whole copy or none
    except OSError:
        partial.unlink(missing_ok=True)
        return False
    return True


def _keep_copy(home: Path) -> None:
    """After a server migrated a fresh database and answers: keep a copy of that database for
    the next fresh home, unless a usable one is there. Best effort: without it the next start
    migrates as before. The copy is read with SQLite's backup (consistent while the server runs)
    and put in place by a rename, so another process reads the old copy or the whole new one."""
    copy = migrated_copy()
    if usable(copy):
        return
    partial: Path | None = None
    try:
        copy.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=copy.parent, suffix=".partial", delete=False) as f:
            partial = Path(f.name)
        with (
            contextlib.closing(sqlite3.connect(home / "prefect.db")) as source,
            contextlib.closing(sqlite3.connect(partial)) as target,
        ):
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # one file, no write-ahead log
        if not usable(partial):
            return
        memo = home / MEMO_STORE
        if memo.is_file():
            memo_partial = partial.with_suffix(".memo")
            shutil.copyfile(memo, memo_partial)
            os.replace(memo_partial, _memo_copy(copy))
        os.replace(partial, copy)
        partial = None
    except (OSError, sqlite3.Error):
        return
    finally:
        if partial is not None:
            partial.unlink(missing_ok=True)


def _start(home: Path) -> dict[str, object]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env |= {
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED": "events,flow_runs",
        # On SQLite the task-run recorder's writes collide with the creation of the next flow
        # run: the API answers 503 and the client sleeps ~2 s. Measured with 6 tasks per flow:
        # 1.7-2.0 s per flow call with it, 0.33 s without. Flow runs, logs and events are still
        # kept; only task runs are not listed. A production server on PostgreSQL keeps it on.
        "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED": "false",
    }
    from_copy = _from_copy(home, env)
    fresh = not from_copy and not any(env.get(name) for name in DATABASE_SETTINGS)
    fresh = fresh and not (home / "prefect.db").exists()
    with (home / "server.log").open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "tasks.adapters.prefect_server", "127.0.0.1", str(port)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if healthy(url):  # its database is migrated by now
            if fresh:
                _keep_copy(home)
            return {"url": url, "pid": process.pid, "port": port, "from_copy": from_copy}
        if process.poll() is not None:
            break
        time.sleep(0.25)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    raise DomainError(
        f"De Prefect-server start niet; zie {home / 'server.log'}. Of stel PREFECT_API_URL in."
    )


def _log_to_file(home: Path) -> None:
    """Prefect's own log lines go to $PREFECT_HOME/prefect.log, not to the terminal (see
    prefect_logging.yml). Set before Prefect is imported; a file named in the environment wins."""
    home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str(home))
    os.environ.setdefault("PREFECT_LOGGING_SETTINGS_PATH", str(LOGGING))
    # A worker's wake-up is a background task run outside any flow run: its few log lines
    # cannot go to the API, and Prefect would print a warning about that on every wake-up.
    os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")


def reachable(api_url: str, timeout: float = 2.0) -> bool:
    """Whether a server answers at `api_url` at all (a server behind a login answers 401)."""
    try:
        with urllib.request.urlopen(api_url.rstrip("/") + "/health", timeout=timeout):
            return True
    except urllib.error.HTTPError:
        return True
    except (OSError, ValueError):
        return False


def ensure_server() -> str | None:
    """Make sure flows in this process talk to a running server; returns its address."""
    if _configured_in_process():
        return None
    home = prefect_home()
    _log_to_file(home)
    if os.environ.get("PREFECT_API_URL"):
        url = os.environ["PREFECT_API_URL"]
        if url not in _ANSWERED and not reachable(url):
            raise DomainError(
                f"De Prefect-server op {url} (PREFECT_API_URL) is niet bereikbaar; wat via "
                "Prefect loopt is niet gestart. Start die server, of laat PREFECT_API_URL weg: "
                "dan start wijkraad zelf een lokale server."
            )
        _ANSWERED.add(url)
        _light_tls_for_plain_http(url, home)
        return url
    with (home / "server.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one process starts it; the others wait and reuse it
        state = recorded()
        if not (state and healthy(str(state["url"]))):
            state = _start(home)
            state_file().write_text(json.dumps(state))
    url = str(state["url"])
    os.environ["PREFECT_API_URL"] = url
    _light_tls_for_plain_http(url, home)
    return url


def _light_tls_for_plain_http(url: str, home: Path) -> None:
    """Prefect makes a TLS context for every API client it builds (each `.delay()`, each flow
    run without an open client), loading certifi's whole bundle of CA certificates: about 17 ms
    of CPU each, even for a plain-http server, where no certificate is ever checked. Measured: a
    web action's wake-up cost the web process 66 ms of CPU with it and 32-42 ms without, and a
    worker 124 against 90-111 ms per step. So for a plain-http API the bundle Prefect loads is
    one certificate (the first of certifi's), unless PREFECT_API_SSL_CERT_FILE is set already.
    An https API keeps the full bundle. Before Prefect is imported, like PREFECT_API_URL."""
    if not url.startswith("http://") or os.environ.get("PREFECT_API_SSL_CERT_FILE"):
        return
    os.environ["PREFECT_API_SSL_CERT_FILE"] = str(light_ca_bundle(home))


def light_ca_bundle(folder: Path) -> Path:
    """A CA bundle of one certificate (the first of certifi's) in `folder`, made once."""
    bundle = folder / "plain-http-ca.pem"
    if not bundle.exists():
        import certifi

        folder.mkdir(parents=True, exist_ok=True)
        first = certifi.contents().split("-----END CERTIFICATE-----")[0]
        text = first[first.index("-----BEGIN CERTIFICATE-----") :] + "-----END CERTIFICATE-----\n"
        with tempfile.NamedTemporaryFile("w", dir=folder, delete=False, suffix=".pem") as out:
            out.write(text)
        os.replace(out.name, bundle)  # whole or not at all: another process may read it now
    return bundle


def api_url() -> str | None:
    """The address of the server this process's flows talk to, once it is known."""
    if "prefect" in sys.modules:
        from prefect.settings import get_current_settings

        configured = get_current_settings().api.url
        if configured:
            return str(configured)
    return os.environ.get("PREFECT_API_URL")


def run_flow(call: Callable[[], T]) -> T:
    """How the service layer runs a flow: against a running server (found or started first, so
    that Prefect is imported with its address) and without the flow heartbeat. `call` imports
    the flow itself, after the server is known."""
    ensure_server()
    with quick_flows():
        return call()


@contextlib.contextmanager
def quick_flows() -> Iterator[None]:
    """Run the enclosed flows without the flow heartbeat.

    Our flows are short (seconds). Prefect's flow heartbeat (an event every 180 s, for
    detecting crashed long runs) adds nothing for them, and its thread makes every synchronous
    flow call wait up to a second at its end (measured: 1.2 s -> 0.5 s per flow call on the
    test harness). Entering `temporary_settings` rebuilds Prefect's settings (~0.25 s), so when
    an outer block (the simulation, the test harness) has already switched the heartbeat off,
    this does nothing.
    """
    from prefect.settings import (
        PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
        get_current_settings,
        temporary_settings,
    )

    if get_current_settings().flows.heartbeat_frequency is None:
        yield
        return
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


@contextlib.contextmanager
def flow_session() -> Iterator[None]:
    """Many flow runs in one process (the simulation): quick flows, and one API client for all.

    Without an open client every flow run makes its own, and a new HTTP client builds a new
    TLS context (loads the CA bundle) even for a plain-http server: measured 16% of the
    simulation's main thread. Prefect's engine takes the client of an open
    `SyncClientContext` instead of making one.
    """
    from prefect.context import SyncClientContext

    with quick_flows(), SyncClientContext.get_or_create():
        yield


def stop() -> bool:
    """End the local server the project started; False when none was running."""
    state = recorded()
    if not state:
        return False
    running = healthy(str(state["url"]))
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(int(str(state["pid"])), signal.SIGTERM)
    state_file().unlink(missing_ok=True)
    return running
