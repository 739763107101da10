"""Reading a file a person named (a bank, an article, a class list, later responses and scans).

One way in for every user file, so that none of them can hang quizgen or fill its memory:
only regular files are read (a named pipe would block forever, `/dev/zero` never ends, a
socket or a folder is a mistake), and the size is checked before reading, then again while
reading (the file may grow meanwhile). The file is opened without blocking and checked on
the open descriptor, so it cannot be swapped for a pipe between the check and the read.
Callers turn a refusal into `path:line: message` with the words of their own file kind, or
give `what` (the file's role, "the responses table") to get an `InvalidContent` worded for it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from quizgen.core.problems import InvalidContent, Problem, display_path

MEGABYTE = 1024 * 1024

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


class FileRefused(Exception):
    """Why a file cannot be read, for a person; `str()` is the message (the caller adds path:line).
    `reason`: missing, folder, special (a pipe, a device…), unreadable or too-large."""

    def __init__(self, message: str, reason: str = "unreadable"):
        super().__init__(message)
        self.reason = reason


class FileTooLarge(FileRefused):
    """The file is over the limit; `size` is None when it grew past the limit while being read."""

    def __init__(self, size: int | None, limit: int):
        self.size = size
        self.limit = limit
        shown = f"{size / MEGABYTE:.1f} MB" if size is not None else f"over {size_text(limit)}"
        super().__init__(f"the file is {shown}; quizgen reads files up to {size_text(limit)}. "
                         "Check that this is the right file.", "too-large")


def size_text(limit: int) -> str:
    """1 MB, 5 MB, 128 KB: a limit as a person reads it."""
    if limit >= MEGABYTE:
        return f"{limit / MEGABYTE:g} MB"
    return f"{limit / 1024:g} KB"


def kind_of(mode: int) -> str | None:
    """What a non-regular file is ('a named pipe (FIFO)'…), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_user_file(path: Path, limit: int, what: str | None = None) -> bytes:
    """The bytes of `path`, a regular file of at most `limit` bytes; otherwise `FileRefused`, or,
    when `what` names the file's role, `InvalidContent` with one problem at `path:1`."""
    if what is None:
        return _read(path, limit)
    try:
        return _read(path, limit)
    except FileRefused as error:
        raise InvalidContent([Problem(display_path(path), 1, _worded(error, what))]) from error


def _worded(error: FileRefused, what: str) -> str:
    if isinstance(error, FileTooLarge):
        if error.size is None:
            return f"the file is over {error.limit / MEGABYTE:g} MB; {what} must be smaller."
        return (f"the file is {error.size / MEGABYTE:.1f} MB; {what} must be under {error.limit / MEGABYTE:g} MB. "
                "Check that this is the right file.")
    return {
        "missing": f"file not found; check the path of {what}.",
        "folder": f"this is a folder; give the path of {what}.",
        "special": f"{error} It should be {what}.",
    }.get(error.reason, str(error))


def _read(path: Path, limit: int) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError as error:
        raise FileRefused("file not found; check the path.", "missing") from error
    except IsADirectoryError as error:
        raise FileRefused("this is a folder, not a file; check the path.", "folder") from error
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the name
        reason = getattr(error, "strerror", None) or str(error)
        raise FileRefused(f"cannot read the file ({reason}).") from error
    try:
        info = os.fstat(descriptor)
        kind = kind_of(info.st_mode)
        if kind == "a folder":
            raise FileRefused("this is a folder, not a file; check the path.", "folder")
        if kind is not None:
            raise FileRefused(f"this is {kind}, not a regular file; give the path of a file saved on disk.",
                              "special")
        if info.st_size > limit:
            raise FileTooLarge(info.st_size, limit)
        return _read_at_most(descriptor, limit)
    except FileRefused:
        raise
    except OSError as error:
        raise FileRefused(f"cannot read the file ({error.strerror}).") from error
    finally:
        os.close(descriptor)


def _read_at_most(descriptor: int, limit: int) -> bytes:
    """Read to the end, refusing as soon as more than `limit` bytes came (the file grew)."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = os.read(descriptor, min(MEGABYTE, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise FileTooLarge(None, limit)
