"""Synthetic residents of Oss: Dutch-looking names, real postcodes from the postcode table
(read from the database on first use, after `init` has filled it).

Deterministic for a seed. Some residents are ineligible on purpose (living elsewhere,
politically active, working for the municipality) so that the rules visibly do their work.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from tasks.queries import postcodes
from tasks.queries.reading import reading

FIRST_NAMES = (
    "Anna",
    "Bram",
    "Carla",
    "Daan",
    "Els",
    "Frank",
    "Gerda",
    "Hans",
    "Ilse",
    "Jan",
    "Karin",
    "Luuk",
    "Marieke",
    "Niels",
    "Olga",
    "Pieter",
    "Roos",
    "Sander",
    "Tineke",
    "Vincent",
    "Wilma",
    "Youssef",
    "Zeynep",
    "Mohamed",
    "Fatima",
    "Joost",
    "Lotte",
    "Bas",
    "Sanne",
    "Thijs",
    "Ingrid",
    "Kees",
    "Mieke",
    "Gijs",
    "Noor",
    "Ruud",
    "Petra",
    "Stijn",
    "Yvonne",
    "Harrie",
)
SURNAMES = (
    "Jansen",
    "de Bruin",
    "de Vries",
    "van den Berg",
    "van den Heuvel",
    "van Dijk",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Mulder",
    "Bos",
    "de Vos",
    "Peters",
    "Hendriks",
    "Dekker",
    "Verhoeven",
    "Kuijpers",
    "Willems",
    "Aarts",
    "van Lith",
    "Schoenmakers",
    "Verstegen",
    "Hermens",
    "van Erp",
    "Coolen",
    "Manders",
    "van Dinther",
    "van Kessel",
    "Timmermans",
    "Gerrits",
    "Raaijmakers",
    "van Zutphen",
    "van der Heijden",
    "de Groot",
    "El Amrani",
)
LETTERS = "ABCDEFGHJKLMNPRTVWXZ"
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class Resident:
    name: str
    email: str
    postcode: str
    house_number: str
    politically_active: bool = False
    municipal_employee: bool = False
    lives_elsewhere: bool = False
    motivation: str = ""


@dataclass
class Population:
    """Draws residents per area; every email address is unique."""

    seed: int
    rng: random.Random = field(init=False)
    table: dict[str, list[str]] = field(default_factory=dict)  # postcodes per area
    issued: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def postcodes(self) -> dict[str, list[str]]:
        if not self.table:
            with reading() as session:
                self.table = postcodes.per_area(session)
        return self.table

    def postcode_in(self, area: str) -> str:
        code = self.rng.choice(self.postcodes()[area])
        if len(code) == 4:
            code += self.rng.choice(LETTERS) + self.rng.choice(LETTERS)
        return f"{code[:4]} {code[4:]}"

    def unlisted_postcode_near(self, area: str) -> str:
        """A postcode the table does not know (a new street in town, a house just outside the
        village's postcodes): screening asks the coördinator to check the address in the BRP."""
        known = {code for codes in self.postcodes().values() for code in codes}
        own = sorted({code[:4] for code in self.postcodes()[area]})
        free: list[str] = []
        for prefixes in (own, [str(int(own[-1]) + step) for step in range(1, 10)]):
            free = free or [
                f"{digits} {a}{b}"
                for digits in prefixes
                if digits not in known
                for a in ALPHABET
                for b in ALPHABET
                if f"{digits}{a}{b}" not in known and f"{a}{b}" not in ("SA", "SD", "SS")
            ]
        return self.rng.choice(free)

    def name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"

    def email_for(self, name: str) -> str:
        base = "".join(c for c in name.lower().replace(" ", ".") if c.isalnum() or c == ".")
        candidate, n = base, 1
        while candidate in self.issued:
            n += 1
            candidate = f"{base}{n}"
        self.issued.add(candidate)
        return f"{candidate}@voorbeeld.nl"

    def resident(
        self,
        area: str,
        *,
        elsewhere: str | None = None,
        politically_active: bool = False,
        municipal_employee: bool = False,
        unlisted: bool = False,
    ) -> Resident:
        name = self.name()
        return Resident(
            name=name,
            email=self.email_for(name),
            postcode=(
                self.unlisted_postcode_near(area)
                if unlisted
                else self.postcode_in(elsewhere or area)
            ),
            house_number=str(self.rng.randint(1, 180)),
            politically_active=politically_active,
            municipal_employee=municipal_employee,
            lives_elsewhere=elsewhere is not None,
            motivation=self.rng.choice(MOTIVATIONS),
        )

    def applicants(self, area: str, count: int, other_areas: list[str]) -> list[Resident]:
        """`count` applicants; about one in five is ineligible for one reason or another, and
        the last of two or more lives at an address the postcode table does not know."""
        people = []
        for i in range(count):
            roll = self.rng.random()
            if i > 0 and i == count - 1:
                people.append(self.resident(area, unlisted=True))
            elif i > 0 and roll < 0.07:
                people.append(self.resident(area, elsewhere=self.rng.choice(other_areas)))
            elif i > 0 and roll < 0.14:
                people.append(self.resident(area, politically_active=True))
            elif i > 0 and roll < 0.20:
                people.append(self.resident(area, municipal_employee=True))
            else:
                people.append(self.resident(area))
        return people


MOTIVATIONS = (
    "Ik woon hier al twintig jaar en wil iets terugdoen voor de buurt.",
    "Ik ken veel mensen in het dorp en hoor wat er leeft.",
    "Ik wil graag meedenken over de speeltuin en het groen in de wijk.",
    "Als vrijwilliger bij de voetbalclub zie ik hoe belangrijk ontmoeting is.",
    "Ik wil jongeren een stem geven in de wijkraad.",
    "Na mijn pensioen heb ik tijd om me in te zetten voor mijn omgeving.",
)
