"""Small hand-made classes for the grading tests: a points matrix, a matching question, classified claims."""

from __future__ import annotations

from collections.abc import Sequence

from quizgen.grading.results import (
    ChoiceInfo,
    ClassResults,
    ItemResult,
    OptionInfo,
    QuestionInfo,
    RowInfo,
    RowResult,
    SheetResult,
)

TECHNIQUES = {"fear": "Appel à la peur", "exaggeration": "Exagération", "labeling": "Étiquetage",
              "authority": "Appel à l’autorité"}
CATEGORIES = {"accurate": "Exacte", "inaccurate": "Inexacte", "misleading": "Trompeuse",
              "unverifiable": "Invérifiable"}


def choice_question(qid: str, points: float = 1.0, skill: str = "identify-technique",
                    techniques: tuple[str, ...] = ()) -> QuestionInfo:
    return QuestionInfo(qid, "single-choice", skill, techniques, 2, points, f"Question {qid} ?",
                        choices=(ChoiceInfo("la bonne", True), ChoiceInfo("un leurre", False),
                                 ChoiceInfo("un autre leurre", False)))


def class_from_points(points: Sequence[Sequence[float]], maxima: Sequence[float] | None = None,
                      language: str = "fr") -> ClassResults:
    """One single-choice question per column; full marks = the key ticked, else choice 1 ticked."""
    columns = len(points[0])
    maxima = list(maxima or [1.0] * columns)
    questions = {f"q{j + 1}": choice_question(f"q{j + 1}", maxima[j]) for j in range(columns)}
    sheets = []
    for s, row in enumerate(points):
        items = tuple(ItemResult(f"q{j + 1}", j + 1, maxima[j], float(value),
                                 choices_given=(0,) if value == maxima[j] else (1,))
                      for j, value in enumerate(row))
        sheets.append(SheetResult(s + 1, "ABC-DEF", f"Élève {s + 1}", "2nde 1", items))
    return ClassResults("test-bank", "Banque de test", language, questions, dict(TECHNIQUES), dict(CATEGORIES),
                        tuple(sheets))


def matching_question(qid: str = "match", rows: Sequence[tuple[str, tuple[str, ...]]] = (
        ("fear", ()), ("exaggeration", ()), ("labeling", ())),
        options: Sequence[str] = ("fear", "exaggeration", "labeling", "authority")) -> QuestionInfo:
    return QuestionInfo(
        qid, "matching", "identify-technique", (), 2, float(len(rows)), "Reliez chaque extrait à un procédé.",
        options=tuple(OptionInfo(o, TECHNIQUES[o]) for o in options),
        rows=tuple(RowInfo(f"extrait {i}", expected, (expected, *also)) for i, (expected, also) in enumerate(rows)),
        options_kind="technique")


def class_from_rows(question: QuestionInfo, answers: Sequence[Sequence[str | None]],
                    language: str = "fr") -> ClassResults:
    """One row question; answers[s][r] is the id student s gave to row r (None = blank)."""
    sheets = []
    for s, given in enumerate(answers):
        rows = tuple(RowResult(r, g) for r, g in enumerate(given))
        right = sum(1 for r, g in enumerate(given) if g in question.rows[r].accepted)
        earned = question.points * right / len(question.rows) if any(given) else None
        sheets.append(SheetResult(s + 1, "ABC-DEF", f"Élève {s + 1}", "2nde 1",
                                  (ItemResult(question.id, 1, question.points, earned, rows=rows),)))
    return ClassResults("test-bank", "Banque de test", language, {question.id: question}, dict(TECHNIQUES),
                        dict(CATEGORIES), tuple(sheets))


def claims_question(verdicts: Sequence[str]) -> QuestionInfo:
    return QuestionInfo(
        "claims", "claim-classification", "verify-claim", (), 2, float(len(verdicts)), "Classez les affirmations.",
        options=tuple(OptionInfo(c, CATEGORIES[c]) for c in CATEGORIES),
        rows=tuple(RowInfo(f"affirmation {i}", v, (v,), f"C{i}", v) for i, v in enumerate(verdicts)),
        options_kind="category")
