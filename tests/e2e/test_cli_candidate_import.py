"""`candidates import`: linear in the rows (it was quadratic: 1,000 rows 7.5 s, 4,000 rows
83 s), and still all or nothing, every refused row named, one message and one audit record per
candidate. bench/import.py measures 1,000 to 50,000 rows."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import text

pytestmark = pytest.mark.usefixtures("prefect")

HEADER = "name,email,postcode,house_number,motivation\n"


def ok(result):  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.stderr
    return result.json()


def recruiting(cli) -> int:  # type: ignore[no-untyped-def]
    proc = ok(cli("renew", "--area", "ruwaard", "--json"))["id"]
    member = ("--name", "Carla Commissie", "--email", "carla@example.nl")
    ok(cli("committee", "add", str(proc), *member, "--postcode", "5343AB", "--house-number", "1A",
           "--json"))  # fmt: skip
    ok(cli("committee", "confirm", str(proc), "--json"))
    return int(proc)


def applications(path: Path, first: int, count: int) -> Path:
    lines = [
        f"Bewoner {n} van Ruwaard,bewoner{n}@example.nl,5343AB,{n},Ik denk graag mee.\n"
        for n in range(first, first + count)
    ]
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def count(sql: str, **params: object) -> int:
    from tasks.adapters import db

    with db.engine().connect() as connection:
        return int(connection.execute(text(sql), params).scalar_one())


def test_the_import_is_linear_in_its_rows(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    proc = recruiting(cli)
    small = applications(tmp_path / "klein.csv", 1, 400)
    large = applications(tmp_path / "groot.csv", 1_001, 1_600)

    def cpu_seconds(path: Path) -> float:
        start = time.process_time()
        assert len(ok(cli("candidates", "import", str(proc), str(path), "--json"))) > 0
        return time.process_time() - start

    cpu_seconds(applications(tmp_path / "warm.csv", 5_001, 20))  # imports and caches warm
    few, many = cpu_seconds(small), cpu_seconds(large)
    # 4 x the rows (into a procedure that already holds them): linear is about 4 x the time,
    # quadratic 16 x or more
    assert many / few < 8, (few, many)
    assert count("SELECT count(*) FROM candidates WHERE procedure_id = :p", p=proc) == 2_020
    sent = "SELECT count(*) FROM outbox_messages WHERE template = 'aanmelding_ontvangen'"
    assert count(sent) == 2_020
    assert (
        count(
            "SELECT count(*) FROM audit_events"
            " WHERE action = 'candidate_applied' AND procedure_id = :p",
            p=proc,
        )
        == 2_020
    )


def test_every_refused_row_is_named_and_nothing_is_written(cli, table_counts, tmp_path) -> None:  # type: ignore[no-untyped-def]
    proc = recruiting(cli)
    ok(
        cli(
            "candidates", "import", str(proc), str(applications(tmp_path / "a.csv", 1, 2)), "--json"
        )
    )
    path = tmp_path / "b.csv"
    path.write_text(
        HEADER
        + "Nieuw Iemand,nieuw@example.nl,5343AB,50,\n"  # 2: fine
        + "Bewoner 1 van Ruwaard,bewoner1@example.nl,5343AB,1,\n"  # 3: applied before
        + "Carla Commissie,carla@example.nl,5343AB,1A,\n"  # 4: on the committee
        + "Nieuw Iemand,NIEUW@example.nl,5343AB,50,\n"  # 5: twice in this file
        + "Ander Iemand,bewoner2@example.nl,5343AB,99,\n"  # 6: address of someone else
        + "Geen Adres,geen-adres,5343AB,7,\n",  # 7: no address
        encoding="utf-8",
    )
    before = table_counts()
    result = cli("candidates", "import", str(proc), str(path))
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    for row in (3, 4, 5, 6, 7):
        assert f"regel {row}:" in message, row
    assert "regel 2:" not in message
    assert table_counts() == before
