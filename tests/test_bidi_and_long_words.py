"""Issue 12, rows 15 and 16: bidi controls in bank text (`publisher: "AFP" + U+202E`) and a word too
long for a line.

On sheets an RLO must not reverse the trusted text printed after it (checked in the PDF's text);
in terminals and messages no bidi control arrives at all. A long word wraps inside the page
(checked on the rendered page: the right margin stays blank) and `check` warns about it.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

from quizgen.bank.workspace import load_workspace
from quizgen.cli import cli
from quizgen.core.bidi import contained
from quizgen.core.problems import InvalidContent, printable
from quizgen.sheets.build import BuildRequest, build
from quizgen.study.practice import run_practice
from quizgen.study.selfcheck import quiz_data
from quizgen.variants.draw import Options, draw_variant

RLO, LRO, PDF, RLI, PDI, LRE = "\u202e", "\u202d", "\u202c", "\u2067", "\u2069", "\u202a"
BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@pytest.mark.parametrize("text, expected", [
    ("AFP", "AFP"),
    ("AFP" + RLO, "AFP" + RLO + PDF),
    (RLO + "a" + PDF + "b", RLO + "a" + PDF + "b"),
    ("a" + PDF + "b" + PDI, "ab"),  # closers with nothing to close would close the sheet's own text
    (RLI + "a" + RLO + "b" + PDI + "c", RLI + "a" + RLO + "b" + PDI + "c"),  # PDI closes what is inside
    (RLI + "a" + RLO + "b", RLI + "a" + RLO + "b" + PDF + PDI),
    (RLO + RLI + "a" + PDF + "b", RLO + RLI + "ab" + PDI + PDF),  # a PDF cannot leave the isolate
    (LRE + LRO + "x", LRE + LRO + "x" + PDF + PDF),
])
def test_each_text_closes_what_it_opens(text: str, expected: str) -> None:
    assert contained(text) == expected


def test_unchanged_text_is_the_same_object() -> None:
    text = "Mairie (fictive)"
    assert contained(text) is text


def _with_bidi(workspace: Path) -> None:
    bank = workspace / "bank.yaml"
    text = bank.read_text(encoding="utf-8")
    text = text.replace('        publisher: "Mairie (fictive)"\n        date: 2024-03-12',
                        f'        publisher: "Mairie (fictive){RLO}"\n        date: 2024-03-12')
    text = text.replace('      - text: "La phrase est au présent."', f'      - text: "La phrase {RLO}est au présent."')
    bank.write_text(text, encoding="utf-8")


def _with_a_long_word(workspace: Path, length: int) -> None:
    bank = workspace / "bank.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace(
        '      - text: "La phrase est au présent."', f'      - text: "La phrase {"x" * length} est au présent."'),
        encoding="utf-8")


def _flat(pdf: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(pdf).pages)


@pytest.mark.slow
def test_an_rlo_does_not_reverse_what_the_sheet_prints_after_it(mini_copy: Path, tmp_path: Path) -> None:
    _with_bidi(mini_copy)
    result = build(load_workspace([mini_copy]), BuildRequest(out=tmp_path / "out", seed=3, emit_html=True))
    key = _flat(result.folder / "answer-key.pdf")
    assert "Mairie (fictive), 2024-03-12" in key  # without containment: "Mairie (fictive)21-30-4202 ,"
    html = (result.folder / "answer-key.html").read_text(encoding="utf-8")
    assert f"Mairie (fictive){RLO}{PDF}, 2024-03-12" in html


def test_the_self_check_page_data_contains_each_rlo(mini_copy: Path) -> None:
    _with_bidi(mini_copy)
    data = quiz_data(draw_variant(load_workspace([mini_copy]), None, Options(), 3))

    def texts(value: Any) -> list[str]:
        if isinstance(value, dict):
            return [t for item in value.values() for t in texts(item)]
        if isinstance(value, list):
            return [t for item in value for t in texts(item)]
        return [value] if isinstance(value, str) else []

    with_rlo = [text for text in texts(data) if RLO in text]
    assert len(with_rlo) >= 2 and all(contained(text) == text and text.endswith(PDF) for text in with_rlo)


def test_no_bidi_control_reaches_the_terminal(mini_copy: Path) -> None:
    _with_bidi(mini_copy)
    out = io.StringIO()
    run_practice(load_workspace([mini_copy]), Options(), 3, None, io.StringIO("?\n" * 40), out)
    assert "est au présent" in out.getvalue() and not BIDI & set(out.getvalue())

    bank = mini_copy / "bank.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace(
        '    excerpt: "tous les parents sont contre"', f'    excerpt: "tous les {RLO}parents sont contre"'),
        encoding="utf-8")
    with pytest.raises(InvalidContent) as raised:
        load_workspace([mini_copy])
    message = str(raised.value)
    assert "« tous les \\u202eparents sont contre »" in message and not BIDI & set(message)
    result = CliRunner().invoke(cli, ["check", "ws"])
    assert result.exit_code == 1 and not BIDI & set(result.output)
    assert printable(f"gift: q-x: not carried: « a{RLO}b »") == "gift: q-x: not carried: « a\\u202eb »"


# --- Row 16: long words ---------------------------------------------------------------------------


@pytest.mark.parametrize("length, warned", [(45, False), (46, True), (100_000, True)])
def test_check_warns_about_a_word_longer_than_a_line(mini_copy: Path, length: int, warned: bool) -> None:
    _with_a_long_word(mini_copy, length)
    bank = mini_copy / "bank.yaml"
    line = next(n for n, text in enumerate(bank.read_text(encoding="utf-8").splitlines(), 1) if "xxxx" in text)
    result = CliRunner().invoke(cli, ["check", "ws"])
    assert result.exit_code == 0, result.output
    warning = (f"ws/bank.yaml:{line}: warning: a word of {length} characters (« {'x' * 29}… ») is longer than a "
               "printed line (45); the sheet will cut it across lines. Add the missing spaces, or shorten it.")
    assert (warning in result.stderr) is warned, result.stderr
    assert "cantine: 7 questions" in result.output


def test_web_addresses_and_ids_are_not_words_to_warn_about(mini_copy: Path) -> None:
    bank = mini_copy / "bank.yaml"
    address = "https://example.org/" + "a" * 80
    bank.write_text(bank.read_text(encoding="utf-8").replace(
        '    explanation: "C’est exact selon le compte rendu."',
        f'    explanation: "C’est exact selon le compte rendu : {address}"'), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "ws"])
    assert result.exit_code == 0 and "[long-word]" not in result.stderr


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils (scripts/install-system-deps.sh)")
def test_a_long_word_wraps_inside_the_page(mini_copy: Path, tmp_path: Path) -> None:
    """10,000 characters: the probe's 100,000 wrap the same way but take a minute to lay out
    (WeasyPrint's line breaking is slow on one huge run; see benchmarks/README.md)."""
    _with_a_long_word(mini_copy, 10_000)
    result = build(load_workspace([mini_copy]), BuildRequest(out=tmp_path / "out", seed=3))
    worksheet = result.folder / "worksheet.pdf"
    printed = _flat(worksheet).replace(" ", "")
    assert printed.count("x") >= 10_000, "no part of the word is missing"
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(worksheet), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 4
    for page in pages:
        image = Image.open(page).convert("L")
        right_margin = image.crop((image.width - int(image.width * 12 / 210), 0, image.width, image.height))
        assert right_margin.getextrema()[0] > 200, f"{page.name}: ink in the right margin (the word ran off)"


def test_long_runs_get_invisible_breaks_but_markup_and_addresses_stay_whole() -> None:
    from quizgen.core.typography import ZWSP, breakable

    assert breakable("x" * 45) == "x" * 45
    assert breakable("a " + "x" * 61) == "a " + ZWSP.join(["x" * 30, "x" * 30, "x"])
    address = "https://example.org/" + "a" * 100
    assert breakable(address) == address  # still works when copied from the PDF
    entity = "&#160;" + "y" * 50 + "<sup>er</sup>"
    assert breakable(entity, markup=True) == "&#160;" + "y" * 30 + ZWSP + "y" * 20 + "<sup>er</sup>"


def test_the_self_check_page_inlines_its_script_and_data_verbatim(mini_copy: Path) -> None:
    import json
    import re

    from quizgen.render.templates import TemplateSet
    from quizgen.study.selfcheck import QUIZ_JS, render_quiz

    _with_a_long_word(mini_copy, 500)
    templates = TemplateSet.with_override(None)
    page = render_quiz(draw_variant(load_workspace([mini_copy]), None, Options(), 3), templates)
    assert templates.find(QUIZ_JS).read_text(encoding="utf-8") in page  # its CSP hash still matches
    data = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S)
    assert data is not None and "x" * 500 in json.loads(data.group(1).replace("\\u003c", "<"))["questions"][0][
        "prompt"] + json.dumps(json.loads(data.group(1)), ensure_ascii=False)
