"""Item analysis against hand-computed textbook examples, and the invariants it must keep."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from grading_data import class_from_points

from quizgen.grading.results import ClassResults, from_json, to_json
from quizgen.grading.statistics import (
    analyse,
    cronbach_alpha,
    facilities,
    item_rest_correlation,
    upper_lower_groups,
    upper_lower_index,
)

# 5 students × 3 items scored 0/1 (totals 3, 2, 1, 1, 0).
X = np.array([[1, 1, 1],
              [1, 1, 0],
              [1, 0, 0],
              [0, 1, 0],
              [0, 0, 0]], dtype=float)


def test_facility_is_the_mean_share_of_points():
    # 3 of 5, 3 of 5, 1 of 5; and with 2-point items the shares stay the same
    assert facilities(X, np.ones(3)) == pytest.approx([0.6, 0.6, 0.2])
    assert facilities(2 * X, np.full(3, 2.0)) == pytest.approx([0.6, 0.6, 0.2])


def test_item_rest_correlation_by_hand():
    # Item 1 = (1,1,1,0,0), rest = items 2+3 = (2,1,0,1,0). Means .6 and .8.
    # Deviations (.4,.4,.4,-.6,-.6) and (1.2,.2,-.8,.2,-.8): Σ products = .48+.08-.32-.12+.48 = .6,
    # Σ squares 1.2 and 2.8, so r = .6/√3.36 = 0.32733.
    assert item_rest_correlation(X, 0) == pytest.approx(0.6 / math.sqrt(3.36))
    # Item 3 = (1,0,0,0,0), rest = (2,2,1,1,0): Σ products .8, Σ squares .8 and 2.8 → .8/√2.24 = 0.53452.
    assert item_rest_correlation(X, 2) == pytest.approx(0.8 / math.sqrt(2.24))


def test_kr20_by_hand():
    # p = (.6,.6,.2), Σpq = .24+.24+.16 = .64; totals 3,2,1,1,0 have population variance 5.2/5 = 1.04.
    # KR-20 = 3/2 · (1 − .64/1.04) = 15/26.
    assert cronbach_alpha(X) == pytest.approx(15 / 26)


def test_alpha_with_points_by_hand():
    # Item A (2 points) = (2,1,1,0): variance 2/3; item B = (1,1,0,0): 1/3; totals (3,2,1,0): 5/3.
    # alpha = 2/1 · (1 − (2/3 + 1/3)/(5/3)) = 0.8
    scores = np.array([[2, 1], [1, 1], [1, 0], [0, 0]], dtype=float)
    assert cronbach_alpha(scores) == pytest.approx(0.8)


def test_upper_and_lower_groups_include_ties_at_the_cut():
    # n = 10 → 27 % = 2.7 → 3 students. Sorted totals 0,0,1,2,2,3,3,3,4,5: the 3rd best is 3, and
    # three students have 3, so the upper group holds 5 students; the lower group is 0, 0, 1.
    totals = np.array([5, 4, 3, 3, 3, 2, 2, 1, 0, 0], dtype=float)
    groups = upper_lower_groups(totals)
    assert groups is not None
    upper, lower = groups
    assert upper.tolist() == [True] * 5 + [False] * 5
    assert lower.tolist() == [False] * 7 + [True] * 3
    # D for an item right for 4 of the 5 upper and 1 of the 3 lower students: 4/5 − 1/3
    item = np.array([1, 1, 1, 1, 0, 1, 0, 0, 1, 0], dtype=float)
    assert upper_lower_index(item, groups) == pytest.approx(4 / 5 - 1 / 3)


def test_groups_that_overlap_are_undefined():
    assert upper_lower_groups(np.array([2.0, 2, 2, 2, 2, 1])) is None
    assert upper_lower_index(np.ones(6), None) is None


def test_a_constant_item_has_no_discrimination():
    everyone_right = np.column_stack([np.ones(5), X])
    assert item_rest_correlation(everyone_right, 0) is None
    stats = analyse(class_from_points(everyone_right.tolist()))
    assert stats.items[0].discrimination is None
    assert "easy" in stats.items[0].flags
    assert not {"weak_discrimination", "negative_discrimination"} & set(stats.items[0].flags)


def test_alpha_of_duplicated_items_rises():
    alpha = cronbach_alpha(X)
    doubled = cronbach_alpha(np.hstack([X, X]))
    assert alpha is not None and doubled is not None
    assert doubled > alpha


def test_alpha_is_undefined_when_everybody_has_the_same_total():
    assert cronbach_alpha(np.array([[1, 0], [0, 1], [1, 0]], dtype=float)) is None
    assert cronbach_alpha(X[:, :1]) is None  # one item


def test_analyse_matches_the_textbook_pieces():
    stats = analyse(class_from_points(X.tolist()))
    assert [i.facility for i in stats.items] == pytest.approx([0.6, 0.6, 0.2])
    assert stats.items[0].discrimination == pytest.approx(0.6 / math.sqrt(3.36))
    assert stats.reliability.alpha == pytest.approx(15 / 26)
    assert stats.reliability.dichotomous
    # totals 3,2,1,1,0: mean 1.4, median 1, SD √(5.2/4)
    assert stats.marks.mean == pytest.approx(1.4)
    assert stats.marks.median == 1
    assert stats.marks.sd == pytest.approx(math.sqrt(5.2 / 4))
    assert stats.reliability.sem == pytest.approx(math.sqrt(5.2 / 4) * math.sqrt(1 - 15 / 26))
    assert (stats.marks.minimum, stats.marks.maximum, stats.marks.max_total) == (0, 3, 3)


def test_a_blank_answer_counts_zero_and_is_counted():
    results = class_from_points(X.tolist())
    first = results.sheets[0]
    blank = dataclasses.replace(first.items[2], earned=None, choices_given=())
    sheets = (dataclasses.replace(first, items=(*first.items[:2], blank)), *results.sheets[1:])
    stats = analyse(dataclasses.replace(results, sheets=sheets))
    assert stats.items[2].facility == 0
    assert stats.items[2].no_answer == 1
    assert stats.distractors[2].no_answer == 1


def _sorted_stats(results: ClassResults):
    stats = analyse(results)
    return (stats.marks, stats.reliability, [(i.question_id, round(i.facility, 12), i.flags,
                                              None if i.discrimination is None else round(i.discrimination, 12))
                                             for i in stats.items],
            stats.distractors, stats.by_skill, stats.by_technique)


def test_permuting_students_changes_nothing():
    rng = np.random.default_rng(3)
    points = (rng.random((30, 8)) < rng.random(8)).astype(float).tolist()
    results = class_from_points(points)
    order = rng.permutation(30)
    shuffled = dataclasses.replace(results, sheets=tuple(results.sheets[i] for i in order))
    a, b = _sorted_stats(results), _sorted_stats(shuffled)
    assert a[1].alpha == pytest.approx(b[1].alpha)
    assert a[2] == b[2] and a[3] == b[3] and a[4:] == b[4:]
    assert a[0].mean == pytest.approx(b[0].mean) and a[0].median == b[0].median


def test_possible_wrong_key_and_unused_distractor():
    # q1 and q2 separate the class (3 strong students with 2 points, 7 with 1: upper group of 3,
    # lower group of 7 with the ties); on q3 the strong students tick distractor 1, the weak ones the "key".
    points = [[1, 1, 0]] * 3 + [[1, 0, 0]] * 4 + [[0, 0, 1]] * 3
    stats = analyse(class_from_points(points))
    assert (stats.upper_size, stats.lower_size) == (3, 7)
    table = stats.distractors[2]
    key, distractor, unused = table.choices
    assert key.correct and "possible_wrong_key" in key.flags
    assert "attractive_distractor" in distractor.flags
    assert unused.total == 0 and "unused_distractor" in unused.flags
    assert (key.upper, key.lower, distractor.upper, distractor.lower) == (0, 3, 3, 4)
    assert "possible_wrong_key" in stats.items[2].flags
    assert stats.items[2].discrimination is not None and stats.items[2].discrimination < 0
    assert "negative_discrimination" in stats.items[2].flags


def test_json_round_trip():
    results = class_from_points(X.tolist())
    assert from_json(to_json(results)) == results
    assert to_json(from_json(to_json(results))) == to_json(results)


def test_inconsistent_results_are_refused():
    results = class_from_points(X.tolist())
    first = results.sheets[0]
    with pytest.raises(ValueError, match="choice index"):
        bad = dataclasses.replace(first.items[0], choices_given=(7,))
        dataclasses.replace(results, sheets=(dataclasses.replace(first, items=(bad, *first.items[1:])),))
    with pytest.raises(ValueError, match="same questions"):
        dataclasses.replace(results, sheets=(first, dataclasses.replace(results.sheets[1], items=first.items[:2])))
