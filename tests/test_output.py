import os
from pathlib import Path

import pytest

from quizgen.core.output import write_folder
from quizgen.core.problems import OutputExists, OutputNotWritable, RenderFailed


def test_writes_all_files(tmp_path):
    write_folder(tmp_path / "b", {"a.pdf": b"1", "manifest.json": b"{}"})
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["a.pdf", "manifest.json"]


def test_existing_folder_needs_force(tmp_path):
    write_folder(tmp_path / "b", {"a.pdf": b"old"})
    with pytest.raises(OutputExists):
        write_folder(tmp_path / "b", {"a.pdf": b"new"})
    write_folder(tmp_path / "b", {"a.pdf": b"new"}, force=True)
    assert (tmp_path / "b" / "a.pdf").read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["b"]


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_failure_mid_write_leaves_nothing(tmp_path, monkeypatch, error):
    write_folder(tmp_path / "b", {"a.pdf": b"old"})
    calls = {"n": 0}
    real_fsync = os.fsync

    def failing_fsync(fd):
        calls["n"] += 1
        if calls["n"] == 2:
            raise error
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", failing_fsync)
    expected = OutputNotWritable if isinstance(error, OSError) else KeyboardInterrupt
    with pytest.raises(expected):
        write_folder(tmp_path / "b", {"a.pdf": b"new", "manifest.json": b"{}"}, force=True)
    assert [p.name for p in tmp_path.iterdir()] == ["b"]
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["a.pdf"]
    assert (tmp_path / "b" / "a.pdf").read_bytes() == b"old"


def test_unwritable_parent(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputNotWritable, match="cannot write"):
        write_folder(blocker / "b", {"a.pdf": b"1"})


def test_failed_rename_puts_the_old_folder_back(tmp_path, monkeypatch):
    write_folder(tmp_path / "b", {"a.pdf": b"old"})
    real_replace = os.replace

    def failing_replace(source, target):
        if Path(source).name.startswith(".quizgen-tmp-"):
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OutputNotWritable, match="No space left on device"):
        write_folder(tmp_path / "b", {"a.pdf": b"new"}, force=True)
    assert [p.name for p in tmp_path.iterdir()] == ["b"]
    assert (tmp_path / "b" / "a.pdf").read_bytes() == b"old"


@pytest.mark.parametrize("error", [RenderFailed("WeasyPrint could not render the PDF: boom"), KeyboardInterrupt()])
def test_renderer_failure_leaves_the_previous_build(mini_copy, tmp_path, monkeypatch, error):
    """A build that fails while rendering (or is interrupted) leaves the previous build as it was."""
    from click.testing import CliRunner

    from quizgen.cli import cli
    from quizgen.render.pdf import Renderer

    runner = CliRunner()
    calls = {"n": 0}

    def failing_pdf(self, html, page_css, identifier, tagged=True):  # WeasyPrint itself: test_render_pdf.py
        calls["n"] += 1
        if calls["n"] == 4:  # second build: the worksheet is done, the answer key fails
            raise error
        return f"%PDF-stand-in {identifier}".encode()

    monkeypatch.setattr(Renderer, "pdf", failing_pdf)
    # --jobs 1: rendered in this process, where the stand-in renderer is counted
    assert runner.invoke(cli, ["build", "ws", "--out", "out", "--seed", "4", "--jobs", "1"]).exit_code == 0
    before = {p: p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert len(before) == 3

    result = runner.invoke(cli, ["build", "ws", "--out", "out", "--seed", "4", "--force", "--jobs", "1"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    if isinstance(error, RenderFailed):
        assert "Error: WeasyPrint could not render the PDF: boom" in result.stderr
    else:
        assert "Aborted!" in result.output
    after = {p: p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert after == before
    assert calls["n"] == 4
    assert not [p for p in tmp_path.rglob(".quizgen-*")]
