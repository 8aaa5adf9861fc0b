"""Finding or registering a person by email address."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Person
from models.errors import DomainError
from tasks.adapters.clock import now


def find_or_register(
    session: Session,
    *,
    name: str,
    email: str,
    postcode: str | None,
    house_number: str | None,
    known: Mapping[str, Person | None] | None = None,
    flush: bool = True,
) -> Person:
    """The person with this email address; a known address with another name is refused.
    `known` holds persons already looked up by address (None: not there), for an import;
    without `flush` a new person gets its id at the caller's next flush."""
    if known is not None and email in known:
        person = known[email]
    else:
        person = session.scalar(select(Person).where(Person.email == email))
    if person is None:
        person = Person(
            name=name, email=email, postcode=postcode, house_number=house_number, created_at=now()
        )
        session.add(person)
        if flush:
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
