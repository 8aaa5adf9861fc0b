"""Maximin over classes of interchangeable households: the draw for pools of thousands.

The maximin distribution (Flanigan et al., 2021, as `sortition-algorithms` computes it) is a
probability distribution over panels that meet the quotas with at most one person per household,
chosen to maximise the smallest selection probability of any volunteer. The package finds it with
one integer program per volunteer and one variable per volunteer in each, which does not finish
for a pool of 2,000 within half an hour.

Volunteers with the same feature values are interchangeable for the quotas, and so are households
whose members have the same feature values. An optimal distribution can always be made symmetric
over such households without lowering its minimum (average it over their permutations), so it is
enough to decide how many people to take from each *slot*: a class of households (same sorted
member feature values) and a member's feature values within it. A panel is then a vector of
integer counts per slot, with

- per feature value: `min <= sum of counts with that value <= max`,
- per household class: `sum of its counts <= number of households in it` (one per household),
- `sum of all counts == size`,

and a person in a slot with `n` people and count `x` is drawn with probability `x / n`. Column
generation finds the maximin distribution over these count vectors: the dual LP gives a weight per
slot, an integer program on the HiGHS solver (the solver `sortition-algorithms` uses) finds the
count vector of largest weight, until no vector improves the bound; the primal LP then gives the
distribution. Its size grows with the number of slots (at most the pool's distinct feature
combinations and household compositions), not with the pool.

The draw itself is reproducible from the seed alone: `random.Random(seed)` picks a count vector by
its probability, shuffles each class's households (sorted by household id first) and gives the
counts out in a fixed order; no set iteration or hash order is involved.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import highspy

# the column generation stops when no panel improves the bound by more than this (the
# tolerance of sortition-algorithms' own maximin), or when the bound reaches size / pool, the
# largest smallest probability there can be
EPSILON = 0.0005
RELATIVE = 0.01  # ... or 1% of size / pool, when that is smaller (large pools)
HEURISTIC_PANELS = 10
MAX_ROUNDS = 10_000

Vector = tuple[str, ...]  # a person's feature values, in the order of the features
Slot = tuple[tuple[Vector, ...], Vector]  # (household class, member vector)


@dataclass(frozen=True)
class Distribution:
    slots: list[Slot]
    sizes: list[int]  # people per slot
    panels: list[tuple[int, ...]]  # count vectors over the slots
    probabilities: list[float]  # per count vector


class Infeasible(Exception):
    """No panel meets the quotas with one person per household."""


def vector_of(person: dict[str, Any], features: list[str]) -> Vector:
    values = {k.lower(): str(v).lower() for k, v in person["features"].items()}
    return tuple(values.get(f, "") for f in features)


def households_by_class(
    pool: list[dict[str, Any]], features: list[str]
) -> dict[tuple[Vector, ...], list[str]]:
    """Household ids per class (the sorted feature vectors of its members), ids sorted."""
    members: dict[str, list[Vector]] = defaultdict(list)
    for person in pool:
        members[str(person["household"])].append(vector_of(person, features))
    classes: dict[tuple[Vector, ...], list[str]] = defaultdict(list)
    for household in sorted(members):
        classes[tuple(sorted(members[household]))].append(household)
    return dict(sorted(classes.items()))


def distribution(
    size: int, quotas: list[dict[str, Any]], pool: list[dict[str, Any]]
) -> Distribution:
    """The maximin distribution over count vectors; Infeasible when there is no panel."""
    features = sorted({str(q["feature"]).lower() for q in quotas})
    classes = households_by_class(pool, features)
    slots: list[Slot] = []
    sizes: list[int] = []
    for household_class, households in classes.items():
        for vector in sorted(set(household_class)):
            slots.append((household_class, vector))
            sizes.append(len(households) * household_class.count(vector))

    pricing = _Pricing(size, quotas, features, classes, slots)
    first = pricing.best([1.0 / n for n in sizes])
    if first is None:
        raise Infeasible
    panels = [first]
    dual = _Dual(len(slots))
    dual.add(first, sizes)
    # a count vector that includes each slot not yet covered: starts the LP near its optimum
    covered = {i for i, x in enumerate(first) if x}
    for i in range(len(slots)):
        if i in covered:
            continue
        weights = [1e-4 / n for n in sizes]
        weights[i] = 1.0
        found = pricing.best(weights)
        if found is None or found in panels:
            continue
        panels.append(found)
        dual.add(found, sizes)
        covered |= {j for j, x in enumerate(found) if x}
    ceiling = size / len(pool)
    tolerance = min(EPSILON, ceiling * RELATIVE)
    for _ in range(MAX_ROUNDS):
        weights, bound = dual.solve()
        if bound >= ceiling - tolerance:
            break
        added = 0
        for _ in range(HEURISTIC_PANELS):  # as the package does: more panels per LP solve
            found = pricing.best([w / n for w, n in zip(weights, sizes, strict=True)])
            if found is None or found in panels:
                break
            value = sum(w * x / n for w, x, n in zip(weights, found, sizes, strict=True))
            if value <= bound + tolerance:
                break
            panels.append(found)
            dual.add(found, sizes)
            added += 1
            # scale down the weights of this panel's slots until it no longer beats the bound,
            # then renormalise: weights that no known panel exceeds by much
            weights = [w * bound / value if x else w for w, x in zip(weights, found, strict=True)]
            total = sum(weights)
            weights, bound = [w / total for w in weights], bound / total
        if not added:
            break
    probabilities = _primal(panels, sizes)
    kept = [(p, q) for p, q in zip(panels, probabilities, strict=True) if q > 1e-9]
    total = sum(q for _, q in kept)
    return Distribution(slots, sizes, [p for p, _ in kept], [q / total for _, q in kept])


def draw(
    size: int, seed: int, quotas: list[dict[str, Any]], pool: list[dict[str, Any]]
) -> tuple[list[str], dict[str, float], int]:
    """The drawn pool ids (sorted), each volunteer's selection probability and the number of
    panels in the distribution. Infeasible when no panel meets the quotas."""
    found = distribution(size, quotas, pool)
    features = sorted({str(q["feature"]).lower() for q in quotas})
    classes = households_by_class(pool, features)
    people: dict[tuple[str, Vector], list[str]] = defaultdict(list)
    for person in sorted(pool, key=lambda p: str(p["id"])):
        people[(str(person["household"]), vector_of(person, features))].append(str(person["id"]))

    marginal = [0.0] * len(found.slots)
    for panel, probability in zip(found.panels, found.probabilities, strict=True):
        for i, count in enumerate(panel):
            marginal[i] += probability * count / found.sizes[i]
    by_slot = dict(zip(found.slots, marginal, strict=True))
    class_of = {h: c for c, households in classes.items() for h in households}
    probabilities = {}
    for person in pool:
        slot = (class_of[str(person["household"])], vector_of(person, features))
        probabilities[str(person["id"])] = round(min(1.0, by_slot[slot]), 6)

    rng = random.Random(seed)
    pick, cumulative = rng.random(), 0.0
    chosen = found.panels[-1]
    for panel, probability in zip(found.panels, found.probabilities, strict=True):
        cumulative += probability
        if pick < cumulative:
            chosen = panel
            break
    counts = dict(zip(found.slots, chosen, strict=True))
    selected = []
    for household_class, households in classes.items():
        order = list(households)
        rng.shuffle(order)
        for vector in sorted(set(household_class)):
            for _ in range(counts[(household_class, vector)]):
                household = order.pop(0)
                selected.append(rng.choice(people[(household, vector)]))
    return sorted(selected), probabilities, len(found.panels)


class _Pricing:
    """The integer program over count vectors; its objective changes per round."""

    def __init__(
        self,
        size: int,
        quotas: list[dict[str, Any]],
        features: list[str],
        classes: dict[tuple[Vector, ...], list[str]],
        slots: list[Slot],
    ) -> None:
        self.h = _highs()
        self.impossible = False  # a quota with a minimum that nobody in the pool has
        self.x = [
            self.h.addVariable(lb=0, ub=len(classes[c]), type=highspy.HighsVarType.kInteger)
            for c, _ in slots
        ]
        self.h.addConstr(sum(self.x) == size)
        for household_class, households in classes.items():
            own = [x for x, (c, _) in zip(self.x, slots, strict=True) if c == household_class]
            if len(own) > 1:
                self.h.addConstr(sum(own) <= len(households))
        for q in quotas:
            index = features.index(str(q["feature"]).lower())
            value = str(q["value"]).lower()
            having = [x for x, (_, v) in zip(self.x, slots, strict=True) if v[index] == value]
            if not having:
                self.impossible |= int(q["min"]) > 0
                continue
            total = sum(having)
            self.h.addConstr(total >= int(q["min"]))
            self.h.addConstr(total <= int(q["max"]))

    def best(self, weights: list[float]) -> tuple[int, ...] | None:
        if self.impossible or not self.x:
            return None
        self.h.setObjective(
            sum(w * x for w, x in zip(weights, self.x, strict=True)), highspy.ObjSense.kMaximize
        )
        self.h.run()
        if self.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        return tuple(round(self.h.val(x)) for x in self.x)


class _Dual:
    """The dual of maximin: weights on the slots (summing to 1) that keep every known panel's
    weighted coverage under a bound, the bound as small as possible."""

    def __init__(self, slots: int) -> None:
        self.h = _highs()
        self.y = [self.h.addVariable(lb=0.0, ub=1.0) for _ in range(slots)]
        self.bound = self.h.addVariable(lb=0.0, ub=highspy.kHighsInf)
        self.h.addConstr(sum(self.y) == 1)
        self.h.setObjective(self.bound, highspy.ObjSense.kMinimize)

    def add(self, panel: tuple[int, ...], sizes: list[int]) -> None:
        terms = [x / n * y for x, n, y in zip(panel, sizes, self.y, strict=True) if x]
        self.h.addConstr(sum(terms) - self.bound <= 0)

    def solve(self) -> tuple[list[float], float]:
        self.h.run()
        return [self.h.val(y) for y in self.y], self.h.val(self.bound)


def _primal(panels: list[tuple[int, ...]], sizes: list[int]) -> list[float]:
    """The probabilities over the known panels that maximise the smallest slot probability."""
    h = _highs()
    p = [h.addVariable(lb=0.0, ub=1.0) for _ in panels]
    floor = h.addVariable(lb=0.0, ub=1.0)
    h.addConstr(sum(p) == 1)
    for i, n in enumerate(sizes):
        terms = [panel[i] / n * q for panel, q in zip(panels, p, strict=True) if panel[i]]
        h.addConstr(sum(terms) - floor >= 0 if terms else floor <= 0)
    h.setObjective(floor, highspy.ObjSense.kMaximize)
    h.run()
    return [max(0.0, h.val(q)) for q in p]


def _highs() -> Any:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("threads", 1)
    return h
