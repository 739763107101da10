"""`quizgen init`: copy the bundled workspace, never overwriting a file.

The bundled files' first line points editors at `../docs/bank.schema.json` (from questions/) and
`../../docs/bank.schema.json` (from a bank folder), so the workspace gets that file too, generated
from the model (the wheel carries no docs/). With `empty`, only the glossary and the templates are
copied: `quizgen new ARTICLE.txt` then starts the teacher's own bank.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from quizgen.bank.schema import json_schema
from quizgen.core.defaults import questions_dir, templates_dir
from quizgen.core.problems import OutputNotWritable

SCHEMA = Path("docs") / "bank.schema.json"
GLOSSARY = "glossary.yaml"


def scaffold(directory: Path, empty: bool = False) -> tuple[list[Path], list[Path]]:
    created: list[Path] = []
    skipped: list[Path] = []
    try:
        for source_root, name in ((questions_dir(), "questions"), (templates_dir(), "templates")):
            for source in sorted(source_root.rglob("*")):
                if not source.is_file() or "__pycache__" in source.parts:
                    continue
                relative = source.relative_to(source_root)
                if empty and name == "questions" and relative != Path(GLOSSARY):
                    continue  # the demo bank and its article
                target = directory / name / relative
                if target.exists():
                    skipped.append(target)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
                created.append(target)
        schema = directory / SCHEMA
        if schema.exists():
            skipped.append(schema)
        else:
            schema.parent.mkdir(parents=True, exist_ok=True)
            schema.write_text(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            created.append(schema)
        (directory / "output").mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputNotWritable(f"cannot create the workspace in '{directory}' ({error.strerror}).") from error
    return created, skipped
