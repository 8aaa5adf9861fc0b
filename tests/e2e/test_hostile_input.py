"""Every command of `wijkraad --help`, fed what careless and hostile users type.

Hypothesis generates the arguments and files of each command: control characters and terminal
sequences, bidi overrides, Rich markup, huge and negative numbers, dates out of range, wrong
types, directories, binary files and broken CSV files, next to values that are valid enough to
get past the first check (the ids of a small world seeded once). For every run:
- the exit status is 0 or 1, and there is no traceback;
- nothing printed holds a terminal control character;
- on exit 1 stderr is one Dutch message ("Fout: ..."), no unexpected error, and every table's
  row count is unchanged.

The number of examples per command is bounded (WIJKRAAD_HOSTILE_EXAMPLES, default 3), so the
whole run stays within about a minute once the Prefect test server is up; the examples are the
same each run unless WIJKRAAD_HOSTILE_RANDOM is set (to explore, with more examples).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.usefixtures("prefect", "postcodes_restored")

EXAMPLES = int(os.environ.get("WIJKRAAD_HOSTILE_EXAMPLES", "3"))
RANDOM = bool(os.environ.get("WIJKRAAD_HOSTILE_RANDOM"))  # new examples each run, for exploring

# Not fed here: they run until stopped (serve, web, worker), play four years (simulate, which has
# its own input tests) or take no input and report problems of the installation (doctor).
SKIPPED = {"serve", "web", "worker", "simulate", "doctor"}

CONTROL = ["\x1b]0;owned\x07", "\x1b[2J", "\x00", "\x07", "\x08", "\r", "\x7f", "\x9b", "\u202e"]
MARKUP = ["x [/y]", "[bold red]x[/]", "[link=file:///etc/passwd]x[/link]", "[", "]", "\\["]
SPREADSHEET = ['=HYPERLINK("http://x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)"]
NUMBERS = ["0", "-1", "2147483648", "99999999999999999999", "-99999999999999999999", "abc", "1.5",
           "1e9", "NaN", "Infinity", "", " ", "0x10", "٣", "1,250.50", "1.250,50"]  # fmt: skip
DATES = ["9999-12-31", "0001-01-01", "1900-01-01", "2026-02-30", "2026-13-01", "gisteren",
         "2026/11/20", "20261120", "2026-W48-1", "", "2026-11-20", "2027-03-30"]  # fmt: skip
VALID = ["ruwaard", "lid", "voorzitter", "subsidie", "advies", "buurtpanel", "5343AB", "12",
         "anna@example.nl", "Anna de Vries", "werving_geopend", "digest", "coordinator",
         "pending", "1250", "1.250,50", "2026-11-20", "2030"]  # fmt: skip

# what no terminal may receive: ESC, BEL, backspace, DEL, C1 and the bidi overrides
STEERING = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
ENGLISH = re.compile(
    r"\b(Error|Invalid|invalid|must|should|not a valid|Usage|Missing|required|unexpected|"
    r"No such|Exception|failed|Input should|Got|Option|argument|Traceback)\b"
)
DUTCH = re.compile(
    r"\b(is|niet|geen|een|de|het|van|voor|al|moet|mag|kies|waarde|opdracht|zie|bestaat|en|"
    r"in|op|te|met|nog|kan|onbekende|ongeldige|ontbrekende|onverwachte|geef)\b"
)

_text = st.one_of(
    st.sampled_from(CONTROL + MARKUP + SPREADSHEET + NUMBERS + DATES + VALID),
    st.builds(lambda a, b: a + b, st.sampled_from(VALID), st.sampled_from(CONTROL + MARKUP)),
    st.text(
        alphabet=st.sampled_from(
            list("aé Z9,.-@[]/\\=+'\"\t\n\x1b\x07\x00\r\x7f\x9b\u202e\u2066€")
        ),
        max_size=12,
    ),
    st.just("x" * 6000),
)
_numbers = st.one_of(st.sampled_from(NUMBERS), st.integers(-(10**25), 10**25).map(str))
_dates = st.one_of(st.sampled_from(DATES), _text)


def _commands() -> list[tuple[list[str], Any]]:
    """Every leaf command of the CLI with its path, e.g. (["members", "add"], <command>)."""
    from wijkraad.cli import app

    found: list[tuple[list[str], Any]] = []

    def walk(command: Any, path: list[str]) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, [*path, name])
        elif path and path[0] not in SKIPPED:
            found.append((path, command))

    walk(typer.main.get_command(app), [])
    return found


def _files(root: Path) -> dict[str, Path]:
    """Careless and hostile files, made once; outputs go to paths under `root` only."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "map").mkdir(exist_ok=True)
    texts = {
        "leden.csv": "area,name,email,postcode,house_number\n"
        "ruwaard,\x1b[2JAnna,anna@example.nl,5343AB,1\n"
        "ruwaard,x [/y],xy@example.nl,5343AB,2,extra\n",
        "kandidaten.csv": "name,email,postcode,house_number\n"
        "Bea,bea@example.nl,5343AB,3\nx [/y],jörg@exämple.org,5343AB,4\n",
        "dubbel.csv": "name,email,postcode,house_number,email\nBea,b@example.nl,5343AB,3,c@x.nl\n",
        "postcodes.csv": "postcode,area\n5343AB,ruwaard\n5343XX,nergens\n9999,\x1b[2J\n",
        "kop.csv": "naam;e-mail\nAnna;anna@example.nl\n",
        "leeg.csv": "",
        "agenda.txt": "1. Opening [/y]\n2. \x1b]0;owned\x07Rondvraag\n",
        "notulen.txt": "Notulen van de vergadering.\nAanwezig: Anna, Bert [voorzitter].\n",
        "bestaand.txt": "dit bestand mag niet zomaar overschreven worden\n",
    }
    files = {name: root / name for name in texts}
    for name, content in texts.items():
        files[name].write_text(content, encoding="utf-8")
    files["nul.csv"] = root / "nul.csv"
    files["nul.csv"].write_bytes(
        b"name,email,postcode,house_number\nAn\x00na,a@example.nl,5343AB,1\n"
    )
    files["binair.xlsx"] = root / "binair.xlsx"
    files["binair.xlsx"].write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4)
    files["groot.csv"] = root / "groot.csv"
    files["groot.csv"].write_text("name,email,postcode,house_number\n" + "x" * 200_000 + ",a,b,c\n")
    files["map"] = root / "map"
    files["nergens.csv"] = root / "nergens.csv"
    files["nieuw.txt"] = root / "uitvoer" / "nieuw.txt"
    return files


def _world(cli: Callable[..., Any]) -> dict[str, list[str]]:
    """A small world so that generated ids also hit something: a member, a procedure in
    recruitment with a candidate, a meeting, an experiment, a message."""

    def made(*args: str) -> Any:
        result = cli(*args, "--json")
        assert result.exit_code == 0, (args, result.stderr)
        return result.json()

    member = made("members", "add", "--area", "ruwaard", "--name", "Anna de Vries", "--email",
                  "anna@example.nl", "--postcode", "5343AB", "--house-number", "1")  # fmt: skip
    proc = made("renew", "--area", "ruwaard")["id"]
    carla = ("--name", "Carla Commissie", "--email", "carla@example.nl")
    made("committee", "add", str(proc), *carla, "--postcode", "5343AB", "--house-number", "2",
         "--appointed-by", str(member["id"]))  # fmt: skip
    made("committee", "confirm", str(proc))
    candidate = made("candidates", "add", str(proc), "--name", "Bert Bewoner", "--email",
                     "bert@example.nl", "--postcode", "5343AB", "--house-number", "3")  # fmt: skip
    meeting = made("meetings", "add", "--area", "ruwaard", "--date", "2026-11-20")
    experiment = made("experiment", "start", "--area", "geffen", "--form", "buurtpanel",
                      "--decided-with-college-on", "2026-11-01", "--reason", "proef")  # fmt: skip
    ids = [str(i) for i in (proc, member["id"], candidate["id"], meeting["id"], experiment["id"])]
    return {"ids": sorted({*ids, "1", "2"})}


def _value(name: str, param: Any, world: dict[str, list[str]], files: dict[str, Path]) -> Any:
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    if annotation is int or annotation == list[int]:
        return st.one_of(st.sampled_from(world["ids"]), _numbers)
    if annotation is Path:
        return st.sampled_from(sorted(files)).map(lambda key: str(files[key]))
    if any(word in name for word in ("date", "since", "until", "evaluate", "decided", "from")):
        return _dates
    if name in ("--email", "email"):
        return st.one_of(
            st.sampled_from(["jörg@exämple.org", "anna@example.nl", "a@b", "@"]), _text
        )
    return _text


@st.composite
def _argv(draw: Any, path: list[str], command: Any, world: Any, files: Any) -> list[str]:
    """Arguments for one run: required ones nearly always, optional ones now and then."""
    positional: list[str] = []
    options: list[str] = []
    for param in command.params:
        name = param.opts[0]
        if name in ("--help",):
            continue
        if getattr(param, "is_flag", False):
            if draw(st.booleans()):
                options.append(name)
            continue
        wanted = draw(st.floats(0, 1)) < (0.95 if param.required else 0.4)
        if not wanted:
            continue
        strategy = _value(name, param, world, files)
        count = draw(st.integers(1, 3)) if param.nargs == -1 or param.multiple else 1
        values = [draw(strategy) for _ in range(count)]
        if param.param_type_name == "argument":
            positional.extend(values)
        else:
            for value in values:
                options.extend([name, value])
    extra = draw(st.sampled_from([[], [], [], ["--onbekend"], ["overbodig"]]))
    return [*path, *positional, *options, *extra]


def _check(result: Any, before: dict[str, int], after: Callable[[], dict[str, int]]) -> None:
    shown = result.stdout + result.stderr
    assert result.exit_code in (0, 1), shown
    assert "Traceback" not in shown
    assert not STEERING.search(result.stdout), repr(result.stdout[:500])
    assert not STEERING.search(result.stderr), repr(result.stderr[:500])
    if result.exit_code == 1:
        assert result.stderr.startswith("Fout:"), result.stderr
        assert "onverwachte fout" not in result.stderr, result.stderr
        words = re.sub(r"'[^']*'", "", result.stderr)  # quoted input is the user's, not ours
        assert not ENGLISH.search(words), result.stderr
        assert DUTCH.search(words), result.stderr
        assert after() == before, result.stderr


def test_every_command_survives_hostile_input(cli, table_counts, tmp_path) -> None:  # type: ignore[no-untyped-def]
    world = _world(cli)
    files = _files(tmp_path / "bestanden")
    commands = _commands()
    assert len(commands) > 40  # the whole CLI, not a part of it

    for path, command in commands:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=not RANDOM,
            suppress_health_check=list(HealthCheck),
        )
        @given(argv=_argv(path, command, world, files))
        def run(argv: list[str]) -> None:
            before = table_counts()
            _check(cli(*argv), before, table_counts)

        run()
