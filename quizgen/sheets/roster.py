"""A class list (CSV) → students, one variant each.

Teachers export class lists from spreadsheets and school software, so this is
lenient about the shape (comma, semicolon or tab; with or without a header;
UTF-8 or the Windows encoding French Excel uses) and strict about the content:
every row needs a name, and every problem is reported with its line.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from quizgen.core.files import FileRefused, FileTooLarge, read_user_file, size_text
from quizgen.core.problems import InvalidContent, Problem, display_path

MAX_STUDENTS = 400
#: A class list of 400 students is about 20 KB: anything near this is not a class list.
MAX_ROSTER_BYTES = 1024 * 1024
#: Longer than a name line on the sheet can hold several times over.
MAX_NAME = 120
#: Python's csv module refuses longer cells (with a traceback-worthy error unless caught).
MAX_CELL = csv.field_size_limit()
#: Control characters (a \r or \f in a quoted cell), line separators and bidi controls: on a
#: sheet they would break the footer line or reorder the text printed after the name.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]+")

NAME_HEADERS = {"nom", "name", "eleve", "student", "nom complet", "full name", "nom et prenom", "last name"}
FIRST_NAME_HEADERS = {"prenom", "first name", "firstname", "given name"}
GROUP_HEADERS = {"classe", "class", "groupe", "group", "division"}


@dataclass(frozen=True)
class Student:
    name: str  # as printed on the sheet: "Prénom Nom" when the list has both columns
    group: str = ""
    # Only from a list with separate Nom and Prénom columns (grades.csv pastes them into Pronote's own
    # columns); None for a single name column, where which word is the family name cannot be guessed.
    family_name: str | None = None
    given_name: str | None = None


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


def clean_name(text: str) -> str:
    """A cell as it may be printed: control and bidi characters become spaces, spaces are folded."""
    return " ".join(_UNPRINTABLE.sub(" ", text).split())


def read_roster(path: Path) -> list[Student]:
    where = display_path(path)
    try:
        raw = read_user_file(path, MAX_ROSTER_BYTES)
    except FileTooLarge as error:
        raise InvalidContent([Problem(where, 1, f"{error} A class list is a few kilobytes: give the CSV "
                                      "exported from the class list to --roster.")]) from error
    except FileRefused as error:
        raise InvalidContent([Problem(where, 1, f"cannot read the class list: {error} "
                                      "Check the path given to --roster.")]) from error
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidContent([Problem(where, 1, "this is not a text file; export the class list as CSV.")])
    text = _decode(raw, where)
    numbered = _rows(text, where)
    if not numbered:
        raise InvalidContent([Problem(where, 1, "the class list is empty; write one student per line "
                                      "(name, then optionally the class).")])
    header_line = numbered[0][0]
    columns, numbered = _columns(numbered)
    students: list[Student] = []
    problems: list[Problem] = []
    for number, row in numbered:
        cells = row + [""] * 3

        def cell(index: int | None, cells: list[str] = cells) -> str:
            return cells[index] if index is not None else ""

        family, given = cell(columns["name"]), cell(columns["first"])
        name = " ".join(part for part in (given, family) if part)
        if not name:
            problems.append(Problem(where, number, "this row has no student name; fill it in or delete the row."))
            continue
        if len(name) > MAX_NAME:
            problems.append(Problem(where, number, f"this name is {len(name)} characters long; a sheet has room "
                                    f"for {MAX_NAME}. Check the columns of the class list."))
            continue
        separate = columns["first"] is not None
        students.append(Student(name, cell(columns["group"])[:MAX_NAME], family if separate else None,
                                given if separate else None))
    if not students and not problems:
        problems.append(Problem(where, header_line, "the class list has a header but no students; add one "
                                "student per line under the header."))
    if len(students) > MAX_STUDENTS:
        problems.append(Problem(where, 1, f"{len(students)} students is more than the {MAX_STUDENTS} a class "
                                "set may hold; split the list into classes."))
    if problems:
        raise InvalidContent(problems)
    return students


def _rows(text: str, where: str) -> list[tuple[int, list[str]]]:
    """The non-empty rows with their line number, cells cleaned (see `clean_name`)."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        delimiter = ";" if ";" in sample else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    numbered: list[tuple[int, list[str]]] = []
    start = 1  # a quoted cell may span lines: a row is named by its first line
    try:
        for row in reader:
            cells = [clean_name(cell) for cell in row]
            if any(cells):
                numbered.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:  # a cell over MAX_CELL, or a NUL byte
        raise InvalidContent([Problem(where, start, (
            f"this line cannot be read as CSV ({error}); a cell is at most {size_text(MAX_CELL)}. "
            "Check that this is the class list exported as CSV."))]) from error
    return numbered


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
