"""The bank format, declared once: pydantic models for every kind of file.

The same models validate hand-written YAML, generate the JSON Schema that
editors use, and carry the data through the rest of the pipeline.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

LANGUAGES = ("fr", "en")
PLAIN = "*"  # key under which a plain (not per-language) text is stored

SKILLS = ("identify-technique", "verify-claim", "evaluate-source", "fact-or-opinion")
QUESTION_TYPES = (
    "single-choice",
    "multiple-select",
    "true-false",
    "matching",
    "short-answer",
    "claim-classification",
)
VERDICTS = ("accurate", "inaccurate", "misleading", "unverifiable", "contested", "outdated", "opinion")
# Verdicts that state a fact about the world and so must cite a source.
SOURCED_VERDICTS = ("accurate", "inaccurate", "misleading", "contested", "outdated")
TECHNIQUE_CATEGORIES = (
    "attack-on-reputation",
    "justification",
    "simplification",
    "distraction",
    "call",
    "manipulative-wording",
)


def _text(value: Any) -> dict[str, str]:
    if isinstance(value, str):
        if not value.strip():
            raise PydanticCustomError("empty_text", "the text is empty; write something or remove the field.")
        return {PLAIN: value}
    if isinstance(value, dict) and value:
        unknown = [key for key in value if key not in LANGUAGES]
        if unknown:
            raise PydanticCustomError(
                "text_language",
                "unknown language '{key}' in a translated text; use fr and en.",
                {"key": unknown[0]},
            )
        for key, item in value.items():
            if not isinstance(item, str) or not item.strip():
                raise PydanticCustomError(
                    "text_type", "the '{key}' text must be non-empty text.", {"key": key}
                )
        return dict(value)
    raise PydanticCustomError("text_type", "expected text (or fr:/en: translations).")


_TEXT_SCHEMA = {
    "anyOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "properties": {lang: {"type": "string", "minLength": 1} for lang in LANGUAGES},
            "additionalProperties": False,
            "minProperties": 1,
        },
    ]
}

#: A text a teacher writes: a plain string, or {fr: …, en: …}.
Text = Annotated[dict[str, str], BeforeValidator(_text), WithJsonSchema(_TEXT_SCHEMA)]
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=80)]
def _year(value: Any) -> Any:
    """`date: 2019` is read by YAML as a number; a bare year is a valid date, so accept it."""
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return str(value)
    return value


Date = Annotated[str, BeforeValidator(_year), StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
Difficulty = Annotated[int, Field(ge=1, le=3)]
Points = Annotated[int, Field(ge=1, le=100)]
Lines = Annotated[int, Field(ge=0, le=30)]


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", validate_default=False)


class Source(Strict):
    """A reference that backs a factual verdict."""

    title: Text
    publisher: str
    date: Date
    url: Url | None = None


def _excerpt(value: Any) -> Any:
    text = value.get("text") if isinstance(value, dict) else value
    if isinstance(text, str) and not text.strip():
        raise PydanticCustomError("empty_excerpt", "the excerpt is empty; copy a passage of the article, or remove it.")
    return {"text": value} if isinstance(value, str) else value


class Excerpt(Strict):
    """A short quotation of the article; `paragraph` is checked, or found when omitted."""

    text: Annotated[str, StringConstraints(min_length=1)]
    paragraph: Annotated[int, Field(ge=1)] | None = None


ExcerptField = Annotated[
    Excerpt,
    BeforeValidator(_excerpt),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "properties": {
                        "text": {"type": "string", "minLength": 1},
                        "paragraph": {"type": "integer", "minimum": 1},
                    },
                    "required": ["text"],
                    "additionalProperties": False,
                },
            ]
        }
    ),
]


class Choice(Strict):
    text: Text
    correct: bool = False
    why_wrong: Text | None = None
    pinned: bool = False


class RubricLine(Strict):
    points: Points
    criterion: Text


class MatchingPair(Strict):
    excerpt: ExcerptField
    technique: Id
    also_accept: list[Id] = []


class Category(Strict):
    id: Id
    label: Text


class ClassificationItem(Strict):
    """Either a claim of the ledger (`claim:`), or an excerpt with its `category:`."""

    claim: Id | None = None
    excerpt: ExcerptField | None = None
    category: Id | None = None
    explanation: Text | None = None


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
    # Quotations in the prompt or choices that are NOT the article's words (a title, a glossary
    # example, a source's words), written as between the quote marks; the others must be in the
    # article (quizgen.bank.quotes).
    quotes_elsewhere: list[Annotated[str, StringConstraints(min_length=1)]] = []


class SingleChoice(QuestionBase):
    type: Literal["single-choice"]
    choices: Annotated[list[Choice], Field(min_length=2)]


class MultipleSelect(QuestionBase):
    type: Literal["multiple-select"]
    choices: Annotated[list[Choice], Field(min_length=2)]


class TrueFalse(QuestionBase):
    type: Literal["true-false"]
    answer: bool
    justify_lines: Lines = 3


class Matching(QuestionBase):
    type: Literal["matching"]
    pairs: Annotated[list[MatchingPair], Field(min_length=2)]
    distractors: list[Id] = []


class ShortAnswer(QuestionBase):
    type: Literal["short-answer"]
    model_answer: Text
    rubric: Annotated[list[RubricLine], Field(min_length=1)]
    lines: Lines = 5


class ClaimClassification(QuestionBase):
    type: Literal["claim-classification"]
    items: Annotated[list[ClassificationItem], Field(min_length=2)]
    categories: list[Category] | None = None

    def custom_label(self, category: str) -> dict[str, str] | None:
        """The bank's own label for a category, if this question gives one (else the standard label is used)."""
        return next((custom.label for custom in self.categories or [] if custom.id == category), None)


Question = Annotated[
    SingleChoice | MultipleSelect | TrueFalse | Matching | ShortAnswer | ClaimClassification,
    Field(discriminator="type"),
]


class Claim(Strict):
    """One checkable claim of the article, with its verdict and the sources behind it."""

    id: Id
    excerpt: ExcerptField
    summary: Text | None = None
    verdict: Literal[VERDICTS]  # type: ignore[valid-type]
    explanation: Text
    checked_on: Date | None = None
    sources: list[Source] = []


class Preset(Strict):
    """A named selection a teacher prints directly (`quizgen build --preset ID`)."""

    id: Id
    title: Text
    description: Text | None = None
    minutes: Annotated[int, Field(ge=1, le=600)] | None = None
    count: Annotated[int, Field(ge=1)] | None = None
    questions: list[Id] | None = None
    skills: list[Literal[SKILLS]] = []  # type: ignore[valid-type]
    types: list[Literal[QUESTION_TYPES]] = []  # type: ignore[valid-type]
    techniques: list[Id] = []
    difficulty: list[Difficulty] = []


class BankFile(Strict):
    kind: Literal["bank"]
    id: Id
    title: Text
    language: Literal[LANGUAGES]  # type: ignore[valid-type]
    article: str
    instructions: Text | None = None
    claims: list[Claim] = []
    presets: list[Preset] = []
    questions: list[Question] = []


class QuestionsFile(Strict):
    """More claims and questions for a bank declared in another file (keeps big banks readable)."""

    kind: Literal["questions"]
    bank: Id
    claims: list[Claim] = []
    questions: list[Question] = []


class Technique(Strict):
    id: Id
    category: Literal[TECHNIQUE_CATEGORIES]  # type: ignore[valid-type]
    name: Text
    definition: Text
    example: Text


class GlossaryFile(Strict):
    kind: Literal["glossary"]
    techniques: list[Technique]


class ArticleFile(Strict):
    """Metadata of an article; its text is a UTF-8 file beside it (one paragraph per line).

    author, publisher, date and url are required keys: write `null` when unknown, so
    the bank says openly what a reader cannot know about the source.
    """

    kind: Literal["article"]
    id: Id
    title: str
    language: Literal[LANGUAGES]  # type: ignore[valid-type]
    author: str | None
    publisher: str | None
    date: Date | None
    url: Url | None
    note: Text | None = None
    text: str


AnyFile = Annotated[
    BankFile | QuestionsFile | GlossaryFile | ArticleFile, Field(discriminator="kind")
]
FILE_MODELS: dict[str, type[Strict]] = {
    "bank": BankFile,
    "questions": QuestionsFile,
    "glossary": GlossaryFile,
    "article": ArticleFile,
}
