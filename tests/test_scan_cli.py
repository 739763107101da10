"""`quizgen scan` for people: every mistake is one message and exit status 1, no traceback, nothing half-written."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI
from scan_support import build

from quizgen.cli import cli
from quizgen.core.output import write_files
from quizgen.core.problems import OutputNotWritable


def scan(*args: str):
    return CliRunner().invoke(cli, ["scan", *args])


def test_without_the_scan_extra_it_says_what_to_install(monkeypatch, tmp_path):
    for name in [name for name in sys.modules if name.startswith("quizgen.scan.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "cv2", None)  # what an install without OpenCV gives: ImportError
    result = scan(str(tmp_path), str(tmp_path / "scan.pdf"))
    assert result.exit_code == 1
    assert "pip install 'quizgen[scan]'" in result.output and "cv2" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_scans_are_required():
    result = scan(".")
    assert result.exit_code == 2 and "SCANS" in result.output


def test_write_files_writes_all_or_nothing(tmp_path):
    (tmp_path / "b.html").mkdir()
    with pytest.raises(OutputNotWritable):
        write_files({tmp_path / "a.csv": b"a", tmp_path / "b.html": b"b"})
    assert not (tmp_path / "a.csv").exists() and list(tmp_path.iterdir()) == [tmp_path / "b.html"]
    write_files({tmp_path / "a.csv": b"a", tmp_path / "c.html": b"c"})
    assert (tmp_path / "a.csv").read_bytes() == b"a" and (tmp_path / "c.html").read_bytes() == b"c"
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".quizgen-tmp-")]


@pytest.mark.slow
def test_a_class_set_built_without_scannable_is_refused_with_the_way_out(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(MINI), "--variants", "1", "--seed", "5", "--out", str(tmp_path),
                                      "-q"])
    folder = result.output.strip()
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    result = scan(folder, str(tmp_path / "scan.pdf"))
    assert result.exit_code == 1 and "--scannable" in result.output and "Traceback" not in result.output
    assert not (Path(folder) / "scans").exists()


@pytest.mark.slow
def test_folder_mistakes_and_an_existing_table(tmp_path):
    folder = build(tmp_path / "out", "--seed", "5", "--preset", "court")
    junk = tmp_path / "junk.txt"
    junk.write_text("not a scan")
    result = scan(str(tmp_path / "nowhere"), str(junk))
    assert result.exit_code == 1 and "not a folder" in result.output

    result = scan(str(folder), str(junk), "--out", str(tmp_path / "table.xlsx"))
    assert result.exit_code == 1 and ".csv" in result.output

    result = scan(str(folder), str(junk), "--dpi", "90")
    assert result.exit_code == 1 and "150" in result.output

    # No page of the class read: the review says why, no table is written, exit 1.
    result = scan(str(folder), str(junk), str(tmp_path / "missing.pdf"))
    assert result.exit_code == 1 and "no page of this class set could be read" in result.output
    review = (folder / "scans" / "scan-review.html").read_text(encoding="utf-8")
    assert "junk.txt" in review and "missing.pdf" in review
    assert not (folder / "scans" / "responses.csv").exists()

    table = folder / "scans" / "responses.csv"
    table.write_text("corrected by hand")
    result = scan(str(folder), str(junk))
    assert result.exit_code == 1 and "--force" in result.output and "Traceback" not in result.output
    assert table.read_text() == "corrected by hand"
