"""Scannable page layout and the QR payload: plain data, strict in what it accepts."""

import json

import pytest

from quizgen.render.marks.identity import PageIdentity, PayloadError, parse_payload
from quizgen.render.marks.layout import (
    MIN_EDGE_MM,
    PT_PER_MM,
    Box,
    LayoutError,
    PageLayout,
    Rect,
    layouts_from_render,
    page_layout,
    stamp_geometry,
)
from quizgen.scan.read import Thresholds, _classify

A4 = (595.276, 841.89)
LETTER = (612.0, 792.0)


# ---- identity ---------------------------------------------------------------------------------------------------

def test_payload_round_trip_and_format():
    identity = PageIdentity("CZ5-ECL", "AB3-XY7", 12, 2)
    assert identity.payload() == "QZ1/CZ5-ECL/AB3-XY7/12/2"
    assert parse_payload(identity.payload()) == identity


@pytest.mark.parametrize("text", [
    "", "QZ1", "QZ1/CZ5-ECL/AB3-XY7/12", "QZ1/CZ5-ECL/AB3-XY7/12/2/9",  # field count
    "QZ2/CZ5-ECL/AB3-XY7/12/2", "qz1/CZ5-ECL/AB3-XY7/12/2",  # another version, another case
    "QZ1/cz5-ecl/AB3-XY7/12/2", "QZ1//AB3-XY7/12/2", "QZ1/-CZ5/AB3-XY7/12/2",  # codes
    "QZ1/CZ5 ECL/AB3-XY7/12/2", "QZ1/CZ5-ECL/AB3|XY7/12/2", "QZ1/ABCDEFGHIJKLMNOPQ/AB3-XY7/12/2",
    "QZ1/CZ5-ECL/AB3-XY7/012/2", "QZ1/CZ5-ECL/AB3-XY7/0/2", "QZ1/CZ5-ECL/AB3-XY7/-1/2",  # student
    "QZ1/CZ5-ECL/AB3-XY7/12/٣", "QZ1/CZ5-ECL/AB3-XY7/12/2.0", "QZ1/CZ5-ECL/AB3-XY7/12/1000",  # page
    "QZ1/CZ5-ECL/AB3-XY7/12/2\n", " QZ1/CZ5-ECL/AB3-XY7/12/2", "QZ1/" + "A" * 80,
    "https://example.org/QZ1/CZ5-ECL/AB3-XY7/12/2",
])
def test_parser_refuses_anything_else(text):
    with pytest.raises(PayloadError):
        parse_payload(text)


@pytest.mark.parametrize("fields", [("", "V", 1, 1), ("C", "v", 1, 1), ("C", "V", 0, 1), ("C", "V", 1, 0),
                                    ("C", "V", True, 1), ("C", "V", 1, 1.0), ("C", "V", 10_000, 1)])
def test_identity_refuses_bad_fields(fields):
    with pytest.raises(PayloadError):
        PageIdentity(*fields)


# ---- geometry ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("size", [A4, LETTER])
def test_stamp_stays_clear_of_the_edges_and_of_a_normal_top_margin(size):
    width, height = size
    markers, qr = stamp_geometry(width, height)
    assert [m.aruco_id for m in markers] == [0, 1, 2, 3]
    for rect in [m.rect for m in markers] + [qr]:
        edges = (rect.x, rect.y, width - rect.right, height - rect.bottom)
        assert min(edges) >= 10 * PT_PER_MM - 1e-6 > MIN_EDGE_MM * PT_PER_MM
        assert rect.bottom <= 23 * PT_PER_MM or rect.y >= height - 16 * PT_PER_MM  # top 23 mm, bottom 16 mm
    top_left, top_right, bottom_right, bottom_left = (m.rect for m in markers)
    assert top_left.x < top_right.x and top_left.y < bottom_left.y and bottom_right.x == top_right.x
    assert qr.right < top_right.x and qr.y == top_right.y


def test_layout_json_round_trip():
    layout = page_layout(*A4, [Box("q1.A", "choice", Rect(100, 200, 11.3, 11.3)),
                               Box("q9.score.2", "score", Rect(300.1234, 500, 11.3, 11.3))])
    data = json.loads(json.dumps(layout.to_json()))
    assert data["unit"] == "pt" and data["origin"] == "top-left"
    again = PageLayout.from_json(data)
    assert [b.id for b in again.boxes] == ["q1.A", "q9.score.2"]
    assert again.boxes[1].rect.x == pytest.approx(300.123) and again.boxes[1].kind == "score"
    assert again.to_json() == data


@pytest.mark.parametrize("damage", [
    lambda d: d.pop("boxes"), lambda d: d.update(unit="mm"), lambda d: d.update(origin="bottom-left"),
    lambda d: d["boxes"][0].update(kind="essay"), lambda d: d["boxes"][0].update(rect=[1, 2, 3]),
    lambda d: d["boxes"][0].update(rect=[100, 200, -5, 5]), lambda d: d["boxes"][0].update(rect=[100, 200, "5", 5]),
    lambda d: d["boxes"][0].update(rect=[100, 200, float("nan"), 5]), lambda d: d["boxes"][0].update(id=7),
    lambda d: d["boxes"].append(dict(d["boxes"][0])),  # the same id twice
    lambda d: d["boxes"][0].update(rect=[590, 200, 11, 11]),  # off the page
    lambda d: d["markers"].pop(), lambda d: d.update(width=True), lambda d: d.update(markers="none"),
])
def test_layout_json_refuses_damaged_data(damage):
    data = page_layout(*A4, [Box("q1.A", "choice", Rect(100, 200, 11.3, 11.3))]).to_json()
    damage(data)
    with pytest.raises(LayoutError):
        PageLayout.from_json(data)


@pytest.mark.parametrize("rect", [Rect(20, 20, 11, 11), Rect(A4[0] - 45, 30, 11, 11), Rect(500, 40, 20, 11),
                                  Rect(30, A4[1] - 40, 11, 11)])
def test_boxes_under_the_stamp_are_refused(rect):
    with pytest.raises(LayoutError, match="overlaps the (top-left|top-right|bottom-left) marker|QR code"):
        page_layout(*A4, [Box("q1.A", "choice", rect)])


class _Placed:
    def __init__(self, page, box_id, kind="choice", x=100.0, y=200.0, width=11.0, height=11.0):
        self.page, self.box_id, self.kind = page, box_id, kind
        self.x, self.y, self.width, self.height = x, y, width, height


def test_layouts_from_render_sorts_boxes_by_page():
    layouts = layouts_from_render([A4, A4], [_Placed(0, "q1.A"), _Placed(1, "q2.A", "score", y=300)])
    assert [[b.id for b in layout.boxes] for layout in layouts] == [["q1.A"], ["q2.A"]]
    assert layouts[1].boxes[0].kind == "score" and layouts[1].boxes[0].rect.y == 300


@pytest.mark.parametrize("placed, message", [
    ([_Placed(0, "q1.A"), _Placed(1, "q1.A", y=80)], "2 pieces"),
    ([_Placed(0, "q1.A", kind="essay")], "data-box-kind"),
    ([_Placed(2, "q1.A")], "on page 3"),
])
def test_layouts_from_render_refuses_what_cannot_be_ticked(placed, message):
    with pytest.raises(LayoutError, match=message):
        layouts_from_render([A4, A4], placed)


# ---- classification (the thresholds' logic, without images) ------------------------------------------------------

T = Thresholds()


def test_a_partly_blackened_box_is_unsure():
    assert _classify(0.45, 0.5, 0.0, T, solid=0.3)[0] == "unsure"  # half the box blackened, half white
    assert _classify(0.45, 0.5, 0.0, T, solid=0.05)[0] == "ticked"  # a tick's corner survives a little erosion
    assert _classify(0.9, 1.0, 0.3, T, solid=0.48)[0] == "filled"  # a scribble with white streaks (measured)
    assert _classify(0.9, 1.0, 0.3, T, solid=0.2)[0] == "unsure"



@pytest.mark.parametrize("ink, faint, least_cell, state", [
    (0.0, 0.0, 0.0, "empty"),
    (0.02, 0.03, 0.0, "empty"),
    (0.0, 0.3, 0.0, "unsure"),  # pencil: nothing dark, much faint
    (0.05, 0.1, 0.0, "unsure"),  # between empty and ticked
    (0.3, 0.5, 0.0, "ticked"),
    (0.6, 0.8, 0.2, "ticked"),  # a heavy cross: one ninth of the box stays white
    (0.6, 0.8, 0.5, "unsure"),  # heavy and no white ninth: a cross or a sloppy fill?
    (0.8, 0.9, 0.1, "unsure"),  # too heavy for a tick, too white for a fill
    (0.99, 1.0, 0.9, "filled"),
    (0.9, 1.0, 0.3, "unsure"),  # dark overall but one ninth nearly white
])
def test_classify(ink, faint, least_cell, state):
    got, confidence, note = _classify(ink, faint, least_cell, T, solid=0.9 if state == "filled" else 0.02)
    assert got == state
    assert (note is not None) == (state == "unsure")
    assert 0 <= confidence <= 1 and (state != "unsure" or confidence == 0)
