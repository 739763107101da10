"""`grades.csv` (and `grades.xlsx`) to paste into Pronote or a spreadsheet.

`grades_csv(results, scale=20) -> bytes`, `grades_xlsx(results, scale=20) -> bytes`; same rows and columns.

* **Format**: `;` separator, decimal comma, UTF-8 with BOM, CRLF line ends: what French Excel and
  LibreOffice open by double-click without an import dialog, and what pastes into Pronote's
  "Saisie des notes" column by column. Headers in the bank's language.
* **Columns**: Nom;Prénom;Classe;Note/20, then one column per question **in bank order**, headed
  `Q1 question-id`. Not by the number printed on the sheet: in a class set every variant numbers
  the questions differently, so column "3" would mix different questions. Bank order is the order
  (and numbering) of the class's detailed answer key and of the report.
* **Nom / Prénom**: a roster with separate Nom and Prénom columns keeps both through the manifest
  (`family_name`/`given_name` of each sheet), and they are written as they are. With a single name
  column (or a manifest written before these fields), which word of "Jean-Pierre Le Gall" is the
  family name cannot be guessed: Nom then holds the whole display name and Prénom stays empty.
* **Marks**: Note = total / maximum × scale (scale 10, 20 or 100), rounded half up to 2 decimals
  (Decimal, no binary surprises: 12.345 → 12,35). Question columns: points earned, rounded half up
  to 2 decimals; a question left blank shows 0 (it counts 0 in the total).
* **Untrusted names**: a cell starting with = + - @ or a tab/CR would be run as a formula by a
  spreadsheet (CSV injection); such text cells get a leading apostrophe in the CSV and are stored as
  plain strings in the xlsx.
* Rows in sheet order (the roster's order), one per student; no summary row, so the file pastes cleanly.
* Deterministic: the xlsx has fixed document dates and zip timestamps.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from decimal import ROUND_HALF_UP, Decimal

from quizgen.grading.labels import label
from quizgen.grading.results import ClassResults, SheetResult

SCALES = (10, 20, 100)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FIXED_TIME = datetime.datetime(2000, 1, 1)


def rounded(value: float, decimals: int = 2) -> Decimal:
    """Half-up rounding of the decimal the float prints as (12.345 → 12.35, 0.125 → 0.13)."""
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def mark(sheet: SheetResult, scale: int) -> Decimal:
    return rounded(sheet.total / sheet.max_total * scale) if sheet.max_total else Decimal(0)


def _check_scale(scale: int) -> None:
    if scale not in SCALES:
        raise ValueError(f"scale must be one of {SCALES}")


def header(results: ClassResults, scale: int) -> list[str]:
    language = results.language
    return [label(language, "grades_name"), label(language, "grades_first_name"), label(language, "grades_class"),
            label(language, "grades_mark", scale=scale),
            *(f"Q{number} {qid}" for number, qid in enumerate(results.question_ids, 1))]


def rows(results: ClassResults, scale: int) -> list[list[str | Decimal]]:
    """One row per sheet: names and class as text, marks as Decimal."""
    table: list[list[str | Decimal]] = []
    for sheet in results.sheets:
        if sheet.family_name is not None or sheet.given_name is not None:
            family, given = sheet.family_name or "", sheet.given_name or ""
        else:
            family, given = sheet.student_name, ""
        table.append([family, given, sheet.student_group, mark(sheet, scale),
                      *(rounded(sheet.item(qid).points) for qid in results.question_ids)])
    return table


def _neutral(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _decimal_comma(value: Decimal) -> str:
    """12.50 → "12,5", 15.00 → "15": shortest form, decimal comma (a spreadsheet reads both as numbers)."""
    return format(value.normalize(), "f").replace(".", ",")


def grades_csv(results: ClassResults, scale: int = 20) -> bytes:
    _check_scale(scale)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_neutral(cell) for cell in header(results, scale)])
    for row in rows(results, scale):
        writer.writerow([_decimal_comma(cell) if isinstance(cell, Decimal) else _neutral(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def grades_xlsx(results: ClassResults, scale: int = 20) -> bytes:
    """The same table as an Excel workbook (numbers stored as numbers, shown with 2 decimals)."""
    from openpyxl import Workbook  # imported here: only this output needs it

    _check_scale(scale)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = label(results.language, "grades_sheet")
    for column, title in enumerate(header(results, scale), 1):
        cell = sheet.cell(row=1, column=column, value=title)
        cell.data_type = "s"  # never a formula, whatever the bank's ids say
    for line, row in enumerate(rows(results, scale), 2):
        for column, value in enumerate(row, 1):
            if isinstance(value, Decimal):
                cell = sheet.cell(row=line, column=column, value=float(value))
                cell.number_format = "0.00"
            else:
                cell = sheet.cell(row=line, column=column, value=value)
                cell.data_type = "s"
    sheet.freeze_panes = "E2"
    workbook.properties.created = _FIXED_TIME
    workbook.properties.modified = _FIXED_TIME
    raw = io.BytesIO()
    workbook.save(raw)
    return _fixed_zip_times(raw.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """openpyxl stamps each zip entry, and the document's 'modified' date, with the current time: fix both."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", content)
            target.writestr(fixed, content)
    return out.getvalue()
