"""The one scoring rule (quizgen.types.scoring) on the shared vectors, and its invariants."""

from __future__ import annotations

import pytest
from conftest import MINI
from scoring_vectors import vectors

from quizgen.bank.workspace import load_workspace
from quizgen.types import TYPES
from quizgen.types.scoring import ScoringTable, Slot, earned, fraction, state

CASES = vectors(load_workspace([MINI]))


def test_every_type_has_its_vectors():
    assert {name.split("[")[0] for name, _, _ in CASES} == set(TYPES)


@pytest.mark.parametrize(("name", "table", "case"), CASES, ids=[name for name, _, _ in CASES])
def test_python_scores_each_case(name, table, case):
    scoring = ScoringTable.from_data(table)
    assert earned(scoring, case["given"]) == pytest.approx(case["earned"], abs=1e-6), case.get("why", name)
    assert state(scoring, case["given"]) == case["state"], case.get("why", name)


def test_a_score_is_always_between_0_and_the_points():
    slots = (Slot("choices", (("0", 0.5), ("1", 0.5), ("2", -0.5), ("3", -0.5)), many=True),
             Slot("part", awarded=0.5))
    table = ScoringTable(4, slots)
    for ticks in ([], ["2", "3"], ["0", "1", "2", "3"], ["0", "1"]):
        for part in (None, -3.0, 0.0, 0.25, 9.0):
            share = fraction(table, {"choices": ticks, "part": part})
            assert 0.0 <= share <= 1.0
    assert earned(table, {"choices": ["0", "1"], "part": 9.0}) == 4  # capped: 1 for the choices, 0.5 for the part


def test_all_or_nothing_keeps_only_full_marks():
    table = ScoringTable(2, (Slot("a", (("x", 0.5),)), Slot("b", (("y", 0.5),))), all_or_nothing=True)
    assert earned(table, {"a": ["x"], "b": ["y"]}) == 2
    assert earned(table, {"a": ["x"]}) == 0
