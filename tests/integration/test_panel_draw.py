"""The burgerpanel by lot: a panel of 12 drawn from 200 synthetic volunteers with three
features, through the CLI and a real Prefect flow. Every quota is met, no two people share an
address, the same seed gives the same panel, `verify` confirms the published record and
rejects a tampered one; quotas the pool cannot meet are refused naming the short feature."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from tasks.adapters import lottery

pytestmark = pytest.mark.prefect

QUOTAS = [
    ("leeftijd", "16-34", 3, 5),
    ("leeftijd", "35-64", 4, 6),
    ("leeftijd", "65+", 2, 5),
    ("gender", "v", 5, 7),
    ("gender", "m", 5, 7),
    ("gender", "zeg ik liever niet", 0, 2),
    ("buurt", "lith", 4, 6),
    ("buurt", "lithoijen", 2, 5),
    ("buurt", "oijen", 2, 5),
]


def write_quotas(path: Path, rows: list[tuple[str, str, int, int]]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["feature", "value", "min", "max"])
        writer.writerows(rows)
    return path


def write_pool(path: Path, people: int, seed: int = 7, postcode: str = "5391AB") -> Path:
    """`people` synthetic volunteers; every tenth shares the address of the one before."""
    rnd = random.Random(seed)
    assert people > 0
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "email", "postcode", "house_number", "birth_year", "gender",
                         "buurt"])  # fmt: skip
        house = 0
        for i in range(people):
            if i % 10 != 9:
                house += 1
            writer.writerow(
                [
                    f"Vrijwilliger {i}",
                    f"v{i}@example.org",
                    postcode,
                    str(house),
                    str(rnd.randint(1935, 2008)),
                    rnd.choice(["v", "m", "v", "m", "zeg ik liever niet"]),
                    rnd.choice(["lith", "lith", "lithoijen", "oijen"]),
                ]
            )
    return path


def start_panel(cli, tmp_path: Path, area: str = "lith", quotas=QUOTAS) -> int:  # type: ignore[no-untyped-def]
    started = cli(
        "experiment", "start", "--area", area, "--form", "loting",
        "--decided-with-college-on", "2026-11-20", "--reason", "niemand meldde zich aan",
        "--size", "12", "--until", "2026-12-15",
        "--quotas", str(write_quotas(tmp_path / "quota.csv", quotas)), "--json",
    )  # fmt: skip
    assert started.exit_code == 0, started.stderr
    return int(started.json()["id"])


def test_a_panel_of_12_from_200(cli, prefect, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    experiment = start_panel(cli, tmp_path)
    imported = cli("panel", "import", str(experiment), str(write_pool(tmp_path / "pool.csv", 200)))
    assert imported.exit_code == 0, imported.stderr
    early = cli("panel", "draw", str(experiment))
    assert early.exit_code == 1 and "Aanmelden kan nog" in early.stderr
    monkeypatch.setenv("WIJKRAAD_NOW", "2026-12-16T10:00")

    drawn = cli("panel", "draw", str(experiment), "--seed", "2026", "--json")
    assert drawn.exit_code == 0, drawn.stderr
    result = drawn.json()
    selected = result["selected"]
    assert len(selected) == 12 and result["seed"] == 2026 and result["pool"] == 200

    out = tmp_path / "publish"
    published = cli("panel", "publish", str(experiment), "--output", str(out), "--json")
    assert published.exit_code == 0, published.stderr
    record_csv = Path(published.json()["csv"])
    text = record_csv.read_text()
    assert "Vrijwilliger" not in text and "@" not in text and "5391" not in text

    from models.panel_record import feature_counts, from_csv

    (record,) = from_csv(text)
    assert sorted(record["selected"]) == sorted(selected)
    counts = feature_counts(record)
    assert counts
    for quota in counts:
        assert quota["min"] <= quota["drawn"] <= quota["max"], quota
    households = [p["household"] for p in record["pool"] if p["id"] in selected]
    assert len(set(households)) == 12
    assert record["algorithm"] == lottery.ALGORITHM == "maximin-classes"
    probabilities = record["probabilities"]
    assert len(probabilities) == 200 and abs(sum(probabilities.values()) - 12) < 1e-3

    # the same seed and pool give the same panel
    again = lottery.draw(12, 2026, record["quotas"], record["pool"])
    assert sorted(again.selected) == sorted(selected)

    verified = cli("panel", "verify", str(record_csv))
    assert verified.exit_code == 0, verified.stderr
    assert "hetzelfde panel" in verified.stdout

    tampered = tmp_path / "tampered.csv"
    outsider = next(p["id"] for p in record["pool"] if p["id"] not in selected)
    lines = text.splitlines()
    swapped = [
        line.replace('"ja"', '"nee"') if f'"{selected[0]}"' in line else
        line.replace('"nee"', '"ja"') if f'"{outsider}"' in line else line
        for line in lines
    ]  # fmt: skip
    assert swapped != lines
    tampered.write_text("\n".join(swapped) + "\n")
    rejected = cli("panel", "verify", str(tampered))
    assert rejected.exit_code == 1
    assert "een ander panel" in rejected.stdout and "klopt niet" in rejected.stderr

    unknown = tmp_path / "unknown.csv"
    unknown.write_text(text.replace('"maximin-classes"', '"geheim"'))
    refused = cli("panel", "verify", str(unknown))
    assert refused.exit_code == 1 and "onbekend algoritme 'geheim'" in refused.stderr


def test_quotas_the_pool_cannot_meet_name_the_feature(cli, prefect, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    quotas = [
        ("leeftijd", "16-34", 0, 12),
        ("leeftijd", "35-64", 0, 12),
        ("leeftijd", "65+", 0, 12),
        ("gender", "v", 0, 12),
        ("gender", "m", 0, 12),
        ("gender", "zeg ik liever niet", 0, 12),
        ("buurt", "lith", 0, 12),
        ("buurt", "lithoijen", 0, 12),
        ("buurt", "oijen", 12, 12),
    ]
    experiment = start_panel(cli, tmp_path, quotas=quotas)
    assert cli("panel", "import", str(experiment),
               str(write_pool(tmp_path / "pool.csv", 30))).exit_code == 0  # fmt: skip
    monkeypatch.setenv("WIJKRAAD_NOW", "2026-12-16T10:00")
    refused = cli("panel", "draw", str(experiment), "--seed", "1")
    assert refused.exit_code == 1
    assert "buurt 'oijen'" in refused.stderr and "minimaal 12" in refused.stderr


def test_the_solver_names_the_feature_when_quotas_clash() -> None:
    """Each value alone is there, together they cannot be: the solver's relaxation names the
    features it had to loosen."""
    pool = [
        {"id": f"V{i}", "household": f"H{i}", "features": {"gender": g, "leeftijd": a}}
        for i, (g, a) in enumerate(
            [("v", "16-34"), ("v", "16-34"), ("m", "65+"), ("m", "65+"), ("m", "16-34")]
        )
    ]
    quotas = [
        {"feature": "gender", "value": "v", "min": 2, "max": 2},
        {"feature": "gender", "value": "m", "min": 0, "max": 0},
        {"feature": "leeftijd", "value": "16-34", "min": 0, "max": 0},
        {"feature": "leeftijd", "value": "65+", "min": 2, "max": 2},
    ]
    outcome = lottery.draw(2, 5, quotas, pool)
    assert outcome.selected == [] and outcome.infeasible
    assert set(outcome.infeasible) <= {"gender", "leeftijd"}


def test_quotas_that_cannot_add_up_are_refused(cli, db, tmp_path, table_counts) -> None:  # type: ignore[no-untyped-def]
    before = table_counts()
    quotas = [("gender", "v", 1, 3), ("gender", "m", 1, 3)]
    refused = cli(
        "experiment", "start", "--area", "lith", "--form", "loting",
        "--decided-with-college-on", "2026-11-20", "--reason", "r", "--size", "12",
        "--until", "2026-12-15", "--quotas", str(write_quotas(tmp_path / "q.csv", quotas)),
    )  # fmt: skip
    assert refused.exit_code == 1
    assert "gender: de quota tellen op tot 2 à 6 personen" in refused.stderr
    assert table_counts() == before


def test_a_record_drawn_with_the_package_maximin_still_verifies(tmp_path: Path) -> None:
    """Draws recorded before the classes name `maximin`: verify re-runs them with the package's
    own maximin and finds the same panel."""
    from commands import panels
    from models.panel_record import to_csv

    rnd = random.Random(4)
    pool = [
        {
            "id": f"V{i:05d}",
            "household": f"H{i // 2}",
            "features": {"gender": rnd.choice(["v", "m"]), "buurt": rnd.choice(["lith", "oijen"])},
        }
        for i in range(30)
    ]
    quotas = [
        {"feature": f, "value": v, "min": 2, "max": 4}
        for f, values in (("gender", ("v", "m")), ("buurt", ("lith", "oijen")))
        for v in values
    ]
    outcome = lottery.draw(6, 4, quotas, pool, algorithm="maximin")
    record = {
        "draw": 1,
        "seed": 4,
        "algorithm": "maximin",
        "size": 6,
        "drawn_on": "2026-12-16",
        "quotas": quotas,
        "pool": pool,
        "selected": outcome.selected,
        "probabilities": outcome.probabilities,
    }
    path = tmp_path / "loting.csv"
    path.write_text(to_csv([record]))
    assert panels.verify(path).same
    path.write_text(to_csv([record | {"algorithm": "maximin-classes"}]))
    assert not panels.verify(path).same  # the other algorithm, another distribution
