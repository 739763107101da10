"""One scoring rule for every question, wherever it is scored.

Each question type turns a question (and the bank's scoring policy) into a
`ScoringTable`: the places where a student answers ("slots") and, for each
possible answer, the share of the question's points it earns. `fraction()` is
the only arithmetic there is. Terminal practice, grading and the exports call
it in Python; the self-check page receives the same tables as data and applies
them with `scoreTable()` in quiz.js, and `tests/data/scoring/*.json` runs the
same cases through both.

The rule: add the weights of every option chosen, slot by slot, plus the points
a person awarded for open parts; clamp to [0, 1]. With `all_or_nothing`, only a
full score counts. A slot that takes one answer (`many` false) but received
several (two ticks on a single-choice question) earns nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

EPSILON = 1e-9

#: What a student gave, slot by slot: option keys for choice slots, points for awarded slots.
Selections = Mapping[str, "Iterable[str] | float | None"]


@dataclass(frozen=True)
class Slot:
    """One place where the student answers: a choice list, a matching row, the verdict, an open part.

    `weights` maps each option key to the share of the question's points it earns (negative = a
    penalty). An `awarded` slot is marked by a person (short answer, justification): up to
    `awarded` of the points.
    """

    key: str
    weights: tuple[tuple[str, float], ...] = ()
    many: bool = False
    awarded: float = 0.0

    @property
    def options(self) -> dict[str, float]:
        return dict(self.weights)

    @property
    def best(self) -> tuple[str, ...]:
        """The options that earn full marks in this slot (its key)."""
        if self.awarded:
            return ()
        positive = [(key, weight) for key, weight in self.weights if weight > 0]
        if self.many:
            return tuple(key for key, _ in positive)
        top = max((weight for _, weight in positive), default=0.0)
        return tuple(key for key, weight in positive if weight >= top - EPSILON)


@dataclass(frozen=True)
class ScoringTable:
    points: int
    slots: tuple[Slot, ...]
    all_or_nothing: bool = False
    policy: str = ""  # the policy's name, for keys and exports

    def slot(self, key: str) -> Slot:
        return next(slot for slot in self.slots if slot.key == key)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ScoringTable:
        """The table `as_data` wrote (practice reads the same data as the self-check page)."""
        slots = tuple(Slot(s["key"], tuple(s["weights"].items()), s["many"], s["awarded"]) for s in data["slots"])
        return cls(data["points"], slots, data["all_or_nothing"])

    def as_data(self) -> dict[str, Any]:
        """The table as JSON data (the self-check page applies it with the same rule)."""
        return {
            "points": self.points,
            "all_or_nothing": self.all_or_nothing,
            "slots": [
                {"key": s.key, "weights": dict(s.weights), "many": s.many, "awarded": s.awarded}
                for s in self.slots
            ],
        }


def slot_share(slot: Slot, given: Iterable[str] | float | None) -> float:
    """What one slot adds to the question's score (a share of its points)."""
    if given is None:
        return 0.0
    if slot.awarded:
        if isinstance(given, (int, float)):
            return min(max(float(given), 0.0), slot.awarded)
        return 0.0
    if isinstance(given, (int, float)):
        return 0.0
    chosen = list(dict.fromkeys(given))
    if not slot.many and len(chosen) > 1:
        return 0.0
    weights = slot.options
    return sum(weights.get(option, 0.0) for option in chosen)


def fraction(table: ScoringTable, given: Selections) -> float:
    """The share of the question's points earned, in [0, 1]."""
    total = sum(slot_share(slot, given.get(slot.key)) for slot in table.slots)
    total = min(max(total, 0.0), 1.0)
    if table.all_or_nothing:
        return 1.0 if total >= 1.0 - EPSILON else 0.0
    return round(total, 9)


def earned(table: ScoringTable, given: Selections) -> float:
    """Points earned (to a millionth of a point: 2/3 of a point stays 0.666667 in every output)."""
    return round(table.points * fraction(table, given), 6)


def answered(table: ScoringTable, given: Selections) -> bool:
    """Whether anything was given at all (an empty list or None is no answer)."""
    for slot in table.slots:
        value = given.get(slot.key)
        if value is None:
            continue
        if isinstance(value, (int, float)) or list(value):
            return True
    return False


def state(table: ScoringTable, given: Selections) -> str:
    """right, partial, wrong, none (nothing given) or self (only open parts, marked by a person)."""
    if not answered(table, given):
        return "none"
    if all(slot.awarded for slot in table.slots):
        return "self"
    share = fraction(table, given)
    if share >= 1.0 - EPSILON:
        return "right"
    return "partial" if share > EPSILON else "wrong"
