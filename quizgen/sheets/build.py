"""The main job: bank → variants → HTML → PDFs + manifest, written atomically.

One sheet (`build`) gives worksheet.pdf, answer-key.pdf and manifest.json. A class
set (`--variants N` or `--roster FILE`) gives every student's worksheet in one
duplex-safe PDF, one marking grid for the class, one detailed answer key ordered
by question, and a manifest listing every variant and student.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizgen.bank.workspace import Bank, Workspace
from quizgen.core.output import write_folder
from quizgen.core.problems import UsageProblem
from quizgen.export.bank_json import content_hash
from quizgen.render.pool import RenderJob, RenderPool
from quizgen.sheets.html import Look, TemplateSet, page_css, render_html
from quizgen.sheets.roster import Student, read_roster
from quizgen.variants.draw import (
    Options,
    Variant,
    class_variants,
    fresh_seed,
    make_variant,
    manifest,
    manifest_questions,
    variant_code,
)

WORKSHEET_PDF = "worksheet.pdf"
ANSWER_KEY_PDF = "answer-key.pdf"
MANIFEST = "manifest.json"
CLASS_WORKSHEETS_PDF = "worksheets.pdf"
CLASS_GRID_PDF = "marking-grid.pdf"
HANDOUT_PDF = "article.pdf"
MAX_VARIANTS = 400


@dataclass
class BuildRequest:
    out: Path = Path("output")
    seed: int | None = None
    options: Options = field(default_factory=Options)
    paper: str = "a4"
    force: bool = False
    templates: Path | None = None
    bank: str | None = None
    emit_html: bool = False
    variants: int | None = None  # a class set of N sheets
    roster: Path | None = None  # a class set, one sheet per student of this CSV
    keys_per_variant: bool = False
    handout: bool = False
    large_print: bool = False
    dyslexia_friendly: bool = False
    workers: int | None = None  # render processes; default one per core
    on_start: Callable[[int], None] | None = None  # called with the number of documents to render
    on_rendered: Callable[[int], None] | None = None  # called as documents are done

    @property
    def look(self) -> Look:
        return Look(self.paper, self.large_print, self.dyslexia_friendly)

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


@dataclass
class Document:
    """One PDF to make: its file name, HTML, page CSS and the id that fixes its PDF /ID."""

    name: str
    html: str
    page_css: str
    identifier: str


def choose_bank(workspace: Workspace, bank_id: str | None) -> Bank:
    ids = [bank.id for bank in workspace.banks]
    if bank_id is None:
        if len(ids) == 1:
            return workspace.banks[0]
        raise UsageProblem(f"this workspace has {len(ids)} banks ({', '.join(ids) or 'none'}); "
                           "choose one with --bank ID.")
    for bank in workspace.banks:
        if bank.id == bank_id:
            return bank
    raise UsageProblem(f"no bank '{bank_id}'; banks here: {', '.join(ids) or 'none'}.")


def template_set(request: BuildRequest) -> TemplateSet:
    """--templates, else a templates/ folder in the working folder (as `quizgen init` makes), else the defaults."""
    user = request.templates
    if user is None and Path("templates").is_dir():
        user = Path("templates")
    return TemplateSet.with_override(user)


def _check_request(request: BuildRequest) -> None:
    if request.paper not in ("a4", "letter"):
        raise UsageProblem("--paper must be a4 or letter.")
    if request.variants is not None and not 1 <= request.variants <= MAX_VARIANTS:
        raise UsageProblem(f"--variants must be between 1 and {MAX_VARIANTS}.")
    if request.keys_per_variant and not request.is_class_set:
        raise UsageProblem("--keys-per-variant only applies to a class set (--variants N or --roster FILE).")


def draw_variant(workspace: Workspace, bank_id: str | None, options: Options, seed: int | None) -> Variant:
    """The variant of one sheet (a fresh seed when none is given): shared by PDF, HTML and practice."""
    bank = choose_bank(workspace, bank_id)
    return make_variant(bank, options, fresh_seed() if seed is None else seed, content_hash(bank))


def prepare(workspace: Workspace, request: BuildRequest,
            templates: TemplateSet | None = None) -> tuple[Variant, dict[str, str]]:
    """Everything up to HTML, without WeasyPrint: the variant and its two HTML documents."""
    _check_request(request)
    variant = draw_variant(workspace, request.bank, request.options, request.seed)
    templates = templates or template_set(request)
    html = {kind: render_html(variant, kind, templates, request.look) for kind in ("worksheet", "key")}
    return variant, html


@dataclass
class ClassSet:
    """A class set up to HTML: one variant per student (or per sheet), and every document to render."""

    variants: list[Variant]
    students: list[Student | None]
    code: str
    documents: list[Document]


def class_students(request: BuildRequest) -> list[Student | None]:
    """The roster's students, or N nameless sheets for --variants N."""
    if request.roster is None:
        return [None] * (request.variants or 1)
    roster = read_roster(request.roster)
    if request.variants is not None and request.variants != len(roster):
        raise UsageProblem(f"--variants {request.variants} does not match the {len(roster)} students of "
                           f"'{request.roster}'; leave out --variants to give each student a sheet.")
    return list(roster)


def prepare_class_set(workspace: Workspace, request: BuildRequest, templates: TemplateSet | None = None,
                      students: list[Student | None] | None = None) -> ClassSet:
    """The variants, students and every document of a class set, as HTML (no WeasyPrint)."""
    _check_request(request)
    bank = choose_bank(workspace, request.bank)
    if students is None:
        students = class_students(request)
    seed = fresh_seed() if request.seed is None else request.seed
    variants = class_variants(bank, request.options, seed, content_hash(bank), len(students))
    templates = templates or template_set(request)
    look = request.look
    documents: list[Document] = []
    for number, (variant, student) in enumerate(zip(variants, students, strict=True), 1):
        left = f"{variant.code}" + (f" · {student.name}" if student else "")
        documents.append(Document(
            f"worksheet-{number:02d}-{variant.code}", render_html(variant, "worksheet", templates, look, student),
            page_css(variant, "worksheet", look, left), f"{variant.code}/worksheet/{student or ''}"))
    first = variants[0]
    class_code = _class_code(variants, students)
    documents.append(Document("marking-grid", render_html(first, "grid", templates, look, None, variants, students),
                              page_css(first, "grid", look, class_code), f"{class_code}/grid"))
    documents.append(Document("answer-key", render_html(first, "class-key", templates, look, None, variants,
                                                        students),
                              page_css(first, "class-key", look, class_code), f"{class_code}/class-key"))
    if request.keys_per_variant:
        for number, variant in enumerate(variants, 1):
            documents.append(Document(f"keys/{number:02d}-{variant.code}",
                                      render_html(variant, "key", templates, look),
                                      page_css(variant, "key", look), f"{variant.code}/key"))
    if request.handout:
        documents.append(_handout(first, templates, look, "article"))
    return ClassSet(variants, students, class_code, documents)


def _handout(variant: Variant, templates: TemplateSet, look: Look, name: str) -> Document:
    article = variant.bank.article.id
    return Document(name, render_html(variant, "handout", templates, look),
                    page_css(variant, "handout", look, article), f"{article}/handout")


def _class_code(variants: list[Variant], students: list[Student | None]) -> str:
    """A code for the whole set: it changes with the variants and with the names printed."""
    first = variants[0]
    names = [student.name if student else "" for student in students]
    return variant_code(first.bank_hash, first.options, first.seed,
                        int(hashlib.sha256(json.dumps([[v.code for v in variants], names]).encode()).hexdigest()[:12],
                            16))


def _render(pool: RenderPool, documents: list[Document], request: BuildRequest) -> list[bytes]:
    if request.on_start:
        request.on_start(len(documents))
    return pool.render([RenderJob(d.html, d.page_css, d.identifier) for d in documents], request.on_rendered)


def _pool(templates: TemplateSet, request: BuildRequest) -> RenderPool:
    """Started before the HTML is made, so workers load WeasyPrint meanwhile."""
    return RenderPool(templates.folders, templates.find("style.css"), request.workers)


def build(workspace: Workspace, request: BuildRequest) -> BuildResult:
    if request.is_class_set:
        return build_class_set(workspace, request)
    templates = template_set(request)
    _check_request(request)
    with _pool(templates, request) as pool:
        variant, html = prepare(workspace, request, templates)
        look = request.look
        documents = [
            Document(WORKSHEET_PDF, html["worksheet"], page_css(variant, "worksheet", look),
                     f"{variant.code}/worksheet"),
            Document(ANSWER_KEY_PDF, html["key"], page_css(variant, "key", look), f"{variant.code}/key"),
        ]
        if request.handout:
            documents.append(_handout(variant, templates, look, HANDOUT_PDF))
        pdfs = _render(pool, documents, request)
    files = {d.name: pdf for d, pdf in zip(documents, pdfs, strict=True)}
    if request.emit_html:
        stylesheet = templates.find("style.css")
        for document in documents[:2]:
            name = document.name.replace(".pdf", ".html")
            files[name] = standalone_html(document.html, stylesheet, document.page_css).encode("utf-8")
    listed = {"worksheet": WORKSHEET_PDF, "answer_key": ANSWER_KEY_PDF}
    if request.handout:
        listed["handout"] = HANDOUT_PDF
    data = manifest(variant, listed) | {"paper": request.paper, "print": _print_options(request)}
    files[MANIFEST] = _json(data)
    folder = request.out / f"{variant.bank.id}-{variant.code}"
    write_folder(folder, files, force=request.force)
    return BuildResult(folder, sorted(files), variant, [variant], [None])


def build_class_set(workspace: Workspace, request: BuildRequest) -> BuildResult:
    from quizgen.render.join import Part, join

    templates = template_set(request)
    _check_request(request)
    students = class_students(request)  # a bad class list fails before any process starts
    with _pool(templates, request) as pool:
        class_set = prepare_class_set(workspace, request, templates, students)
        variants, documents = class_set.variants, class_set.documents
        pdfs = dict(zip((d.name for d in documents), _render(pool, documents, request), strict=True))
    first = variants[0]
    language = first.language
    count = len(variants)
    worksheets = documents[:len(variants)]  # the other documents come after the students' sheets
    sheets = [Part(pdfs[d.name], _bookmark(number, variant, student))
              for number, (d, variant, student) in enumerate(zip(worksheets, variants, students, strict=True), 1)]
    title = f"{first.bank.id} — {count} × worksheet"
    joined = join(sheets, title=title, subject=_subject(first), language=language)
    files: dict[str, bytes] = {
        CLASS_WORKSHEETS_PDF: joined.pdf,
        CLASS_GRID_PDF: pdfs["marking-grid"],
        ANSWER_KEY_PDF: pdfs["answer-key"],
    }
    listed: dict[str, Any] = {"worksheets": CLASS_WORKSHEETS_PDF, "marking_grid": CLASS_GRID_PDF,
                              "answer_key": ANSWER_KEY_PDF}
    if request.handout:
        files[HANDOUT_PDF] = pdfs["article"]
        listed["handout"] = HANDOUT_PDF
    entries = []
    for number, (variant, student) in enumerate(zip(variants, students, strict=True), 1):
        entry: dict[str, Any] = {
            "number": number,
            "variant_code": variant.code,
            "seed": variant.seed,
            "student": {"name": student.name, "class": student.group} if student else None,
            "pages": _page_range(joined.first_pages[number - 1], joined.page_counts[number - 1]),
            "total_points": variant.total_points,
            "questions": manifest_questions(variant),
        }
        if request.keys_per_variant:
            key_name = f"keys/{number:02d}-{variant.code}.pdf"
            files[key_name] = pdfs[f"keys/{number:02d}-{variant.code}"]
            entry["answer_key"] = key_name
        entries.append(entry)
    if request.emit_html:
        stylesheet = templates.find("style.css")
        for document in documents:
            html = standalone_html(document.html, stylesheet, document.page_css)
            files[f"html/{document.name.replace('/', '-')}.html"] = html.encode("utf-8")
    data = {
        "format": "quizgen-class-set",
        "version": 1,
        "class_code": class_set.code,
        "seed": first.seed,
        "bank": first.bank.id,
        "bank_hash": first.bank_hash,
        "options": first.options.as_dict(),
        "roster": str(request.roster) if request.roster else None,
        "paper": request.paper,
        "print": _print_options(request),
        "files": listed,
        "rebuild": _rebuild_hint(request, first.seed),
        "variants": entries,
    }
    files[MANIFEST] = _json(data)
    folder = request.out / f"{first.bank.id}-classe-{class_set.code}"
    write_folder(folder, files, force=request.force)
    pages = sum(_page_count(pdf) for pdf in pdfs.values())
    return BuildResult(folder, sorted(files), first, variants, students, pages)


def standalone_html(html: str, stylesheet: Path, page_css: str) -> str:
    """The HTML as rendered, with its stylesheet linked and page CSS inlined, so that WeasyPrint
    alone (`weasyprint worksheet.html out.pdf`) lays it out exactly as quizgen did."""
    head = f'<link rel="stylesheet" href="{stylesheet.resolve().as_uri()}">\n<style>{page_css}</style>\n'
    return html.replace("</head>", head + "</head>", 1)


def _page_range(first: int, count: int) -> list[int]:
    """First and last page of a sheet in worksheets.pdf (padding page included)."""
    return [first, first + count - 1]


def _bookmark(number: int, variant: Variant, student: Student | None) -> str:
    return f"{number:02d} · {variant.code}" + (f" · {student.name}" if student else "")


def _subject(variant: Variant) -> str:
    from quizgen.core.i18n import localize

    return localize(variant.bank.title, variant.language, variant.bank.language)


def _print_options(request: BuildRequest) -> dict[str, bool]:
    return {"large_print": request.large_print, "dyslexia_friendly": request.dyslexia_friendly}


def _rebuild_hint(request: BuildRequest, seed: int) -> str:
    words = [f"--seed {seed}"]
    words.append(f"--roster {request.roster}" if request.roster else f"--variants {request.variants}")
    options = request.options
    if options.preset:
        words.append(f"--preset {options.preset}")
    if options.count:
        words.append(f"--count {options.count}")
    return "quizgen build " + " ".join(words)


def _page_count(pdf: bytes) -> int:
    from quizgen.render.join import page_count

    return page_count(pdf)


def _json(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


SELF_CHECK_HTML = "self-check.html"


def build_html(workspace: Workspace, request: BuildRequest) -> BuildResult:
    """The offline self-check: one self-contained HTML file (plus the manifest) per variant."""
    from quizgen.study.selfcheck import render_quiz

    if request.is_class_set:
        raise UsageProblem("--format html makes one self-check page; --variants and --roster are for printed "
                           "class sets. Build pages one --seed at a time instead.")
    variant = draw_variant(workspace, request.bank, request.options, request.seed)
    files: dict[str, bytes] = {SELF_CHECK_HTML: render_quiz(variant, template_set(request)).encode("utf-8")}
    data = manifest(variant, {"self_check": SELF_CHECK_HTML})
    files[MANIFEST] = _json(data)
    folder = request.out / f"{variant.bank.id}-{variant.code}"
    write_folder(folder, files, force=request.force)
    return BuildResult(folder, sorted(files), variant)
