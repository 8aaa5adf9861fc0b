"""Finding or registering a person by email address."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Person
from models.errors import DomainError
from tasks.adapters.clock import now


def find_or_register(
    session: Session, *, name: str, email: str, postcode: str | None, house_number: str | None
) -> Person:
    """The person with this email address; a known address with another name is refused."""
    person = session.scalar(select(Person).where(Person.email == email))
    if person is None:
        person = Person(
            name=name, email=email, postcode=postcode, house_number=house_number, created_at=now()
        )
        session.add(person)
        session.flush()
        return person
    if person.name.lower() != name.lower():
        raise DomainError(
            f"e-mail: {email} is al bekend bij een andere persoon (id {person.id}); "
            "gebruik een eigen e-mailadres per persoon."
        )
    if postcode:
        person.postcode, person.house_number = postcode, house_number
    return person
