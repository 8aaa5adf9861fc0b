"""What went wrong outside the rules, in the coördinator's words: a mistyped command line, the
database (missing, read-only, corrupt, unreachable, busy), the settings, a file, or a defect.

Rules speak for themselves (models.errors, via words.py); this module words the rest, so that
no command ends in a traceback. A defect is written to a log under $WIJKRAAD_HOME for whoever
maintains the installation; the terminal gets one Dutch line.
"""

from __future__ import annotations

import errno
import re
import traceback
from typing import Any

from pydantic import ValidationError
from sqlalchemy import exc as sql

from models.validation import shown

try:  # typer 0.2x vendors its own copy of click
    from typer._click import core as click_core
    from typer._click import exceptions as click
except ImportError:  # pragma: no cover - older typer on the system click
    from click import core as click_core  # type: ignore[no-redef]
    from click import exceptions as click  # type: ignore[no-redef]

# Ids and numbers are stored as the database's INTEGER (PostgreSQL: 4 bytes).
LARGEST = 2**31 - 1


def message(error: Exception) -> str:
    """Any error that is not a rule, in one Dutch line."""
    if is_settings_error(error):
        return settings(error)
    if isinstance(error, sql.SQLAlchemyError):
        return database(error, database_address())
    if _unreachable_prefect(error):
        return (
            "de Prefect-server is niet (meer) bereikbaar; wat via Prefect liep is misschien niet "
            "afgemaakt. Zie 'wijkraad prefect-server status' en voer de opdracht opnieuw uit."
        )
    if isinstance(error, OSError):
        return file(error)
    return defect(error)


def _unreachable_prefect(error: BaseException) -> bool:
    """A connection to the Prefect API that failed (httpx is only loaded with Prefect)."""
    import sys

    httpx = sys.modules.get("httpx")
    return httpx is not None and isinstance(error, httpx.TransportError)


# -- the command line ---------------------------------------------------------------------------


def bound_numbers(command: Any) -> None:
    """Refuse, before any command runs, a whole number the database cannot hold: every int
    option and argument of every command gets a range check (in Dutch) ahead of its own."""
    for param in getattr(command, "params", []):
        descriptor = getattr(param, "type_descriptor", None)
        annotation = getattr(descriptor, "annotation", None)
        if annotation is int or annotation == list[int]:
            param.callback = _within_range(param.callback)
    for sub in getattr(command, "commands", {}).values():
        bound_numbers(sub)


class OutOfRange(click.BadParameter):
    """A number the database cannot hold; its message is Dutch."""


def _within_range(callback: Any) -> Any:
    def check(ctx: click_core.Context, param: Any, value: Any) -> Any:
        values = value if isinstance(value, list | tuple) else [value]
        for number in values:
            if isinstance(number, int) and not -LARGEST <= number <= LARGEST:
                raise OutOfRange(
                    f"{shown(number, 30)} is te groot (hoogstens {LARGEST}).", ctx=ctx, param=param
                )
        return callback(ctx, param, value) if callback is not None else value

    return check


def usage(error: click.UsageError) -> str:
    """A mistyped command line, in Dutch (click's own messages are English)."""
    if isinstance(error, click.MissingParameter):
        return f"ontbrekende invoer: {_name(error.param)}."
    if isinstance(error, click.NoSuchOption):
        return f"onbekende optie: {shown(error.option_name)}."
    if isinstance(error, click.BadOptionUsage):
        if "does not take a value" in error.message:
            return f"de optie {shown(error.option_name)} heeft geen waarde."
        return f"de optie {shown(error.option_name)} heeft een waarde nodig."
    if isinstance(error, click.BadParameter):
        return f"ongeldige waarde voor {_name(error.param)}: {_parameter_problem(error)}"
    text = error.format_message()
    if match := re.match(r"Got unexpected extra argument\S* \((.*)\)", text, re.S):
        return f"onverwachte extra invoer: {shown(match.group(1))}."
    if match := re.match(r"No such command '(.*)'", text, re.S):
        return f"onbekende opdracht: {shown(match.group(1))}."
    if text.startswith("Missing command"):
        return "geef een opdracht op."
    return "ongeldige opdracht."


def _name(param: Any) -> str:
    if param is None:
        return "waarde"
    opts = getattr(param, "opts", None) or [getattr(param, "name", None) or "waarde"]
    return str(opts[0]) if str(opts[0]).startswith("-") else str(opts[0]).upper()


def _parameter_problem(error: click.BadParameter) -> str:
    cause = error.__cause__
    if isinstance(cause, ValidationError) and cause.errors():
        return problem(cause.errors()[0]) + "."
    if isinstance(error, OutOfRange):
        return error.message
    return "die waarde past hier niet."  # typer's own English (a path that is a directory, ...)


def problem(error: Any) -> str:
    """One pydantic error (of a CLI value or a setting) in Dutch, quoting the value."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    value = f"'{shown(error.get('input'), 40)}'"
    words = {
        "int_parsing": f"{value} is geen geheel getal",
        "int_from_float": f"{value} is geen geheel getal",
        "float_parsing": f"{value} is geen getal",
        "finite_number": f"{value} is geen eindig getal",
        "bool_parsing": f"{value} is geen ja/nee-waarde (true of false)",
        "literal_error": f"{value} kan niet; kies uit {ctx.get('expected', '')}",
        "enum": f"{value} kan niet; kies uit {ctx.get('expected', '')}",
        "greater_than_equal": f"{value} moet minstens {ctx.get('ge')} zijn",
        "greater_than": f"{value} moet groter zijn dan {ctx.get('gt')}",
        "less_than_equal": f"{value} mag hoogstens {ctx.get('le')} zijn",
        "less_than": f"{value} moet kleiner zijn dan {ctx.get('lt')}",
        "string_pattern_mismatch": f"{value} heeft niet de goede vorm",
        "json_invalid": f"{value} is geen geldige JSON",
        "missing": "ontbreekt",
    }
    return words.get(kind, f"{value} is geen geldige waarde")


# -- settings -----------------------------------------------------------------------------------


def settings(error: Exception) -> str:
    """Invalid settings (environment variables WIJKRAAD_...), naming each variable."""
    if isinstance(error, ValidationError):
        lines = [
            f"{_variable(e.get('loc', ()))}: {problem(e)}." for e in error.errors(include_url=False)
        ]
    else:  # pydantic_settings.SettingsError: a value that is no JSON where JSON is expected
        found = re.search(r'field "(\w+)"', str(error))
        lines = [f"{_variable((found.group(1),) if found else ())}: geen geldige JSON-waarde."]
    return "ongeldige instelling. " + " ".join(lines)


def _variable(loc: Any) -> str:
    return f"WIJKRAAD_{str(loc[0]).upper()}" if loc else "een WIJKRAAD_-instelling"


def is_settings_error(error: BaseException) -> bool:
    if isinstance(error, ValidationError):
        return error.title == "Settings"
    return type(error).__name__ == "SettingsError"


# -- the database -------------------------------------------------------------------------------


def database(error: sql.SQLAlchemyError, where: str) -> str:
    """A database that is missing, out of date, read-only, corrupt, unreachable or busy."""
    if isinstance(error, sql.ArgumentError | sql.NoSuchModuleError):
        return (
            f"WIJKRAAD_DATABASE_URL: '{shown(where)}' is geen database-adres (bijvoorbeeld "
            "sqlite:///var/wijkraad.db of postgresql+psycopg://gebruiker@host/wijkraad)."
        )
    text = str(getattr(error, "orig", None) or error).lower()
    code = getattr(getattr(error, "orig", None), "sqlstate", None) or ""
    if "no such table" in text or code == "42P01":
        return f"de database {where} is nog niet ingericht: voer eerst 'wijkraad init' uit."
    if "no such column" in text or code == "42703":
        return f"de database {where} hoort bij een oudere versie: voer 'wijkraad init' uit."
    if "locked" in text or code in ("55P03", "40P01"):
        return (
            "de database is bezig met een andere opdracht en bleef dat te lang; er is niets "
            "vastgelegd. Probeer het zo opnieuw."
        )
    if "readonly" in text or "read-only" in text or code == "25006":
        return (
            f"de database {where} is alleen-lezen; er is niets vastgelegd (controleer de "
            "rechten van het bestand en van de map)."
        )
    if "not a database" in text or "malformed" in text:
        return (
            f"de database {where} is beschadigd of geen wijkraad-database; zet een reservekopie "
            "terug of wijs WIJKRAAD_DATABASE_URL een andere aan."
        )
    if "unable to open" in text:
        return f"de database {where} is niet te openen (bestaat de map, mag wijkraad erin?)."
    if "disk" in text and ("full" in text or "i/o" in text):
        return f"de database {where} kan niet schrijven: de schijf is vol of geeft een fout."
    if code == "3D000":
        return f"de database {where} bestaat niet; maak hem aan en voer 'wijkraad init' uit."
    if code == "42501" or "permission denied" in text:
        return f"wijkraad heeft geen rechten in de database {where}."
    if isinstance(error, sql.IntegrityError):
        return (
            "een andere opdracht legde tegelijk hetzelfde vast; er is niets vastgelegd. Bekijk "
            "de stand en probeer het zo nodig opnieuw."
        )
    if isinstance(error, sql.DataError) or code.startswith("22"):
        return "een waarde past niet in de database (te groot of ongeldig); er is niets vastgelegd."
    if isinstance(error, sql.OperationalError | sql.InterfaceError):
        return f"de database {where} is niet bereikbaar; er is niets vastgelegd."
    return f"de database {where} gaf een fout ({type(error).__name__}); er is niets vastgelegd."


def database_address() -> str:
    """Where the database is, without a password."""
    from sqlalchemy.engine import make_url

    from tasks.adapters.settings import get_settings

    try:
        url = get_settings().resolved_database_url
    except Exception:  # the settings themselves may be what is wrong
        return "(onbekend)"
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an address that is no URL is shown as it is
        return url


# -- files and defects --------------------------------------------------------------------------

_FILE_PROBLEMS = {
    errno.ENOENT: "bestaat niet",
    errno.EACCES: "geen toegang",
    errno.EPERM: "geen toegang",
    errno.EISDIR: "is een map, geen bestand",
    errno.ENOTDIR: "een deel van het pad is geen map",
    errno.ENOSPC: "de schijf is vol",
    errno.EROFS: "alleen-lezen schijf",
    errno.EEXIST: "bestaat al",
    errno.ENAMETOOLONG: "de naam is te lang",
}


def file(error: OSError) -> str:
    """A file or folder that cannot be read or written."""
    reason = _FILE_PROBLEMS.get(error.errno or 0, "lees- of schrijffout")
    where = f"'{shown(error.filename)}'" if error.filename else "een bestand"
    return f"{where}: {reason}."


def defect(error: BaseException) -> str:
    """An unexpected error: the traceback goes to a log for the maintainer, not the terminal."""
    from pathlib import Path

    from tasks.adapters.clock import now

    where = "het foutenlogboek"
    try:
        from tasks.adapters.settings import get_settings

        log = Path(get_settings().home) / "fouten.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {now().isoformat()}\n")
            handle.write("".join(traceback.format_exception(error)))
        where = str(log)
    except Exception:  # the message below is shown either way
        pass
    return (
        f"onverwachte fout ({type(error).__name__}); de details staan in {where}. Meld dit bij "
        "de beheerder."
    )
