"""Who is the same person, and the advice letter's statement about the committee."""

from __future__ import annotations

from models import Person, rules


def person(name: str, email: str, postcode: str | None = "5343AB", number: str = "3") -> Person:
    return Person(name=name, email=email, postcode=postcode, house_number=number)


def test_the_same_name_and_address_is_the_same_person_whatever_the_spelling() -> None:
    carla = person("Cárla  de Wit", "carla@example.nl")
    assert carla.same_person_as(person("carla de wit", "c.dewit@example.nl", "5343 ab"))
    assert carla.same_person_as(person("Other Name", "CARLA@example.nl", None))
    assert not carla.same_person_as(person("Carla de Wit", "c.dewit@example.nl", number="4"))
    assert not carla.same_person_as(person("Carla de Wit", "c.dewit@example.nl", None))


def test_the_independence_statement_is_computed() -> None:
    carla, daan = (
        person("Carla de Wit", "c@example.nl"),
        person("Daan Bos", "d@example.nl", "5343AC"),
    )
    twin = person("carla de wit", "other@example.nl")
    assert rules.independence([carla, daan], [], []) == (
        "Geen van hen is zelf kandidaat of lid van de raad."
    )
    statement = rules.independence([carla, daan], [twin], [daan])
    assert "Carla de Wit is ook kandidaat" in statement
    assert "Daan Bos is lid van de raad" in statement
    assert "Geen van hen" not in statement
