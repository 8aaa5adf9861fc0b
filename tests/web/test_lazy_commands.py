"""A web process that imported the CLI first (`wijkraad web`) loads the CLI's lazily bound
command modules when it builds the app, in one thread: two first requests at once raced on a
half-loaded module (AttributeError: module 'commands.advice' has no attribute 'answer')."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
from importlib.util import _LazyModule
import wijkraad.cli.tree
def lazy_ones():
    return [n for n, m in sys.modules.items()
            if n.startswith("commands.") and isinstance(m, _LazyModule)]
lazy = lazy_ones()
assert "commands.advice" in lazy, lazy
from wijkraad.web.app import create_app
create_app()
left = lazy_ones()
assert left == [], left
import commands.advice
assert commands.advice.answer
"""


def test_the_app_loads_the_lazy_command_modules_before_any_request() -> None:
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
