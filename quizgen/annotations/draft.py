"""`quizgen annotations import`: annotated excerpts as candidate questions for the teacher to edit.

The draft is a `kind: questions` file for the bank in which every line is a comment ("# "), so it
changes nothing until the teacher chooses: uncommented whole (the first "# " of each line removed)
it is valid YAML and passes `quizgen check`, its notes staying comments. It holds one matching
question whose pairs are the annotated excerpts and one classification question whose items are the
same excerpts with their technique as category (its definition from the glossary as the row's
explanation). An excerpt annotated with several techniques, or a merged SemEval-2020 class, becomes
one pair: the first technique, the others in also_accept. Every excerpt says where it comes from (§,
characters or article line, label).
"""

from __future__ import annotations

from dataclasses import dataclass

from quizgen.annotations.corpus import SPANS, Annotation, Annotations
from quizgen.bank.new import quoted_scalar
from quizgen.bank.workspace import Bank
from quizgen.core.labels import words

MAX_ROWS = 26  # a sheet letters at most A–Z


@dataclass(frozen=True)
class Candidate:
    """One excerpt of the draft with every technique the annotators gave it."""

    excerpt: str
    paragraph: int
    techniques: tuple[str, ...]
    origins: tuple[str, ...]  # "chars 12–40 Loaded_Language" or "line 4 Doubt"


def candidates(annotations: Annotations) -> list[Candidate]:
    """The annotated excerpts, each once (in the order of the article), with their techniques merged."""
    merged: dict[str, Candidate] = {}
    for item in sorted(annotations.items, key=lambda a: (a.start, a.end, a.line)):
        key = " ".join(item.excerpt.split())
        origin = _origin(item, annotations.format)
        old = merged.get(key)
        if old is None:
            merged[key] = Candidate(key, item.paragraph, item.techniques, (origin,))
        else:
            techniques = old.techniques + tuple(t for t in item.techniques if t not in old.techniques)
            merged[key] = Candidate(key, old.paragraph, techniques, (*old.origins, origin))
    return list(merged.values())


def _origin(item: Annotation, fmt: str) -> str:
    where = f"chars {item.start}–{item.end}" if fmt == SPANS else f"article line {item.article_line}"
    return f"{where} {item.label}" + (" (cut at the end of §)" if item.cut else "")


def draft(bank: Bank, annotations: Annotations, source_name: str) -> str:
    """The commented YAML text of the draft (see the module doc)."""
    w = _Words(bank.language)
    found = candidates(annotations)[:MAX_ROWS]
    used = list(dict.fromkeys(t for c in found for t in c.techniques[:1]))
    distractor = [t for t in bank.glossary if t not in used][:1] if len(used) < 2 else []
    taken = {q.id for q in bank.questions}
    matching_id = _free(f"annotated-{annotations.article_id}-matching", taken)
    classification_id = _free(f"annotated-{annotations.article_id}-classification", taken)
    lines = [
        f"# {w('header', source=source_name, article=annotations.article_id, bank=bank.id, count=str(len(found)))}",
        f"# {w('how')}",
        f"# {w('merged')}",
        "#",
        "kind: questions",
        f"bank: {bank.id}",
        "questions:",
        f"  # {w('matching_note')}",
        f"  - id: {matching_id}",
        "    type: matching",
        "    skill: identify-technique",
        "    difficulty: 2",
        f"    points: {max(2, min(len(found), 100))}",
        f"    prompt: {quoted_scalar(w('matching_prompt'))}",
        "    pairs:",
    ]
    for candidate in found:
        lines += [f"      - excerpt: {quoted_scalar(candidate.excerpt)}    # §{candidate.paragraph}, "
                  + "; ".join(candidate.origins),
                  f"        technique: {candidate.techniques[0]}"]
        if len(candidate.techniques) > 1:
            lines.append(f"        also_accept: [{', '.join(candidate.techniques[1:])}]")
    if distractor:
        lines.append(f"    distractors: [{distractor[0]}]")
    lines += [
        f"    explanation: {quoted_scalar(w('explanation'))}",
        "",
        f"  # {w('classification_note')}",
        f"  - id: {classification_id}",
        "    type: claim-classification",
        "    skill: identify-technique",
        "    difficulty: 2",
        f"    points: {max(2, min(len(found), 100))}",
        f"    prompt: {quoted_scalar(w('classification_prompt'))}",
        "    categories:",
    ]
    for technique in [*used, *distractor]:
        lines.append(f"      - {{id: {technique}, label: {quoted_scalar(_name(bank, technique))}}}")
    lines.append("    items:")
    for candidate in found:
        technique = candidate.techniques[0]
        lines += [f"      - excerpt: {quoted_scalar(candidate.excerpt)}    # §{candidate.paragraph}",
                  f"        category: {technique}",
                  f"        explanation: {quoted_scalar(_definition(bank, technique))}"]
    lines += [f"    explanation: {quoted_scalar(w('explanation'))}", ""]
    return "\n".join(f"# {line}" if line else "#" for line in lines) + "\n"


@dataclass(frozen=True)
class _Words:
    language: str

    def __call__(self, key: str, **values: str) -> str:
        return words(self.language, f"annotations.draft_{key}", **values)


def _free(wanted: str, taken: set[str]) -> str:
    candidate, number = wanted, 1
    while candidate in taken:
        number += 1
        candidate = f"{wanted}-{number}"
    return candidate


def _text(bank: Bank, text: dict[str, str]) -> str:
    return text.get(bank.language) or text.get("*") or next(iter(text.values()))


def _name(bank: Bank, technique: str) -> str:
    return _text(bank, bank.glossary[technique].name)


def _definition(bank: Bank, technique: str) -> str:
    return f"{_name(bank, technique)}: {_text(bank, bank.glossary[technique].definition)}"
