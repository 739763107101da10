"""Classical item analysis of a graded class (numpy only): what Moodle's quiz statistics and AMC report.

Entry point: `analyse(results) -> ClassStatistics`. The textbook pieces are plain functions on a
students × items matrix of points, tested on hand-computed examples: `facilities`,
`item_rest_correlation`, `upper_lower_groups`, `upper_lower_index`, `cronbach_alpha`.

Definitions (n students, k items; an unanswered item counts 0):

* facility = mean of earned/max over students (Moodle's facility index, shown as %); its SD uses n − 1.
* discrimination = corrected item–rest correlation, Moodle's discrimination index:
  cov(item, rest)/√(var_item·var_rest) with rest = total − item (shown ×100 as Moodle does).
  None when the item or the rest is constant (everybody got the same): a correlation is undefined.
* upper–lower index D (Kelley's 27 %): share right in the upper group − share right in the lower group
  (shares = mean earned/max). Groups: the round(27 % of n) best and worst totals, *ties at the cut
  included* so that the groups never depend on the order of the sheets; None when the two groups
  overlap (too many equal totals for the groups to mean anything).
* Cronbach's alpha = k/(k−1)·(1 − Σ var_item / var_total) on points (KR-20 when every item is 0/1);
  standard error of measurement = SD_total·√(1 − alpha) (None when alpha ≤ 0).
* distractor table (choice and true-false items): per choice in bank order, how many ticked it, in all
  and in the upper/lower groups; flags a distractor nobody chose and a key the upper group chose less
  often than the lower group (possible wrong key), and a distractor that attracts the upper group
  more than the lower one.
* by skill / by technique: the mean facility of the units involving it; a unit is an item (its skill,
  its `techniques`) or, for matching items, each row (its expected technique, right = given accepted).

Flags on an item (keys of `ITEM_FLAGS`, explained in the report) use the constants below. Sources:
the discrimination index and alpha are Moodle's (docs.moodle.org/28/en/Development:Quiz_report_statistics
also gives the alpha bands used in the report: above 75 % satisfactory, below 64 % unsatisfactory);
counting an omitted item as 0 is the first of the options Moodle's "Quiz statistics calculations"
page lists. The facility bands (≥ 90 % very easy, ≤ 20 % hard) and the discrimination band (below
.20 weak, the usual Ebel & Frisbie rule of thumb) are quoted from memory, not checked against a
source here: they are easy to change below.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from quizgen.grading.results import TECHNIQUE_ROWS, ClassResults, QuestionInfo, RowResult

UPPER_LOWER_SHARE = 0.27
EASY = 0.90  # facility at or above: very easy
HARD = 0.20  # facility at or below: hard
WEAK_DISCRIMINATION = 0.20  # below: the item separates strong and weak students poorly
ITEM_FLAGS = ("easy", "hard", "weak_discrimination", "negative_discrimination", "possible_wrong_key",
              "unused_distractor", "attractive_distractor")
_CONSTANT = 1e-9  # spread below this (in points) = constant


# --- textbook pieces on a students × items matrix --------------------------------------------------


def facilities(scores: np.ndarray, max_points: np.ndarray) -> np.ndarray:
    """Mean earned/max per item."""
    return (scores / max_points).mean(axis=0)


def _correlation(x: np.ndarray, y: np.ndarray) -> float | None:
    if len(x) < 3 or np.ptp(x) <= _CONSTANT or np.ptp(y) <= _CONSTANT:
        return None
    dx, dy = x - x.mean(), y - y.mean()
    return float((dx * dy).sum() / math.sqrt((dx * dx).sum() * (dy * dy).sum()))


def item_rest_correlation(scores: np.ndarray, item: int) -> float | None:
    """Correlation of item `item` with the total of the *other* items (None when either is constant)."""
    x = scores[:, item]
    return _correlation(x, scores.sum(axis=1) - x)


def upper_lower_groups(totals: np.ndarray, share: float = UPPER_LOWER_SHARE) -> tuple[np.ndarray, np.ndarray] | None:
    """Boolean masks of the upper and lower groups (ties at the cut included), or None if they overlap."""
    n = len(totals)
    if n < 2:
        return None
    size = max(1, math.floor(share * n + 0.5))
    ordered = np.sort(totals)
    upper = totals >= ordered[n - size] - _CONSTANT
    lower = totals <= ordered[size - 1] + _CONSTANT
    if np.any(upper & lower):
        return None
    return upper, lower


def upper_lower_index(fractions: np.ndarray, groups: tuple[np.ndarray, np.ndarray] | None) -> float | None:
    """D = mean fraction right in the upper group − in the lower group, for one item's column."""
    if groups is None:
        return None
    upper, lower = groups
    return float(fractions[upper].mean() - fractions[lower].mean())


def cronbach_alpha(scores: np.ndarray) -> float | None:
    """Cronbach's alpha (= KR-20 for 0/1 items); None with fewer than 2 items or students, or a constant total."""
    n, k = scores.shape
    if k < 2 or n < 2:
        return None
    total_variance = scores.sum(axis=1).var(ddof=1)
    if total_variance <= _CONSTANT:
        return None
    return float(k / (k - 1) * (1 - scores.var(axis=0, ddof=1).sum() / total_variance))


# --- the analysis of a class -------------------------------------------------------------------------


@dataclass(frozen=True)
class MarkDistribution:
    """Totals in points (the report converts them to the chosen scale)."""

    students: int
    max_total: float
    mean: float
    median: float
    sd: float  # n − 1; 0 for a single student
    minimum: float
    maximum: float


@dataclass(frozen=True)
class Reliability:
    alpha: float | None
    sem: float | None  # standard error of measurement, in points
    items: int
    dichotomous: bool  # every item scored 0 or full marks: alpha is KR-20


@dataclass(frozen=True)
class ItemStats:
    question_id: str
    number: int  # position in bank order (the class key's and the report's number)
    facility: float  # 0..1
    sd: float  # of earned/max, n − 1
    discrimination: float | None  # item–rest correlation, −1..1
    upper_lower: float | None  # D, −1..1
    no_answer: int  # students who left it blank
    flags: tuple[str, ...]


@dataclass(frozen=True)
class ChoiceCount:
    index: int  # bank order (true-false: 0 = true, 1 = false)
    text: str
    correct: bool
    total: int
    upper: int
    lower: int
    flags: tuple[str, ...]


@dataclass(frozen=True)
class DistractorTable:
    question_id: str
    number: int
    choices: tuple[ChoiceCount, ...]
    no_answer: int
    upper_size: int  # 0 when the groups are undefined
    lower_size: int


@dataclass(frozen=True)
class GroupResult:
    """Mean facility of the units (items, matching rows) involving one skill or technique."""

    key: str
    facility: float
    items: int  # distinct questions involved
    units: int  # items + rows counted


@dataclass(frozen=True)
class GroupReading:
    """The one line under a by-skill or by-technique table: the least mastered group against the best."""

    weakest: GroupResult
    strongest: GroupResult


def group_reading(groups: tuple[GroupResult, ...]) -> GroupReading | None:
    """Weakest and strongest of `groups` (hardest first); None for one group, or when they print the same %."""
    if len(groups) < 2 or round(groups[0].facility * 100) == round(groups[-1].facility * 100):
        return None
    return GroupReading(groups[0], groups[-1])


@dataclass(frozen=True)
class ClassStatistics:
    marks: MarkDistribution
    reliability: Reliability
    items: tuple[ItemStats, ...]  # bank order
    distractors: tuple[DistractorTable, ...]  # bank order, choice and true-false items
    by_skill: tuple[GroupResult, ...]  # hardest first
    by_technique: tuple[GroupResult, ...]  # hardest first
    upper_size: int
    lower_size: int


def score_matrix(results: ClassResults) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """(question ids in bank order, points earned students × items, max points students × items)."""
    ids = results.question_ids
    scores = np.zeros((len(results.sheets), len(ids)))
    maxima = np.ones((len(results.sheets), len(ids)))
    for row, sheet in enumerate(results.sheets):
        by_id = {item.question_id: item for item in sheet.items}
        for column, qid in enumerate(ids):
            scores[row, column] = by_id[qid].points
            maxima[row, column] = by_id[qid].max_points
    return ids, scores, maxima


def analyse(results: ClassResults) -> ClassStatistics:
    if not results.sheets:
        raise ValueError("no sheets to analyse")
    ids, scores, maxima = score_matrix(results)
    fractions = scores / maxima
    totals = scores.sum(axis=1)
    groups = upper_lower_groups(totals)
    distractors = tuple(table for column, qid in enumerate(ids)
                        if (table := _distractor_table(results, qid, column + 1, groups)) is not None)
    flags_from_choices = {table.question_id: {flag for c in table.choices for flag in c.flags}
                          for table in distractors}
    items = []
    for column, qid in enumerate(ids):
        facility = float(fractions[:, column].mean())
        discrimination = item_rest_correlation(scores, column)
        flags = [flag for flag, on in (
            ("easy", facility >= EASY),
            ("hard", facility <= HARD),
            ("negative_discrimination", discrimination is not None and discrimination < 0),
            ("weak_discrimination", discrimination is not None and 0 <= discrimination < WEAK_DISCRIMINATION),
        ) if on]
        flags += [f for f in ITEM_FLAGS if f in flags_from_choices.get(qid, ())]
        items.append(ItemStats(
            question_id=qid, number=column + 1, facility=facility,
            sd=float(fractions[:, column].std(ddof=1)) if len(totals) > 1 else 0.0,
            discrimination=discrimination, upper_lower=upper_lower_index(fractions[:, column], groups),
            no_answer=sum(1 for sheet in results.sheets if sheet.item(qid).earned is None),
            flags=tuple(sorted(flags, key=ITEM_FLAGS.index))))
    alpha = cronbach_alpha(scores)
    sd_total = float(totals.std(ddof=1)) if len(totals) > 1 else 0.0
    marks = MarkDistribution(
        students=len(totals), max_total=float(maxima[0].sum()), mean=float(totals.mean()),
        median=float(np.median(totals)), sd=sd_total, minimum=float(totals.min()), maximum=float(totals.max()))
    reliability = Reliability(
        alpha=alpha, sem=sd_total * math.sqrt(1 - alpha) if alpha is not None and alpha > 0 else None,
        items=len(ids), dichotomous=bool(np.all((scores == 0) | (scores == maxima))))
    return ClassStatistics(
        marks=marks, reliability=reliability, items=tuple(items), distractors=distractors,
        by_skill=_by_skill(results, items), by_technique=_by_technique(results, items),
        upper_size=int(groups[0].sum()) if groups else 0, lower_size=int(groups[1].sum()) if groups else 0)


def _ticked(results: ClassResults, question: QuestionInfo) -> list[set[int]]:
    """Per sheet, the choice indices ticked (true-false: 0 = true, 1 = false)."""
    ticked = []
    for sheet in results.sheets:
        item = sheet.item(question.id)
        if question.is_truth:
            ticked.append(set() if item.truth_given is None else {0 if item.truth_given else 1})
        else:
            ticked.append(set(item.choices_given))
    return ticked


def _distractor_table(results: ClassResults, qid: str, number: int,
                      groups: tuple[np.ndarray, np.ndarray] | None) -> DistractorTable | None:
    question = results.questions[qid]
    if question.is_choice:
        choices = [(c.text, c.correct) for c in question.choices]
    elif question.truth is not None:
        choices = [("true", question.truth), ("false", not question.truth)]  # texts are label keys
    else:
        return None
    ticked = _ticked(results, question)
    upper, lower = groups if groups is not None else (None, None)
    upper_size = int(upper.sum()) if upper is not None else 0
    lower_size = int(lower.sum()) if lower is not None else 0
    counts = []
    for index, (text, correct) in enumerate(choices):
        chosen = np.array([index in t for t in ticked])
        in_upper = int(chosen[upper].sum()) if upper is not None else 0
        in_lower = int(chosen[lower].sum()) if lower is not None else 0
        total = int(chosen.sum())
        flags: list[str] = []
        if groups is not None:
            upper_share, lower_share = in_upper / upper_size, in_lower / lower_size
            if correct and upper_share < lower_share:
                flags.append("possible_wrong_key")
            if not correct and upper_share > lower_share:
                flags.append("attractive_distractor")
        if not correct and total == 0:
            flags.append("unused_distractor")
        counts.append(ChoiceCount(index, text, correct, total, in_upper, in_lower, tuple(flags)))
    return DistractorTable(qid, number, tuple(counts), sum(1 for t in ticked if not t), upper_size, lower_size)


def _by_skill(results: ClassResults, items: list[ItemStats]) -> tuple[GroupResult, ...]:
    found: dict[str, list[float]] = {}
    for stats in items:
        found.setdefault(results.questions[stats.question_id].skill, []).append(stats.facility)
    return _ordered({key: (values, len(values)) for key, values in found.items()})


def _by_technique(results: ClassResults, items: list[ItemStats]) -> tuple[GroupResult, ...]:
    units: dict[str, list[float]] = {}
    questions: dict[str, set[str]] = {}
    for stats in items:
        question = results.questions[stats.question_id]
        if question.options_kind == TECHNIQUE_ROWS:
            for index, row in enumerate(question.rows):
                right = [_row_right(sheet.item(question.id).rows, index, row.accepted) for sheet in results.sheets]
                units.setdefault(row.expected, []).append(sum(right) / len(right))
                questions.setdefault(row.expected, set()).add(question.id)
        else:
            for technique in question.techniques:
                units.setdefault(technique, []).append(stats.facility)
                questions.setdefault(technique, set()).add(question.id)
    return _ordered({key: (values, len(questions[key])) for key, values in units.items()})


def _row_right(rows: tuple[RowResult, ...], original: int, accepted: tuple[str, ...]) -> bool:
    return any(row.original == original and row.given in accepted for row in rows)


def _ordered(found: dict[str, tuple[list[float], int]]) -> tuple[GroupResult, ...]:
    groups = [GroupResult(key, float(np.mean(values)), count, len(values)) for key, (values, count) in found.items()]
    return tuple(sorted(groups, key=lambda g: (g.facility, g.key)))


__all__ = ["ClassStatistics", "GroupReading", "analyse", "cronbach_alpha", "facilities", "group_reading",
           "item_rest_correlation", "upper_lower_groups", "upper_lower_index"]
