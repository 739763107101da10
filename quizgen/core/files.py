"""Reading a file a person gave us: a regular file only, never more than a size cap.

A FIFO, a device (/dev/zero) or a folder would hang or exhaust memory; a huge file is refused
before it is read. Every refusal is one `Problem` a person can act on.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from quizgen.core.problems import InvalidContent, Problem, display_path


def read_user_file(path: Path, limit: int, what: str) -> bytes:
    """The bytes of `path` (a regular file of at most `limit` bytes), or InvalidContent saying why not."""
    shown = display_path(path)
    try:
        with open(path, "rb", opener=_no_blocking) as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise InvalidContent([Problem(shown, 1, f"this is not a regular file; give the path of {what}.")])
            if info.st_size > limit:
                raise InvalidContent([Problem(shown, 1, (
                    f"the file is {info.st_size / 1_048_576:.1f} MB; {what} must be under "
                    f"{limit / 1_048_576:g} MB. Check that this is the right file."))])
            data = handle.read(limit + 1)
    except FileNotFoundError as error:
        raise InvalidContent([Problem(shown, 1, f"file not found; check the path of {what}.")]) from error
    except IsADirectoryError as error:
        raise InvalidContent([Problem(shown, 1, f"this is a folder; give the path of {what}.")]) from error
    except OSError as error:
        raise InvalidContent([Problem(shown, 1, f"cannot read the file ({error.strerror}).")]) from error
    if len(data) > limit:  # it grew while we read it
        raise InvalidContent([Problem(shown, 1, f"the file is over {limit / 1_048_576:g} MB; {what} must be smaller.")])
    return data


def _no_blocking(path: str, flags: int) -> int:
    """Open without blocking on a FIFO that has no writer (O_NONBLOCK only changes FIFOs and devices)."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))
