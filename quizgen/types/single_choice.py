"""Single choice: one correct choice among lettered ones (round boxes)."""

from __future__ import annotations

from typing import Any, Literal

from quizgen.types.base import BankView, Finding
from quizgen.types.choices import ChoiceQuestion, Choices, ChoiceType
from quizgen.types.scoring import ScoringTable, Slot


class SingleChoice(ChoiceQuestion):
    type: Literal["single-choice"]
    choices: Choices


class SingleChoiceType(ChoiceType):
    name = "single-choice"
    model = SingleChoice
    one_tick_per_line = True

    def check(self, question: Any, bank: BankView) -> list[Finding]:
        findings = super().check(question, bank)
        correct = sum(1 for choice in question.choices if choice.correct)
        if correct != 1:
            findings.insert(0, Finding(
                f"a single-choice question needs exactly one correct choice; it has {correct}. "
                + ("Mark one with correct: true." if not correct else
                   "Keep correct: true on one choice only, or use type: multiple-select."), ("choices",)))
        return findings

    def scoring(self, question: Any, bank: BankView, policy: str | None = None) -> ScoringTable:
        weights = tuple((str(index), 1.0 if choice.correct else 0.0) for index, choice in enumerate(question.choices))
        return ScoringTable(question.points, (Slot("choices", weights),))


TYPE = SingleChoiceType()
