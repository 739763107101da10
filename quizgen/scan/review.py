"""scan-review.html: every box, line or page a person must check, each with its picture and what to do.

One self-contained page (pictures as data: URIs, no script, no network), in the sheets' language, from
the sandboxed template `scan-review.html` (a templates folder may override it). Each item names the
scan file and page, the sheet, question and row, the line of responses.csv to correct, shows the crop
of each box concerned (or a thumbnail of a page that could not be read) with what the reader saw, and
says what to do. The reader's own sentences about a page (English) are shown as its detail.
"""

from __future__ import annotations

import base64
from typing import Any

from quizgen.core.labels import Texts
from quizgen.render.templates import TemplateSet, render_template
from quizgen.scan.answers import BoxSeen, Decoded, Issue
from quizgen.scan.classset import ScanSet

TEMPLATE = "scan-review.html"
# The reader's notes on unsure boxes (quizgen.scan.read), by how they start → the label that says it.
_WHY = (("faint mark", "faint"), ("small mark", "small"), ("heavy mark", "heavy"),
        ("part of the box blackened", "blackened"), ("box found", "moved"), ("two scans", "twice"))


def review_html(decoded: Decoded, scan_set: ScanSet, csv_name: str, grade_command: str,
                templates: TemplateSet) -> str:
    texts = Texts(scan_set.language, scan_set.language)
    msg = texts.msg
    context: dict[str, Any] = {
        "language": texts.language,
        "msg": msg,
        "colon": "\u00a0:" if texts.language == "fr" else ":",
        "summary": msg("scan.summary", pages=decoded.pages, read=decoded.pages_read,
                       sheets=len(decoded.sheets_read)),
        "issues": [_item(issue, texts, csv_name) for issue in decoded.issues],
        "absent": [_sheet_name(sheet, texts) for sheet in decoded.sheets_absent],
        "csv": csv_name,
        "grade_command": grade_command,
    }
    return render_template(templates, TEMPLATE, context)


def _item(issue: Issue, texts: Texts, csv_name: str) -> dict[str, Any]:
    msg = texts.msg
    heading = [f"#{issue.number}", msg(f"scan.kind.{issue.kind}")]
    where = []
    if issue.sheet is not None:
        where.append(_sheet_name(issue.sheet, texts))
    if issue.page is not None:
        where.append(msg("scan.page", page=issue.page))
    if issue.question is not None:
        where.append(msg("scan.question", number=issue.question))
    if issue.row is not None:
        where.append(msg("scan.row", row=issue.row))
    line = msg("scan.csv_line", line=issue.line, csv=csv_name) if issue.line is not None else None
    questions = ", ".join(str(number) for number in issue.lost_questions)
    if issue.kind == "page_failed" and issue.lost_questions:
        todo = msg("scan.todo.page_lost", csv=csv_name, questions=questions)
    else:
        todo = msg(f"scan.todo.{issue.kind}", where=line or "", csv=csv_name, questions=questions)
    return {
        "id": f"item-{issue.number}",
        "kind": issue.kind,
        "heading": " · ".join(heading),
        "where": " · ".join(where),
        "scan": issue.where,
        "line": line,
        "boxes": [_box(box, texts) for box in issue.boxes],
        "problem": issue.problem,
        "thumbnail": _data_uri(issue.thumbnail_png),
        "todo": todo,
    }


def _box(box: BoxSeen, texts: Texts) -> dict[str, Any]:
    name = texts.msg("scan.score_box" if box.kind == "score" else "scan.box", token=box.token)
    why = next((texts.msg(f"scan.why.{key}") for start, key in _WHY if (box.note or "").startswith(start)), box.note)
    return {"name": name, "state": texts.msg(f"scan.state.{box.state}"), "why": why if box.state == "unsure" else None,
            "crop": _data_uri(box.crop_png), "unsure": box.state == "unsure"}


def _sheet_name(sheet: Any, texts: Texts) -> str:
    parts = [texts.msg("scan.sheet", number=sheet.number), sheet.code]
    if sheet.student:
        parts.append(sheet.student)
    return " · ".join(parts)


def _data_uri(png: bytes | None) -> str | None:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii") if png else None
