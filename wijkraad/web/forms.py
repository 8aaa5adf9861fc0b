"""The action forms of a procedure's page: which ones its stage offers, and their fields.

A field is named as the command's input names it ("number", "decided_on", "reason"), so a
DomainError's `field` says where its message goes. The handlers are in actions.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models.enums import CLOSED_STAGES, Stage
from models.stages import ALLOWED_IN, Command


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text, email, date, textarea, checkbox, select, radio, choices, file
    choices: tuple[tuple[str, str], ...] = ()
    hint: str | None = None
    default: Any = None
    autocomplete: str | None = None


@dataclass(frozen=True)
class ActionForm:
    name: str  # the last part of its URL: /procedures/{id}/{name}
    title: str
    button: str
    fields: tuple[Field, ...] = ()
    help: str | None = None
    multipart: bool = False
    wide: bool = False  # takes the whole width of the page (many fields)


def _candidates(view: dict[str, Any], *statuses: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        (str(c["id"]), f"{c['name']} (kandidaat {c['id']})")
        for c in view["candidate_list"]
        if c["status"] in statuses
    )


# Candidates whose findings may be overturned, and the rules by their Dutch names.
OVERTURNABLE = ("needs_check", "eligible", "ineligible", "interviewed")
RULES = (
    ("politics", "geen lokale politiek"),
    ("municipal_employment", "niet bij de gemeente"),
    ("residence", "woont in het gebied"),
    ("committee_conflict", "niet in de commissie"),
)

PERSON_FIELDS = (
    Field("name", "Naam", autocomplete="off"),
    Field("email", "E-mailadres", "email", autocomplete="off"),
)


def build(view: dict[str, Any]) -> dict[str, ActionForm]:
    """All forms for this procedure, by name (whether its stage offers them or not)."""
    competencies = view["competencies"]
    score_choices = (("", "geen score"), *((str(n), str(n)) for n in range(1, 6)))
    nominees = tuple(
        (str(n["candidate"]), f"{n['name']} (kandidaat {n['candidate']})")
        for n in (view["nomination"] or {}).get("nominees", [])
    )
    open_tasks = tuple(
        (str(t["id"]), f"{t['member']}: {t['title']}")
        for t in view["onboarding"]
        if t["done_at"] is None
    )
    forms = [
        ActionForm(
            "commissielid",
            "Commissielid toevoegen",
            "Commissielid toevoegen",
            (
                *PERSON_FIELDS,
                Field("postcode", "Postcode", autocomplete="off"),
                Field("house_number", "Huisnummer", autocomplete="off"),
                Field(
                    "appointed_by",
                    "Benoemd door (zittende leden)",
                    "choices",
                    tuple((str(m["id"]), m["name"]) for m in view["appointers"]),
                    hint="Zitten er geen leden, laat dit dan leeg: dan benoemt de wijkcoördinator.",
                ),
            ),
        ),
        ActionForm(
            "commissie-bevestigen",
            "Commissie bevestigen",
            "Commissie bevestigen en werving openen",
            help="De werving begint: de oproep, de aanmeldtermijn en een bericht aan de commissie.",
        ),
        ActionForm(
            "kandidaat",
            "Aanmelding vastleggen",
            "Aanmelding vastleggen",
            (
                *PERSON_FIELDS,
                Field("postcode", "Postcode", autocomplete="off"),
                Field("house_number", "Huisnummer", autocomplete="off"),
                Field("motivation", "Motivatie (optioneel)", "textarea"),
                Field("politically_active", "Actief in de lokale politiek", "checkbox"),
                Field("municipal_employee", "Werkt bij de gemeente Oss", "checkbox"),
            ),
        ),
        ActionForm(
            "kandidaten-inlezen",
            "Aanmeldingen inlezen (CSV)",
            "Inlezen",
            (
                Field(
                    "file",
                    "CSV-bestand",
                    "file",
                    hint="Kolommen name,email,postcode,house_number; optioneel motivation, "
                    "politically_active, municipal_employee. Alles of niets.",
                ),
            ),
            multipart=True,
        ),
        ActionForm(
            "termijn-verlengen",
            "Aanmeldtermijn verlengen",
            "Termijn verlengen",
            (
                Field("until", "Nieuwe laatste aanmelddag", "date", hint="Tot en met deze dag."),
                Field("reason", "Waarom de termijn wordt verlengd", "textarea"),
            ),
            help="De oproep en de herinnering aan de commissie volgen.",
        ),
        ActionForm(
            "toetsen",
            "Werving sluiten en toetsen",
            "Toetsen",
            (
                Field(
                    "close_early",
                    "Werving nu sluiten, vóór het einde van de aanmeldtermijn",
                    "checkbox",
                ),
            ),
            help="Na de aanmeldtermijn worden alle kandidaten getoetst.",
        ),
        ActionForm(
            "beoordelen",
            "Kandidaat beoordelen",
            "Oordeel vastleggen",
            (
                Field("candidate_id", "Kandidaat", "select", _candidates(view, "needs_check")),
                Field(
                    "eligible",
                    "Oordeel",
                    "radio",
                    (("ja", "voldoet (verkiesbaar)"), ("nee", "voldoet niet")),
                ),
                Field("reason", "Reden", "textarea"),
            ),
            help="Voor een kandidaat die gecontroleerd moet worden (bijvoorbeeld een onbekende "
            "postcode).",
        ),
        ActionForm(
            "herzien",
            "Toetsing herzien",
            "Toetsing herzien",
            (
                Field("candidate_id", "Kandidaat", "select", _candidates(view, *OVERTURNABLE)),
                Field("rule", "Voorwaarde", "select", RULES),
                Field(
                    "passed",
                    "Nieuwe uitkomst",
                    "radio",
                    (("ja", "voldoet"), ("nee", "voldoet niet")),
                ),
                Field(
                    "by",
                    "Besloten door",
                    hint="Bijvoorbeeld de voordrachtcommissie; leeg: uw account.",
                ),
                Field("reason", "Reden", "textarea"),
            ),
            help="De verklaringen over politiek en werk bij de gemeente berusten op het woord "
            "van de kandidaat: de commissie of de wijkcoördinator kan elke uitkomst herzien.",
        ),
        ActionForm(
            "opnieuw-toetsen",
            "Opnieuw toetsen",
            "Opnieuw toetsen",
            help="Toetst de kandidaten opnieuw; de toetsing is klaar als er niets meer te "
            "controleren is.",
        ),
        ActionForm(
            "gesprek",
            "Gesprek vastleggen",
            "Gesprek vastleggen",
            (
                Field(
                    "candidate_id",
                    "Kandidaat",
                    "select",
                    _candidates(view, "eligible", "interviewed"),
                ),
                Field("note", "Notitie (optioneel)", "textarea"),
                *(
                    Field(f"score_{key}", f"{text} ({key})", "score", score_choices)
                    for key, text in competencies.items()
                ),
            ),
            help="Scores van 1 (zwak) tot 5 (sterk) op de competenties van het profiel.",
            wide=True,
        ),
        ActionForm(
            "voordracht",
            "Voordracht indienen",
            "Voordracht indienen",
            (
                Field(
                    "candidate_ids",
                    "Voorgedragen kandidaten",
                    "choices",
                    _candidates(view, "interviewed"),
                    hint=f"Ten hoogste {view['seats']}, alleen kandidaten met wie een gesprek "
                    "is gevoerd.",
                ),
                Field("motivation", "Motivering (optioneel)", "textarea"),
            ),
            help="Het collegevoorstel gaat daarna naar de wijkcoördinator.",
        ),
        ActionForm(
            "besluit",
            "Besluit van B&W vastleggen",
            "Besluit vastleggen",
            (
                Field("candidate_ids", "Benoemd door B&W", "choices", nominees),
                Field("number", "Nummer van het collegebesluit", hint="Bijvoorbeeld 2030/0123."),
                Field("decided_on", "Datum van het besluit", "date"),
                Field("reason", "Toelichting (optioneel)", "textarea"),
            ),
        ),
        ActionForm(
            "inwerktaak",
            "Inwerktaken afvinken",
            "Afvinken",
            (
                Field(
                    "task_ids",
                    "Klaar",
                    "choices",
                    open_tasks,
                    hint="Vink alle taken aan die klaar zijn; ze worden samen afgevinkt.",
                ),
            ),
            help="Is de laatste taak klaar, dan wordt de procedure afgerond.",
            wide=True,
        ),
        ActionForm(
            "vervolgstap",
            "Vervolgstap opnieuw uitvoeren",
            "Vervolgstap uitvoeren",
            help="Wat u vastlegde is bewaard; dit voert de stap uit die erop volgt.",
        ),
        ActionForm(
            "opschorten",
            "Opschorten",
            "Opschorten",
            (Field("reason", "Reden", "textarea"),),
            help="De termijnen schuiven op met de dagen van de opschorting.",
        ),
        ActionForm("hervatten", "Hervatten", "Hervatten"),
        ActionForm(
            "annuleren",
            "Annuleren",
            "Procedure annuleren",
            help="U ziet eerst wat er gebeurt en geeft de reden; er wordt nog niets geannuleerd.",
        ),
    ]
    return {f.name: f for f in forms}


# Each form gives one command; the page offers it in the stages models/stages.ALLOWED_IN says,
# in this order.
FORM_COMMANDS: tuple[tuple[str, Command], ...] = (
    ("kandidaat", Command.ADD_CANDIDATE),
    ("kandidaten-inlezen", Command.IMPORT_CANDIDATES),
    ("beoordelen", Command.RESOLVE_CHECK),
    ("gesprek", Command.INTERVIEW),
    ("voordracht", Command.NOMINATE),
    ("herzien", Command.OVERTURN_FINDING),
    ("opnieuw-toetsen", Command.RESCREEN),
    ("commissielid", Command.ADD_COMMITTEE_MEMBER),
    ("commissie-bevestigen", Command.CONFIRM_COMMITTEE),
    ("toetsen", Command.SCREEN),
    ("termijn-verlengen", Command.EXTEND_RECRUITMENT),
    ("besluit", Command.DECIDE),
    ("inwerktaak", Command.COMPLETE_TASK),
    ("hervatten", Command.RESUME),
)
STAGE_FORMS: dict[Stage, tuple[str, ...]] = {
    stage: forms
    for stage in Stage
    if (
        forms := tuple(
            name for name, command in FORM_COMMANDS if stage in ALLOWED_IN[command].offered
        )
    )
}
OPEN_FORMS = ("opschorten", "annuleren")


def names_for(view: dict[str, Any]) -> list[str]:
    stage = Stage(view["stage"])
    if stage in CLOSED_STAGES:
        return ["vervolgstap"] if view.get("pending_step") else []
    names = list(STAGE_FORMS.get(stage, ()))
    if view.get("pending_step"):
        names.insert(0, "vervolgstap")
    if "beoordelen" in names and not _candidates(view, "needs_check"):
        names.remove("beoordelen")
    if "herzien" in names and not _candidates(view, *OVERTURNABLE):
        names.remove("herzien")
    if stage != Stage.SUSPENDED:
        names.append("opschorten")
    names.append("annuleren")
    return names


def field_names(action: str) -> set[str]:
    """The names of a form's fields (they do not depend on the procedure)."""
    from models.profile import COMPETENCIES

    empty: dict[str, Any] = {
        "competencies": COMPETENCIES,
        "candidate_list": [],
        "nomination": None,
        "onboarding": [],
        "appointers": [],
        "seats": 0,
    }
    form = build(empty).get(action)
    return targets(form) if form else set()


def targets(form: ActionForm) -> set[str]:
    """Where a message can stand: each field, and the scores as one group."""
    names = {f.name for f in form.fields}
    return names | {"scores"} if any(f.kind == "score" for f in form.fields) else names


def actions_for(view: dict[str, Any]) -> list[ActionForm]:
    forms = build(view)
    return [forms[name] for name in names_for(view)]


def _anchor(form: ActionForm | None, form_name: str, key: str) -> str:
    """Where a message's link in the error summary goes: the field (the first of its choices),
    or the form itself."""
    field = next((f for f in form.fields if f.name == key), None) if form else None
    if field is None:
        return f"#actie-{form_name}"
    if field.kind in ("choices", "radio") and field.choices:
        return f"#{form_name}-{key}-{field.choices[0][0]}"
    return f"#{form_name}-{key}"


def summary_of(
    form: ActionForm | None, errors: dict[str, str], form_name: str | None
) -> list[tuple[str, str]]:
    """The error summary at the top of the page: each message with a link to its field, in the
    order of the form's fields (the form's own message first)."""
    if not errors or form_name is None:
        return []
    order = [""] + [f.name for f in form.fields] if form else [""]
    keys = sorted(errors, key=lambda k: order.index(k) if k in order else len(order))
    return [(_anchor(form, form_name, key), errors[key]) for key in keys]
