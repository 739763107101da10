"""The technique and verdict confusion matrices on small planted data, and when a reading is written."""

from __future__ import annotations

import dataclasses

from grading_data import CATEGORIES, TECHNIQUES, claims_question, class_from_rows, matching_question

from quizgen.grading.confusion import (
    NO_ANSWER,
    OTHER,
    technique_confusion,
    technique_readings,
    verdict_confusion,
    verdict_readings,
)
from quizgen.grading.labels import reading_text
from quizgen.grading.results import ChoiceInfo, ClassResults, ItemResult, QuestionInfo, SheetResult

RIGHT = ["fear", "exaggeration", "labeling"]


def test_matrix_counts_each_row_answer_once():
    answers = [RIGHT] * 2 + [["exaggeration", "exaggeration", "labeling"]] * 4 + [[None, "fear", "authority"]]
    matrix = technique_confusion(class_from_rows(matching_question(), answers))
    assert matrix.rows == ("fear", "exaggeration", "labeling")
    assert matrix.columns == ("fear", "exaggeration", "labeling", "authority", NO_ANSWER)
    assert matrix.count("fear", "fear") == 2
    assert matrix.count("fear", "exaggeration") == 4
    assert matrix.count("fear", NO_ANSWER) == 1
    assert matrix.count("exaggeration", "fear") == 1
    assert matrix.count("labeling", "authority") == 1
    assert matrix.total == 7 * 3
    assert matrix.cell_students("fear", "exaggeration") == {3, 4, 5, 6}


def test_planted_confusion_is_read_in_students():
    # 4 of the 6 students who answered the fear row wrote "exaggeration"; the 7th left it blank.
    answers = [RIGHT] * 2 + [["exaggeration", "exaggeration", "labeling"]] * 4 + [[None, "exaggeration", "labeling"]]
    matrix = technique_confusion(class_from_rows(matching_question(), answers))
    readings = technique_readings(matrix)
    assert [(r.kind, r.subjects, r.count, r.total) for r in readings] == [
        ("takes_for", ("fear", "exaggeration"), 4, 6)]
    assert reading_text(readings[0], "fr", TECHNIQUES) == (
        "La classe prend «\u00a0Appel à la peur\u00a0» pour «\u00a0Exagération\u00a0»\u00a0: 4 élèves sur 6.")
    assert reading_text(readings[0], "en", TECHNIQUES) == (
        "The class takes “Appel à la peur” for “Exagération”: 4 of 6 students.")


def test_mistakes_both_ways_read_as_confusing_the_two():
    answers = [RIGHT] * 2 + [["exaggeration", "exaggeration", "labeling"]] * 3 + [["fear", "fear", "labeling"]] * 3
    readings = technique_readings(technique_confusion(class_from_rows(matching_question(), answers)))
    assert [(r.kind, r.subjects, r.count, r.total) for r in readings] == [
        ("confuses", ("fear", "exaggeration"), 6, 8)]


def test_no_reading_for_tiny_counts_or_spread_mistakes():
    few = [RIGHT] * 4 + [["exaggeration", "exaggeration", "labeling"]] * 2  # 2 students: below MIN_STUDENTS
    assert technique_readings(technique_confusion(class_from_rows(matching_question(), few))) == ()
    tiny_class = [["exaggeration", "exaggeration", "labeling"]] * 3 + [RIGHT]  # 4 answers: below MIN_GROUP
    assert technique_readings(technique_confusion(class_from_rows(matching_question(), tiny_class))) == ()
    # 3 of 12 students wrote B, 3 wrote C, 3 wrote D: each 25 % of the answers, below MIN_SHARE
    spread = ([RIGHT] * 3 + [["exaggeration", "exaggeration", "labeling"]] * 3
              + [["labeling", "exaggeration", "labeling"]] * 3 + [["authority", "exaggeration", "labeling"]] * 3)
    assert technique_readings(technique_confusion(class_from_rows(matching_question(), spread))) == ()


def test_an_also_accepted_answer_counts_as_right():
    question = matching_question(rows=(("fear", ("exaggeration",)), ("exaggeration", ()), ("labeling", ())))
    answers = [["exaggeration", "exaggeration", "labeling"]] * 6
    matrix = technique_confusion(class_from_rows(question, answers))
    assert matrix.count("fear", "fear") == 6 and matrix.count("fear", "exaggeration") == 0
    assert technique_readings(matrix) == ()


def test_the_share_counts_only_questions_that_offered_the_mistake():
    # Two matching questions about fear; only the first offers "exaggeration". On it 4 of 6 students
    # take fear for exaggeration; on the second nobody could. The reading says 4 of 6, not 4 of 12.
    first = matching_question("m1")
    second = matching_question("m2", options=("fear", "exaggeration", "labeling"))
    second = dataclasses.replace(second, options=tuple(o for o in second.options if o.id != "exaggeration"),
                                 rows=second.rows[:1] + second.rows[2:])
    sheets = []
    for s in range(6):
        wrong = s < 4
        one = class_from_rows(first, [["exaggeration" if wrong else "fear", "exaggeration", "labeling"]]).sheets[0]
        two = class_from_rows(second, [["labeling" if s == 0 else "fear", "labeling"]]).sheets[0]
        sheets.append(SheetResult(s + 1, "ABC-DEF", f"Élève {s + 1}", "", (*one.items, *two.items)))
    results = ClassResults("b", "B", "fr", {"m1": first, "m2": second}, dict(TECHNIQUES), dict(CATEGORIES),
                           tuple(sheets))
    matrix = technique_confusion(results)
    assert matrix.exposure("fear", "exaggeration") == (6, frozenset(range(1, 7)))
    assert [(r.subjects, r.count, r.total) for r in technique_readings(matrix)] == [(("fear", "exaggeration"), 4, 6)]


def test_single_choice_items_with_technique_choices_join_the_matrix():
    question = QuestionInfo("sc", "single-choice", "identify-technique", ("fear",), 1, 1.0, "Quel procédé ?",
                            choices=(ChoiceInfo("peur", True, "fear"), ChoiceInfo("exagération", False, "exaggeration"),
                                     ChoiceInfo("aucun", False, None)))
    ticks = [(0,), (1,), (1,), (2,), (0, 1), ()]
    sheets = tuple(SheetResult(s + 1, "C", f"E{s}", "",
                               (ItemResult("sc", 1, 1.0, 1.0 if t == (0,) else 0.0 if t else None, choices_given=t),))
                   for s, t in enumerate(ticks))
    matrix = technique_confusion(ClassResults("b", "B", "fr", {"sc": question}, dict(TECHNIQUES), {}, sheets))
    assert matrix.columns == ("fear", "exaggeration", OTHER, NO_ANSWER)
    assert [matrix.count("fear", c) for c in matrix.columns] == [1, 2, 2, 1]


def test_verdict_matrix_and_over_scepticism():
    # 10 students classify 2 accurate claims and 1 inaccurate one: 7 of the 20 answers on accurate
    # claims say inaccurate or misleading (35 %), and nobody calls the inaccurate claim accurate.
    question = claims_question(["accurate", "accurate", "inaccurate"])
    answers = ([["inaccurate", "misleading", "inaccurate"]] * 3 + [["misleading", "accurate", "inaccurate"]]
               + [["accurate", "accurate", "inaccurate"]] * 6)
    matrix = verdict_confusion(class_from_rows(question, answers))
    assert matrix.rows == ("accurate", "inaccurate")
    assert matrix.count("accurate", "inaccurate") == 3 and matrix.count("accurate", "misleading") == 4
    readings = verdict_readings(matrix)
    assert [(r.kind, r.count, r.total) for r in readings] == [("over_scepticism", 7, 20)]
    assert reading_text(readings[0], "en", CATEGORIES) == (
        "The class called accurate claims false or misleading in 7 of 20 answers (over-scepticism).")
    assert reading_text(readings[0], "fr", CATEGORIES).startswith(
        "La classe a jugé inexactes ou trompeuses des affirmations exactes dans 7 réponses sur 20")


def test_credulity_and_other_mixups():
    question = claims_question(["inaccurate", "misleading", "unverifiable"])
    answers = [["accurate", "accurate", "accurate"]] * 4 + [["inaccurate", "misleading", "unverifiable"]] * 6
    readings = verdict_readings(verdict_confusion(class_from_rows(question, answers)))
    assert [(r.kind, r.subjects, r.count, r.total) for r in readings] == [
        ("credulity", ("inaccurate", "misleading"), 8, 20),
        ("verdict_mixup", ("unverifiable", "accurate"), 4, 10)]


def test_rows_without_a_ledger_claim_are_not_verdicts():
    question = claims_question(["accurate", "inaccurate"])
    question = dataclasses.replace(question, rows=tuple(dataclasses.replace(r, claim=None, claim_verdict=None)
                                                        for r in question.rows))
    matrix = verdict_confusion(class_from_rows(question, [["inaccurate", "accurate"]] * 8))
    assert matrix.rows == () and verdict_readings(matrix) == ()
