"""Variant → HTML of the printed documents (no WeasyPrint here: HTML is testable on its own).

`render_html` gives the templates the variant (frozen data) and a few helpers that localize
bank text and apply the language's typography; each question prints through its type's
partial, `templates/questions/<type>.html`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

import markupsafe

from quizgen.core.labels import Texts, label
from quizgen.core.typography import NBSP
from quizgen.render.templates import TemplateSet, render_template
from quizgen.sheets.roster import Student
from quizgen.types import type_of
from quizgen.types.printed import PrintedQuestion
from quizgen.variants.draw import Variant

TEMPLATE_OF_KIND = {
    "worksheet": "worksheet.html",
    "key": "answer_key.html",
    "grid": "class_grid.html",
    "class-key": "class_key.html",
    "handout": "handout.html",
    "booklet": "worksheet.html",
    "answer-sheet": "answer_sheet.html",
}
#: With --answer-sheet a student gets two documents instead of the worksheet (docs/scanning.md, "A separate
#: answer sheet"). Templates see them as worksheets (`kind` is "worksheet": a partial written before they
#: existed prints its worksheet there, never its key), told apart by `document`, `booklet` and `part`.
STUDENT_DOCUMENTS = ("booklet", "answer-sheet")
#: Punctuation the templates put around bank text, as HTML (entities keep the source readable).
_LABEL_COLON = {"fr": markupsafe.Markup("&#160;:"), "en": markupsafe.Markup(":")}
_QUOTE_MARKS = {"fr": (markupsafe.Markup("«&#160;"), markupsafe.Markup("&#160;»")),
                "en": (markupsafe.Markup("“"), markupsafe.Markup("”"))}
_LIST_SEPARATOR = {"fr": " ; ", "en": "; "}


@dataclass(frozen=True)
class PrintOptions:
    """Print options that change the layout, never the content."""

    paper: str = "a4"
    large_print: bool = False
    dyslexia_friendly: bool = False
    #: Worksheets a machine can read (quizgen scan): answer boxes carrying `data-box`, room for the stamp.
    scannable: bool = False
    #: Scannable answers on a separate answer sheet; the questions in a booklet without anything to fill in.
    answer_sheet: bool = False

    @property
    def body_classes(self) -> str:
        return " ".join(name for name, on in (("large-print", self.large_print),
                                              ("dyslexia-friendly", self.dyslexia_friendly)) if on)

    def scannable_for(self, kind: str) -> bool:
        """Only worksheets and answer sheets are read back; keys, grids, handouts and booklets stay as they are."""
        return self.scannable and kind in ("worksheet", "answer-sheet")


def render_html(variant: Variant, kind: str, templates: TemplateSet, options: PrintOptions | None = None,
                student: Student | None = None, variants: list[Variant] | None = None,
                students: list[Student | None] | None = None) -> str:
    """One document as an HTML string.

    kind: worksheet or key (of `variant`); grid or class-key (of a class set: `variants`,
    with `students` beside them); handout (the article); booklet and answer-sheet (--answer-sheet: the
    worksheet's questions with nothing to fill in, and the boxes alone). `variant` gives bank and language.
    """
    options = options or PrintOptions()
    every = variants or [variant]
    context: dict[str, Any] = {
        "variant": variant,
        "bank": variant.bank,
        "article": variant.bank.article,
        "language": variant.language,
        "paper": options.paper,
        "print_options": options,
        "kind": "worksheet" if kind in STUDENT_DOCUMENTS else kind,
        "document": kind,
        "booklet": kind == "booklet",  # the worksheet's questions, without a box, field or line to write on
        # Each question's partial prints its answer boxes with `data-box` ids (docs/scanning.md) when set.
        "scannable": options.scannable_for(kind),
        # "summary" when a question's partial prints its answer for the grid, "hint" for its how-to-answer,
        # "answer-sheet" for its boxes alone on the separate answer sheet.
        "part": "body",
        "student": student,
        "variants": every,
        "students": students or [None] * len(every),
        "numbers_of": _numbers_of(every),
        "canonical": _in_bank_order(variant),
        **_helpers(variant),
    }
    return render_template(templates, TEMPLATE_OF_KIND[kind], context)


def _helpers(variant: Variant) -> dict[str, Any]:
    """The functions templates call: texts in the sheet's language with its typography."""
    texts = Texts(variant.language, variant.bank.language)
    language = texts.language if texts.language in _QUOTE_MARKS else "en"
    opening, closing = _QUOTE_MARKS[language]

    def t(text: dict[str, str] | None, quotation: bool = False) -> str:
        value = texts.quotation(texts.t_raw(text)) if quotation else texts.t(text)
        return superscript_ordinals(value) if texts.language == "fr" else value

    def quote(text: str) -> markupsafe.Markup:
        """Words of the article (or a title) between the language's quotation marks."""
        return opening + markupsafe.escape(texts.quotation(text)) + closing

    def points(value: int) -> str:
        return f"{value}{NBSP}{texts.msg('point' if value == 1 else 'points')}"

    return {
        "t": t,
        "msg": texts.msg,
        "quotation": texts.quotation,
        "quote": quote,
        "colon": _LABEL_COLON[language],
        "separator": _LIST_SEPARATOR[language],
        "points": points,
        "technique": lambda tid: variant.bank.glossary[tid],
        "category": lambda cid, question: type_of(question).label(cid, question, texts),
        "compact": lambda printed: type_of(printed.question).key_summary(printed, texts, compact=True),
        "sources_of": variant.bank.sources_of,
        "partial_of": lambda printed: type_of(printed.question).template,
        "choice_columns": lambda printed: choice_columns([texts.t(c.choice.text) for c in printed.choices]),
    }


#: Longest choice (characters) that still fits a column of the worksheet, by number of columns.
_COLUMN_FIT = ((3, 20), (2, 38))


def choice_columns(choices: list[str]) -> int:
    """How many columns a worksheet's choices take: short ones (« signé en 1987 ») sit side by side,
    which saves a line per choice; any choice too long for a column keeps them one per line."""
    longest = max((len(text) for text in choices), default=0)
    return next((columns for columns, fit in _COLUMN_FIT if longest <= fit and len(choices) > columns - 1), 1)


def _numbers_of(variants: list[Variant]) -> dict[str, list[int]]:
    """For each question id, its number in each variant of a class set (same order as `variants`)."""
    numbers: dict[str, list[int]] = {}
    for variant in variants:
        for p in variant.questions:
            numbers.setdefault(p.question.id, []).append(p.number)
    return numbers


_ORDINAL = re.compile(r"(?<=\d)(ᵉʳ|ʳᵉ|ᵉ)")
_PLAIN_ORDINAL = {"ᵉʳ": "er", "ʳᵉ": "re", "ᵉ": "e"}


def superscript_ordinals(text: str) -> str:
    """1ᵉʳ, 2ᵉ written with Unicode modifier letters become <sup>er</sup>: the bundled fonts have no
    such glyphs, and a fallback font would differ from machine to machine (or print empty boxes)."""
    if not _ORDINAL.search(text):
        return text
    escaped = str(markupsafe.escape(text))
    return markupsafe.Markup(_ORDINAL.sub(lambda m: f"<sup>{_PLAIN_ORDINAL[m.group()]}</sup>", escaped))


def _in_bank_order(variant: Variant) -> list[PrintedQuestion]:
    """The questions of `variant` as the bank lists them, rows unshuffled: the class key's order."""
    index = {question.id: number for number, question in enumerate(variant.bank.questions)}
    ordered = sorted(variant.questions, key=lambda p: index[p.question.id])
    return [replace(p, rows=tuple(sorted(p.rows, key=lambda row: row.original))) for p in ordered]


PAPER_SIZES = {"a4": "A4", "letter": "letter"}
SCANNABLE_TOP_MARGIN_MM = 24  # the QR code and its quiet zone end at 23 mm; 1 mm of air below
FOOTER_TITLES = {"worksheet": "worksheet", "key": "answer_key", "grid": "marking_grid",
                 "class-key": "class_key", "handout": "handout", "booklet": "question_booklet",
                 "answer-sheet": "answer_sheet"}
_CSS_UNSAFE = re.compile(r'[\\"<\x00-\x1f\x7f-\x9f\u2028\u2029]')


def css_string(text: str) -> str:
    """A CSS string literal. Backslash, quote, every control character and `<` are escaped (as CSS
    hex escapes), so no text — a student's name included — can end the string or the rule, and the
    CSS can sit in a <style> element (--emit-html)."""
    return '"' + _CSS_UNSAFE.sub(lambda m: "\\" + m.group() if m.group() in '\\"' else f"\\{ord(m.group()):x} ",
                                 text) + '"'


def page_css(variant: Variant, kind: str, options: PrintOptions | None = None, left: str | None = None) -> str:
    """Paper size and running footer (variant code, page X / Y) for one document."""
    options = options or PrintOptions()
    language = variant.language
    if left is None:
        left = f"{label(language, 'variant')} {variant.code}"
    center = label(language, FOOTER_TITLES[kind])
    size = PAPER_SIZES[options.paper] + (" landscape" if kind == "grid" else "")
    font = " font-size: 12pt;" if options.large_print else ""
    # Room for the stamp of a scannable sheet: its QR code ends 23 mm from the top
    # (quizgen.render.marks.layout).
    margin = f" margin-top: {SCANNABLE_TOP_MARGIN_MM}mm;" if options.scannable_for(kind) else ""
    return (
        f"@page {{ size: {size};{margin}"
        f" @bottom-left {{ content: {css_string(left)};{font} }}"
        f" @bottom-center {{ content: {css_string(center)};{font} }}"
        f" @bottom-right {{ content: {css_string(label(language, 'page'))} \" \" counter(page)"
        f" \" / \" counter(pages);{font} }} }}"
    )
