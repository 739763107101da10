"""`quizgen export --format moodle|gift|qti21`: select, map, write, and report what was lost."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from quizgen.bank.workspace import Workspace
from quizgen.core.problems import OutputNotWritable, QuizgenError, UsageProblem
from quizgen.export.from_bank import Policy, export_variant
from quizgen.export.gift import write_gift
from quizgen.export.items import Export, Written
from quizgen.export.moodle import write_moodle
from quizgen.export.qti21 import write_qti21
from quizgen.sheets.build import draw_variant
from quizgen.variants.draw import Options

DEFAULT_SEED = 1  # an export is a file to import again later: the same bank gives the same file

WRITERS: dict[str, Callable[[Export], Written]] = {
    "moodle": write_moodle,
    "gift": write_gift,
    "qti21": write_qti21,
}
TEXT_FORMATS = ("moodle", "gift")


class LossesRefused(QuizgenError):
    """--strict, and the format cannot carry everything the bank says."""


@dataclass(frozen=True)
class ExportRequest:
    format: str
    options: Options = Options()
    seed: int | None = None
    bank: str | None = None
    strict: bool = False
    policy: Policy | None = None


def export_lms(workspace: Workspace, request: ExportRequest) -> Written:
    """The selected questions in one LMS format, with what it could not carry; nothing is written here."""
    if request.format not in WRITERS:
        raise UsageProblem(f"unknown export format '{request.format}'; use {', '.join(WRITERS)} or json.")
    seed = DEFAULT_SEED if request.seed is None else request.seed
    variant = draw_variant(workspace, request.bank, request.options, seed)
    written = WRITERS[request.format](export_variant(variant, request.policy))
    if request.strict and written.losses:
        listed = "; ".join(f"{qid}: {what}" for qid, what in written.losses[:3])
        raise LossesRefused(f"--strict: {request.format} cannot carry everything ({len(written.losses)} loss(es), "
                            f"e.g. {listed}). Nothing was written; leave out --strict to export anyway, "
                            "or choose --format moodle (it carries the most).")
    return written


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
