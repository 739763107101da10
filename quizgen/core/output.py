"""Write a build's files all at once or not at all."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from quizgen.core.problems import OutputExists, OutputNotWritable


def write_folder(target: Path, files: dict[str, bytes], force: bool = False) -> None:
    """Create `target` holding exactly `files`, atomically.

    Files are written in a hidden temporary folder beside `target`, then the folder
    is renamed into place: an interrupted build leaves no partial PDF and no
    manifest without its PDFs. An existing `target` is replaced only with `force`.
    """
    if target.exists() and not force:
        raise OutputExists(f"'{target}' already exists; use --force to replace it, or choose another --out.")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".quizgen-tmp-", dir=target.parent))
    except OSError as error:
        raise OutputNotWritable(f"cannot write in '{target.parent}' ({error.strerror}); choose another "
                                "--out folder or check its permissions.") from error
    backup: Path | None = None
    try:
        for name, data in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)  # e.g. keys/ in a class set
            with open(path, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        if target.exists():
            backup = target.with_name(f".quizgen-old-{target.name}-{os.getpid()}")
            os.replace(target, backup)
        os.replace(staging, target)
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if backup is not None and backup.exists() and not target.exists():
            os.replace(backup, target)
        if isinstance(error, OSError):
            raise OutputNotWritable(f"could not write '{target}' ({error.strerror}); nothing was changed.") from error
        raise
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)


def write_file(target: Path, data: bytes) -> None:
    """Write `target` whole or not at all: a temporary file beside it, then renamed over it."""
    if target.is_dir():
        raise OutputNotWritable(f"'{target}' is a folder; give a file name, e.g. --out {target / 'quiz.xml'}.")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".quizgen-tmp-", dir=target.parent)
    except OSError as error:
        raise OutputNotWritable(f"cannot write in '{target.parent}' ({error.strerror}); "
                                "choose another --out.") from error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputNotWritable(f"could not write '{target}' ({error.strerror}); nothing was changed.") from error
        raise


def write_files(files: dict[Path, bytes]) -> None:
    """Write several files together: each to a temporary file beside it, then all renamed into place.

    Nothing is replaced until every file is written, so a full disk or an interruption leaves the old
    files (or none), never one new file beside an old one (quizgen scan's table and its review page).
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            if target.is_dir():
                raise OutputNotWritable(f"'{target}' is a folder; give a file name.")
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=".quizgen-tmp-", dir=target.parent)
            staged.append((Path(name), target))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(name, 0o644)
        for staging, target in staged:
            os.replace(staging, target)
    except BaseException as error:
        for staging, _ in staged:
            staging.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputNotWritable(f"could not write '{staged[-1][1] if staged else next(iter(files))}' "
                                    f"({error.strerror}); nothing was changed.") from error
        raise
