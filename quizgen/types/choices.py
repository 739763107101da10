"""What single-choice and multiple-select questions share: lettered choices, shuffled around pinned ones."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from quizgen.types.base import (
    LETTERS,
    AnswerSpace,
    BankView,
    Cell,
    Finding,
    QuestionBase,
    QuestionType,
    Response,
    letters_of,
    one_cell,
    shuffle_unpinned,
    unknown_technique,
)
from quizgen.types.fields import AS_TUPLE, Id, Strict, Text
from quizgen.types.lms_items import EMPTY, Answer, ChoiceItem, Item
from quizgen.types.lms_items import Text as RichText
from quizgen.types.printed import Arrangement, PrintedChoice, PrintedQuestion

if TYPE_CHECKING:
    from quizgen.core.labels import Texts
    from quizgen.export.from_bank import Context


class Choice(Strict):
    text: Text
    correct: bool = False
    why_wrong: Text | None = None
    pinned: bool = False
    #: The technique this choice names, when it names one: lets grading tell which technique a
    #: class mistook for which.
    technique: Id | None = None


class ChoiceQuestion(QuestionBase):
    """A question with lettered choices. Each subclass declares `type`, then `choices: Choices`
    (pydantic keeps a field where it was first declared, and exports keep that order)."""


#: The `choices:` field of a choice question.
Choices = Annotated[tuple[Choice, ...], Field(min_length=2), AS_TUPLE]


class ChoiceType(QuestionType):
    """Lettered choices with boxes to tick; the two choice types differ in how many are correct."""

    containers = {"choices": Choice}
    many = False  # several answers may be ticked

    def check(self, question: Any, bank: BankView) -> list[Finding]:
        findings = []
        texts = Counter(tuple(sorted(choice.text.items())) for choice in question.choices)
        for index, choice in enumerate(question.choices):
            if texts[tuple(sorted(choice.text.items()))] > 1:
                findings.append(Finding("this choice appears twice; make every choice different.",
                                        ("choices", index)))
            if not choice.correct and choice.why_wrong is None:
                findings.append(Finding("a wrong choice needs why_wrong: say why a student might pick it and "
                                        "why it is wrong.", ("choices", index)))
            if choice.correct and choice.why_wrong is not None:
                findings.append(Finding("a correct choice has why_wrong; remove it, or set correct: false.",
                                        ("choices", index, "why_wrong")))
            if choice.technique is not None and choice.technique not in bank.glossary:
                findings.append(Finding(unknown_technique(choice.technique, bank), ("choices", index, "technique")))
        return findings

    def options_count(self, question: Any) -> int:
        return len(question.choices)

    def arrange(self, question: Any, bank: BankView, rng: random.Random) -> Arrangement:
        order = shuffle_unpinned([choice.pinned for choice in question.choices], rng)
        return Arrangement(choices=tuple(PrintedChoice(LETTERS[i], original, question.choices[original])
                                         for i, original in enumerate(order)))

    def correct(self, printed: PrintedQuestion) -> Any:
        return [choice.letter for choice in printed.choices if choice.choice.correct]

    def key_summary(self, printed: PrintedQuestion, texts: Texts, compact: bool = False) -> str:
        return ("," if compact else ", ").join(printed.correct)

    def interaction(self, printed: PrintedQuestion, texts: Texts, bank: BankView) -> dict[str, Any]:
        return {
            "interaction": "choice",
            "many": self.many,
            "slot": "choices",
            "choices": [
                {"key": str(c.original), "letter": c.letter, "text": texts.t(c.choice.text),
                 "correct": c.choice.correct, "pinned": c.choice.pinned,
                 "why_wrong": texts.t(c.choice.why_wrong) if c.choice.why_wrong else None}
                for c in printed.choices
            ],
        }

    def given(self, question: Any, response: Response) -> dict[str, Any]:
        return {"choices": [str(index) for index in response.choices or ()]}

    def read_cells(self, entry: Mapping[str, Any], question: Any, cells: list[Cell]) -> tuple[Response, list[Finding]]:
        cell, findings = one_cell(cells, "a choice question")
        if cell.points is not None:
            findings.append(Finding("points are only for open parts; a choice question is scored from its letters.",
                                    (cell.line,)))
        order: list[int] = entry["choice_order"]
        picked, wrong = letters_of(cell.answer, len(order), cell.line)
        return Response(choices=tuple(order[index] for index in picked)), findings + wrong

    def answer_space(self, question: Any, bank: BankView, texts: Texts) -> AnswerSpace:
        return AnswerSpace(choices=tuple((texts.t_raw(c.text), c.correct, c.technique) for c in question.choices))

    # ---- LMS exports ----
    def lms_items(self, printed: PrintedQuestion, ctx: Context) -> tuple[Item, ...]:
        """A multichoice item; each answer's fraction is its weight in the scoring table. Where the policy is
        all-or-nothing, a wrong tick costs everything (the closest per-answer fractions come to it)."""
        table = ctx.table(printed.question)
        weights = table.slots[0].options
        answers = []
        for c in printed.choices:
            weight = weights[str(c.original)]
            if table.all_or_nothing and weight < 0:
                weight = -1.0
            feedback = RichText.of(ctx.t(c.choice.why_wrong)) if c.choice.why_wrong else EMPTY
            answers.append(Answer(RichText.of(ctx.t(c.choice.text)), weight, feedback, c.choice.correct))
        policy = "single" if not self.many else ("all-or-nothing" if table.all_or_nothing else "partial")
        pinned = tuple(c.choice.pinned for c in printed.choices)
        return (ChoiceItem(ctx.common(printed), not self.many, tuple(answers), policy, pinned),)
