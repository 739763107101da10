"""Grading a class folder end to end: score, then write every output into CLASS_FOLDER/results/."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from quizgen.bank.workspace import Workspace
from quizgen.grading.copies import copies
from quizgen.grading.grade import Graded, bank_of, grade, read_class_set, write_results
from quizgen.grading.grades import grades_csv, grades_xlsx
from quizgen.grading.report import report_files
from quizgen.grading.results import to_json
from quizgen.render.templates import TemplateSet

RESULTS_JSON = "results.json"


@dataclass(frozen=True)
class GradeRun:
    folder: Path  # CLASS_FOLDER/results
    files: tuple[str, ...]
    graded: Graded


def run_grading(workspace: Workspace, folder: Path, responses: Path, scale: int = 20,
                templates: TemplateSet | None = None, with_copies: bool = True, workers: int | None = None,
                progress: Callable[[int], None] | None = None) -> GradeRun:
    """Score the class's answers and write grades, report, marked copies and results.json (all or nothing)."""
    graded = grade(workspace, folder, responses)
    class_set = read_class_set(folder)
    bank = bank_of(workspace, class_set)
    templates = templates or TemplateSet.with_override(None)
    files: dict[str, bytes] = {
        "grades.csv": grades_csv(graded.results, scale),
        "grades.xlsx": grades_xlsx(graded.results, scale),
        RESULTS_JSON: to_json(graded.results).encode("utf-8"),
        **report_files(graded.results, scale, templates),
    }
    if with_copies:
        files.update(copies(bank, graded, list(class_set.sheets), templates, scale, workers, progress))
    target = write_results(folder, files)
    return GradeRun(target, tuple(sorted(files)), graded)
