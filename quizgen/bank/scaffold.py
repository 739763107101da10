"""`quizgen init`: copy the bundled workspace, never overwriting a file."""

from __future__ import annotations

import shutil
from pathlib import Path

from quizgen.core.defaults import questions_dir, templates_dir
from quizgen.core.problems import OutputNotWritable


def scaffold(directory: Path) -> tuple[list[Path], list[Path]]:
    created: list[Path] = []
    skipped: list[Path] = []
    try:
        for source_root, name in ((questions_dir(), "questions"), (templates_dir(), "templates")):
            for source in sorted(source_root.rglob("*")):
                if not source.is_file() or "__pycache__" in source.parts:
                    continue
                target = directory / name / source.relative_to(source_root)
                if target.exists():
                    skipped.append(target)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
                created.append(target)
        (directory / "output").mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputNotWritable(f"cannot create the workspace in '{directory}' ({error.strerror}).") from error
    return created, skipped
