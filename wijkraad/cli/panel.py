"""panel import | draw | invite | publish | verify | show: the burgerpanel by lot."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from models.errors import DomainError
from tasks.queries import panels as views
from tasks.queries.reading import reading
from wijkraad.cli.followups import NO_WAIT, hand_over
from wijkraad.cli.lazy import lazy
from wijkraad.cli.output import emit_json, note, say, table, working

if TYPE_CHECKING:
    from commands import panels
else:
    panels = lazy("commands.panels")

JSON = typer.Option(False, "--json", help="Toon het resultaat als JSON.")
EXPERIMENT = typer.Argument(..., help="Id van het experiment (vorm loting).")

app = typer.Typer(help="Het burgerpanel door loting.", no_args_is_help=True)


@app.command("import")
def import_(
    experiment: int = EXPERIMENT,
    file: Path = typer.Argument(..., help="CSV name,email,postcode,house_number,birth_year,..."),
    as_json: bool = JSON,
) -> None:
    """Lees een pool in (alle regels of geen; elke foute regel genoemd)."""
    count = panels.import_pool(experiment, file)
    if as_json:
        emit_json({"experiment_id": experiment, "imported": count})
    else:
        say(f"{count} vrijwilliger(s) in de pool van experiment {experiment}.")


@app.command("draw")
def draw(
    experiment: int = EXPERIMENT,
    seed: int | None = typer.Option(None, "--seed", help="Startgetal (1 tot 2147483648)."),
    as_json: bool = JSON,
    no_wait: bool = NO_WAIT,
) -> None:
    """Loot het panel (of vervang wie nee zei of niet antwoordde)."""
    hand_over(no_wait)
    with working("Loten…"):
        started = panels.draw(experiment, seed)
    drawn = started.drawn
    if drawn is None:
        if started.handed_over and as_json:
            emit_json({"experiment_id": experiment, "selected": None, "pending_draw": True})
        elif started.handed_over:
            note(
                f"De loting is overgedragen aan een worker; 'wijkraad panel show {experiment}' "
                "toont wie geloot is zodra hij klaar is."
            )
        if started.handed_over:
            return
        raise DomainError(
            f"De loting is vastgelegd maar nog niet uitgevoerd: {started.problem}. Voer "
            "dezelfde opdracht opnieuw uit; de loting gebeurt één keer."
        )
    if as_json:
        emit_json(panels.as_dict(drawn))
        return
    say(
        f"Loting {drawn.draw} van experiment {experiment}: {len(drawn.selected)} geloot uit "
        f"{drawn.pool} (seed {drawn.seed}): {', '.join(drawn.selected)}."
    )


@app.command("invite")
def invite(
    experiment: int = EXPERIMENT,
    reply_days: int = typer.Option(14, "--reply-days", help="Dagen om te antwoorden."),
    as_json: bool = JSON,
) -> None:
    """Nodig de gelote leden uit (e-mail met een antwoordlink)."""
    count = panels.invite(experiment, reply_days)
    if as_json:
        emit_json({"experiment_id": experiment, "invited": count})
    else:
        say(f"{count} uitnodiging(en) in de wachtrij.")


@app.command("publish")
def publish(
    experiment: int = EXPERIMENT,
    output: Path = typer.Option(..., "--output", help="Map voor het verslag (CSV en HTML)."),
    as_json: bool = JSON,
) -> None:
    """Schrijf het openbare verslag van de loting (geen namen)."""
    done = panels.publish(experiment, output)
    if as_json:
        emit_json({"csv": str(done.csv), "html": str(done.html)})
    else:
        say(f"Verslag geschreven: {done.csv} en {done.html}.")


@app.command("verify")
def verify(
    file: Path = typer.Argument(..., help="Het CSV-bestand van een gepubliceerd verslag."),
    as_json: bool = JSON,
) -> None:
    """Voer de loting opnieuw uit en zeg of die hetzelfde panel geeft."""
    with working("Opnieuw loten…"):
        result = panels.verify(file)
    if as_json:
        emit_json(
            {
                "same": result.same,
                "draws": [
                    {
                        "draw": c.draw,
                        "same": c.same,
                        "probabilities_same": c.probabilities_same,
                        "recorded": c.recorded,
                        "again": c.again,
                    }
                    for c in result.draws
                ],
            }
        )
    for check in result.draws:
        if not as_json:
            verdict = "hetzelfde panel" if check.same else "een ander panel"
            say(f"Loting {check.draw}: opnieuw uitgevoerd geeft {verdict}.")
            if not check.probabilities_same:
                say(f"Loting {check.draw}: de kansen in het verslag kloppen niet.")
    if not result.same:
        raise DomainError("Het verslag klopt niet: de loting geeft niet wat er staat.")
    if not as_json:
        say("Het verslag klopt.")


@app.command("show")
def show(experiment: int = EXPERIMENT, as_json: bool = JSON) -> None:
    """Het panel: de pool, de lotingen, de gelote leden en hun antwoord."""
    with reading() as session:
        view = views.panel(session, experiment)
        quotas = views.quotas_against_panel(session, experiment)
    if as_json:
        emit_json(view | {"quotas_against_panel": quotas})
        return
    say(
        f"Burgerpanel {view['area_name']}: {view['size']} leden, pool {view['pool']}, "
        f"aanmelden tot en met {view['registration_until']}."
    )
    if view["pending_draw"]:
        note(f"Loting {view['pending_draw']} is bezig (een worker voert hem uit).")
    if view["refused_draw"]:
        note(f"De laatste loting is geweigerd: {view['refused_draw']}")
    table(
        "Quota en panel",
        ["kenmerk", "waarde", "min", "max", "in panel"],
        [(q["feature"], q["value"], q["min"], q["max"], q["panel"]) for q in quotas],
    )
    table(
        "Geloot",
        ["nummer", "naam", "loting", "antwoord vóór", "antwoord"],
        [
            (d["pseudonym"], d["name"] or "", d["draw"], d["reply_until"] or "", d["answer"] or "")
            for d in view["drawn"]
        ],
    )
