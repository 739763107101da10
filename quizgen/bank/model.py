"""The bank format, declared once: the kinds of file a workspace holds (bank, questions, glossary, article).

The same models validate hand-written YAML, generate the JSON Schema that editors use, and
carry the data through the rest of the pipeline. Question models live with their type in
`quizgen/types/`; the building blocks (texts, excerpts, sources, claims) in `fields.py`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, create_model

from quizgen.bank.article import LAYOUTS
from quizgen.types import NAMES, TYPES, Question
from quizgen.types.fields import (
    LANGUAGES,
    SKILLS,
    Claim,
    Date,
    Difficulty,
    Filled,
    Id,
    Items,
    Strict,
    Technique,
    Text,
    Url,
)

#: `scoring:` in bank.yaml: for each type that has a choice, which scoring policy the bank uses.
Scoring = create_model(  # type: ignore[call-overload]
    "Scoring",
    __base__=Strict,
    __doc__="How each question type is scored, for types that offer a choice (the first value is the default).",
    **{kind.name: (Literal[kind.policies] | None, None) for kind in TYPES.values() if kind.policies},  # type: ignore[valid-type]
)


class Preset(Strict):
    """A named selection a teacher prints directly (`quizgen build --preset ID`)."""

    id: Id
    title: Text
    description: Text | None = None
    minutes: Annotated[int, Field(ge=1, le=600)] | None = None
    count: Annotated[int, Field(ge=1)] | None = None
    questions: Items[Id] | None = None
    skills: Items[Literal[SKILLS]] = ()  # type: ignore[valid-type]
    types: Items[Literal[NAMES]] = ()  # type: ignore[valid-type]
    techniques: Items[Id] = ()
    difficulty: Items[Difficulty] = ()


class BankFile(Strict):
    kind: Literal["bank"]
    id: Id
    title: Text
    language: Literal[LANGUAGES]  # type: ignore[valid-type]
    article: str
    #: For the printed worksheet ("Répondez directement sur la fiche…").
    instructions: Text | None = None
    #: For the self-check page and practice (default: a label saying how the page works).
    self_check_instructions: Text | None = None
    #: For the question booklet of `build --answer-sheet`, read by several classes (default: `instructions`).
    booklet_instructions: Text | None = None
    scoring: Scoring | None = None  # type: ignore[valid-type]
    claims: Items[Claim] = ()
    presets: Items[Preset] = ()
    questions: Items[Question] = ()


class QuestionsFile(Strict):
    """More claims and questions for a bank declared in another file (keeps big banks readable)."""

    kind: Literal["questions"]
    bank: Id
    claims: Items[Claim] = ()
    questions: Items[Question] = ()


class GlossaryFile(Strict):
    kind: Literal["glossary"]
    techniques: Items[Technique]


class ArticleFile(Strict):
    """Metadata of an article; its text is a UTF-8 file beside it (one paragraph per line, or
    paragraphs separated by blank lines with `paragraphs: blank-lines`).

    author, publisher, date and url are required keys: write `null` when unknown, so
    the bank says openly what a reader cannot know about the source.
    """

    kind: Literal["article"]
    id: Id
    title: Filled
    language: Literal[LANGUAGES]  # type: ignore[valid-type]
    author: str | None
    publisher: str | None
    date: Date | None
    url: Url | None
    note: Text | None = None
    text: str
    #: The text file is kept as published (annotation files point into it by character offset),
    #: so how it separates paragraphs is said here rather than by re-flowing it.
    paragraphs: Literal[LAYOUTS] = "lines"  # type: ignore[valid-type]


AnyFile = Annotated[
    BankFile | QuestionsFile | GlossaryFile | ArticleFile, Field(discriminator="kind")
]
FILE_MODELS: dict[str, type[Strict]] = {
    "bank": BankFile,
    "questions": QuestionsFile,
    "glossary": GlossaryFile,
    "article": ArticleFile,
}
