"""What every question type has, and the interface each type module fills in.

A question type is one module of `quizgen/types/` holding, for that type: its model (a
`QuestionBase` subclass), its checks, how a variant prints it (`arrange`), its correct
answer as the manifest records it, its scoring table, its marking-grid summary, its
self-check data and its template partial (`templates/questions/<name>.html`). The rest
of quizgen asks the registry (`quizgen.types.type_of`) and never tests for a type.
"""

from __future__ import annotations

import random
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import StringConstraints

from quizgen.bank.fields import (
    SKILLS,
    Claim,
    Difficulty,
    Excerpt,
    ExcerptField,
    Id,
    Points,
    Source,
    Strict,
    Technique,
    Text,
)
from quizgen.core.problems import suggest
from quizgen.types.printed import Arrangement, PrintedQuestion
from quizgen.types.scoring import ScoringTable

if TYPE_CHECKING:
    from quizgen.core.labels import Texts

#: Letters of choices, techniques and categories on a sheet: a question cannot offer more options.
LETTERS = string.ascii_uppercase
PathKey = tuple[str | int, ...]


class QuestionBase(Strict):
    id: Id
    skill: Literal[SKILLS]  # type: ignore[valid-type]
    techniques: list[Id] = []
    claims: list[Id] = []
    difficulty: Difficulty
    points: Points = 1
    prompt: Text
    excerpts: list[ExcerptField] = []
    explanation: Text
    sources: list[Source] = []
    #: Quotations in the prompt or choices that are NOT the article's words (a title, a glossary
    #: example, a source's words), as written between the quote marks; every other quotation must
    #: be in the article (quizgen.bank.quotes). None rather than [] keeps the content hash (hence the
    #: variant codes) of banks that do not use it.
    quotes_elsewhere: list[Annotated[str, StringConstraints(min_length=1)]] | None = None


@dataclass(frozen=True)
class Finding:
    """A problem a type check found: the message and where in the question (a path below it)."""

    message: str
    at: PathKey = ()


@dataclass(frozen=True)
class BankView:
    """What a type may know of its bank: the glossary and the claim ledger (plain, read-only)."""

    glossary: Mapping[str, Technique]
    claims: Mapping[str, Claim]


class QuestionType:
    """The interface of a question type; each method has the behaviour most types want."""

    name: ClassVar[str]
    model: ClassVar[type[QuestionBase]]
    #: Scoring policies a bank may choose for this type (`scoring:` in bank.yaml); the first is the default.
    policies: ClassVar[tuple[str, ...]] = ()
    #: Lists of sub-blocks in this type's model and their model, for messages about unknown fields.
    containers: ClassVar[Mapping[str, type[Strict]]] = {}

    @property
    def template(self) -> str:
        return f"questions/{self.name}.html"

    # ---- reading and checking ----
    def check(self, question: Any, bank: BankView) -> list[Finding]:
        """Problems that only this type can have (answer keys, rubrics…)."""
        return []

    def extra_excerpts(self, question: Any) -> Iterator[tuple[Excerpt, PathKey]]:
        """Excerpts beyond `excerpts:` (pairs, items), with their path in the question, to ground."""
        return iter(())

    def techniques(self, question: Any) -> list[str]:
        """Every technique the question is about (for --technique and stats)."""
        return list(question.techniques)

    def labelled_excerpts(self, question: Any) -> Iterator[tuple[str, Excerpt]]:
        """(technique, excerpt) pairs the question shows: how many distinct excerpts teach a technique."""
        for technique in question.techniques:
            for excerpt in question.excerpts:
                yield technique, excerpt

    def claims(self, question: Any) -> list[str]:
        """Every ledger claim the question uses."""
        return list(question.claims)

    def options_count(self, question: Any) -> int:
        """How many lettered options the sheet prints (must fit in LETTERS)."""
        return 0

    # ---- a variant ----
    def arrange(self, question: Any, bank: BankView, rng: random.Random) -> Arrangement:
        """Draw this sheet's order of choices and rows. Types without order draw nothing."""
        return Arrangement()

    def correct(self, printed: PrintedQuestion) -> Any:
        """The correct answer as the manifest records it."""
        return None

    def manifest_extra(self, printed: PrintedQuestion) -> dict[str, Any]:
        return {}

    # ---- scoring ----
    def scoring(self, question: Any, bank: BankView, policy: str | None = None) -> ScoringTable:
        raise NotImplementedError

    def policy(self, chosen: Mapping[str, str] | None) -> str:
        """This type's policy in a bank's `scoring:` block, or its default."""
        if not self.policies:
            return ""
        return (chosen or {}).get(self.name, self.policies[0])

    # ---- sheets ----
    def key_summary(self, printed: PrintedQuestion, texts: Texts, compact: bool = False) -> str:
        """The answer in a few words for a marking grid (compact: a few characters)."""
        return texts.msg("rubric")

    # ---- LMS exports (quizgen.export) ----
    def lms_items(self, printed: PrintedQuestion, ctx: Any) -> tuple[Any, ...]:
        """The question as neutral export items (quizgen.export.items), built with the helpers of
        `ctx` (a quizgen.export.from_bank.Context): Moodle XML, GIFT and QTI are written from them."""
        raise NotImplementedError

    # ---- self-study ----
    def interaction(self, printed: PrintedQuestion, texts: Texts, bank: BankView) -> dict[str, Any]:
        """How the student answers on the self-check page and in practice, as plain data: one of the
        interactions `choice`, `truth`, `rows` or `open` with what it needs."""
        raise NotImplementedError


def unknown_technique(tid: str, bank: BankView) -> str:
    """The message for a technique id the glossary does not define."""
    return (f"unknown technique '{tid}'.{suggest(tid, sorted(bank.glossary))} "
            "Technique ids are listed in the glossary.")


def shuffle_unpinned(pinned: list[bool], rng: random.Random) -> list[int]:
    """Indices in a new order where pinned items keep their place."""
    free = [i for i, is_pinned in enumerate(pinned) if not is_pinned]
    shuffled = free[:]
    rng.shuffle(shuffled)
    slots = iter(shuffled)
    return [i if is_pinned else next(slots) for i, is_pinned in enumerate(pinned)]


def excerpt_data(texts: Texts, excerpt: Excerpt) -> dict[str, Any]:
    """An excerpt as plain data for the self-check page and practice."""
    return {"text": texts.quotation(excerpt.text), "paragraph": excerpt.paragraph}


def source_data(texts: Texts, source: Source) -> dict[str, Any]:
    """A source as plain data. Its title is cited as published (an English title stays English)."""
    return {"title": texts.quotation(texts.t_raw(source.title)), "publisher": source.publisher,
            "date": source.date, "url": source.url}
