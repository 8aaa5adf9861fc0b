"""The stratified draw: maximin on the HiGHS solver, with `sortition-algorithms`.

Input and output are pseudonymous ids, households and feature values only: the same input as
the published record, so `verify` re-runs exactly this, with the algorithm the record names.

- `maximin-classes` (every new draw, tasks/adapters/maximin.py): the maximin distribution of
  `sortition-algorithms` (Flanigan et al., 2021: among all distributions over panels that meet
  the quotas with one person per household, the one that maximises the smallest selection
  probability), computed over classes of interchangeable households instead of over single
  volunteers, so that a pool of thousands is drawn in minutes. Quotas the pool cannot meet are
  diagnosed by the package, which names the features it had to relax.
- `maximin` (draws recorded before): the package's own `find_distribution_maximin`, one
  variable per volunteer. The package keeps committees in sets of strings whose order (and so
  the solver's path and the panel) changes with the hash seed of the process.

Both run in a child process with `PYTHONHASHSEED=0` and a time limit: the same record gives the
same panel on any run, and the solver's output stays out of ours. Leximin needs Gurobi (not
open); nash a convex solver and is slower.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

ALGORITHM = "maximin-classes"  # what new draws use and record
ALGORITHMS = ("maximin-classes", "maximin")  # what a record may name
SOLVER = "highspy"
TIMEOUT_SECONDS = 1800


@dataclass(frozen=True)
class Outcome:
    selected: list[str]
    probabilities: dict[str, float]
    panels: int  # panels in the distribution the draw was made from
    infeasible: list[str]  # features whose quotas the solver had to relax; empty on success


def draw(
    size: int,
    seed: int,
    quotas: list[dict[str, Any]],
    pool: list[dict[str, Any]],
    algorithm: str = ALGORITHM,
) -> Outcome:
    """Draw `size` people from `pool` (dicts with `id`, `household`, `features`)."""
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown algorithm {algorithm!r}")
    payload = json.dumps(
        {"size": size, "seed": seed, "quotas": quotas, "pool": pool, "algorithm": algorithm}
    )
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
    if data.get("algorithm", "maximin") == "maximin":
        return _package_maximin(data)
    from tasks.adapters import maximin

    try:
        selected, probabilities, panels = maximin.draw(
            int(data["size"]), int(data["seed"]), data["quotas"], data["pool"]
        )
    except maximin.Infeasible:
        return _refused(_short_features(data))
    return {
        "selected": selected,
        "probabilities": probabilities,
        "panels": panels,
        "infeasible": [],
    }


def _refused(short: list[str]) -> dict[str, Any]:
    return {"selected": [], "probabilities": {}, "panels": 0, "infeasible": short or ["?"]}


def _package_input(data: dict[str, Any]) -> tuple[Any, Any]:
    """The quotas and the pool as the package's FeatureCollection and People."""
    from requests.structures import CaseInsensitiveDict
    from sortition_algorithms.features import FeatureValueMinMax, set_default_max_flex
    from sortition_algorithms.people import People

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
    return features, people


def _relaxed(features: Any, exc: Any) -> list[str]:
    """The features whose quotas the package had to relax to find a panel."""
    relaxed = exc.features
    return [
        name
        for name, values in features.items()
        if any(
            relaxed[name][value].min != bounds.min or relaxed[name][value].max != bounds.max
            for value, bounds in values.items()
        )
    ]


def _short_features(data: dict[str, Any]) -> list[str]:
    """The package's diagnosis of quotas no panel meets: one integer program over the pool, and
    when it is infeasible a relaxation that names the features to relax."""
    from sortition_algorithms import errors
    from sortition_algorithms.committee_generation.common import setup_committee_generation

    features, people = _package_input(data)
    try:
        setup_committee_generation(features, people, int(data["size"]), ["household"], SOLVER)
    except errors.InfeasibleQuotasError as exc:
        return _relaxed(features, exc)
    except errors.InfeasibleQuotasCantRelaxError:
        return []
    return []


def _package_maximin(data: dict[str, Any]) -> dict[str, Any]:
    from sortition_algorithms import errors
    from sortition_algorithms.committee_generation import (
        find_distribution_maximin,
        standardize_distribution,
    )
    from sortition_algorithms.core import lottery_rounding
    from sortition_algorithms.utils import set_random_provider

    features, people = _package_input(data)
    set_random_provider(int(data["seed"]))
    try:
        committees, probabilities, _report = find_distribution_maximin(
            features, people, int(data["size"]), ["household"], SOLVER
        )
    except errors.InfeasibleQuotasError as exc:
        return _refused(_relaxed(features, exc))
    except errors.InfeasibleQuotasCantRelaxError:
        return _refused([])
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
