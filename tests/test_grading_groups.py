"""Results by skill and by technique, and their one-line readings, on a small class computed by hand."""

from __future__ import annotations

import dataclasses

import pytest
from grading_data import CATEGORIES, TECHNIQUES, choice_question, matching_question

from quizgen.grading.labels import group_reading_text
from quizgen.grading.results import ClassResults, ItemResult, RowResult, SheetResult
from quizgen.grading.statistics import analyse, group_reading

# Four questions and a matching question of three rows (fear, exaggeration, labeling), 4 students:
#
#            q1 fear    q2 exag+fear  q3 (3 pts)  q4        match rows: fear  exaggeration  labeling
#   S1       1          1             3           1                     ✓     ✓             ✓      3/3
#   S2       1          0             1           1                     ✓     fear ✗        ✓      2/3
#   S3       0          0             0           1                     exag ✗ labeling ✗   ✓      1/3
#   S4       1          0             3           0                     blank (no answer)          —
#
# Facilities: q1 3/4 = .75, q2 1/4 = .25, q3 (1 + 1/3 + 0 + 1)/4 = 7/12, q4 .75, match (1 + 2/3 + 1/3 + 0)/4 = .5.
# By skill (mean of the items' facilities): identify-technique (q1, q2, match) (.75 + .25 + .5)/3 = .5 → 50 %,
#   verify-claim (q3) 7/12 → 58 %, evaluate-source (q4) .75 → 75 %.
# By technique (items naming it, and matching rows expecting it, each one unit):
#   exaggeration: q2 .25, its row 1/4 → .25 → 25 %;  fear: q1 .75, q2 .25, its row 2/4 → .5 → 50 %;
#   labeling: its row 3/4 → .75 → 75 %.
QUESTIONS = {
    "q1": choice_question("q1", techniques=("fear",)),
    "q2": choice_question("q2", techniques=("exaggeration", "fear")),
    "q3": choice_question("q3", points=3.0, skill="verify-claim"),
    "q4": choice_question("q4", skill="evaluate-source"),
    "match": matching_question(),
}
POINTS = [(1, 1, 3, 1), (1, 0, 1, 1), (0, 0, 0, 1), (1, 0, 3, 0)]
ROWS = [("fear", "exaggeration", "labeling"), ("fear", "fear", "labeling"), ("exaggeration", "labeling", "labeling"),
        (None, None, None)]


def small_class(language: str = "fr") -> ClassResults:
    sheets = []
    for s, (points, rows) in enumerate(zip(POINTS, ROWS, strict=True)):
        items = [ItemResult(qid, n, QUESTIONS[qid].points, float(p), choices_given=(0,) if p else (1,))
                 for n, (qid, p) in enumerate(zip(("q1", "q2", "q3", "q4"), points, strict=True), 1)]
        match = QUESTIONS["match"]
        right = sum(1 for row, given in zip(match.rows, rows, strict=True) if given in row.accepted)
        items.append(ItemResult("match", 5, match.points, float(right) if any(rows) else None,
                                rows=tuple(RowResult(r, given) for r, given in enumerate(rows))))
        sheets.append(SheetResult(s + 1, "ABC-DEF", f"Élève {s + 1}", "2nde 1", tuple(items)))
    return ClassResults("test-bank", "Banque de test", language, dict(QUESTIONS), dict(TECHNIQUES),
                        dict(CATEGORIES), tuple(sheets))


def _table(groups) -> list[tuple[str, float, int, int]]:
    return [(g.key, g.facility, g.items, g.units) for g in groups]


def test_by_skill_and_by_technique_computed_by_hand():
    stats = analyse(small_class())
    assert [i.facility for i in stats.items] == pytest.approx([0.75, 0.25, 7 / 12, 0.75, 0.5])
    assert _table(stats.by_skill) == [("identify-technique", pytest.approx(0.5), 3, 3),
                                      ("verify-claim", pytest.approx(7 / 12), 1, 1),
                                      ("evaluate-source", pytest.approx(0.75), 1, 1)]
    assert _table(stats.by_technique) == [("exaggeration", pytest.approx(0.25), 2, 2),
                                          ("fear", pytest.approx(0.5), 3, 3),
                                          ("labeling", pytest.approx(0.75), 1, 1)]


def test_the_one_line_readings_name_the_weakest_and_the_strongest():
    stats = analyse(small_class())
    skills = {"identify-technique": "Repérer un procédé", "verify-claim": "Vérifier une affirmation",
              "evaluate-source": "Évaluer une source"}
    nb = "\u00a0"
    assert group_reading_text(group_reading(stats.by_skill), "fr", skills) == (
        f"Le moins réussi{nb}: «{nb}Repérer un procédé{nb}» (50{nb}% de réussite){nb}; "
        f"le mieux réussi{nb}: «{nb}Évaluer une source{nb}» (75{nb}%).")
    assert group_reading_text(group_reading(stats.by_technique), "en", TECHNIQUES) == (
        "Weakest: “Exagération” (25% right); strongest: “Étiquetage” (75%).")


def test_no_reading_for_one_group_or_groups_that_print_the_same():
    stats = analyse(small_class())
    assert group_reading(stats.by_skill[:1]) is None
    tied = (stats.by_skill[0], dataclasses.replace(stats.by_skill[1], facility=0.504))  # 50 % and 50 %
    assert group_reading(tied) is None
    assert group_reading_text(None, "fr", {}) == ""


@pytest.mark.slow
def test_the_report_prints_the_readings_under_their_tables():
    from quizgen.grading.report import report_html

    page = report_html(small_class())
    by_group = page[page.index('<section class="by-group">'):]
    assert by_group.count('<ul class="readings">') == 2
    assert "Le moins réussi\u00a0: «\u00a0Repérer un procédé\u00a0» (50\u00a0% de réussite)" in by_group
    assert "«\u00a0Exagération\u00a0» (25\u00a0% de réussite)" in by_group
    assert by_group.index("Repérer un procédé\u00a0» (50") < by_group.index("<h2>Par procédé")
