"""`quizgen init`: copy the bundled workspace, never overwriting a file.

The bundled files' first line points editors at `../docs/bank.schema.json` (from questions/) and
`../../docs/bank.schema.json` (from a bank folder), so the workspace gets that file too, generated
from the model (the wheel carries no docs/). With `empty`, only the glossary and the templates are
copied: `quizgen new ARTICLE.txt` then starts the teacher's own bank.

Each file is written whole or not at all (a temporary file beside it, then renamed into place),
so a full disk leaves no truncated article that a second run would skip as "already there".
Nothing is written through a symbolic link inside the new workspace: a link (even a dangling
one) where a file or folder would go is refused, so `init` cannot write outside its folder.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from quizgen.bank.schema import json_schema
from quizgen.core.defaults import questions_dir, templates_dir
from quizgen.core.output import STAGING
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
                _refuse_links(directory, target)
                if target.exists():
                    skipped.append(target)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                write_whole(target, source.read_bytes())
                created.append(target)
        schema = directory / SCHEMA
        _refuse_links(directory, schema)
        if schema.exists():
            skipped.append(schema)
        else:
            schema.parent.mkdir(parents=True, exist_ok=True)
            write_whole(schema, (json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
            created.append(schema)
        _refuse_links(directory, directory / "output")
        (directory / "output").mkdir(parents=True, exist_ok=True)
    except OSError as error:
        done = f" {len(created)} file(s) were created whole, none half-written; run 'quizgen init' again to add " \
               "the rest." if created else ""
        raise OutputNotWritable(f"cannot create the workspace in '{directory}' ({error.strerror}).{done}") from error
    return created, skipped


def _refuse_links(directory: Path, target: Path) -> None:
    """Refuse a symbolic link at `target` or at any folder between `directory` and it."""
    path = target
    while path != directory and directory in path.parents:
        if path.is_symlink():
            raise OutputNotWritable(f"'{path}' is a symbolic link; quizgen init does not write through links "
                                    f"(it could write outside '{directory}'). Remove the link, or choose "
                                    "another folder.")
        path = path.parent


def write_whole(target: Path, data: bytes) -> None:
    """Write `data` to `target` (which must not exist) whole or not at all."""
    temporary = target.parent / f"{STAGING}{os.getpid()}-{secrets.token_hex(4)}"
    # O_EXCL: never opens an existing file or follows a link planted under the temporary name.
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if os.path.lexists(target):  # appeared meanwhile: never overwrite
            raise FileExistsError(17, os.strerror(17), str(target))
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
