"""The proof: a whole cycle through the command line (members, a meeting with a private
applicant, a renewal with committee, candidates, screening, interviews, nomination, the B&W
decision, onboarding, mail as pickup files, the public lists), then the clock jumps past every
retention period and the daily monitor runs (`tick`). Afterwards no name, email address,
postcode or motivation of a purged person is in any text of any table, nor in any file under
$WIJKRAAD_HOME (the SQLite file included, byte for byte), while the year report gives the same
counts and lead times as before."""

from __future__ import annotations

import base64
import email
import email.policy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text

pytestmark = pytest.mark.usefixtures("prefect")

PEOPLE = {
    "member_a": ("Mila Moerman", "mila.moerman@example.org", "5343 AF", "1"),
    "member_b": ("Bram Beukers", "bram.beukers@example.org", "5343 AG", "2"),
    "committee_a": ("Cor Cornelissen", "cor.cornelissen@example.org", "5343 AH", "3"),
    "committee_b": ("Dieke Dolron", "dieke.dolron@example.org", "5343 AJ", "4"),
    "appointed": ("Eline Elzinga", "eline.elzinga@example.org", "5343 AK", "5"),
    "not_appointed": ("Fedde Feenstra", "fedde.feenstra@example.org", "5343 AL", "6"),
    "ineligible": ("Gijs Gortemaker", "gijs.gortemaker@example.org", "5343 AM", "7"),
    "not_nominated": ("Hanna Hoogendoorn", "hanna.hoogendoorn@example.org", "5343 AN", "8"),
}
MOTIVATIONS = {
    key: f"Motivatie van {key}: de speeltuin aan de Vlierstraat moet blijven ({n})."
    for n, key in enumerate(("appointed", "not_appointed", "ineligible", "not_nominated"))
}
PRIVATE_APPLICANT = "Truus Tuinman"


def ok(result):  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.stderr
    return result.json() if result.stdout.lstrip().startswith(("{", "[")) else result.stdout


def person_args(key: str) -> list[str]:
    name, address, postcode, number = PEOPLE[key]
    return ["--name", name, "--email", address, "--postcode", postcode, "--house-number", number]


def whole_cycle(cli, monkeypatch) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """2026-11-28 .. 2027-01-12: everything a cycle writes, ending with a completed renewal."""
    members = {
        key: ok(
            cli(
                "members",
                "add",
                "--area",
                "ruwaard",
                *person_args(key),
                "--since",
                "2026-04-01",
                "--json",
            )
        )["id"]
        for key in ("member_a", "member_b")
    }
    meeting = ok(cli("meetings", "add", "--area", "ruwaard", "--date", "2026-11-20", "--json"))
    ok(cli("decisions", "add", "--meeting", str(meeting["id"]), "--kind", "subsidie",
           "--summary", f"Bijdrage aan {PRIVATE_APPLICANT} voor het straatfeest",
           "--amount", "250", "--applicant", PRIVATE_APPLICANT, "--json"))  # fmt: skip
    ok(cli("decisions", "add", "--meeting", str(meeting["id"]), "--kind", "subsidie",
           "--summary", "Bijdrage aan de buurtvereniging", "--amount", "500",
           "--applicant", "Buurtvereniging Het Hoekje", "--organisation", "--json"))  # fmt: skip
    ok(cli("decisions", "publish", "--area", "ruwaard", "--year", "2026", "--json"))

    proc = ok(cli("renew", "--area", "ruwaard", "--json"))["id"]
    appointers = f"{members['member_a']},{members['member_b']}"
    for key in ("committee_a", "committee_b"):
        ok(cli("committee", "add", str(proc), *person_args(key), "--appointed-by", appointers,
               "--json"))  # fmt: skip
    ok(cli("committee", "confirm", str(proc), "--json"))
    candidates = {}
    for key in ("appointed", "not_appointed", "ineligible", "not_nominated"):
        extra = ["--politically-active"] if key == "ineligible" else []
        candidates[key] = ok(
            cli(
                "candidates",
                "add",
                str(proc),
                *person_args(key),
                "--motivation",
                MOTIVATIONS[key],
                *extra,
                "--json",
            )
        )["id"]
    ok(cli("mail", "send", "--json"))

    monkeypatch.setenv("WIJKRAAD_NOW", "2027-01-12T09:00")
    assert ok(cli("screen", str(proc), "--json"))["stage"] == "nominating"
    for key in ("appointed", "not_appointed", "not_nominated"):
        ok(cli("interview", str(proc), str(candidates[key]), "--score", "gebied=4",
               "--note", f"Gesprek met {PEOPLE[key][0]}", "--json"))  # fmt: skip
    ok(cli("nominate", str(proc), str(candidates["appointed"]), str(candidates["not_appointed"]),
           "--motivation", f"{PEOPLE['appointed'][0]} en {PEOPLE['not_appointed'][0]}",
           "--json"))  # fmt: skip
    ok(cli("decide", str(proc), str(candidates["appointed"]), "--number", "2027/0042",
           "--date", "2027-01-12", "--json"))  # fmt: skip
    for task in ok(cli("onboarding", "list", str(proc), "--json")):
        done = ok(cli("onboarding", "done", str(task["id"]), "--json"))
    assert done["stage"] == "completed"
    ok(cli("members", "leave", str(members["member_b"]), "--reason",
           f"{PEOPLE['member_b'][0]} verhuist naar Uden", "--date", "2027-02-01",
           "--json"))  # fmt: skip
    ok(cli("decisions", "publish-appointments", "--term", "2030", "--json"))
    ok(cli("mail", "send", "--json"))
    return {"proc": proc, **candidates}


def identifying() -> tuple[list[str], list[str]]:
    """(names, addresses and motivations; postcodes in both spellings), lower case."""
    words = [PRIVATE_APPLICANT.lower(), *(m.lower() for m in MOTIVATIONS.values())]
    postcodes = []
    for name, address, postcode, _number in PEOPLE.values():
        words += [name.lower(), address.lower()]
        postcodes += [postcode.lower(), postcode.replace(" ", "").lower()]
    return words, postcodes


def database_text() -> dict[str, str]:
    """Every value of every column of every table, as text, per table."""
    import models
    from tasks.adapters import db

    dump = {}
    with db.engine().connect() as connection:
        for table in models.Base.metadata.sorted_tables:
            rows = connection.execute(select(table)).all()
            dump[table.name] = "\n".join(" ".join(str(v) for v in row) for row in rows).lower()
    return dump


# Reads every file under a folder and prints them as JSON (base64), in a process of its own.
READ_FILES = """
import base64, json, pathlib, sys
files = {str(p): base64.b64encode(p.read_bytes()).decode()
         for p in pathlib.Path(sys.argv[1]).rglob("*") if p.is_file()}
json.dump(files, sys.stdout)
"""


def home_bytes(home: Path) -> dict[Path, bytes]:
    """Every file under the home, byte for byte, read by a child process: when this process
    closes a descriptor of the database file, the locks SQLite holds on it here go with it
    (POSIX locks belong to a process, not to a descriptor); the next process to close its
    last connection then takes this process's write-ahead log away, and what this process
    writes after that is seen by no other process (SQLite, "How To Corrupt An SQLite
    Database File", 2.2). It made the parallel-applications test find no procedure."""
    done = subprocess.run(
        [sys.executable, "-c", READ_FILES, str(home)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return {Path(k): base64.b64decode(v) for k, v in json.loads(done.stdout).items()}


def file_texts(home: Path) -> dict[Path, str]:
    """Every file under the home: its bytes as text, and for a mail its decoded text too."""
    texts = {}
    for path, data in home_bytes(home).items():
        readable = data.decode("latin-1")
        if ".eml" in path.name:
            message = email.message_from_bytes(data, policy=email.policy.default)
            readable += "\n".join(f"{k}: {v}" for k, v in message.items())
            for part in message.walk():
                if part.get_content_maintype() == "text":
                    readable += str(part.get_content())
        texts[path] = readable.lower()
    return texts


def is_database_file(path: Path) -> bool:
    return any(path.name.endswith(s) for s in (".db", ".db-wal", ".db-shm", ".db-journal"))


def test_after_every_retention_period_nothing_of_a_purged_person_is_left(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from models import AuditEvent, Person
    from tasks.adapters import db

    ids = whole_cycle(cli, monkeypatch)
    home = Path(os.environ["WIJKRAAD_HOME"])
    words, postcodes = identifying()
    before_files = file_texts(home)
    assert any(".eml" in p.name and "eline elzinga" in t for p, t in before_files.items())
    assert any(
        "benoemingen-2030" in p.name and "eline elzinga" in t for p, t in before_files.items()
    )
    assert "mila moerman" in database_text()["persons"]
    if db.engine().dialect.name == "sqlite":  # the scan reads the database file itself too
        assert any(is_database_file(p) and "mila moerman" in t for p, t in before_files.items())

    monkeypatch.setenv("WIJKRAAD_NOW", "2028-01-10T09:00")
    reports = {year: ok(cli("report", "--year", str(year), "--json")) for year in (2026, 2027)}
    ruwaard = next(a for a in reports[2027]["areas"] if a["area"] == "ruwaard")
    assert ruwaard["members_left"] == 1 and ruwaard["average_lead_time_days"] == 45

    # the longest period: the appointed member sits until 2034-03-28, and is kept two years
    monkeypatch.setenv("WIJKRAAD_NOW", "2036-06-01T07:00")
    summary = ok(cli("tick", "--json"))
    assert summary["purged"] > 0

    for year, report in reports.items():
        assert ok(cli("report", "--year", str(year), "--json")) == report

    dump = database_text()
    assert "persons" in dump and "outbox_messages" in dump, list(dump)
    assert words and postcodes, "nothing identifying to look for"
    files = file_texts(home)
    assert files, "no files under the home to look in"
    for table, content in dump.items():
        for word in words:
            assert word not in content, (table, word)
        if table != "postcode_areas":  # the table of every postcode of Oss, about no one
            for postcode in postcodes:
                assert postcode not in content, (table, postcode)
    for path, content in files.items():
        for word in words:
            assert word not in content, (path, word)
        if not is_database_file(path):
            for postcode in postcodes:
                assert postcode not in content, (path, postcode)

    with db.session_scope() as session:
        persons = list(session.scalars(select(Person)))
        assert len(persons) == len(PEOPLE) and all(p.erased_at for p in persons)
        assert {p.name for p in persons} == {f"inwoner {p.id}" for p in persons}
        purges = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "personal_data_purged")
        ).all()
        assert {e.actor for e in purges} == {"system"}
    history = ok(cli("history", str(ids["proc"]), "--json"))
    assert [e["to_stage"] for e in history if e["to_stage"]] == [
        "committee_forming",
        "recruiting",
        "screening",
        "nominating",
        "awaiting_decision",
        "onboarding",
        "completed",
    ]
    listed = {c["id"]: c for c in ok(cli("candidates", "list", str(ids["proc"]), "--json"))}
    assert [listed[ids[k]]["status"] for k in ("appointed", "not_appointed", "ineligible")] == [
        "appointed",
        "not_appointed",
        "ineligible",
    ]
    # a second run the same day has nothing left to purge
    assert ok(cli("tick", "--json"))["purged"] == 0
    with db.engine().connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM candidates")).scalar_one() == 4


def test_a_person_asks_for_their_data_and_to_be_erased(cli, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    whole_cycle(cli, monkeypatch)
    appointed = PEOPLE["appointed"][1]
    refused = cli("privacy", "erase", appointed, "--reason", "Verzoek per brief")
    assert refused.exit_code == 1 and "is lid van Wijkraad Ruwaard" in refused.stderr

    passed_over = PEOPLE["not_appointed"][1]
    target = tmp_path / "inzage.json"
    ok(cli("privacy", "export", passed_over, "--output", str(target)))
    assert "Fedde Feenstra" in target.read_text(encoding="utf-8")
    data = ok(cli("privacy", "export", passed_over))
    assert data["applications"][0]["status"] == "not_appointed"
    assert {m["template"] for m in data["mails"]} >= {"aanmelding_ontvangen", "niet_benoemd"}
    assert any(e["action"] == "candidate_applied" for e in data["audit_events"])

    erased = ok(cli("privacy", "erase", passed_over, "--reason", "Verzoek per brief", "--json"))
    assert erased["applications"] == 1 and erased["files"] >= 2
    home = Path(os.environ["WIJKRAAD_HOME"])
    files = file_texts(home)
    assert files, "no files under the home to look in"
    for path, content in files.items():
        assert "fedde feenstra" not in content and passed_over not in content, path
    tables = database_text()
    assert "persons" in tables, list(tables)
    for table, content in tables.items():
        assert "fedde feenstra" not in content and passed_over not in content, table
    assert cli("privacy", "export", passed_over).exit_code == 1
    dry = ok(cli("privacy", "purge", "--dry-run", "--json"))
    assert dry["dry_run"] is True and dry["persons"] == 0


COUNT_ROWS = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
print(connection.execute("SELECT count(*) FROM t").fetchone()[0])
connection.close()
"""


def test_reading_the_home_leaves_this_process_its_database(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The scan of the home must not take away this process's write-ahead log (home_bytes)."""
    from tasks.adapters import db

    path = tmp_path / "wijkraad.db"
    engine = db.engine_for(f"sqlite:///{path}")  # the project's engine: write-ahead log

    def others_count() -> int:
        counted = subprocess.run(
            [sys.executable, "-c", COUNT_ROWS, str(path)],
            capture_output=True, text=True, check=True, timeout=60,
        )  # fmt: skip
        return int(counted.stdout)

    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE t (n INTEGER)"))
            connection.execute(text("INSERT INTO t VALUES (1)"))
        assert file_texts(tmp_path)
        assert others_count() == 1  # another process opens and closes the database
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO t VALUES (2)"))
        assert others_count() == 2
    finally:
        engine.dispose()
