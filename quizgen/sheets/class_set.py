"""A class set: every student's worksheet in one duplex-safe PDF, one marking grid for the class,
one detailed answer key ordered by question, and a manifest listing every variant and student.

With --answer-sheet, every student's answer sheet (stamped, read by quizgen scan) in answer-sheets.pdf instead
of the worksheets, and one question booklet per variant in question-booklets.pdf (nothing written on them:
they serve other classes again)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quizgen.bank.dump import content_hash
from quizgen.bank.workspace import Workspace
from quizgen.core.labels import label, localize
from quizgen.core.output import write_folder
from quizgen.core.problems import UsageProblem
from quizgen.render.join import Joined, Part, join, page_count
from quizgen.render.pool import Rendered
from quizgen.render.templates import TemplateSet
from quizgen.sheets.html import page_css, render_html
from quizgen.sheets.request import (
    ANSWER_KEY_PDF,
    HANDOUT_PDF,
    MANIFEST,
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
from quizgen.sheets.roster import Student, read_roster
from quizgen.sheets.scannable import layouts_section, stamp_sheet
from quizgen.variants.draw import (
    Variant,
    class_variants,
    distinct_sheets,
    fresh_seed,
    manifest_overlaps,
    manifest_questions,
    overlap_note,
    variant_code,
)

CLASS_WORKSHEETS_PDF = "worksheets.pdf"
CLASS_GRID_PDF = "marking-grid.pdf"
CLASS_ANSWER_SHEETS_PDF = "answer-sheets.pdf"  # --answer-sheet: one per student, stamped, instead of worksheets.pdf
CLASS_BOOKLETS_PDF = "question-booklets.pdf"  # --answer-sheet: one booklet per variant code, never stamped


@dataclass(frozen=True)
class ClassSet:
    """A class set up to HTML: one variant per student (or per sheet), and every PDF to make."""

    variants: tuple[Variant, ...]
    students: tuple[Student | None, ...]
    code: str
    jobs: tuple[PdfJob, ...]  # one per student (worksheet or answer sheet) first, in sheet order
    booklets: tuple[Variant, ...]  # --answer-sheet: one per variant code, in the order the sheets first use it


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
    check_request(request)
    bank = workspace.bank(request.bank)
    if students is None:
        students = class_students(request)
    seed = fresh_seed() if request.seed is None else request.seed
    variants = class_variants(bank, request.options, seed, content_hash(bank), len(students))
    templates = templates or template_set(request)
    printing = request.printing
    documents = student_documents(printing)
    written = documents[0]  # the worksheet, or the answer sheet
    jobs: list[PdfJob] = []
    for number, (variant, student) in enumerate(zip(variants, students, strict=True), 1):
        left = f"{variant.code}" + (f" · {student.name}" if student else "")
        jobs.append(PdfJob(
            f"{written}-{number:02d}-{variant.code}", render_html(variant, written, templates, printing, student),
            page_css(variant, written, printing, left), f"{variant.code}/{written}/{student or ''}",
            boxes=printing.scannable,
            tagged=False))  # joined into worksheets.pdf, which cannot keep per-sheet tags: 6 % faster without
    booklets = _one_per_code(variants) if "booklet" in documents else []
    for variant in booklets:
        jobs.append(PdfJob(f"booklet-{variant.code}", render_html(variant, "booklet", templates, printing),
                           page_css(variant, "booklet", printing), f"{variant.code}/booklet", tagged=False))
    first = variants[0]
    class_code = _class_code(variants, students)
    for name, kind in (("marking-grid", "grid"), ("answer-key", "class-key")):
        jobs.append(PdfJob(name, render_html(first, kind, templates, printing, None, variants, students),
                           page_css(first, kind, printing, class_code), f"{class_code}/{kind}"))
    if request.keys_per_variant:
        for number, variant in enumerate(variants, 1):
            jobs.append(PdfJob(f"keys/{number:02d}-{variant.code}", render_html(variant, "key", templates, printing),
                               page_css(variant, "key", printing), f"{variant.code}/key"))
    if request.handout:
        jobs.append(handout_job(first, templates, printing, "article"))
    return ClassSet(tuple(variants), tuple(students), class_code, tuple(jobs), tuple(booklets))


def _one_per_code(variants: list[Variant]) -> list[Variant]:
    """The variants with distinct codes, in the order the sheets first use them: one booklet each."""
    first: dict[str, Variant] = {}
    for variant in variants:
        first.setdefault(variant.code, variant)
    return list(first.values())


def _class_code(variants: list[Variant], students: list[Student | None]) -> str:
    """A code for the whole set: it changes with the variants and with the names printed."""
    first = variants[0]
    names = [student.name if student else "" for student in students]
    digest = hashlib.sha256(json.dumps([[v.code for v in variants], names]).encode()).hexdigest()[:12]
    return variant_code(first.bank_hash, first.options, first.seed, int(digest, 16))


def build_class_set(workspace: Workspace, request: BuildRequest) -> BuildResult:
    """Render a class set, stamp its sheets when they are scannable, join them, and write the folder."""
    templates = template_set(request)
    check_request(request)
    students = class_students(request)  # a bad class list fails before any process starts
    class_set, folder, results = _render_class_set(workspace, request, templates, students)
    pdfs = {name: pdf_of(result) for name, result in results.items()}
    first = class_set.variants[0]
    written = student_documents(request.printing)[0]  # the worksheet, or the answer sheet
    sheets, scan_pages = _student_sheets(request, class_set, results, written)
    subject = localize(first.bank.title, first.language, first.bank.language)
    joined = join(sheets, title=f"{first.bank.id} — {len(class_set.variants)} × {written.replace('-', ' ')}",
                  subject=subject, language=first.language)
    sheets_file = CLASS_ANSWER_SHEETS_PDF if written == "answer-sheet" else CLASS_WORKSHEETS_PDF
    files: dict[str, bytes] = {
        sheets_file: joined.pdf,
        CLASS_GRID_PDF: pdfs["marking-grid"],
        ANSWER_KEY_PDF: pdfs["answer-key"],
    }
    listed: dict[str, Any] = {"answer_sheets" if written == "answer-sheet" else "worksheets": sheets_file,
                              "marking_grid": CLASS_GRID_PDF, "answer_key": ANSWER_KEY_PDF}
    booklet_pages: dict[str, list[int]] = {}
    if class_set.booklets:
        files[CLASS_BOOKLETS_PDF], booklet_pages = _join_booklets(class_set, pdfs, subject)
        listed["question_booklets"] = CLASS_BOOKLETS_PDF
    if request.handout:
        files[HANDOUT_PDF] = pdfs["article"]
        listed["handout"] = HANDOUT_PDF
    entries = _sheet_entries(request, class_set, joined, booklet_pages)
    files |= _variant_keys(request, class_set, pdfs)
    if request.emit_html:
        files |= _html_files(class_set, templates)
    files[MANIFEST] = _manifest(request, class_set, listed, entries, scan_pages)
    write_folder(folder, files, force=request.force)
    pages = sum(page_count(pdf) for pdf in pdfs.values())
    return BuildResult(folder, sorted(files), first, list(class_set.variants), list(class_set.students), pages)


def _render_class_set(workspace: Workspace, request: BuildRequest, templates: TemplateSet,
                      students: list[Student | None]) -> tuple[ClassSet, Path, dict[str, Rendered]]:
    """The class set's documents rendered, by job name, and its output folder (ready to be written).
    The render processes start first, so they load while the variants are drawn and the HTML made."""
    documents = len(students) * (2 if request.keys_per_variant else 1) + 2 + (1 if request.handout else 0)
    if request.printing.answer_sheet:
        documents += len(students)  # at most: one booklet per variant code
    with render_pool(templates, request, documents) as pool:
        class_set = prepare_class_set(workspace, request, templates, students)
        _note_overlaps_and_repeats(request, class_set)
        folder = request.out / f"{class_set.variants[0].bank.id}-{_folder_word(class_set)}-{class_set.code}"
        ready_output(folder, request)
        results = dict(zip((job.name for job in class_set.jobs), render_jobs(pool, class_set.jobs, request),
                           strict=True))
    return class_set, folder, results


def _note_overlaps_and_repeats(request: BuildRequest, class_set: ClassSet) -> None:
    if text := overlap_note(class_set.variants[0]):  # every sheet of a set has the same questions
        note(request, text)
    different = distinct_sheets(class_set.variants)
    if different < len(class_set.variants):
        note(request, f"these {len(class_set.variants[0].questions)} questions can only be arranged in "
                      f"{different} different ways, so some of the {len(class_set.variants)} sheets repeat "
                      "(never two neighbours); add questions for more variety.")


def _student_sheets(request: BuildRequest, class_set: ClassSet, results: dict[str, Rendered],
                    written: str) -> tuple[list[Part], dict[str, dict[str, Any]]]:
    """Every student's sheet, in order, for joining, and (scannable) each stamped page's layout by QR text."""
    variants = class_set.variants
    sheets: list[Part] = []
    scan_pages: dict[str, dict[str, Any]] = {}
    for number, (job, variant, student) in enumerate(zip(class_set.jobs[:len(variants)], variants,
                                                         class_set.students, strict=True), 1):
        pdf = pdf_of(results[job.name])
        if request.printing.scannable:  # each page stamped before joining: padding pages stay blank
            stamped = stamp_sheet(boxed(results[job.name]), manifest_questions(variant), class_set.code,
                                  variant.code, number, written.replace("-", " "))
            pdf = stamped.pdf
            scan_pages.update(stamped.pages)
        sheets.append(Part(pdf, _bookmark(number, variant, student)))
    return sheets, scan_pages


def _join_booklets(class_set: ClassSet, pdfs: dict[str, bytes], subject: str) -> tuple[bytes, dict[str, list[int]]]:
    """question-booklets.pdf, and each variant code's pages in it (first, last)."""
    first = class_set.variants[0]
    name = label(first.language, "question_booklet")
    booklets = join([Part(pdfs[f"booklet-{variant.code}"], f"{name} {variant.code}") for variant in class_set.booklets],
                    title=f"{first.bank.id} — {len(class_set.booklets)} × question booklet", subject=subject,
                    language=first.language)
    pages = {variant.code: [start, start + count - 1] for variant, start, count in
             zip(class_set.booklets, booklets.first_pages, booklets.page_counts, strict=True)}
    return booklets.pdf, pages


def _sheet_entries(request: BuildRequest, class_set: ClassSet, joined: Joined,
                   booklet_pages: dict[str, list[int]]) -> list[dict[str, Any]]:
    """The manifest's line for each sheet: variant, student, pages, questions."""
    entries = []
    for number, (variant, student) in enumerate(zip(class_set.variants, class_set.students, strict=True), 1):
        first_page, pages = joined.first_pages[number - 1], joined.page_counts[number - 1]
        entry: dict[str, Any] = {
            "number": number,
            "variant_code": variant.code,
            "seed": variant.seed,
            "student": _student_entry(student),
            "pages": [first_page, first_page + pages - 1],  # of worksheets.pdf or answer-sheets.pdf; padding included
            **({"booklet_pages": booklet_pages[variant.code]} if booklet_pages else {}),  # of question-booklets.pdf
            "total_points": variant.total_points,
            "questions": manifest_questions(variant),
        }
        if request.keys_per_variant:
            entry["answer_key"] = _key_file(number, variant)
        entries.append(entry)
    return entries


def _variant_keys(request: BuildRequest, class_set: ClassSet, pdfs: dict[str, bytes]) -> dict[str, bytes]:
    """--keys-per-variant: keys/NN-CODE.pdf for every sheet."""
    if not request.keys_per_variant:
        return {}
    return {_key_file(number, variant): pdfs[f"keys/{number:02d}-{variant.code}"]
            for number, variant in enumerate(class_set.variants, 1)}


def _key_file(number: int, variant: Variant) -> str:
    return f"keys/{number:02d}-{variant.code}.pdf"


def _html_files(class_set: ClassSet, templates: TemplateSet) -> dict[str, bytes]:
    """--emit-html: every rendered document as a standalone HTML file."""
    stylesheet = templates.find("style.css")
    return {f"html/{job.name.replace('/', '-')}.html":
            standalone_html(job.html, stylesheet, job.page_css).encode("utf-8") for job in class_set.jobs}


def _manifest(request: BuildRequest, class_set: ClassSet, listed: dict[str, Any], entries: list[dict[str, Any]],
              scan_pages: dict[str, dict[str, Any]]) -> bytes:
    first = class_set.variants[0]
    return as_json({
        "format": "quizgen-class-set",
        "version": 1,
        "class_code": class_set.code,
        "seed": first.seed,
        "bank": first.bank.id,
        "bank_hash": first.bank_hash,
        "options": first.options.as_dict(),
        "roster": str(request.roster) if request.roster else None,
        "paper": request.printing.paper,
        "print": print_options(request.printing),
        "files": listed,
        "rebuild": rebuild_command(request, first),
        "variants": entries,
        "overlaps": manifest_overlaps(first),  # the same on every sheet: a set's sheets share their questions
        **({"scan": layouts_section(scan_pages, first.language)} if request.printing.scannable else {}),
    })


def _student_entry(student: Student | None) -> dict[str, str] | None:
    """The manifest's student; family and given names only when the roster had both columns (grades.csv)."""
    if student is None:
        return None
    entry = {"name": student.name, "class": student.group}
    if student.family_name is not None:
        entry |= {"family_name": student.family_name, "given_name": student.given_name or ""}
    return entry


def _folder_word(class_set: ClassSet) -> str:
    return label(class_set.variants[0].language, "folder.class_set")


def _bookmark(number: int, variant: Variant, student: Student | None) -> str:
    return f"{number:02d} · {variant.code}" + (f" · {student.name}" if student else "")
