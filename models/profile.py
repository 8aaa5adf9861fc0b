"""The profile of a wijk- or dorpsraad member, from the municipality's text 'Wijkgericht werken
in de gemeente Oss': the competencies an interview scores (1-5) and the requirements a member
meets. The call for candidates and the advice to B&W quote them.
"""

from __future__ import annotations

from models.errors import InvalidInput

# key (used on the command line: --score gebied=4) -> the text of the profile
COMPETENCIES: dict[str, str] = {
    "gebied": "Kent het gebied sociaal, fysiek en cultureel",
    "leeft": "Weet wat er leeft in de wijk, dorp of buurt",
    "tussen": "Staat tussen en niet boven de bewoners",
    "benaderbaar": "Is heel benaderbaar, herkenbaar in de wijk of het dorp",
    "contact": "Zoekt actief contact met bewoners en gaat makkelijk in gesprek met bewoners",
    "aanspreekbaar": "Is aanspreekbaar voor bewoners(groepen)",
    "stimuleert": "Stimuleert bewoners actief medeverantwoordelijk te zijn in woord en daad",
    "creatief": "Creatief in het (mede) bedenken van activiteiten en oplossingen",
    "enthousiasmeert": "Weet bewoners, vrijwilligers en beroepskrachten te enthousiasmeren en "
    "te binden",
    "prioriteiten": "Weet samen prioriteiten te stellen",
    "gezamenlijk": "Is in staat eigen belang ondergeschikt te maken aan het gezamenlijk belang",
    "samenwerking": "Is gericht op samenwerking, zowel binnen als buiten de raad",
    "verandering": "Staat open voor veranderingen",
    "oplossingen": "Helpt zoeken naar oplossingen",
    "adviseren": "Weet het college van B&W helder en daadkrachtig te adviseren",
    "signaleert": "Signaleert knelpunten in buurt, wijk of dorp en gaat hierover in gesprek "
    "met betrokkenen",
    "verwijst": "Kan de signalen verwijzen naar het netwerk van beroepskrachten in de wijk of "
    "het dorp",
    "tijd": "Heeft voldoende tijd beschikbaar om het werk uit te voeren",
}

REQUIREMENTS: tuple[str, ...] = (
    "U woont in het gebied van de wijk- of dorpsraad.",
    "U bent niet actief betrokken bij de lokale politiek.",
    "U werkt niet bij de gemeente Oss.",
    "U zit niet in de voordrachtcommissie die de kandidaten voordraagt.",
)


def parse_scores(values: list[str]) -> dict[str, int]:
    """['gebied=4', 'tijd=5'] -> {'gebied': 4, 'tijd': 5}; every bad value is named."""
    scores: dict[str, int] = {}
    problems: list[str] = []
    for value in values:
        key, _, number = value.partition("=")
        key = key.strip().lower()
        if key not in COMPETENCIES:
            problems.append(
                f"score: '{key}' is geen competentie (kies uit {', '.join(COMPETENCIES)})."
            )
            continue
        if number.strip() not in {"1", "2", "3", "4", "5"}:
            problems.append(f"score: '{value}' heeft geen waarde van 1 tot en met 5.")
            continue
        scores[key] = int(number)
    if problems:
        raise InvalidInput(problems)
    return scores
