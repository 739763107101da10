"""From box readings to the responses table: each rule on hand-made readings (no images), one case per rule.

Two sheets of one page each, plus a second page on sheet 1:
  sheet 1 (ABC-DEF, Zoé): q1 single choice A–C, q2 multiple select A–C, q3 matching 2 rows × A–B,
  q4 true/false with a 0–2 justification score row, q5 (page 2) short answer 0–3;
  sheet 2 (GHJ-KLM): the same questions.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from quizgen.grading.grade import Sheet
from quizgen.render.marks.identity import PageIdentity
from quizgen.render.marks.layout import Box, Rect, page_layout
from quizgen.scan.answers import UNSURE_ANSWER, ScannedInput, decode
from quizgen.scan.classset import ScanSet
from quizgen.scan.read import BoxReading, PageReading

SET = "SET-1"
QUESTIONS = (
    {"number": 1, "id": "q-single", "type": "single-choice", "points": 1, "choice_order": [0, 1, 2]},
    {"number": 2, "id": "q-multi", "type": "multiple-select", "points": 2, "choice_order": [0, 1, 2]},
    {"number": 3, "id": "q-match", "type": "matching", "points": 2, "row_order": [1, 0],
     "options": {"A": "x", "B": "y"}},
    {"number": 4, "id": "q-tf", "type": "true-false", "points": 3},
    {"number": 5, "id": "q-open", "type": "short-answer", "points": 3},
)
PAGE_1 = ["q1.A", "q1.B", "q1.C", "q2.A", "q2.B", "q2.C", "q3.r1.A", "q3.r1.B", "q3.r2.A", "q3.r2.B", "q4.V", "q4.F",
          "q4.score.0", "q4.score.1", "q4.score.2"]
PAGE_2 = ["q5.score.0", "q5.score.1", "q5.score.2", "q5.score.3"]


def layout(ids: list[str]):
    boxes = [Box(box_id, "score" if ".score." in box_id else "choice", Rect(100, 100 + 20 * index, 12, 12))
             for index, box_id in enumerate(ids)]
    return page_layout(595, 842, boxes)


@pytest.fixture()
def scan_set() -> ScanSet:
    sheets = (Sheet(1, "ABC-DEF", "Zoé Martin", "", QUESTIONS), Sheet(2, "GHJ-KLM", "", "", QUESTIONS))
    layouts = {}
    for sheet in sheets:
        layouts[PageIdentity(SET, sheet.code, sheet.number, 1)] = layout(PAGE_1)
        layouts[PageIdentity(SET, sheet.code, sheet.number, 2)] = layout(PAGE_2)
    return ScanSet(Path("."), "manifest.json", "fr", sheets, layouts)


def page(scan_set: ScanSet, student: int, number: int, states: dict[str, str], where: str = "scan.pdf"):
    """A page read: every box empty but those in `states` ('ticked', 'filled', 'unsure')."""
    identity = next(i for i in scan_set.layouts if i.student == student and i.page == number)
    boxes = tuple(BoxReading(box.id, box.kind, 0.0, 0.0, states.get(box.id, "empty"), 1.0,  # type: ignore[arg-type]
                             "faint mark (pencil?)" if states.get(box.id) == "unsure" else None, b"png")
                  for box in scan_set.layouts[identity].boxes)
    return ScannedInput(f"{where} page {number}", PageReading(identity, None, boxes, 0))


CLEAN = {"q1.B": "ticked", "q2.A": "ticked", "q2.C": "ticked", "q3.r1.B": "ticked", "q3.r2.A": "ticked",
         "q4.F": "ticked", "q4.score.1": "ticked"}


def table(decoded):
    return {(r.code, r.question, r.row): (r.answer, r.points) for r in (line.response for line in decoded.lines)}


def test_clean_pages_give_every_line_and_nothing_to_check(scan_set):
    decoded = decode(scan_set, [page(scan_set, 1, 2, {"q5.score.3": "ticked"}), page(scan_set, 1, 1, CLEAN)])
    lines = table(decoded)
    assert lines == {("ABC-DEF", 1, None): ("B", None), ("ABC-DEF", 2, None): ("AC", None),
                     ("ABC-DEF", 3, 1): ("B", None), ("ABC-DEF", 3, 2): ("A", None),
                     ("ABC-DEF", 4, None): ("F", 1.0), ("ABC-DEF", 5, None): ("", 3.0)}
    assert decoded.issues == ()
    assert [line.response.line for line in decoded.lines] == [2, 3, 4, 5, 6, 7]  # the header is line 1
    assert decoded.lines[0].response.student == "Zoé Martin" and decoded.lines[0].response.question_id == "q-single"
    assert [sheet.number for sheet in decoded.sheets_absent] == [2]


def test_a_filled_box_is_a_cancelled_mark(scan_set):
    decoded = decode(scan_set, [page(scan_set, 1, 1, CLEAN | {"q1.A": "filled", "q3.r1.A": "filled"}),
                                page(scan_set, 1, 2, {"q5.score.0": "ticked"})])
    assert table(decoded)[("ABC-DEF", 1, None)] == ("B", None)
    assert table(decoded)[("ABC-DEF", 3, 1)] == ("B", None)
    assert decoded.issues == ()


def test_an_unsure_box_makes_the_answer_a_question_mark_and_an_item_with_its_line(scan_set):
    decoded = decode(scan_set, [page(scan_set, 1, 1, CLEAN | {"q2.B": "unsure"}),
                                page(scan_set, 1, 2, {"q5.score.0": "ticked"})])
    assert table(decoded)[("ABC-DEF", 2, None)] == (UNSURE_ANSWER, None)  # never "AC", never "ABC"
    (issue,) = decoded.issues
    assert (issue.kind, issue.question, issue.line, issue.page) == ("unsure", 2, 3, 1)
    assert [(box.token, box.state) for box in issue.boxes] == [("A", "ticked"), ("B", "unsure"), ("C", "ticked")]
    assert decoded.lines[1].issue == issue.number


def test_two_ticks_where_one_is_allowed_are_passed_on_as_read_and_flagged(scan_set):
    decoded = decode(scan_set, [page(scan_set, 1, 1, CLEAN | {"q1.C": "ticked", "q3.r2.B": "ticked",
                                                              "q4.V": "ticked", "q2.B": "ticked"}),
                                page(scan_set, 1, 2, {"q5.score.0": "ticked"})])
    lines = table(decoded)
    assert lines[("ABC-DEF", 1, None)] == ("BC", None)
    assert lines[("ABC-DEF", 3, 2)] == ("AB", None)
    assert lines[("ABC-DEF", 4, None)] == ("VF", 1.0)
    assert lines[("ABC-DEF", 2, None)] == ("ABC", None)  # multiple select: three ticks are an answer
    assert sorted((i.kind, i.question, i.row) for i in decoded.issues) == [
        ("two_ticks", 1, None), ("two_ticks", 3, 2), ("two_ticks", 4, None)]


@pytest.mark.parametrize(("scores", "points", "kind"), [
    ({"q5.score.2": "ticked"}, 2.0, None),
    ({}, None, "no_score"),
    ({"q5.score.1": "ticked", "q5.score.2": "ticked"}, None, "two_scores"),
    ({"q5.score.1": "filled", "q5.score.2": "ticked"}, 2.0, None),  # the teacher cancelled a score
    ({"q5.score.1": "unsure", "q5.score.2": "ticked"}, None, "unsure"),
])
def test_score_boxes_give_the_one_ticked_value(scan_set, scores, points, kind):
    decoded = decode(scan_set, [page(scan_set, 1, 1, CLEAN), page(scan_set, 1, 2, scores)])
    assert table(decoded)[("ABC-DEF", 5, None)] == ("", points)
    assert [issue.kind for issue in decoded.issues] == ([kind] if kind else [])
    if kind in ("no_score", "two_scores"):
        assert [box.token for box in decoded.issues[0].boxes] == ["0", "1", "2", "3"]  # the whole score row


def test_a_missing_page_leaves_its_questions_without_lines_and_says_which(scan_set):
    decoded = decode(scan_set, [page(scan_set, 1, 1, CLEAN), page(scan_set, 2, 2, {"q5.score.1": "ticked"})])
    lines = table(decoded)
    assert ("ABC-DEF", 5, None) not in lines and ("GHJ-KLM", 5, None) in lines
    assert not any(code == "GHJ-KLM" and question < 5 for code, question, _ in lines)
    missing = sorted((i.sheet.number, i.page, i.lost_questions) for i in decoded.issues if i.kind == "page_missing")
    assert missing == [(1, 2, (5,)), (2, 1, (1, 2, 3, 4))]


def test_pages_that_fail_are_listed_and_an_identified_one_says_what_it_costs(scan_set):
    stray = ScannedInput("photo.jpg", PageReading(None, "no corner markers found", thumbnail_png=b"png"))
    identity = PageIdentity(SET, "ABC-DEF", 1, 2)
    unread = ScannedInput("scan.pdf page 9", PageReading(identity, "QR code unreadable", thumbnail_png=b"png"))
    decoded = decode(scan_set, [stray, page(scan_set, 1, 1, CLEAN), unread])
    kinds = sorted((i.kind, i.where, i.lost_questions) for i in decoded.issues)
    assert kinds == [("page_failed", "photo.jpg", ()), ("page_failed", "scan.pdf page 9", (5,))]
    assert decoded.issues[0].where == "photo.jpg"  # pages nobody could place come first
    assert ("ABC-DEF", 5, None) not in table(decoded)


def test_a_page_that_failed_once_and_was_read_from_another_scan_costs_nothing(scan_set):
    identity = PageIdentity(SET, "ABC-DEF", 1, 2)
    unread = ScannedInput("old.pdf page 2", PageReading(identity, "only 2 of the 4 corner markers found"))
    decoded = decode(scan_set, [page(scan_set, 1, 1, CLEAN), unread, page(scan_set, 1, 2, {"q5.score.3": "ticked"})])
    assert table(decoded)[("ABC-DEF", 5, None)] == ("", 3.0)
    assert [issue.kind for issue in decoded.issues] == ["page_replaced"]


def test_a_page_scanned_twice_is_read_box_by_box(scan_set):
    same = decode(scan_set, [page(scan_set, 1, 1, CLEAN), page(scan_set, 1, 1, CLEAN, "again.pdf"),
                             page(scan_set, 1, 2, {"q5.score.3": "ticked"})])
    assert same.issues == () and len(same.lines) == 6 and same.pages_read == 2
    other = CLEAN | {"q1.B": "empty", "q1.A": "ticked"}
    differ = decode(scan_set, [page(scan_set, 1, 1, CLEAN), page(scan_set, 1, 1, other, "again.pdf"),
                               page(scan_set, 1, 2, {"q5.score.3": "ticked"})])
    assert table(differ)[("ABC-DEF", 1, None)] == (UNSURE_ANSWER, None)
    assert sorted(issue.kind for issue in differ.issues) == ["page_twice", "unsure"]


def test_a_page_of_another_class_set_is_listed_not_read(scan_set):
    stranger = PageIdentity("OTH-ERS", "ABC-DEF", 1, 1)
    reading = PageReading(stranger, "page from another class set (set OTH-ERS; this class set is SET-1)")
    decoded = decode(scan_set, [ScannedInput("x.pdf page 1", reading)])
    assert decoded.lines == () and [i.kind for i in decoded.issues] == ["page_other"]
    assert "another class set" in (decoded.issues[0].problem or "")


def test_issue_numbers_follow_sheet_page_question_order(scan_set):
    decoded = decode(scan_set, [page(scan_set, 2, 1, CLEAN | {"q1.C": "ticked"}),
                                page(scan_set, 1, 1, CLEAN | {"q4.score.2": "ticked", "q1.A": "unsure"})])
    assert [(i.number, i.sheet.number, i.page, i.question) for i in decoded.issues] == [
        (1, 1, 1, 1), (2, 1, 1, 4), (3, 1, 2, None), (4, 2, 1, 1), (5, 2, 2, None)]
    assert all(replace(line, issue=None) != line for line in decoded.lines if line.response.answer == UNSURE_ANSWER)
