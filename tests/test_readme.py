"""The README's commands, as written: CI runs the test command, and the main command works with the
Python of a stock Debian/Ubuntu, which refuses a bare `pip install` (PEP 668)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
DEBIAN_PYTHON = Path("/usr/bin/python3")


def readme_command(title: str) -> str:
    """The one-line shell command of the README's `**title**` paragraph."""
    found = re.search(rf"\*\*{re.escape(title)}\*\*.*?```sh\n(.+?)\n```", README, re.S)
    assert found, title
    (command,) = found.group(1).splitlines()
    return command


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_command("Run the whole test suite") in ci.splitlines()


def test_the_readme_commands_never_pip_install_into_the_system_python() -> None:
    for title in ("Run the main job", "Run the whole test suite"):
        command = readme_command(title)
        assert "python3 -m venv .venv" in command and "python3 -m pip" not in command, title


def _externally_managed() -> bool:
    return DEBIAN_PYTHON.exists() and any(Path("/usr/lib").glob("python3*/EXTERNALLY-MANAGED"))


@pytest.mark.slow
@pytest.mark.skipif(not _externally_managed(), reason="no externally managed /usr/bin/python3 (Debian/Ubuntu) here")
def test_the_readme_main_command_works_with_debians_own_python(tmp_path: Path) -> None:
    copy = tmp_path / "quizgen"
    shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "__pycache__", ".*_cache", ".hypothesis", ".benchmarks", "output"))
    # Debian's python3 first on PATH; the machine's pip settings (index, wheel folder) are kept.
    env = {key: value for key, value in os.environ.items() if key.startswith("PIP_")}
    env |= {"HOME": os.environ.get("HOME", str(tmp_path)), "PATH": "/usr/bin:/bin:/usr/sbin:/sbin", "LANG": "C.UTF-8"}
    which = subprocess.run(["bash", "-c", "command -v python3"], env=env, capture_output=True, text=True)
    assert which.stdout.strip() == str(DEBIAN_PYTHON)

    bare = subprocess.run(["bash", "-c", "python3 -m pip install ."], cwd=copy, env=env, capture_output=True,
                          text=True, timeout=300)
    assert bare.returncode != 0, "a bare pip install should be refused by an externally managed Python"
    assert "externally-managed-environment" in bare.stderr or "No module named pip" in bare.stderr

    command = readme_command("Run the main job")
    run = subprocess.run(["bash", "-c", command], cwd=copy, env=env, capture_output=True, text=True, timeout=1200)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    assert "home = /usr/bin" in (copy / ".venv" / "pyvenv.cfg").read_text(encoding="utf-8")
    (folder,) = (copy / "output").glob("anchorage-2025-*")
    assert sorted(path.name for path in folder.iterdir()) == ["answer-key.pdf", "manifest.json", "worksheet.pdf"]
    assert "Rebuild the same sheet with: quizgen build --bank anchorage-2025" in run.stdout
