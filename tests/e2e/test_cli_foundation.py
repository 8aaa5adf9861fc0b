"""The foundation through the command line: init, areas, terms, postcodes, members.

Each refusal shows a Dutch message on stderr, exits 1 and writes nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from models.areas import AREA_SLUGS

pytestmark = pytest.mark.usefixtures("db")

RUWAARD = ("--postcode", "5343 AB", "--house-number", "12")


def add_member(cli, name: str = "Anna de Vries", email: str = "anna@example.nl", *extra: str):  # type: ignore[no-untyped-def]
    return cli(
        "members",
        "add",
        "--area",
        "ruwaard",
        "--name",
        name,
        "--email",
        email,
        *RUWAARD,
        *extra,
        "--json",
    )


def test_init_twice_changes_nothing(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    first = cli("init", "--json")
    assert first.exit_code == 0, first.stderr
    before = table_counts()
    second = cli("init", "--json")
    assert second.json() == {"areas": 0, "postcodes": 0}
    assert table_counts() == before


def test_areas_lists_the_eleven_councils_of_oss(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("areas", "--json")
    assert result.exit_code == 0
    areas = result.json()
    assert [a["slug"] for a in areas] == list(AREA_SLUGS)
    by_slug = {a["slug"]: a for a in areas}
    assert by_slug["berghem"]["kind"] == "dorp"
    assert by_slug["berghem"]["council"] == "Dorpsraad Berghem"
    assert by_slug["ruwaard"]["council"] == "Wijkraad Ruwaard"
    assert by_slug["centrum-krinkelhoek-mettegeupel"]["kind"] == "wijk"
    assert sum(a["kind"] == "dorp" for a in areas) == 6


def test_areas_as_a_table_is_dutch(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("areas")
    assert "Gebieden van Oss" in result.stdout
    assert "Wijkraad Schadewijk" in result.stdout


def test_terms_lists_current_and_next(cli) -> None:  # type: ignore[no-untyped-def]
    terms = cli("terms", "--json").json()
    assert [(t["which"], t["start"]) for t in terms] == [
        ("current", "2026-04-01"),
        ("next", "2030-04-03"),
    ]


def test_a_member_is_added_and_listed(cli) -> None:  # type: ignore[no-untyped-def]
    added = add_member(cli, "Anna de Vries", "anna@example.nl", "--role", "voorzitter")
    assert added.exit_code == 0, added.stderr
    listed = cli("members", "list", "--area", "ruwaard", "--json").json()
    assert [m["id"] for m in listed] == [added.json()["id"]]
    assert listed[0]["role"] == "voorzitter"
    assert listed[0]["until"] == "2030-04-02"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--area", "amsterdam"], "gebied: 'amsterdam' bestaat niet"),
        (["--email", "geen-adres"], "e-mail: 'geen-adres' is geen geldig e-mailadres"),
        (["--postcode", "12"], "postcode: '12' is geen geldige postcode"),
        (["--house-number", "x"], "huisnummer"),
        (["--role", "koning"], "functie: 'koning'"),
        (["--since", "gisteren"], "sinds: 'gisteren'"),
    ],
)
def test_bad_member_input_is_refused_in_dutch(cli, table_counts, args, message) -> None:  # type: ignore[no-untyped-def]
    base = {
        "--area": "ruwaard",
        "--name": "Piet Jansen",
        "--email": "piet@example.nl",
        "--postcode": "5343AB",
        "--house-number": "3",
    }
    for key, value in zip(args[::2], args[1::2], strict=True):
        base[key] = value
    before = table_counts()
    result = cli("members", "add", *[x for kv in base.items() for x in kv])
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert table_counts() == before


def test_a_full_council_takes_no_eighth_member(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    for n in range(7):
        assert add_member(cli, f"Lid {n}", f"lid{n}@example.nl").exit_code == 0
    before = table_counts()
    result = add_member(cli, "Lid 8", "lid8@example.nl")
    assert result.exit_code == 1
    assert "7 zetels en nog 0 vrij" in result.stderr
    assert table_counts() == before


def test_a_member_must_live_in_the_area(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    before = table_counts()
    result = cli(
        "members",
        "add",
        "--area",
        "ruwaard",
        "--name",
        "Kees Berghem",
        "--email",
        "kees@example.nl",
        "--postcode",
        "5351 AA",
        "--house-number",
        "1",
    )
    assert result.exit_code == 1
    assert "Woont niet in het gebied Ruwaard" in result.stderr
    assert table_counts() == before


def test_an_unknown_postcode_needs_a_human_check(cli, table_counts) -> None:  # type: ignore[no-untyped-def]
    args = [
        "members",
        "add",
        "--area",
        "ruwaard",
        "--name",
        "Els Onbekend",
        "--email",
        "els@example.nl",
        "--postcode",
        "9999 ZZ",
        "--house-number",
        "1",
    ]
    before = table_counts()
    refused = cli(*args)
    assert refused.exit_code == 1
    assert "staat niet in de postcodetabel" in refused.stderr
    assert table_counts() == before
    confirmed = cli(*args, "--residence-confirmed", "J. Coördinator", "--json")
    assert confirmed.exit_code == 0, confirmed.stderr


def test_a_member_leaves_mid_term(cli) -> None:  # type: ignore[no-untyped-def]
    member = add_member(cli).json()["id"]
    result = cli(
        "members", "leave", str(member), "--reason", "verhuisd", "--date", "2026-11-28", "--json"
    )
    assert result.exit_code == 0, result.stderr
    assert cli("members", "list", "--json").json() == []
    again = cli("members", "leave", str(member), "--reason", "verhuisd")
    assert again.exit_code == 1 and "al vertrokken" in again.stderr


def test_leaving_needs_a_reason_and_a_known_member(cli) -> None:  # type: ignore[no-untyped-def]
    assert "bestaat niet" in cli("members", "leave", "999", "--reason", "x").stderr
    member = add_member(cli).json()["id"]
    result = cli("members", "leave", str(member), "--reason", " ")
    assert result.exit_code == 1 and "reden" in result.stderr


def test_members_import_is_all_or_nothing_and_names_every_bad_row(
    cli, table_counts, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "leden.csv"
    bad.write_text(
        "area,name,email,postcode,house_number,role\n"
        "ruwaard,Anna,anna@example.nl,5343AB,1,voorzitter\n"
        "ruwaard,Bert,geen-mail,5343AB,2,\n"
        "atlantis,Carla,carla@example.nl,5343AB,3,\n"
        "berghem,Dirk,dirk@example.nl,5343AB,4,\n",
        encoding="utf-8",
    )
    before = table_counts()
    result = cli("members", "import", str(bad))
    assert result.exit_code == 1
    assert "regel 3" in result.stderr and "e-mail" in result.stderr
    assert "regel 4" in result.stderr and "atlantis" in result.stderr
    assert "regel 5" in result.stderr and "Woont niet in het gebied Berghem" in result.stderr
    assert "regel 2" not in result.stderr
    assert table_counts() == before

    good = tmp_path / "goed.csv"
    good.write_text(
        "area,name,email,postcode,house_number\n"
        "ruwaard,Anna,anna@example.nl,5343AB,1\n"
        "berghem,Dirk,dirk@example.nl,5351 AA,4\n",
        encoding="utf-8",
    )
    imported = cli("members", "import", str(good), "--json")
    assert imported.exit_code == 0, imported.stderr
    assert [m["area"] for m in imported.json()] == ["ruwaard", "berghem"]


def test_an_import_with_wrong_columns_is_refused(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "leden.csv"
    bad.write_text("gebied,naam\nruwaard,Anna\n", encoding="utf-8")
    result = cli("members", "import", str(bad))
    assert result.exit_code == 1
    assert "ontbrekende kolommen" in result.stderr
    missing = cli("members", "import", str(tmp_path / "nergens.csv"))
    assert missing.exit_code == 1 and "bestaat niet" in missing.stderr


@pytest.mark.usefixtures("postcodes_restored")
def test_postcodes_import_extends_and_six_characters_win(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    table = tmp_path / "pc.csv"
    table.write_text("postcode,area\n9999,lith\n5343 AB,schadewijk\n", encoding="utf-8")
    result = cli("postcodes", "import", str(table), "--json")
    assert result.json() == {"added": 1, "changed": 1}
    moved = add_member(cli)
    assert moved.exit_code == 1 and "Woont niet in het gebied Ruwaard" in moved.stderr


@pytest.mark.usefixtures("postcodes_restored")
def test_postcodes_import_refuses_bad_rows_and_writes_nothing(
    cli, table_counts, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    table = tmp_path / "pc.csv"
    table.write_text("postcode,area\n9999,lith\nabc,lith\n9998,mars\n9999,lith\n", encoding="utf-8")
    before = table_counts()
    result = cli("postcodes", "import", str(table), "--replace")
    assert result.exit_code == 1
    for row in ("regel 3", "regel 4", "regel 5"):
        assert row in result.stderr
    assert table_counts() == before


@pytest.mark.usefixtures("postcodes_restored")
def test_postcodes_import_can_replace_the_table(cli, table_counts, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    table = tmp_path / "pc.csv"
    table.write_text("postcode,area\n5351,berghem\n", encoding="utf-8")
    assert cli("postcodes", "import", str(table), "--replace").exit_code == 0
    assert table_counts()["postcode_areas"] == 1


def test_usage_errors_are_dutch_and_exit_1(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("members", "add", "--area", "ruwaard")
    assert result.exit_code == 1
    assert "ontbrekende invoer" in result.stderr
