"""What a build is asked (content, print and run options) and the pieces every kind of build shares:
the PDF jobs, the template set, the render pool, the manifest's JSON."""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizgen.core.defaults import templates_dir
from quizgen.core.output import check_target, recover
from quizgen.core.problems import UsageProblem
from quizgen.render.laid_out import RenderedWithBoxes
from quizgen.render.pool import Rendered, RenderJob, RenderPool
from quizgen.render.templates import TemplateSet
from quizgen.sheets.html import PrintOptions, page_css, render_html
from quizgen.sheets.roster import Student
from quizgen.variants.draw import Options, Variant

WORKSHEET_PDF = "worksheet.pdf"
ANSWER_SHEET_PDF = "answer-sheet.pdf"  # --answer-sheet, one sheet: what the student writes on (stamped)
BOOKLET_PDF = "question-booklet.pdf"  # --answer-sheet, one sheet: the questions, nothing to write on
ANSWER_KEY_PDF = "answer-key.pdf"
MANIFEST = "manifest.json"
HANDOUT_PDF = "article.pdf"
SELF_CHECK_HTML = "self-check.html"
SELF_CHECK_FOLDER = "self-check"  # BANK-CODE-self-check/, beside the PDFs' BANK-CODE/
MAX_VARIANTS = 400


@dataclass
class BuildRequest:
    """What to build: content options (`options`), print options (`printing`), and how to run it."""

    out: Path = Path("output")
    seed: int | None = None
    options: Options = field(default_factory=Options)
    printing: PrintOptions = field(default_factory=PrintOptions)
    force: bool = False
    templates: Path | None = None
    bank: str | None = None
    emit_html: bool = False
    handout: bool = False
    variants: int | None = None  # a class set of N sheets
    roster: Path | None = None  # a class set, one sheet per student of this CSV
    keys_per_variant: bool = False
    workers: int | None = None  # render processes; default one per core (see render.pool.worker_count)
    on_start: Callable[[int], None] | None = None  # called with the number of documents to render
    on_rendered: Callable[[int], None] | None = None  # called as documents are done
    on_note: Callable[[str], None] | None = None  # called with what a person should know (templates used, tidying)
    paths: tuple[Path, ...] = ()  # the banks' paths as given, for the rebuild command

    @property
    def is_class_set(self) -> bool:
        return self.variants is not None or self.roster is not None


@dataclass
class BuildResult:
    folder: Path
    files: list[str]
    variant: Variant
    variants: list[Variant] = field(default_factory=list)
    students: list[Student | None] = field(default_factory=list)
    pages: int = 0  # pages rendered in all (class sets)


@dataclass(frozen=True)
class PdfJob:
    """One PDF to make: its file name, HTML, page CSS, the id that fixes its PDF /ID, and whether it
    carries PDF tags (every document a teacher gets on its own does)."""

    name: str
    html: str
    page_css: str
    identifier: str
    boxes: bool = False  # a scannable worksheet: also return where its answer boxes were laid out
    tagged: bool = True  # False for worksheets joined into a class set: the join drops per-sheet tags anyway


def template_set(request: BuildRequest) -> TemplateSet:
    """--templates, else a templates/ folder in the working folder (as `quizgen init` makes), else the defaults.

    A templates/ folder picked up from the working folder is announced: templates are trusted code
    (README, "Own templates"), so using one must never go unnoticed."""
    user = request.templates
    if user is None and Path("templates").is_dir():
        user = Path("templates")
        if user.resolve() != templates_dir().resolve():  # not the bundled ones (a source checkout's)
            note(request, f"using your templates from {user.resolve()} (found in the working folder; "
                          "--templates DIR chooses another folder).")
    return TemplateSet.with_override(user)


def note(request: BuildRequest, text: str) -> None:
    if request.on_note is not None:
        request.on_note(text)


def ready_output(folder: Path, request: BuildRequest) -> None:
    """Before anything is rendered: tidy what interrupted builds left beside `folder` (saying so),
    then fail at once if `folder` cannot be written, or exists without --force."""
    for text in recover(folder.parent):
        note(request, text)
    check_target(folder, request.force)


def check_request(request: BuildRequest) -> None:
    if request.printing.paper not in ("a4", "letter"):
        raise UsageProblem("--paper must be a4 or letter.")
    if request.variants is not None and not 1 <= request.variants <= MAX_VARIANTS:
        raise UsageProblem(f"--variants must be between 1 and {MAX_VARIANTS}.")
    if request.printing.answer_sheet and not request.printing.scannable:
        raise UsageProblem("a separate answer sheet is read by quizgen scan: ask for --scannable with --answer-sheet "
                           "(the command line's --answer-sheet does so by itself).")
    if request.keys_per_variant and not request.is_class_set:
        raise UsageProblem("--keys-per-variant only applies to a class set (--variants N or --roster FILE).")


def student_documents(printing: PrintOptions) -> tuple[str, ...]:
    """What each student gets, the document written on first: the worksheet, or with --answer-sheet the answer
    sheet (boxes, stamped, read by quizgen scan) and the question booklet (reusable: nothing written on it)."""
    return ("answer-sheet", "booklet") if printing.answer_sheet else ("worksheet",)


def handout_job(variant: Variant, templates: TemplateSet, printing: PrintOptions, name: str) -> PdfJob:
    article = variant.bank.article.id
    return PdfJob(name, render_html(variant, "handout", templates, printing),
                  page_css(variant, "handout", printing, article), f"{article}/handout")


def render_jobs(pool: RenderPool, jobs: Sequence[PdfJob], request: BuildRequest) -> list[Rendered]:
    """Each job's PDF, or for `boxes` jobs the PDF with its box positions (`render.laid_out.RenderedWithBoxes`)."""
    if request.on_start:
        request.on_start(len(jobs))
    return pool.render_all([RenderJob(job.html, job.page_css, job.identifier, job.boxes, job.tagged) for job in jobs],
                           request.on_rendered)


def pdf_of(result: Rendered) -> bytes:
    """A rendered job's PDF, whether or not its boxes came with it."""
    return result.pdf if isinstance(result, RenderedWithBoxes) else result


def boxed(result: Rendered) -> RenderedWithBoxes:
    """A `boxes` job's result (its PDF and where its answer boxes are)."""
    if not isinstance(result, RenderedWithBoxes):
        raise TypeError("this job was rendered without its boxes")
    return result


def render_pool(templates: TemplateSet, request: BuildRequest, documents: int) -> RenderPool:
    """Started before the HTML is made, so workers load WeasyPrint meanwhile; never more workers
    than `documents` to render."""
    return RenderPool(templates.folders, templates.find("style.css"), request.workers, documents)


def rebuild_command(request: BuildRequest, variant: Variant, html: bool = False) -> str:
    """The whole `quizgen build` command that makes this sheet (or set) again: every option that changes
    what is asked (the variant code), what is printed, and which files are made, with the seed used."""
    options = variant.options  # as the bank spells them: what made the variant code
    words = ["quizgen", "build", *(str(path) for path in request.paths), "--bank", variant.bank.id,
             "--seed", str(variant.seed if variant.set_seed is None else variant.set_seed)]
    if options.preset:
        words += ["--preset", options.preset]
    if options.count:
        words += ["--count", str(options.count)]
    for flag, values in (("--skill", options.skills), ("--technique", options.techniques),
                         ("--difficulty", options.difficulty), ("--type", options.types)):
        for value in values:
            words += [flag, str(value)]
    if options.language:
        words += ["--lang", options.language]
    if html:
        return shlex.join([*words, "--format", "html"])
    if request.roster is not None:
        words += ["--roster", str(request.roster)]
    elif request.variants is not None:
        words += ["--variants", str(request.variants)]
    printing = request.printing
    words += (["--paper", printing.paper] if printing.paper != "a4" else []) + [
        flag for flag, wanted in (("--large-print", printing.large_print),
                                  ("--dyslexia-friendly", printing.dyslexia_friendly),
                                  ("--scannable", printing.scannable), ("--answer-sheet", printing.answer_sheet),
                                  ("--handout", request.handout), ("--keys-per-variant", request.keys_per_variant))
        if wanted]
    return shlex.join(words)


def standalone_html(html: str, stylesheet: Path, page_css: str) -> str:
    """The HTML as rendered, with its stylesheet linked and page CSS inlined, so that WeasyPrint
    alone (`weasyprint worksheet.html out.pdf`) lays it out exactly as quizgen did."""
    head = f'<link rel="stylesheet" href="{stylesheet.resolve().as_uri()}">\n<style>{page_css}</style>\n'
    return html.replace("</head>", head + "</head>", 1)


def print_options(printing: PrintOptions) -> dict[str, bool]:
    options = {"large_print": printing.large_print, "dyslexia_friendly": printing.dyslexia_friendly}
    if printing.scannable:  # only then, so the manifests of other builds stay as they were
        options["scannable"] = True
    if printing.answer_sheet:
        options["answer_sheet"] = True
    return options


def as_json(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
