"""What a build is asked (content, print and run options) and the pieces every kind of build shares:
the PDF jobs, the template set, the render pool, the manifest's JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizgen.core.problems import UsageProblem
from quizgen.render.pool import RenderJob, RenderPool
from quizgen.render.templates import TemplateSet
from quizgen.sheets.html import PrintOptions, page_css, render_html
from quizgen.sheets.roster import Student
from quizgen.variants.draw import Options, Variant

WORKSHEET_PDF = "worksheet.pdf"
ANSWER_KEY_PDF = "answer-key.pdf"
MANIFEST = "manifest.json"
HANDOUT_PDF = "article.pdf"
SELF_CHECK_HTML = "self-check.html"
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
    workers: int | None = None  # render processes; default one per core
    on_start: Callable[[int], None] | None = None  # called with the number of documents to render
    on_rendered: Callable[[int], None] | None = None  # called as documents are done

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
    tagged: bool = True


def template_set(request: BuildRequest) -> TemplateSet:
    """--templates, else a templates/ folder in the working folder (as `quizgen init` makes), else the defaults."""
    user = request.templates
    if user is None and Path("templates").is_dir():
        user = Path("templates")
    return TemplateSet.with_override(user)


def check_request(request: BuildRequest) -> None:
    if request.printing.paper not in ("a4", "letter"):
        raise UsageProblem("--paper must be a4 or letter.")
    if request.variants is not None and not 1 <= request.variants <= MAX_VARIANTS:
        raise UsageProblem(f"--variants must be between 1 and {MAX_VARIANTS}.")
    if request.keys_per_variant and not request.is_class_set:
        raise UsageProblem("--keys-per-variant only applies to a class set (--variants N or --roster FILE).")


def handout_job(variant: Variant, templates: TemplateSet, printing: PrintOptions, name: str) -> PdfJob:
    article = variant.bank.article.id
    return PdfJob(name, render_html(variant, "handout", templates, printing),
                  page_css(variant, "handout", printing, article), f"{article}/handout")


def render_jobs(pool: RenderPool, jobs: list[PdfJob], request: BuildRequest) -> list[bytes]:
    if request.on_start:
        request.on_start(len(jobs))
    return pool.render([RenderJob(job.html, job.page_css, job.identifier, job.tagged) for job in jobs],
                       request.on_rendered)


def render_pool(templates: TemplateSet, request: BuildRequest) -> RenderPool:
    """Started before the HTML is made, so workers load WeasyPrint meanwhile."""
    return RenderPool(templates.folders, templates.find("style.css"), request.workers)


def standalone_html(html: str, stylesheet: Path, page_css: str) -> str:
    """The HTML as rendered, with its stylesheet linked and page CSS inlined, so that WeasyPrint
    alone (`weasyprint worksheet.html out.pdf`) lays it out exactly as quizgen did."""
    head = f'<link rel="stylesheet" href="{stylesheet.resolve().as_uri()}">\n<style>{page_css}</style>\n'
    return html.replace("</head>", head + "</head>", 1)


def print_options(printing: PrintOptions) -> dict[str, bool]:
    return {"large_print": printing.large_print, "dyslexia_friendly": printing.dyslexia_friendly}


def as_json(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
