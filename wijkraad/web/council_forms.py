"""The forms of the council page (`/raden/{slug}`): members, experiments, meetings and
decisions. A field is named as the command's error names it ("member", "date", "minutes"), so a
refused form puts each message next to its field. The handlers are in council.py."""

from __future__ import annotations

from typing import Any

from models.enums import ExperimentStatus, Role
from models.terms import term_on
from tasks.adapters.settings import get_settings
from wijkraad.web.forms import ActionForm, Field

ROLES = tuple((r.value, r.value) for r in Role)
DECISIONS = (
    ("continue", "het experiment gaat door"),
    ("stop", "het experiment stopt"),
    ("start_procedure", "een benoemingsprocedure starten voor de raad"),
)
EVALUABLE = (ExperimentStatus.RUNNING.value, ExperimentStatus.CONTINUED.value)


def _members(view: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return (
        ("", "kies een lid"),
        *tuple((str(m["id"]), f"{m['name']} ({m['role']})") for m in view["sitting"]),
    )


def _meetings(view: dict[str, Any], *, past: bool, public_only: bool = False) -> tuple:
    day = view["day"]
    return (
        ("", "kies een vergadering"),
        *tuple(
            (str(m["id"]), f"{m['date']:%d-%m-%Y}{'' if m['public'] else ' (besloten)'}")
            for m in view["meetings"]
            if (m["date"] <= day if past else m["date"] >= day)
            and (m["public"] or not public_only)
            and (past or (not m["minutes"] and not m["decisions"]))
        ),
    )


def _experiments(view: dict[str, Any], *statuses: str) -> tuple[tuple[str, str], ...]:
    return (
        ("", "kies een experiment"),
        *tuple(
            (str(e["id"]), f"{e['id']}: {e['form'] or 'voorstel'}")
            for e in view["experiments"]
            if e["status"] in statuses
        ),
    )


def build(view: dict[str, Any]) -> dict[str, ActionForm]:
    """All forms of a council page, by name (whether there is something to choose or not)."""
    forms_of = tuple(
        (f, "anders (omschrijf hieronder)" if f == "other" else f)
        for f in get_settings().experiment_forms
    )
    years = sorted({view["day"].year, *view["decision_years"]}, reverse=True)
    now_term = term_on(view["day"])
    terms = tuple(
        (str(t.election_year), f"{t.election_year} ({t.start:%Y}-{t.end:%Y})")
        for t in (now_term.next(), now_term)
    )
    forms = [
        ActionForm(
            "lid",
            "Lid toevoegen",
            "Lid toevoegen",
            (
                Field("name", "Naam", autocomplete="off"),
                Field("email", "E-mailadres", "email", autocomplete="off"),
                Field("postcode", "Postcode", hint="Bijvoorbeeld 5345 AB.", autocomplete="off"),
                Field("house_number", "Huisnummer", autocomplete="off"),
                Field("role", "Functie", "select", ROLES, default="lid"),
                Field("since", "Lid sinds", "date", hint="Leeg: vandaag."),
                Field(
                    "residence_confirmed_by",
                    "Adres gecontroleerd door (optioneel)",
                    hint="Alleen als de postcode niet in de postcodetabel staat.",
                ),
            ),
        ),
        ActionForm(
            "leden-inlezen",
            "Leden inlezen (CSV)",
            "Inlezen",
            (
                Field(
                    "file",
                    "CSV-bestand",
                    "file",
                    hint="Kolommen area,name,email,postcode,house_number; optioneel role, since. "
                    "Alles of niets.",
                ),
            ),
            multipart=True,
        ),
        ActionForm(
            "functie",
            "Functie geven",
            "Functie vastleggen",
            (
                Field("member", "Lid", "select", _members(view)),
                Field("role", "Functie", "select", ROLES),
                Field("date", "Vanaf", "date", hint="Leeg: vandaag."),
            ),
            help="De vorige functies blijven bewaard.",
        ),
        ActionForm(
            "verhuizing",
            "Verhuizing vastleggen",
            "Verhuizing vastleggen",
            (
                Field("member", "Lid", "select", _members(view)),
                Field(
                    "postcode", "Nieuwe postcode", hint="Bijvoorbeeld 5345 AB.", autocomplete="off"
                ),
                Field("house_number", "Nieuw huisnummer", autocomplete="off"),
                Field("date", "Datum van de verhuizing", "date", hint="Leeg: vandaag."),
                Field("confirmed_by", "Adres gecontroleerd door (optioneel)"),
            ),
            help="Binnen het gebied wordt het adres bijgewerkt; daarbuiten eindigt het "
            "lidmaatschap en komt er een zetel vrij.",
        ),
        ActionForm(
            "vertrek",
            "Vertrek vastleggen",
            "Vertrek vastleggen",
            (
                Field("member", "Lid", "select", _members(view)),
                Field("reason", "Reden van vertrek", "textarea"),
                Field("date", "Datum van vertrek", "date", hint="Leeg: vandaag."),
            ),
        ),
        ActionForm(
            "experiment",
            "Experiment starten",
            "Experiment starten",
            (
                Field("form", "Vorm", "select", (("", "kies een vorm"), *forms_of)),
                Field(
                    "description",
                    "Omschrijving",
                    "textarea",
                    hint="Verplicht bij de vorm 'anders'.",
                ),
                Field("decided_with_college_on", "Besloten met het college op", "date"),
                Field("evaluate_on", "Evalueren op (optioneel)", "date"),
                Field("reason", "Waarom dit experiment", "textarea"),
                Field("size", "Leden van het panel (bij loting)", hint="Bijvoorbeeld 12."),
                Field("until", "Aanmelden tot en met (bij loting)", "date"),
                Field(
                    "quotas",
                    "Quota (bij loting)",
                    "textarea",
                    hint="CSV met de kop feature,value,min,max; bijvoorbeeld leeftijd,16-34,3,5.",
                ),
            ),
            help="Een voorstel voor dit gebied wordt het lopende experiment. Bij de vorm "
            "'loting' opent u met omvang, aanmeldtermijn en quota een burgerpanel door loting.",
        ),
        ActionForm(
            "experiment-afwijzen",
            "Voorstel afwijzen",
            "Voorstel afwijzen",
            (
                Field(
                    "experiment",
                    "Voorstel",
                    "select",
                    _experiments(view, ExperimentStatus.PROPOSED.value),
                ),
                Field("reason", "Waarom er geen experiment komt", "textarea"),
            ),
        ),
        ActionForm(
            "experiment-evalueren",
            "Experiment evalueren",
            "Evaluatie vastleggen",
            (
                Field("experiment", "Experiment", "select", _experiments(view, *EVALUABLE)),
                Field("outcome", "Uitkomst van de evaluatie", "textarea"),
                Field("decision", "Besluit", "radio", DECISIONS),
                Field("evaluate_on", "Volgende evaluatie (bij doorgaan)", "date"),
            ),
        ),
        ActionForm(
            "vergadering",
            "Vergadering plannen",
            "Vergadering vastleggen",
            (
                Field("date", "Datum", "date"),
                Field("time", "Aanvang", "time", hint="Leeg: 19:30."),
                Field("closed", "Besloten vergadering", "checkbox"),
                Field("agenda", "Agenda (optioneel)", "textarea"),
            ),
            help="De leden krijgen een uitnodiging met een agenda-item (.ics).",
        ),
        ActionForm(
            "verplaatsen",
            "Vergadering verplaatsen",
            "Vergadering verplaatsen",
            (
                Field("meeting", "Vergadering", "select", _meetings(view, past=False)),
                Field("date", "Nieuwe datum", "date"),
                Field("time", "Nieuwe aanvang", "time", hint="Leeg: de tijd die ze had."),
            ),
            help="De agenda's van de leden schuiven mee.",
        ),
        ActionForm(
            "notulen",
            "Notulen vastleggen",
            "Notulen vastleggen",
            (
                Field("meeting", "Vergadering", "select", _meetings(view, past=True)),
                Field("minutes", "Notulen", "textarea"),
            ),
            help="Vastleggen is publiceren (vandaag).",
            wide=True,
        ),
        ActionForm(
            "besluit",
            "Besluit vastleggen",
            "Besluit vastleggen",
            (
                Field(
                    "meeting", "Vergadering", "select", _meetings(view, past=True, public_only=True)
                ),
                Field(
                    "kind",
                    "Soort besluit",
                    "radio",
                    (("subsidie", "subsidie"), ("advies", "advies aan B&W")),
                ),
                Field("summary", "Samenvatting", "textarea"),
                Field(
                    "text",
                    "Tekst van het advies (bij advies, optioneel)",
                    "textarea",
                    hint="Leeg: de samenvatting. Het advies gaat naar B&W.",
                ),
                Field("amount", "Bedrag in euro (bij subsidie)", hint="Bijvoorbeeld 1.250,50."),
                Field("applicant", "Aanvrager (bij subsidie)", autocomplete="off"),
                Field(
                    "organisation",
                    "De aanvrager is een organisatie",
                    "checkbox",
                    hint="Een inwoner wordt in openbare lijsten niet bij naam genoemd.",
                ),
            ),
            help="Alleen besluiten uit een openbare vergadering die heeft plaatsgevonden.",
        ),
        ActionForm(
            "benoemingen-publiceren",
            "Benoemingsbesluiten publiceren",
            "Publiceren",
            (Field("term", "Zittingsperiode", "select", terms),),
            help="Maakt de openbare lijst van de benoemingsbesluiten van B&W van alle raden in "
            "een zittingsperiode (HTML en CSV).",
        ),
        ActionForm(
            "besluiten-publiceren",
            "Besluitenlijst publiceren",
            "Publiceren",
            (Field("year", "Jaar", "select", tuple((str(y), str(y)) for y in years)),),
            help="Maakt de openbare besluitenlijst van het jaar (HTML en CSV) voor de website.",
        ),
    ]
    return {f.name: f for f in forms}


MEMBER_FORMS = ("lid", "functie", "verhuizing", "vertrek", "leden-inlezen")
EXPERIMENT_FORMS = ("experiment", "experiment-afwijzen", "experiment-evalueren")
MEETING_FORMS = ("vergadering", "verplaatsen", "notulen")
DECISION_FORMS = ("besluit", "besluiten-publiceren", "benoemingen-publiceren")


def offered(view: dict[str, Any]) -> dict[str, ActionForm]:
    """The forms that have something to act on (a member to choose, a meeting to move)."""
    forms = build(view)
    for name, form in list(forms.items()):
        for f in form.fields:
            if f.kind == "select" and f.choices and f.choices[0][0] == "" and len(f.choices) == 1:
                del forms[name]
                break
    return forms


def field_names(action: str) -> set[str]:
    """The names of a form's fields (they do not depend on the council)."""
    from datetime import date

    empty: dict[str, Any] = {
        "sitting": [],
        "meetings": [],
        "experiments": [],
        "day": date(2000, 1, 1),
        "decision_years": [],
    }
    form = build(empty).get(action)
    return {f.name for f in form.fields} if form else set()
