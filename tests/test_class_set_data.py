"""Issue 12, row 1 and "Tests that can fail": class sets whose data has the shape that breaks them.

Student names with quotes, backslashes and control characters (a \\r or \\f inside a quoted CSV
cell used to drop the footer, and a crafted \\f name hid every question through the page CSS),
sheets with an odd number of pages (duplex padding checked page by page, not from the
manifest), and a class set of a 2-question sheet (only two arrangements exist).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI
from pypdf import PdfReader

from quizgen.cli import cli
from quizgen.sheets.roster import read_roster

pytestmark = pytest.mark.slow

HOSTILE_ROSTER = (
    'Nom;Prénom;Classe\n'
    '"O\'Brien ""Bob""";Zoé;2nde 3\n'  # quotes
    '"Back\\slash\\";Léa;2nde 3\n'  # backslashes, one at the end of the CSS string
    '"Du\rrand";Hugo;2nde 3\n'  # a carriage return inside a quoted cell
    '"X\f.prompt{display:none}\\";Awa;2nde 3\n'  # the probe's \f, and a backslash before the CSS quote
    '"Tab\tEsc\x1b[31m";Noé;2nde 3\n'  # a tab and a terminal escape
    '"Rtl\u202e";Inès;2nde 3\n'  # a bidi override
)
CLEANED = ["Zoé O'Brien \"Bob\"", "Léa Back\\slash\\", "Hugo Du rand",
           "Awa X .prompt{display:none}\\",
           "Noé Tab Esc [31m", "Inès Rtl"]
PROMPTS = ["Quel procédé reconnaissez-vous dans cet extrait", "Qu’est-ce qui affaiblit cette phrase",
           "Le conseil municipal a voté une hausse", "Associez chaque extrait à sa technique",
           "Comment vérifieriez-vous l’affirmation du maire", "Classez chaque affirmation", "Fait ou opinion"]


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def pages_text(path: Path) -> list[str]:
    return [flat(page.extract_text() or "") for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def hostile_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "roster.csv").write_text(HOSTILE_ROSTER, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(MINI), "--roster", str(folder / "roster.csv"), "--seed", "5",
                                      "--large-print",  # 3 printed pages a sheet: odd, so padded
                                      "--out", str(folder / "out"), "--quiet"])
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip())


def test_names_are_cleaned_when_the_roster_is_read(tmp_path: Path) -> None:
    (tmp_path / "roster.csv").write_text(HOSTILE_ROSTER, encoding="utf-8")
    assert [student.name for student in read_roster(tmp_path / "roster.csv")] == CLEANED


def test_every_page_of_every_sheet_has_its_footer_and_questions(hostile_set: Path) -> None:
    manifest = json.loads((hostile_set / "manifest.json").read_text(encoding="utf-8"))
    texts = pages_text(hostile_set / "worksheets.pdf")
    assert [entry["student"]["name"] for entry in manifest["variants"]] == CLEANED
    for entry in manifest["variants"]:
        first, last = entry["pages"]
        sheet = texts[first - 1:last]
        printed = [page for page in sheet if page]
        count = len(printed)
        for number, page in enumerate(printed, 1):
            footer = f"{entry['variant_code']} · {flat(entry['student']['name'])}"
            assert footer in page, (entry["student"]["name"], number, page[-200:])
            assert f"page {number} / {count}" in page, (entry["student"]["name"], number)
        whole = " ".join(printed)
        for prompt in PROMPTS:  # no name can hide a question (display: none through the page CSS)
            assert prompt in whole, (entry["student"]["name"], prompt)
        assert flat(entry["student"]["name"]) in printed[0].split("Classe")[0]  # on the name line


def test_duplex_padding_page_by_page(hostile_set: Path) -> None:
    """Checked on the pages themselves: each sheet's printed pages, then at most one blank page of the
    same size so that the next sheet starts on a new sheet of paper."""
    reader = PdfReader(hostile_set / "worksheets.pdf")
    texts = pages_text(hostile_set / "worksheets.pdf")
    manifest = json.loads((hostile_set / "manifest.json").read_text(encoding="utf-8"))
    position = 0
    odd_sheets = 0
    for entry in manifest["variants"]:
        start = position
        assert texts[position], "a sheet starts with a printed page"
        total = int(re.search(r"page 1 / (\d+)", texts[position]).group(1))  # type: ignore[union-attr]
        for number in range(1, total + 1):
            assert f"page {number} / {total}" in texts[position] and entry["variant_code"] in texts[position]
            position += 1
        if total % 2:
            odd_sheets += 1
            assert texts[position] == "", "an odd sheet is followed by one blank page"
            assert reader.pages[position].mediabox == reader.pages[position - 1].mediabox
            assert not reader.pages[position].get_contents(), "the padding page is empty"
            position += 1
        assert (position - start) % 2 == 0 and position % 2 == 0, "the next sheet starts on a front side"
        assert entry["pages"] == [start + 1, position]
    assert position == len(reader.pages)
    assert odd_sheets > 0, "the data must hold sheets with an odd page count, or padding is not tested"


def test_a_class_set_of_a_2_question_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", str(MINI), "--type", "short-answer", "--type", "true-false",
                                      "--variants", "5", "--seed", "2", "--out", "out"])
    assert result.exit_code == 0, result.output
    assert ("Note: these 2 questions can only be arranged in 2 different ways, so some of the 5 sheets repeat "
            "(never two neighbours); add questions for more variety.") in result.stderr
    folder = next((tmp_path / "out").iterdir())
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    orders = [[q["id"] for q in entry["questions"]] for entry in manifest["variants"]]
    assert all(len(order) == 2 for order in orders)
    assert all(a != b for a, b in zip(orders, orders[1:], strict=False)), orders
    texts = pages_text(folder / "worksheets.pdf")
    for entry in manifest["variants"]:
        first, last = entry["pages"]
        assert last - first + 1 == 2 and texts[first - 1] and texts[last - 1] == "", "one page, then padding"
