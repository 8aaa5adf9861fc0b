"""The stratified draw, with the `sortition-algorithms` package (maximin on the HiGHS solver).

Input and output are pseudonymous ids, households and feature values only: the same input as
the published record, so `verify` re-runs exactly this. The draw runs in a child process with
`PYTHONHASHSEED=0`: the package keeps committees in sets of strings, whose order (and so the
solver's path and the drawn panel) otherwise changes with every process; with a fixed hash seed
the same record gives the same panel on any run.

Maximin: among all distributions over panels that meet the quotas, the one that maximises the
smallest selection probability of any volunteer (Flanigan et al., 2021). It runs on HiGHS, an
open solver shipped as a wheel; leximin needs Gurobi, nash a convex solver and is slower.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

ALGORITHM = "maximin"
SOLVER = "highspy"
TIMEOUT_SECONDS = 1800


@dataclass(frozen=True)
class Outcome:
    selected: list[str]
    probabilities: dict[str, float]
    panels: int  # panels in the distribution the draw was made from
    infeasible: list[str]  # features whose quotas the solver had to relax; empty on success


def draw(size: int, seed: int, quotas: list[dict[str, Any]], pool: list[dict[str, Any]]) -> Outcome:
    """Draw `size` people from `pool` (dicts with `id`, `household`, `features`)."""
    payload = json.dumps({"size": size, "seed": seed, "quotas": quotas, "pool": pool})
    env = dict(os.environ, PYTHONHASHSEED="0")
    done = subprocess.run(
        [sys.executable, "-m", "tasks.adapters.lottery"],
        input=payload,
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"lottery failed: {done.stderr[-2000:]}")
    result = json.loads(done.stdout)
    return Outcome(
        selected=result["selected"],
        probabilities=result["probabilities"],
        panels=result["panels"],
        infeasible=result["infeasible"],
    )


def _compute(data: dict[str, Any]) -> dict[str, Any]:
    from requests.structures import CaseInsensitiveDict
    from sortition_algorithms import errors
    from sortition_algorithms.committee_generation import (
        find_distribution_maximin,
        standardize_distribution,
    )
    from sortition_algorithms.core import lottery_rounding
    from sortition_algorithms.features import FeatureValueMinMax, set_default_max_flex
    from sortition_algorithms.people import People
    from sortition_algorithms.utils import set_random_provider

    features: Any = CaseInsensitiveDict()
    for q in data["quotas"]:
        features.setdefault(q["feature"], CaseInsensitiveDict())[q["value"]] = FeatureValueMinMax(
            min=int(q["min"]), max=int(q["max"])
        )
    set_default_max_flex(features)
    people = People(["household"])
    for number, person in enumerate(data["pool"], start=2):
        row = {**person["features"], "household": person["household"]}
        people.add(person["id"], row, features, number)
    set_random_provider(int(data["seed"]))
    try:
        committees, probabilities, _report = find_distribution_maximin(
            features, people, int(data["size"]), ["household"], SOLVER
        )
    except errors.InfeasibleQuotasError as exc:
        relaxed = exc.features
        short = [
            name
            for name, values in features.items()
            if any(
                relaxed[name][value].min != bounds.min or relaxed[name][value].max != bounds.max
                for value, bounds in values.items()
            )
        ]
        return {"selected": [], "probabilities": {}, "panels": 0, "infeasible": short or ["?"]}
    except errors.InfeasibleQuotasCantRelaxError:
        return {"selected": [], "probabilities": {}, "panels": 0, "infeasible": ["?"]}
    committees, probabilities = standardize_distribution(committees, probabilities)
    marginal = dict.fromkeys(people, 0.0)
    for committee, probability in zip(committees, probabilities, strict=True):
        for person in committee:
            marginal[person] += probability
    chosen = lottery_rounding(committees, probabilities, 1)[0]
    return {
        "selected": sorted(chosen),
        "probabilities": {k: round(v, 6) for k, v in marginal.items()},
        "panels": len(committees),
        "infeasible": [],
    }


def _main() -> None:
    data = json.loads(sys.stdin.read())
    # the solver writes its banner to stdout: keep stdout for the answer alone
    answer = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    result = _compute(data)
    answer.write(json.dumps(result))
    answer.flush()


if __name__ == "__main__":
    _main()
