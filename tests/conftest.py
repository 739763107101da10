from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quizgen.bank.workspace import Workspace, load_workspace

HERE = Path(__file__).parent
MINI = HERE / "data" / "mini"
REPO = HERE.parent
BUNDLED = REPO / "questions"


@pytest.fixture()
def mini_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the mini workspace at tmp_path/ws, with tmp_path as working folder."""
    target = tmp_path / "ws"
    shutil.copytree(MINI, target)
    monkeypatch.chdir(tmp_path)
    return target


@pytest.fixture(scope="session")
def mini() -> Workspace:
    return load_workspace([MINI])


@pytest.fixture(scope="session")
def bundled() -> Workspace:
    return load_workspace([BUNDLED])
