"""Where things are on a scannable page: corner markers, QR code and answer boxes.

Unit and origin: PDF points (1/72 inch) from the page's top-left corner, y growing downwards —
the way WeasyPrint lays out (1 CSS px = 0.75 pt) and the way images are indexed. The stamp
converts to PDF's bottom-left origin itself.

Geometry of the stamp (one place, used by the stamper and the reader alike):

- four ArUco markers (dictionary 4×4_50, ids 0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left,
  so a page's orientation is known from any three of them), 5 mm wide, 10 mm from the paper's
  edges: copiers crop up to ~4 mm, and a page skewed by 3° on the glass turns its corners by up
  to 7.5 mm out of an A4 scan (at 7.5 mm from the edges the markers were lost);
- the QR code (12 mm: 25 modules of 0.48 mm) left of the top-right marker, tops aligned: 10–22 mm
  from the top edge, for the same reasons (at 5 mm from the edge a 105 % copy cut it off). At 10 mm
  (0.4 mm modules, 2.4 px at 150 dpi) a mild copier's blur at 150 dpi left 48 of 625 modules wrong
  and the code unreadable; at 12 mm, 2 wrong.

So scannable templates need a top margin of at least 23 mm (quizgen's is 16 mm), side and bottom
margins of at least 16 mm (17 and 18 mm), and nothing printed in the corners' 16 mm squares or
under the QR code. Boxes there are refused (`LayoutError`).

Everything here is plain frozen data and JSON-able, for the class set's manifest.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, cast

PT_PER_MM = 72 / 25.4

MARKER_SIZE_MM = 5.0
MARKER_INSET_MM = 10.0
QR_SIZE_MM = 12.0
QR_GAP_MM = 3.0  # between the QR code and the top-right marker
MIN_EDGE_MM = 5.0  # nothing stamped nearer the paper's edge than this
MARKER_IDS = (0, 1, 2, 3)  # top-left, top-right, bottom-right, bottom-left
CORNER_NAMES = ("top-left", "top-right", "bottom-right", "bottom-left")

BoxKind = Literal["choice", "score"]
BOX_KINDS: tuple[BoxKind, ...] = ("choice", "score")


class LayoutError(ValueError):
    """A layout that cannot be used (bad manifest data, a box outside its page or split across pages)."""


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float

    def __post_init__(self) -> None:
        values = (self.x, self.y, self.width, self.height)
        if not all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in values):
            raise LayoutError(f"rectangle {values!r}: every value must be a finite number")
        if self.width <= 0 or self.height <= 0:
            raise LayoutError(f"rectangle {values!r}: width and height must be positive")

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def corners(self) -> tuple[tuple[float, float], ...]:
        """Top-left, top-right, bottom-right, bottom-left (the order ArUco reports a marker's corners)."""
        return ((self.x, self.y), (self.right, self.y), (self.right, self.bottom), (self.x, self.bottom))

    def inset(self, by: float) -> Rect:
        return Rect(self.x + by, self.y + by, self.width - 2 * by, self.height - 2 * by)

    def as_list(self) -> list[float]:
        return [round(self.x, 3), round(self.y, 3), round(self.width, 3), round(self.height, 3)]


@dataclass(frozen=True)
class Box:
    id: str  # chosen by the caller: "q3.B", "q5.row2.C", "q7.score.2"
    kind: BoxKind  # choice: ticked by a student; score: ticked by the teacher
    rect: Rect


@dataclass(frozen=True)
class Marker:
    aruco_id: int
    rect: Rect


@dataclass(frozen=True)
class PageLayout:
    width: float
    height: float
    markers: tuple[Marker, ...]
    qr: Rect
    boxes: tuple[Box, ...]

    def to_json(self) -> dict[str, Any]:
        """A dict for the manifest (rectangles as [x, y, width, height] in points, 3 decimals)."""
        return {
            "unit": "pt", "origin": "top-left",
            "width": round(self.width, 3), "height": round(self.height, 3),
            "markers": [{"aruco_id": m.aruco_id, "rect": m.rect.as_list()} for m in self.markers],
            "qr": self.qr.as_list(),
            "boxes": [{"id": b.id, "kind": b.kind, "rect": b.rect.as_list()} for b in self.boxes],
        }

    @classmethod
    def from_json(cls, data: object) -> PageLayout:
        """Read back `to_json`'s dict; `LayoutError` saying what is wrong with anything else."""
        try:
            return _layout_from_json(data)
        except (KeyError, TypeError, AttributeError) as error:
            raise LayoutError(f"page layout is not in quizgen's format ({type(error).__name__}: {error})") from None


def _layout_from_json(data: object) -> PageLayout:
    if not isinstance(data, dict):
        raise LayoutError("page layout must be an object")
    if data.get("unit") != "pt" or data.get("origin") != "top-left":
        raise LayoutError("page layout must say unit 'pt' and origin 'top-left'")

    def rect(value: object) -> Rect:
        if not isinstance(value, list) or len(value) != 4:
            raise LayoutError(f"rectangle {value!r} must be a list [x, y, width, height]")
        return Rect(*value)

    markers = tuple(Marker(int(m["aruco_id"]), rect(m["rect"])) for m in data["markers"])
    boxes = []
    for entry in data["boxes"]:
        if entry["kind"] not in BOX_KINDS or not isinstance(entry["id"], str):
            raise LayoutError(f"box {entry.get('id')!r}: kind must be one of {', '.join(BOX_KINDS)}")
        boxes.append(Box(entry["id"], cast(BoxKind, entry["kind"]), rect(entry["rect"])))
    width, height = data["width"], data["height"]
    Rect(0, 0, width, height)  # validates the numbers
    return _checked(PageLayout(float(width), float(height), markers, rect(data["qr"]), tuple(boxes)))


def _checked(layout: PageLayout) -> PageLayout:
    if sorted(m.aruco_id for m in layout.markers) != sorted(MARKER_IDS):
        raise LayoutError(f"a page needs the 4 corner markers {MARKER_IDS}")
    page = Rect(0, 0, layout.width, layout.height)
    seen: set[str] = set()
    for box in layout.boxes:
        if box.id in seen:
            raise LayoutError(f"box {box.id!r} appears twice on one page: box ids must be unique")
        seen.add(box.id)
        if not _inside(box.rect, page):
            raise LayoutError(f"box {box.id!r} at {box.rect.as_list()} is not inside the page")
        for name, area in _stamped_areas(layout):
            if _overlap(box.rect, area):
                room = (f"keep the top {(area.bottom) / PT_PER_MM:.0f} mm free" if name == "QR code" else
                        f"keep answer boxes more than {MARKER_INSET_MM + MARKER_SIZE_MM + 1:g} mm from the edges")
                raise LayoutError(f"box {box.id!r} at {box.rect.as_list()} overlaps the {name}: {room}")
    return layout


def _stamped_areas(layout: PageLayout) -> list[tuple[str, Rect]]:
    """The markers and QR code with their white quiet zone (1 mm), which nothing may cover."""
    quiet = 1.0 * PT_PER_MM
    areas = [(f"{CORNER_NAMES[m.aruco_id]} marker", m.rect) for m in layout.markers if m.aruco_id in MARKER_IDS]
    areas.append(("QR code", layout.qr))
    return [(name, rect.inset(-quiet)) for name, rect in areas]


def _overlap(a: Rect, b: Rect) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


def _inside(rect: Rect, page: Rect) -> bool:
    return rect.x >= page.x and rect.y >= page.y and rect.right <= page.right and rect.bottom <= page.bottom


def stamp_geometry(width: float, height: float) -> tuple[tuple[Marker, ...], Rect]:
    """The corner markers (ids 0–3 clockwise from top-left) and the QR square of a page this size."""
    size, inset = MARKER_SIZE_MM * PT_PER_MM, MARKER_INSET_MM * PT_PER_MM
    if width < 60 * PT_PER_MM or height < 60 * PT_PER_MM:
        raise LayoutError(f"page {width:.0f}×{height:.0f} pt is too small for scanning marks (60 mm at least)")
    positions = ((inset, inset), (width - inset - size, inset),
                 (width - inset - size, height - inset - size), (inset, height - inset - size))
    markers = tuple(Marker(aruco_id, Rect(x, y, size, size)) for aruco_id, (x, y) in zip(MARKER_IDS, positions,
                                                                                         strict=True))
    qr_size = QR_SIZE_MM * PT_PER_MM
    top_right = markers[1].rect
    qr = Rect(top_right.x - QR_GAP_MM * PT_PER_MM - qr_size, top_right.y, qr_size, qr_size)
    return markers, qr


def page_layout(width: float, height: float, boxes: Iterable[Box]) -> PageLayout:
    """A page's full layout: the standard stamp geometry plus the caller's boxes."""
    markers, qr = stamp_geometry(width, height)
    return _checked(PageLayout(width, height, markers, qr, tuple(boxes)))


class LaidOut(Protocol):
    """One box fragment as the renderer laid it out (`render.pdf.LaidOutBox` has these fields)."""

    @property
    def page(self) -> int: ...  # 0-based page index
    @property
    def box_id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def x(self) -> float: ...
    @property
    def y(self) -> float: ...
    @property
    def width(self) -> float: ...
    @property
    def height(self) -> float: ...


def layouts_from_render(page_sizes: Sequence[tuple[float, float]], placed: Iterable[LaidOut]) -> list[PageLayout]:
    """One layout per rendered page from the boxes the renderer laid out (`Renderer.pdf_with_boxes`).

    A box laid out in two fragments (it broke across a line or a page) cannot be ticked as one:
    that is a template bug, reported with the fix.
    """
    fragments: dict[str, list[LaidOut]] = {}
    for item in placed:
        fragments.setdefault(item.box_id, []).append(item)
    per_page: list[list[Box]] = [[] for _ in page_sizes]
    for box_id, parts in fragments.items():
        if len(parts) > 1:
            pages = sorted({p.page + 1 for p in parts})
            raise LayoutError(f"box {box_id!r} was laid out in {len(parts)} pieces (page {pages}): "
                              "give answer boxes display: inline-block and break-inside: avoid")
        (part,) = parts
        if part.kind not in BOX_KINDS:
            raise LayoutError(f"box {box_id!r}: data-box-kind {part.kind!r} must be one of {', '.join(BOX_KINDS)}")
        if not 0 <= part.page < len(page_sizes):
            raise LayoutError(f"box {box_id!r} is on page {part.page + 1}, the document has {len(page_sizes)}")
        per_page[part.page].append(Box(box_id, part.kind, Rect(part.x, part.y, part.width, part.height)))
    return [page_layout(width, height, boxes) for (width, height), boxes in zip(page_sizes, per_page, strict=True)]

