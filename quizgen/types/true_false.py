"""True or false, with ruled lines to justify.

The verdict is worth `points − justify_points`; the written justification, marked by the
teacher (or self-assessed against the explanation when practising), `justify_points`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from quizgen.bank.fields import Lines
from quizgen.types.base import BankView, Finding, QuestionBase, QuestionType
from quizgen.types.printed import PrintedQuestion
from quizgen.types.scoring import ScoringTable, Slot

if TYPE_CHECKING:
    from quizgen.core.labels import Texts


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


TYPE = TrueFalseType()
