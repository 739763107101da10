"""A class list (CSV) → students, one variant each.

Teachers export class lists from spreadsheets and school software, so this is
lenient about the shape (comma, semicolon or tab; with or without a header;
UTF-8 or the Windows encoding French Excel uses) and strict about the content:
every row needs a name, and every problem is reported with its line.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from quizgen.core.problems import InvalidContent, Problem, display_path

MAX_STUDENTS = 400

NAME_HEADERS = {"nom", "name", "eleve", "student", "nom complet", "full name", "nom et prenom", "last name"}
FIRST_NAME_HEADERS = {"prenom", "first name", "firstname", "given name"}
GROUP_HEADERS = {"classe", "class", "groupe", "group", "division"}


@dataclass(frozen=True)
class Student:
    name: str
    group: str = ""


def _fold(text: str) -> str:
    """Header comparison ignoring case and accents: 'Élève' = 'eleve'."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _decode(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidContent([Problem(where, 1, "this class list is UTF-16; save it as 'CSV UTF-8' instead.")])
    return raw.decode("cp1252", errors="replace")  # what French Excel writes for 'CSV (séparateur : point-virgule)'


def read_roster(path: Path) -> list[Student]:
    where = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InvalidContent([Problem(where, 0, f"cannot read the class list ({error.strerror}); "
                                      "check the path given to --roster.")]) from error
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidContent([Problem(where, 1, "this is not a text file; export the class list as CSV.")])
    text = _decode(raw, where)
    lines = text.splitlines()
    sample = "\n".join(lines[:20])
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        delimiter = ";" if ";" in sample else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    numbered = [(number, [cell.strip() for cell in row]) for number, row in enumerate(rows, 1)
                if any(cell.strip() for cell in row)]
    if not numbered:
        raise InvalidContent([Problem(where, 1, "the class list is empty; write one student per line "
                                      "(name, then optionally the class).")])
    columns, numbered = _columns(numbered)
    students: list[Student] = []
    problems: list[Problem] = []
    for number, row in numbered:
        cells = row + [""] * 3

        def cell(index: int | None, cells: list[str] = cells) -> str:
            return cells[index] if index is not None else ""

        name = " ".join(part for part in (cell(columns["first"]), cell(columns["name"])) if part)
        if not name:
            problems.append(Problem(where, number, "this row has no student name; fill it in or delete the row."))
            continue
        students.append(Student(name, cell(columns["group"])))
    if len(students) > MAX_STUDENTS:
        problems.append(Problem(where, 1, f"{len(students)} students is more than the {MAX_STUDENTS} a class "
                                "set may hold; split the list into classes."))
    if problems:
        raise InvalidContent(problems)
    return students


def _columns(numbered: list[tuple[int, list[str]]]) -> tuple[dict[str, int | None], list[tuple[int, list[str]]]]:
    """Which column holds what: from a header row if there is one, else name then class."""
    header = [_fold(cell) for cell in numbered[0][1]]
    found: dict[str, int | None] = {"name": None, "first": None, "group": None}
    for index, title in enumerate(header):
        for key, names in (("name", NAME_HEADERS), ("first", FIRST_NAME_HEADERS), ("group", GROUP_HEADERS)):
            if title in names and found[key] is None:
                found[key] = index
    if found["name"] is not None or found["first"] is not None:
        if found["name"] is None:  # only a first-name column: use it as the name
            found["name"], found["first"] = found["first"], None
        return found, numbered[1:]
    return {"name": 0, "first": None, "group": 1}, numbered
