"""How far a bank's technique labels agree with expert annotations of its article.

The units on the bank's side are its labels: each distinct (technique, excerpt) a question shows
(`labelled_excerpts` of its type: the question's techniques on its excerpts, a matching pair's
technique and its also_accept). An annotation *covers* an excerpt when their stretches of the
article overlap by at least one character (a paragraph annotation covers every excerpt of its
paragraph). Then:

* a bank label is **confirmed** when an annotation covering its excerpt carries the same
  technique, **contradicted** when annotations cover it with other techniques only, **unannotated**
  when none covers it;
* an annotation is **used** when a bank label with one of its techniques covers it, **used
  otherwise** when bank labels cover it with other techniques only, **unused** when none does.

agreement = confirmed / bank labels: the share of the bank's labels the annotators confirm.
coverage = used / annotations: the share of the annotations the bank teaches with the same
technique. Per technique, an annotation of a merged SemEval-2020 class counts under each
technique it merges; the overall figures count it once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from quizgen.annotations.corpus import Annotation, Annotations
from quizgen.bank.article import paragraph_spans
from quizgen.bank.workspace import Bank
from quizgen.types import type_of

CONFIRMED, CONTRADICTED, UNANNOTATED = "confirmed", "contradicted", "unannotated"
USED, USED_OTHERWISE, UNUSED = "used", "used_otherwise", "unused"


@dataclass(frozen=True)
class Label:
    """A technique the bank gives an excerpt, and where that excerpt is in the article's text."""

    technique: str
    question: str
    excerpt: str
    paragraph: int
    start: int
    end: int


@dataclass(frozen=True)
class Verdict:
    status: str
    label: Label
    annotated: tuple[str, ...]  # the techniques of the annotations that cover it


@dataclass(frozen=True)
class Use:
    status: str
    annotation: Annotation
    taught: tuple[str, ...]  # the techniques of the bank labels that cover it


@dataclass(frozen=True)
class Tally:
    """Per technique: the bank's labels by verdict and the annotations by use."""

    labels: dict[str, int] = field(default_factory=lambda: dict.fromkeys((CONFIRMED, CONTRADICTED, UNANNOTATED), 0))
    annotations: dict[str, int] = field(default_factory=lambda: dict.fromkeys((USED, USED_OTHERWISE, UNUSED), 0))


@dataclass(frozen=True)
class Comparison:
    bank: str
    annotations: Annotations
    verdicts: tuple[Verdict, ...]
    uses: tuple[Use, ...]

    def count(self, status: str) -> int:
        statuses: list[str] = [verdict.status for verdict in self.verdicts] + [use.status for use in self.uses]
        return statuses.count(status)

    @property
    def agreement(self) -> float | None:
        return self.count(CONFIRMED) / len(self.verdicts) if self.verdicts else None

    @property
    def coverage(self) -> float | None:
        return self.count(USED) / len(self.uses) if self.uses else None

    def by_technique(self) -> dict[str, Tally]:
        tallies: dict[str, Tally] = {}
        for verdict in self.verdicts:
            tallies.setdefault(verdict.label.technique, Tally()).labels[verdict.status] += 1
        for use in self.uses:
            for technique in use.annotation.techniques:
                tallies.setdefault(technique, Tally()).annotations[use.status] += 1
        return dict(sorted(tallies.items()))

    def as_json(self) -> dict[str, object]:
        def rate(value: float | None) -> float | None:
            return None if value is None else round(value, 4)

        return {
            "bank": self.bank,
            "annotations": {"path": self.annotations.path, "format": self.annotations.format,
                            "article": self.annotations.article_id},
            "agreement": {"rate": rate(self.agreement), "labels": len(self.verdicts),
                          **{status: self.count(status) for status in (CONFIRMED, CONTRADICTED, UNANNOTATED)}},
            "coverage": {"rate": rate(self.coverage), "annotations": len(self.uses),
                         **{status: self.count(status) for status in (USED, USED_OTHERWISE, UNUSED)}},
            "techniques": {tid: {"labels": tally.labels, "annotations": tally.annotations}
                           for tid, tally in self.by_technique().items()},
            "labels": [{"status": v.status, "technique": v.label.technique, "question": v.label.question,
                        "paragraph": v.label.paragraph, "excerpt": v.label.excerpt, "annotated": list(v.annotated)}
                       for v in self.verdicts],
            "unused": [{"techniques": list(u.annotation.techniques), "label": u.annotation.label,
                        "paragraph": u.annotation.paragraph, "start": u.annotation.start, "end": u.annotation.end,
                        "excerpt": u.annotation.excerpt, "line": u.annotation.line}
                       for u in self.uses if u.status == UNUSED],
        }


def compare(bank: Bank, annotations: Annotations) -> Comparison:
    labels = bank_labels(bank)
    verdicts = []
    for label in labels:
        covering = {t for a in annotations.items if _overlap(label, a) for t in a.techniques}
        status = CONFIRMED if label.technique in covering else CONTRADICTED if covering else UNANNOTATED
        verdicts.append(Verdict(status, label, tuple(sorted(covering))))
    uses = []
    for annotation in annotations.items:
        taught = {label.technique for label in labels if _overlap(label, annotation)}
        status = USED if taught & set(annotation.techniques) else USED_OTHERWISE if taught else UNUSED
        uses.append(Use(status, annotation, tuple(sorted(taught))))
    return Comparison(bank.id, annotations, tuple(verdicts), tuple(uses))


def bank_labels(bank: Bank) -> list[Label]:
    """Every distinct (technique, excerpt) the bank's questions show, placed in the article's text."""
    spans = paragraph_spans(bank.article.source, bank.article.layout)
    found: dict[tuple[str, int, int], Label] = {}
    for question in bank.questions:
        for technique, excerpt in type_of(question).labelled_excerpts(question):
            if excerpt.paragraph is None:
                continue  # not in the article: `check` refuses such a bank
            low, high = spans[excerpt.paragraph - 1]
            where = _find(excerpt.text, bank.article.source[low:high])
            if where is None:
                continue
            start, end = low + where[0], low + where[1]
            found.setdefault((technique, start, end),
                             Label(technique, question.id, " ".join(excerpt.text.split()), excerpt.paragraph, start,
                                   end))
    return list(found.values())


_SPACE = r"[\s\u00a0\u202f\u2009]+"


def _find(excerpt: str, paragraph: str) -> tuple[int, int] | None:
    """Where `excerpt` is in `paragraph`, spaces matched loosely as `check` matches them."""
    words: Iterable[str] = re.split(_SPACE, excerpt.strip())
    found = re.search(_SPACE.join(re.escape(word) for word in words), paragraph)
    return (found.start(), found.end()) if found else None


def _overlap(label: Label, annotation: Annotation) -> bool:
    return label.start < annotation.end and annotation.start < label.end
