"""A bank's export as a writer receives it, and what a writer gives back.

The items themselves (`Text`, `ChoiceItem`, `MatchItem`…) are built by each question type's
`lms_items` and live below the types, in `quizgen.types.lms_items`.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizgen.types.lms_items import DescriptionItem, Item, Text


@dataclass(frozen=True)
class Export:
    """A bank's selection, ready for a writer."""

    bank_id: str
    title: str
    language: str
    category: tuple[str, ...]  # the bank's category path; items sit in sub-categories
    category_info: Text  # title, article metadata: shown in the LMS question bank
    article: DescriptionItem  # the article for students, numbered paragraphs
    items: tuple[Item, ...]
    notes: tuple[tuple[str, str], ...] = ()  # (question id, what the mapping dropped or changed)


@dataclass(frozen=True)
class Written:
    """A writer's output: the file's bytes and, per question, what the format could not carry."""

    data: bytes
    losses: tuple[tuple[str, str], ...]  # (question id, what was dropped or approximated)
    media_type: str
    suffix: str
