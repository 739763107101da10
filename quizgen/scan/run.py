"""`quizgen scan CLASS_FOLDER SCANS…`: scans in, the responses table and its review page out.

    manifest.json of a class set built with --scannable (classset.py: every page's layout)
    + scan files (copier PDFs, JPEG/PNG photos; any order, upside down, strays, a page missing)
    → batch.read_scans: one reading per page, on every core (a page that fails never stops the batch)
    → answers.decode: lines of the responses table (docs/responses-format.md) + what to check
    → CLASS_FOLDER/scans/responses.csv (or --out) and scan-review.html beside it, written together.

The table is what `quizgen grade` reads; lines to check carry a note naming the review item. An
existing table is replaced only with --force: the teacher may have corrected it by hand.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from quizgen.core.labels import words
from quizgen.core.output import write_files
from quizgen.core.problems import OutputExists, UsageProblem, display_path
from quizgen.grading.responses import write_responses_csv
from quizgen.render.templates import TemplateSet
from quizgen.scan.answers import Decoded, Line, ScannedInput, decode
from quizgen.scan.classset import read_scan_set
from quizgen.scan.images import DEFAULT_DPI

RESPONSES_CSV = "responses.csv"
REVIEW_HTML = "scan-review.html"
SCANS_FOLDER = "scans"
MIN_DPI, MAX_DPI = 150, 400


@dataclass(frozen=True)
class ScanRun:
    responses: Path | None  # None when no page of the class set could be read (then only the review is written)
    review: Path
    decoded: Decoded


def targets(folder: Path, out: Path | None) -> tuple[Path, Path]:
    """Where the table and its review page go: CLASS_FOLDER/scans/, or --out and the review beside it."""
    responses = out if out is not None else folder / SCANS_FOLDER / RESPONSES_CSV
    return responses, responses.parent / REVIEW_HTML


def count_pages(scans: Sequence[Path]) -> int:
    """Pages in the scan files (PDFs are opened to count them), for a progress bar."""
    from quizgen.scan.images import list_pages

    return sum(1 for _ in list_pages(scans))


def run_scan(folder: Path, scans: Sequence[Path], out: Path | None = None, force: bool = False,
             dpi: int = DEFAULT_DPI, workers: int | None = None, templates: TemplateSet | None = None,
             progress: Callable[[object], None] | None = None) -> ScanRun:
    """Read every page of `scans` against the class set in `folder`; write the table and the review page."""
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise UsageProblem(f"--dpi {dpi}: PDF scans are read at {MIN_DPI} to {MAX_DPI} dpi (200 is enough).")
    scan_set = read_scan_set(folder)
    responses, review = targets(folder, out)
    if responses.exists() and not force:
        raise OutputExists(f"'{responses}' already exists (it may hold your corrections); use --force to replace "
                           "it, or --out to write another file.")
    if responses.suffix.lower() != ".csv":
        raise UsageProblem(f"--out {responses}: the responses table is a CSV file; give a name ending in .csv.")
    from quizgen.scan.batch import read_scans

    pages = [ScannedInput(page.where, page.reading)
             for page in read_scans(scans, scan_set.layouts, dpi=dpi, workers=workers, progress=progress)]
    decoded = decode(scan_set, pages)
    csv_data = responses_csv(decoded.lines, scan_set.language, review.name)
    from quizgen.scan.review import review_html

    # The review page sits beside the table: it names it by its file name alone.
    html = review_html(decoded, scan_set, responses.name, _grade_command(folder, responses),
                       templates or TemplateSet.with_override(None))
    files = {review: html.encode("utf-8")}
    if decoded.lines:
        files[responses] = csv_data
    write_files(files)
    return ScanRun(responses if decoded.lines else None, review, decoded)


_SPACES = re.compile(r"\s+")


def responses_csv(lines: Sequence[Line], language: str, review_name: str) -> bytes:
    """The table as `quizgen grade` reads it, one physical line per record (so line numbers hold), with a
    `note` column naming the review item of each line to check."""
    def flat(text: str) -> str:
        return _SPACES.sub(" ", text).strip()

    return write_responses_csv([{
        "code": r.code, "student": flat(r.student), "question": r.question, "question_id": flat(r.question_id),
        "row": r.row, "answer": r.answer, "points": r.points,
        "note": words(language, "scan.note", review=review_name, number=line.issue) if line.issue else "",
    } for line in lines for r in [line.response]], extra=("note",))


def _grade_command(folder: Path, responses: Path) -> str:
    return "quizgen grade " + " ".join(shlex.quote(os.fspath(display_path(path))) for path in (folder, responses))
