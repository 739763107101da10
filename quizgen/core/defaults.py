"""Where the bundled templates and banks are: in the wheel, or at the top of a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # quizgen/


def _bundled(name: str) -> Path:
    installed = _PACKAGE / "_defaults" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name  # editable install / source checkout


def templates_dir() -> Path:
    return _bundled("templates")


def questions_dir() -> Path:
    return _bundled("questions")
