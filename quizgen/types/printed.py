"""A question as one variant prints it: its number, lettered choices, numbered rows, lettered options.

Question types build these in `QuestionType.arrange`; the variant, the sheets, the
self-check page, practice, grading and scanning read them. Frozen plain data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quizgen.types.fields import Claim, Excerpt


@dataclass(frozen=True)
class PrintedChoice:
    """A choice with the letter it got on this sheet; `original` is its index in the bank."""

    letter: str
    original: int
    choice: Any  # quizgen.types.choices.Choice


@dataclass(frozen=True)
class Row:
    """A matching row or a classification item, as printed: `answers` are the accepted
    letters (matching, the keyed one first) or category ids (classification)."""

    number: int
    original: int
    excerpt: Excerpt
    answers: tuple[str, ...]
    explanation: dict[str, str] | None = None
    claim: Claim | None = None


@dataclass(frozen=True)
class Arrangement:
    """What a type draws for one sheet: choice order, row order and the lettered options."""

    choices: tuple[PrintedChoice, ...] = ()
    rows: tuple[Row, ...] = ()
    options: tuple[tuple[str, str], ...] = ()  # (letter, technique id) or (letter, category id)


@dataclass(frozen=True)
class PrintedQuestion:
    number: int
    question: Any  # one of the registry's models (quizgen.types.Question)
    choices: tuple[PrintedChoice, ...] = ()
    rows: tuple[Row, ...] = ()
    options: tuple[tuple[str, str], ...] = ()
    #: The correct answer as the manifest records it (letters, true/false, row → letter or category).
    correct: Any = None

    def letter_of(self, option: str) -> str:
        """The letter printed for an option id (technique or category)."""
        return next(letter for letter, ident in self.options if ident == option)

    def option_of(self, letter: str) -> str | None:
        return next((ident for printed, ident in self.options if printed == letter), None)
