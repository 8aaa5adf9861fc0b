"""Parity of the two doors: every CLI command that writes has a web route that calls the same
command, so the coördinator never needs the terminal. A new CLI command must be put in one of
the tables below; a writing command without a route (or with a route that does not exist) fails
this test."""

from __future__ import annotations

# CLI command -> (method, route) of the web page that does the same through the same command.
WRITES: dict[str, tuple[str, str]] = {
    "renew": ("POST", "/procedures"),
    "vacancy": ("POST", "/procedures"),
    "committee add": ("POST", "/procedures/{procedure_id}/commissielid"),
    "committee confirm": ("POST", "/procedures/{procedure_id}/commissie-bevestigen"),
    "committee resend": ("POST", "/procedures/{procedure_id}/commissielink"),
    "candidates add": ("POST", "/procedures/{procedure_id}/kandidaat"),
    "candidates import": ("POST", "/procedures/{procedure_id}/kandidaten-inlezen"),
    "recruitment extend": ("POST", "/procedures/{procedure_id}/termijn-verlengen"),
    "screen run": ("POST", "/procedures/{procedure_id}/toetsen"),
    "screen resolve": ("POST", "/procedures/{procedure_id}/beoordelen"),
    "screen overturn": ("POST", "/procedures/{procedure_id}/herzien"),
    "interview": ("POST", "/procedures/{procedure_id}/gesprek"),
    "nominate": ("POST", "/procedures/{procedure_id}/voordracht"),
    "decide": ("POST", "/procedures/{procedure_id}/besluit"),
    "onboarding done": ("POST", "/procedures/{procedure_id}/inwerktaak"),
    "suspend": ("POST", "/procedures/{procedure_id}/opschorten"),
    "resume": ("POST", "/procedures/{procedure_id}/hervatten"),
    "cancel": ("POST", "/procedures/{procedure_id}/annuleren"),
    "members add": ("POST", "/raden/{slug}/lid"),
    "members import": ("POST", "/raden/{slug}/leden-inlezen"),
    "members role": ("POST", "/raden/{slug}/functie"),
    "members move": ("POST", "/raden/{slug}/verhuizing"),
    "members leave": ("POST", "/raden/{slug}/vertrek"),
    "experiment start": ("POST", "/raden/{slug}/experiment"),
    "panel import": ("POST", "/experiments/{experiment_id}/panel/inlezen"),
    "panel draw": ("POST", "/experiments/{experiment_id}/panel/loten"),
    "panel invite": ("POST", "/experiments/{experiment_id}/panel/uitnodigen"),
    "panel publish": ("POST", "/experiments/{experiment_id}/panel/publiceren"),
    "experiment dismiss": ("POST", "/raden/{slug}/experiment-afwijzen"),
    "experiment evaluate": ("POST", "/raden/{slug}/experiment-evalueren"),
    "meetings add": ("POST", "/raden/{slug}/vergadering"),
    "meetings move": ("POST", "/raden/{slug}/verplaatsen"),
    "meetings minutes": ("POST", "/raden/{slug}/notulen"),
    "decisions add": ("POST", "/raden/{slug}/besluit"),
    "decisions publish": ("POST", "/raden/{slug}/besluiten-publiceren"),
    "decisions publish-appointments": ("POST", "/raden/{slug}/benoemingen-publiceren"),
    "advice answer": ("POST", "/adviezen/{advice_id}/antwoord"),
    "mail retry": ("POST", "/mail/{message_id}/opnieuw"),
    "privacy export": ("POST", "/privacy/export"),
    "privacy erase": ("POST", "/privacy/wissen"),
    "privacy purge": ("POST", "/privacy/opschonen"),
    "users add": ("POST", "/accounts"),
    "users disable": ("POST", "/accounts/uitschakelen"),
}

# Commands that only read: the page that shows the same.
READS: dict[str, str] = {
    "status": "/",
    "areas": "/",
    "terms": "/",
    "history": "/procedures/{procedure_id}",
    "committee links": "/procedures/{procedure_id}",
    "candidates list": "/procedures/{procedure_id}",
    "onboarding list": "/procedures/{procedure_id}",
    "stalled": "/stalled",
    "members list": "/raden/{slug}",
    "experiment list": "/raden/{slug}",
    "meetings list": "/raden/{slug}",
    "decisions list": "/raden/{slug}",
    "advice list": "/adviezen",
    "mail list": "/mail",
    "mail show": "/mail/{message_id}",
    "users list": "/accounts",
    "report": "/",
    "mail preview": "",  # a template with example data: for whoever writes the templates
    "panel show": "",  # the panel's record (its own issue)
    "panel verify": "",  # checks a published draw again; changes nothing
    "prefect-server status": "",  # operations
}

# Operations, not the coördinator's work: running the program, set-up and the schedules.
OPERATIONS = {
    "init": "creates or upgrades the database (set-up)",
    "postcodes import": "replaces the postcode table (set-up, with the data of the municipality)",
    "serve": "runs the schedules",
    "worker": "runs the follow-up steps handed over by commands",
    "web": "runs the web page itself",
    "tick": "the daily monitor, run by the schedule",
    "mail send": "delivery, run by the schedule every minute",
    "simulate": "the synthetic cycle of the main job",
    "doctor": "checks the installation",
    "prefect-server stop": "stops the local Prefect server",
}

# Writing commands of the panel by lot still without a page: none left.
PANEL: set[str] = set()


def _cli_commands() -> set[str]:
    import typer

    from wijkraad.cli import app

    def walk(command, prefix: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
        subcommands = getattr(command, "commands", None)
        if subcommands is None:
            yield " ".join(prefix)
            return
        for name, sub in subcommands.items():
            yield from walk(sub, (*prefix, name))

    return set(walk(typer.main.get_command(app)))


def _web_routes() -> set[tuple[str, str]]:
    from fastapi.routing import APIRoute

    from wijkraad.web import actions, council
    from wijkraad.web.app import create_app

    found = set()
    routes = []
    for route in create_app().routes:
        inner = getattr(route, "original_router", None)
        routes += inner.routes if inner is not None else [route]
    for route in routes:
        if not isinstance(route, APIRoute):
            continue
        for method in route.methods:
            if route.path == "/procedures/{procedure_id}/{action}":
                found |= {(method, f"/procedures/{{procedure_id}}/{a}") for a in actions.HANDLERS}
            elif route.path == "/raden/{slug}/{action}":
                found |= {(method, f"/raden/{{slug}}/{a}") for a in council.HANDLERS}
            else:
                found.add((method, route.path))
    return found


def test_every_cli_command_is_classified() -> None:
    commands = _cli_commands()
    assert commands, "no CLI commands found"
    known = set(WRITES) | set(READS) | set(OPERATIONS) | PANEL
    unclassified = sorted(commands - known)
    assert unclassified == [], (
        f"CLI commands in no table of {__file__}: {unclassified}; a command that writes needs a "
        "web route (WRITES)"
    )
    assert sorted(known - commands) == [], "tables name commands the CLI does not have"


def test_every_writing_command_has_its_web_route() -> None:
    routes = _web_routes()
    assert WRITES, "no writing commands listed"
    missing = {cli: route for cli, route in WRITES.items() if route not in routes}
    assert missing == {}, f"writing CLI commands whose web route does not exist: {missing}"
    pages = {("GET", path) for path in READS.values() if path}
    assert pages <= routes, f"pages that do not exist: {sorted(pages - routes)}"
