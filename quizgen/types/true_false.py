"""True or false, with ruled lines to justify.

The verdict is worth `points − justify_points`; the written justification, marked by the
teacher (or self-assessed against the explanation when practising), `justify_points`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from quizgen.types.base import (
    AnswerSpace,
    BankView,
    Cell,
    Finding,
    QuestionBase,
    QuestionType,
    Response,
    one_cell,
    points_of,
    truth_of,
)
from quizgen.types.fields import Lines
from quizgen.types.lms_items import (
    EMPTY,
    Common,
    EssayItem,
    Item,
    Text,
    TrueFalseItem,
    answer_label,
    heading,
    paragraph,
)
from quizgen.types.printed import PrintedQuestion
from quizgen.types.scoring import ScoringTable, Slot

if TYPE_CHECKING:
    from quizgen.core.labels import Texts
    from quizgen.export.from_bank import Context


class TrueFalse(QuestionBase):
    type: Literal["true-false"]
    answer: bool
    justify_lines: Lines = 3
    #: Points of `points` given for the written justification (marked by the teacher); none when left out.
    #: (None rather than 0 keeps the content hash, hence every variant code, of banks written before it.)
    justify_points: Annotated[int, Field(ge=1, le=100)] | None = None


class TrueFalseType(QuestionType):
    name = "true-false"
    model = TrueFalse
    one_tick_per_line = True

    def check(self, question: Any, bank: BankView) -> list[Finding]:
        if (question.justify_points or 0) >= question.points:
            return [Finding(f"justify_points ({question.justify_points}) must be less than the question's points "
                            f"({question.points}): the true/false verdict needs points too.", ("justify_points",))]
        if question.justify_points and not question.justify_lines:
            return [Finding("justify_points needs lines to write the justification on: set justify_lines.",
                            ("justify_points",))]
        return []

    def correct(self, printed: PrintedQuestion) -> Any:
        return printed.question.answer

    def scoring(self, question: Any, bank: BankView, policy: str | None = None) -> ScoringTable:
        verdict = (question.points - (question.justify_points or 0)) / question.points
        right = "true" if question.answer else "false"
        slots = [Slot("verdict", tuple((option, verdict if option == right else 0.0) for option in ("true", "false")))]
        if question.justify_points:
            slots.append(Slot("justification", awarded=question.justify_points / question.points))
        return ScoringTable(question.points, tuple(slots))

    def key_summary(self, printed: PrintedQuestion, texts: Texts, compact: bool = False) -> str:
        return texts.msg("true" if printed.question.answer else "false")  # a letter would read as choice F

    def interaction(self, printed: PrintedQuestion, texts: Texts, bank: BankView) -> dict[str, Any]:
        question = printed.question
        return {"interaction": "truth", "slot": "verdict", "answer": question.answer,
                "justification": question.justify_points or 0}

    def given(self, question: Any, response: Response) -> dict[str, Any]:
        given: dict[str, Any] = {"verdict": [] if response.truth is None else ["true" if response.truth else "false"]}
        if question.justify_points and response.points is not None:
            given["justification"] = response.points / question.points
        return given

    def read_cells(self, entry: Mapping[str, Any], question: Any, cells: list[Cell]) -> tuple[Response, list[Finding]]:
        cell, findings = one_cell(cells, "a true/false question")
        truth, wrong = truth_of(cell.answer, cell.line)
        points = None
        if question.justify_points:
            points, more = points_of(cell, question.justify_points, "the justification")
            wrong += more
        elif cell.points is not None:
            wrong.append(Finding("this true/false question gives no points for its justification (no justify_points "
                                 "in the bank): leave the points column empty.", (cell.line,)))
        return Response(truth=truth, points=points), findings + wrong

    def answer_space(self, question: Any, bank: BankView, texts: Texts) -> AnswerSpace:
        return AnswerSpace(truth=question.answer)

    def lms_items(self, printed: PrintedQuestion, ctx: Context) -> tuple[Item, ...]:
        """The verdict is worth points − justify_points; the « justifiez » lines become an essay worth
        justify_points, linked by name. Worth 0 points, it is left out (a 0-point essay would leave every
        attempt waiting for manual grading) and a note says so."""
        question = printed.question
        justify_points = float(question.justify_points or 0)
        explanation = ctx.feedback(printed)
        name = ctx.name(question)
        justification: EssayItem | None = None
        notes: tuple[str, ...] = ()
        if question.justify_lines and justify_points > 0:
            prompt = " ".join(ctx.t(question.prompt).split())
            common = Common(
                id=f"{question.id}-justification", name=answer_label(ctx.word("justification_of", name=name))[:250],
                text=Text.join([paragraph(ctx.word("justify_prompt", name=question.id, prompt=prompt))]),
                feedback=explanation, tags=ctx.tags(question), points=justify_points,
                category=("quizgen", ctx.bank.id, question.skill), source_type=question.type)
            expected = Text.join([heading(ctx.word("expected")), paragraph(ctx.t(question.explanation))])
            justification = EssayItem(common, (), EMPTY, question.justify_lines, expected)
        elif question.justify_lines:
            notes = (f"the « justifiez » part ({question.justify_lines} lines): it is worth no points in the bank "
                     "(no justify_points), and a 0-point essay would leave every attempt waiting for manual grading.",)
        common = ctx.common(printed, points=float(question.points) - justify_points, feedback=explanation, notes=notes)
        labels = (ctx.msg("true"), ctx.msg("false"))
        return (TrueFalseItem(common, question.answer, EMPTY, EMPTY, labels, justification),
                *((justification,) if justification else ()))


TYPE = TrueFalseType()
