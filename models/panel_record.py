"""The public record of a panel's draws as one CSV file, and reading it back for `verify`.

One row per fact, the kind in the first column: `loting` (seed, algorithm, size, date), `quotum`
(feature, value, min, max) and `persoon` (pseudonymous id, household number, feature values,
selection probability, drawn or not). No name, address, e-mail or birth year: the pool appears
as pseudonyms (V00042) and household numbers (H17), which is all a re-run of the draw needs.
Every cell is quoted and formula-looking cells get a leading apostrophe (OWASP).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from models.errors import InvalidInput
from models.privacy import csv_cell

HEADER = [
    "soort",
    "loting",
    "sleutel",
    "waarde",
    "min",
    "max",
    "huishouden",
    "kenmerken",
    "kans",
    "geloot",
]


def to_csv(records: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(HEADER)
    for r in records:
        n = r["draw"]
        rows: list[list[Any]] = [
            ["loting", n, "seed", r["seed"]],
            ["loting", n, "algoritme", r["algorithm"]],
            ["loting", n, "aantal", r["size"]],
            ["loting", n, "datum", r["drawn_on"]],
        ]
        rows += [["quotum", n, q["feature"], q["value"], q["min"], q["max"]] for q in r["quotas"]]
        selected = set(r["selected"])
        for p in r["pool"]:
            features = "; ".join(f"{k}={v}" for k, v in sorted(p["features"].items()))
            rows.append(
                [
                    "persoon",
                    n,
                    p["id"],
                    "",
                    "",
                    "",
                    p["household"],
                    features,
                    f"{r['probabilities'].get(p['id'], 0.0):.6f}",
                    "ja" if p["id"] in selected else "nee",
                ]
            )
        for row in rows:
            writer.writerow([csv_cell(str(c)) for c in row + [""] * (len(HEADER) - len(row))])
    return buffer.getvalue()


def _plain(cell: str) -> str:
    """A cell as written before the OWASP apostrophe."""
    if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return cell[1:]
    return cell


def from_csv(text: str) -> list[dict[str, Any]]:
    """The draws of a published record; InvalidInput when it is not one."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header != HEADER:
        raise InvalidInput("dit is geen gepubliceerd lotingsverslag (de kopregel klopt niet).")
    draws: dict[int, dict[str, Any]] = {}
    try:
        for line, raw in enumerate(reader, start=2):
            row = [_plain(c) for c in raw] + [""] * (len(HEADER) - len(raw))
            kind, number = row[0], int(row[1])
            draw = draws.setdefault(
                number,
                {"draw": number, "quotas": [], "pool": [], "selected": [], "probabilities": {}},
            )
            if kind == "loting":
                key = {"seed": "seed", "algoritme": "algorithm", "aantal": "size",
                       "datum": "drawn_on"}[row[2]]  # fmt: skip
                draw[key] = int(row[3]) if key in ("seed", "size") else row[3]
            elif kind == "quotum":
                draw["quotas"].append(
                    {"feature": row[2], "value": row[3], "min": int(row[4]), "max": int(row[5])}
                )
            elif kind == "persoon":
                features = dict(part.split("=", 1) for part in row[7].split("; ") if "=" in part)
                draw["pool"].append({"id": row[2], "household": row[6], "features": features})
                draw["probabilities"][row[2]] = float(row[8])
                if row[9] == "ja":
                    draw["selected"].append(row[2])
            else:
                raise ValueError(f"regel {line}: onbekende soort '{kind[:20]}'")
    except (ValueError, KeyError, IndexError) as exc:
        raise InvalidInput(f"het lotingsverslag is onleesbaar: {str(exc)[:200]}") from exc
    for number, draw in draws.items():
        if "seed" not in draw or "size" not in draw:
            raise InvalidInput(f"loting {number}: seed of aantal ontbreekt in het verslag.")
    return [draws[n] for n in sorted(draws)]


def feature_counts(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Per quota: how many in the pool have the value, how many were drawn."""
    selected = set(record["selected"])
    rows = []
    for q in record["quotas"]:
        having = [p for p in record["pool"] if p["features"].get(q["feature"]) == q["value"]]
        rows.append(
            q
            | {
                "pool": len(having),
                "drawn": sum(1 for p in having if p["id"] in selected),
            }
        )
    return rows
