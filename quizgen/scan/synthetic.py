"""Test scans with known truth: pen marks drawn at the recorded box positions, then a copier's or a phone's damage.

No scanner here, so the tests and benchmarks make their scans: rasterise the stamped PDF
(pypdfium2), draw ticks, crosses, filled boxes, corrections, light pencil and teacher score
marks where the layout says the boxes are, then degrade (perspective, rotation, scale, blur, noise,
JPEG, uneven light, a phone photo with a shadow). Everything random comes from one seeded
`numpy.random.Generator`, so a failing case can be replayed.

`sample_sheet_html` is a two-page sheet with round and square choice boxes, a matching grid and
teacher score rows, laid out by WeasyPrint like quizgen's sheets.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import cv2
import numpy as np
import pikepdf

from quizgen.render.marks.identity import PageIdentity
from quizgen.render.marks.layout import Box, PageLayout, Rect, layouts_from_render
from quizgen.render.marks.stamp import stamp_pages
from quizgen.render.pdf import Renderer
from quizgen.scan.images import rasterise
from quizgen.scan.read import BoxState

MarkKind = Literal["tick", "cross", "fill", "pencil", "score"]
EXPECTED: dict[MarkKind, BoxState] = {"tick": "ticked", "cross": "ticked", "fill": "filled", "pencil": "ticked",
                                      "score": "ticked"}
FLAGGING_ALLOWED: frozenset[MarkKind] = frozenset({"pencil"})  # light pencil may be read or flagged, not missed


@dataclass(frozen=True)
class SyntheticPage:
    image: np.ndarray  # grey uint8, as a scanner or phone would give it
    marks: Mapping[str, MarkKind]  # box id → what was drawn in it (absent: left empty)
    degradation: str

    def truth(self, layout: PageLayout) -> dict[str, BoxState]:
        return {box.id: EXPECTED[self.marks[box.id]] if box.id in self.marks else "empty" for box in layout.boxes}


# ---- pen marks -------------------------------------------------------------------------------------------------

def random_marks(layout: PageLayout, rng: np.random.Generator, pencil: bool = False) -> dict[str, MarkKind]:
    """What a class writes: one tick or cross per question mostly, sometimes two, a correction, or nothing.

    Boxes are grouped by their id without its last part ("q3.B" → "q3", "q7.score.2" → "q7.score").
    """
    groups: dict[str, list[Box]] = {}
    for box in layout.boxes:
        groups.setdefault(box.id.rsplit(".", 1)[0], []).append(box)
    marks: dict[str, MarkKind] = {}
    for boxes in groups.values():
        order = [boxes[int(i)] for i in rng.permutation(len(boxes))]
        if boxes[0].kind == "score":
            if rng.random() < 0.9:
                marks[order[0].id] = "score"
            continue
        pen: MarkKind = "pencil" if pencil else ("tick" if rng.random() < 0.6 else "cross")
        draw = rng.random()
        if draw < 0.65 or len(order) < 2:
            marks[order[0].id] = pen
        elif draw < 0.77:
            marks[order[0].id] = marks[order[1].id] = pen
        elif draw < 0.9:  # a correction: the first choice blackened (cancelled), another ticked
            marks[order[0].id], marks[order[1].id] = "fill", pen
    return marks


def answered_marks(layout: PageLayout, rng: np.random.Generator, several: Collection[str] = (),
                   blank: float = 0.1, correction: float = 0.15) -> dict[str, MarkKind]:
    """What a careful class writes, with no impossible mark: on each answer line one tick or cross, a correction
    (a box filled in, another ticked) or nothing; on the lines named in `several` (multiple select: "q3")
    one to three ticks; and the teacher's tick in one box of each score row.

    Lines are the box ids without their last part, as in `random_marks` ("q5.r2.C" → "q5.r2").
    """
    groups: dict[str, list[Box]] = {}
    for box in layout.boxes:
        groups.setdefault(box.id.rsplit(".", 1)[0], []).append(box)
    marks: dict[str, MarkKind] = {}
    for line, boxes in groups.items():
        order = [boxes[int(i)] for i in rng.permutation(len(boxes))]
        if boxes[0].kind == "score":
            marks[order[0].id] = "score"
            continue
        draw = rng.random()
        pen: MarkKind = "tick" if rng.random() < 0.6 else "cross"
        if draw < blank:
            continue
        if draw < blank + correction and len(order) >= 2:
            marks[order[0].id], marks[order[1].id] = "fill", pen
            continue
        count = int(rng.integers(1, min(3, len(order)) + 1)) if line in several else 1
        for box in order[:count]:
            marks[box.id] = pen
    return marks


def mark_page(image: np.ndarray, layout: PageLayout, marks: Mapping[str, MarkKind], dpi: float,
              rng: np.random.Generator) -> np.ndarray:
    """`image` (the page rasterised at `dpi`) with the marks drawn in their boxes."""
    out = image.copy()
    scale = dpi / 72
    for box in layout.boxes:
        kind = marks.get(box.id)
        if kind is not None:
            _draw(out, box.rect, kind, scale, rng)
    return out


def _draw(out: np.ndarray, rect: Rect, kind: MarkKind, scale: float, rng: np.random.Generator) -> None:
    x, y, w, h = rect.x * scale, rect.y * scale, rect.width * scale, rect.height * scale
    mm = scale * 72 / 25.4
    if kind == "pencil":
        value, width, strength = rng.uniform(110, 175), rng.uniform(0.3, 0.45) * mm, rng.uniform(0.55, 0.85)
    elif kind == "score":  # the teacher's red pen: mid grey once scanned in grey
        value, width, strength = rng.uniform(70, 120), rng.uniform(0.4, 0.6) * mm, 1.0
    else:  # a ballpoint, blue or black: its line is 0.3–0.5 mm wide
        value, width, strength = rng.uniform(25, 90), rng.uniform(0.3, 0.5) * mm, 1.0

    def at(u: float, v: float) -> tuple[float, float]:
        return x + (u + rng.normal(0, 0.04)) * w, y + (v + rng.normal(0, 0.04)) * h

    strokes: list[list[tuple[float, float]]]
    if kind in ("tick", "pencil", "score"):
        strokes = [[at(rng.uniform(0.1, 0.3), rng.uniform(0.45, 0.6)),
                    at(rng.uniform(0.38, 0.5), rng.uniform(0.78, 0.95)),
                    at(rng.uniform(0.85, 1.25), rng.uniform(-0.25, 0.1))]]
    elif kind == "cross":
        strokes = [[at(0.12, 0.12), at(0.88, 0.88)], [at(0.88, 0.12), at(0.12, 0.88)]]
    else:  # fill: a dense back-and-forth scribble over the whole box, a little past its edges
        lines = int(np.ceil(h / (width * 0.6))) + 2
        strokes = [[at(-0.05 if i % 2 else 1.05, -0.05 + 1.1 * i / (lines - 1)) for i in range(lines)]]
    # Drawn in a window around the box (strokes reach at most half a box past it), not the whole page;
    # ink darkens what is under it (alpha blending towards the ink's grey).
    left, top = max(int(x - w), 0), max(int(y - h), 0)
    right, bottom = min(int(x + 2 * w) + 1, out.shape[1]), min(int(y + 2 * h) + 1, out.shape[0])
    layer = np.zeros((bottom - top, right - left), dtype=np.uint8)
    for points in strokes:
        polyline = np.array(_smooth(points), dtype=np.float32) - (left, top)
        cv2.polylines(layer, [np.round(polyline * 16).astype(np.int32)], False, 255,
                      thickness=max(1, int(round(width))), lineType=cv2.LINE_AA, shift=4)
    alpha = layer.astype(np.float32) / 255 * strength
    window = out[top:bottom, left:right].astype(np.float32)
    blended = window * (1 - alpha) + np.minimum(window, value) * alpha
    out[top:bottom, left:right] = blended.clip(0, 255).astype(np.uint8)


def _smooth(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A hand's stroke: the polyline's corners a little rounded (4 points per segment)."""
    out: list[tuple[float, float]] = []
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        out.extend((x0 + (x1 - x0) * t, y0 + (y1 - y0) * t) for t in (0, 0.25, 0.5, 0.75))
    out.append(points[-1])
    return out


# ---- damage ----------------------------------------------------------------------------------------------------

Degradation = Callable[[np.ndarray, np.random.Generator, float], np.ndarray]


def _affine(image: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    return cv2.warpAffine(image, matrix, (image.shape[1], image.shape[0]), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def rotate(degrees: float) -> Degradation:
    def apply(image: np.ndarray, rng: np.random.Generator, dpi: float) -> np.ndarray:
        if degrees % 360 == 180:
            return np.ascontiguousarray(image[::-1, ::-1])
        centre = (image.shape[1] / 2, image.shape[0] / 2)
        return _affine(image, cv2.getRotationMatrix2D(centre, -degrees, 1.0))
    return apply


def scale(factor: float) -> Degradation:
    """A copier's zoom about the page's centre, on the same paper (110 % crops the edges)."""
    def apply(image: np.ndarray, rng: np.random.Generator, dpi: float) -> np.ndarray:
        centre = (image.shape[1] / 2, image.shape[0] / 2)
        return _affine(image, cv2.getRotationMatrix2D(centre, 0, factor))
    return apply


def perspective(strength: float, background: int = 255) -> Degradation:
    """Each corner moved inwards by up to `strength` × the page's size (a page not flat on the glass, a photo)."""
    def apply(image: np.ndarray, rng: np.random.Generator, dpi: float) -> np.ndarray:
        h, w = image.shape
        source = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
        inwards = np.array([[1, 1], [-1, 1], [-1, -1], [1, -1]], dtype=np.float32)
        moved = (source + inwards * rng.uniform(0, strength, size=(4, 2)) * [w, h]).astype(np.float32)
        matrix = cv2.getPerspectiveTransform(source, moved)
        return cv2.warpPerspective(image, matrix, (w, h), flags=cv2.INTER_LINEAR,
                                   borderMode=cv2.BORDER_CONSTANT, borderValue=background)
    return apply


def blur(sigma_mm: float) -> Degradation:
    def apply(image: np.ndarray, rng: np.random.Generator, dpi: float) -> np.ndarray:
        return cv2.GaussianBlur(image, (0, 0), sigma_mm * dpi / 25.4)
    return apply


def noise(sigma: float) -> Degradation:
    def apply(image: np.ndarray, rng: np.random.Generator, dpi: float) -> np.ndarray:
        grain = rng.standard_normal(image.shape, dtype=np.float32) * np.float32(sigma)
        return (image + grain).clip(0, 255).astype(np.uint8)
    return apply


def _smooth_field(shape: tuple[int, ...], draw: Callable[[int, int], np.ndarray]) -> np.ndarray:
    """A slowly varying float32 field drawn at 1/8 size and enlarged (light and shadow have no fine detail)."""
    small = draw(max(shape[0] // 8, 2), max(shape[1] // 8, 2))
    return cv2.resize(small.astype(np.float32), (shape[1], shape[0]), interpolation=cv2.INTER_LINEAR)


def jpeg(quality: int) -> Degradation:
    def apply(image: np.ndarray, rng: np.random.Generator, dpi: float) -> np.ndarray:
        ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
        decoded = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE) if ok else None
        assert decoded is not None
        return np.asarray(decoded)
    return apply


def uneven_light(darkest: float) -> Degradation:
    """Light falling off across the page, down to `darkest` × full brightness in one corner."""
    def apply(image: np.ndarray, rng: np.random.Generator, dpi: float) -> np.ndarray:
        angle = rng.uniform(0, 2 * np.pi)

        def draw(h: int, w: int) -> np.ndarray:
            ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
            ramp = np.cos(angle) * xs / w + np.sin(angle) * ys / h
            ramp = (ramp - ramp.min()) / max(float(np.ptp(ramp)), 1e-6)
            return 1 - (1 - darkest) * ramp
        return (image * _smooth_field(image.shape, draw)).clip(0, 255).astype(np.uint8)
    return apply


def shadow(depth: float) -> Degradation:
    """A soft shadow (a hand or a phone) over a band of the page, `depth` = share of light taken."""
    def apply(image: np.ndarray, rng: np.random.Generator, dpi: float) -> np.ndarray:
        x0, x1 = rng.uniform(0.1, 0.5), rng.uniform(0.5, 0.9)
        slant = rng.uniform(-0.2, 0.2, size=2)

        def draw(h: int, w: int) -> np.ndarray:
            mask = np.zeros((h, w), dtype=np.float32)
            polygon = np.array([[x0, 0], [x1, 0], [x1 + slant[0], 1], [x0 + slant[1], 1]]) * (w, h)
            cv2.fillConvexPoly(mask, np.round(polygon).astype(np.int32), 1.0)
            return cv2.GaussianBlur(mask, (0, 0), 4 * dpi / 25.4 / 8)  # a 4 mm soft edge
        return (image * (1 - depth * _smooth_field(image.shape, draw))).clip(0, 255).astype(np.uint8)
    return apply


def on_table(margin: float = 0.08, table: int = 90) -> Degradation:
    """The page lying on a darker table: a larger picture with the page in its middle."""
    def apply(image: np.ndarray, rng: np.random.Generator, dpi: float) -> np.ndarray:
        h, w = image.shape
        top, left = int(h * margin), int(w * margin)
        out = np.full((h + 2 * top, w + 2 * left), table, dtype=np.uint8)
        out[top:top + h, left:left + w] = image
        return out
    return apply


def chain(*steps: Degradation) -> Degradation:
    def apply(image: np.ndarray, rng: np.random.Generator, dpi: float) -> np.ndarray:
        for step in steps:
            image = step(image, rng, dpi)
        return image
    return apply


def _none(image: np.ndarray, rng: np.random.Generator, dpi: float) -> np.ndarray:
    return image


def faded(contrast: float) -> Degradation:
    """A pale copy: everything pulled towards white, black becomes grey."""
    def apply(image: np.ndarray, rng: np.random.Generator, dpi: float) -> np.ndarray:
        return (255 - (255 - image.astype(np.float32)) * contrast).clip(0, 255).astype(np.uint8)
    return apply


@dataclass(frozen=True)
class Scenario:
    damage: Degradation
    exact: bool  # clean or moderate damage: the truth must come back exactly, nothing unsure
    dpi: int = 200  # the scan's (or the photo's) resolution
    pencil: bool = False  # the students answered in light pencil


SCENARIOS: dict[str, Scenario] = {
    "clean": Scenario(_none, True),
    "clean, 150 dpi": Scenario(_none, True, 150),
    "clean, 300 dpi": Scenario(_none, True, 300),
    "upside down (180°)": Scenario(rotate(180), True),
    "rotated +3°": Scenario(rotate(3), True),
    "rotated −3°": Scenario(rotate(-3), True),
    "scaled 90 %": Scenario(scale(0.90), True),
    "scaled 95 %": Scenario(scale(0.95), True),
    "scaled 105 %": Scenario(scale(1.05), True),
    "scaled 110 % (corners cropped)": Scenario(scale(1.10), False),
    "perspective (2 %)": Scenario(perspective(0.02), True),
    "blur (0.15 mm)": Scenario(blur(0.15), True),
    "heavy blur (0.4 mm)": Scenario(blur(0.4), False),
    "noise σ 18": Scenario(noise(18), True),
    "JPEG quality 40": Scenario(jpeg(40), True),
    "uneven light (55 %)": Scenario(uneven_light(0.55), True),
    "copier (all mild)": Scenario(chain(rotate(0.8), scale(0.98), blur(0.1), noise(8), jpeg(60)), True),
    "copier (all mild), 150 dpi": Scenario(chain(rotate(0.8), scale(0.98), blur(0.1), noise(8), jpeg(60)), True, 150),
    "faded copy (contrast 45 %)": Scenario(faded(0.45), False),
    "heavy noise σ 35": Scenario(noise(35), False),
    "JPEG quality 15": Scenario(jpeg(15), False),
    "light pencil": Scenario(_none, False, pencil=True),
    # A 12-megapixel phone photo holds the page at 250–300 dpi.
    "photo (angle, shadow)": Scenario(chain(on_table(), perspective(0.12, background=90), uneven_light(0.7),
                                            shadow(0.45), blur(0.12), noise(6), jpeg(75)), False, 300),
    "photo, steep (20 %)": Scenario(chain(on_table(), perspective(0.2, background=90), uneven_light(0.6),
                                          shadow(0.5), blur(0.15), noise(8), jpeg(70)), False, 300),
}


def degrade(image: np.ndarray, name: str, rng: np.random.Generator, dpi: float) -> np.ndarray:
    return SCENARIOS[name].damage(image, rng, dpi)


def scan_pages(pdf_bytes: bytes, layouts: Sequence[PageLayout], rng: np.random.Generator,
               scenario: str = "clean") -> list[SyntheticPage]:
    """Every page of a stamped PDF, filled in by a simulated student and teacher, then scanned."""
    dpi = SCENARIOS[scenario].dpi
    pages = []
    for image, layout in zip(rasterise(pdf_bytes, dpi), layouts, strict=True):
        marks = random_marks(layout, rng, pencil=SCENARIOS[scenario].pencil)
        marked = mark_page(image, layout, marks, dpi, rng)
        pages.append(SyntheticPage(degrade(marked, scenario, rng, dpi), marks, scenario))
    return pages


# ---- a sample sheet --------------------------------------------------------------------------------------------

SAMPLE_CSS = """
@page { size: A4; margin: 24mm 17mm 18mm 17mm; }
body { font: 10.5pt/1.35 sans-serif; margin: 0; }
h1 { font-size: 15pt; margin: 0 0 3mm; }
.q { margin: 0 0 3mm; break-inside: avoid; }
.q p { margin: 0 0 1mm; }
.choice { margin: 0.6mm 0 0.6mm 6mm; }
.box { display: inline-block; width: 4mm; height: 4mm; border: 0.8pt solid #111; vertical-align: -0.8mm;
       margin-right: 2mm; box-sizing: border-box; }
.round { border-radius: 50%; }
table { border-collapse: collapse; margin-left: 6mm; }
td, th { padding: 0.8mm 2mm; text-align: center; font-size: 9.5pt; }
td.label { text-align: left; }
.score { margin: 1mm 0 0 6mm; font-size: 9pt; color: #333; }
.score .box { margin: 0 1mm 0 2mm; }
.lines { height: 14mm; border-bottom: 0.6pt solid #999; margin: 0 0 1mm 6mm; }
"""


def sample_sheet_html(choice_questions: int = 16, open_questions: int = 3, matching_rows: int = 4) -> str:
    """A sheet like quizgen's: single choice (round boxes), multiple select (square), a matching grid, open
    questions with the teacher's score boxes 0–3. Box ids: q1.A, q17.row2.C, q19.score.2."""
    letters = "ABCD"
    parts = ["<html lang='fr'><head><meta charset='utf-8'><title>Fiche</title></head><body>",
             "<h1>Fiche d'exercices — lecture de scans</h1>"]
    number = 0
    for index in range(choice_questions):
        number += 1
        shape = "round" if index % 2 == 0 else ""
        parts.append(f"<div class='q'><p><b>{number}.</b> Question {number} : quelle réponse convient ?</p>")
        for letter in letters[: 3 + index % 2]:
            parts.append(f"<div class='choice'><span class='box {shape}' data-box='q{number}.{letter}'></span>"
                         f"<b>{letter}</b> Réponse {letter.lower()} de la question {number}</div>")
        parts.append("</div>")
    number += 1
    parts.append(f"<div class='q'><p><b>{number}.</b> Associez chaque extrait à un procédé.</p><table><tr><th></th>"
                 + "".join(f"<th>{letter}</th>" for letter in letters) + "</tr>")
    for row in range(1, matching_rows + 1):
        parts.append(f"<tr><td class='label'>Extrait {row}</td>" + "".join(
            f"<td><span class='box' data-box='q{number}.row{row}.{letter}'></span></td>" for letter in letters)
            + "</tr>")
    parts.append("</table></div>")
    for _ in range(open_questions):
        number += 1
        parts.append(f"<div class='q'><p><b>{number}.</b> Justifiez votre réponse en citant le texte.</p>"
                     "<div class='lines'></div><div class='score'>Points (enseignant) :"
                     + "".join(f"<span class='box' data-box='q{number}.score.{points}' data-box-kind='score'></span>"
                               f"{points}" for points in range(4)) + "</div></div>")
    parts.append("</body></html>")
    return "".join(parts)


@dataclass(frozen=True)
class SampleSet:
    pdf: bytes  # stamped, every student's pages one after the other
    identities: tuple[PageIdentity, ...]  # one per page of `pdf`
    layouts: dict[PageIdentity, PageLayout]  # what `read_page` needs

    def layout_of_page(self, index: int) -> PageLayout:
        return self.layouts[self.identities[index]]


def sample_class_set(folder: Path, students: int = 1, class_code: str = "TST-SET", variant: str = "VAR-001",
                     html: str | None = None) -> SampleSet:
    """The sample sheet rendered by WeasyPrint (box positions from its layout), repeated for each student and
    stamped. `folder` receives the stylesheet (the renderer only reads files from its folders)."""
    stylesheet = folder / "sample.css"
    stylesheet.write_text(SAMPLE_CSS, encoding="utf-8")
    rendered = Renderer((folder,), stylesheet).pdf_with_boxes(html or sample_sheet_html(), "", "sample")
    page_layouts = layouts_from_render(rendered.page_sizes, rendered.boxes)
    joined = pikepdf.Pdf.new()
    identities, layouts = [], {}
    with pikepdf.Pdf.open(io.BytesIO(rendered.pdf)) as sheet:
        for student in range(1, students + 1):
            joined.pages.extend(sheet.pages)
            for page, layout in enumerate(page_layouts, 1):
                identity = PageIdentity(class_code, variant, student, page)
                identities.append(identity)
                layouts[identity] = layout
        buffer = io.BytesIO()
        joined.save(buffer, deterministic_id=True)
    return SampleSet(stamp_pages(buffer.getvalue(), identities), tuple(identities), layouts)


def images_to_pdf(images: Sequence[np.ndarray], dpi: float, quality: int = 85) -> bytes:
    """A copier's PDF: one grey JPEG per page, the page as large as the image at `dpi`."""
    pdf = pikepdf.Pdf.new()
    for image in images:
        ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
        assert ok
        height, width = image.shape[:2]
        picture = pikepdf.Stream(pdf, data.tobytes(), Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                                 Width=width, Height=height, ColorSpace=pikepdf.Name.DeviceGray,
                                 BitsPerComponent=8, Filter=pikepdf.Name.DCTDecode)
        page_width, page_height = width * 72 / dpi, height * 72 / dpi
        pdf.add_blank_page(page_size=(page_width, page_height))
        page = pdf.pages[-1]
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=picture))
        page.Contents = pdf.make_stream(f"q {page_width:.4f} 0 0 {page_height:.4f} 0 0 cm /Im0 Do Q".encode())
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True)
    return buffer.getvalue()


def class_set_pages(pdf_bytes: bytes, manifest: Mapping[str, object], dpi: int
                    ) -> list[tuple[PageIdentity, PageLayout, np.ndarray]]:
    """The printed pages of a scannable build (`quizgen build --scannable`: its worksheets PDF and manifest),
    rasterised at `dpi`, each with the identity its QR code carries and its recorded layout; blank duplex
    padding pages are left out."""
    from quizgen.render.marks.identity import parse_payload

    section = manifest["scan"]
    assert isinstance(section, Mapping)
    layouts = {parse_payload(text): PageLayout.from_json(layout) for text, layout in section["pages"].items()}
    sheets = manifest.get("variants") or [{"number": 1, "pages": [1, len(layouts)]}]
    assert isinstance(sheets, list)
    printed: list[PageIdentity | None] = []
    for sheet in sheets:
        own = sorted((identity for identity in layouts if identity.student == sheet["number"]), key=lambda i: i.page)
        first, last = sheet["pages"] if "pages" in sheet else (1, len(own))
        printed += own + [None] * (last - first + 1 - len(own))
    return [(identity, layouts[identity], image) for identity, image in zip(printed, rasterise(pdf_bytes, dpi),
                                                                           strict=True) if identity is not None]
