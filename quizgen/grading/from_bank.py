"""Bank → the variant-independent half of `ClassResults` (questions, technique names, category labels).

The only module of `quizgen.grading` that reads the bank model; the glue (`quizgen grade`) calls:

    questions = question_infos(bank, language)          # every bank question, bank order
    names = technique_names(bank, language)
    labels = category_labels(bank, language)

and adds the sheets it scored. Texts are localised plain strings (no typography applied).
Choices carry no technique id yet (`ChoiceInfo.technique` is None): the bank format has no
`technique:` on a choice. When it gets one, fill it here and the technique matrix counts
single-choice items too (see confusion.py).

Imports to repoint after the package restructuring (issue 10): model, workspace.Bank,
checks.categories_of, i18n.localize/message.
"""

from __future__ import annotations

from .. import model
from ..checks import categories_of
from ..i18n import localize, message
from ..workspace import Bank
from .results import ChoiceInfo, OptionInfo, QuestionInfo, RowInfo


def technique_names(bank: Bank, language: str) -> dict[str, str]:
    return {tid: localize(technique.name, language, bank.language) for tid, technique in bank.glossary.items()}


def category_labels(bank: Bank, language: str) -> dict[str, str]:
    """The standard verdict/category labels, then every bank's own category (first label wins)."""
    labels = {verdict: message(language, f"category.{verdict}") for verdict in model.VERDICTS}
    for question in bank.questions:
        if isinstance(question, model.ClaimClassification):
            for category in question.categories or []:
                labels.setdefault(category.id, localize(category.label, language, bank.language))
    return labels


def question_infos(bank: Bank, language: str) -> dict[str, QuestionInfo]:
    return {question.id: question_info(question, bank, language) for question in bank.questions}


def question_info(question: model.Question, bank: Bank, language: str) -> QuestionInfo:
    def text(value: dict[str, str] | None) -> str:
        return localize(value, language, bank.language)

    choices: tuple[ChoiceInfo, ...] = ()
    options: tuple[OptionInfo, ...] = ()
    rows: tuple[RowInfo, ...] = ()
    truth = None
    if isinstance(question, (model.SingleChoice, model.MultipleSelect)):
        choices = tuple(ChoiceInfo(text(c.text), c.correct) for c in question.choices)
    elif isinstance(question, model.TrueFalse):
        truth = question.answer
    elif isinstance(question, model.Matching):
        names = technique_names(bank, language)
        offered = list(dict.fromkeys([p.technique for p in question.pairs] + question.distractors))
        options = tuple(OptionInfo(tid, names.get(tid, tid)) for tid in offered)
        rows = tuple(RowInfo(pair.excerpt.text, pair.technique, (pair.technique, *pair.also_accept))
                     for pair in question.pairs)
    elif isinstance(question, model.ClaimClassification):
        labels = category_labels(bank, language)
        options = tuple(OptionInfo(cid, text(question.custom_label(cid)) or labels.get(cid, cid))
                        for cid in categories_of(question))
        rows = tuple(_classification_row(item, bank) for item in question.items)
    return QuestionInfo(
        id=question.id, type=question.type, skill=question.skill, techniques=tuple(question.techniques),
        difficulty=question.difficulty, points=float(question.points), prompt=text(question.prompt),
        choices=choices, options=options, rows=rows, truth=truth)


def _classification_row(item: model.ClassificationItem, bank: Bank) -> RowInfo:
    claim = bank.claims.get(item.claim) if item.claim else None
    excerpt = item.excerpt or (claim.excerpt if claim else None)
    category = item.category or (claim.verdict if claim else "")
    return RowInfo(excerpt.text if excerpt else "", category, (category,),
                   claim.id if claim else None, claim.verdict if claim else None)
