"""From a drawn variant of a bank to neutral export items (`items.py`).

One function per question type (`single_choice_item` … `claim_classification_item`), and a
small dispatcher (`items_of`): the question-type registry will take each function into its
type's module. Each function receives the question as printed in the variant
(`PrintedQuestion`), so choices and rows come in the variant's order and the manifest's
correct answers (letters, row numbers) can be checked against the export.

Scoring policy (`Policy`): what the bank says, or the defaults; each item records the weights
that express it per answer, and its policy name, so a writer that can express more (QTI) does.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from quizgen.bank import model
from quizgen.bank.checks import categories_of
from quizgen.bank.workspace import Bank
from quizgen.core.i18n import french, localize, message
from quizgen.core.problems import InvalidContent, Problem
from quizgen.export.items import (
    EMPTY,
    Answer,
    ChoiceItem,
    Common,
    DescriptionItem,
    EssayItem,
    Export,
    Item,
    MatchItem,
    Stem,
    Text,
    TrueFalseItem,
    answer_label,
    bullets,
    heading,
    inline,
    link,
    paragraph,
    quotation,
    strong,
)
from quizgen.variants.draw import PrintedQuestion, Variant

PARTIAL, ALL_OR_NOTHING, PER_ROW = "partial", "all-or-nothing", "per-row"

# Export-only wording (the lead's fr/en catalogue will take these).
WORDS = {
    "fr": {
        "justification_of": "Justification de la question {name}",
        "justify_prompt": "Justifiez votre réponse à la question précédente ({name}) : « {prompt} »",
        "expected": "Ce que la justification doit dire",
        "article_name": "Article à lire — {title}",
        "answers": "Réponses",
        "paragraph": "§{number}",
    },
    "en": {
        "justification_of": "Justification of question {name}",
        "justify_prompt": "Justify your answer to the previous question ({name}): “{prompt}”",
        "expected": "What the justification should say",
        "article_name": "Article to read — {title}",
        "answers": "Answers",
        "paragraph": "§{number}",
    },
}


@dataclass(frozen=True)
class Policy:
    """How partly right answers score. Defaults: all-or-nothing, per-row, per-row."""

    multiple_select: str = ALL_OR_NOTHING
    matching: str = PER_ROW
    claim_classification: str = PER_ROW

    @staticmethod
    def of(bank: Any) -> Policy:
        """The bank's `scoring:` (a mapping or an object with the same keys), else the defaults."""
        scoring = getattr(bank, "scoring", None)
        if scoring is None:
            return Policy()

        def read(key: str, default: str, allowed: tuple[str, ...]) -> str:
            value = scoring.get(key) if isinstance(scoring, dict) else getattr(scoring, key.replace("-", "_"), None)
            return value if value in allowed else default

        return Policy(read("multiple-select", ALL_OR_NOTHING, (PARTIAL, ALL_OR_NOTHING)),
                      read("matching", PER_ROW, (PER_ROW, ALL_OR_NOTHING)),
                      read("claim-classification", PER_ROW, (PER_ROW, ALL_OR_NOTHING)))


@dataclass(frozen=True)
class Context:
    """What every mapping function needs: the bank, the language, the scoring policy."""

    bank: Bank
    language: str
    policy: Policy

    def t(self, text: dict[str, str] | None, quoted: bool = False) -> str:
        value = localize(text, self.language, self.bank.language)
        return french(value, quotation=quoted) if self.language == "fr" else value

    def msg(self, key: str) -> str:
        return self.t({"*": message(self.language, key)})

    def word(self, key: str, **values: str) -> str:
        words = WORDS.get(self.language, WORDS["en"])
        return self.t({"*": words[key].format(**values)})

    def excerpt(self, excerpt: model.Excerpt) -> Text:
        reference = self.word("paragraph", number=str(excerpt.paragraph)) if excerpt.paragraph else ""
        return quotation(self.t({"*": excerpt.text}, quoted=True), reference)

    def technique_name(self, tid: str) -> str:
        return self.t(self.bank.glossary[tid].name)

    def problem(self, question: model.Question, message_text: str) -> InvalidContent:
        site = self.bank.sites.get(f"question:{question.id}")
        where = site.problem(message_text, "id") if site else Problem(self.bank.id, 1, message_text)
        return InvalidContent([where])


# --- what every item shares ------------------------------------------------------------------------


def _name(question: model.Question, ctx: Context) -> str:
    prompt = " ".join(localize(question.prompt, ctx.language, ctx.bank.language).split())
    short = prompt if len(prompt) <= 70 else prompt[:69].rstrip() + "…"
    return answer_label(f"{question.id} — {short}")


def _tags(question: model.Question, extra_techniques: Sequence[str] = (),
          extra_claims: Sequence[str] = ()) -> tuple[str, ...]:
    techniques = list(dict.fromkeys([*question.techniques, *extra_techniques]))
    claims = list(dict.fromkeys([*question.claims, *extra_claims]))
    return (f"skill:{question.skill}", *(f"technique:{t}" for t in techniques),
            f"difficulty:{question.difficulty}", *(f"claim:{c}" for c in claims))


def _source(source: model.Source, ctx: Context) -> Text:
    title = ctx.t(source.title, quoted=True)
    return inline(link(title, source.url), Text.of(f"— {source.publisher}, {source.date}"))


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
        parts.append(bullets([inline(Text.of(f"{ctx.msg('category.' + c.verdict)} :" if ctx.language == "fr"
                                             else f"{ctx.msg('category.' + c.verdict)}:"),
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


def _text(question: model.Question, ctx: Context, *more: Text) -> Text:
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


# --- one function per question type ----------------------------------------------------------------


def single_choice_item(printed: PrintedQuestion, ctx: Context) -> tuple[Item, ...]:
    answers = tuple(Answer(Text.of(ctx.t(c.choice.text)), 1.0 if c.choice.correct else 0.0,
                           Text.of(ctx.t(c.choice.why_wrong)) if c.choice.why_wrong else EMPTY, c.choice.correct)
                    for c in printed.choices)
    pinned = tuple(c.choice.pinned for c in printed.choices)
    return (ChoiceItem(_common(printed, ctx), True, answers, "single", pinned),)


def multiple_select_item(printed: PrintedQuestion, ctx: Context) -> tuple[Item, ...]:
    """Partial: each right tick +1/n, each wrong tick -1/n, total at least 0 (n = right choices).
    All-or-nothing has no per-answer expression: the closest is +1/n per right tick and -100 %
    for any wrong tick (only a missed right choice still earns part of the points)."""
    right = sum(1 for c in printed.choices if c.choice.correct)
    partial = ctx.policy.multiple_select == PARTIAL
    wrong_weight = -1.0 / right if partial else -1.0
    answers = tuple(Answer(Text.of(ctx.t(c.choice.text)), 1.0 / right if c.choice.correct else wrong_weight,
                           Text.of(ctx.t(c.choice.why_wrong)) if c.choice.why_wrong else EMPTY, c.choice.correct)
                    for c in printed.choices)
    pinned = tuple(c.choice.pinned for c in printed.choices)
    return (ChoiceItem(_common(printed, ctx), False, answers, ctx.policy.multiple_select, pinned),)


def true_false_item(printed: PrintedQuestion, ctx: Context) -> tuple[Item, ...]:
    """The verdict is worth points - justify_points; the « justifiez » lines become an essay
    worth justify_points, linked by name. Worth 0 points, it is left out (a 0-point essay would
    leave every attempt waiting for manual grading) and a note says so."""
    question = printed.question
    assert isinstance(question, model.TrueFalse)
    justify_points = float(getattr(question, "justify_points", 0) or 0)
    explanation = _feedback(printed, ctx)
    name = _name(question, ctx)
    justification: EssayItem | None = None
    notes: tuple[str, ...] = ()
    if question.justify_lines and justify_points > 0:
        prompt = " ".join(ctx.t(question.prompt).split())
        common = Common(
            id=f"{question.id}-justification", name=answer_label(ctx.word("justification_of", name=name))[:250],
            text=Text.join([paragraph(ctx.word("justify_prompt", name=question.id, prompt=prompt))]),
            feedback=explanation, tags=_tags(question), points=justify_points,
            category=("quizgen", ctx.bank.id, question.skill), source_type=question.type)
        justification = EssayItem(common, (), EMPTY, question.justify_lines,
                                  Text.join([heading(ctx.word("expected")), paragraph(ctx.t(question.explanation))]))
    elif question.justify_lines:
        notes = (f"the « justifiez » part ({question.justify_lines} lines): it is worth no points in the bank "
                 "(justify_points: 0), and a 0-point essay would leave every attempt waiting for manual grading.",)
    common = _common(printed, ctx, points=float(question.points) - justify_points, feedback=explanation, notes=notes)
    labels = (ctx.msg("true"), ctx.msg("false"))
    return (TrueFalseItem(common, question.answer, EMPTY, EMPTY, labels, justification),
            *((justification,) if justification else ()))


def matching_item(printed: PrintedQuestion, ctx: Context) -> tuple[Item, ...]:
    question = printed.question
    assert isinstance(question, model.Matching)
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
    _distinct(labels, question, ctx, "technique names")
    distractors = tuple(label for label in labels if label not in used)
    feedback = _feedback(printed, ctx, _rows_text(lines), techniques=[*question.techniques, *offered])
    common = _common(printed, ctx, feedback=feedback,
                     extra_techniques=[p.technique for p in question.pairs])
    return (MatchItem(common, tuple(stems), distractors, tuple(labels), ctx.policy.matching),)


def claim_classification_item(printed: PrintedQuestion, ctx: Context) -> tuple[Item, ...]:
    question = printed.question
    assert isinstance(question, model.ClaimClassification)

    def label(cid: str) -> str:
        custom = question.custom_label(cid)
        return answer_label(ctx.t(custom) if custom else ctx.msg(f"category.{cid}"))

    labels = [label(cid) for cid in categories_of(question)]
    _distinct(labels, question, ctx, "category labels")
    stems: list[Stem] = []
    lines: list[Text] = []
    for row in printed.rows:
        answer = label(row.answers[0])
        explanation = Text.of(ctx.t(row.explanation)) if row.explanation else EMPTY
        stems.append(Stem(ctx.excerpt(row.excerpt), answer, (), explanation))
        lines.append(inline(ctx.excerpt(row.excerpt), Text.of(f"→ {answer}"),
                            Text.of(f"— {explanation.plain}") if explanation else EMPTY))
    used = {stem.answer for stem in stems}
    distractors = tuple(text for text in labels if text not in used)
    claims = [row.claim.id for row in printed.rows if row.claim]
    common = _common(printed, ctx, feedback=_feedback(printed, ctx, _rows_text(lines)), extra_claims=claims)
    return (MatchItem(common, tuple(stems), distractors, tuple(labels), ctx.policy.claim_classification,
                      classification=True),)


def short_answer_item(printed: PrintedQuestion, ctx: Context) -> tuple[Item, ...]:
    question = printed.question
    assert isinstance(question, model.ShortAnswer)
    rubric = tuple((float(line.points), Text.of(ctx.t(line.criterion))) for line in question.rubric)
    model_answer = Text.of(ctx.t(question.model_answer))
    grader = Text.join([heading(ctx.msg("rubric")),
                        bullets([inline(Text.of(f"{points:g} pt"), criterion, sep=" — ")
                                 for points, criterion in rubric]),
                        heading(ctx.msg("model_answer")), paragraph(model_answer.plain)])
    return (EssayItem(_common(printed, ctx), rubric, model_answer, question.lines, grader),)


def _rows_text(lines: list[Text]) -> Text:
    return Text("\n".join(f"{n}. {line.plain}" for n, line in enumerate(lines, 1)),
                "<ol>" + "".join(f"<li>{_unblock(line.html)}</li>" for line in lines) + "</ol>")


def _unblock(markup: str) -> str:
    """An excerpt's <blockquote><p>…</p></blockquote> inside a list item reads better inline."""
    return markup.replace("<blockquote><p>", "").replace("</p></blockquote>", "")


def _distinct(labels: list[str], question: model.Question, ctx: Context, what: str) -> None:
    """Moodle merges identical answer texts into one choice: two different answers with the same
    text (after trimming and NFC) would become one, so the export refuses them."""
    seen: set[str] = set()
    for text in labels:
        key = unicodedata.normalize("NFC", text)
        if key in seen:
            raise ctx.problem(question, f"two {what} of question '{question.id}' read the same ('{text}'); an LMS "
                                        "would merge them into one answer. Give them different texts.")
        seen.add(key)


MAPPERS: dict[str, Callable[[PrintedQuestion, Context], tuple[Item, ...]]] = {
    "single-choice": single_choice_item,
    "multiple-select": multiple_select_item,
    "true-false": true_false_item,
    "matching": matching_item,
    "short-answer": short_answer_item,
    "claim-classification": claim_classification_item,
}


def items_of(printed: PrintedQuestion, ctx: Context) -> tuple[Item, ...]:
    return MAPPERS[printed.question.type](printed, ctx)


# --- the whole selection ---------------------------------------------------------------------------


def article_item(bank: Bank, ctx: Context) -> DescriptionItem:
    """The article for students, paragraphs numbered as in the questions (a gradeless item)."""
    article = bank.article
    meta = [f"{ctx.msg(key)} : {value}" if ctx.language == "fr" else f"{ctx.msg(key)}: {value}"
            for key, value in (("author", article.author), ("publisher", article.publisher),
                               ("published", article.date)) if value]
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
    ctx = Context(bank, variant.language, policy or Policy.of(bank))
    order = {question.id: index for index, question in enumerate(bank.questions)}
    printed = sorted(variant.questions, key=lambda p: (model.SKILLS.index(p.question.skill), order[p.question.id]))
    items = tuple(item for p in printed for item in items_of(p, ctx))
    article = article_item(bank, ctx)
    title = ctx.t(bank.title)
    info = Text.join([heading(title), paragraph(f"{ctx.msg('source_article')} : {article.common.name}"
                                                if ctx.language == "fr" else
                                                f"{ctx.msg('source_article')}: {article.common.name}")])
    notes = tuple((item.common.id, note) for item in items for note in item.common.notes)
    return Export(bank.id, title, variant.language, ("quizgen", bank.id), info, article, items, notes)
