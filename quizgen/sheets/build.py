"""The main job: bank → variant → HTML → PDFs + manifest, written atomically.

One sheet (`build`) gives worksheet.pdf (with --answer-sheet: answer-sheet.pdf and question-booklet.pdf),
answer-key.pdf and manifest.json; a class set
(`--variants N` or `--roster FILE`) is built by `quizgen.sheets.class_set`; the offline
self-check page (`--format html`) by `build_html`.
"""

from __future__ import annotations

from quizgen.bank.workspace import Workspace
from quizgen.core.output import write_folder
from quizgen.core.problems import UsageProblem
from quizgen.render.templates import TemplateSet
from quizgen.sheets.class_set import build_class_set
from quizgen.sheets.html import page_css, render_html
from quizgen.sheets.request import (
    ANSWER_KEY_PDF,
    ANSWER_SHEET_PDF,
    BOOKLET_PDF,
    HANDOUT_PDF,
    MANIFEST,
    SELF_CHECK_FOLDER,
    SELF_CHECK_HTML,
    WORKSHEET_PDF,
    BuildRequest,
    BuildResult,
    PdfJob,
    as_json,
    boxed,
    check_request,
    handout_job,
    note,
    pdf_of,
    print_options,
    ready_output,
    rebuild_command,
    render_jobs,
    render_pool,
    standalone_html,
    student_documents,
    template_set,
)
from quizgen.sheets.scannable import layouts_section, stamp_sheet
from quizgen.study.selfcheck import render_quiz
from quizgen.variants.draw import Variant, draw_variant, manifest, manifest_questions, overlap_note

#: Each document a student gets, for one sheet: its file and its name in the manifest's "files".
STUDENT_FILES = {"worksheet": (WORKSHEET_PDF, "worksheet"), "answer-sheet": (ANSWER_SHEET_PDF, "answer_sheet"),
                 "booklet": (BOOKLET_PDF, "question_booklet")}

__all__ = ["BuildRequest", "BuildResult", "build", "build_html", "prepare", "template_set"]


def prepare(workspace: Workspace, request: BuildRequest,
            templates: TemplateSet | None = None) -> tuple[Variant, dict[str, str]]:
    """Everything up to HTML, without WeasyPrint: the variant and its HTML documents (the student's, then "key")."""
    check_request(request)
    variant = draw_variant(workspace, request.bank, request.options, request.seed)
    templates = templates or template_set(request)
    html = {kind: render_html(variant, kind, templates, request.printing)
            for kind in (*student_documents(request.printing), "key")}
    return variant, html


def build(workspace: Workspace, request: BuildRequest) -> BuildResult:
    """One sheet (worksheet, answer key, manifest), or a whole class set."""
    if request.is_class_set:
        return build_class_set(workspace, request)
    templates = template_set(request)
    check_request(request)
    printing = request.printing
    documents = student_documents(printing)
    with render_pool(templates, request, len(documents) + (2 if request.handout else 1)) as pool:
        variant, html = prepare(workspace, request, templates)
        _note_overlaps(request, variant)
        folder = request.out / f"{variant.bank.id}-{variant.code}"
        ready_output(folder, request)  # an existing build or an unusable --out is found before rendering
        jobs = [  # the document the student writes on first: the one with boxes when scannable
            *(PdfJob(STUDENT_FILES[kind][0], html[kind], page_css(variant, kind, printing), f"{variant.code}/{kind}",
                     boxes=printing.scannable_for(kind)) for kind in documents),
            PdfJob(ANSWER_KEY_PDF, html["key"], page_css(variant, "key", printing), f"{variant.code}/key"),
        ]
        if request.handout:
            jobs.append(handout_job(variant, templates, printing, HANDOUT_PDF))
        pdfs = render_jobs(pool, jobs, request)
    files = {job.name: pdf_of(pdf) for job, pdf in zip(jobs, pdfs, strict=True)}
    stamped = None
    if printing.scannable:  # one sheet: its own code names the set, and it is sheet 1; a booklet is not stamped
        stamped = stamp_sheet(boxed(pdfs[0]), manifest_questions(variant), variant.code, variant.code, 1,
                              documents[0].replace("-", " "))
        files[jobs[0].name] = stamped.pdf
    if request.emit_html:
        stylesheet = templates.find("style.css")
        for job in jobs[:len(documents) + 1]:
            files[job.name.replace(".pdf", ".html")] = standalone_html(job.html, stylesheet, job.page_css).encode()
    listed = {**{STUDENT_FILES[kind][1]: STUDENT_FILES[kind][0] for kind in documents}, "answer_key": ANSWER_KEY_PDF}
    if request.handout:
        listed["handout"] = HANDOUT_PDF
    data = manifest(variant, listed) | {"paper": printing.paper, "print": print_options(printing),
                                        "rebuild": rebuild_command(request, variant)}
    if stamped is not None:
        data["scan"] = layouts_section(stamped.pages, variant.language)
    files[MANIFEST] = as_json(data)
    write_folder(folder, files, force=request.force)
    return BuildResult(folder, sorted(files), variant, [variant], [None])


def build_html(workspace: Workspace, request: BuildRequest) -> BuildResult:
    """The offline self-check: one self-contained HTML file (plus the manifest) per variant."""
    if request.is_class_set:
        raise UsageProblem("--format html makes one self-check page; --variants and --roster are for printed "
                           "class sets. Build pages one --seed at a time instead.")
    if request.handout:
        raise UsageProblem("--handout prints the article as a PDF beside printed sheets; the self-check page "
                           "(--format html) already holds the article, folded under its title. Leave out --handout.")
    if request.printing.scannable:
        option = "--answer-sheet" if request.printing.answer_sheet else "--scannable"
        raise UsageProblem(f"{option} prints boxes that quizgen scan reads back from paper; the self-check page "
                           f"(--format html) is answered on screen and checks itself. Leave out {option}.")
    variant = draw_variant(workspace, request.bank, request.options, request.seed)
    _note_overlaps(request, variant)
    # Not the PDF build's folder: a --force on one format must never delete the other's files.
    folder = request.out / f"{variant.bank.id}-{variant.code}-{SELF_CHECK_FOLDER}"
    ready_output(folder, request)
    files: dict[str, bytes] = {SELF_CHECK_HTML: render_quiz(variant, template_set(request)).encode("utf-8")}
    files[MANIFEST] = as_json(manifest(variant, {"self_check": SELF_CHECK_HTML})
                              | {"rebuild": rebuild_command(request, variant, html=True)})
    write_folder(folder, files, force=request.force)
    return BuildResult(folder, sorted(files), variant)


def _note_overlaps(request: BuildRequest, variant: Variant) -> None:
    text = overlap_note(variant)
    if text:
        note(request, text)
