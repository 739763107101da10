"""Issue 12, rows 13 and 14: `quizgen init` on a full disk, then again; `init` into a folder holding
a symbolic link (dangling, or to a folder outside).

The full disk is the kernel's own: the command runs with a file-size limit (RLIMIT_FSIZE), so
every write past 8 KB fails with EFBIG exactly where a full disk fails with ENOSPC.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO

from quizgen.cli import cli
from quizgen.core.defaults import questions_dir, templates_dir

POSIX_ONLY = pytest.mark.skipif(os.name == "nt", reason="resource limits and symbolic links as on POSIX")


def bundled_files() -> dict[str, bytes]:
    return {f"{name}/{path.relative_to(root)}": path.read_bytes()
            for root, name in ((questions_dir(), "questions"), (templates_dir(), "templates"))
            for path in root.rglob("*") if path.is_file() and "__pycache__" not in path.parts}


def init_with_a_full_disk(target: Path, limit: int) -> subprocess.CompletedProcess[str]:
    import resource

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # Python ignores SIGXFSZ: writes fail

    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "quizgen", "init", str(target)], env=env, capture_output=True,
                          text=True, timeout=60, preexec_fn=small_disk)


@pytest.mark.slow
@POSIX_ONLY
def test_init_on_a_full_disk_leaves_no_partial_file_and_a_rerun_completes(tmp_path: Path) -> None:
    target = tmp_path / "cours"
    failed = init_with_a_full_disk(target, 8 * 1024)
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert f"Error: cannot create the workspace in '{target}' (File too large)." in failed.stderr
    expected = bundled_files()
    written = {str(p.relative_to(target)): p.read_bytes() for p in target.rglob("*") if p.is_file()
               and p.relative_to(target).parts[0] in ("questions", "templates")}
    assert written, "the small files were created"
    for name, data in written.items():
        assert data == expected[name], f"{name} is partial"
    assert not list(target.rglob(".quizgen-tmp-*"))

    again = CliRunner().invoke(cli, ["init", str(target)])
    assert again.exit_code == 0, again.output
    assert {str(p.relative_to(target)): p.read_bytes() for p in target.rglob("*") if p.is_file()
            and p.relative_to(target).parts[0] in ("questions", "templates")} == expected
    checked = CliRunner().invoke(cli, ["check", str(target / "questions")])
    assert checked.exit_code == 0, checked.output


@POSIX_ONLY
@pytest.mark.parametrize("link, points_to", [
    ("questions/articles/anchorage-2025.txt", "outside/planted.txt"),  # dangling: would create the file
    ("templates", "outside"),  # a folder elsewhere
    ("output", "outside/out"),
])
def test_init_never_writes_through_a_link(tmp_path: Path, link: str, points_to: str) -> None:
    target = tmp_path / "cours"
    (tmp_path / "outside").mkdir()
    (target / link).parent.mkdir(parents=True, exist_ok=True)
    (target / link).symlink_to(tmp_path / points_to)
    result = CliRunner().invoke(cli, ["init", str(target)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (f"Error: '{target / link}' is a symbolic link; quizgen init does not write through links (it could "
            f"write outside '{target}'). Remove the link, or choose another folder.") in result.stderr
    assert list((tmp_path / "outside").iterdir()) == []
