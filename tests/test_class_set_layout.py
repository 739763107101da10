"""How a class set's documents are laid out on paper (issue 17, issue 11 "Paper"): what a teacher sees
when printing, checked on the PDFs themselves."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

import pytest
from pypdf import PdfReader

from quizgen.render.templates import TemplateSet
from quizgen.sheets.build import BuildRequest, template_set
from quizgen.sheets.class_set import prepare_class_set
from quizgen.sheets.html import choice_columns, page_css, render_html
from quizgen.variants.draw import Options, draw_variant

if TYPE_CHECKING:  # WeasyPrint is imported only by the slow tests that render (1-2 s in every test worker)
    from quizgen.render.pdf import Renderer


def rendered(renderer: Renderer, job) -> PdfReader:
    return PdfReader(io.BytesIO(renderer.pdf(job.html, job.page_css, job.identifier)))


@pytest.mark.slow
def test_fifteen_minute_check_prints_on_one_sheet_of_paper(bundled, renderer):
    """Issue 11: the controle-15 preset fits on 2 pages (one sheet, duplex) whatever the draw."""
    templates = template_set(BuildRequest())
    pages = {}
    for seed in range(1, 21):
        variant = draw_variant(bundled, None, Options(preset="controle-15"), seed)
        pdf = renderer.pdf(render_html(variant, "worksheet", templates), page_css(variant, "worksheet"), str(seed))
        pages[seed] = len(PdfReader(io.BytesIO(pdf)).pages)
    assert {seed: count for seed, count in pages.items() if count != 2} == {}


def test_short_choices_sit_side_by_side():
    assert choice_columns(["« signé en 1987 »", "« À nos yeux »", "« Espérons »", "« probablement »"]) == 3
    assert choice_columns(["L’appel à l’autorité", "Le faux dilemme", "Le langage chargé : un mot qui juge"]) == 2
    assert choice_columns(["Un", "Deux", "Trois", "Quatre", "Une choix bien trop long pour une colonne sur trois"]) == 1
    assert choice_columns(["court", "court aussi"]) == 2, "two short choices: two columns, not three"
    assert choice_columns([]) == 1


def test_the_hint_follows_the_prompt(mini):
    """How to answer sits on the prompt's line (a line saved per question), once, and not in the key."""
    variant = draw_variant(mini, None, Options(), 42)
    templates = template_set(BuildRequest())
    worksheet = render_html(variant, "worksheet", templates)
    assert worksheet.count('class="how"') == sum(1 for p in variant.questions if p.question.type != "short-answer")
    assert not re.search(r'<p class="how">', worksheet)
    assert re.search(r'<p class="prompt">[^<]*<span class="how">Cochez une seule réponse\.</span></p>', worksheet)
    assert 'class="how"' not in render_html(variant, "key", templates)


def test_a_partial_written_before_hints_moved_keeps_its_hint_in_its_body(mini, tmp_path):
    """A user's own partial from an earlier quizgen (no part "hint", old choice_list call) still prints its
    hint, once, where it always did."""
    (tmp_path / "questions").mkdir()
    (tmp_path / "questions" / "single-choice.html").write_text(
        '{% if part == "summary" -%}\n{{ p.correct | join(", ") }}\n{%- elif kind == "class-key" %}\n'
        '{{ m.class_key_choices(p) -}}\n{% else %}\n{{ m.choice_list(p, "tick_one", "box round") }}\n{% endif %}\n',
        encoding="utf-8")
    variant = draw_variant(mini, None, Options(), 42)
    worksheet = render_html(variant, "worksheet", TemplateSet.with_override(tmp_path))
    assert worksheet.count("Cochez une seule réponse.") == sum(1 for p in variant.questions
                                                              if p.question.type == "single-choice")
    assert '<p class="how">Cochez une seule réponse.</p>' in worksheet
    assert '<span class="how">Cochez une seule réponse.</span>' not in worksheet


@pytest.mark.slow
def test_class_key_never_splits_a_code_from_its_number(mini, renderer):
    """Each "code → number" stays on one line (a word joiner after the code's hyphen, not 240 nowrap spans):
    no line of the detailed key ends on a code's hyphen, and every pair reads whole."""
    class_set = prepare_class_set(mini, BuildRequest(seed=2, variants=40))
    key = next(job for job in class_set.jobs if job.name == "answer-key")
    lines = [line.strip() for page in rendered(renderer, key).pages for line in page.extract_text().splitlines()]
    assert not [line for line in lines if re.search(r"\b[A-Z0-9]{3}-$", line)]
    text = " ".join(lines).replace("\u202f", " ")
    for variant in class_set.variants:
        assert re.search(rf"{variant.code} → \d+", text), variant.code


@pytest.mark.slow
def test_choices_side_by_side_stay_inside_their_question(mini, renderer):
    """The floated choices of a column layout push the next question down (WeasyPrint 70 leaves a
    `display: flow-root` list out of its question's height: the next question printed over it)."""
    variant = draw_variant(mini, None, Options(), 42)
    templates = template_set(BuildRequest())
    html = render_html(variant, "worksheet", templates)
    assert "choices columns-2" in html
    pdf = PdfReader(io.BytesIO(renderer.pdf(html, page_css(variant, "worksheet"), "t")))
    lines = []  # (page, y from the top, text), in reading order
    for number, page in enumerate(pdf.pages):
        top = float(page.mediabox.top)
        page.extract_text(visitor_text=lambda text, cm, tm, font, size, n=number, top=top: lines.append(
            (n, top - tm[5] * cm[3] - cm[5], text.strip())) if text.strip() else None)
    where = {text: (n, y) for n, y, text in lines}
    last_choice = max(where[text] for text in ("Le langage chargé", "Le faux dilemme"))
    next_prompt = next(position for text, position in where.items() if text.startswith("Classez chaque"))
    assert next_prompt > last_choice, "the next question starts below the last row of choices"
