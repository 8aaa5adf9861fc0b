"""The page's Dutch words for the domain's codes (statuses, rules, kinds), and its own labels
for the input fields of the commands. Templates reach this module as `w`."""

from __future__ import annotations

from models import labels
from models.stages import label as stage_label

KIND = {"renewal": "vernieuwing", "vacancy": "tussentijdse vacature"}

CANDIDATE_STATUS = {
    "applied": "aangemeld",
    "needs_check": "controle nodig",
    "eligible": "verkiesbaar",
    "ineligible": "niet verkiesbaar",
    "interviewed": "gesprek gevoerd",
    "nominated": "voorgedragen",
    "not_nominated": "niet voorgedragen",
    "appointed": "benoemd",
    "not_appointed": "niet benoemd",
    "withdrawn": "teruggetrokken",
    "cancelled": "procedure gestopt",
}

RULE = {
    "residence": "woont in het gebied",
    "politics": "niet actief in de lokale politiek",
    "municipal_employment": "niet in dienst van de gemeente",
    "committee_conflict": "niet in de voordrachtcommissie",
}

RESULT = {"pass": "voldoet", "fail": "voldoet niet", "needs_check": "controle nodig"}

EXPERIMENT_STATUS = {code.value: word for code, word in labels.EXPERIMENT.items()}

MESSAGE_STATUS = {
    "pending": "wacht",
    "sending": "wordt verstuurd",
    "delivered": "afgeleverd",
    "temporary_failure": "tijdelijk mislukt",
    "permanent_failure": "blijvend mislukt",
    "withdrawn": "ingetrokken",
}

STALLED = {
    "on_track": "op schema",
    "warning": "achter",
    "overdue": "te laat",
    "suspended": "opgeschort",
}

DECISION_KIND = {"subsidie": "subsidie", "advies": "advies"}

ROLE = {
    "voorzitter": "voorzitter",
    "secretaris": "secretaris",
    "penningmeester": "penningmeester",
    "lid": "lid",
}

ACTION = {
    "confirm_committee": "commissie bevestigd",
    "close_recruitment": "werving gesloten",
    "finish_screening": "toetsing afgerond",
    "submit_nomination": "voordracht ingediend",
    "record_decision": "besluit vastgelegd",
    "complete": "afgerond",
    "suspend": "opgeschort",
    "resume": "hervat",
    "cancel": "geannuleerd",
    "open": "procedure geopend",
    "committee_member_added": "commissielid toegevoegd",
    "committee_confirmed": "commissie bevestigd",
    "candidate_applied": "aanmelding vastgelegd",
    "screening_resolved": "kandidaat beoordeeld",
    "finding_overturned": "toetsing herzien",
    "interview": "gesprek vastgelegd",
    "nominated": "voordracht vastgelegd",
    "board_decision": "besluit van B&W vastgelegd",
    "onboarding_done": "inwerktaak afgevinkt",
    "committee_link_resent": "persoonlijke link opnieuw gestuurd",
    "vacancy_seat_added": "zetel toegevoegd (lid vertrokken)",
    "interview_planned": "gesprek gepland",
    "unconfirmed_applications_purged": "onbevestigde aanmeldingen gewist",
    "recruitment_extended": "aanmeldtermijn verlengd",
    "message_requeued": "bericht opnieuw klaargezet",
    "committee_link_sent": "commissielink verstuurd",
    "member_stayed_on": "lid blijft aan",
    "candidate_procedure_cancelled": "kandidaat: procedure gestopt",
}

# The transitions as verbs, for the state diagram (/proces).
EVENT = {
    "confirm_committee": "commissie bevestigen",
    "close_recruitment": "werving sluiten",
    "finish_screening": "toetsing afronden",
    "submit_nomination": "voordracht indienen",
    "record_decision": "besluit van B&W vastleggen",
    "complete": "inwerken afronden",
    "suspend": "opschorten",
    "resume": "hervatten",
    "cancel": "annuleren",
}

MAIL_TEMPLATE = {
    "aanmelding_ontvangen": "aanmelding ontvangen",
    "benoemd": "benoemd",
    "commissie_benoemen": "verzoek commissie te benoemen",
    "commissie_benoemen_coordinator": "commissie benoemen (coördinator)",
    "digest": "dagoverzicht",
    "experiment_evaluation": "evaluatie experiment",
    "gesprekken_uitnodigen": "uitnodiging gesprekken",
    "herinnering_aanmeldtermijn": "herinnering aanmeldtermijn",
    "herinnering_besluit_bw": "herinnering besluit B&W",
    "herinnering_eerste_vergadering": "herinnering eerste vergadering",
    "herinnering_fasetermijn": "herinnering fasetermijn",
    "herinnering_inwerktaak": "herinnering inwerktaak",
    "loting_bevestigen": "loting: aanmelding bevestigen",
    "loting_uitnodiging": "loting: uitnodiging panel",
    "niet_benoemd": "niet benoemd",
    "niet_verkiesbaar": "niet verkiesbaar",
    "niet_voorgedragen": "niet voorgedragen",
    "procedure_afgerond": "procedure afgerond",
    "procedure_gestopt": "procedure gestopt",
    "toetsing_controle": "toetsing: controle nodig",
    "voordracht_advies": "voordracht en advies aan B&W",
    "werving_geopend": "werving geopend",
    "toetsing_herzien": "toetsing herzien (correctie)",
    "vergadering_uitnodiging": "uitnodiging vergadering",
    "gesprek_uitnodiging": "uitnodiging gesprek",
}


# The domain's hints (what to do next) in the page's words.
HINTS = {
    "stage:committee_forming": "voeg commissieleden toe en bevestig de commissie",
    "stage:recruiting": "sluit de werving, eventueel eerder dan de aanmeldtermijn",
    "stage:screening": "beoordeel de kandidaten die gecontroleerd moeten worden",
    "stage:nominating": "leg de gesprekken en de voordracht vast",
    "stage:awaiting_decision": "leg het besluit van B&W vast",
    "stage:onboarding": "vink de inwerktaken af",
    "stage:suspended": "hervat eerst de procedure",
    "list:members": "zie de pagina Leden",
    "list:candidates": "zie de kandidaten hieronder",
    "list:procedures": "zie het overzicht",
    "list:onboarding": "zie de inwerktaken hieronder",
    "list:meetings": "zie de pagina Vergaderingen",
    "list:advice": "zie de pagina Adviezen",
    "list:experiments": "zie de pagina Experimenten",
    "list:mail": "zie de pagina Post",
    "committee:add": "voeg eerst commissieleden toe",
    "screen:close_early": "vink 'werving nu sluiten' aan",
    "committee:confirm": "bevestig eerst de commissie",
    "procedure:cancel": "annuleer de procedure",
    "procedure:vacancy": "open een tussentijdse procedure",
    "residence:unknown_postcode": "de postcode staat niet in de postcodetabel",
}


# What the page says after an action succeeded (?gedaan=NAME).
DONE = {
    "commissielid": "Het commissielid is toegevoegd.",
    "commissie-bevestigen": "De commissie is bevestigd; de werving is geopend.",
    "commissielink": "De persoonlijke link gaat opnieuw per e-mail naar het commissielid.",
    "commissielink-al": "Er stond al een e-mail met de link klaar voor dit commissielid; die "
    "gaat zo de deur uit. Er is geen tweede gestuurd.",
    "kandidaat": "De aanmelding is vastgelegd.",
    "kandidaten-inlezen": "De aanmeldingen zijn ingelezen.",
    "toetsen": "De kandidaten zijn getoetst.",
    "termijn-verlengen": "De aanmeldtermijn is verlengd.",
    "opnieuw-toetsen": "De kandidaten zijn opnieuw getoetst.",
    "beoordelen": "Het oordeel is vastgelegd.",
    "herzien": "De toetsing is herzien.",
    "gesprek": "Het gesprek is vastgelegd.",
    "voordracht": "De voordracht is ingediend.",
    "besluit": "Het besluit van B&W is vastgelegd.",
    "inwerktaak": "De inwerktaken zijn afgevinkt.",
    "vervolgstap": "De vervolgstap is uitgevoerd.",
    "opschorten": "De procedure is opgeschort.",
    "hervatten": "De procedure is hervat.",
    "annuleren": "De procedure is geannuleerd.",
    "geopend": "De procedure is geopend.",
}


# What a field needs when it was left empty, in the words of a form (GOV.UK / NL Design System:
# say what to do, with an example where the format matters).
EMPTY = {
    "name": "Vul de naam in",
    "email": "Vul een e-mailadres in, zoals naam@voorbeeld.nl",
    "postcode": "Vul een postcode in, zoals 5345 AB",
    "house_number": "Vul een huisnummer in, zoals 12 of 12a",
    "reason": "Vul een reden in",
    "summary": "Vul een samenvatting in",
    "outcome": "Vul de uitkomst van de evaluatie in",
    "minutes": "Vul de notulen in",
    "number": "Vul het nummer van het collegebesluit in, zoals 2030/0123",
    "decided_on": "Vul de datum van het besluit in, zoals 2030-04-15",
    "decided_with_college_on": "Vul de datum van het besluit met het college in",
    "date": "Vul een datum in",
    "answered_on": "Vul de datum van het antwoord in, zoals 2027-01-15",
    "password": "Vul een wachtwoord in",
}


def plain(field: str | None, message: str) -> str:
    """A message next to a field as a sentence: an empty field says what to fill in."""
    text = message.strip()
    empty = text in ("mag niet leeg zijn.", "vul een datum in.") or text.startswith("'' ")
    if empty and field:
        from models.fields import label

        return EMPTY.get(field, f"Vul {label(field)} in") + "."
    return text[:1].upper() + text[1:]


# What the council page says after an action succeeded (?gedaan=NAME).
COUNCIL_DONE = {
    "lid": "Het lid is toegevoegd.",
    "functie": "De functie is vastgelegd.",
    "verhuizing": "De verhuizing is vastgelegd.",
    "vertrek": "Het vertrek is vastgelegd.",
    "experiment": "Het experiment is gestart.",
    "experiment-afwijzen": "Het voorstel is afgewezen.",
    "experiment-evalueren": "De evaluatie is vastgelegd.",
    "vergadering": "De vergadering is vastgelegd; de leden krijgen een uitnodiging.",
    "verplaatsen": "De vergadering is verplaatst; de agenda's van de leden schuiven mee.",
    "notulen": "De notulen zijn vastgelegd en gepubliceerd.",
    "besluit": "Het besluit is vastgelegd.",
    "besluiten-publiceren": "De besluitenlijst is gepubliceerd.",
    "leden-inlezen": "De leden zijn ingelezen.",
    "benoemingen-publiceren": "De lijst van benoemingsbesluiten is gepubliceerd.",
}


def say(table: dict[str, str], code: object) -> str:
    """The Dutch word for a code; the code itself when there is none (never an error)."""
    if code is None:
        return ""
    text = str(getattr(code, "value", code))
    return table.get(text, text.replace("_", " "))


def stage(code: object) -> str:
    try:
        return stage_label(str(getattr(code, "value", code)))
    except (KeyError, ValueError):
        return str(code)
