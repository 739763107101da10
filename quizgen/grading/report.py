"""The class report: `report.html` (self-contained) and `report.pdf` (the same HTML through WeasyPrint).

    files = report_files(results, scale=20)        # {"report.html": bytes, "report.pdf": bytes}
    # or, step by step:
    analysis = analyse_class(results)              # statistics + both confusion views + readings
    html = report_html(results, analysis, scale=20)
    pdf = report_pdf(html, identifier=results.bank_id)

Sections: summary (marks, alpha/KR-20 and its meaning in one sentence), mark histogram, per-question
table (facility, discrimination, upper−lower, flags) and the facility × discrimination plot,
distractor tables, the technique and verdict confusion views with their readings, results by skill
and by technique with a one-line reading each (the weakest group against the strongest).
Language: `results.language`; every string is in `labels.LABELS`.

Safety: bank text is untrusted. The HTML is rendered by a `jinja2.sandbox.SandboxedEnvironment`
with autoescape on and only plain data (str, int, float, bool, lists, dicts) in the context; the
only markup passed in is the figures' SVG, which `plots` writes through ElementTree (texts escaped,
only known SVG elements kept). Control characters are removed from bank text.
The HTML needs no script and no network: CSS and SVG are inline; it names no font file (the PDF
gets the bundled TeX Gyre fonts from `report-print.css` through render_pdf's URL fetcher, which
only serves files from the templates folder).

Deterministic: same results and scale → byte-identical HTML and PDF (no date anywhere; the PDF /ID
comes from `identifier`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import markupsafe

from quizgen.core.typography import french
from quizgen.grading import plots
from quizgen.grading.confusion import (
    MAX_READINGS,
    MIN_GROUP,
    MIN_SHARE,
    MIN_STUDENTS,
    ConfusionMatrix,
    Reading,
    technique_confusion,
    technique_readings,
    verdict_confusion,
    verdict_readings,
)
from quizgen.grading.grades import SCALES
from quizgen.grading.labels import column_name, group_reading_text, label, number, percent, reading_text
from quizgen.grading.results import ClassResults
from quizgen.grading.statistics import ClassStatistics, analyse, group_reading
from quizgen.render.pdf import Renderer
from quizgen.render.templates import TemplateSet, render_template

TEMPLATE = "report/report.html"
PRINT_STYLESHEET = "report/report-print.css"
REPORT_HTML = "report.html"
REPORT_PDF = "report.pdf"
PROMPT_LENGTH = 140  # characters of a prompt shown in the tables


@dataclass(frozen=True)
class ClassAnalysis:
    statistics: ClassStatistics
    techniques: ConfusionMatrix
    verdicts: ConfusionMatrix
    technique_readings: tuple[Reading, ...]
    verdict_readings: tuple[Reading, ...]


def analyse_class(results: ClassResults) -> ClassAnalysis:
    techniques, verdicts = technique_confusion(results), verdict_confusion(results)
    return ClassAnalysis(analyse(results), techniques, verdicts, technique_readings(techniques),
                         verdict_readings(verdicts))


def report_files(results: ClassResults, scale: int = 20, templates: TemplateSet | None = None) -> dict[str, bytes]:
    html = report_html(results, analyse_class(results), scale, templates)
    return {REPORT_HTML: html.encode("utf-8"), REPORT_PDF: report_pdf(html, results.bank_id, templates)}


def report_html(results: ClassResults, analysis: ClassAnalysis | None = None, scale: int = 20,
                templates: TemplateSet | None = None) -> str:
    """The report as one self-contained HTML page (the same sandboxed, layered templates as the sheets)."""
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {SCALES}")
    analysis = analysis or analyse_class(results)
    return render_template(templates or TemplateSet.with_override(None), TEMPLATE, _context(results, analysis, scale))


def report_pdf(html: str, identifier: str, templates: TemplateSet | None = None) -> bytes:
    templates = templates or TemplateSet.with_override(None)
    renderer = Renderer(templates.folders, templates.find(PRINT_STYLESHEET))
    return renderer.pdf(html, _page_css(), f"quizgen-report/{identifier}")


def _page_css() -> str:
    return ('@page { size: A4; margin: 14mm 15mm 16mm 15mm;'
            ' @bottom-right { content: counter(page) " / " counter(pages); } }')


# --- the template's context: plain data only -------------------------------------------------------


def _context(results: ClassResults, analysis: ClassAnalysis, scale: int) -> dict[str, Any]:
    language = results.language
    stats = analysis.statistics
    marks = stats.marks

    def on_scale(points: float) -> float:
        return points / marks.max_total * scale if marks.max_total else 0.0

    def text(value: str, length: int | None = None) -> str:
        value = plots.plain(value)
        if length and len(value) > length:
            value = value[: length - 1].rstrip() + "…"
        return french(value) if language == "fr" else value

    def L(key: str, **values: object) -> str:  # noqa: N802 (reads like the template's L.key)
        return label(language, key, **values)

    def signed(value: float | None) -> str:
        return L("undefined") if value is None else f"{round(value * 100)}"

    items = []
    for item in stats.items:
        question = results.questions[item.question_id]
        items.append({
            "number": item.number, "id": item.question_id, "prompt": text(question.prompt, PROMPT_LENGTH),
            "type": L(f"type.{question.type}"), "points": number(question.points, language, 0)
            if question.points == int(question.points) else number(question.points, language),
            "facility": percent(item.facility, language), "discrimination": signed(item.discrimination),
            "upper_lower": signed(item.upper_lower), "no_answer": item.no_answer,
            "flags": [L(f"flag.{flag}") for flag in item.flags],
            "alert": any(f in ("negative_discrimination", "possible_wrong_key") for f in item.flags),
        })
    distractors = []
    for table in stats.distractors:
        question = results.questions[table.question_id]
        distractors.append({
            "number": table.number, "id": table.question_id, "prompt": text(question.prompt, PROMPT_LENGTH),
            "no_answer": table.no_answer, "groups": table.upper_size > 0,
            "upper_size": table.upper_size, "lower_size": table.lower_size,
            "choices": [{
                "text": L(choice.text) if question.is_truth else text(choice.text),
                "correct": choice.correct, "total": choice.total, "upper": choice.upper, "lower": choice.lower,
                "flags": [L(f"flag.{flag}") for flag in choice.flags],
            } for choice in table.choices],
        })
    alpha = stats.reliability.alpha
    if alpha is None:
        alpha_text, alpha_verdict = L("alpha_none"), ""
    else:
        sem = on_scale(stats.reliability.sem) if stats.reliability.sem is not None else 0.0
        alpha_text = L("alpha_meaning", value=number(alpha, language), sem=number(sem, language, 1), scale=scale)
        alpha_verdict = L("alpha_verdict_good" if alpha >= 0.75 else "alpha_verdict_fair" if alpha >= 0.64
                          else "alpha_verdict_poor")
    mean_on_scale = on_scale(marks.mean)
    sheets_marks = [on_scale(sheet.total) for sheet in results.sheets]
    histogram = plots.mark_histogram(
        sheets_marks, scale, mean_on_scale, L("marks_axis", scale=scale), L("students_axis"),
        f"{L('mark_mean')} {number(mean_on_scale, language, 1)}")
    scatter = plots.facility_discrimination(
        [(item.number, item.facility * 100, item.discrimination * 100, results.questions[item.question_id].type)
         for item in stats.items if item.discrimination is not None],
        {qtype: L(f"type.{qtype}") for qtype in plots.TYPE_MARKERS}, L("scatter_x"), L("scatter_y"))
    return {
        "language": language,
        "title": L("report_title"),
        "bank_title": text(results.bank_title),
        "bank_id": results.bank_id,
        "class_name": text(results.group),
        "L": {key: L(key) for key in (
            "summary", "generated_from", "class", "students", "questions", "mark_mean", "mark_median", "mark_sd",
            "mark_range", "marks_histogram", "per_question", "number", "question", "type", "facility",
            "discrimination", "upper_lower", "no_answer", "flags", "scatter_title", "distractors",
            "distractors_intro", "choice", "everyone", "upper_group", "lower_group", "groups_undefined",
            "techniques_view", "techniques_intro", "verdicts_view", "verdicts_intro", "no_readings",
            "no_data_techniques", "no_data_verdicts", "by_skill", "by_technique", "skill", "technique", "units")},
        "alpha_title": L("kr20" if stats.reliability.dichotomous else "alpha"),
        "per_question_intro": L("per_question_intro", upper=stats.upper_size, lower=stats.lower_size),
        "readings_rule": L("readings_rule", min_students=MIN_STUDENTS, min_group=MIN_GROUP,
                           min_share=round(MIN_SHARE * 100), max_readings=MAX_READINGS),
        "summary": {
            "students": marks.students, "questions": len(stats.items), "scale": scale,
            "points": number(marks.max_total, language, 0) if marks.max_total == int(marks.max_total)
            else number(marks.max_total, language),
            "mean": number(mean_on_scale, language, 1), "median": number(on_scale(marks.median), language, 1),
            "sd": number(on_scale(marks.sd), language, 1), "minimum": number(on_scale(marks.minimum), language, 1),
            "maximum": number(on_scale(marks.maximum), language, 1),
            "alpha": L("undefined") if alpha is None else number(alpha, language),
            "alpha_text": alpha_text, "alpha_verdict": alpha_verdict,
        },
        "histogram": markupsafe.Markup(histogram),
        "scatter": markupsafe.Markup(scatter),
        "items": items,
        "distractors": distractors,
        "techniques": _view(analysis.techniques, analysis.technique_readings, results.technique_names, language,
                            "technique-matrix", L),
        "verdicts": _view(analysis.verdicts, analysis.verdict_readings, results.category_labels, language,
                          "verdict-matrix", L),
        "by_skill": [{"label": L(f"skill.{group.key}"), "facility": percent(group.facility, language),
                      "bar": round(group.facility * 100), "units": group.units}
                     for group in stats.by_skill],
        "by_technique": [{"label": text(results.technique_names.get(group.key, group.key)),
                          "facility": percent(group.facility, language), "bar": round(group.facility * 100),
                          "units": group.units} for group in stats.by_technique],
        # Names made plain first (bank text: no control characters); the sentence is typeset by its label.
        "by_skill_reading": group_reading_text(group_reading(stats.by_skill), language, {
            group.key: plots.plain(L(f"skill.{group.key}")) for group in stats.by_skill}),
        "by_technique_reading": group_reading_text(group_reading(stats.by_technique), language, {
            key: plots.plain(name) for key, name in results.technique_names.items()}),
    }


def _view(matrix: ConfusionMatrix, readings: tuple[Reading, ...], names: Mapping[str, str], language: str,
          prefix: str, L: Any) -> dict[str, Any]:  # noqa: N803
    if not matrix.rows:
        return {"empty": True, "svg": "", "readings": []}
    svg = plots.heatmap(
        matrix.counts, [names.get(key, key) for key in matrix.rows],
        [column_name(key, language, names) for key in matrix.columns],
        [(r, matrix.columns.index(key)) for r, key in enumerate(matrix.rows)],
        L("given"), L("intended"), prefix)
    return {"empty": False, "svg": markupsafe.Markup(svg),
            "readings": [french(plots.plain(reading_text(r, language, names))) if language == "fr"
                         else plots.plain(reading_text(r, language, names)) for r in readings]}
