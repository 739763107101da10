"""grades.csv / grades.xlsx read back as a spreadsheet would."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import zipfile
from decimal import Decimal

import pytest
from grading_data import class_from_points

from quizgen.grading.grades import grades_csv, grades_xlsx, rounded


def _class():
    # q1 2 points, q2 1 point, q3 3 points: 6 in all. Student 1 has 2+1+0.5 = 3.5 → 11.666… /20 → 11,67;
    # student 2 has 0+1+3 = 4 → 13,333… → 13,33; student 3 has everything → 20.
    results = class_from_points([[2, 1, 0.5], [0, 1, 3], [2, 1, 3]], maxima=[2, 1, 3])
    return results


def _read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, so Excel reads the accents"
    assert b"\r\n" in data
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def _number(cell: str) -> Decimal:
    assert "." not in cell, "decimal comma"
    return Decimal(cell.replace(",", "."))


def test_csv_reads_back_with_semicolons_and_decimal_commas():
    rows = _read_csv(grades_csv(_class()))
    assert rows[0] == ["Nom", "Prénom", "Classe", "Note/20", "Q1 q1", "Q2 q2", "Q3 q3"]
    assert rows[1][:4] == ["Élève 1", "", "2nde 1", "11,67"]
    assert [_number(c) for c in rows[1][4:]] == [2, 1, Decimal("0.5")]
    assert rows[1][6] == "0,5"
    assert rows[2][3] == "13,33"
    assert rows[3][3] == "20"
    assert len(rows) == 4


@pytest.mark.parametrize(("scale", "expected"), [(10, "5,83"), (20, "11,67"), (100, "58,33")])
def test_scale(scale, expected):
    rows = _read_csv(grades_csv(_class(), scale=scale))
    assert rows[0][3].endswith(f"/{scale}")
    assert rows[1][3] == expected


def test_unknown_scale_is_refused():
    with pytest.raises(ValueError):
        grades_csv(_class(), scale=15)


def test_rounding_is_half_up_on_the_printed_decimal():
    assert rounded(12.345) == Decimal("12.35")  # binary 12.3449999… would round down
    assert rounded(0.125) == Decimal("0.13")  # banker's rounding would give 0.12
    assert rounded(2.5, 0) == Decimal(3)


def test_english_headers_and_known_family_names():
    results = _class()
    first = dataclasses.replace(results.sheets[0], family_name="Le Gall", given_name="Jean-Pierre")
    results = dataclasses.replace(results, language="en", sheets=(first, *results.sheets[1:]))
    rows = _read_csv(grades_csv(results))
    assert rows[0][:4] == ["Last name", "First name", "Class", "Mark/20"]
    assert rows[1][:2] == ["Le Gall", "Jean-Pierre"]


def test_a_name_that_looks_like_a_formula_stays_text():
    results = _class()
    hostile = dataclasses.replace(results.sheets[0], student_name='=HYPERLINK("http://x","y")', student_group="+1")
    results = dataclasses.replace(results, sheets=(hostile, *results.sheets[1:]))
    rows = _read_csv(grades_csv(results))
    assert rows[1][0] == "'=HYPERLINK(\"http://x\",\"y\")"
    assert rows[1][2] == "'+1"
    workbook = _load(grades_xlsx(results))
    cell = workbook.active["A2"]
    assert cell.value == '=HYPERLINK("http://x","y")' and cell.data_type == "s"


def _load(data: bytes):
    openpyxl = pytest.importorskip("openpyxl")
    return openpyxl.load_workbook(io.BytesIO(data))


def test_xlsx_holds_the_same_table_with_numbers():
    results = _class()
    sheet = _load(grades_xlsx(results)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["Nom", "Prénom", "Classe", "Note/20", "Q1 q1", "Q2 q2", "Q3 q3"]
    assert values[1][0] == "Élève 1" and values[1][3] == pytest.approx(11.67) and values[1][6] == 0.5
    assert sheet["D2"].number_format == "0.00"


def test_xlsx_carries_no_clock_time():
    data = grades_xlsx(_class())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core) == ["2000-01-01T00:00:00Z"] * 2
    assert grades_xlsx(_class()) == data
