"""How a class set's documents are laid out on paper (issue 17, issue 11 "Paper"): what a teacher sees
when printing, checked on the PDFs themselves."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from quizgen.render.pdf import Renderer
from quizgen.sheets.build import BuildRequest, template_set
from quizgen.sheets.class_set import prepare_class_set

pytestmark = pytest.mark.slow


def rendered(job) -> PdfReader:
    templates = template_set(BuildRequest())
    renderer = Renderer(templates.folders, templates.find("style.css"))
    return PdfReader(io.BytesIO(renderer.pdf(job.html, job.page_css, job.identifier)))


def test_class_key_never_splits_a_code_from_its_number(mini):
    """Each "code → number" stays on one line (a word joiner after the code's hyphen, not 240 nowrap spans):
    no line of the detailed key ends on a code's hyphen, and every pair reads whole."""
    class_set = prepare_class_set(mini, BuildRequest(seed=2, variants=40))
    key = next(job for job in class_set.jobs if job.name == "answer-key")
    lines = [line.strip() for page in rendered(key).pages for line in page.extract_text().splitlines()]
    assert not [line for line in lines if re.search(r"\b[A-Z0-9]{3}-$", line)]
    text = " ".join(lines).replace("\u202f", " ")
    for variant in class_set.variants:
        assert re.search(rf"{variant.code} → \d+", text), variant.code
