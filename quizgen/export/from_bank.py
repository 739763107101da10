"""From a drawn variant of a bank to neutral export items (`items.py`).

Each question type maps itself (`QuestionType.lms_items` in its module of `quizgen/types/`),
with the helpers of `Context` below for what every item shares (name, text with excerpts,
feedback with explanation, techniques and sources, tags). A type receives the question as
printed in the variant (`PrintedQuestion`), so choices and rows come in the variant's order
and the manifest's correct answers (letters, row numbers) can be checked against the export.

Scoring: each item's fractions come from its type's scoring table (the one scoring rule of
`quizgen.types.scoring`) under the bank's policy, or the `Policy` given for a test.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quizgen.bank.workspace import Bank
from quizgen.core.bidi import contained
from quizgen.core.labels import Texts, localize
from quizgen.core.problems import InvalidContent, Problem
from quizgen.export.items import Export
from quizgen.types import Question, type_of
from quizgen.types.fields import SKILLS, Excerpt, Source
from quizgen.types.lms_items import (
    EMPTY,
    Common,
    DescriptionItem,
    Item,
    Text,
    answer_label,
    bullets,
    heading,
    inline,
    link,
    paragraph,
    quotation,
    strong,
)
from quizgen.types.printed import PrintedQuestion
from quizgen.types.scoring import ScoringTable
from quizgen.variants.draw import Variant

#: Scoring policies by question type name, as a bank's `scoring:` block writes them (types not named use the
#: bank's choice, or their default). An export may override the bank's, e.g. to compare policies in tests.
Policy = Mapping[str, str]


@dataclass(frozen=True)
class Context:
    """What every type's mapping needs: the bank, its texts in the export's language, the scoring policy,
    and the helpers for what all items share."""

    bank: Bank
    language: str
    policy: Policy  # the bank's scoring choices, overridden by the export's

    @property
    def texts(self) -> Texts:
        return Texts(self.language, self.bank.language)

    def t(self, text: dict[str, str] | None, quoted: bool = False) -> str:
        """A bank text in the export's language, its bidi controls kept to itself (before the words
        around it are added: quotation marks, a label, a date)."""
        value = contained(localize(text, self.language, self.bank.language))
        return self.texts.quotation(value) if quoted else self.texts.t({"*": value})

    def msg(self, key: str, **values: str) -> str:
        return self.texts.msg(key, **values)

    def word(self, key: str, **values: str) -> str:
        """An export label (`export.*` in the catalogue)."""
        return self.texts.msg(f"export.{key}", **values)

    def excerpt(self, excerpt: Excerpt) -> Text:
        reference = f"§{excerpt.paragraph}" if excerpt.paragraph else ""
        return quotation(self.t({"*": excerpt.text}, quoted=True), reference)

    def technique_name(self, tid: str) -> str:
        return self.t(self.bank.glossary[tid].name)

    def table(self, question: Question) -> ScoringTable:
        """The question's scoring table under this export's policy."""
        kind = type_of(question)
        return kind.scoring(question, self.bank.view, kind.policy({**self.bank.scoring, **self.policy}))

    def problem(self, question: Question, message_text: str) -> InvalidContent:
        location = self.bank.locations.get(f"question:{question.id}")
        where = location.problem(message_text, "id") if location else Problem(self.bank.id, 1, message_text)
        return InvalidContent([where])

    # what every item shares (the module functions below)
    def common(self, printed: PrintedQuestion, **details: Any) -> Common:
        return _common(printed, self, **details)

    def feedback(self, printed: PrintedQuestion, rows: Text = EMPTY, techniques: list[str] | None = None) -> Text:
        return _feedback(printed, self, rows, techniques)

    def name(self, question: Question) -> str:
        return _name(question, self)

    def tags(self, question: Question) -> tuple[str, ...]:
        return _tags(question)

    def rows_text(self, lines: list[Text]) -> Text:
        return _rows_text(lines)

    def distinct(self, labels: list[str], question: Question, what: str) -> None:
        _distinct(labels, question, self, what)


# --- what every item shares ------------------------------------------------------------------------


def _name(question: Question, ctx: Context) -> str:
    prompt = " ".join(localize(question.prompt, ctx.language, ctx.bank.language).split())
    short = prompt if len(prompt) <= 70 else prompt[:69].rstrip() + "…"
    return answer_label(f"{question.id} — {short}")


def _tags(question: Question, extra_techniques: Sequence[str] = (),
          extra_claims: Sequence[str] = ()) -> tuple[str, ...]:
    techniques = list(dict.fromkeys([*question.techniques, *extra_techniques]))
    claims = list(dict.fromkeys([*question.claims, *extra_claims]))
    return (f"skill:{question.skill}", *(f"technique:{t}" for t in techniques),
            f"difficulty:{question.difficulty}", *(f"claim:{c}" for c in claims))


def _source(source: Source, ctx: Context) -> Text:
    title = ctx.t(source.title, quoted=True)
    return inline(link(title, source.url), Text.of(f"— {contained(source.publisher)}, {source.date}"))


def _feedback(printed: PrintedQuestion, ctx: Context, rows: Text = EMPTY,
              techniques: list[str] | None = None) -> Text:
    """Explanation, then (for rows) each right answer, the claims, techniques and sources."""
    question = printed.question
    in_rows = [row.claim.id for row in printed.rows if row.claim]
    parts = [paragraph(ctx.t(question.explanation))]
    if rows:
        parts += [heading(ctx.word("answers")), rows]
    claims = [ctx.bank.claims[cid] for cid in question.claims if cid not in in_rows]
    if claims:
        parts.append(bullets([inline(Text.of(ctx.word("verdict", verdict=ctx.msg("category." + c.verdict))),
                                     ctx.excerpt(c.excerpt), Text.of("— " + ctx.t(c.explanation)))
                              for c in claims]))
    technique_ids = list(dict.fromkeys(techniques if techniques is not None else question.techniques))
    if technique_ids:
        parts += [heading(ctx.msg("techniques")),
                  bullets([strong(ctx.technique_name(tid), Text.of("— " + ctx.t(ctx.bank.glossary[tid].definition)))
                           for tid in technique_ids])]
    sources = ctx.bank.sources_of(question)  # rows' claims too: the feedback is the only place for them
    for row in printed.rows:
        sources += [source for source in (row.claim.sources if row.claim else []) if source not in sources]
    if sources:
        parts += [heading(ctx.msg("sources")), bullets([_source(s, ctx) for s in sources])]
    return Text.join(parts)


def _text(question: Question, ctx: Context, *more: Text) -> Text:
    return Text.join([paragraph(ctx.t(question.prompt)), *(ctx.excerpt(e) for e in question.excerpts), *more])


def _common(printed: PrintedQuestion, ctx: Context, *, points: float | None = None,
            feedback: Text | None = None, notes: tuple[str, ...] = (),
            extra_techniques: Sequence[str] = (), extra_claims: Sequence[str] = ()) -> Common:
    question = printed.question
    return Common(
        id=question.id, name=_name(question, ctx), text=_text(question, ctx),
        feedback=feedback if feedback is not None else _feedback(printed, ctx),
        tags=_tags(question, extra_techniques, extra_claims),
        points=float(question.points if points is None else points),
        category=("quizgen", ctx.bank.id, question.skill), source_type=question.type, notes=notes)


def _rows_text(lines: list[Text]) -> Text:
    return Text("\n".join(f"{n}. {line.plain}" for n, line in enumerate(lines, 1)),
                "<ol>" + "".join(f"<li>{_unblock(line.html)}</li>" for line in lines) + "</ol>")


def _unblock(markup: str) -> str:
    """An excerpt's <blockquote><p>…</p></blockquote> inside a list item reads better inline."""
    return markup.replace("<blockquote><p>", "").replace("</p></blockquote>", "")


def _distinct(labels: list[str], question: Question, ctx: Context, what: str) -> None:
    """Moodle merges identical answer texts into one choice: two different answers with the same
    text (after trimming and NFC) would become one, so the export refuses them."""
    seen: set[str] = set()
    for text in labels:
        key = unicodedata.normalize("NFC", text)
        if key in seen:
            raise ctx.problem(question, f"two {what} of question '{question.id}' read the same ('{text}'); an LMS "
                                        "would merge them into one answer. Give them different texts.")
        seen.add(key)


def items_of(printed: PrintedQuestion, ctx: Context) -> tuple[Item, ...]:
    """A question's items: its type maps it (most give one item; true/false may add its justification)."""
    return type_of(printed.question).lms_items(printed, ctx)


# --- the whole selection ---------------------------------------------------------------------------


def article_item(bank: Bank, ctx: Context) -> DescriptionItem:
    """The article for students, paragraphs numbered as in the questions (a gradeless item)."""
    article = bank.article
    meta = [ctx.word(key, value=contained(str(value))) for key, value in (
        ("author", article.author), ("publisher", article.publisher), ("published", article.date)) if value]
    parts = [heading(article.title), paragraph(" · ".join(meta) if meta else ctx.msg("unknown_source"))]
    if article.url:
        parts.append(Text.join([link(article.url, article.url)]))
    if article.note:
        parts.append(paragraph(ctx.t(article.note)))
    parts.append(paragraph(ctx.msg("handout_intro")))
    parts += [paragraph(f"§{number} {ctx.t({'*': text}, quoted=True)}")
              for number, text in enumerate(article.paragraphs, 1)]
    title = article.title or bank.id
    common = Common(id=f"{bank.id}-article", name=answer_label(ctx.word("article_name", title=title))[:250],
                    text=Text.join(parts), feedback=EMPTY, tags=("article",), points=0.0,
                    category=("quizgen", bank.id), source_type="article")
    return DescriptionItem(common)


def export_variant(variant: Variant, policy: Policy | None = None) -> Export:
    """The variant's questions as items, in bank order grouped by skill (one LMS category per skill)."""
    bank = variant.bank
    ctx = Context(bank, variant.language, policy or {})
    order = {question.id: index for index, question in enumerate(bank.questions)}
    printed = sorted(variant.questions, key=lambda p: (SKILLS.index(p.question.skill), order[p.question.id]))
    items = tuple(item for p in printed for item in items_of(p, ctx))
    article = article_item(bank, ctx)
    title = ctx.t(bank.title)
    info = Text.join([heading(title), paragraph(ctx.word("source_article", name=article.common.name))])
    notes = tuple((item.common.id, note) for item in items for note in item.common.notes)
    return Export(bank.id, title, variant.language, ("quizgen", bank.id), info, article, items, notes)
