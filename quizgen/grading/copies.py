"""Marked copies to hand back: `results/copies/NN-NAME.pdf`, one per graded sheet.

Each shows the student's answers in their own sheet's numbering and letters, ✓/⨯ and the points
per question, the total and the mark, and the key's explanation for every question not fully right.
The HTML comes from `templates/copy.html` (sandboxed, plain data only); PDFs are rendered in
parallel by the same pool as class sets.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from quizgen.bank.workspace import Bank
from quizgen.core.labels import Texts
from quizgen.core.typography import colon, number
from quizgen.grading.grade import Graded, Sheet
from quizgen.grading.grades import mark
from quizgen.render.pool import RenderJob, RenderPool
from quizgen.render.templates import TemplateSet, render_template
from quizgen.sheets.html import css_string
from quizgen.types import LETTERS
from quizgen.types.base import Response

TEMPLATE = "copy.html"
# Glyphs of the bundled Pagella only (tests/test_fonts.py): a mark from a system font would make the copy
# depend on the machine that printed it.
MARKS = {"right": "✓", "partial": "(✓)", "wrong": "⨯", "none": "–"}


def copy_name(number: int, student: str, code: str) -> str:
    """copies/NN-NAME.pdf, the name reduced to letters, digits and hyphens (any file system takes it)."""
    folded = unicodedata.normalize("NFKD", student or code)
    ascii_name = "".join(c for c in folded if not unicodedata.combining(c))
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_name).strip("-")[:40] or code
    return f"copies/{number:02d}-{slug}.pdf"


def copies(bank: Bank, graded: Graded, sheets: list[Sheet], templates: TemplateSet, scale: int,
           workers: int | None = None, progress: Callable[[int], None] | None = None) -> dict[str, bytes]:
    """Every graded sheet's marked copy, as PDF bytes by file name."""
    graded_codes = {sheet.variant_code for sheet in graded.results.sheets}
    texts = Texts(graded.results.language, bank.language)
    jobs, names = [], []
    for sheet in sheets:
        if sheet.code not in graded_codes:
            continue  # absent: no copy
        jobs.append(RenderJob(copy_html(bank, graded, sheet, templates, scale), _page_css(sheet, texts),
                              f"{sheet.code}/copy"))
        names.append(copy_name(sheet.number, sheet.student, sheet.code))
    with RenderPool(templates.folders, templates.find("style.css"), workers) as pool:
        pdfs = pool.render(jobs, progress)
    return dict(zip(names, pdfs, strict=True))


def copy_html(bank: Bank, graded: Graded, sheet: Sheet, templates: TemplateSet, scale: int) -> str:
    """One graded sheet's marked copy as HTML (the step before the PDF)."""
    questions = {question.id: question for question in bank.questions}
    result = next(result for result in graded.results.sheets if result.variant_code == sheet.code)
    texts = Texts(graded.results.language, bank.language)
    return render_template(templates, TEMPLATE, _context(bank, questions, sheet, result, graded.responses[sheet.code],
                                                         texts, scale))


def _page_css(sheet: Sheet, texts: Texts) -> str:
    left = css_string(f"{sheet.code}" + (f" · {sheet.student}" if sheet.student else ""))
    return (f"@page {{ size: A4; @bottom-left {{ content: {left}; }}"
            f' @bottom-right {{ content: {css_string(texts.msg("page"))} " " counter(page) " / " counter(pages); }} }}')


def _context(bank: Bank, questions: dict[str, Any], sheet: Sheet, result: Any, responses: Mapping[int, Response],
             texts: Texts, scale: int) -> dict[str, Any]:
    language = texts.language
    items = {item.question_id: item for item in result.items}
    shown = []
    for entry in sheet.questions:
        question = questions[entry["id"]]
        item = items[question.id]
        response = responses[entry["number"]]
        earned = item.earned or 0.0
        state = "none" if item.earned is None else "right" if earned >= item.max_points - 1e-9 else \
            "partial" if earned > 1e-9 else "wrong"
        shown.append({
            "number": entry["number"],
            "prompt": texts.t(question.prompt),
            "mark": MARKS[state],
            "state": state,
            "score": f"{number(earned, language)} / {number(item.max_points, language)}",
            "given": _answer(entry, question, response, texts) or texts.msg("no_answer"),
            "expected": _expected(entry, question, texts),
            "explanation": texts.t(question.explanation) if state != "right" else "",
        })
    return {
        "language": language,
        "title": texts.t(bank.title),
        "student": sheet.student,
        "group": sheet.group,
        "code": sheet.code,
        "earned": number(result.total, language),
        "maximum": number(result.max_total, language),
        "mark": f"{str(mark(result, scale)).replace('.', ',') if language == 'fr' else mark(result, scale)} / {scale}",
        "colon": colon(language),
        "separator": texts.msg("list_separator"),
        "labels": {"variant": texts.msg("variant"), "kicker": texts.msg("report.copy_kicker"),
                   "anonymous": texts.msg("report.copy_anonymous"), "total": texts.msg("total"),
                   "mark": texts.msg("report.copy_mark"), "your_answer": texts.msg("your_answer"),
                   "expected": texts.msg("expected")},
        "questions": shown,
    }


def _answer(entry: dict[str, Any], question: Any, response: Response, texts: Texts) -> str:
    """The student's answer written as on their sheet: letters, Vrai/Faux, row → letter, points."""
    parts = []
    if response.choices:
        order = entry["choice_order"]
        parts.append(", ".join(sorted(LETTERS[order.index(original)] for original in response.choices)))
    if response.truth is not None:
        parts.append(texts.msg("true" if response.truth else "false"))
    if response.rows:
        letter_of = {ident: letter for letter, ident in entry["options"].items()}
        numbers = {original: number for number, original in enumerate(entry["row_order"], 1)}
        given = sorted((numbers[original], given) for original, given in response.rows if given)
        parts.append(", ".join(f"{row}\u202f→\u202f{letter_of.get(ident, ident)}" for row, ident in given))
    if response.points is not None:
        parts.append(f"{number(response.points, texts.language)} {texts.msg('points')}")
    return texts.msg("list_separator").join(part for part in parts if part)


def _expected(entry: dict[str, Any], question: Any, texts: Texts) -> str:
    """The key as the sheet printed it, in a few words (the marking grid's summary)."""
    correct = entry.get("correct")
    if isinstance(correct, list):
        return ", ".join(correct)
    if isinstance(correct, bool):
        return texts.msg("true" if correct else "false")
    if isinstance(correct, dict):
        letter_of = {ident: letter for letter, ident in entry["options"].items()}
        return ", ".join(f"{row}\u202f→\u202f{letter_of.get(value, value)}" for row, value in correct.items())
    return ""  # an open question: the explanation below says what was expected
