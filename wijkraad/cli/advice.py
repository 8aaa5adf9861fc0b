"""advice list | answer: the councils' advice to B&W and B&W's answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from tasks.adapters.clock import today
from tasks.adapters.settings import get_settings
from tasks.queries import advice as views
from tasks.queries.reading import reading
from wijkraad.cli.actor import actor
from wijkraad.cli.lazy import lazy
from wijkraad.cli.output import emit_json, say, table

if TYPE_CHECKING:
    from commands import advice
else:
    advice = lazy("commands.advice")

app = typer.Typer(
    help="Adviezen van de raden aan B&W en de antwoorden van B&W.", no_args_is_help=True
)


@app.command("list")
def list_advice(
    open_only: bool = typer.Option(
        False, "--open", help="Alleen de adviezen waarop B&W nog niet hebben geantwoord."
    ),
    area: str | None = typer.Option(None, "--area", help="Alleen dit gebied (slug)."),
    as_json: bool = typer.Option(False, "--json", help="Toon het resultaat als JSON."),
) -> None:
    """Toon de adviezen aan B&W: verzonden op, antwoord verwacht op, antwoord en uitkomst."""
    day = today()
    with reading() as session:
        rows = views.advice_list(
            session,
            day,
            open_only=open_only,
            area=area,
            soon=get_settings().advice_reminder_days,
        )
    if as_json:
        emit_json([r.as_json() for r in rows])
        return
    table(
        "Adviezen aan B&W" + (" zonder antwoord" if open_only else ""),
        ["id", "gebied", "onderwerp", "verzonden", "antwoord verwacht", "antwoord", "uitkomst"],
        [
            (
                r.id,
                r.area,
                r.subject,
                r.sent_on,
                r.answer_due_on,
                r.answered_on or views.STATE_LABELS[r.state],
                r.outcome_label or "",
            )
            for r in rows
        ],
    )


@app.command("answer")
def answer(
    advice_id: int = typer.Argument(..., metavar="ADVIES", help="Id van het advies."),
    date: str = typer.Option(..., "--date", help="Datum van het antwoord van B&W (JJJJ-MM-DD)."),
    outcome: str = typer.Option(
        ..., "--outcome", help="overgenomen, 'deels overgenomen' of 'niet overgenomen'."
    ),
    text: str | None = typer.Option(None, "--text", help="De tekst van het antwoord."),
    reference: str | None = typer.Option(
        None, "--reference", help="Verwijzing naar het antwoord (kenmerk van de brief)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Toon het resultaat als JSON."),
) -> None:
    """Leg het antwoord van B&W op een advies vast (datum, tekst of kenmerk, uitkomst)."""
    answered = advice.answer(
        advice.AnswerAdvice(advice_id, date, outcome, text=text, reference=reference, actor=actor())
    )
    with reading() as session:
        view = views.one(session, answered.advice_id, today())
    if as_json:
        emit_json(view.as_json())
        return
    when = "op tijd" if answered.in_time else "na de termijn"
    say(
        f"Antwoord op advies {view.id} vastgelegd: {view.outcome_label}, {when} "
        f"(verwacht uiterlijk {view.answer_due_on.isoformat()})."
    )
