"""Reading synthetic scans back: the truth comes back exactly, or the box or page is flagged — never a wrong guess."""

import zlib
from collections import Counter

import cv2
import numpy as np
import pytest
import segno

from quizgen.render.marks.identity import PageIdentity
from quizgen.scan.images import rasterise
from quizgen.scan.read import PageReading, read_page
from quizgen.scan.synthetic import (
    SCENARIOS,
    mark_page,
    perspective,
    random_marks,
    rotate,
    sample_class_set,
    scan_pages,
)

pytestmark = pytest.mark.slow
DPI = 200


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return sample_class_set(tmp_path_factory.mktemp("sample"), students=1)


@pytest.fixture(scope="module")
def clean_pages(sample):
    return list(rasterise(sample.pdf, DPI))


def tally(reading: PageReading, truth: dict[str, str]) -> Counter:
    counts: Counter = Counter()
    for box in reading.boxes:
        if box.state == "unsure":
            counts["unsure"] += 1
        else:
            counts["correct" if box.state == truth[box.id] else "wrong"] += 1
    return counts


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_accuracy(sample, scenario):
    rng = np.random.default_rng(zlib.crc32(scenario.encode()))
    layouts = [sample.layout_of_page(i) for i in range(len(sample.identities))]
    pages = scan_pages(sample.pdf, layouts, rng, scenario)
    total: Counter = Counter()
    for index, page in enumerate(pages):
        reading = read_page(page.image, sample.layouts)
        if not reading.ok:
            total["failed pages"] += 1
            assert reading.problem and reading.thumbnail_png and not reading.boxes
            continue
        assert reading.identity == sample.identities[index]  # never another page's identity
        total += tally(reading, page.truth(layouts[index]))
    assert total["wrong"] == 0, total
    if SCENARIOS[scenario].exact:
        assert total == Counter(correct=sum(len(layout.boxes) for layout in layouts)), total


def test_orientation_is_reported(sample, clean_pages):
    for degrees, expected in ((0, 0), (180, 180), (90, 90), (-90, 270), (3, 0)):
        image = clean_pages[0]
        if degrees in (90, -90):
            image = np.ascontiguousarray(np.rot90(image, k=-degrees // 90))
        elif degrees:
            image = rotate(degrees)(image, np.random.default_rng(0), DPI)
        reading = read_page(image, sample.layouts)
        assert reading.ok and reading.orientation == expected, (degrees, reading.problem)


def px(value: float) -> int:
    return int(round(value * DPI / 72))


def paint(image: np.ndarray, rect, value: int = 255, grow: float = 3.0) -> np.ndarray:
    out = image.copy()
    out[px(rect.y - grow):px(rect.bottom + grow), px(rect.x - grow):px(rect.right + grow)] = value
    return out


def test_unsure_boxes_come_with_a_small_crop(sample, clean_pages):
    layout = sample.layout_of_page(0)
    box = layout.boxes[0].rect
    image = clean_pages[0].copy()
    # half the box blackened: neither a tick nor a filled box
    image[px(box.y + 1.5):px(box.y + box.height / 2), px(box.x + 1.5):px(box.right - 1.5)] = 30
    reading = read_page(image, sample.layouts)
    first = reading.boxes[0]
    assert first.state == "unsure" and first.note and first.confidence == 0
    assert first.crop_png is not None and len(first.crop_png) < 4000
    crop = cv2.imdecode(np.frombuffer(first.crop_png, np.uint8), cv2.IMREAD_UNCHANGED)
    assert crop.ndim == 2 and 50 <= crop.shape[0] <= 120 and crop.shape[1] > 1.5 * crop.shape[0] and crop.min() < 60
    assert all(b.crop_png is None for b in reading.boxes if b.state == "empty" and b.kind == "choice")
    assert all(b.crop_png is not None for b in reading.boxes if b.state != "empty" or b.kind == "score")


def test_a_shadow_edge_across_empty_boxes_is_not_a_mark(sample, clean_pages):
    """Light falling from 100 % to 55 % over 8 mm, centred on a column of boxes (a phone's shadow)."""
    layout = sample.layout_of_page(0)
    column = [b for b in layout.boxes if b.rect.x == layout.boxes[0].rect.x]
    centre = px(column[0].rect.x + column[0].rect.width / 2)
    xs = np.arange(clean_pages[0].shape[1])
    light = 1 - 0.45 * np.clip((xs - centre) / px(8 * 72 / 25.4) + 0.5, 0, 1)
    reading = read_page((clean_pages[0] * light[None, :]).astype(np.uint8), sample.layouts)
    states = {b.id: b.state for b in reading.boxes}
    assert [states[b.id] for b in column] == ["empty"] * len(column)


def test_light_pencil_is_flagged_not_missed(sample, clean_pages):
    layout = sample.layout_of_page(0)
    rng = np.random.default_rng(3)
    marks = random_marks(layout, rng, pencil=True)
    reading = read_page(mark_page(clean_pages[0], layout, marks, DPI, rng), sample.layouts)
    states = {b.id: b.state for b in reading.boxes}
    assert {states[box_id] for box_id, kind in marks.items() if kind == "pencil"} <= {"ticked", "unsure"}
    assert any(states[box_id] == "unsure" for box_id, kind in marks.items() if kind == "pencil")


# ---- pages that cannot be read -----------------------------------------------------------------------------------

def test_a_page_from_another_class_set(tmp_path, sample):
    other = sample_class_set(tmp_path, students=1, class_code="OTH-ERS")
    reading = read_page(next(iter(rasterise(other.pdf, DPI))), sample.layouts)
    assert reading.identity == PageIdentity("OTH-ERS", "VAR-001", 1, 1)
    assert "another class set" in reading.problem and "TST-SET" in reading.problem and not reading.boxes


def test_a_page_missing_from_the_manifest(sample, clean_pages):
    layouts = {key: layout for key, layout in sample.layouts.items() if key.page != 2}
    reading = read_page(clean_pages[1], layouts)
    assert reading.identity == sample.identities[1] and "not in this class set" in reading.problem


def test_qr_covered(sample, clean_pages):
    reading = read_page(paint(clean_pages[0], sample.layout_of_page(0).qr.inset(3), value=40, grow=0),
                        sample.layouts)
    assert reading.identity is None and "QR code unreadable" in reading.problem
    thumbnail = cv2.imdecode(np.frombuffer(reading.thumbnail_png, np.uint8), cv2.IMREAD_UNCHANGED)
    assert max(thumbnail.shape) == 360


def test_a_qr_code_that_is_not_ours(sample, clean_pages):
    layout = sample.layout_of_page(0)
    image = paint(clean_pages[0], layout.qr, grow=2)
    foreign = np.array(segno.make_qr("https://example.org/", error="m").matrix, dtype=np.uint8)
    module = px(layout.qr.width) // foreign.shape[0]
    drawn = np.kron(255 - foreign * 255, np.ones((module, module), dtype=np.uint8))
    top, left = px(layout.qr.y), px(layout.qr.x)
    image[top:top + drawn.shape[0], left:left + drawn.shape[1]] = drawn
    reading = read_page(image, sample.layouts)
    assert reading.identity is None and "not a quizgen page code" in reading.problem


def test_three_markers_are_enough_on_a_flat_scan(sample, clean_pages):
    layout = sample.layout_of_page(0)
    reading = read_page(paint(clean_pages[0], layout.markers[3].rect), sample.layouts)
    assert reading.ok and reading.boxes and all(b.state == "empty" for b in reading.boxes)


def test_three_markers_on_a_photo_at_an_angle_are_refused(sample, clean_pages):
    layout = sample.layout_of_page(0)
    covered = paint(clean_pages[0], layout.markers[3].rect)
    reading = read_page(perspective(0.12)(covered, np.random.default_rng(5), DPI), sample.layouts)
    assert not reading.ok and "bottom-left" in reading.problem and "at an angle" in reading.problem
    assert reading.identity == sample.identities[0]  # the QR code still names the page for the review


def test_two_markers_are_not_enough(sample, clean_pages):
    layout = sample.layout_of_page(0)
    image = paint(paint(clean_pages[0], layout.markers[0].rect), layout.markers[2].rect)
    reading = read_page(image, sample.layouts)
    assert "only 2 of the 4 corner markers" in reading.problem and "top-left, bottom-right" in reading.problem
    assert reading.identity == sample.identities[0]


@pytest.mark.parametrize("image, words", [
    (np.full((1754, 1240), 255, np.uint8), "no corner markers found"),
    (np.random.default_rng(1).integers(0, 256, (1754, 1240), dtype=np.uint8), "no corner markers found"),
    (np.zeros((1754, 1240), np.uint8), "no corner markers found"),
    (np.full((400, 300), 255, np.uint8), "image too small"),
    (np.full((800, 600, 3), 255, np.uint8), "no corner markers found"),
    (np.full((800, 600, 4), 255, np.uint8), "no corner markers found"),
    (np.full((800, 600), 0.5, np.float32), "not an image"),
    (np.zeros((0, 0), np.uint8), "not an image"),
    (np.zeros((10, 10, 10, 3), np.uint8), "not an image"),
    ("scan.pdf", "not an image"),
    (None, "not an image"),
])
def test_bad_images_give_a_reason_not_an_exception(sample, image, words):
    reading = read_page(image, sample.layouts)
    assert not reading.ok and words in reading.problem and not reading.boxes


def test_no_layouts(clean_pages):
    assert "no page layouts" in read_page(clean_pages[0], {}).problem


def test_colour_scans_read_like_grey_ones(sample, clean_pages):
    layout = sample.layout_of_page(0)
    rng = np.random.default_rng(8)
    marks = random_marks(layout, rng)
    grey = mark_page(clean_pages[0], layout, marks, DPI, rng)
    colour = cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)
    assert read_page(colour, sample.layouts) == read_page(grey, sample.layouts)


def test_a_batch_reads_in_order_on_any_number_of_workers(tmp_path, sample):
    from quizgen.scan.batch import read_scans
    from quizgen.scan.synthetic import images_to_pdf

    layouts = [sample.layout_of_page(i) for i in range(len(sample.identities))]
    pages = scan_pages(sample.pdf, layouts, np.random.default_rng(4), "copier (all mild)")
    scan = tmp_path / "copier.pdf"
    scan.write_bytes(images_to_pdf([p.image for p in reversed(pages)], dpi=DPI))  # pages in any order
    photo = tmp_path / "photo.jpg"
    cv2.imwrite(str(photo), pages[0].image)
    files = [scan, tmp_path / "missing.pdf", photo]
    seen = []
    alone = list(read_scans(files, sample.layouts, workers=1))
    pooled = list(read_scans(files, sample.layouts, workers=2, progress=seen.append))
    assert [(p.where, p.reading.identity) for p in pooled] == [
        (f"{scan} page 1", sample.identities[2]), (f"{scan} page 2", sample.identities[1]),
        (f"{scan} page 3", sample.identities[0]), (str(files[1]), None), (str(photo), sample.identities[0])]
    assert "cannot be read" in pooled[3].reading.problem
    assert pooled == alone and seen == pooled
    truth = pages[0].truth(layouts[0])
    assert {b.id: b.state for b in pooled[2].reading.boxes} == truth
