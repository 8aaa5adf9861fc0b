"""Typer's frame in Dutch where Typer allows it, and `wijkraad --help` in the order of the work.

Typer names its panels and markers with module constants (typer.rich_utils), and reads a
command's panel from its `rich_help_panel`; the help option is an ordinary option whose text can
be set. "Usage:" is click's own and stays. Typer loads `rich_utils` (and Rich) only to format
help, so the Dutch constants are set just before help is formatted: a command that shows no help
does not load them.
"""

from __future__ import annotations

from typing import Any

try:  # typer 0.2x vendors its own copy of click
    from typer._click import core as click_core
except ImportError:  # pragma: no cover - older typer on the system click
    from click import core as click_core  # type: ignore[no-redef]

HELP_TEXT = "Toon deze hulp en stop."

# The top-level commands in the order of the work, each in its panel.
WORK: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("1. Inrichten", ("init", "areas", "terms", "postcodes", "users", "members", "web")),
    (
        "2. Een benoemingsprocedure",
        (
            "renew",
            "vacancy",
            "committee",
            "recruitment",
            "candidates",
            "screen",
            "interview",
            "nominate",
            "decide",
            "onboarding",
            "status",
            "history",
            "suspend",
            "resume",
            "cancel",
        ),
    ),
    (
        "3. Vergaderen, besluiten en adviseren",
        ("meetings", "decisions", "advice", "experiment", "panel"),
    ),
    ("4. Bewaken", ("tick", "stalled", "report", "mail", "doctor")),
    ("5. Beheer", ("privacy", "serve", "worker", "prefect-server", "simulate")),
)
OTHER = "Overige opdrachten"


def dutch_frame() -> None:
    """The panel titles and markers of Typer's help and errors in Dutch."""
    from typer import rich_utils

    rich_utils.ARGUMENTS_PANEL_TITLE = "Argumenten"
    rich_utils.OPTIONS_PANEL_TITLE = "Opties"
    rich_utils.COMMANDS_PANEL_TITLE = "Opdrachten"
    rich_utils.ERRORS_PANEL_TITLE = "Fout"
    rich_utils.DEFAULT_STRING = "[standaard: {}]"
    rich_utils.ENVVAR_STRING = "[omgevingsvariabele: {}]"
    rich_utils.REQUIRED_LONG_STRING = "[verplicht]"
    rich_utils.DEPRECATED_STRING = "(verouderd) "
    rich_utils.ABORTED_TEXT = "Afgebroken."
    rich_utils.RICH_HELP = "Zie [blue]'{command_path} {help_option}'[/] voor hulp."


def in_order_of_work(group: Any) -> None:
    """The top-level commands regrouped by the panels of WORK, in that order; a command that
    WORK does not name comes last, in a panel of its own (so a new command is never lost)."""
    commands: dict[str, Any] = getattr(group, "commands", {})
    ordered: dict[str, Any] = {}
    for panel, names in WORK:
        for name in names:
            if name in commands:
                commands[name].rich_help_panel = panel
                ordered[name] = commands[name]
    for name, command in commands.items():
        if name not in ordered:
            command.rich_help_panel = OTHER
            ordered[name] = command
    commands.clear()
    commands.update(ordered)


def dutch_help_option(command: Any) -> None:
    """Every command's --help says in Dutch what it does, and its usage line names its options
    and subcommands in Dutch."""
    if getattr(command, "options_metavar", None) == "[OPTIONS]":
        command.options_metavar = "[OPTIES]"
    if getattr(command, "subcommand_metavar", None) == "COMMAND [ARGS]...":
        command.subcommand_metavar = "OPDRACHT [ARGUMENTEN]..."
    context = click_core.Context(command)
    option = command.get_help_option(context)
    if option is not None:
        option.help = HELP_TEXT
    _dutch_frame_before_help(command)
    for sub in getattr(command, "commands", {}).values():
        dutch_help_option(sub)


def _dutch_frame_before_help(command: Any) -> None:
    original = command.format_help

    def format_help(ctx: Any, formatter: Any) -> None:
        dutch_frame()
        original(ctx, formatter)

    command.format_help = format_help


def apply(command: Any) -> None:
    in_order_of_work(command)
    dutch_help_option(command)
