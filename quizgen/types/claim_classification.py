"""Claim classification: one row per claim, one box per category (accurate, inaccurate…).

A row is a ledger claim (`claim:`, its verdict is the answer unless the item overrides it
with `category:` and an `explanation:`) or an excerpt with its `category:` and `explanation:`.
A bank may give its own categories (`categories:` with labels). Scoring policies
(`scoring: {claim-classification: …}`): per-row (default) or all-or-nothing.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from quizgen.core.problems import suggest
from quizgen.types.base import (
    LETTERS,
    AnswerSpace,
    BankView,
    Cell,
    Finding,
    PathKey,
    QuestionBase,
    QuestionType,
    Response,
    excerpt_data,
    read_row_cells,
    rows_given,
    source_data,
)
from quizgen.types.fields import AS_TUPLE, Excerpt, ExcerptField, Id, Items, Strict, Text
from quizgen.types.lms_items import EMPTY, Item, MatchItem, Stem, answer_label, inline
from quizgen.types.lms_items import Text as RichText
from quizgen.types.printed import Arrangement, PrintedQuestion, Row
from quizgen.types.scoring import ScoringTable, Slot

if TYPE_CHECKING:
    from quizgen.core.labels import Texts
    from quizgen.export.from_bank import Context

DEFAULT_CATEGORIES = ("accurate", "inaccurate", "misleading", "unverifiable")


class Category(Strict):
    id: Id
    label: Text


class ClassificationItem(Strict):
    """Either a claim of the ledger (`claim:`), or an excerpt with its `category:`."""

    claim: Id | None = None
    excerpt: ExcerptField | None = None
    category: Id | None = None
    explanation: Text | None = None


class ClaimClassification(QuestionBase):
    type: Literal["claim-classification"]
    items: Annotated[tuple[ClassificationItem, ...], Field(min_length=2), AS_TUPLE]
    categories: Items[Category] | None = None


class ClaimClassificationType(QuestionType):
    name = "claim-classification"
    model = ClaimClassification
    one_tick_per_line = True
    policies = ("per-row", "all-or-nothing")
    containers = {"items": ClassificationItem, "categories": Category}

    def categories(self, question: Any) -> list[str]:
        if question.categories:
            return [category.id for category in question.categories]
        return list(DEFAULT_CATEGORIES)

    def label(self, category: str, question: Any, texts: Texts) -> str:
        """The bank's own label for a category if this question gives one, else the standard one."""
        custom = next((c.label for c in question.categories or [] if c.id == category), None)
        return texts.t(custom) if custom else texts.msg(f"category.{category}")

    def check(self, question: Any, bank: BankView) -> list[Finding]:
        findings = []
        allowed = self.categories(question)
        if question.categories is not None:
            ids = [category.id for category in question.categories]
            if len(set(ids)) != len(ids):
                findings.append(Finding("two categories have the same id.", ("categories",)))
            if len(ids) < 2:
                findings.append(Finding("give at least two categories.", ("categories",)))
        for index, item in enumerate(question.items):
            where = ("items", index)
            if (item.claim is None) == (item.excerpt is None):
                findings.append(Finding("an item needs either claim: (a ledger id) or excerpt: (with category: and "
                                        "explanation:), not both.", where))
                continue
            if item.claim is not None:
                claim = bank.claims.get(item.claim)
                if claim is None:
                    findings.append(Finding(f"unknown claim '{item.claim}'.{suggest(item.claim, sorted(bank.claims))}",
                                            (*where, "claim")))
                    continue
                category = item.category or claim.verdict
                if item.category and item.explanation is None:
                    findings.append(Finding("an item that overrides its claim's verdict needs an explanation: "
                                            "saying why.", where))
            else:
                if item.category is None or item.explanation is None:
                    findings.append(Finding("an excerpt item needs category: and explanation:.", where))
                    continue
                category = item.category
            if category not in allowed:
                findings.append(Finding(f"category '{category}' is not one of this question's categories "
                                        f"({', '.join(allowed)}).{suggest(category, allowed)}", where))
        return findings

    def extra_excerpts(self, question: Any) -> Iterator[tuple[Excerpt, PathKey]]:
        for index, item in enumerate(question.items):
            if item.excerpt is not None and item.claim is None:
                yield item.excerpt, ("items", index, "excerpt")

    def claims(self, question: Any) -> list[str]:
        return [*question.claims, *(item.claim for item in question.items if item.claim)]

    def options_count(self, question: Any) -> int:
        return len(self.categories(question))

    def expected(self, item: ClassificationItem, bank: BankView) -> str:
        """The category a row must get: the item's own, or its claim's verdict."""
        return item.category or (bank.claims[item.claim].verdict if item.claim else "")

    def arrange(self, question: Any, bank: BankView, rng: random.Random) -> Arrangement:
        options = tuple((LETTERS[i], cid) for i, cid in enumerate(self.categories(question)))
        order = list(range(len(question.items)))
        rng.shuffle(order)
        rows = []
        for number, original in enumerate(order, 1):
            item = question.items[original]
            claim = bank.claims.get(item.claim) if item.claim else None
            excerpt = item.excerpt or (claim.excerpt if claim else None)
            assert excerpt is not None  # guaranteed by checks
            rows.append(Row(number, original, excerpt, (self.expected(item, bank),),
                            item.explanation or (claim.explanation if claim else None), claim))
        return Arrangement(rows=tuple(rows), options=options)

    def correct(self, printed: PrintedQuestion) -> Any:
        return {str(row.number): row.answers[0] for row in printed.rows}

    def scoring(self, question: Any, bank: BankView, policy: str | None = None) -> ScoringTable:
        policy = policy or self.policies[0]
        share = 1.0 / len(question.items)
        slots = tuple(Slot(f"row{index}", ((self.expected(item, bank), share),))
                      for index, item in enumerate(question.items))
        return ScoringTable(question.points, slots, all_or_nothing=policy == "all-or-nothing", policy=policy)

    def key_summary(self, printed: PrintedQuestion, texts: Texts, compact: bool = False) -> str:
        if compact:
            letter_of = {cid: letter for letter, cid in printed.options}
            return " ".join(letter_of[row.answers[0]] for row in printed.rows)
        return ", ".join(f"{row.number}\u202f→\u202f{self.label(row.answers[0], printed.question, texts)}"
                         for row in printed.rows)

    def interaction(self, printed: PrintedQuestion, texts: Texts, bank: BankView) -> dict[str, Any]:
        question = printed.question
        return {
            "interaction": "rows",
            "options_kind": "category",
            "options": [{"key": cid, "letter": letter, "label": self.label(cid, question, texts)}
                        for letter, cid in printed.options],
            "rows": [
                {"slot": f"row{row.original}", "excerpt": excerpt_data(texts, row.excerpt),
                 "answer": row.answers[0], "accepted": [row.answers[0]],
                 "explanation": texts.t(row.explanation) if row.explanation else None,
                 "sources": [source_data(texts, s) for s in (row.claim.sources if row.claim else [])]}
                for row in printed.rows
            ],
        }

    def given(self, question: Any, response: Response) -> dict[str, Any]:
        return rows_given(response)

    def read_cells(self, entry: Mapping[str, Any], question: Any, cells: list[Cell]) -> tuple[Response, list[Finding]]:
        return read_row_cells(entry, cells)

    def answer_space(self, question: Any, bank: BankView, texts: Texts) -> AnswerSpace:
        options = tuple((cid, self.label(cid, question, texts)) for cid in self.categories(question))
        rows = []
        for item in question.items:
            claim = bank.claims.get(item.claim) if item.claim else None
            excerpt = item.excerpt or (claim.excerpt if claim else None)
            expected = self.expected(item, bank)
            rows.append((excerpt.text if excerpt else "", expected, (expected,),
                         claim.id if claim else None, claim.verdict if claim else None))
        return AnswerSpace(options=options, rows=tuple(rows), options_kind="category")

    def lms_items(self, printed: PrintedQuestion, ctx: Context) -> tuple[Item, ...]:
        """A matching item: claims as stems, every category as an answer (unused ones as distractors)."""
        question = printed.question
        labels = [answer_label(self.label(cid, question, ctx.texts)) for cid in self.categories(question)]
        ctx.distinct(labels, question, "category labels")
        stems: list[Stem] = []
        lines: list[RichText] = []
        for row in printed.rows:
            answer = answer_label(self.label(row.answers[0], question, ctx.texts))
            explanation = RichText.of(ctx.t(row.explanation)) if row.explanation else EMPTY
            stems.append(Stem(ctx.excerpt(row.excerpt), answer, (), explanation))
            lines.append(inline(ctx.excerpt(row.excerpt), RichText.of(f"→ {answer}"),
                                RichText.of(f"— {explanation.plain}") if explanation else EMPTY))
        used = {stem.answer for stem in stems}
        distractors = tuple(text for text in labels if text not in used)
        claims = [row.claim.id for row in printed.rows if row.claim]
        common = ctx.common(printed, feedback=ctx.feedback(printed, ctx.rows_text(lines)), extra_claims=claims)
        policy = "all-or-nothing" if ctx.table(question).all_or_nothing else "per-row"
        return (MatchItem(common, tuple(stems), distractors, tuple(labels), policy, classification=True),)


TYPE = ClaimClassificationType()

