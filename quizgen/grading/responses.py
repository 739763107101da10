"""The responses table: what each student answered, one line per student × question (× row).

Format (docs/responses-format.md): CSV as spreadsheets write it (`;`, `,` or tab; UTF-8 with or
without BOM, or Windows-1252) with a header line, or JSON (`{"format": "quizgen-responses",
"version": 1, "responses": [{…}, …]}`) with the same fields. Columns, in any order, named in
French or English (case and accents do not matter):

    code        the variant code printed on the sheet (required: it says which sheet)
    student     the student's name (optional; checked against the class set when given)
    question    the question number as printed on that sheet (required)
    question_id the question's id (optional; checked when given: catches a shifted line)
    row         matching and classification: the row number as printed (one line per row)
    answer      letters ("B", "AC", "A C"), V/F for true or false, a letter per row; empty = no answer
    points      what the teacher gave an open part (short answer, justification): 1,5 or 1.5

`quizgen grade --template CLASS` writes this table pre-filled, one line per sheet, question and row;
`quizgen scan` writes it from scanned sheets. Nothing here knows a question type: the type registry
reads each question's lines (`QuestionType.read_cells`).
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quizgen.core.files import read_user_file
from quizgen.core.problems import InvalidContent, Problem, display_path

MAX_BYTES = 10 * 1024 * 1024
FORMAT = "quizgen-responses"
COLUMNS = ("code", "student", "question", "question_id", "row", "answer", "points")
_NAMES = {
    "code": {"code", "variante", "variant", "code variante", "variant code", "copie"},
    "student": {"student", "eleve", "nom", "name", "student name", "nom de l'eleve"},
    "question": {"question", "n°", "no", "numero", "number", "question number", "n° question"},
    "question_id": {"question id", "id", "id question", "identifiant"},
    "row": {"row", "ligne", "rang"},
    "answer": {"answer", "reponse", "reponses", "answers"},
    "points": {"points", "pts", "point"},
}


@dataclass(frozen=True)
class ResponseLine:
    line: int  # where it is in the file (the header is line 1 of a CSV)
    code: str
    student: str
    question: int
    question_id: str
    row: int | None
    answer: str
    points: float | None


def _fold(text: str) -> str:
    """A column title without case, accents or underscores (Réponse = reponse, question_id = question id)."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower().replace("’", "'").replace("_", " "))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def read_responses(path: Path) -> list[ResponseLine]:
    """Every line of the table, checked for shape (numbers are numbers…), or InvalidContent listing each problem."""
    data = read_user_file(path, MAX_BYTES, "the responses table (CSV or JSON)")
    shown = display_path(path)
    if path.suffix.lower() == ".json" or data.lstrip()[:1] == b"{":
        records = _json_records(data, shown)
    else:
        records = _csv_records(data, shown)
    lines, problems = [], []
    for line, record in records:
        parsed, problem = _line(line, record, shown)
        if problem:
            problems.append(problem)
        elif parsed:
            lines.append(parsed)
    if problems:
        raise InvalidContent(problems)
    if not lines:
        raise InvalidContent([Problem(shown, 1, "the responses table has no answers; fill it in (quizgen grade "
                                      "--template CLASS_FOLDER writes one ready to fill).")])
    return lines


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # French Excel's « CSV (séparateur : point-virgule) »


def _csv_records(data: bytes, shown: str) -> list[tuple[int, dict[str, str]]]:
    text = _decode(data)
    sample = "\n".join(text.splitlines()[:20])
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        delimiter = ";" if ";" in sample else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise InvalidContent([Problem(shown, 1, "the responses table is empty.")])
    columns = _columns(rows[0], shown)
    records = []
    for number, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        records.append((number, {name: row[index].strip() if index < len(row) else ""
                                 for name, index in columns.items()}))
    return records


def _columns(header: list[str], shown: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        folded = _fold(title)
        for name, names in _NAMES.items():
            if folded in names and name not in found:
                found[name] = index
    missing = [name for name in ("code", "question") if name not in found]
    if missing:
        raise InvalidContent([Problem(shown, 1, (
            f"the header has no {' or '.join(repr(m) for m in missing)} column; the first line names the columns: "
            f"{';'.join(COLUMNS)} (quizgen grade --template CLASS_FOLDER writes a ready table)."))])
    return found


def _json_records(data: bytes, shown: str) -> list[tuple[int, dict[str, str]]]:
    text = _decode(data)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidContent([Problem(shown, error.lineno, f"this is not valid JSON ({error.msg}).")]) from error
    if not isinstance(document, dict) or document.get("format") != FORMAT or not isinstance(
            document.get("responses"), list):
        raise InvalidContent([Problem(shown, 1, f'a JSON responses file is {{"format": "{FORMAT}", "version": 1, '
                                      '"responses": [ … ]}; see docs/responses-format.md.')])
    starts = _object_lines(text)
    records = []
    for index, entry in enumerate(document["responses"]):
        line = starts[index] if index < len(starts) else 1
        if not isinstance(entry, dict):
            raise InvalidContent([Problem(shown, line, "each response is an object with code, question, answer….")])
        records.append((line, {key: "" if value is None else str(value) for key, value in entry.items()
                               if key in COLUMNS}))
    return records


def _object_lines(text: str) -> list[int]:
    """The line where each object of the "responses" array starts (JSON keeps no line numbers)."""
    lines, depth, line, in_string, escaped = [], 0, 1, False, False
    for char in text:
        if char == "\n":
            line += 1
        if in_string:
            escaped = not escaped and char == "\\"
            if char == '"' and not escaped:
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in "{[":
            depth += 1
            if char == "{" and depth == 3:  # top object, the responses array, then each response
                lines.append(line)
        elif char in "}]":
            depth -= 1
    return lines


def _line(line: int, record: dict[str, Any], shown: str) -> tuple[ResponseLine | None, Problem | None]:
    code = record.get("code", "").strip().upper()
    question = record.get("question", "").strip()
    if not code and not question and not record.get("answer", "").strip():
        return None, None
    if not code:
        return None, Problem(shown, line, "this line has no variant code; copy it from the sheet (e.g. 7FE-FTZ).")
    if not question.isdigit():
        return None, Problem(shown, line, f"question '{question}' is not a question number as printed (1, 2, 3…).")
    row_text = record.get("row", "").strip()
    if row_text and not row_text.isdigit():
        return None, Problem(shown, line, f"row '{row_text}' is not a row number (1, 2, 3…).")
    points_text = record.get("points", "").strip().replace(",", ".")
    points = None
    if points_text:
        try:
            points = float(points_text)
        except ValueError:
            return None, Problem(shown, line, f"points '{record['points']}' is not a number (write 1,5 or 1.5).")
        if not 0 <= points <= 1000:
            return None, Problem(shown, line, f"points '{record['points']}' is not a plausible mark.")
    return ResponseLine(line, code, " ".join(record.get("student", "").split()), int(question),
                        record.get("question_id", "").strip(), int(row_text) if row_text else None,
                        record.get("answer", "").strip(), points), None


def template_csv(sheets: list[dict[str, Any]]) -> bytes:
    """The table to fill by hand, one line per sheet, question and row: `;`-separated, UTF-8 with BOM
    (what a French spreadsheet opens directly)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for sheet in sheets:
        student = (sheet.get("student") or {}).get("name", "")
        for entry in sheet["questions"]:
            rows = range(1, len(entry["row_order"]) + 1) if entry.get("row_order") else [None]
            for row in rows:
                writer.writerow([sheet["variant_code"], student, entry["number"], entry["id"],
                                 "" if row is None else row, "", ""])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_responses_csv(lines: list[dict[str, Any]], extra: tuple[str, ...] = ()) -> bytes:
    """A filled table (e.g. from scans), in the same shape as the template; `extra` columns (a scan's
    `note`) come last, and reading the table ignores them."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS + extra)
    for record in lines:
        points = record.get("points")
        writer.writerow([record.get("code", ""), record.get("student", ""), record.get("question", ""),
                         record.get("question_id", ""), record.get("row") or "", record.get("answer", ""),
                         "" if points is None else f"{points:g}".replace(".", ","),
                         *(record.get(name, "") for name in extra)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")

