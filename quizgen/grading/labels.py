"""How the grading outputs print their words and numbers (the words are `report.*` in quizgen.core.labels).

French strings carry their own typography: no-break space (U+00A0) before « : ; ? ! » and inside « »,
typographic apostrophe. `number(value, language)` writes decimals with a comma in French.
"""

from __future__ import annotations

from collections.abc import Mapping

from quizgen.core.labels import label as catalogue_label
from quizgen.grading.confusion import NO_ANSWER, OTHER, Reading
from quizgen.grading.statistics import GroupReading

NB = "\u00a0"


def label(language: str, key: str, **values: object) -> str:
    """The report's string `key` (`report.KEY` in the catalogue), filled in and typeset."""
    return catalogue_label(language, f"report.{key}", **values)


def number(value: float, language: str, decimals: int = 2) -> str:
    """A decimal as the language writes it: 12,5 in French, 12.5 in English (trailing zeros kept)."""
    text = f"{value:.{decimals}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]  # no "-0,00"
    return text.replace(".", ",") if language == "fr" else text


def percent(value: float, language: str) -> str:
    return f"{round(value * 100)}{NB if language == 'fr' else ''}%"


def column_name(key: str, language: str, names: Mapping[str, str]) -> str:
    """A confusion-matrix column's name: the technique/category label, or blank/other."""
    if key == NO_ANSWER:
        return label(language, "no_answer_column")
    if key == OTHER:
        return label(language, "other_column")
    return names.get(key, key)


def reading_text(reading: Reading, language: str, names: Mapping[str, str]) -> str:
    """The reading as one sentence (first letter capitalised), names of techniques/verdicts from `names`."""
    subjects = [names.get(s, s) for s in reading.subjects]
    text = label(language, f"reading.{reading.kind}", a=subjects[0], b=subjects[-1],
                 count=reading.count, total=reading.total)
    return text[:1].upper() + text[1:] + "."


def group_reading_text(reading: GroupReading | None, language: str, names: Mapping[str, str]) -> str:
    """The by-skill or by-technique table in one sentence ("" when there is nothing to compare)."""
    if reading is None:
        return ""
    weak, strong = reading.weakest, reading.strongest
    text = label(language, "group_reading", weak=names.get(weak.key, weak.key),
                 strong=names.get(strong.key, strong.key), weak_share=percent(weak.facility, language),
                 strong_share=percent(strong.facility, language))
    return text[:1].upper() + text[1:] + "."
