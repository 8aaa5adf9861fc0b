"""The command tree of `wijkraad` (Typer) and how it runs: Dutch errors, never a traceback.

Commands that only read import neither Prefect nor the flows; commands that run a flow import
them inside the command.
"""

from __future__ import annotations

import sys
from functools import cache
from typing import Any

import typer

try:  # typer 0.2x vendors its own copy of click
    from typer._click import exceptions as click
except ImportError:  # pragma: no cover - older typer on the system click
    from click import exceptions as click  # type: ignore[no-redef]

from models.errors import DomainError
from wijkraad.cli import base as cmd_base
from wijkraad.cli import doctor as cmd_doctor
from wijkraad.cli import failures, frame, words
from wijkraad.cli import mail as cmd_mail
from wijkraad.cli import members as cmd_members
from wijkraad.cli import panel as cmd_panel
from wijkraad.cli import privacy as cmd_privacy
from wijkraad.cli import procedure as cmd_procedure
from wijkraad.cli import recruitment as cmd_recruitment
from wijkraad.cli import roles as cmd_roles
from wijkraad.cli import simulate as cmd_simulate
from wijkraad.cli import users as cmd_users
from wijkraad.cli import watch as cmd_watch
from wijkraad.cli import web as cmd_web
from wijkraad.cli import worker as cmd_worker
from wijkraad.cli.output import fail

app = typer.Typer(
    name="wijkraad",
    help="Benoemingsprocedures van de wijk- en dorpsraden van de gemeente Oss.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    options_metavar="[OPTIES]",
    subcommand_metavar="OPDRACHT [ARGUMENTEN]...",
)
cmd_base.register(app)
app.add_typer(cmd_members.app, name="members")
cmd_roles.register(cmd_members.app)
cmd_procedure.register(app)
cmd_recruitment.register(app)
cmd_mail.register(app)
cmd_watch.register(app)
cmd_simulate.register(app)
cmd_privacy.register(app)
cmd_doctor.register(app)
app.add_typer(cmd_users.app, name="users")
app.add_typer(cmd_panel.app, name="panel")
cmd_web.register(app)
cmd_worker.register(app)


def _dutch_usage_error(error: click.UsageError) -> str:
    return failures.usage(error)


@cache
def command() -> Any:
    """The click command of the whole tree, built once per process: Typer builds it from the
    functions' signatures (about 20 ms; a process that runs many commands, such as the test
    suite, built it for every one: a profile of `make test` had a fifth of the in-process
    commands' time there)."""
    built = typer.main.get_command(app)
    failures.bound_numbers(built)
    frame.apply(built)
    return built


def run() -> None:
    """Run the command line in sys.argv through Typer."""
    try:
        command()(standalone_mode=False)
    except DomainError as exc:
        fail(words.message(exc))
        sys.exit(1)
    except click.NoArgsIsHelpError:
        sys.exit(0)  # the help has been shown
    except click.UsageError as exc:
        fail(_dutch_usage_error(exc) + " Zie 'wijkraad --help'.")
        sys.exit(1)
    except typer.Abort:
        fail("afgebroken.")
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # not a rule: the database, settings, a file, a defect
        fail(failures.message(exc))
        sys.exit(1)
