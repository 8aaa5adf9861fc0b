"""Maximin over classes of interchangeable households against sortition-algorithms' own maximin:
the same smallest selection probability, every panel within the quotas with one person per
household, and the same panel for the same seed."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tasks.adapters import lottery, maximin

FEATURES = {"leeftijd": ["16-34", "35-64", "65+"], "gender": ["v", "m"], "buurt": ["a", "b"]}


def pool_of(size: int, seed: int, shared_every: int = 5) -> list[dict[str, Any]]:
    rnd = random.Random(seed)
    people, household = [], 0
    for i in range(size):
        if i % shared_every != shared_every - 1:
            household += 1
        features = {f: rnd.choice(values) for f, values in FEATURES.items()}
        people.append({"id": f"V{i:04d}", "household": f"H{household}", "features": features})
    return people


def proportional(pool: list[dict[str, Any]], size: int) -> list[dict[str, Any]]:
    rows = []
    for feature, values in FEATURES.items():
        for value in values:
            share = sum(p["features"][feature] == value for p in pool) / len(pool)
            rows.append(
                {
                    "feature": feature,
                    "value": value,
                    "min": int(share * size),
                    "max": int(share * size) + 1,
                }
            )
    return rows


def check_panel(
    selected: list[str], size: int, quotas: list[dict[str, Any]], pool: list[dict[str, Any]]
) -> None:
    by_id = {p["id"]: p for p in pool}
    assert len(selected) == len(set(selected)) == size
    assert len({by_id[i]["household"] for i in selected}) == size
    for q in quotas:
        having = sum(by_id[i]["features"][q["feature"]] == q["value"] for i in selected)
        assert q["min"] <= having <= q["max"], q


def test_the_smallest_probability_is_the_package_maximin() -> None:
    pool = pool_of(60, seed=3)
    quotas = proportional(pool, 8)
    ours = lottery.draw(8, 11, quotas, pool)
    theirs = lottery.draw(8, 11, quotas, pool, algorithm="maximin")
    assert not ours.infeasible and not theirs.infeasible
    assert min(ours.probabilities.values()) == pytest.approx(
        min(theirs.probabilities.values()), abs=maximin.EPSILON
    )
    for outcome in (ours, theirs):
        check_panel(outcome.selected, 8, quotas, pool)
        assert sum(outcome.probabilities.values()) == pytest.approx(8, abs=1e-3)


def test_households_that_limit_the_panel_lower_the_smallest_probability() -> None:
    """Two in a household share one seat: each of them can be drawn at most half as often as
    someone living alone; the package and the classes agree on how small the minimum gets."""
    pool = pool_of(40, seed=5, shared_every=2)
    quotas = [{"feature": "gender", "value": v, "min": 0, "max": 10} for v in ("v", "m")]
    ours = maximin.draw(10, 1, quotas, pool)
    theirs = lottery.draw(10, 1, quotas, pool, algorithm="maximin")
    assert min(ours[1].values()) == pytest.approx(
        min(theirs.probabilities.values()), abs=maximin.EPSILON
    )
    check_panel(ours[0], 10, quotas, pool)


def test_the_same_seed_gives_the_same_panel_and_other_seeds_others() -> None:
    pool = pool_of(120, seed=8)
    quotas = proportional(pool, 12)
    first = maximin.draw(12, 2026, quotas, pool)
    assert maximin.draw(12, 2026, quotas, list(reversed(pool))) == first
    panels = {tuple(maximin.draw(12, seed, quotas, pool)[0]) for seed in range(4)}
    assert len(panels) > 1
    for panel in panels:
        check_panel(list(panel), 12, quotas, pool)


def test_a_pool_that_cannot_meet_the_quotas_is_infeasible() -> None:
    pool = pool_of(30, seed=2)
    quotas = [
        {"feature": "gender", "value": "v", "min": 17, "max": 18},
        {"feature": "gender", "value": "m", "min": 0, "max": 1},
    ]
    assert sum(p["features"]["gender"] == "v" for p in pool) < 17
    with pytest.raises(maximin.Infeasible):
        maximin.distribution(18, quotas, pool)
    refused = lottery.draw(18, 1, quotas, pool)
    assert refused.selected == [] and refused.infeasible == ["gender"]


def test_an_unknown_algorithm_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown algorithm"):
        lottery.draw(2, 1, [], pool_of(4, seed=1), algorithm="geheim")


@st.composite
def draws(draw: st.DrawFn) -> tuple[int, list[dict[str, Any]], list[dict[str, Any]]]:
    people = draw(st.integers(4, 18))
    size = draw(st.integers(1, 5))
    pool = pool_of(people, seed=draw(st.integers(0, 10_000)), shared_every=draw(st.integers(2, 6)))
    quotas = []
    for feature, values in FEATURES.items():
        if draw(st.booleans()):
            for value in values:
                low = draw(st.integers(0, 3))
                quotas.append(
                    {
                        "feature": feature,
                        "value": value,
                        "min": low,
                        "max": low + draw(st.integers(0, 3)),
                    }
                )
    if not quotas:
        quotas = [{"feature": "gender", "value": v, "min": 0, "max": size} for v in ("v", "m")]
    return size, quotas, pool


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(draws(), st.integers(0, 1000))
def test_every_drawn_panel_meets_the_rules_and_a_refusal_is_real(
    case: tuple[int, list[dict[str, Any]], list[dict[str, Any]]], seed: int
) -> None:
    """Whatever the pool and quotas: a draw meets every quota with one person per household,
    its probabilities add up to the panel's size, and a refusal happens only when
    sortition-algorithms also finds no panel."""
    size, quotas, pool = case
    try:
        selected, probabilities, panels = maximin.draw(size, seed, quotas, pool)
    except maximin.Infeasible:
        assert not _package_finds_a_panel(size, quotas, pool)
        return
    check_panel(selected, size, quotas, pool)
    assert panels >= 1 and sum(probabilities.values()) == pytest.approx(size, abs=1e-3)
    assert set(probabilities) == {p["id"] for p in pool}


def _package_finds_a_panel(
    size: int, quotas: list[dict[str, Any]], pool: list[dict[str, Any]]
) -> bool:
    from sortition_algorithms import errors
    from sortition_algorithms.committee_generation.common import setup_committee_generation

    features, people = lottery._package_input({"quotas": quotas, "pool": pool})
    try:
        setup_committee_generation(features, people, size, ["household"], lottery.SOLVER)
    except (errors.InfeasibleQuotasError, errors.InfeasibleQuotasCantRelaxError):
        return False
    return True
