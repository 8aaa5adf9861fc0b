"""The draw of a burgerpanel by lot from a pool of 2,000 volunteers with 4 features (age band,
gender, neighbourhood, education), one run: its time beside a plain random sample of the same
size from the same pool (the lottery's cost as a ratio). The draw is the one `wijkraad panel
draw` runs: maximin over classes of interchangeable households on HiGHS, in a child process
(tasks/adapters/lottery.py and maximin.py), one person per household; the baseline is
`random.sample` of the panel's size, which meets no quota and no household rule.
`--algorithm maximin` runs sortition-algorithms' own maximin instead (one variable per
volunteer: try it with `--pool 400` or less).

    .venv/bin/python bench/panel.py [--pool 2000] [--size 12] [--seed 2026] [--algorithm A]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tasks.adapters import lottery

FEATURES = {
    "leeftijd": ["16-34", "35-64", "65+"],
    "gender": ["v", "m", "zeg ik liever niet"],
    "buurt": ["noord", "zuid", "oost", "west"],
    "opleiding": ["laag", "midden", "hoog"],
}
WEIGHTS = {
    "leeftijd": [3, 5, 3],
    "gender": [10, 10, 1],
    "buurt": [1, 1, 1, 1],
    "opleiding": [3, 4, 3],
}


def pool_of(size: int, seed: int) -> list[dict[str, object]]:
    rnd = random.Random(seed)
    people = []
    household = 0
    for i in range(size):
        if i % 8 != 7:  # one in eight shares the address of the one before
            household += 1
        features = {f: rnd.choices(v, WEIGHTS[f])[0] for f, v in FEATURES.items()}
        people.append({"id": f"V{i + 1:05d}", "household": f"H{household}", "features": features})
    return people


def quotas_for(pool: list[dict[str, object]], size: int) -> list[dict[str, object]]:
    """Each value's share of the pool, rounded down and up: the usual proportional quotas."""
    rows = []
    for feature, values in FEATURES.items():
        for value in values:
            share = sum(1 for p in pool if p["features"][feature] == value) / len(pool)  # type: ignore[index]
            rows.append(
                {
                    "feature": feature,
                    "value": value,
                    "min": int(share * size),
                    "max": int(share * size) + 1,
                }
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pool", type=int, default=2000)
    parser.add_argument("--size", type=int, default=12)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--algorithm", choices=lottery.ALGORITHMS, default=lottery.ALGORITHM)
    args = parser.parse_args()
    pool = pool_of(args.pool, args.seed)
    quotas = quotas_for(pool, args.size)

    started = time.perf_counter()
    sample = random.Random(args.seed).sample([p["id"] for p in pool], args.size)
    plain = time.perf_counter() - started
    assert len(sample) == args.size

    started = time.perf_counter()
    outcome = lottery.draw(args.size, args.seed, quotas, pool, args.algorithm)
    drawn = time.perf_counter() - started
    assert len(outcome.selected) == args.size, outcome.infeasible

    print(f"pool {args.pool}, {len(FEATURES)} features, panel {args.size}, {args.algorithm}")
    print(f"plain random sample : {plain * 1000:10.3f} ms")
    print(
        f"stratified draw     : {drawn * 1000:10.0f} ms  ({outcome.panels} panels in the "
        "distribution)"
    )
    print(f"ratio               : {drawn / plain:10.0f}x")
    low = min(outcome.probabilities.values())
    print(
        f"smallest selection probability: {low:.4f} (uniform would be {args.size / args.pool:.4f})"
    )


if __name__ == "__main__":
    main()
