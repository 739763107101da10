"""`quizgen export --format moodle|gift|qti21`: select, map, write, and report what was lost."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from quizgen.bank.workspace import Workspace
from quizgen.core.problems import QuizgenError, UsageProblem
from quizgen.export.from_bank import Policy, export_variant
from quizgen.export.gift import write_gift
from quizgen.export.items import Export, Written
from quizgen.export.moodle import write_moodle
from quizgen.export.qti21 import write_qti21
from quizgen.variants.draw import Options, draw_variant

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
