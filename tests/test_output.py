import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from quizgen.core import output
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


@pytest.mark.parametrize("atomic_swap", [True, False])
def test_failed_rename_puts_the_old_folder_back(tmp_path, monkeypatch, atomic_swap):
    write_folder(tmp_path / "b", {"a.pdf": b"old"})
    if atomic_swap:
        def failing_exchange(first, second):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(output, "exchange", failing_exchange)
    else:
        monkeypatch.setattr(output, "exchange", lambda first, second: False)  # a system without renameat2
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


@pytest.mark.slow
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


# --- Issue 12, row 9: --force killed half-way -------------------------------------------------

_KILLED_WRITE = """
import os, sys
from pathlib import Path
from quizgen.core import output

target, mode = Path(sys.argv[1]), sys.argv[2]
if mode == "between-the-two-renames":  # a system without an atomic swap
    output.exchange = lambda first, second: False
    real_replace = os.replace

    def replace(source, destination):
        real_replace(source, destination)
        if Path(destination).name.startswith(".quizgen-old-"):
            os._exit(9)  # as if killed with SIGKILL: no cleanup runs

    os.replace = replace
else:  # after the swap, before the old build is deleted
    output.shutil.rmtree = lambda *args, **kwargs: os._exit(9)
output.write_folder(target, {"a.pdf": b"new"}, force=True)
"""


def _killed_force_write(target: Path, mode: str) -> None:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parent.parent))
    done = subprocess.run([sys.executable, "-c", _KILLED_WRITE, str(target), mode], env=env, timeout=60)
    assert done.returncode == 9


@pytest.mark.slow
def test_force_killed_between_the_two_renames_is_restored_by_the_next_run(tmp_path):
    target = tmp_path / "b"
    write_folder(target, {"a.pdf": b"old"})
    _killed_force_write(target, "between-the-two-renames")
    backup, staging = sorted(tmp_path.iterdir())  # no build at the target: what the probe saw
    assert backup.name.startswith(".quizgen-old-") and backup.name.endswith("-b")
    assert staging.name.startswith(".quizgen-tmp-")

    notes = output.recover(tmp_path)
    assert notes == [f"restored '{target}', which an interrupted --force build had moved aside.",
                     f"removed '{staging}', left behind by an interrupted build."]
    assert [p.name for p in tmp_path.iterdir()] == ["b"]
    assert (target / "a.pdf").read_bytes() == b"old"
    assert output.recover(tmp_path) == []


@pytest.mark.slow
def test_force_killed_after_the_atomic_swap_keeps_the_new_build(tmp_path):
    target = tmp_path / "b"
    write_folder(target, {"a.pdf": b"old"})
    _killed_force_write(target, "after-the-swap")
    assert (target / "a.pdf").read_bytes() == b"new", "the target was never missing: the swap is atomic"
    stale = [p for p in tmp_path.iterdir() if p.name != "b"]
    assert len(stale) == 1 and stale[0].name.startswith(".quizgen-tmp-")
    assert output.recover(tmp_path) == [f"removed '{stale[0]}', left behind by an interrupted build."]
    assert [p.name for p in tmp_path.iterdir()] == ["b"]


def test_leftovers_of_a_running_build_are_not_touched(tmp_path):
    mine = tmp_path / f".quizgen-tmp-{os.getpid()}-abcd"
    mine.mkdir()
    (tmp_path / ".quizgen-tmp-notapid").mkdir()  # not ours: left alone
    assert output.recover(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, ".quizgen-tmp-notapid"])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_the_swap_is_renameat2_on_linux(tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "x").write_text("1")
    (tmp_path / "two").mkdir()
    assert output.exchange(tmp_path / "one", tmp_path / "two") is True
    assert (tmp_path / "two" / "x").read_text() == "1" and not (tmp_path / "one" / "x").exists()


@pytest.mark.slow
def test_cli_build_after_a_killed_force_says_what_it_restored(mini_copy, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from quizgen.cli import cli
    from quizgen.render.pdf import Renderer

    monkeypatch.setattr(Renderer, "pdf", lambda self, html, css, identifier, tagged=True: f"%PDF-{identifier}".encode())
    runner = CliRunner()
    first = runner.invoke(cli, ["build", "ws", "--out", "out", "--seed", "4", "--jobs", "1", "--quiet"])
    folder = Path(first.output.strip())
    _killed_force_write(folder, "between-the-two-renames")
    assert not folder.exists()
    again = runner.invoke(cli, ["build", "ws", "--out", "out", "--seed", "4", "--jobs", "1", "--force"])
    assert again.exit_code == 0, again.output
    assert f"Note: restored '{folder}', which an interrupted --force build had moved aside." in again.stderr
    assert "left behind by an interrupted build" in again.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [folder.name]


# --- Issue 12, row 10: permissions follow the umask -------------------------------------------------


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
@pytest.mark.parametrize("umask, folder_mode, file_mode", [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640),
                                                           (0o002, 0o775, 0o664)])
def test_folders_and_files_follow_the_umask(tmp_path, umask, folder_mode, file_mode):
    previous = os.umask(umask)
    try:
        write_folder(tmp_path / "b", {"a.pdf": b"1", "keys/01.pdf": b"2"})
        write_folder(tmp_path / "c", {"a.pdf": b"1"})
        write_folder(tmp_path / "c", {"a.pdf": b"3"}, force=True)
        output.write_file(tmp_path / "quiz.xml", b"<quiz/>")
    finally:
        os.umask(previous)
    for folder in (tmp_path / "b", tmp_path / "b" / "keys", tmp_path / "c"):
        assert stat.S_IMODE(folder.stat().st_mode) == folder_mode, folder
    for file in (tmp_path / "b" / "a.pdf", tmp_path / "b" / "keys" / "01.pdf", tmp_path / "c" / "a.pdf",
                 tmp_path / "quiz.xml"):
        assert stat.S_IMODE(file.stat().st_mode) == file_mode, file


# --- Issue 12, row 8: output problems are found before rendering ------------------------------------


@pytest.mark.parametrize("out, expected", [
    ("x" * 300, "Error: the --out path has a name of 300 characters ('" + "x" * 40 + "…'); file systems allow 255."),
    ("a-file/sheets", "Error: cannot write in 'a-file/sheets' (Not a directory: 'a-file' is a file); choose "
                      "another --out folder."),
])
def test_output_path_problems_are_found_before_rendering(mini_copy, tmp_path, monkeypatch, out, expected):
    from click.testing import CliRunner

    from quizgen.cli import cli
    from quizgen.render.pdf import Renderer

    rendered: list[str] = []
    monkeypatch.setattr(Renderer, "pdf", lambda self, html, css, identifier, *_: rendered.append(identifier) or b"%PDF")
    (tmp_path / "a-file").write_text("not a folder")
    for extra in ([], ["--variants", "3"], ["--format", "html"]):
        result = CliRunner().invoke(cli, ["build", "ws", "--out", out, "--seed", "1", "--jobs", "1", *extra])
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        assert expected in result.stderr, result.stderr
    assert rendered == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "ws"]


def test_an_existing_build_is_found_before_rendering(mini_copy, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from quizgen.cli import cli
    from quizgen.render.pdf import Renderer

    rendered: list[str] = []
    monkeypatch.setattr(Renderer, "pdf", lambda self, html, css, identifier, *_: rendered.append(identifier) or b"%PDF")
    runner = CliRunner()
    assert runner.invoke(cli, ["build", "ws", "--out", "out", "--seed", "1", "--jobs", "1"]).exit_code == 0
    assert len(rendered) == 2
    again = runner.invoke(cli, ["build", "ws", "--out", "out", "--seed", "1", "--jobs", "1"])
    assert again.exit_code == 1 and "already exists; use --force" in again.stderr
    assert len(rendered) == 2, "nothing was rendered for a build that could not be written"


def test_export_out_with_a_300_character_name(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from quizgen.cli import cli

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["export", str(Path(__file__).parent / "data" / "mini"), "--format", "gift",
                                      "--out", "y" * 300])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "the --out path has a name of 300 characters" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_files_written_together_follow_the_umask_too(tmp_path):
    previous = os.umask(0o027)  # with 022 a hard-coded chmod 0644 would pass too
    try:
        output.write_files({tmp_path / "a.csv": b"1", tmp_path / "b.html": b"2"})
    finally:
        os.umask(previous)
    assert [stat.S_IMODE((tmp_path / name).stat().st_mode) for name in ("a.csv", "b.html")] == [0o640, 0o640]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.html"]
