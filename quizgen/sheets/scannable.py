"""Scannable worksheets (`quizgen build --scannable`): box positions from WeasyPrint's layout, a stamp on
every page, and each page's layout for the manifest, keyed by the text of its QR code.

The worksheet's HTML carries `data-box` on every answer box (each question type's partial prints its own,
docs/scanning.md gives the ids); `Renderer.pdf_with_boxes` returns where WeasyPrint laid them out. Here
they become one `PageLayout` per page (nothing guessed), the pages get their corner markers and QR code
(`quizgen.render.marks.stamp`, pikepdf and segno only: building never needs OpenCV), and the manifest
records `{"QZ1/SET/VARIANT/STUDENT/PAGE": layout}` for `quizgen scan`.

Box ids, checked here so that `quizgen scan` can rely on them: `q<number>.<token>` (a choice's letter,
V/F), `q<number>.r<row>.<letter>` (a matching or classification row), `q<number>.score.<points>`
(the teacher's score boxes, `data-box-kind="score"`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quizgen.core.problems import TemplateProblem
from quizgen.render.laid_out import RenderedWithBoxes
from quizgen.render.marks.identity import PageIdentity
from quizgen.render.marks.layout import LayoutError, layouts_from_render
from quizgen.render.marks.stamp import stamp_pages

LAYOUTS_FORMAT = "quizgen-scan-layouts"
BOX_ID = re.compile(r"q(?P<question>[1-9][0-9]*)\."
                    r"(?:r(?P<row>[1-9][0-9]*)\.(?P<letter>[A-Z])|score\.(?P<points>0|[1-9][0-9]*)|(?P<token>[A-Z]))")
_TEMPLATES_HINT = ("If you build with your own templates folder (--templates, or ./templates from quizgen init), "
                   "copy the bundled questions/*.html and style.css again: they print the answer boxes of "
                   "scannable sheets (docs/scanning.md).")


@dataclass(frozen=True)
class StampedSheet:
    pdf: bytes  # the worksheet with markers and a QR code on every page
    pages: dict[str, dict[str, Any]]  # QR text → the page's layout (PageLayout.to_json)


def stamp_sheet(rendered: RenderedWithBoxes, questions: Sequence[Mapping[str, Any]], class_code: str,
                variant_code: str, student: int, document: str = "worksheet") -> StampedSheet:
    """Stamp a worksheet (or a separate answer sheet: `document` "answer sheet") rendered with its boxes;
    `questions` are the sheet's manifest entries (numbers, rows).

    A layout that cannot be scanned (a box in a corner or split in two, a question without boxes, a box id
    quizgen scan would not understand) is a template problem, reported before anything is written.
    """
    try:
        layouts = layouts_from_render(rendered.page_sizes, rendered.boxes)
    except LayoutError as error:
        raise TemplateProblem(f"variant {variant_code}: the scannable {document} cannot be read back ({error}). "
                              f"{_TEMPLATES_HINT}") from error
    check_box_ids([box.id for layout in layouts for box in layout.boxes], questions, variant_code, document)
    identities = [PageIdentity(class_code, variant_code, student, page) for page in range(1, len(layouts) + 1)]
    pdf = stamp_pages(rendered.pdf, identities)
    return StampedSheet(pdf, {identity.payload(): layout.to_json()
                              for identity, layout in zip(identities, layouts, strict=True)})


def check_box_ids(ids: Sequence[str], questions: Sequence[Mapping[str, Any]], variant_code: str,
                  document: str = "worksheet") -> None:
    """Every question has its boxes (each row of a row question), and every box id is one quizgen scan reads."""
    numbers = {entry["number"]: entry for entry in questions}
    found: dict[int, set[int | None]] = {}
    for box_id in ids:
        match = BOX_ID.fullmatch(box_id)
        if match is None or int(match["question"]) not in numbers:
            raise TemplateProblem(f"variant {variant_code}: answer box id '{box_id}' is not one quizgen scan reads "
                                  "(q<number>.<letter>, q<number>.r<row>.<letter>, q<number>.score.<points>, for a "
                                  f"question of the sheet). {_TEMPLATES_HINT}")
        row = int(match["row"]) if match["row"] else None
        found.setdefault(int(match["question"]), set()).add(row)
    for number, entry in numbers.items():
        rows = len(entry.get("row_order") or ())
        expected: set[int | None] = set(range(1, rows + 1)) if rows else {None}
        missing = expected - found.get(number, set())
        if missing:
            what = (f"row {min(r for r in missing if r is not None)} of question {number}" if rows
                    else f"question {number}")
            raise TemplateProblem(f"variant {variant_code}: {what} ({entry['type']}, '{entry['id']}') has no answer "
                                  f"boxes on the scannable {document}, so it could not be read back. {_TEMPLATES_HINT}")


def layouts_section(pages: Mapping[str, dict[str, Any]], language: str) -> dict[str, Any]:
    """The manifest's record of a scannable build: every page's layout by the text of its QR code, and the
    sheets' language (the words of quizgen scan's review page)."""
    return {"format": LAYOUTS_FORMAT, "version": 1, "language": language, "pages": dict(pages)}
