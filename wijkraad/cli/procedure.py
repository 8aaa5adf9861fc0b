"""The appointment procedure: renew, vacancy, committee, candidates, screen, interview,
nominate, decide, onboarding, suspend, resume, cancel, status, history.

A command validates and records people's input in one transaction, then runs the flow for what
follows (flows are imported inside the command, against a running Prefect server: see
tasks/adapters/orchestrator.py). Commands that only read never import Prefect.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

from models import labels
from models.errors import DomainError
from models.stages import label
from tasks.adapters.clock import today
from tasks.queries import candidates as candidate_views
from tasks.queries import lookup
from tasks.queries import onboarding as onboarding_views
from tasks.queries import procedures as procedure_views
from tasks.queries.reading import reading
from wijkraad.cli.actor import actor
from wijkraad.cli.followups import NO_WAIT, hand_over, pending_json, warn_if_pending
from wijkraad.cli.lazy import lazy
from wijkraad.cli.output import emit_json, say, table, working

if TYPE_CHECKING:
    from commands import (
        candidates,
        committee,
        decision,
        nomination,
        onboarding,
        opening,
        pausing,
        screening,
    )
    from commands.committee import StepTaken
else:
    candidates = lazy("commands.candidates")
    committee = lazy("commands.committee")
    decision = lazy("commands.decision")
    nomination = lazy("commands.nomination")
    onboarding = lazy("commands.onboarding")
    opening = lazy("commands.opening")
    pausing = lazy("commands.pausing")
    screening = lazy("commands.screening")

JSON = typer.Option(False, "--json", help="Toon het resultaat als JSON.")
PROC = typer.Argument(..., help="Nummer (id) van de procedure (zie 'wijkraad status').")

committee_app = typer.Typer(help="De voordrachtcommissie van een procedure.", no_args_is_help=True)
candidates_app = typer.Typer(
    help="Kandidaten (aanmeldingen) van een procedure.", no_args_is_help=True
)
onboarding_app = typer.Typer(help="Het inwerken van nieuwe leden.", no_args_is_help=True)
server_app = typer.Typer(help="De lokale Prefect-server voor de flows.", no_args_is_help=True)


class DefaultRunGroup(TyperGroup):
    """`screen PROC` runs the hidden `run` command; `screen resolve PROC CANDIDATE` a
    subcommand. Both must work, so an unknown first word is taken as run's argument."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


screen_app = typer.Typer(
    cls=DefaultRunGroup,
    help="Toets de kandidaten: 'wijkraad screen PROC [--close-early]' sluit de werving (als de "
    "aanmeldtermijn voorbij is of met --close-early) en toetst iedereen; 'wijkraad screen "
    "resolve PROC KANDIDAAT' legt uw oordeel vast over een kandidaat die gecontroleerd moet "
    "worden; 'wijkraad screen overturn PROC KANDIDAAT --rule R (--pass|--fail)' herziet een "
    "uitkomst.",
    no_args_is_help=True,
)


def _stage_of(procedure_id: int) -> dict[str, Any]:
    with reading() as session:
        return procedure_views.summary(lookup.procedure(session, procedure_id))


def _report_stage(
    view: dict[str, Any], as_json: bool, text: str, step: StepTaken | None = None
) -> None:
    if as_json:
        emit_json(view | pending_json(step))
    else:
        say(f"{text} Procedure {view['id']} staat nu in fase '{view['stage_label']}'.")
    warn_if_pending(step)


# -- opening -----------------------------------------------------------------------------------


def renew(
    area: str | None = typer.Option(None, "--area", help="Gebied (slug), bijvoorbeeld ruwaard."),
    all_areas: bool = typer.Option(False, "--all", help="Alle 11 gebieden tegelijk."),
    term: int | None = typer.Option(
        None,
        "--term",
        help="Verkiezingsjaar van de periode; standaard de volgende. De lopende periode: een "
        "late vernieuwing (per gebied; de zittende leden blijven tot de nieuwe zijn benoemd).",
    ),
    as_json: bool = JSON,
    no_wait: bool = NO_WAIT,
) -> None:
    """Start de vernieuwing van een raad (of van alle raden) voor de volgende zittingsperiode."""
    hand_over(no_wait)
    if bool(area) == all_areas:
        raise DomainError("Geef --area GEBIED of --all op (één van beide).")
    with working("Vernieuwing starten…"):
        report = opening.renew(opening.Renew(area=area, election_year=term, actor=actor()))
    rows = [_opened_view(row) for row in report]
    if as_json:
        emit_json(rows[0] | {"id": rows[0]["procedure_id"]} if area else rows)
    else:
        for row in report:
            state = "geopend" if row.opened else "was al open"
            say(f"{row.area}: procedure {row.procedure_id} {state}.")
    for row in report:
        warn_if_pending(committee.StepTaken(row.procedure_id, row.followup))


def _opened_view(row: opening.Opened) -> dict[str, Any]:
    step = committee.StepTaken(row.procedure_id, row.followup)
    return {"area": row.area, "procedure_id": row.procedure_id, "opened": row.opened} | (
        pending_json(step)
    )


def vacancy(
    area: str = typer.Option(..., "--area", help="Gebied (slug), bijvoorbeeld ruwaard."),
    as_json: bool = JSON,
    no_wait: bool = NO_WAIT,
) -> None:
    """Start een tussentijdse procedure voor de vrije zetels van de huidige raad."""
    hand_over(no_wait)
    with working("Tussentijdse procedure starten…"):
        opened = opening.open_vacancy(opening.OpenVacancy(area=area, actor=actor()))
    view = _opened_view(opened)
    if as_json:
        emit_json(view | {"id": opened.procedure_id})
    else:
        say(f"{opened.area}: procedure {opened.procedure_id} geopend.")
    warn_if_pending(committee.StepTaken(opened.procedure_id, opened.followup))


# -- committee ---------------------------------------------------------------------------------


def _ids(value: str | None, field: str) -> list[int]:
    if not value:
        return []
    try:
        return [int(part) for part in value.replace(" ", "").split(",") if part]
    except ValueError as exc:
        raise DomainError(
            f"{field}: '{value}' is geen lijst van nummers (bijvoorbeeld 3,4)."
        ) from exc


@committee_app.command("add")
def committee_add(
    procedure_id: int = PROC,
    name: str = typer.Option(..., "--name", help="Naam."),
    email: str = typer.Option(..., "--email", help="E-mailadres."),
    postcode: str | None = typer.Option(None, "--postcode", help="Postcode (verplicht)."),
    house_number: str | None = typer.Option(None, "--house-number", help="Huisnummer (verplicht)."),
    appointed_by: str | None = typer.Option(
        None,
        "--appointed-by",
        help="Ids van de zittende leden die dit lid benoemden (3,4); weglaten als er geen "
        "leden zitten: dan benoemt de wijkcoördinator.",
    ),
    as_json: bool = JSON,
) -> None:
    """Voeg een lid toe aan de voordrachtcommissie."""
    added = committee.add_member(
        committee.AddCommitteeMember(
            procedure_id=procedure_id,
            name=name,
            email=email,
            postcode=postcode,
            house_number=house_number,
            appointed_by=_ids(appointed_by, "--appointed-by"),
            actor=actor(),
        )
    )
    if as_json:
        emit_json({"id": added.member_id, "procedure": procedure_id})
    else:
        say(f"Commissielid {added.member_id} toegevoegd aan procedure {procedure_id}.")


@committee_app.command("confirm")
def committee_confirm(
    procedure_id: int = PROC, as_json: bool = JSON, no_wait: bool = NO_WAIT
) -> None:
    """Bevestig de commissie: de werving begint (oproep, aanmeldtermijn, bericht aan commissie)."""
    hand_over(no_wait)
    with working("Werving openen…"):
        step = committee.confirm(
            committee.ConfirmCommittee(procedure_id=procedure_id, actor=actor())
        )
    view = _stage_of(procedure_id)
    closes = view["application_deadline"]
    text = f"Werving geopend; aanmelden kan tot en met {closes}." if closes else "Vastgelegd."
    _report_stage(view, as_json, text, step)


@committee_app.command("resend")
def committee_resend(
    procedure_id: int = PROC,
    member_id: int = typer.Argument(
        ..., help="Id van het commissielid (zie 'wijkraad committee links PROC')."
    ),
    as_json: bool = JSON,
) -> None:
    """Stuur een commissielid zijn persoonlijke link opnieuw (alleen tijdens de gesprekken)."""
    sent = committee.send_link(
        committee.SendLink(procedure_id=procedure_id, member_id=member_id, actor=actor())
    )
    if as_json:
        emit_json(
            {"id": sent.message_id, "member": member_id, "procedure": procedure_id,
             "already": sent.already}
        )  # fmt: skip
    elif sent.already:
        say(f"Er stond al een e-mail met de link klaar voor commissielid {member_id} (bericht "
            f"{sent.message_id}); er is geen tweede gestuurd.")  # fmt: skip
    else:
        say(f"De link gaat opnieuw naar commissielid {member_id} (bericht {sent.message_id}).")


@committee_app.command("links")
def committee_links(procedure_id: int = PROC, as_json: bool = JSON) -> None:
    """Toon per commissielid zijn persoonlijke link: werkt hij, verstuurd, gebruikt."""
    from tasks.queries import procedure_page

    with reading() as session:
        view = procedure_page.page(session, procedure_id)
    members = (view["committee"] or {}).get("members", [])
    rows = [
        {
            "id": m["id"],
            "name": m["name"],
            "state": view["links"][m["id"]].state,
            "sent_at": view["links"][m["id"]].sent_at,
            "waiting": view["links"][m["id"]].waiting,
            "failed_message": view["links"][m["id"]].failed,
            "visited_at": view["links"][m["id"]].visited_at,
        }
        for m in members
    ]
    if as_json:
        emit_json(rows)
        return
    states = {"works": "werkt", "early": "nog niet geldig", "paused": "opgeschort",
              "expired": "verlopen"}  # fmt: skip
    table(
        f"Persoonlijke links van procedure {procedure_id}",
        ["id", "naam", "link", "verstuurd", "laatst gebruikt"],
        [
            (
                r["id"],
                r["name"],
                states[r["state"]],
                r["sent_at"] or ("wordt verstuurd" if r["waiting"] else "nee"),
                r["visited_at"] or "nog niet",
            )
            for r in rows
        ],
    )


# -- candidates --------------------------------------------------------------------------------


@candidates_app.command("add")
def candidates_add(
    procedure_id: int = PROC,
    name: str = typer.Option(..., "--name", help="Naam."),
    email: str = typer.Option(..., "--email", help="E-mailadres."),
    postcode: str = typer.Option(..., "--postcode", help="Postcode van het woonadres."),
    house_number: str = typer.Option(..., "--house-number", help="Huisnummer."),
    motivation: str | None = typer.Option(None, "--motivation", help="Motivatie."),
    politically_active: bool = typer.Option(
        False, "--politically-active", help="De kandidaat is actief in de lokale politiek."
    ),
    municipal_employee: bool = typer.Option(
        False, "--municipal-employee", help="De kandidaat werkt bij de gemeente Oss."
    ),
    as_json: bool = JSON,
) -> None:
    """Leg een aanmelding vast (tijdens de werving)."""
    added = candidates.add(
        candidates.AddCandidate(
            procedure_id=procedure_id,
            name=name,
            email=email,
            postcode=postcode,
            house_number=house_number,
            motivation=motivation,
            politically_active=politically_active,
            municipal_employee=municipal_employee,
            actor=actor(),
        )
    )
    candidate_id = added.candidate_ids[0]
    if as_json:
        emit_json({"id": candidate_id, "procedure": procedure_id})
    else:
        say(f"Kandidaat {candidate_id} aangemeld voor procedure {procedure_id}.")


@candidates_app.command("import")
def candidates_import(
    procedure_id: int = PROC,
    file: Path = typer.Argument(
        ...,
        help="CSV: name,email,postcode,house_number[,motivation,politically_active,"
        "municipal_employee]",
    ),
    as_json: bool = JSON,
) -> None:
    """Lees aanmeldingen in uit een CSV-bestand: alles of niets, elke foute regel genoemd."""
    added = candidates.import_file(candidates.ImportCandidates(procedure_id, file, actor=actor()))
    if as_json:
        emit_json([{"id": i} for i in added.candidate_ids])
    else:
        say(f"{len(added.candidate_ids)} kandidaten ingelezen voor procedure {procedure_id}.")


@candidates_app.command("list")
def candidates_list(procedure_id: int = PROC, as_json: bool = JSON) -> None:
    """Toon de kandidaten met hun status en de uitkomst van de toetsing."""
    with reading() as session:
        rows = candidate_views.listing(session, procedure_id)
    if as_json:
        emit_json(rows)
        return
    table(
        f"Kandidaten van procedure {procedure_id}",
        ["id", "naam", "postcode", "status", "gemiddelde", "competenties", "toetsing"],
        [
            (
                r["id"],
                r["name"],
                r["postcode"],
                r["status_label"],
                "" if r["score_mean"] is None else f"{r['score_mean']:.2f}".replace(".", ","),
                r["scored"] or "",
                "; ".join(_finding(f) for f in r["findings"]),
            )
            for r in rows
        ],
    )


def _finding(f: dict[str, Any]) -> str:
    """A finding as the table shows it; one a person decided names who and why."""
    shown = labels.finding(f["rule"], f["result"])
    if f["resolved_by"]:
        shown += f" (besloten door {f['resolved_by']}: {f['reason']})"
    return shown


# -- screening ---------------------------------------------------------------------------------


@screen_app.command("run", hidden=True)
def screen_run(
    procedure_id: int = PROC,
    close_early: bool = typer.Option(
        False, "--close-early", help="Sluit de werving vóór het einde van de aanmeldtermijn."
    ),
    as_json: bool = JSON,
    no_wait: bool = NO_WAIT,
) -> None:
    """Sluit de werving en toets alle kandidaten."""
    hand_over(no_wait)
    with working("Kandidaten toetsen…"):
        step = screening.screen(
            screening.Screen(procedure_id, close_early=close_early, actor=actor())
        )
    _report_stage(_stage_of(procedure_id), as_json, "Kandidaten getoetst.", step)


@screen_app.command("resolve")
def screen_resolve(
    procedure_id: int = PROC,
    candidate_id: int = typer.Argument(..., help="Id van de kandidaat."),
    eligible: bool = typer.Option(False, "--eligible", help="De kandidaat voldoet."),
    ineligible: bool = typer.Option(False, "--ineligible", help="De kandidaat voldoet niet."),
    reason: str = typer.Option(..., "--reason", help="Waarom (wordt vastgelegd)."),
    as_json: bool = JSON,
    no_wait: bool = NO_WAIT,
) -> None:
    """Leg uw oordeel vast over een kandidaat die gecontroleerd moest worden."""
    hand_over(no_wait)
    if eligible == ineligible:
        raise DomainError("Geef --eligible of --ineligible op (één van beide).")
    with working("Toetsing bijwerken…"):
        step = screening.resolve(
            screening.ResolveCheck(
                procedure_id, candidate_id, eligible=eligible, reason=reason, actor=actor()
            )
        )
    view = _stage_of(procedure_id) | {"candidate": candidate_id}
    _report_stage(view, as_json, f"Kandidaat {candidate_id} beoordeeld.", step)


@screen_app.command("overturn")
def screen_overturn(
    procedure_id: int = PROC,
    candidate_id: int = typer.Argument(..., help="Id van de kandidaat."),
    rule: str = typer.Option(
        ...,
        "--rule",
        help="De voorwaarde: residence, politics, municipal_employment of committee_conflict.",
    ),
    passed: bool = typer.Option(False, "--pass", help="De kandidaat voldoet wél."),
    failed: bool = typer.Option(False, "--fail", help="De kandidaat voldoet niet."),
    reason: str = typer.Option(..., "--reason", help="Waarom (wordt vastgelegd)."),
    by: str | None = typer.Option(
        None, "--by", help="Wie besloot (bijvoorbeeld de voordrachtcommissie)."
    ),
    as_json: bool = JSON,
    no_wait: bool = NO_WAIT,
) -> None:
    """Herzie de uitkomst van een toetsing (in de toetsing of bij de gesprekken)."""
    hand_over(no_wait)
    if passed == failed:
        raise DomainError("Geef --pass of --fail op (één van beide).")
    with working("Toetsing herzien…"):
        step = screening.overturn(
            screening.OverturnFinding(
                procedure_id,
                candidate_id,
                rule=rule,
                passed=passed,
                reason=reason,
                by=by,
                actor=actor(),
            )
        )
    view = _stage_of(procedure_id) | {"candidate": candidate_id}
    _report_stage(view, as_json, f"Toetsing van kandidaat {candidate_id} herzien.", step)


# -- interviews, nomination, decision ----------------------------------------------------------


def interview(
    procedure_id: int = PROC,
    candidate_id: int = typer.Argument(..., help="Id van de kandidaat."),
    note: str | None = typer.Option(None, "--note", help="Notitie bij het gesprek."),
    score: list[str] = typer.Option(
        [], "--score", help="COMPETENTIE=1..5, bijvoorbeeld --score gebied=4 (vaker te geven)."
    ),
    as_json: bool = JSON,
) -> None:
    """Leg een gesprek van de commissie met een verkiesbare kandidaat vast."""
    recorded = nomination.interview(
        nomination.RecordInterview(
            procedure_id, candidate_id, note=note, scores=list(score), actor=actor()
        )
    )
    if as_json:
        emit_json({"id": recorded.interview_id, "candidate": candidate_id})
    else:
        say(f"Gesprek {recorded.interview_id} met kandidaat {candidate_id} vastgelegd.")


def nominate(
    procedure_id: int = PROC,
    candidate_ids: list[int] = typer.Argument(..., help="Ids van de voorgedragen kandidaten."),
    motivation: str | None = typer.Option(None, "--motivation", help="Motivering."),
    as_json: bool = JSON,
    no_wait: bool = NO_WAIT,
) -> None:
    """Leg de voordracht van de commissie vast; het collegevoorstel gaat naar de coördinator."""
    hand_over(no_wait)
    with working("Voordracht indienen…"):
        done = nomination.nominate(
            nomination.Nominate(
                procedure_id, list(candidate_ids), motivation=motivation, actor=actor()
            )
        )
    view = _stage_of(procedure_id) | {"nomination": done.nomination_id}
    if as_json:
        emit_json(
            view | {"id": done.nomination_id, "procedure": procedure_id} | pending_json(done.step)
        )
        warn_if_pending(done.step)
    else:
        _report_stage(view, False, f"Voordracht {done.nomination_id} ingediend.", done.step)


def decide(
    procedure_id: int = PROC,
    candidate_ids: list[int] = typer.Argument(..., help="Ids van de kandidaten die B&W benoemt."),
    number: str = typer.Option(..., "--number", help="Nummer van het collegebesluit."),
    date: str = typer.Option(..., "--date", help="Datum van het besluit (JJJJ-MM-DD)."),
    reason: str | None = typer.Option(None, "--reason", help="Toelichting."),
    as_json: bool = JSON,
    no_wait: bool = NO_WAIT,
) -> None:
    """Leg het besluit van B&W vast: leden, brieven, berichten en inwerktaken volgen."""
    hand_over(no_wait)
    with working("Besluit verwerken…"):
        decided = decision.decide(
            decision.Decide(
                procedure_id,
                list(candidate_ids),
                number=number,
                decided_on=date,
                reason=reason,
                actor=actor(),
            )
        )
    step = committee.StepTaken(procedure_id, decided.followup)
    view = _stage_of(procedure_id)
    seated = decided.members
    if as_json:
        emit_json(
            view
            | {"id": decided.decision_id, "procedure": procedure_id, "members": seated}
            | pending_json(step)
        )
    else:
        members = f"; {seated} nieuwe leden" if seated is not None else ""
        _report_stage(view, False, f"Besluit {decided.decision_id} vastgelegd{members}.")
    warn_if_pending(step)


# -- onboarding --------------------------------------------------------------------------------


@onboarding_app.command("list")
def onboarding_list(
    procedure_id: int | None = typer.Argument(None, help="Alleen deze procedure."),
    as_json: bool = JSON,
) -> None:
    """Toon de inwerktaken (zonder procedure: van alle procedures in de fase inwerken)."""
    with reading() as session:
        rows = [onboarding_views.view(t) for t in onboarding_views.tasks_of(session, procedure_id)]
    if as_json:
        emit_json(rows)
        return
    table(
        "Inwerktaken",
        ["id", "procedure", "lid", "taak", "uiterlijk", "klaar"],
        [
            (r["id"], r["procedure"], r["member"], r["title"], r["due_on"], r["done_at"] or "")
            for r in rows
        ],
    )


@onboarding_app.command("done")
def onboarding_done(
    task_ids: list[int] = typer.Argument(
        ..., help="Id van de inwerktaak; meer ids vinken ze samen af (alles of niets)."
    ),
    as_json: bool = JSON,
    no_wait: bool = NO_WAIT,
) -> None:
    """Vink een of meer inwerktaken af; als alles klaar is, wordt de procedure afgerond."""
    hand_over(no_wait)
    first, *more = task_ids
    with working("Inwerken bijwerken…"):
        done = onboarding.done(onboarding.CompleteTask(first, actor=actor(), more=tuple(more)))
    ticked = list(done.task_ids)
    view = _stage_of(done.step.procedure_id) | {"task": first, "tasks": ticked}
    said = (
        f"Inwerktaak {first} afgerond."
        if len(ticked) == 1
        else f"Inwerktaken {', '.join(map(str, ticked))} afgerond."
    )
    _report_stage(view, as_json, said, done.step)


# -- suspend, resume, cancel -------------------------------------------------------------------


def suspend(
    procedure_id: int = PROC,
    reason: str = typer.Option(..., "--reason", help="Reden van de opschorting."),
    as_json: bool = JSON,
) -> None:
    """Schort een procedure op: de termijnen schuiven op met de dagen van de opschorting."""
    pausing.suspend(pausing.Suspend(procedure_id, reason, actor=actor()))
    _report_stage(_stage_of(procedure_id), as_json, "Opgeschort.")


def resume(procedure_id: int = PROC, as_json: bool = JSON) -> None:
    """Hervat een opgeschorte procedure."""
    changed = pausing.resume(pausing.Resume(procedure_id, actor=actor()))
    _report_stage(
        _stage_of(procedure_id),
        as_json,
        f"Hervat; de termijnen zijn {changed.suspended_days} dagen opgeschoven in totaal.",
    )


def cancel(
    procedure_id: int = PROC,
    reason: str = typer.Option(..., "--reason", help="Reden van de annulering."),
    as_json: bool = JSON,
) -> None:
    """Annuleer een procedure."""
    pausing.cancel(pausing.Cancel(procedure_id, reason, actor=actor()))
    _report_stage(_stage_of(procedure_id), as_json, "Geannuleerd.")


# -- reading -----------------------------------------------------------------------------------


def status(
    procedure_id: int | None = typer.Argument(None, help="Nummer van de procedure."),
    area: str | None = typer.Option(None, "--area", help="Alle procedures van dit gebied."),
    as_json: bool = JSON,
) -> None:
    """Toon waar het staat: zonder argument alle gebieden, met PROC één procedure, met --area
    alle procedures van een gebied."""
    with reading() as session:
        if procedure_id is not None:
            detail = procedure_views.detail(session, procedure_id)
        elif area is not None:
            rows = procedure_views.listing(session, area)
        else:
            rows = procedure_views.overview(session, today())
    if procedure_id is not None:
        if as_json:
            emit_json(detail)
        else:
            _show_detail(detail)
    elif as_json:
        emit_json(rows)
    elif area is not None:
        table(
            "Procedures",
            ["id", "gebied", "soort", "periode", "fase", "streef", "uiterste datum", "voortgang"],
            [(r["id"], r["area"], labels.kind(r["kind"]), r["term"], r["stage_label"], r["target"],
              r["deadline"], r["stalled_label"]) for r in rows],
        )  # fmt: skip
    else:
        table(
            "Stand van zaken per gebied",
            ["raad", "zetels", "periode", "procedure", "fase", "uiterste datum", "voortgang"],
            [(r["council"], f"{r['members']}/{r['max_seats']}", r["term"], r["procedure"] or "-",
              r["stage_label"] or "-", r["deadline"] or "-", r["stalled_label"]) for r in rows],
        )  # fmt: skip


def _show_detail(view: dict[str, Any]) -> None:
    kind = labels.kind(view["kind"])
    lines = [
        f"Procedure {view['id']}: {view['council']}, {kind}, periode {view['term']}",
        f"Fase: {view['stage_label']}"
        + (f" (was: {label(view['suspended_stage'])})" if view["suspended_stage"] else ""),
        f"Zetels: {view['seats']}; kandidaten: {view['candidates']}; "
        f"commissieleden: {view['committee_members']}",
        f"Streefdatum: {view['target'] or '-'}; uiterste datum: {view['deadline'] or '-'}",
        f"Aanmeldtermijn tot en met: {view['application_deadline'] or '-'}",
        f"Dagen opgeschort: {view['suspended_days']}",
        f"Voortgang: {view['stalled_label'] or '-'}",
    ]
    for line in lines:
        say(line)


def history(procedure_id: int = PROC, as_json: bool = JSON) -> None:
    """Toon het verloop (audit trail) van een procedure."""
    with reading() as session:
        rows = procedure_views.history(session, procedure_id)
    if as_json:
        emit_json(rows)
        return
    table(
        f"Verloop van procedure {procedure_id}",
        ["wanneer", "wie", "wat", "van", "naar", "reden"],
        [
            (r["at"], r["actor"], r["action"], r["from_stage"], r["to_stage"], r["reason"])
            for r in rows
        ],
    )


# -- the local Prefect server ------------------------------------------------------------------


@server_app.command("status")
def server_status(as_json: bool = JSON) -> None:
    """Toon of de lokale Prefect-server draait."""
    from tasks.adapters import orchestrator as prefect_server

    state = prefect_server.recorded()
    running = bool(state and prefect_server.healthy(str(state["url"])))
    view = {"running": running, "url": state["url"] if state else None}
    if as_json:
        emit_json(view)
    else:
        say(
            f"Prefect-server draait op {view['url']}." if running else "Geen lokale Prefect-server."
        )


@server_app.command("stop")
def server_stop(as_json: bool = JSON) -> None:
    """Stop de lokale Prefect-server die wijkraad op de achtergrond startte."""
    from tasks.adapters import orchestrator as prefect_server

    stopped = prefect_server.stop()
    if as_json:
        emit_json({"stopped": stopped})
    else:
        say("Prefect-server gestopt." if stopped else "Er draaide geen lokale Prefect-server.")


def register(app: typer.Typer) -> None:
    """Add this module's commands and groups to the main app."""
    for command in (renew, vacancy, interview, nominate, decide, suspend, resume, cancel):
        app.command()(command)
    app.command()(status)
    app.command()(history)
    app.add_typer(committee_app, name="committee")
    app.add_typer(candidates_app, name="candidates")
    app.add_typer(screen_app, name="screen")
    app.add_typer(onboarding_app, name="onboarding")
    app.add_typer(server_app, name="prefect-server")
