"""The building blocks of the bank format, shared by every question type and every file kind.

Models are frozen: once a bank is loaded, no later stage can change it (checks return
what they find instead of writing it into the model).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from quizgen.core.frozen import FrozenDict

LANGUAGES = ("fr", "en")
PLAIN = "*"  # key under which a plain (not per-language) text is stored

SKILLS = ("identify-technique", "verify-claim", "evaluate-source", "fact-or-opinion")
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

#: A text a teacher writes: a plain string, or {fr: …, en: …}. Stored as a FrozenDict: no later stage can change it.
Text = Annotated[dict[str, str], BeforeValidator(_text), AfterValidator(FrozenDict), WithJsonSchema(_TEXT_SCHEMA)]

T = TypeVar("T")


def _as_tuple(value: Any) -> Any:
    """A YAML list becomes a tuple, so no later stage can append to it; anything else is refused as a list
    would refuse it (the models are strict: a tuple field would not take a list otherwise)."""
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, tuple):
        return value
    raise PydanticCustomError("list_type", "Input should be a valid list")


#: Makes a bank file's list a tuple. A length constraint goes before it, as in
#: `Annotated[tuple[Choice, ...], Field(min_length=2), AS_TUPLE]`: after it, pydantic would
#: write the constraint into the JSON Schema as a string's `minLength` instead of `minItems`.
AS_TUPLE = BeforeValidator(_as_tuple)
#: A list in a bank file (`- ` items), kept as a tuple.
Items = Annotated[tuple[T, ...], AS_TUPLE]


def _filled(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise PydanticCustomError("empty_required", "it is empty.")
    return value


#: One required line of text that cannot be left empty (an article's title: every sheet prints it).
Filled = Annotated[str, BeforeValidator(_filled), WithJsonSchema({"type": "string", "pattern": r"\S"})]
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=80)]


def _year(value: Any) -> Any:
    """`date: 2019` is read by YAML as a number; a bare year is a valid date, so accept it."""
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return str(value)
    return value


DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
#: YYYY-MM-DD, YYYY-MM or YYYY. In the JSON Schema a bare year may also be a number: YAML reads it so.
Date = Annotated[str, BeforeValidator(_year), StringConstraints(pattern=DATE_PATTERN), WithJsonSchema({
    "anyOf": [{"type": "string", "pattern": DATE_PATTERN}, {"type": "integer", "minimum": 1000, "maximum": 9999}]})]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
Difficulty = Annotated[int, Field(ge=1, le=3)]
Points = Annotated[int, Field(ge=1, le=100)]
Lines = Annotated[int, Field(ge=0, le=30)]


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", validate_default=False, frozen=True)


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


class Claim(Strict):
    """One checkable claim of the article, with its verdict and the sources behind it."""

    id: Id
    excerpt: ExcerptField
    summary: Text | None = None
    verdict: Literal[VERDICTS]  # type: ignore[valid-type]
    explanation: Text
    checked_on: Date | None = None
    sources: Items[Source] = ()


class Technique(Strict):
    id: Id
    category: Literal[TECHNIQUE_CATEGORIES]  # type: ignore[valid-type]
    name: Text
    definition: Text
    example: Text
