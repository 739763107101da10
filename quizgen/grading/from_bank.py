"""Bank → the variant-independent half of `ClassResults` (questions, technique names, category labels).

Each question type says what it can be answered with (`QuestionType.answer_space`); this module only
turns that into the report's data classes. Texts are localised; the report applies typography.
"""

from __future__ import annotations

from quizgen.bank.workspace import Bank
from quizgen.core.labels import Texts, localize
from quizgen.grading.results import CATEGORY_ROWS, ChoiceInfo, OptionInfo, QuestionInfo, RowInfo
from quizgen.types import Question, type_of
from quizgen.types.fields import VERDICTS


def technique_names(bank: Bank, language: str) -> dict[str, str]:
    return {tid: localize(technique.name, language, bank.language) for tid, technique in bank.glossary.items()}


def category_labels(bank: Bank, language: str) -> dict[str, str]:
    """The standard verdict/category labels, then every bank's own category (first label wins)."""
    texts = Texts(language, bank.language)
    labels = {verdict: texts.msg(f"category.{verdict}") for verdict in VERDICTS}
    for question in bank.questions:
        space = type_of(question).answer_space(question, bank.view, texts)
        if space.options_kind == CATEGORY_ROWS:
            for cid, label in space.options:
                labels.setdefault(cid, label)
    return labels


def question_infos(bank: Bank, language: str) -> dict[str, QuestionInfo]:
    return {question.id: question_info(question, bank, language) for question in bank.questions}


def question_info(question: Question, bank: Bank, language: str) -> QuestionInfo:
    texts = Texts(language, bank.language)
    space = type_of(question).answer_space(question, bank.view, texts)
    return QuestionInfo(
        id=question.id, type=question.type, skill=question.skill, techniques=tuple(question.techniques),
        difficulty=question.difficulty, points=float(question.points), prompt=texts.t_raw(question.prompt),
        choices=tuple(ChoiceInfo(text, correct, technique) for text, correct, technique in space.choices),
        options=tuple(OptionInfo(ident, label) for ident, label in space.options),
        rows=tuple(RowInfo(*row) for row in space.rows), truth=space.truth, options_kind=space.options_kind)
