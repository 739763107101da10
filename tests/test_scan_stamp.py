"""Box positions from WeasyPrint's layout, and the markers and QR code stamped on rendered pages."""

import io
from pathlib import Path

import cv2
import numpy as np
import pikepdf
import pytest
import zxingcpp
from pypdf import PdfReader

from quizgen.render.marks.identity import PageIdentity
from quizgen.render.marks.layout import PT_PER_MM, LayoutError, layouts_from_render, stamp_geometry
from quizgen.render.marks.stamp import ARUCO_4X4_BITS, StampError, stamp_pages
from quizgen.render.pdf import Renderer
from quizgen.scan.images import rasterise

pytestmark = pytest.mark.slow

PAGE_CSS = "@page { size: A4; margin: 25mm 20mm 20mm 20mm; }"
BOXED = """<html lang="fr"><head><meta charset="utf-8"><title>t</title></head><body style="margin:0">
<div data-box="abs" style="position:absolute; left:30mm; top:40mm; width:5mm; height:6mm;
     border:0.5mm solid black"></div>
<p style="margin:0; font-size:12pt">Réponse <span data-box="q1.A" style="display:inline-block; width:4mm;
   height:4mm; border:0.8pt solid #000; box-sizing:border-box"></span>
<span data-box="q1.B" data-box-kind="score" style="display:inline-block; width:4mm; height:4mm;
   border:0.8pt solid #000"></span></p>
<span style="display:inline-block; width:4mm; height:4mm" class="no-data-box"></span>
<div data-box="long" style="margin-top:10mm; border:1px solid red">""" + "<p>ligne</p>" * 70 + """</div>
</body></html>"""


@pytest.fixture(scope="module")
def renderer(tmp_path_factory):
    folder = tmp_path_factory.mktemp("assets")
    (folder / "style.css").write_text("p { margin: 0 0 2mm; }", encoding="utf-8")
    return Renderer((folder,), folder / "style.css")


@pytest.fixture(scope="module")
def rendered(renderer):
    return renderer.pdf_with_boxes(BOXED, PAGE_CSS, "boxes")


def test_boxes_are_where_weasyprint_put_them(rendered):
    boxes = {(b.box_id, b.page): b for b in rendered.boxes}
    absolute = boxes["abs", 0]
    # position: absolute is relative to the page area (inside the 20 mm / 25 mm margins); border box in points.
    assert (absolute.x, absolute.y) == pytest.approx((50 * PT_PER_MM, 65 * PT_PER_MM), abs=0.01)
    assert (absolute.width, absolute.height) == pytest.approx((6 * PT_PER_MM, 7 * PT_PER_MM), abs=0.01)
    first, second = boxes["q1.A", 0], boxes["q1.B", 0]
    assert first.kind == "choice" and second.kind == "score"
    assert first.width == pytest.approx(4 * PT_PER_MM, abs=0.01)  # box-sizing: border-box
    assert second.width == pytest.approx(4 * PT_PER_MM + 1.6, abs=0.01)  # content-box: plus two 0.8 pt borders
    assert first.y + first.height == pytest.approx(second.y + second.height, abs=0.01)  # both on the baseline
    assert second.x > first.x + first.width
    assert first.y > 25 * PT_PER_MM and first.x > 20 * PT_PER_MM
    assert len(rendered.page_sizes) >= 2 and rendered.page_sizes[0] == pytest.approx((595.276, 841.89), abs=0.01)


def test_an_element_broken_across_pages_gives_one_fragment_per_page(rendered):
    fragments = [b for b in rendered.boxes if b.box_id == "long"]
    assert [f.page for f in fragments] == list(range(len(rendered.page_sizes)))
    assert fragments[1].y == pytest.approx(25 * PT_PER_MM, abs=0.01)  # continues at the top of the next page
    assert fragments[0].y + fragments[0].height <= 841.89 - 20 * PT_PER_MM + 0.01
    with pytest.raises(LayoutError, match="pieces"):
        layouts_from_render(rendered.page_sizes, rendered.boxes)


def test_only_elements_with_data_box_and_no_anonymous_or_pseudo_boxes(rendered):
    # the <p> around q1.A holds line boxes and text boxes of the same element tree: none are reported
    ids = [b.box_id for b in rendered.boxes if b.page == 0]
    assert sorted(ids) == ["abs", "long", "q1.A", "q1.B"]


def test_same_pdf_bytes_as_a_plain_render(renderer, rendered):
    assert rendered.pdf == renderer.pdf(BOXED, PAGE_CSS, "boxes")


# ---- stamping ---------------------------------------------------------------------------------------------------

def test_aruco_patterns_are_opencv_dictionary_markers():
    dictionary = cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_50)
    for marker_id, rows in ARUCO_4X4_BITS.items():
        image = cv2.aruco.generateImageMarker(dictionary, marker_id, 6)
        assert ["".join("1" if v else "0" for v in row) for row in image[1:5, 1:5]] == list(rows)
        assert not image[0].any() and not image[:, 0].any()  # the black border


@pytest.fixture(scope="module")
def plain_pdf(renderer):
    html = "<html lang='fr'><head><title>t</title></head><body><p>Bonjour</p><p style='break-before:page'>2</p>" \
           "<p style='break-before:page'>3</p></body></html>"
    return renderer.pdf(html, PAGE_CSS, "plain")


IDENTITIES = [PageIdentity("CZ5-ECL", "AB3-XY7", 12, 1), None, PageIdentity("CZ5-ECL", "AB3-XY7", 12, 3)]


def test_stamp_is_deterministic_and_keeps_the_page(plain_pdf):
    once, twice = stamp_pages(plain_pdf, IDENTITIES), stamp_pages(plain_pdf, IDENTITIES)
    assert once == twice
    reader = PdfReader(io.BytesIO(once))
    assert "Bonjour" in reader.pages[0].extract_text()
    with pikepdf.Pdf.open(io.BytesIO(plain_pdf)) as before, pikepdf.Pdf.open(io.BytesIO(once)) as after:
        assert after.pages[1].Contents.read_bytes() == before.pages[1].Contents.read_bytes()  # None: untouched
        added = b"".join(s.read_bytes() for s in after.pages[0].Contents)
        assert added.startswith(b"q\n") and b"/Artifact BMC" in added and added.rstrip().endswith(b"EMC")
    other = stamp_pages(plain_pdf, [PageIdentity("CZ5-ECL", "AB3-XY7", 13, 1), None, IDENTITIES[2]])
    assert other != once


def test_stamp_can_be_read_back_where_the_layout_says(plain_pdf):
    stamped = stamp_pages(plain_pdf, IDENTITIES)
    dpi = 200
    pages = list(rasterise(stamped, dpi))
    markers, qr = stamp_geometry(595.276, 841.89)
    dictionary = cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_50)
    found, ids, _ = cv2.aruco.ArucoDetector(dictionary).detectMarkers(pages[0])
    assert sorted(ids.ravel().tolist()) == [0, 1, 2, 3]
    for quad, marker_id in zip(found, ids.ravel(), strict=True):
        expected = np.array(markers[int(marker_id)].rect.corners()) * dpi / 72
        assert np.abs(quad.reshape(4, 2) - expected).max() < 1.5  # px: within 0.2 mm of the layout
    codes = zxingcpp.read_barcodes(pages[0])
    assert [c.text for c in codes] == ["QZ1/CZ5-ECL/AB3-XY7/12/1"]
    position = codes[0].position
    assert abs(position.top_left.x - qr.x * dpi / 72) < 3 and abs(position.top_left.y - qr.y * dpi / 72) < 3
    assert zxingcpp.read_barcodes(pages[1]) == [] and pages[1][:180].min() == 255  # page 2: no stamp at the top
    assert [c.text for c in zxingcpp.read_barcodes(pages[2])] == ["QZ1/CZ5-ECL/AB3-XY7/12/3"]


def test_stamp_refuses_a_wrong_page_count_or_rotated_pages(plain_pdf):
    with pytest.raises(StampError, match="3 pages"):
        stamp_pages(plain_pdf, IDENTITIES[:2])
    with pikepdf.Pdf.open(io.BytesIO(plain_pdf)) as pdf:
        pdf.pages[0].Rotate = 90
        buffer = io.BytesIO()
        pdf.save(buffer)
    with pytest.raises(StampError, match="Rotate"):
        stamp_pages(buffer.getvalue(), IDENTITIES)


def test_stamp_on_a_page_with_an_offset_mediabox(plain_pdf, tmp_path: Path):
    """Some PDFs put the origin elsewhere; the marks must still land 10 mm inside the visible page."""
    with pikepdf.Pdf.open(io.BytesIO(plain_pdf)) as pdf:
        for page in pdf.pages:
            page.MediaBox = [100, 200, 100 + 595.276, 200 + 841.89]
            page.contents_add(pdf.make_stream(b""), prepend=True)
        buffer = io.BytesIO()
        pdf.save(buffer)
    stamped = stamp_pages(buffer.getvalue(), IDENTITIES)
    page = next(iter(rasterise(stamped, 100)))
    found, ids, _ = cv2.aruco.ArucoDetector(cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_50)).detectMarkers(
        page)
    assert ids is not None and sorted(ids.ravel().tolist()) == [0, 1, 2, 3]
