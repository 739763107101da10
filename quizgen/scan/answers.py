"""From page readings to the responses table (docs/responses-format.md) and the list of what a person must check.

Each answer box was printed with an id (`quizgen.sheets.scannable`): `q3.B` (a choice, V/F), `q5.r2.C`
(row 2 of a matching or classification question), `q7.score.2` (the teacher's score box "2"). One
line of the table per sheet × question (× row):

- the answer is the tokens of the ticked boxes in printed order (`B`, `AC`, `V`); a filled box is a
  cancelled mark and counts as not ticked (the NOPS convention); an unsure box makes the answer `?`
  (grading refuses it until the teacher writes what the crop shows: flagged, never guessed);
- two ticks where the question type allows one (`QuestionType.one_tick_per_line`) are passed on as
  read (`AB`: a single choice scores 0, a row or true/false is refused by grading) and shown for review;
- the points are the one ticked score box; none, several or an unsure one leaves them empty (grading
  then asks for them) and is shown for review.

A page scanned twice is read from both scans, box by box: boxes the two scans disagree on become unsure.
A page that is missing or could not be read gives no line for the questions printed on it (grading
then lists the missing lines), and is shown for review like every page that could not be identified.
Plain frozen data in and out; nothing here reads images or writes files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from quizgen.grading.grade import Sheet
from quizgen.grading.responses import ResponseLine
from quizgen.render.marks.identity import PageIdentity
from quizgen.scan.classset import ScanSet
from quizgen.sheets.scannable import BOX_ID
from quizgen.types import TYPES

if TYPE_CHECKING:
    from quizgen.scan.read import BoxReading, PageReading

IssueKind = Literal["unsure", "two_ticks", "no_score", "two_scores", "page_failed", "page_other", "page_replaced",
                    "page_missing", "page_twice"]
UNSURE_ANSWER = "?"


@dataclass(frozen=True)
class Line:
    """One line of the responses table exactly as grading reads it back (`response.line` is its line in the
    CSV file: the header is line 1), and the review item to look at, if any."""

    response: ResponseLine
    issue: int | None = None


@dataclass(frozen=True)
class BoxSeen:
    """A box as the review page shows it: its printed token (B, V, 2), what was read, and its crop."""

    token: str
    kind: str
    state: str
    note: str | None
    crop_png: bytes | None


@dataclass(frozen=True)
class Issue:
    """Something a person must look at: a box, a line, or a whole page."""

    number: int  # #1, #2… on the review page
    kind: IssueKind
    where: str  # the scan file and page ("scans.pdf page 3"), or "" for a page not found in the scans
    sheet: Sheet | None = None
    page: int | None = None  # of the sheet
    question: int | None = None
    row: int | None = None
    line: int | None = None  # of responses.csv
    boxes: tuple[BoxSeen, ...] = ()
    problem: str | None = None  # the reader's sentence about a page
    thumbnail_png: bytes | None = None
    lost_questions: tuple[int, ...] = ()  # questions with no line because this page is missing or unread


@dataclass(frozen=True)
class ScannedInput:
    """One page of the scans as the reader returned it (`quizgen.scan.batch.ScannedPage` has these fields)."""

    where: str
    reading: PageReading


@dataclass(frozen=True)
class Decoded:
    lines: tuple[Line, ...]
    issues: tuple[Issue, ...]
    pages: int  # pages in the scans
    pages_read: int  # distinct pages of this class set read
    sheets_read: tuple[Sheet, ...]  # sheets with at least one page read
    sheets_absent: tuple[Sheet, ...]  # sheets of which no page is in the scans


def decode(scan_set: ScanSet, scanned: Iterable[ScannedInput]) -> Decoded:
    """The responses table and the review list for a batch of readings (any order, duplicates, strays)."""
    pages = list(scanned)
    issues: list[Issue] = []
    read: dict[PageIdentity, tuple[str, dict[str, BoxReading]]] = {}
    failed: dict[PageIdentity, list[ScannedInput]] = {}
    for page in pages:
        identity, reading = page.reading.identity, page.reading
        if reading.ok and identity in scan_set.layouts:
            boxes = {box.id: box for box in reading.boxes}
            if identity in read:
                where, first = read[identity]
                merged, differ = _merged(first, boxes)
                read[identity] = (where, merged)
                if differ:
                    issues.append(_issue("page_twice", f"{where} · {page.where}", scan_set, identity))
            else:
                read[identity] = (page.where, boxes)
        elif identity is not None and identity in scan_set.layouts:
            failed.setdefault(identity, []).append(page)
        else:  # not identified, or a page of another class set (its QR code says which)
            kind: IssueKind = "page_other" if identity is not None else "page_failed"
            issues.append(Issue(0, kind, page.where, problem=reading.problem or "this page could not be read",
                                thumbnail_png=reading.thumbnail_png))
    for identity, attempts in failed.items():
        for attempt in attempts:
            issues.append(replace(_issue("page_replaced" if identity in read else "page_failed", attempt.where,
                                         scan_set, identity),
                                  problem=attempt.reading.problem, thumbnail_png=attempt.reading.thumbnail_png))

    lines: list[Line] = []
    sheets_read, absent = [], []
    for sheet in scan_set.sheets:
        own = scan_set.pages_of(sheet.number)
        if not any(identity in read or identity in failed for identity in own):
            absent.append(sheet)
            continue
        sheets_read.append(sheet)
        sheet_lines, sheet_issues, lost = _sheet(scan_set, sheet, own, read, len(lines))
        lines += sheet_lines
        issues += sheet_issues
        for identity, questions in lost.items():  # say on the page's own item which questions have no line
            if identity in failed:
                issues = [replace(issue, lost_questions=questions) if issue.kind == "page_failed"
                          and issue.sheet == sheet and issue.page == identity.page else issue for issue in issues]
            else:
                issues.append(Issue(0, "page_missing", "", sheet, identity.page, lost_questions=questions))
    numbered = _numbered(issues)
    by_line = {issue.line: issue.number for issue in numbered if issue.line is not None}
    lines = [replace(line, issue=by_line.get(line.response.line)) for line in lines]
    return Decoded(tuple(lines), tuple(numbered), len(pages), len(read), tuple(sheets_read), tuple(absent))


def _issue(kind: IssueKind, where: str, scan_set: ScanSet, identity: PageIdentity) -> Issue:
    return Issue(0, kind, where, scan_set.sheet(identity.student), identity.page)


def _merged(first: Mapping[str, BoxReading], second: Mapping[str, BoxReading]) -> tuple[dict[str, BoxReading], bool]:
    """Two readings of one page, box by box: where they disagree the box is unsure."""
    merged, differ = {}, False
    for box_id, box in first.items():
        other = second.get(box_id)
        if other is None or other.state == box.state:
            merged[box_id] = box
            continue
        differ = True
        merged[box_id] = replace(box, state="unsure", confidence=0.0, note="two scans of this page disagree",
                                 crop_png=box.crop_png or other.crop_png)
    return merged, differ


def _sheet(scan_set: ScanSet, sheet: Sheet, own: list[PageIdentity],
           read: Mapping[PageIdentity, tuple[str, dict[str, BoxReading]]],
           before: int) -> tuple[list[Line], list[Issue], dict[PageIdentity, tuple[int, ...]]]:
    """The lines of one sheet (numbered after `before` lines), what to check on it, and the questions left
    without a line by each of its pages that was not read."""
    located: dict[str, tuple[PageIdentity, str]] = {}  # box id → its page, and the box's kind
    for identity in own:
        for box in scan_set.layouts[identity].boxes:
            located[box.id] = (identity, box.kind)
    parsed = {box_id: _parsed(box_id) for box_id in located}
    lines: list[Line] = []
    issues: list[Issue] = []
    lost: dict[PageIdentity, list[int]] = {}
    for entry in sheet.questions:
        number = entry["number"]
        rows = len(entry.get("row_order") or ())
        for row in range(1, rows + 1) if rows else [None]:
            ids = [box_id for box_id, (question, box_row, _) in parsed.items() if (question, box_row) == (number, row)]
            missing = {located[box_id][0] for box_id in ids if located[box_id][0] not in read}
            if missing or not ids:
                for identity in missing:
                    if number not in lost.setdefault(identity, []):
                        lost[identity].append(number)
                continue
            line_number = before + len(lines) + 2
            line, issue = _line(sheet, entry, row, line_number, ids, parsed, read, located)
            lines.append(line)
            if issue:
                issues.append(issue)
    return lines, issues, {identity: tuple(questions) for identity, questions in lost.items()}


def _parsed(box_id: str) -> tuple[int, int | None, str]:
    """(question, row or None, token) of a box id; the build checked every id against BOX_ID."""
    match = BOX_ID.fullmatch(box_id)
    if match is None:
        return 0, None, ""
    row = int(match["row"]) if match["row"] else None
    return int(match["question"]), row, match["letter"] or match["token"] or match["points"]


def _line(sheet: Sheet, entry: Mapping[str, object], row: int | None, number: int, ids: list[str],
          parsed: Mapping[str, tuple[int, int | None, str]],
          read: Mapping[PageIdentity, tuple[str, dict[str, BoxReading]]],
          located: Mapping[str, tuple[PageIdentity, str]]) -> tuple[Line, Issue | None]:
    seen: list[tuple[str, BoxReading]] = []
    where = ""
    for box_id in ids:
        identity, _ = located[box_id]
        where, boxes = read[identity]
        seen.append((parsed[box_id][2], boxes[box_id]))
    choices = [(token, box) for token, box in seen if box.kind != "score"]
    scores = [(token, box) for token, box in seen if box.kind == "score"]
    kind = TYPES.get(str(entry.get("type")))
    one_tick = bool(kind and kind.one_tick_per_line)
    ticked = [token for token, box in choices if box.state == "ticked"]
    answer = "".join(ticked)
    problem: IssueKind | None = None
    if any(box.state == "unsure" for _, box in choices):
        problem, answer = "unsure", UNSURE_ANSWER
    elif one_tick and len(ticked) > 1:
        problem = "two_ticks"
    points: float | None = None
    if scores:
        marked = [token for token, box in scores if box.state == "ticked"]  # a filled score box is cancelled
        if any(box.state == "unsure" for _, box in scores):
            problem = "unsure"
        elif len(marked) == 1:
            points = float(marked[0])
        elif problem is None:
            problem = "no_score" if not marked else "two_scores"
    line = Line(ResponseLine(number, sheet.code, sheet.student, int(str(entry["number"])), str(entry["id"]), row,
                             answer, points))
    if problem is None:
        return line, None
    # What the teacher needs to see: the marked boxes of the line (the empty ones add nothing), and the whole
    # score row when the points are in question.
    shown = [(token, box) for token, box in choices if box.state != "empty"]
    if problem in ("no_score", "two_scores") or any(box.state == "unsure" for _, box in scores):
        shown += scores
    page = located[ids[0]][0].page
    issue = Issue(0, problem, where, sheet, page, line.response.question, row, number,
                  tuple(BoxSeen(token, box.kind, box.state, box.note, box.crop_png) for token, box in shown))
    return line, issue


_ORDER = {"page_failed": 0, "page_other": 1, "page_missing": 2, "page_twice": 3, "page_replaced": 4}


def _numbered(issues: list[Issue]) -> list[Issue]:
    """Pages nobody could identify first, then sheet by sheet, page, question, row; numbered from 1."""
    def key(issue: Issue) -> tuple[int, int, int, int, int, int, str]:
        sheet = issue.sheet.number if issue.sheet else 0
        page_level = issue.question is None
        return (sheet, issue.page or 0, 0 if page_level else 1, _ORDER.get(issue.kind, 9), issue.question or 0,
                issue.row or 0, issue.where)
    return [replace(issue, number=index) for index, issue in enumerate(sorted(issues, key=key), 1)]
