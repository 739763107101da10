from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from quizgen.bank.workspace import Workspace, load_workspace

if TYPE_CHECKING:
    from quizgen.render.pdf import Renderer

HERE = Path(__file__).parent
MINI = HERE / "data" / "mini"
REPO = HERE.parent
BUNDLED = REPO / "questions"

# A module whose every test is slow says so on one line (`pytestmark = pytest.mark.slow`, or a list
# starting with it).
_WHOLLY_SLOW = re.compile(r"^pytestmark = \[?\s*pytest\.mark\.slow\b", re.MULTILINE)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """In the quick loop (exactly `-m "not slow"`), a module that is slow as a whole is not imported:
    every test in it would be deselected anyway, and its imports (OpenCV, matplotlib, Playwright,
    segno, zxing-cpp) cost about a second of CPU per run. Any other run collects it as usual."""
    if " ".join(str(config.getoption("markexpr", "")).split()) != "not slow":
        return None
    if collection_path.suffix != ".py" or not collection_path.name.startswith("test_"):
        return None
    return bool(_WHOLLY_SLOW.search(collection_path.read_text(encoding="utf-8"))) or None


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


@pytest.fixture(scope="session")
def renderer() -> Renderer:
    """The bundled templates' renderer, for tests that render PDFs in process (all slow). WeasyPrint is
    imported here, not at the top: the quick tests would pay 1-2 s for it in every test worker."""
    from quizgen.render.pdf import Renderer
    from quizgen.sheets.build import BuildRequest, template_set

    templates = template_set(BuildRequest())
    return Renderer(templates.folders, templates.find("style.css"))
