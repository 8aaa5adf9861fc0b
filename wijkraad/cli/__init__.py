"""The `wijkraad` command line: Dutch for the wijkcoördinator, --json for scripts.

Commands that only read import neither Prefect nor the flows; commands that run a flow import
them inside the command.
"""

from __future__ import annotations

import sys

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


def _keep_prefect_home_under_wijkraad_home() -> None:
    """The embedded default keeps Prefect's home under $WIJKRAAD_HOME, never ~/.prefect, and a
    local Prefect server sends no usage data out (it would also add writes to its SQLite)."""
    import os
    from pathlib import Path

    home = Path(os.environ.get("WIJKRAAD_HOME", "var"))
    os.environ.setdefault("PREFECT_HOME", str((home / "prefect").resolve()))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


def _dutch_usage_error(error: click.UsageError) -> str:
    return failures.usage(error)


def main() -> None:
    _keep_prefect_home_under_wijkraad_home()
    try:
        command = typer.main.get_command(app)
        failures.bound_numbers(command)
        frame.apply(command)
        command(standalone_mode=False)
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
