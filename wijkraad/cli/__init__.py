"""The `wijkraad` command line: Dutch for the wijkcoördinator, --json for scripts.

`main` answers `status --json` and `areas --json` before Typer is loaded (quick.py); every other
command goes through the command tree (tree.py, `app`), loaded on first use.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wijkraad.cli.tree import app as app


def _keep_prefect_home_under_wijkraad_home() -> None:
    """The embedded default keeps Prefect's home under $WIJKRAAD_HOME, never ~/.prefect, and a
    local Prefect server sends no usage data out (it would also add writes to its SQLite)."""
    import os
    from pathlib import Path

    home = Path(os.environ.get("WIJKRAAD_HOME", "var"))
    os.environ.setdefault("PREFECT_HOME", str((home / "prefect").resolve()))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


def main() -> None:
    _keep_prefect_home_under_wijkraad_home()
    from wijkraad.cli import quick

    if quick.answered(sys.argv[1:]):
        return
    from wijkraad.cli import tree

    tree.run()


def __getattr__(name: str) -> Any:
    """`app`, the Typer command tree, loaded on first use."""
    if name == "app":
        from wijkraad.cli.tree import app

        return app
    raise AttributeError(f"module 'wijkraad.cli' has no attribute '{name}'")
