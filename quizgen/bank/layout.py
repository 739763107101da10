"""Warnings about bank text that prints badly: a word longer than a printed line.

Sheets break such a word anywhere (`overflow-wrap: anywhere` in style.css) rather than let it
run off the page, but a word cut in three is rarely what the author meant (a missing space, a
pasted token). `quizgen check` prints these as warnings; they never fail a check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from quizgen.bank.workspace import Bank, Location
from quizgen.core.problems import Problem
from quizgen.core.typography import LONGEST_WORD

#: Identifiers, web addresses and dates: printed small, or allowed to break.
_NOT_PROSE = {"id", "url", "date", "technique", "techniques", "claims", "claim", "category", "also_accept",
              "distractors", "type", "skill"}
_WORD = re.compile(r"\S{" + str(LONGEST_WORD + 1) + ",}")


def long_words(bank: Bank) -> list[Problem]:
    """One warning per text holding a word longer than LONGEST_WORD characters (web addresses apart)."""
    found: list[Problem] = []
    places: list[tuple[Location, Any]] = [(bank.locations[f"question:{q.id}"], q) for q in bank.questions]
    places += [(bank.locations[f"claim:{cid}"], claim) for cid, claim in bank.claims.items()]
    for location, model in places:
        for path, text in _texts(model, ()):
            word = next((w for w in _WORD.findall(text) if "://" not in w and not w.startswith("www.")), None)
            if word is not None:
                shown = word if len(word) <= 30 else word[:29] + "…"
                found.append(location.problem(
                    f"a word of {len(word)} characters (« {shown} ») is longer than a printed line ({LONGEST_WORD}); "
                    "the sheet will cut it across lines. Add the missing spaces, or shorten it.", *path))
    return found


def _texts(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in _NOT_PROSE:
                yield from _texts(getattr(value, name), (*path, name))
    elif isinstance(value, dict):
        for text in value.values():
            yield from _texts(text, path)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))
    elif isinstance(value, str):
        yield path, value
