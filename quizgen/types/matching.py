"""Matching: numbered excerpts, lettered techniques; write the technique's letter beside each excerpt.

Scoring policies (`scoring: {matching: …}` in bank.yaml): per-row (default: each row is worth
points / rows) or all-or-nothing. A row accepts its technique and its `also_accept` ones.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

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
    unknown_technique,
)
from quizgen.types.fields import AS_TUPLE, Excerpt, ExcerptField, Id, Items, Strict
from quizgen.types.lms_items import Item, MatchItem, Stem, Text, answer_label, inline
from quizgen.types.printed import Arrangement, PrintedQuestion, Row
from quizgen.types.scoring import ScoringTable, Slot

if TYPE_CHECKING:
    from quizgen.core.labels import Texts
    from quizgen.export.from_bank import Context


class MatchingPair(Strict):
    excerpt: ExcerptField
    technique: Id
    also_accept: Items[Id] = ()


class Matching(QuestionBase):
    type: Literal["matching"]
    pairs: Annotated[tuple[MatchingPair, ...], Field(min_length=2), AS_TUPLE]
    distractors: Items[Id] = ()


class MatchingType(QuestionType):
    name = "matching"
    model = Matching
    one_tick_per_line = True
    policies = ("per-row", "all-or-nothing")
    containers = {"pairs": MatchingPair}

    def check(self, question: Any, bank: BankView) -> list[Finding]:
        findings = []
        seen: dict[str, int] = {}
        for index, pair in enumerate(question.pairs):
            findings += [Finding(unknown_technique(tid, bank), ("pairs", index))
                         for tid in (pair.technique, *pair.also_accept) if tid not in bank.glossary]
            text = " ".join(pair.excerpt.text.split())
            if text in seen:
                findings.append(Finding(f"this excerpt is already pair {seen[text] + 1}; each excerpt is matched "
                                        "once.", ("pairs", index, "excerpt")))
            seen.setdefault(text, index)
            if pair.technique in pair.also_accept:
                findings.append(Finding("also_accept repeats the pair's own technique; remove it.",
                                        ("pairs", index, "also_accept")))
        findings += [Finding(unknown_technique(tid, bank), ("distractors",))
                     for tid in question.distractors if tid not in bank.glossary]
        used = {pair.technique for pair in question.pairs}
        for tid in question.distractors:
            if tid in used:
                findings.append(Finding(f"distractor '{tid}' is also the answer of a pair; a distractor must match "
                                        "no excerpt.", ("distractors",)))
        if len(used | set(question.distractors)) < 2:
            findings.append(Finding("the right-hand column would offer a single technique; add distractors: so "
                                    "students have to choose.", ("pairs",)))
        return findings

    def extra_excerpts(self, question: Any) -> Iterator[tuple[Excerpt, PathKey]]:
        for index, pair in enumerate(question.pairs):
            yield pair.excerpt, ("pairs", index, "excerpt")

    def techniques(self, question: Any) -> list[str]:
        return [*question.techniques, *(pair.technique for pair in question.pairs)]

    def labelled_excerpts(self, question: Any) -> Iterator[tuple[str, Excerpt]]:
        yield from super().labelled_excerpts(question)
        for pair in question.pairs:
            for technique in (pair.technique, *pair.also_accept):
                yield technique, pair.excerpt

    def offered(self, question: Any) -> list[str]:
        """The techniques of the lettered list: every pair's, then the distractors, each once."""
        return list(dict.fromkeys([pair.technique for pair in question.pairs] + list(question.distractors)))

    def options_count(self, question: Any) -> int:
        return len(self.offered(question))

    def arrange(self, question: Any, bank: BankView, rng: random.Random) -> Arrangement:
        techniques = self.offered(question)
        rng.shuffle(techniques)
        letter_of = {tid: LETTERS[i] for i, tid in enumerate(techniques)}
        order = list(range(len(question.pairs)))
        rng.shuffle(order)
        rows = []
        for number, original in enumerate(order, 1):
            pair = question.pairs[original]
            accepted = tuple(letter_of[t] for t in (pair.technique, *pair.also_accept) if t in letter_of)
            rows.append(Row(number, original, pair.excerpt, accepted))
        return Arrangement(rows=tuple(rows), options=tuple((letter_of[tid], tid) for tid in techniques))

    def correct(self, printed: PrintedQuestion) -> Any:
        return {str(row.number): row.answers[0] for row in printed.rows}

    def manifest_extra(self, printed: PrintedQuestion) -> dict[str, Any]:
        return {"also_accepted": {str(r.number): list(r.answers[1:]) for r in printed.rows if len(r.answers) > 1}}

    def scoring(self, question: Any, bank: BankView, policy: str | None = None) -> ScoringTable:
        policy = policy or self.policies[0]
        share = 1.0 / len(question.pairs)
        slots = tuple(Slot(f"row{index}", tuple((tid, share) for tid in (pair.technique, *pair.also_accept)))
                      for index, pair in enumerate(question.pairs))
        return ScoringTable(question.points, slots, all_or_nothing=policy == "all-or-nothing", policy=policy)

    def key_summary(self, printed: PrintedQuestion, texts: Texts, compact: bool = False) -> str:
        if compact:
            return " ".join("/".join(row.answers) for row in printed.rows)
        return ", ".join(f"{row.number}\u202f→\u202f{'/'.join(row.answers)}" for row in printed.rows)

    def interaction(self, printed: PrintedQuestion, texts: Texts, bank: BankView) -> dict[str, Any]:
        technique_of = dict(printed.options)
        question = printed.question
        return {
            "interaction": "rows",
            "options_kind": "technique",
            "options": [{"key": tid, "letter": letter, "label": texts.t(bank.glossary[tid].name)}
                        for letter, tid in printed.options],
            "rows": [
                {"slot": f"row{row.original}", "excerpt": excerpt_data(texts, row.excerpt),
                 "answer": technique_of[row.answers[0]],
                 "accepted": [question.pairs[row.original].technique, *question.pairs[row.original].also_accept],
                 "explanation": None, "sources": []}
                for row in printed.rows
            ],
        }

    def given(self, question: Any, response: Response) -> dict[str, Any]:
        return rows_given(response)

    def read_cells(self, entry: Mapping[str, Any], question: Any, cells: list[Cell]) -> tuple[Response, list[Finding]]:
        return read_row_cells(entry, cells)

    def answer_space(self, question: Any, bank: BankView, texts: Texts) -> AnswerSpace:
        options = tuple((tid, texts.t_raw(bank.glossary[tid].name)) for tid in self.offered(question))
        rows = tuple((pair.excerpt.text, pair.technique, (pair.technique, *pair.also_accept), None, None)
                     for pair in question.pairs)
        return AnswerSpace(options=options, rows=rows, options_kind="technique")

    def lms_items(self, printed: PrintedQuestion, ctx: Context) -> tuple[Item, ...]:
        """A matching item: excerpts as stems, technique names as answers, unused techniques as distractors."""
        question = printed.question
        stems: list[Stem] = []
        lines: list[Text] = []
        for row in printed.rows:
            pair = question.pairs[row.original]
            answer = answer_label(ctx.technique_name(pair.technique))
            also = tuple(answer_label(ctx.technique_name(t)) for t in pair.also_accept)
            stems.append(Stem(ctx.excerpt(row.excerpt), answer, also))
            lines.append(inline(ctx.excerpt(row.excerpt), Text.of(f"→ {answer}")))
        offered = [tid for _, tid in printed.options]
        used = {answer_label(ctx.technique_name(question.pairs[r.original].technique)) for r in printed.rows}
        labels = [answer_label(ctx.technique_name(tid)) for tid in offered]
        ctx.distinct(labels, question, "technique names")
        distractors = tuple(label for label in labels if label not in used)
        feedback = ctx.feedback(printed, ctx.rows_text(lines), techniques=[*question.techniques, *offered])
        common = ctx.common(printed, feedback=feedback, extra_techniques=[p.technique for p in question.pairs])
        policy = "all-or-nothing" if ctx.table(question).all_or_nothing else "per-row"
        return (MatchItem(common, tuple(stems), distractors, tuple(labels), policy),)


TYPE = MatchingType()
