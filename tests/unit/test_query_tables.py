"""The Core tables of the status read (tasks/queries/tables.py) name columns the entities have,
with the same kind of type: the entities stay the one definition of the schema."""

from __future__ import annotations

import models
from tasks.queries import tables


def test_every_column_of_the_light_tables_is_a_column_of_the_entities() -> None:
    assert tables.ALL
    metadata = models.Base.metadata.tables
    for light in tables.ALL:
        assert light.name in metadata, light.name
        entity = metadata[light.name]
        assert list(light.c), light.name
        for column in light.c:
            assert column.name in entity.c, f"{light.name}.{column.name}"
            # an enum column is read as its text (a StrEnum is a str)
            expected = entity.c[column.name].type.python_type
            assert issubclass(expected, column.type.python_type), f"{light.name}.{column.name}"
