"""The question types, one module each, and the registry through which the rest of quizgen reaches them.

To add a type: write its module here (model, checks, arrangement, correct answer, scoring,
summary, self-check interaction), its partial `templates/questions/<name>.html`, add it to
`TYPES` and to the `Question` union below, then docs and tests (CONTRIBUTING.md lists the files).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from quizgen.types import (
    claim_classification,
    matching,
    multiple_select,
    short_answer,
    single_choice,
    true_false,
)
from quizgen.types.base import LETTERS, BankView, QuestionBase, QuestionType

TYPES: dict[str, QuestionType] = {
    kind.name: kind
    for kind in (
        single_choice.TYPE,
        multiple_select.TYPE,
        true_false.TYPE,
        matching.TYPE,
        short_answer.TYPE,
        claim_classification.TYPE,
    )
}
NAMES = tuple(TYPES)

#: Any question of a bank: pydantic picks the model by its `type:` field.
Question = Annotated[
    single_choice.SingleChoice
    | multiple_select.MultipleSelect
    | true_false.TrueFalse
    | matching.Matching
    | short_answer.ShortAnswer
    | claim_classification.ClaimClassification,
    Field(discriminator="type"),
]


def type_of(question: Any) -> QuestionType:
    """The type module's object for a question (or a type name)."""
    return TYPES[question if isinstance(question, str) else question.type]


def containers() -> dict[str, Any]:
    """Every type's sub-block lists (choices, pairs…) and their models, for messages about fields."""
    found: dict[str, Any] = {}
    for kind in TYPES.values():
        found.update(kind.containers)
    return found


__all__ = ["LETTERS", "NAMES", "TYPES", "BankView", "Question", "QuestionBase", "QuestionType", "type_of"]
