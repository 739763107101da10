"""`quizgen build --answer-sheet`: a separate scannable answer sheet per student (the same box ids as the scannable
worksheet, so `quizgen scan` and `quizgen grade` work unchanged) and a question booklet per variant with nothing to
write on (never stamped, never recorded: a scanned booklet page is reported, not read)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from click.testing import CliRunner
from conftest import BUNDLED, MINI, REPO
from pypdf import PdfReader
from scan_support import as_truth, build, fill_in, manifest_of, printed_pages, read_table, truth

from quizgen.cli import cli
from quizgen.core.problems import UsageProblem
from quizgen.render.marks.identity import parse_payload
from quizgen.render.marks.layout import PT_PER_MM, PageLayout
from quizgen.sheets.build import BuildRequest, prepare
from quizgen.sheets.html import PrintOptions
from quizgen.sheets.request import check_request, rebuild_command
from quizgen.variants.draw import Options

ENGLISH = REPO / "tests" / "data" / "english"
BOX = re.compile(r'data-box="([^"]+)"')
ANSWER_SHEET = PrintOptions(scannable=True, answer_sheet=True)


# ---- the HTML (fast) ----

def test_the_answer_sheet_has_exactly_the_boxes_of_the_scannable_worksheet(mini):
    for seed in (5, 42):
        _, sheet = prepare(mini, BuildRequest(seed=seed, printing=ANSWER_SHEET))
        _, worksheet = prepare(mini, BuildRequest(seed=seed, printing=PrintOptions(scannable=True)))
        ids = BOX.findall(sheet["answer-sheet"])
        assert len(ids) == len(set(ids)) and set(ids) == set(BOX.findall(worksheet["worksheet"]))
        # every kind of box: choices, true/false, rows of matching and classification, the teacher's scores
        assert all(any(pattern.search(box) for box in ids) for pattern in (
            re.compile(r"^q\d+\.[A-D]$"), re.compile(r"^q\d+\.V$"), re.compile(r"^q\d+\.r\d+\.[A-Z]$"),
            re.compile(r"^q\d+\.score\.\d+$")))


def test_the_booklet_has_nothing_to_write_on_and_says_where_to_answer(mini):
    variant, html = prepare(mini, BuildRequest(seed=5, printing=ANSWER_SHEET))
    booklet = html["booklet"]
    for mark in ("data-box", 'class="field', 'class="line"', "answer-cell", 'class="box', "teacher-score",
                 'class="score"', "match-grid", "<table"):
        assert mark not in booklet, mark
    assert body_classes(booklet) == ["worksheet", "booklet"]
    assert f"Répondez sur la feuille de réponses de la variante {variant.code}" in booklet
    for printed in variant.questions:  # every question, its prompt, and the rows numbered as the answer sheet's
        assert f'id="q{printed.number}"' in booklet
        for row in printed.rows:
            assert f'<span class="rownum">{row.number}</span>' in booklet
    sheet = html["answer-sheet"]
    assert 'class="prompt"' not in sheet and "blockquote" not in sheet  # the questions are in the booklet only
    assert body_classes(sheet) == ["worksheet", "answer-sheet", "scannable"] and "Feuille de réponses" in sheet


def test_the_booklet_prints_the_banks_booklet_instructions_instead_of_the_worksheets(mini, bundled):
    """A bank's `instructions` may say "answer on the sheet"; its `booklet_instructions` replace them on the booklet
    only (the mini bank has none: the booklet keeps its `instructions`)."""
    _, html = prepare(mini, BuildRequest(seed=5, printing=ANSWER_SHEET))
    assert "Lisez le texte, puis répondez." in html["booklet"]
    _, html = prepare(bundled, BuildRequest(seed=5, options=Options(preset="controle-15"), printing=ANSWER_SHEET))
    _, plain = prepare(bundled, BuildRequest(seed=5, options=Options(preset="controle-15")))
    assert "il suffit de cocher les cases" in html["booklet"]
    assert "Répondez directement sur la fiche" not in html["booklet"]
    assert "Répondez directement sur la fiche" in plain["worksheet"] and "il suffit de cocher" not in plain["worksheet"]


def body_classes(html: str) -> list[str]:
    match = re.search(r'<body class="([^"]*)"', html)
    assert match is not None
    return match.group(1).split()


def test_an_answer_sheet_without_scannable_is_refused_and_the_command_line_implies_it(tmp_path, mini):
    with pytest.raises(UsageProblem, match="--scannable"):
        check_request(BuildRequest(printing=PrintOptions(answer_sheet=True)))
    variant, _ = prepare(mini, BuildRequest(seed=5, printing=ANSWER_SHEET))
    assert rebuild_command(BuildRequest(printing=ANSWER_SHEET, variants=3), variant).endswith(
        "--variants 3 --scannable --answer-sheet")
    help_text = CliRunner().invoke(cli, ["build", "--help"]).output
    assert "--answer-sheet" in help_text and "Implies --scannable" in help_text


# ---- built class sets (slow: WeasyPrint) ----

def layouts(folder: Path) -> dict:
    pages = manifest_of(folder)["scan"]["pages"]
    return {parse_payload(text): PageLayout.from_json(data) for text, data in pages.items()}


def ids_by_variant(folder: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for identity, layout in layouts(folder).items():
        found.setdefault(identity.variant, set()).update(box.id for box in layout.boxes)
    return found


@pytest.fixture(scope="module")
def sheets(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("answer"), "--variants", "3", "--seed", "5", "--answer-sheet", "--emit-html")


@pytest.fixture(scope="module")
def worksheets(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("worksheets"), "--variants", "3", "--seed", "5")


@pytest.mark.slow
def test_the_answer_sheets_boxes_are_those_of_the_scannable_worksheets(sheets, worksheets):
    assert ids_by_variant(sheets) == ids_by_variant(worksheets)
    for name in ("answer-key.pdf", "marking-grid.pdf"):  # keys and grid unchanged
        assert (sheets / name).read_bytes() == (worksheets / name).read_bytes(), name


@pytest.mark.slow
def test_only_answer_sheet_pages_are_stamped_and_recorded(sheets):
    manifest = manifest_of(sheets)
    assert manifest["files"] == {"answer_sheets": "answer-sheets.pdf", "question_booklets": "question-booklets.pdf",
                                 "marking_grid": "marking-grid.pdf", "answer_key": "answer-key.pdf"}
    assert not (sheets / "worksheets.pdf").exists()
    assert manifest["print"] == {"large_print": False, "dyslexia_friendly": False, "scannable": True,
                                 "answer_sheet": True}
    assert manifest["rebuild"].endswith("--scannable --answer-sheet")
    pages = layouts(sheets)
    with pikepdf.open(sheets / "answer-sheets.pdf") as pdf:
        for sheet in manifest["variants"]:
            own = sorted(p.page for p in pages if p.student == sheet["number"])
            first, last = sheet["pages"]
            assert own == [1] and last == first + 1  # one page each, padded for duplex printing
            assert b"/Artifact" in b"".join(c.read_bytes() for c in _contents(pdf.pages[first - 1]))
            assert b"".join(c.read_bytes() for c in _contents(pdf.pages[last - 1])) == b""  # padding: blank
    with pikepdf.open(sheets / "question-booklets.pdf") as pdf:
        codes = [sheet["variant_code"] for sheet in manifest["variants"]]
        starts = [sheet["booklet_pages"][0] for sheet in manifest["variants"]]
        assert len(set(codes)) == 3 and starts == sorted(set(starts)) and starts[0] == 1
        assert len(pdf.pages) == manifest["variants"][-1]["booklet_pages"][1]
        assert [str(item.title) for item in pdf.open_outline().root] == [f"Livret de questions {c}" for c in codes]
        for page in pdf.pages:  # the stamp is drawn as /Artifact marked content: no booklet page has one
            assert b"/Artifact" not in b"".join(c.read_bytes() for c in _contents(page))
    for html in (sheets / "html").glob("booklet-*.html"):
        assert "data-box" not in html.read_text(encoding="utf-8")
    assert len(list((sheets / "html").glob("booklet-*.html"))) == 3


def _contents(page) -> list:
    contents = page.obj.get("/Contents")
    if contents is None:
        return []
    return list(contents) if isinstance(contents, pikepdf.Array) else [contents]


@pytest.mark.slow
def test_answer_sheet_boxes_follow_the_readers_rules(sheets):
    for layout in layouts(sheets).values():
        for box in layout.boxes:
            assert box.rect.width >= 4 * PT_PER_MM - 0.01 and box.rect.height >= 4 * PT_PER_MM - 0.01, box
            assert box.rect.y >= 23 * PT_PER_MM
        for a in layout.boxes:
            for b in layout.boxes:
                if a is not b:
                    gap = max(b.rect.x - a.rect.right, a.rect.x - b.rect.right, b.rect.y - a.rect.bottom,
                              a.rect.y - b.rect.bottom)
                    assert gap >= 1 * PT_PER_MM, (a.id, b.id, gap)


@pytest.mark.slow
def test_filled_answer_sheets_scan_and_grade_and_a_booklet_page_is_reported_not_read(sheets, tmp_path):
    from quizgen.scan.images import rasterise
    from quizgen.scan.run import run_scan
    from quizgen.scan.synthetic import images_to_pdf

    manifest = manifest_of(sheets)
    filled = fill_in(printed_pages(sheets, 200), manifest, np.random.default_rng(7), "copier (all mild)", 200)
    booklet = next(iter(rasterise((sheets / "question-booklets.pdf").read_bytes(), 200)))
    scans = tmp_path / "copier.pdf"
    scans.write_bytes(images_to_pdf([image for *_, image in filled] + [booklet], 200))
    run = run_scan(sheets, [scans], out=tmp_path / "responses.csv", workers=1)
    assert as_truth(read_table(run.responses)) == truth(filled)
    assert run.decoded.pages_read == 3
    (issue,) = run.decoded.issues
    assert issue.kind == "page_failed" and issue.where.endswith("page 4") and "corner markers" in issue.problem
    graded = CliRunner().invoke(cli, ["grade", str(sheets), str(run.responses), "--questions", str(MINI),
                                      "--no-copies"])
    assert graded.exit_code == 0, graded.output
    assert (sheets / "results" / "grades.csv").exists()


@pytest.mark.slow
def test_roster_names_with_control_characters_are_printed_clean(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text('Nom;Classe\n"Ali\tBen\x07 Salah";2nde\x1b3\nZoé <b>Dupont</b>;2nde 3\n', encoding="utf-8")
    folder = build(tmp_path / "out", "--roster", str(roster), "--seed", "5", "--answer-sheet")
    manifest = manifest_of(folder)
    names = [sheet["student"]["name"] for sheet in manifest["variants"]]
    assert names == ["Ali Ben Salah", "Zoé <b>Dupont</b>"]
    texts = [" ".join((page.extract_text() or "").replace("\u00a0", " ").replace("\u202f", " ").split())
             for page in PdfReader(folder / "answer-sheets.pdf").pages]
    assert "prénom : Ali Ben Salah" in texts[0] and "prénom : Zoé <b>Dupont</b>" in texts[2]  # in the name field
    booklets = " ".join(page.extract_text() or "" for page in PdfReader(folder / "question-booklets.pdf").pages)
    assert "Ali" not in booklets and "Dupont" not in booklets  # booklets are for any student


@pytest.mark.slow
def test_an_english_single_sheet_gets_english_words_and_true_false_boxes(tmp_path):
    folder = build(tmp_path, "--seed", "2", "--answer-sheet", bank=ENGLISH)
    manifest = manifest_of(folder)
    assert sorted(path.name for path in folder.iterdir()) == ["answer-key.pdf", "answer-sheet.pdf", "manifest.json",
                                                              "question-booklet.pdf"]
    assert manifest["files"] == {"answer_sheet": "answer-sheet.pdf", "question_booklet": "question-booklet.pdf",
                                 "answer_key": "answer-key.pdf"}
    pages = layouts(folder)
    assert {identity.class_code for identity in pages} == {manifest["variant_code"]}
    sheet = " ".join((page.extract_text() or "") for page in PdfReader(folder / "answer-sheet.pdf").pages)
    assert "Answer sheet" in sheet and "True" in sheet and "False" in sheet and "Vrai" not in sheet
    booklet = " ".join((page.extract_text() or "") for page in PdfReader(folder / "question-booklet.pdf").pages)
    assert "Question booklet" in booklet and "Answer on the answer sheet" in " ".join(booklet.split())
    tf = next(e for e in manifest["questions"] if e["type"] == "true-false")
    ids = {box.id for layout in pages.values() for box in layout.boxes}
    assert {f"q{tf['number']}.T", f"q{tf['number']}.F", f"q{tf['number']}.score.0"} <= ids


@pytest.mark.slow
def test_a_15_minute_check_answer_sheet_takes_one_a4_page(tmp_path):
    folder = build(tmp_path, "--preset", "controle-15", "--variants", "4", "--seed", "7", "--answer-sheet",
                   bank=BUNDLED)
    pages = layouts(folder)
    assert sorted(identity.student for identity in pages) == [1, 2, 3, 4]  # one recorded page per student
    assert len(PdfReader(folder / "answer-sheets.pdf").pages) == 8  # each padded to a sheet of paper
