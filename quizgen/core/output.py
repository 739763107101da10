"""Write a build's files all at once or not at all.

A build is written in a hidden staging folder beside its target, then moved into place in one
step. `--force` swaps the new folder with the old one atomically where the system can
(`renameat2(RENAME_EXCHANGE)`, Linux); elsewhere the old folder is first moved aside. A run
killed half-way can leave a hidden `.quizgen-tmp-PID-…` or `.quizgen-old-PID-NAME` folder
behind: the next build into the same folder (`recover`) restores a build that was moved aside
and never replaced, removes the rest, and says what it did. Folders and files are created
with the permissions the umask gives (a shared class folder stays readable).
"""

from __future__ import annotations

import ctypes
import errno
import os
import secrets
import shutil
import sys
import time
from pathlib import Path

from quizgen.core.problems import OutputExists, OutputNotWritable

STAGING = ".quizgen-tmp-"
BACKUP = ".quizgen-old-"
#: Longest file name most file systems accept (bytes); a longer --out fails before any rendering.
NAME_MAX = 255
#: Where a process cannot be asked whether it still runs (Windows), a leftover this old is stale.
STALE_AFTER_SECONDS = 3600


def check_target(target: Path, force: bool, what: str = "--out") -> None:
    """Fail now, before anything is rendered, if `target` cannot be written (or exists without `force`)."""
    for part in target.parts:
        if len(os.fsencode(part)) > NAME_MAX:
            raise OutputNotWritable(f"the {what} path has a name of {len(part)} characters ('{part[:40]}…'); "
                                    f"file systems allow {NAME_MAX}. Choose a shorter {what}.")
    try:
        exists = target.exists() or target.is_symlink()
        ancestor = next(parent for parent in target.parents if parent.exists())
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise OutputNotWritable(f"cannot use '{target}' ({reason}); choose another {what}.") from error
    except StopIteration:  # pragma: no cover - the root always exists
        ancestor = Path(target.anchor or ".")
    if exists and not force:
        raise OutputExists(f"'{target}' already exists; use --force to replace it, or choose another {what}.")
    if not ancestor.is_dir():
        raise OutputNotWritable(f"cannot write in '{target.parent}' ({os.strerror(errno.ENOTDIR)}: "
                                f"'{ancestor}' is a file); choose another {what} folder.")
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise OutputNotWritable(f"cannot write in '{target.parent}' ({os.strerror(errno.EACCES)} in "
                                f"'{ancestor}'); choose another {what} folder or check its permissions.")


def write_folder(target: Path, files: dict[str, bytes], force: bool = False) -> None:
    """Create `target` holding exactly `files`, atomically.

    Files are written in a hidden staging folder beside `target`, then the folder is
    moved into place: an interrupted build leaves no partial PDF and no manifest without
    its PDFs. An existing `target` is replaced only with `force`.
    """
    check_target(target, force)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = _new_staging_folder(target.parent)
    except OSError as error:
        raise OutputNotWritable(f"cannot write in '{target.parent}' ({error.strerror}); choose another "
                                "--out folder or check its permissions.") from error
    try:
        for name, data in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)  # e.g. keys/ in a class set
            with open(path, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        _move_into_place(staging, target)
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, OSError):
            raise OutputNotWritable(f"could not write '{target}' ({error.strerror}); nothing was changed.") from error
        raise


def _new_staging_folder(parent: Path) -> Path:
    """A hidden folder named after this process, created with the umask's permissions (mkdtemp's
    are 0700, which hid every build from the rest of a shared folder)."""
    while True:
        staging = parent / f"{STAGING}{os.getpid()}-{secrets.token_hex(4)}"
        try:
            os.mkdir(staging, 0o777)
            return staging
        except FileExistsError:  # pragma: no cover - 32 random bits
            continue


def _move_into_place(staging: Path, target: Path) -> None:
    if not (target.exists() or target.is_symlink()):
        os.replace(staging, target)
        return
    if exchange(staging, target):  # target is the new build in one step; staging now holds the old one
        shutil.rmtree(staging, ignore_errors=True)
        return
    # No atomic swap here: move the old build aside first. Killed between the two renames, the
    # next run finds the backup without its target and restores it (see `recover`).
    backup = target.with_name(f"{BACKUP}{os.getpid()}-{target.name}")
    os.replace(target, backup)
    try:
        os.replace(staging, target)
    except BaseException:
        os.replace(backup, target)
        raise
    shutil.rmtree(backup, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux `renameat2(RENAME_EXCHANGE)`); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28+
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):  # an old kernel, or a file system without it
        return False
    raise OSError(code, os.strerror(code), str(second))


def recover(parent: Path) -> list[str]:
    """Tidy what interrupted builds left in `parent`; one sentence per thing done, for the person.

    A `.quizgen-old-PID-NAME` folder whose NAME is missing is a build moved aside by a
    --force that was killed before the new one arrived: it is put back. Other leftovers
    (staging folders, backups whose target is there) are removed. Leftovers of a process
    that still runs are another build at work and are left alone.
    """
    notes: list[str] = []
    try:
        entries = sorted(parent.iterdir()) if parent.is_dir() else []
    except OSError:
        return notes
    for entry in entries:
        for prefix in (BACKUP, STAGING):
            if not entry.name.startswith(prefix):
                continue
            pid, _, rest = entry.name[len(prefix):].partition("-")
            if not pid.isdigit() or not rest or _still_running(int(pid), entry):
                continue
            target = parent / rest
            try:
                if prefix == BACKUP and not (target.exists() or target.is_symlink()):
                    os.replace(entry, target)
                    notes.append(f"restored '{target}', which an interrupted --force build had moved aside.")
                else:
                    _remove(entry)
                    notes.append(f"removed '{entry}', left behind by an interrupted build.")
            except OSError as error:
                notes.append(f"could not tidy '{entry}', left by an interrupted build ({error.strerror}); "
                             "delete it yourself.")
    return notes


def _still_running(pid: int, entry: Path) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill(pid, 0) would send Ctrl-C there: judge by age instead
        try:
            return time.time() - entry.lstat().st_mtime < STALE_AFTER_SECONDS
        except OSError:
            return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    except OSError:
        return True
    return True


def _remove(entry: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry)
    else:
        entry.unlink()


def write_file(target: Path, data: bytes) -> None:
    """Write `target` whole or not at all: a temporary file beside it, then renamed over it."""
    check_target(target, force=True)
    if target.is_dir():
        raise OutputNotWritable(f"'{target}' is a folder; give a file name, e.g. --out {target / 'quiz.xml'}.")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = _temporary_file(target.parent)
    except OSError as error:
        raise OutputNotWritable(f"cannot write in '{target.parent}' ({error.strerror}); "
                                "choose another --out.") from error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException as error:
        temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputNotWritable(f"could not write '{target}' ({error.strerror}); nothing was changed.") from error
        raise


def _temporary_file(parent: Path) -> tuple[int, Path]:
    """A new hidden file in `parent`, named after this process (so `recover` knows whose it is), with
    0o666 and the umask like any file a program saves (mkstemp's 0600 hid it from the class)."""
    temporary = parent / f"{STAGING}{os.getpid()}-{secrets.token_hex(4)}"
    return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666), temporary


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
            handle, name = _temporary_file(target.parent)
            staged.append((name, target))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
        for staging, target in staged:
            os.replace(staging, target)
    except BaseException as error:
        for staging, _ in staged:
            staging.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputNotWritable(f"could not write '{staged[-1][1] if staged else next(iter(files))}' "
                                    f"({error.strerror}); nothing was changed.") from error
        raise
