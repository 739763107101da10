"""Every glyph quizgen prints comes from its bundled fonts (templates/fonts), never from the machine's.

A character the bundled fonts lack is drawn by whatever font fontconfig finds (FreeSerif, DejaVu…): the
PDF then differs from one machine to the next, and on a machine without such a font the mark is a blank
box. The key's ✓/⨯ and the copies' marks were such characters once (✗ from FreeSerif).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from fontTools.ttLib import TTFont

from quizgen.cli import cli
from quizgen.grading.copies import MARKS
from quizgen.grading.grade import read_class_set

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "templates" / "fonts"
MINI = Path(__file__).parent / "data" / "mini"


def _characters(font: str) -> set[str]:
    return {chr(code) for code in TTFont(FONTS / font).getBestCmap()}


def test_the_marks_of_keys_and_copies_are_in_the_bundled_serif():
    stylesheet = (ROOT / "templates" / "style.css").read_text(encoding="utf-8")
    generated = "".join(re.findall(r'content:\s*"([^"]*)"', stylesheet))
    for font in ("texgyrepagella-regular.otf", "texgyrepagella-bold.otf"):
        missing = {c for c in generated + "".join(MARKS.values()) if not c.isspace()} - _characters(font)
        assert not missing, f"{font} lacks {sorted(missing)}"


def embedded_fonts(path: Path) -> set[str]:
    found = set()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                found.add(re.sub(r"^/[A-Z]{6}\+", "/", str(font.get("/BaseFont", ""))))
    return found


@pytest.mark.slow
def test_sheets_keys_handout_report_and_copies_use_only_the_bundled_fonts(tmp_path, monkeypatch):
    """A class set with its handout, then a class graded with wrong, partial and missing answers (so the
    copies print every mark): every PDF embeds QG fonts only."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["build", str(MINI), "--seed", "5", "--variants", "2", "--handout",
                                 "--out", "out", "-q"])
    assert result.exit_code == 0, result.output
    folder = Path(result.output.strip())
    single = runner.invoke(cli, ["build", str(MINI), "--seed", "5", "--out", "single", "-q"])
    assert single.exit_code == 0, single.output
    assert runner.invoke(cli, ["grade", str(folder), "--template", "--questions", str(MINI)]).exit_code == 0
    rows = list(csv.reader(io.StringIO((folder / "responses-template.csv").read_text(encoding="utf-8-sig")),
                           delimiter=";"))
    sheets = {sheet.code: sheet for sheet in read_class_set(folder).sheets}
    filled = [rows[0]]
    for index, (code, student, number, qid, row, _, _) in enumerate(rows[1:]):
        correct = sheets[code].questions[int(number) - 1]["correct"]
        answer, points = "", ""
        if index == 0:
            pass  # not answered: the copy's "–"
        elif isinstance(correct, bool):
            answer = "F" if correct else "V"  # wrong: ⨯
        elif isinstance(correct, list):
            # several right letters: one of them only (partial); one right letter: another one (wrong)
            answer = correct[0] if len(correct) > 1 else ("B" if correct[0] == "A" else "A")
        elif isinstance(correct, dict):
            answer = correct[row]  # right: ✓
        else:
            points = "1"
        filled.append([code, student, number, qid, row, answer, points])
    responses = tmp_path / "responses.csv"
    with responses.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(filled)
    graded = runner.invoke(cli, ["grade", str(folder), str(responses), "--questions", str(MINI)])
    assert graded.exit_code == 0, graded.output
    pdfs = sorted(folder.rglob("*.pdf")) + sorted(Path("single").rglob("*.pdf"))
    assert {p.name for p in pdfs} >= {"worksheets.pdf", "answer-key.pdf", "marking-grid.pdf", "article.pdf",
                                      "report.pdf", "worksheet.pdf"}
    assert len(list((folder / "results" / "copies").glob("*.pdf"))) == 2
    for path in pdfs:
        # WeasyPrint names an embedded font after its @font-face family: QG Serif/Sans everywhere, and in the
        # report also "TeX Gyre Heros", the name the figures' SVG text carries (report-print.css, bundled file)
        foreign = {name for name in embedded_fonts(path) if not name.startswith(("/QG-", "/TeX-Gyre-Heros"))}
        assert not foreign, f"{path} embeds {sorted(foreign)}"
