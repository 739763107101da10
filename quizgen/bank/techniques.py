"""The glossary's techniques for people: `quizgen techniques` and the table in docs/bank-format.md."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from quizgen.types.corpus_labels import OLD_LABELS
from quizgen.types.fields import PLAIN, TECHNIQUE_CATEGORIES, Technique


@dataclass(frozen=True)
class TechniqueRow:
    id: str
    french: str
    english: str
    category: str
    #: The SemEval-2020 / PTC labels that map to this id (quizgen.types.corpus_labels).
    old_labels: tuple[str, ...]


def technique_rows(glossary: Mapping[str, Technique]) -> list[TechniqueRow]:
    """One row per technique, by category (in the glossary's category order), then as the glossary lists them."""
    def name(technique: Technique, language: str) -> str:
        return technique.name.get(language) or technique.name.get(PLAIN) or next(iter(technique.name.values()))

    rows = [TechniqueRow(t.id, name(t, "fr"), name(t, "en"), t.category,
                         tuple(label for label, ids in OLD_LABELS.items() if t.id in ids))
            for t in glossary.values()]
    return sorted(rows, key=lambda row: TECHNIQUE_CATEGORIES.index(row.category))
