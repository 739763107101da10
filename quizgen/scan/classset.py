"""The class folder scans are read against: its sheets (from the manifest) and every scannable page's layout.

`quizgen build --scannable` recorded, in manifest.json, `"scan": {"pages": {QR text: layout}}`: where
each answer box of each page is (from WeasyPrint's layout) and which sheet and page the QR code names.
Nothing here needs OpenCV.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quizgen.core.files import read_user_file
from quizgen.core.problems import InvalidContent, Problem, UsageProblem, display_path
from quizgen.grading.grade import MANIFEST, MAX_MANIFEST_BYTES, Sheet, class_set_of
from quizgen.render.marks.identity import PageIdentity, PayloadError, parse_payload
from quizgen.render.marks.layout import LayoutError, PageLayout
from quizgen.sheets.scannable import LAYOUTS_FORMAT


@dataclass(frozen=True)
class ScanSet:
    folder: Path
    manifest: str  # the manifest's path, for messages
    language: str  # of the sheets: the review page speaks it
    sheets: tuple[Sheet, ...]
    layouts: dict[PageIdentity, PageLayout]  # every printed page, by the identity its QR code carries

    def sheet(self, number: int) -> Sheet:
        return next(sheet for sheet in self.sheets if sheet.number == number)

    def pages_of(self, number: int) -> list[PageIdentity]:
        """A sheet's pages, first to last."""
        return sorted((identity for identity in self.layouts if identity.student == number), key=lambda i: i.page)


def read_scan_set(folder: Path) -> ScanSet:
    """The manifest of a class set (or one sheet) built with --scannable; problems a person can act on."""
    if not folder.is_dir():
        raise UsageProblem(f"'{folder}' is not a folder; give the class set's folder (output/BANK-classe-CODE), "
                           "the one holding manifest.json.")
    path = folder / MANIFEST
    shown = display_path(path)
    data = read_user_file(path, MAX_MANIFEST_BYTES, "the class set's manifest")
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidContent([Problem(shown, 1, f"the manifest is not valid JSON ({error}); rebuild the class set "
                                      "with the command its manifest recorded.")]) from error
    try:
        class_set = class_set_of(manifest, folder, shown)
    except (KeyError, TypeError, AttributeError) as error:
        raise InvalidContent([Problem(shown, 1, f"the manifest is damaged ({type(error).__name__}: {error}); "
                                      "rebuild the class set.")]) from error
    section = manifest.get("scan")
    if section is None:
        rebuild = manifest.get("rebuild") or "quizgen build … (the options of this build)"
        raise UsageProblem(f"the sheets of '{folder}' were built without --scannable: they carry no marks quizgen can "
                           f"read. Build them again with --scannable (e.g. {rebuild} --scannable), print and "
                           "scan those.")
    try:
        layouts = _layouts(section)
    except (LayoutError, PayloadError, KeyError, TypeError, AttributeError, ValueError) as error:
        raise InvalidContent([Problem(shown, 1, f"the manifest's page layouts are damaged ({error}); rebuild the "
                                      "class set with --scannable.")]) from error
    numbers = {sheet.number for sheet in class_set.sheets}
    strays = sorted({identity.student for identity in layouts} - numbers)
    if strays:
        raise InvalidContent([Problem(shown, 1, f"the manifest's page layouts name sheet {strays[0]}, which it does "
                                      "not list; rebuild the class set with --scannable.")])
    language = section.get("language") or class_set.language or "fr"
    return ScanSet(folder, shown, str(language), class_set.sheets, layouts)


def _layouts(section: Any) -> dict[PageIdentity, PageLayout]:
    if not isinstance(section, dict) or section.get("format") != LAYOUTS_FORMAT or section.get("version") != 1:
        raise ValueError(f"'scan' is not a {LAYOUTS_FORMAT} version 1 record")
    pages = section["pages"]
    if not isinstance(pages, dict) or not pages:
        raise ValueError("no pages")
    return {parse_payload(text): PageLayout.from_json(layout) for text, layout in pages.items()}
