"""Stamp corner markers and a QR code onto rendered PDF pages (vector, deterministic bytes).

The marks are drawn as filled rectangles appended to each page's content stream, after the
page's own drawing wrapped in q/Q so none of its graphics state leaks into ours. They are
marked as artifacts (``/Artifact BMC … EMC``) so screen readers skip them in tagged PDFs.

Needs only pikepdf and segno: the ArUco bit patterns are written out below (checked against
OpenCV's dictionary by the tests), so building a class set does not need OpenCV.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pikepdf
import segno

from quizgen.render.marks.identity import PageIdentity
from quizgen.render.marks.layout import Rect, stamp_geometry

# DICT_4X4_50 markers 0–3: the 4×4 inner bits, row by row, "1" = white. The marker is 6×6 cells
# (one black cell of border all round) on a white quiet zone of one more cell.
ARUCO_4X4_BITS = {
    0: ("1011", "0101", "0011", "0010"),
    1: ("0000", "1111", "1001", "1010"),
    2: ("0011", "0011", "0010", "1101"),
    3: ("1001", "1001", "0100", "0110"),
}
QR_QUIET_MODULES = 2  # zxing reads with 2; the 4 of the standard would not fit the margin


class StampError(ValueError):
    """The PDF or the list of identities cannot be stamped (a caller's mistake, not a user's)."""


def stamp_pages(pdf_bytes: bytes, identities: Sequence[PageIdentity | None]) -> bytes:
    """The PDF with markers and a QR code on every page whose identity is given (None: left as is).

    `identities` has one entry per page (blank duplex padding pages get None). Same input, same bytes.
    """
    with pikepdf.Pdf.open(io.BytesIO(pdf_bytes)) as pdf:
        if len(pdf.pages) != len(identities):
            raise StampError(f"{len(identities)} page identities for a PDF of {len(pdf.pages)} pages")
        for page, identity in zip(pdf.pages, identities, strict=True):
            if identity is not None:
                _stamp(pdf, page, identity)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _stamp(pdf: pikepdf.Pdf, page: pikepdf.Page, identity: PageIdentity) -> None:
    if int(page.obj.get("/Rotate", 0)) % 360:
        raise StampError("pages with /Rotate are not supported: render them upright")
    left, bottom, right, top = (float(v) for v in page.mediabox)
    width, height = right - left, top - bottom
    markers, qr_rect = stamp_geometry(width, height)
    canvas = _Canvas(left, top)
    for marker in markers:
        _draw_marker(canvas, marker.rect, ARUCO_4X4_BITS[marker.aruco_id])
    _draw_qr(canvas, qr_rect, identity.payload())
    page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
    page.contents_add(pdf.make_stream(b"\nQ\n" + canvas.stream()))


class _Canvas:
    """Filled rectangles in top-left page coordinates, written as a PDF content stream."""

    def __init__(self, left: float, top: float):
        self.left, self.top = left, top
        self.ops: list[str] = ["/Artifact BMC", "q"]
        self.colour: str | None = None

    def fill(self, x: float, y: float, width: float, height: float, white: bool) -> None:
        colour = "1 g" if white else "0 g"
        if colour != self.colour:
            self.ops.append(colour)
            self.colour = colour
        self.ops.append(f"{_num(self.left + x)} {_num(self.top - y - height)} {_num(width)} {_num(height)} re f")

    def stream(self) -> bytes:
        return "\n".join([*self.ops, "Q", "EMC", ""]).encode("ascii")


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _draw_marker(canvas: _Canvas, rect: Rect, bits: tuple[str, ...]) -> None:
    cell = rect.width / 6
    canvas.fill(rect.x - cell, rect.y - cell, rect.width + 2 * cell, rect.height + 2 * cell, white=True)
    canvas.fill(rect.x, rect.y, rect.width, rect.height, white=False)
    for row, line in enumerate(bits):
        for start, length in _runs(line, "1"):
            canvas.fill(rect.x + (1 + start) * cell, rect.y + (1 + row) * cell, length * cell, cell, white=True)


def _draw_qr(canvas: _Canvas, rect: Rect, payload: str) -> None:
    code = segno.make_qr(payload, error="m", boost_error=True)
    rows = ["".join("1" if module else "0" for module in row) for row in code.matrix]
    module = rect.width / len(rows)
    quiet = QR_QUIET_MODULES * module
    canvas.fill(rect.x - quiet, rect.y - quiet, rect.width + 2 * quiet, rect.height + 2 * quiet, white=True)
    for row, line in enumerate(rows):
        for start, length in _runs(line, "1"):
            canvas.fill(rect.x + start * module, rect.y + row * module, length * module, module, white=False)


def _runs(line: str, value: str) -> list[tuple[int, int]]:
    """(start, length) of each run of `value` in `line`: one rectangle per run instead of per cell."""
    runs, start = [], None
    for index, char in enumerate(line + "\0"):
        if char == value and start is None:
            start = index
        elif char != value and start is not None:
            runs.append((start, index - start))
            start = None
    return runs
