"""Questions that must not share a sheet, because one can give the other away.

A reviewer calls it a give-away when what one question prints (its excerpt, prompt or
choices) or keys answers another question on the same sheet: the same §6 clause keyed
Exaggeration in two items, a short answer that says a claim « était exacte » beside the
claim-classification row asking whether it is outdated. That happens when two questions
work on the same words of the article, so the rule is computed from what grounding
already knows, never hand-listed:

* **the same claim**: both use one ledger claim (`claims:`, or a claim-classification row's
  `claim:`): its verdict is what both test, so the answer to one is the answer to the other;
* **overlapping excerpts**: an excerpt of each (the question's own, its pairs' or rows', and
  those of the claims it uses) lies in the same paragraph and their character spans overlap:
  the same words are printed twice, with two questions' worth of comment on them.

Two excerpts from *different* sentences of one paragraph do not count: a paragraph of an
opinion piece makes several points (a fact, then a judgement on it), and keeping whole
paragraphs apart would pair off most of a bank (the bundled bank: 375 pairs in one
paragraph, 186 overlapping, 105 of them on a shared claim) without catching more
give-aways. Sharing a technique or a skill is not an overlap either: that is what a
sheet is meant to practise.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from quizgen.bank.article import fold_spaces, searchable
from quizgen.bank.checks import excerpts_of
from quizgen.bank.workspace import Bank
from quizgen.types import Question, type_of
from quizgen.types.fields import Excerpt

Span = tuple[int, int, int]  # paragraph number, start, end (in the paragraph, spaces folded)


@dataclass(frozen=True)
class Footprint:
    """What of the article a question works on: the claims it uses and where its excerpts are."""

    claims: frozenset[str]
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Overlap:
    """Two questions (in the order of the pool drawn from) that should not share a sheet, and what they share."""

    first: str
    second: str
    shared: tuple[str, ...]  # "claim C4", "§10": claims first, then paragraphs, each once


def footprint(question: Question, bank: Bank) -> Footprint:
    claims = type_of(question).claims(question)
    excerpts = [excerpt for excerpt, _ in excerpts_of(question)]
    excerpts += [bank.claims[cid].excerpt for cid in claims if cid in bank.claims]
    paragraphs = searchable(tuple(bank.article.paragraphs)).folded
    return Footprint(frozenset(claims), tuple(span for excerpt in excerpts for span in _spans(excerpt, paragraphs)))


def _spans(excerpt: Excerpt, paragraphs: Sequence[str]) -> Iterator[Span]:
    """Where `excerpt` is in its grounded paragraph, each time it is there (none if it was not grounded:
    a bank with such an excerpt fails its checks before any draw)."""
    if excerpt.paragraph is None or not 1 <= excerpt.paragraph <= len(paragraphs):
        return
    text, words = paragraphs[excerpt.paragraph - 1], fold_spaces(excerpt.text)
    start = text.find(words) if words else -1
    while start >= 0:
        yield excerpt.paragraph, start, start + len(words)
        start = text.find(words, start + 1)


def shared(a: Footprint, b: Footprint) -> tuple[str, ...]:
    """What two footprints share (empty: the two questions may share a sheet)."""
    claims = [f"claim {cid}" for cid in sorted(a.claims & b.claims)]
    paragraphs = sorted({x[0] for x in a.spans for y in b.spans if x[0] == y[0] and x[1] < y[2] and y[1] < x[2]})
    return (*claims, *(f"§{number}" for number in paragraphs))


@dataclass(frozen=True)
class Apart:
    """The overlaps among some questions of a bank, computed once for a draw (`Apart.of`)."""

    questions: tuple[Question, ...]
    overlaps: Mapping[frozenset[str], tuple[str, ...]]  # {a, b} → what they share
    neighbours: Mapping[str, frozenset[str]]  # id → the ids it overlaps

    @classmethod
    def of(cls, questions: Iterable[Question], bank: Bank) -> Apart:
        questions = tuple(questions)
        prints = {q.id: footprint(q, bank) for q in questions}
        overlaps = {frozenset((a.id, b.id)): what for a, b in itertools.combinations(questions, 2)
                    if (what := shared(prints[a.id], prints[b.id]))}
        neighbours = {q.id: frozenset(other for pair in overlaps if q.id in pair for other in pair - {q.id})
                      for q in questions}
        return cls(questions, MappingProxyType(overlaps), MappingProxyType(neighbours))

    def clashes(self, question: Question, chosen: Iterable[Question]) -> int:
        """How many of `chosen` `question` overlaps."""
        near = self.neighbours.get(question.id, frozenset())
        return sum(1 for other in chosen if other.id in near)

    def among(self, chosen: Iterable[Question]) -> tuple[Overlap, ...]:
        """The overlapping pairs within `chosen`, in the order of `self.questions`."""
        ids = {q.id for q in chosen}
        on_sheet = [q.id for q in self.questions if q.id in ids]
        return tuple(Overlap(a, b, self.overlaps[frozenset((a, b))])
                     for a, b in itertools.combinations(on_sheet, 2) if b in self.neighbours[a])

    @property
    def pairs(self) -> tuple[Overlap, ...]:
        return self.among(self.questions)
