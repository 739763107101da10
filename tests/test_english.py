"""An English bank prints English typography only: sheets, key, class set, self-check page and practice.

French typography must not leak: no « », no space before a colon, no "N°", no "classe" in folder names.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from quizgen.cli import cli

ENGLISH = Path(__file__).parent / "data" / "english"
FRENCH_MARKS = re.compile(r"[«»]|[ \u00a0\u202f][:;?!]|N°")


def french_marks(text: str) -> list[str]:
    return [text[max(0, m.start() - 30): m.end() + 10] for m in FRENCH_MARKS.finditer(text)]


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.slow
def test_sheet_key_and_class_set_in_english(tmp_path):
    run("build", str(ENGLISH), "--seed", "4", "--out", str(tmp_path / "one"), "--emit-html", "-q")
    run("build", str(ENGLISH), "--seed", "4", "--variants", "2", "--out", str(tmp_path / "set"), "--emit-html", "-q")
    [single] = (tmp_path / "one").iterdir()
    [class_set] = (tmp_path / "set").iterdir()
    assert "-class-" in class_set.name and "classe" not in class_set.name
    for pdf in [single / "worksheet.pdf", single / "answer-key.pdf", class_set / "worksheets.pdf",
                class_set / "marking-grid.pdf", class_set / "answer-key.pdf"]:
        text = pdf_text(pdf)
        assert "Name:" in text or pdf.name != "worksheet.pdf"
        assert french_marks(text) == [], (pdf.name, french_marks(text))
    for html in [*single.glob("*.html"), *(class_set / "html").glob("*.html")]:
        text = html.read_text(encoding="utf-8")
        assert french_marks(text) == [] and "&#160;:" not in text and "&#160;»" not in text, html.name
    grid = pdf_text(class_set / "marking-grid.pdf")
    assert "No." in grid or "Student" in grid


def test_self_check_page_in_english(tmp_path):
    run("build", str(ENGLISH), "--seed", "4", "--format", "html", "--out", str(tmp_path), "-q")
    [folder] = tmp_path.iterdir()
    page = (folder / "self-check.html").read_text(encoding="utf-8")
    data = page[page.index('id="quiz-data">') + 15: page.index("</script>")]
    assert french_marks(data) == [], french_marks(data)
    assert '"colon": ":"' in data and '"open_quote": "\\u201c"' in data or '"open_quote": "“"' in data
    assert 'lang="en"' in page


def test_practice_in_english():
    answers = "\n".join(["a", "a b", "t", "n", "a", "b", "Figures", "y", "y", "a", "b", "c", "n"]) + "\n"
    result = CliRunner().invoke(cli, ["practice", str(ENGLISH), "--seed", "4"], input=answers)
    assert result.exit_code == 0, result.output
    assert "Practice: The library row" in result.output
    assert french_marks(result.output) == [], french_marks(result.output)
    assert "Your answer" in result.output and "Score: " in result.output


def test_french_marks_are_seen():
    """The detector must fire on French typography, or the tests above prove nothing."""
    assert french_marks("Nom : x") and french_marks("«\u00a0x\u00a0»") and french_marks("N° 3")
    assert not french_marks("Name: “x”. No. 3")


def test_the_english_bank_is_clean():
    out = io.StringIO(run("check", "--strict", str(ENGLISH)))
    assert "library: 6 questions" in out.getvalue()
