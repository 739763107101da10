"""Read one scanned page: find its markers, identify it by its QR code, measure and classify its boxes.

Steps (`read_page`):

1. find the ArUco corner markers (OpenCV); three of the four are enough, and their ids tell the
   page's orientation, so upside-down pages from duplex copiers need nothing special;
2. read the QR code (zxing-cpp), first on a small rectified crop where the stamp put it, then on
   the raw image; its text names the page, hence its layout;
3. fit the homography image → page from the markers' 12–16 corners and check they agree (a folded
   or curled sheet does not fit a plane: refused rather than misread);
4. rectify the page at `CANVAS_PX_PER_PT` and, for each box, compare the pixels of its inner area
   (an ellipse inside the printed border) with the paper around that box and with the printed black
   of the markers: ink share (clearly dark pixels), faint share (anything visibly darker than paper,
   e.g. pencil) and the least-inked ninth of the box (a cross leaves white, a filled box does not);
5. classify: empty / ticked / filled (a blackened box cancels a mark, the NOPS convention) /
   unsure, with a note and a small PNG crop for the teacher's review.

Dark is relative to each box's own paper (a shadow or uneven lighting darkens both) and to the page's
own printed black, never a fixed grey level. A page that cannot be read is a `PageReading` with a
`problem` sentence, never an exception.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import cv2
import numpy as np
import zxingcpp

from quizgen.render.marks.identity import PageIdentity, PayloadError, parse_payload
from quizgen.render.marks.layout import CORNER_NAMES, MARKER_IDS, MARKER_SIZE_MM, PT_PER_MM, Box, PageLayout, Rect

BoxState = Literal["empty", "ticked", "filled", "unsure"]

CANVAS_PX_PER_PT = 2.5  # the rectified page at 180 dpi: a 4 mm box is 28 px wide
QR_PX_PER_PT = 4.0  # the QR crop: ~4.5 px per module
MIN_IMAGE_SIDE = 600  # px; an A4 page at 150 dpi is 1240 × 1754
DETECT_MARKER_PX = 18  # markers are first searched for on the image reduced so they are about this wide
QR_RAW_MAX_SIDE = 2600  # larger photos are searched for a QR code at this size
MAX_MARKER_FIT_ERROR_MM = 0.6  # markers further than this from a flat page's fit: the sheet is not flat
BORDER_SEARCH_PT = 2.0  # each box's printed border is looked for this far around its expected place
MAX_BOX_OFFSET_PT = 1.0  # a box found further than this from its place is unsure (curled page)
MAX_BOX_OFFSET_3_MARKERS_PT = 0.8  # with three markers, two boxes that far off mean the page was not flat
MIN_BOXES_FOUND_3_MARKERS = 0.4  # ... and fewer than this share of boxes found where expected, too
MAX_AFFINE_FIT_ERROR_PT = 0.9  # three markers on flat synthetic scans fit an affine map to ≤ 0.61 pt
THUMBNAIL_SIDE = 360  # px, longest side of a failed page's thumbnail
QR_FORMATS = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)


@dataclass(frozen=True)
class Thresholds:
    """Decision levels, as shares of a box's inner area; measured on synthetic scans (docs/scanning.md).

    Measured on 6–8 degradations × 18 pages (4 mm boxes, ballpoint lines 0.3–0.6 mm): empty boxes
    ≤ 2 % ink, ticks 15–59 %, crosses 41–68 % (a ninth of the box at most 29 % inked), filled boxes
    ≥ 98 % (every ninth ≥ 78 %); blackened solid (beyond a 1 mm erosion): ticks and crosses ≤ 8 %,
    filled boxes ≥ 78 %. Each threshold sits in a gap between those ranges; what falls in none is
    unsure.
    """

    dark: float = 0.45  # a pixel is ink if darker than its paper by this share of the paper–black contrast
    faint: float = 0.1  # ... and a faint mark (pencil, light pen) from this share
    empty_below: float = 0.04  # ink share below which a box is empty (if nothing faint either)
    faint_from: float = 0.06  # faint share (of the core) from which a box without ink is unsure (pencil?)
    tick_from: float = 0.08  # ink share from which a box is ticked
    heavy_from: float = 0.55  # from this ink share a tick must leave a ninth of the box nearly white ...
    cross_white_cell: float = 0.4  # ... this white at least (a cross leaves four white sides; a scribble does not)
    tick_below: float = 0.78  # never a tick from this ink share on
    filled_from: float = 0.85  # ink share from which a box is filled (cancelled) ...
    filled_cells: float = 0.6  # ... if every ninth of it is at least this inked
    filled_solid: float = 0.4  # ... or this much of it is blackened solid (a scribble with a white streak)
    solid_from: float = 0.15  # a box not filled with this much of it blackened solid (not strokes) is unsure


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class BoxReading:
    id: str
    kind: str
    ink: float  # share of the inner area that is ink, 0–1
    faint: float  # share of its core that is at least faintly marked (pencil), 0–1
    state: BoxState
    confidence: float  # 0 (on a threshold, or unsure) to 1 (far from every threshold)
    note: str | None = None  # why a box is unsure, for the review page
    crop_png: bytes | None = None  # the box and its surroundings: every box but an empty choice box (review page)


@dataclass(frozen=True)
class PageReading:
    identity: PageIdentity | None  # from the QR code; may be known even when the page failed
    problem: str | None  # None when the page was read; else a sentence for the teacher
    boxes: tuple[BoxReading, ...] = ()
    orientation: int | None = None  # degrees the page is turned in the image, clockwise: 0, 90, 180, 270
    thumbnail_png: bytes | None = None  # a small picture of a page that failed, for the review page

    @property
    def ok(self) -> bool:
        return self.problem is None


def read_page(image: object, layouts: Mapping[PageIdentity, PageLayout],
              thresholds: Thresholds = DEFAULT_THRESHOLDS) -> PageReading:
    """Identify a scanned page and read its boxes. Never raises on a bad page: see `PageReading.problem`.

    `image`: a grey (2-D) or BGR/BGRA (3-D) uint8 array, e.g. from `images.load_scans`.
    `layouts`: the class set's pages, keyed by the identity their QR code carries.
    """
    grey = _as_grey(image)
    if grey is None:
        return PageReading(None, "not an image (expected a grey or colour picture as an array of bytes)")
    try:
        return _read(grey, layouts, thresholds)
    except Exception as error:  # a bug or an image OpenCV chokes on must not stop the batch
        return PageReading(None, f"this page could not be read ({type(error).__name__}: {error})",
                           thumbnail_png=_thumbnail(grey))


def _as_grey(image: object) -> np.ndarray | None:
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8 or image.size == 0:
        return None
    if image.ndim == 2:
        return image
    if image.ndim == 3 and image.shape[2] in (3, 4):
        return cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY)
    if image.ndim == 3 and image.shape[2] == 1:
        return image[:, :, 0]
    return None


def _read(grey: np.ndarray, layouts: Mapping[PageIdentity, PageLayout], thresholds: Thresholds) -> PageReading:
    height, width = grey.shape
    if min(height, width) < MIN_IMAGE_SIDE:
        return PageReading(None, f"image too small ({width}×{height} px): scan at 150 dpi or more",
                           thumbnail_png=_thumbnail(grey))
    if not layouts:
        return PageReading(None, "no page layouts to read against (empty manifest?)")
    corners = _find_markers(grey)
    if len(corners) < 3:
        identity = _identity_from_raw(grey)
        return PageReading(identity if isinstance(identity, PageIdentity) else None, _markers_problem(corners),
                           thumbnail_png=_thumbnail(grey))

    identity = _identity_from_rectified(grey, corners, layouts)
    if identity is None:
        identity = _identity_from_raw(grey)
    if not isinstance(identity, PageIdentity):
        return PageReading(None, identity or "QR code unreadable (top right of the page): smudged, covered or "
                                             "torn? Identify this page by hand", thumbnail_png=_thumbnail(grey))
    layout = layouts.get(identity)
    if layout is None:
        return PageReading(identity, _unknown_page_problem(identity, layouts), thumbnail_png=_thumbnail(grey))

    homography, error_pt = _fit(corners, layout)
    tolerance = MAX_MARKER_FIT_ERROR_MM * PT_PER_MM if len(corners) == 4 else MAX_AFFINE_FIT_ERROR_PT
    if homography is None or error_pt > tolerance:
        shown = f" (off by {error_pt / PT_PER_MM:.1f} mm)" if homography is not None else ""
        if len(corners) == 3:
            return PageReading(identity, f"{_markers_problem(corners)}; with three markers only a page scanned "
                                         f"flat can be read, not one photographed at an angle{shown}",
                               thumbnail_png=_thumbnail(grey))
        return PageReading(identity, f"the corner markers do not fit a flat page{shown}: the sheet was folded, "
                                     "curled or photographed too close; scan it flat", thumbnail_png=_thumbnail(grey))
    orientation = _orientation(homography, layout)
    canvas = _rectify(grey, homography, layout, CANVAS_PX_PER_PT)
    offsets = {box.id: _border_offset(canvas, box.rect) for box in layout.boxes}
    # Boxes found off their place: one can be a misreading of its border, two or more are the page itself.
    # With three markers the boxes are the only check of the missing corner's quarter: most of them must
    # be found where expected (on flat scans 70-85 % are found; borders under ink are not).
    off = sorted((math.hypot(*offset) for offset in offsets.values() if offset is not None), reverse=True)
    unchecked = len(off) < MIN_BOXES_FOUND_3_MARKERS * len(layout.boxes)
    if len(corners) == 3 and (unchecked or (len(off) >= 2 and off[1] > MAX_BOX_OFFSET_3_MARKERS_PT)):
        return PageReading(identity, f"{_markers_problem(corners)}; with three markers only a page scanned flat "
                                     "can be read, not one photographed at an angle (the boxes are not where "
                                     "the markers put them)",
                           thumbnail_png=_thumbnail(grey))
    paper_black = _paper_and_black(canvas, layout, corners)
    readings = tuple(_read_box(canvas, box, paper_black, thresholds, offsets[box.id]) for box in layout.boxes)
    return PageReading(identity, None, readings, orientation)


# ---- markers ---------------------------------------------------------------------------------------------------

@lru_cache(maxsize=2)
def _detector(thorough: bool) -> cv2.aruco.ArucoDetector:
    """Quick: one adaptive-threshold window (3× faster); thorough: OpenCV's three, for shadows and photos."""
    parameters = cv2.aruco.DetectorParameters()
    parameters.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_SUBPIX
    if not thorough:
        parameters.adaptiveThreshWinSizeMin = parameters.adaptiveThreshWinSizeMax = 11
    dictionary = cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_50)
    return cv2.aruco.ArucoDetector(dictionary, parameters)


def _find_markers(grey: np.ndarray) -> dict[int, np.ndarray]:
    """Marker id → its 4 corners (image px, marker's own TL, TR, BR, BL), one per id.

    Searched for first on the image reduced by a whole factor that leaves markers ~20 px wide if the
    page fills the picture (ArUco's cost grows with pixels and noise; a 200 dpi scan is halved:
    7 ms instead of 25). Whole factors only: on synthetic scans, reductions like 76 % lost up to
    one marker in ten, halving none. Then with more threshold windows, then at the other whole
    factors (full size first); what each try found is pooled, until the four are found.
    """
    marker_px = MARKER_SIZE_MM / 297 * max(grey.shape)  # a photo's page is smaller: the fallbacks cover it
    factor = max(1, int(marker_px // DETECT_MARKER_PX))
    tries = [(factor, False), (factor, True)] + [(step, True) for step in range(1, factor + 2) if step != factor]
    candidates: dict[int, list[np.ndarray]] = {}
    for step, thorough in tries:
        small = grey if step == 1 else cv2.resize(grey, None, fx=1 / step, fy=1 / step, interpolation=cv2.INTER_AREA)
        for marker_id, quads in _candidates(small, step, thorough).items():
            candidates.setdefault(marker_id, []).extend(quads)
        if len(candidates) == len(MARKER_IDS):
            break
    if not candidates:
        return {}
    # A stray look-alike (rare: 4×4 codes are small) is dropped by its size: ours are all alike.
    sides = {i: [_side(q) for q in quads] for i, quads in candidates.items()}
    typical = float(np.median([s for values in sides.values() for s in values]))
    chosen: dict[int, np.ndarray] = {}
    for marker_id, quads in candidates.items():
        best = min(range(len(quads)), key=lambda k: abs(sides[marker_id][k] - typical))
        chosen[marker_id] = quads[best]
    return chosen


def _candidates(small: np.ndarray, step: int, thorough: bool) -> dict[int, list[np.ndarray]]:
    found, ids, _ = _detector(thorough).detectMarkers(small)
    candidates: dict[int, list[np.ndarray]] = {}
    for quad, raw_id in zip(found, [] if ids is None else ids.ravel().tolist(), strict=True):
        marker_id = int(raw_id)
        if marker_id in MARKER_IDS:
            candidates.setdefault(marker_id, []).append(_to_full_size(np.asarray(quad).reshape(4, 2), step))
    return candidates


def _to_full_size(quad: np.ndarray, step: int) -> np.ndarray:
    """Corners found on an image reduced `step` times (pixel centres at (i + 0.5) · step − 0.5)."""
    return (quad + 0.5) * step - 0.5


def _side(quad: np.ndarray) -> float:
    return float(np.mean(np.linalg.norm(quad - np.roll(quad, 1, axis=0), axis=1)))


def _markers_problem(corners: Mapping[int, np.ndarray]) -> str:
    if not corners:
        return ("no corner markers found: is this a quizgen sheet? If it is, scan the whole page at 150 dpi "
                "or more, not too dark")
    missing = [CORNER_NAMES[i] for i in MARKER_IDS if i not in corners]
    return (f"only {len(corners)} of the 4 corner markers found (missing: {', '.join(missing)}): a corner is "
            "folded, covered or outside the scan")


def _fit(corners: Mapping[int, np.ndarray], layout: PageLayout) -> tuple[np.ndarray | None, float]:
    """Image px → page pt from every corner of every marker found, and its worst error in pt.

    Four markers: a homography (a photo at an angle is fine). Three: an affine map, i.e. a page lying
    flat on the glass. A homography through three markers is a guess: each marker's corners are only
    5 mm apart, so the perspective is barely constrained and the missing corner's quarter of the page
    lands several points off, even on a flat scan (measured). A photo at an angle does not fit an
    affine map, and its error says so.
    """
    where = {m.aruco_id: m.rect for m in layout.markers}
    image_points = np.concatenate([corners[i] for i in sorted(corners)]).astype(np.float64)
    page_points = np.array([p for i in sorted(corners) for p in where[i].corners()], dtype=np.float64)
    if len(corners) >= 4:
        homography, _ = cv2.findHomography(image_points, page_points, 0)
    else:
        design = np.hstack([image_points, np.ones((len(image_points), 1))])
        solution, *_ = np.linalg.lstsq(design, page_points, rcond=None)
        homography = np.vstack([solution.T, [0.0, 0.0, 1.0]])
    if homography is None or not np.all(np.isfinite(homography)):
        return None, math.inf
    # A mirror image (a scan of the back through the paper, a selfie camera) is refused too.
    if np.linalg.det(homography[:2, :2]) <= 0:
        return None, math.inf
    projected = cv2.perspectiveTransform(image_points.reshape(-1, 1, 2), homography).reshape(-1, 2)
    return homography, float(np.max(np.linalg.norm(projected - page_points, axis=1)))


def _orientation(homography: np.ndarray, layout: PageLayout) -> int:
    """How far the page is turned in the image (clockwise degrees, to the nearest quarter turn)."""
    inverse = np.linalg.inv(homography)
    centre = (layout.width / 2, layout.height / 2)
    points = np.array([[centre, (centre[0], centre[1] - 50)]], dtype=np.float64).reshape(-1, 1, 2)
    (cx, cy), (ux, uy) = cv2.perspectiveTransform(points, inverse).reshape(-1, 2)
    angle = math.degrees(math.atan2(ux - cx, -(uy - cy)))  # 0 when the page's top is up in the image
    return int(round(angle / 90)) % 4 * 90


def _rectify(grey: np.ndarray, homography: np.ndarray, layout: PageLayout, scale: float,
             region: Rect | None = None) -> np.ndarray:
    """The page (or one region of it) as if scanned straight, at `scale` px per pt."""
    area = region or Rect(0, 0, layout.width, layout.height)
    to_canvas = np.array([[scale, 0, -area.x * scale], [0, scale, -area.y * scale], [0, 0, 1]]) @ homography
    size = (int(round(area.width * scale)), int(round(area.height * scale)))
    return cv2.warpPerspective(grey, to_canvas, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                               borderValue=255)


# ---- identity ---------------------------------------------------------------------------------------------------

def _identity_from_rectified(grey: np.ndarray, corners: Mapping[int, np.ndarray],
                             layouts: Mapping[PageIdentity, PageLayout]) -> PageIdentity | str | None:
    """The QR code read where the stamp put it, rectified (one try per page size in the set)."""
    geometries = {(round(lay.width, 1), round(lay.height, 1)): lay for lay in layouts.values()}
    for layout in geometries.values():
        homography, error = _fit(corners, layout)
        if homography is None or error > MAX_MARKER_FIT_ERROR_MM * PT_PER_MM:
            continue
        margin = 3 * PT_PER_MM
        region = layout.qr.inset(-margin)
        crop = _rectify(grey, homography, layout, QR_PX_PER_PT, region)
        found = _decode(crop)
        if found is None:
            found = _decode_by_grid(grey, homography, layout)
        if found is not None:
            return found
    return None


def _decode_by_grid(grey: np.ndarray, homography: np.ndarray, layout: PageLayout) -> PageIdentity | str | None:
    """Read the QR code's modules where the markers say they are, and decode a clean redrawing of them.

    At 150 dpi a module is 2.4 px and blur merges them past zxing's own sampling; but the markers
    place the code to ~0.1 pt (a module is 1.1 pt), so each module's centre can be averaged here.
    The module count depends on the payload's length: 25 (version 2) for quizgen's usual codes.
    """
    samples = 5
    for modules in (25, 21, 29):
        module = layout.qr.width / modules
        # Where the markers put the code, then nudged by a third of a module each way (blurred corners
        # of a 150 dpi copy place it to ~0.4 pt, a third of a module).
        for dx, dy in ((0, 0), (-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (1, 1), (-1, 1), (1, -1)):
            region = Rect(layout.qr.x + dx * module / 3, layout.qr.y + dy * module / 3, layout.qr.width,
                          layout.qr.height)
            crop = _rectify(grey, homography, layout, samples / module, region)
            if crop.shape != (samples * modules, samples * modules):
                break
            found = _decode(_redrawn(crop, modules, samples))
            if isinstance(found, PageIdentity):
                return found
    return None


def _redrawn(crop: np.ndarray, modules: int, samples: int) -> np.ndarray:
    """A clean QR image from the mean of each module's centre (Otsu's threshold), 6 px per module."""
    centres = crop.reshape(modules, samples, modules, samples)[:, 1:-1, :, 1:-1].mean(axis=(1, 3))
    _, dark = cv2.threshold(centres.astype(np.uint8), 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    quiet, size = 4, 6
    clean = np.full(((modules + 2 * quiet) * size,) * 2, 255, dtype=np.uint8)
    inside = slice(quiet * size, (quiet + modules) * size)
    clean[inside, inside] = np.kron((1 - dark) * 255, np.ones((size, size), dtype=np.uint8))
    return clean


def _identity_from_raw(grey: np.ndarray) -> PageIdentity | str | None:
    scale = min(1.0, QR_RAW_MAX_SIDE / max(grey.shape))
    image = grey if scale == 1.0 else cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return _decode(image)


def _decode(image: np.ndarray) -> PageIdentity | str | None:
    """The page identity, or a problem sentence for a QR code that is not ours, or None when none is read."""
    texts = {result.text for result in zxingcpp.read_barcodes(image, formats=QR_FORMATS)}
    identities, refused = set(), []
    for text in texts:
        try:
            identities.add(parse_payload(text))
        except PayloadError as error:
            refused.append(str(error))
    if len(identities) > 1:
        return "two quizgen QR codes in one image: scan one page per image"
    if identities:
        return identities.pop()
    if refused:
        return f"the QR code is not a quizgen page code ({refused[0]})"
    return None


def _unknown_page_problem(identity: PageIdentity, layouts: Mapping[PageIdentity, PageLayout]) -> str:
    sets = sorted({key.class_code for key in layouts})
    if identity.class_code not in sets:
        return f"page from another class set (set {identity.class_code}; this class set is {', '.join(sets)})"
    return f"{identity.describe()} is not in this class set's manifest (a sheet printed from another build?)"


# ---- boxes ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _PaperBlack:
    black: float  # printed black relative to paper (0 = perfect black, 1 = no contrast)


def _paper_and_black(canvas: np.ndarray, layout: PageLayout, corners: Mapping[int, np.ndarray]) -> _PaperBlack:
    """The printed black of the markers found, relative to the white around them."""
    ratios = []
    for marker in layout.markers:
        if marker.aruco_id not in corners:
            continue
        cell = marker.rect.width / 6
        border = _ring(canvas, marker.rect.inset(cell * 0.25), marker.rect.inset(cell * 0.75))
        quiet = _ring(canvas, marker.rect.inset(-cell * 0.8), marker.rect.inset(-cell * 0.2))
        if border.size and quiet.size:
            black, paper = float(np.median(border)), float(np.percentile(quiet, 90))
            if paper > 0:
                ratios.append(black / paper)
    black = float(np.median(ratios)) if ratios else 0.15
    return _PaperBlack(min(max(black, 0.0), 0.6))  # a washed-out copy still has some contrast to measure


def _ring(canvas: np.ndarray, outer: Rect, inner: Rect) -> np.ndarray:
    """The pixels inside `outer` and outside `inner`."""
    x0, y0, x1, y1 = _px(outer, canvas.shape)
    ix0, iy0, ix1, iy1 = _px(inner, canvas.shape)
    region = canvas[y0:y1, x0:x1]
    keep = np.ones(region.shape, dtype=bool)
    keep[max(iy0 - y0, 0):max(iy1 - y0, 0), max(ix0 - x0, 0):max(ix1 - x0, 0)] = False
    return region[keep]


def _px(rect: Rect, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    s = CANVAS_PX_PER_PT
    x0, y0 = max(0, int(round(rect.x * s))), max(0, int(round(rect.y * s)))
    x1, y1 = min(shape[1], int(round(rect.right * s))), min(shape[0], int(round(rect.bottom * s)))
    return x0, y0, max(x0, x1), max(y0, y1)


def _inner(rect: Rect) -> Rect:
    """The part of a box that counts: its printed border and a registration margin left out."""
    return rect.inset(max(0.14 * min(rect.width, rect.height), 1.4))


@lru_cache(maxsize=64)
def _masks(height: int, width: int) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, ...]]:
    """The inner ellipse (it fits round and square boxes alike), its core, and its nine cells.

    Faint marks are looked for in the core only: a blurred or JPEG-ringing printed border bleeds a
    light grey into the ellipse's rim, which must not pass for pencil.
    """
    ys, xs = np.mgrid[0:height, 0:width]
    radius = ((ys - (height - 1) / 2) / (height / 2)) ** 2 + ((xs - (width - 1) / 2) / (width / 2)) ** 2
    ellipse, core = radius <= 1.0, radius <= 0.8**2
    cells = []
    for row in range(3):
        for column in range(3):
            cell = np.zeros_like(ellipse)
            cell[row * height // 3:(row + 1) * height // 3, column * width // 3:(column + 1) * width // 3] = True
            cells.append(cell & ellipse)
    return ellipse, core, tuple(cells)


_SOLID_KERNEL = np.ones((7, 7), dtype=np.uint8)  # 2.8 pt (1 mm) at CANVAS_PX_PER_PT: twice a ballpoint line


def _border_offset(canvas: np.ndarray, rect: Rect) -> tuple[float, float] | None:
    """Where the box's printed border is, relative to where the layout puts it (pt), or None if not clear.

    Column and row profiles of darkness around the box: the two vertical border lines are the two
    peaks a box width apart (likewise rows). A check of the fit: markers place boxes to ~0.3 pt on
    flat scans; a box found further off means the page is not where the markers say (curl, fold, a
    guessed fourth corner).
    """
    s = CANVAS_PX_PER_PT
    x0, y0, x1, y1 = _px(rect.inset(-BORDER_SEARCH_PT - 1), canvas.shape)
    region = canvas[y0:y1, x0:x1].astype(np.float32)
    if region.size == 0:
        return None
    darkness = np.clip(1.0 - region / max(float(np.percentile(region, 90)), 1.0), 0.0, 1.0)
    reach = int(round(BORDER_SEARCH_PT * s))
    shifts = []
    for axis, start, size in ((0, rect.x * s - x0, rect.width * s), (1, rect.y * s - y0, rect.height * s)):
        profile = darkness.sum(axis=axis)  # axis 0: one value per column
        across = (rect.height if axis == 0 else rect.width) * s  # a border line's length, in px
        near, far = int(round(start + 0.4 * s)), int(round(start + size - 0.4 * s))  # border centres
        scores = []
        for shift in range(-reach, reach + 1):
            if near + shift >= 0 and far + shift < len(profile):
                scores.append((profile[near + shift] + profile[far + shift], -abs(shift), shift))
        if not scores:
            return None
        best = max(scores)
        strength = (best[0] - float(np.median([score for score, _, _ in scores]))) / (2 * across)
        # A square's border line scores ~0.7, a circle's ~0.25 (only its sides are vertical); a filled box
        # or a smudge has no peak to find.
        if strength < 0.15 or abs(best[2]) == reach:  # at the edge of the search: something else was found
            return None
        shifts.append(best[2] / s)
    return shifts[0], shifts[1]


def _read_box(canvas: np.ndarray, box: Box, paper_black: _PaperBlack, thresholds: Thresholds,
              offset: tuple[float, float] | None = None) -> BoxReading:
    inner = _inner(box.rect)
    x0, y0, x1, y1 = _px(inner, canvas.shape)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return BoxReading(box.id, box.kind, 0.0, 0.0, "unsure", 0.0, "box too small to read (make it 3 mm or more)")
    if offset is not None and math.hypot(*offset) > MAX_BOX_OFFSET_PT:
        return BoxReading(box.id, box.kind, 0.0, 0.0, "unsure", 0.0,
                          f"box found {math.hypot(*offset) / PT_PER_MM:.1f} mm from its place: is the sheet curled?",
                          _crop_png(canvas, box.rect))
    region = canvas[y0:y1, x0:x1]
    paper = _local_paper(canvas, box.rect, region.shape)
    contrast = 1.0 - paper_black.black
    # 1 = paper, paper_black.black = printed black. Faint marks are looked for on a smoother copy:
    # they are only ~15 % darker than paper, where scanner noise would otherwise pass for pencil.
    dark = cv2.GaussianBlur(region, (3, 3), 0).astype(np.float32) / paper < 1.0 - thresholds.dark * contrast
    faint = cv2.GaussianBlur(region, (5, 5), 0).astype(np.float32) / paper < 1.0 - thresholds.faint * contrast
    ellipse, core, cells = _masks(*region.shape)
    ink = float((dark & ellipse).sum()) / max(int(ellipse.sum()), 1)
    faint_share = float((faint & core).sum()) / max(int(core.sum()), 1)
    cell_shares = [float((dark & cell).sum()) / max(int(cell.sum()), 1) for cell in cells if cell.sum() >= 3]
    least_cell = min(cell_shares) if cell_shares else ink
    # Ink that survives an erosion wider than a pen's line is a blackened area, not a stroke.
    solid_mask = cv2.erode(dark.astype(np.uint8), _SOLID_KERNEL).astype(bool)
    solid = float((solid_mask & ellipse).sum()) / max(int(ellipse.sum()), 1)
    state, confidence, note = _classify(ink, faint_share, least_cell, thresholds, solid)
    # The review page shows unsure boxes, and ticks that contradict each other (two on a single choice, two
    # score boxes) or a score row left empty: every box but an empty choice box gets its crop (~1.5 kB).
    crop = _crop_png(canvas, box.rect) if state != "empty" or box.kind == "score" else None
    return BoxReading(box.id, box.kind, round(ink, 4), round(faint_share, 4), state, round(confidence, 3), note, crop)


def _local_paper(canvas: np.ndarray, rect: Rect, shape: tuple[int, ...]) -> np.ndarray:
    """The paper's brightness over a box's inner area, from the paper on its four sides.

    Each side gives a bright percentile (text and strokes nearby are darker) of a strip from 1.2
    to 4 pt outside the box; the paper inside is interpolated between opposite sides, so the edge of
    a shadow or a lighting gradient across the box does not pass for a faint mark.
    """
    outer, gap = rect.inset(-4.0), rect.inset(-1.2)
    strips = {
        "top": Rect(gap.x, outer.y, gap.width, gap.y - outer.y),
        "bottom": Rect(gap.x, gap.bottom, gap.width, outer.bottom - gap.bottom),
        "left": Rect(outer.x, gap.y, gap.x - outer.x, gap.height),
        "right": Rect(gap.right, gap.y, outer.right - gap.right, gap.height),
    }
    level = {}
    for side, strip in strips.items():
        x0, y0, x1, y1 = _px(strip, canvas.shape)
        values = canvas[y0:y1, x0:x1]
        level[side] = float(np.percentile(values, 90)) if values.size else math.nan
    known = [v for v in level.values() if not math.isnan(v)]
    fallback = max(known) if known else 255.0
    top, bottom, left, right = (fallback if math.isnan(level[side]) else level[side] for side in strips)
    height, width = shape
    v = (np.arange(height, dtype=np.float32)[:, None] + 0.5) / height
    u = (np.arange(width, dtype=np.float32)[None, :] + 0.5) / width
    paper = 0.5 * ((top + (bottom - top) * v) + (left + (right - left) * u))
    return np.maximum(paper, 1.0)


def _classify(ink: float, faint: float, least_cell: float, t: Thresholds,
              solid: float = 0.0) -> tuple[BoxState, float, str | None]:
    def confidence(margin: float) -> float:
        return min(max(margin / 0.05, 0.0), 1.0)

    if ink >= t.filled_from and (least_cell >= t.filled_cells or solid >= t.filled_solid):
        evenness = max(least_cell - t.filled_cells, solid - t.filled_solid)
        return "filled", confidence(min(ink - t.filled_from, evenness)), None
    if solid >= t.solid_from:
        return "unsure", 0.0, f"part of the box blackened ({solid:.0%}): a mark being cancelled?"
    if ink >= t.tick_from:
        if ink < t.heavy_from:
            return "ticked", confidence(min(ink - t.tick_from, t.heavy_from - ink, t.solid_from - solid)), None
        if ink < t.tick_below and least_cell < t.cross_white_cell:
            return "ticked", confidence(min(t.tick_below - ink, t.cross_white_cell - least_cell,
                                            t.solid_from - solid)), None
        return "unsure", 0.0, f"heavy mark ({ink:.0%} inked): a cross or a filled (cancelled) box?"
    if ink < t.empty_below and faint < t.faint_from:
        return "empty", confidence(min(t.empty_below - ink, t.faint_from - faint)), None
    if ink < t.empty_below:
        return "unsure", 0.0, f"faint mark ({faint:.0%} lightly marked): pencil or an erased tick?"
    return "unsure", 0.0, f"small mark ({ink:.0%} inked): a tick or a stray stroke?"


def _crop_png(canvas: np.ndarray, rect: Rect) -> bytes:
    """The box with its neighbours above and below and, on its right, where the choice's letter usually is."""
    side = max(rect.width, rect.height)
    around = Rect(rect.x - 0.8 * side, rect.y - 0.8 * side, rect.width + 3.2 * side, rect.height + 1.6 * side)
    x0, y0, x1, y1 = _px(around, canvas.shape)
    return _png(canvas[y0:y1, x0:x1])


def _thumbnail(grey: np.ndarray) -> bytes:
    scale = min(1.0, THUMBNAIL_SIDE / max(grey.shape))
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else grey
    return _png(small)


def _png(image: np.ndarray) -> bytes:
    ok, encoded = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_COMPRESSION, 9])
    return encoded.tobytes() if ok else b""
