"""Short answer: ruled lines; a model answer and a rubric whose lines add up to the points.

Marked by a person: the teacher when grading, the student against the rubric when practising.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from quizgen.types.base import BankView, Cell, Finding, QuestionBase, QuestionType, Response, one_cell, points_of
from quizgen.types.fields import AS_TUPLE, Lines, Points, Strict, Text
from quizgen.types.lms_items import EssayItem, Item, bullets, heading, inline, paragraph
from quizgen.types.lms_items import Text as RichText
from quizgen.types.printed import PrintedQuestion
from quizgen.types.scoring import ScoringTable, Slot

if TYPE_CHECKING:
    from quizgen.core.labels import Texts
    from quizgen.export.from_bank import Context


class RubricLine(Strict):
    points: Points
    criterion: Text


class ShortAnswer(QuestionBase):
    type: Literal["short-answer"]
    model_answer: Text
    rubric: Annotated[tuple[RubricLine, ...], Field(min_length=1), AS_TUPLE]
    lines: Lines = 5


class ShortAnswerType(QuestionType):
    name = "short-answer"
    model = ShortAnswer
    containers = {"rubric": RubricLine}

    def check(self, question: Any, bank: BankView) -> list[Finding]:
        total = sum(line.points for line in question.rubric)
        if total != question.points:
            return [Finding(f"the rubric gives {total} point(s) but the question is worth {question.points}; "
                            "make them equal.", ("rubric",))]
        return []

    def scoring(self, question: Any, bank: BankView, policy: str | None = None) -> ScoringTable:
        return ScoringTable(question.points, (Slot("answer", awarded=1.0),))

    def given(self, question: Any, response: Response) -> dict[str, Any]:
        return {"answer": None if response.points is None else response.points / question.points}

    def read_cells(self, entry: Mapping[str, Any], question: Any, cells: list[Cell]) -> tuple[Response, list[Finding]]:
        cell, findings = one_cell(cells, "a short answer")
        points, wrong = points_of(cell, question.points, "this short answer")
        return Response(points=points), findings + wrong

    def key_summary(self, printed: PrintedQuestion, texts: Texts, compact: bool = False) -> str:
        return texts.msg("rubric") if compact else f"{texts.msg('rubric')} ({len(printed.question.rubric)})"

    def interaction(self, printed: PrintedQuestion, texts: Texts, bank: BankView) -> dict[str, Any]:
        question = printed.question
        return {
            "interaction": "open",
            "slot": "answer",
            "model_answer": texts.t(question.model_answer),
            "rubric": [{"points": line.points, "criterion": texts.t(line.criterion)} for line in question.rubric],
        }

    def lms_items(self, printed: PrintedQuestion, ctx: Context) -> tuple[Item, ...]:
        """An essay: the rubric and the model answer for the marker only."""
        question = printed.question
        rubric = tuple((float(line.points), RichText.of(ctx.t(line.criterion))) for line in question.rubric)
        model_answer = RichText.of(ctx.t(question.model_answer))
        grader = RichText.join([heading(ctx.msg("rubric")),
                            bullets([inline(RichText.of(f"{points:g} pt"), criterion, sep=" — ")
                                     for points, criterion in rubric]),
                            heading(ctx.msg("model_answer")), paragraph(model_answer.plain)])
        return (EssayItem(ctx.common(printed), rubric, model_answer, question.lines, grader),)


TYPE = ShortAnswerType()
