"""The class report: a simulated class of the bundled bank, hostile bank text, determinism, vector PDF."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from grading_data import class_from_points, class_from_rows, matching_question

from quizgen.grading.confusion import technique_confusion, technique_readings, verdict_confusion, verdict_readings
from quizgen.grading.report import analyse_class, report_files, report_html, report_pdf
from quizgen.grading.results import ChoiceInfo
from quizgen.grading.simulate import simulate_bank_class

pytestmark = pytest.mark.slow  # renders whole class reports with their plots

FEAR, EXAGGERATION = "Appeal_to_Fear-Prejudice", "Exaggeration-Minimisation"
# 15 questions of the bundled bank, every type; tech-match-icc offers both Fear and Exaggeration.
SELECTION = [
    "tech-hegemon-label", "tech-houthis-exaggeration", "tech-stop-slogan", "tech-post-hoc-strategy",
    "tech-match-icc", "tech-match-hidden-motives", "ver-cc-intro", "ver-cc-aging", "tech-cc-neutral-or-not",
    "fo-tf-prediction", "fo-tf-conclusion-ainsi", "fo-multi-opinion-markers", "src-missing-metadata",
    "fo-sa-rewrite-servile", "fo-sa-story-false",
]


@pytest.fixture(scope="module")
def simulated(bundled):
    bank = bundled.banks[0]
    return simulate_bank_class(bank, SELECTION, students=30, seed=7, confusions={EXAGGERATION: (FEAR, 0.9)},
                               over_scepticism=0.8)


@pytest.fixture(scope="module")
def simulated_html(simulated):
    return report_html(simulated)


def test_the_simulated_class_is_a_real_class_set(simulated):
    assert len(simulated.sheets) == 30
    assert len(simulated.question_ids) == 15
    assert len({sheet.variant_code for sheet in simulated.sheets}) == 30
    orders = {tuple(sorted(sheet.items, key=lambda i: i.number)) for sheet in simulated.sheets}
    assert len({tuple(i.question_id for i in order) for order in orders}) > 1  # variants reorder questions


def test_the_report_finds_the_planted_confusion(simulated, simulated_html):
    matrix = technique_confusion(simulated)
    readings = technique_readings(matrix)
    assert readings[0].kind == "takes_for" and readings[0].subjects == (EXAGGERATION, FEAR)
    answers, _ = matrix.exposure(EXAGGERATION, FEAR)
    assert matrix.count(EXAGGERATION, FEAR) / answers > 0.3
    verdicts = verdict_readings(verdict_confusion(simulated))
    assert verdicts[0].kind == "over_scepticism"
    html = simulated_html
    assert ("La classe prend «\u00a0Exagération ou minimisation\u00a0» pour "
            "«\u00a0Appel à la peur ou aux préjugés") in html
    assert "excès de scepticisme" in html


def test_strong_students_score_higher_and_alpha_is_reported(simulated, simulated_html):
    stats = analyse_class(simulated).statistics
    assert stats.reliability.alpha is not None and stats.reliability.alpha > 0.6
    assert all(item.discrimination is None or item.discrimination > 0 for item in stats.items)
    assert "alpha de Cronbach" in simulated_html and "Question par question" in simulated_html


def test_report_html_is_self_contained_and_deterministic(simulated, simulated_html):
    html = simulated_html
    assert html == report_html(simulated)
    assert "<script" not in html
    assert not re.search(r"""(?:src|href)=["']?(?:https?:|//|file:)""", html)
    assert "@font-face" not in html and not re.search(r"url\((?!#)", html), "no file, only in-page references"
    assert html.count("<svg") == 4
    assert "<image" not in html, "figures are vector"
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "figure ids are unique in the page"


def test_english_report(simulated):
    html = report_html(dataclasses.replace(simulated, language="en"), scale=10)
    assert "Results analysis" in html and "Which techniques the class confuses" in html
    assert "/10" in html and "Analyse des résultats" not in html


HOSTILE = "<script>alert(1)</script> ]]> <img src=x onerror=alert(1)> \x07\x1b[31m $x^2$ {{ 7*7 }}"


def _hostile_class():
    question = matching_question()
    question = dataclasses.replace(question, prompt=HOSTILE,
                                   rows=tuple(dataclasses.replace(r, text=HOSTILE) for r in question.rows))
    answers = [["fear", "exaggeration", "labeling"]] * 2 + [["exaggeration", "exaggeration", "labeling"]] * 5
    results = class_from_rows(question, answers)
    names = {**results.technique_names, "fear": HOSTILE, "exaggeration": "</style><b>bold</b>"}
    return dataclasses.replace(results, bank_title=HOSTILE, class_name="<i>2nde</i>", technique_names=names)


def test_hostile_bank_text_stays_text():
    html = report_html(_hostile_class())
    assert "<script" not in html and "<img" not in html and "<b>bold" not in html and "<i>2nde" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "</style><b>" not in html
    assert "\x07" not in html and "\x1b" not in html
    assert "{{ 7*7 }}" in html and ">49<" not in html  # bank text is never a template
    assert "$x^2$" in html


def test_choice_text_in_distractor_tables_is_escaped(simulated):
    question = simulated.questions["tech-hegemon-label"]
    hostile = dataclasses.replace(question, choices=(ChoiceInfo("<script>x</script>", True), *question.choices[1:]))
    html = report_html(dataclasses.replace(simulated, questions={**simulated.questions, question.id: hostile}))
    assert "<script" not in html and "&lt;script&gt;x&lt;/script&gt;" in html


def test_unknown_scale_is_refused(simulated):
    with pytest.raises(ValueError):
        report_html(simulated, scale=7)


def _images(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return sum(1 for obj in document.objects
                   if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Image)


@pytest.mark.slow
def test_report_pdf_is_vector_deterministic_and_hostile_safe(simulated):
    files = report_files(simulated)
    assert files == report_files(simulated)
    pdf = files["report.pdf"]
    assert pdf.startswith(b"%PDF")
    assert _images(pdf) == 0, "plots are drawn as vectors, not bitmaps"
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert 3 <= len(document.pages) <= 10
    hostile = report_files(_hostile_class())
    assert hostile["report.pdf"].startswith(b"%PDF")


@pytest.mark.parametrize("points", [[[1, 0, 1]], [[0, 0], [0, 0], [0, 0]], [[1, 1], [1, 1]]],
                         ids=["one student", "all zero", "all full"])
def test_degenerate_classes_still_make_a_report(points):
    html = report_html(class_from_points(points))
    assert "ne peut pas être calculé" in html  # alpha is undefined, and the report says so
    assert html.count("<svg") == 2  # histogram and scatter; no confusion view without rows


def test_a_class_that_left_everything_blank():
    html = report_html(class_from_rows(matching_question(), [[None, None, None]] * 4))
    assert "Rien de net à signaler" in html


@pytest.mark.slow
def test_the_report_is_the_same_in_another_process(simulated, tmp_path):
    """Font registration, dict and set orders, matplotlib ids: nothing may depend on the process."""
    script = tmp_path / "report.py"
    script.write_text(
        "import hashlib, sys\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "from benchmarks.grading import simulated_class\n"
        "from quizgen.grading.report import report_html\n"
        "print(hashlib.sha256(report_html(simulated_class()).encode()).hexdigest())\n")
    repo = Path(__file__).resolve().parent.parent
    environment = {**os.environ, "PYTHONHASHSEED": "4242", "PYTHONPATH": str(repo)}
    done = subprocess.run([sys.executable, str(script), str(repo)], capture_output=True, text=True, check=True,
                          env=environment)
    from benchmarks.grading import simulated_class

    here = hashlib.sha256(report_html(simulated_class()).encode()).hexdigest()
    assert done.stdout.strip() == here


def test_figures_keep_only_known_svg_elements():
    from quizgen.grading.plots import _inline

    svg = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
           '<metadata>date</metadata><script>alert(1)</script><foreignObject><p>x</p></foreignObject>'
           '<g id="a"><g id="b" transform="scale(2)"><text style="fill: #111; stroke: red; cursor: x">'
           '&lt;b&gt;</text></g></g><path id="p" d="M0 0"/><use xlink:href="#p"/></svg>')
    out = _inline(svg, "fig")
    assert "script" not in out and "foreignObject" not in out and "metadata" not in out
    assert '<g transform="scale(2)">' in out, "an empty wrapper is flattened, a transform kept"
    assert 'id="fig-p"' in out and 'xlink:href="#fig-p"' in out and 'id="fig-a"' not in out
    assert '<text fill="#111" stroke="red" style="cursor: x">&lt;b&gt;</text>' in out


def test_results_of_a_simulated_class_survive_json(simulated):
    from quizgen.grading.results import from_json, to_json

    assert from_json(to_json(simulated)) == simulated


def test_bank_questions_become_question_infos(bundled):
    from quizgen.grading.from_bank import question_infos

    bank = bundled.banks[0]
    infos = question_infos(bank, "fr")
    assert list(infos) == [q.id for q in bank.questions]
    icc = infos["tech-match-icc"]
    assert [o.id for o in icc.options][:4] == [row.expected for row in icc.rows]
    assert any(len(row.accepted) > 1 for row in icc.rows)
    ledger_rows = [row for q in infos.values() for row in q.rows if row.claim]
    assert ledger_rows and all(row.claim_verdict == bank.claims[row.claim].verdict for row in ledger_rows)
    assert all(q.truth is not None for q in infos.values() if q.type == "true-false")


def test_a_missing_report_template_is_a_problem_for_people(simulated, tmp_path):
    from quizgen.core.problems import TemplateProblem
    from quizgen.render.templates import TemplateSet

    nothing = TemplateSet((tmp_path,))  # a template set whose only folder is empty
    with pytest.raises(TemplateProblem, match="not found"):
        report_html(simulated, templates=nothing)
    with pytest.raises(TemplateProblem, match="report-print.css"):
        report_pdf("<p>x</p>", "x", templates=nothing)
