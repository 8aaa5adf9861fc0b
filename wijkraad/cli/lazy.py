"""Command modules loaded on first use, so that a read command does not pay for them.

Every `wijkraad` call loads all CLI modules (Typer builds the whole command tree), so a module
imported at the top of one is imported by all of them: `wijkraad status` would load every
command module of the service layer with what they import. The CLI modules bind their command
modules with `lazy("commands.x")` instead: the module is executed when the first of its
attributes is used, i.e. inside the command that needs it. For type checkers and import-linter
the same module is imported under TYPE_CHECKING:

    if TYPE_CHECKING:
        from commands import setup
    else:
        setup = lazy("commands.setup")
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy(name: str) -> ModuleType:
    """The module `name`, executed on first attribute access (importlib's LazyLoader)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(name)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)
    return module
