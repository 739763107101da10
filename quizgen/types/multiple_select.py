"""Multiple select: tick every correct choice (square boxes).

Scoring policies (`scoring: {multiple-select: …}` in bank.yaml):
- all-or-nothing (default): the points only for exactly the correct set;
- partial: each correct tick earns 1/C of the points and each wrong tick costs 1/F of them (C correct
  choices, F wrong ones), floored at 0. Ticking every box earns nothing, however many choices are
  right (with a penalty of 1/C, ticking all of 3 right and 1 wrong choices would earn 2/3). Moodle
  writes it as fractions +100/C % and −100/F %, both in its list for C, F ≤ 10.
"""

from __future__ import annotations

from typing import Any, Literal

from quizgen.types.base import BankView, Finding
from quizgen.types.choices import ChoiceQuestion, Choices, ChoiceType
from quizgen.types.scoring import ScoringTable, Slot


class MultipleSelect(ChoiceQuestion):
    type: Literal["multiple-select"]
    choices: Choices


class MultipleSelectType(ChoiceType):
    name = "multiple-select"
    model = MultipleSelect
    many = True
    policies = ("all-or-nothing", "partial")

    def check(self, question: Any, bank: BankView) -> list[Finding]:
        findings = super().check(question, bank)
        correct = sum(1 for choice in question.choices if choice.correct)
        if not correct:
            findings.insert(0, Finding("a multiple-select question needs at least one correct choice "
                                       "(correct: true).", ("choices",)))
        if correct == len(question.choices):
            findings.insert(0, Finding("every choice is correct; add at least one wrong choice with its "
                                       "why_wrong.", ("choices",)))
        return findings

    def scoring(self, question: Any, bank: BankView, policy: str | None = None) -> ScoringTable:
        policy = policy or self.policies[0]
        correct = sum(1 for choice in question.choices if choice.correct)
        right, wrong = 1.0 / max(1, correct), -1.0 / max(1, len(question.choices) - correct)
        weights = tuple((str(index), right if choice.correct else wrong)
                        for index, choice in enumerate(question.choices))
        return ScoringTable(question.points, (Slot("choices", weights, many=True),),
                            all_or_nothing=policy == "all-or-nothing", policy=policy)


TYPE = MultipleSelectType()
