"""Which sheet a page is: the text held by its QR code, and its strict parser.

Format, version 1: ``QZ1/<class code>/<variant code>/<student>/<page>``, e.g. ``QZ1/CZ5-ECL/AB3-XY7/12/2``.

- Codes are 1–16 characters of ``A–Z 0–9 -`` (quizgen's codes look like ``CZ5-ECL``); student and page
  are 1-based decimal numbers without leading zeros (student ≤ 9999, page ≤ 999).
- Every character is in the QR code's alphanumeric set, so a typical payload (24 characters) fits a
  version-2 code (25×25 modules) at error-correction level Q, which survives a pen stroke across it.
- The leading ``QZ1`` names the format: a later version changes the number, and this parser refuses
  what it does not know rather than guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FORMAT_TAG = "QZ1"
_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{0,15}")
_NUMBER = re.compile(r"[1-9][0-9]{0,3}")
MAX_STUDENT = 9999
MAX_PAGE = 999


class PayloadError(ValueError):
    """The QR text is not a quizgen page code."""


@dataclass(frozen=True)
class PageIdentity:
    class_code: str  # the class set's code (one per printed set)
    variant: str  # the variant code printed on the sheet
    student: int  # 1-based position of the sheet in the class set
    page: int  # 1-based page of that student's sheet

    def __post_init__(self) -> None:
        for name, code in (("class code", self.class_code), ("variant code", self.variant)):
            if not isinstance(code, str) or not _CODE.fullmatch(code):
                raise PayloadError(f"{name} {code!r} must be 1-16 characters among A-Z, 0-9 and '-'")
        if type(self.student) is not int or not 1 <= self.student <= MAX_STUDENT:  # bool is an int too
            raise PayloadError(f"student {self.student!r} must be a number from 1 to {MAX_STUDENT}")
        if type(self.page) is not int or not 1 <= self.page <= MAX_PAGE:
            raise PayloadError(f"page {self.page!r} must be a number from 1 to {MAX_PAGE}")

    def payload(self) -> str:
        """The QR code's text."""
        return f"{FORMAT_TAG}/{self.class_code}/{self.variant}/{self.student}/{self.page}"

    def describe(self) -> str:
        """For people: 'student 12, page 2 (variant AB3-XY7, set CZ5-ECL)'."""
        return f"student {self.student}, page {self.page} (variant {self.variant}, set {self.class_code})"


def parse_payload(text: str) -> PageIdentity:
    """The identity in a QR code's text; `PayloadError` for anything that is not exactly version 1."""
    if not isinstance(text, str) or len(text) > 64:
        raise PayloadError("not a quizgen page code (too long)")
    fields = text.split("/")
    if len(fields) != 5 or fields[0] != FORMAT_TAG:
        shown = text[:40].encode("ascii", "backslashreplace").decode()
        raise PayloadError(f"not a quizgen page code: {shown!r}")
    _, class_code, variant, student, page = fields
    for name, number in (("student", student), ("page", page)):
        if not _NUMBER.fullmatch(number):
            raise PayloadError(f"not a quizgen page code: {name} {number[:8]!r} is not a number")
    return PageIdentity(class_code, variant, int(student), int(page))
