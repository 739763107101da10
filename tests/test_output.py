import os

import pytest

from quizgen.output import write_folder
from quizgen.problems import OutputExists, OutputNotWritable


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
