"""Scannable class sets and their synthetic scans with known truth, for the scan tests.

The truth is computed here from the marks drawn, independently of quizgen.scan.answers: a box id is
split by hand (q3.B, q5.r2.C, q7.score.2), ticks and crosses give their token, filled boxes nothing,
the teacher's tick gives the points.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from click.testing import CliRunner
from conftest import MINI

from quizgen.cli import cli
from quizgen.render.marks.identity import PageIdentity
from quizgen.render.marks.layout import PageLayout

Key = tuple[str, int, int | None]  # variant code, question, row
Page = tuple[PageIdentity, PageLayout, np.ndarray]


def build(out: Path, *options: str, bank: Path = MINI) -> Path:
    """`quizgen build --scannable` into `out`; the class set's (or sheet's) folder."""
    result = CliRunner().invoke(cli, ["build", str(bank), "--scannable", "--out", str(out), "-q", *options])
    assert result.exit_code == 0, result.output
    return Path(result.output.strip().splitlines()[-1])


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def printed_pages(folder: Path, dpi: int) -> list[Page]:
    """The pages a student writes on: the worksheets, or the answer sheets of an --answer-sheet build."""
    # Imported here, not at the top: it brings OpenCV and WeasyPrint (1-2 s), which only the slow
    # scanning tests need, and the quick tests importing this module would pay for it in every worker.
    from quizgen.scan.synthetic import class_set_pages

    pdf = next(iter([*folder.glob("answer-sheet*.pdf"), *folder.glob("worksheet*.pdf")])).read_bytes()
    return class_set_pages(pdf, manifest_of(folder), dpi)


def entries_of(manifest: dict, student: int) -> list[dict]:
    sheets = manifest.get("variants") or [{"number": 1, "questions": manifest["questions"]}]
    return next(sheet["questions"] for sheet in sheets if sheet["number"] == student)


def fill_in(pages: Iterable[Page], manifest: dict, rng: np.random.Generator, scenario: str, dpi: int
            ) -> list[tuple[PageIdentity, PageLayout, dict[str, str], np.ndarray]]:
    """Each page answered by a careful student (and marked by the teacher), then scanned with `scenario`."""
    from quizgen.scan.synthetic import answered_marks, degrade, mark_page  # (see printed_pages)

    done = []
    for identity, layout, image in pages:
        several = {f"q{e['number']}" for e in entries_of(manifest, identity.student) if e["type"] == "multiple-select"}
        marks = answered_marks(layout, rng, several=several)
        scanned = degrade(mark_page(image, layout, marks, dpi, rng), scenario, rng, dpi)
        done.append((identity, layout, marks, scanned))
    return done


Filled = tuple[PageIdentity, PageLayout, dict[str, str], object]


def truth(filled: Iterable[Filled]) -> dict[Key, tuple[str, float | None]]:
    """The responses table the marks drawn must give, line by line."""
    lines: dict[Key, list] = {}
    for identity, layout, marks, _ in filled:
        for box in layout.boxes:
            head, *rest = box.id.split(".")
            question = int(head[1:])
            if rest[0] == "score":
                line = lines.setdefault((identity.variant, question, None), ["", None])
                if marks.get(box.id) == "score":
                    line[1] = float(rest[1])
                continue
            row = int(rest[0][1:]) if rest[0].startswith("r") else None
            line = lines.setdefault((identity.variant, question, row), ["", None])
            if marks.get(box.id) in ("tick", "cross"):
                line[0] += rest[-1]
    return {key: (answer, points) for key, (answer, points) in lines.items()}


def read_table(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))


def as_truth(rows: list[dict[str, str]]) -> dict[Key, tuple[str, float | None]]:
    return {(row["code"], int(row["question"]), int(row["row"]) if row["row"] else None):
            (row["answer"], float(row["points"].replace(",", ".")) if row["points"] else None) for row in rows}
