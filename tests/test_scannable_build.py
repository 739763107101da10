"""`quizgen build --scannable`: box positions from WeasyPrint's layout, a stamp on every printed page, the layouts in
the manifest; normal builds untouched; templates that cannot be read back refused before anything is written."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from click.testing import CliRunner
from conftest import MINI, REPO
from scan_support import as_truth, build, fill_in, manifest_of, printed_pages, read_table, truth

from quizgen.cli import cli
from quizgen.render.marks.identity import parse_payload
from quizgen.render.marks.layout import PT_PER_MM, PageLayout
from quizgen.scan.run import run_scan
from quizgen.scan.synthetic import images_to_pdf

pytestmark = pytest.mark.slow
ENGLISH = REPO / "tests" / "data" / "english"


def layouts(folder: Path) -> dict:
    pages = manifest_of(folder)["scan"]["pages"]
    return {parse_payload(text): PageLayout.from_json(data) for text, data in pages.items()}


def test_a_normal_build_carries_no_scanning_marks(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(MINI), "--variants", "2", "--seed", "5", "--out", str(tmp_path),
                                      "-q", "--emit-html"])
    folder = Path(result.output.strip())
    manifest = manifest_of(folder)
    assert "scan" not in manifest and "scannable" not in manifest["print"]
    html = "".join(path.read_text(encoding="utf-8") for path in (folder / "html").glob("*.html"))
    assert "data-box" not in html and "scannable" not in html and "answer-cell" in html


def test_every_printed_page_is_stamped_and_recorded(tmp_path):
    folder = build(tmp_path, "--variants", "3", "--seed", "5", "--preset", "court")
    manifest = manifest_of(folder)
    pages = layouts(folder)
    assert {identity.class_code for identity in pages} == {manifest["class_code"]}
    with pikepdf.open(folder / "worksheets.pdf") as pdf:
        for sheet in manifest["variants"]:
            own = sorted(page.page for page in pages if page.student == sheet["number"]
                         and page.variant == sheet["variant_code"])
            first, last = sheet["pages"]
            assert own == list(range(1, len(own) + 1))
            for index in range(first + len(own) - 1, last):  # the duplex padding page: left blank, unstamped
                contents = pdf.pages[index].get("/Contents")
                assert contents is None or contents.read_bytes() == b""
            assert len(own) == 1 and last == first + 1  # "court": one page per sheet, so one padding page
    entries = {e["number"]: e for e in manifest["variants"][0]["questions"]}
    boxes = [box for identity, layout in pages.items() if identity.student == 1 for box in layout.boxes]
    assert {int(box.id.split(".")[0][1:]) for box in boxes} == set(entries)


def test_boxes_follow_the_readers_rules(tmp_path):
    """4 mm or more, 1 mm or more apart, below the QR code's 23 mm: what the reader's thresholds were measured on."""
    folder = build(tmp_path, "--variants", "2", "--seed", "5")
    for layout in layouts(folder).values():
        assert layout.boxes
        for box in layout.boxes:
            assert box.rect.width >= 4 * PT_PER_MM - 0.01 and box.rect.height >= 4 * PT_PER_MM - 0.01, box
            assert box.rect.y >= 23 * PT_PER_MM
        for a in layout.boxes:
            for b in layout.boxes:
                if a is b:
                    continue
                gap = max(b.rect.x - a.rect.right, a.rect.x - b.rect.right, b.rect.y - a.rect.bottom,
                          a.rect.y - b.rect.bottom)
                assert gap >= 1 * PT_PER_MM, (a.id, b.id, gap)


def test_large_print_boxes_are_larger_and_english_true_false_boxes_say_t_and_f(tmp_path):
    folder = build(tmp_path, "--seed", "2", "--large-print", bank=ENGLISH)
    boxes = [box for layout in layouts(folder).values() for box in layout.boxes]
    assert min(box.rect.width for box in boxes) >= 5 * PT_PER_MM - 0.01
    tf = next(e for e in manifest_of(folder)["questions"] if e["type"] == "true-false")
    assert {box.id for box in boxes if box.id.startswith(f"q{tf['number']}.")} >= {
        f"q{tf['number']}.T", f"q{tf['number']}.F", f"q{tf['number']}.score.0", f"q{tf['number']}.score.1"}


def test_a_single_sheet_is_its_own_set_and_scans_back(tmp_path):
    """One sheet (English bank: a true/false justification worth points gets its score row)."""
    folder = build(tmp_path / "out", "--seed", "2", bank=ENGLISH)
    manifest = manifest_of(folder)
    assert {identity.class_code for identity in layouts(folder)} == {manifest["variant_code"]}
    filled = fill_in(printed_pages(folder, 200), manifest, np.random.default_rng(4), "clean", 200)
    scans = tmp_path / "scan.pdf"
    scans.write_bytes(images_to_pdf([image for *_, image in filled], 200))
    run = run_scan(folder, [scans], workers=1)
    assert run.decoded.issues == ()
    assert as_truth(read_table(run.responses)) == truth(filled)
    tf = next(e for e in manifest["questions"] if e["type"] == "true-false")
    line = next(line.response for line in run.decoded.lines if line.response.question == tf["number"])
    assert line.answer in ("", "T", "F") and line.points in (0.0, 1.0)
    graded = CliRunner().invoke(cli, ["grade", str(folder), str(run.responses), "--questions", str(ENGLISH),
                                      "--no-copies"])
    assert graded.exit_code == 0, graded.output


def test_old_templates_without_answer_boxes_are_refused_before_anything_is_written(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    partial = templates / "questions" / "matching.html"
    partial.write_text(partial.read_text(encoding="utf-8").replace("m.data_box(", "(").replace(
        '{% if scannable %}\n{# Scannable', '{% if false %}\n{# Scannable'), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(MINI), "--variants", "2", "--seed", "5", "--scannable",
                                      "--out", str(out), "--templates", str(templates)])
    assert result.exit_code == 1
    assert "matching" in result.output and "has no answer boxes" in result.output and "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())


def test_a_box_in_the_qr_codes_place_is_refused(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(REPO / "templates", templates)
    style = templates / "style.css"
    style.write_text(style.read_text(encoding="utf-8") + "\n.scannable .choices .box { position: absolute; top: -10mm;"
                     " right: 0; }\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(MINI), "--seed", "5", "--scannable", "--out",
                                      str(tmp_path / "out"), "--templates", str(templates), "--type", "single-choice"])
    assert result.exit_code == 1 and "QR code" in result.output and "Traceback" not in result.output


def test_the_render_pool_brings_boxes_back_without_weasyprint_in_the_parent(tmp_path):
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from quizgen.render.pool import RenderJob, RenderPool
        html = "<html><body><p>x <span data-box='q1.A' style='display:inline-block;width:20px;height:20px'></span>"
        folder = Path({str(REPO / "templates")!r})
        with RenderPool((folder,), folder / "style.css", workers=2) as pool:
            results = pool.render_all([RenderJob(html, "", "a", boxes=True), RenderJob(html, "", "b")])
        boxed, plain = results
        assert [b.box_id for b in boxed.boxes] == ["q1.A"] and boxed.boxes[0].width == 15.0, boxed.boxes
        assert isinstance(plain, bytes) and plain.startswith(b"%PDF")
        print("weasyprint" in sys.modules)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_the_help_says_whether_class_sets_are_scannable_by_default():
    result = CliRunner().invoke(cli, ["build", "--help"])
    assert "--scannable" in result.output and "Not the default" in result.output


def test_scannable_sheets_record_their_print_option(tmp_path):
    folder = build(tmp_path, "--variants", "1", "--seed", "5")
    manifest = manifest_of(folder)
    assert manifest["print"]["scannable"] is True and manifest["scan"]["language"] == "fr"
    with pikepdf.open(io.BytesIO((folder / "worksheets.pdf").read_bytes())) as pdf:
        assert len(pdf.pages) == 2
    assert json.dumps(manifest["scan"]["pages"]).count('"kind": "score"') == 4  # q-short: 0 to 3 points


def test_keys_and_grids_of_a_scannable_set_are_those_of_the_normal_set(tmp_path):
    """Only the worksheets change: the answer key and the marking grid are byte for byte the same."""
    scannable = build(tmp_path / "a", "--variants", "2", "--seed", "5")
    result = CliRunner().invoke(cli, ["build", str(MINI), "--variants", "2", "--seed", "5", "--out",
                                      str(tmp_path / "b"), "-q"])
    normal = Path(result.output.strip())
    for name in ("answer-key.pdf", "marking-grid.pdf"):
        assert (scannable / name).read_bytes() == (normal / name).read_bytes(), name
    assert (scannable / "worksheets.pdf").read_bytes() != (normal / "worksheets.pdf").read_bytes()
