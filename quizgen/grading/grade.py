"""`quizgen grade CLASS_FOLDER RESPONSES`: from what students answered to marks, a grade file and a report.

    manifest.json (the class set: each sheet's question, choice and row order, letters)
    + the bank (the same content: its hash must match the manifest's)
    + the responses table (responses.py)
    → per sheet and question: the type reads its lines into a Response in bank terms
      (`QuestionType.read_cells`) and scores it with its scoring table (the one rule of
      quizgen.types.scoring, as practice, the self-check page and the exports do)
    → ClassResults (results.py) → grades.csv/.xlsx, report.html/.pdf, marked copies, results.json,
      written together into CLASS_FOLDER/results/ (all or nothing; a new run replaces it).

Every mistake in the table (an unknown code, a student under two codes, a line for a question the
sheet does not have, a letter the question does not print, a missing line…) is one `path:line:`
problem, all reported at once, and nothing is written.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizgen.bank.dump import content_hash
from quizgen.bank.workspace import Bank, Workspace
from quizgen.core.files import read_user_file
from quizgen.core.frozen import FrozenDict, freeze
from quizgen.core.labels import localize
from quizgen.core.output import write_folder
from quizgen.core.problems import InvalidContent, Problem, UsageProblem, display_path
from quizgen.grading.from_bank import category_labels, question_infos, technique_names
from quizgen.grading.responses import ResponseLine, read_responses, template_csv
from quizgen.grading.results import ClassResults, ItemResult, RowResult, SheetResult
from quizgen.types import type_of
from quizgen.types.base import Cell, Response
from quizgen.types.scoring import answered, earned

MANIFEST = "manifest.json"
RESULTS_FOLDER = "results"
TEMPLATE_CSV = "responses-template.csv"
MAX_MANIFEST_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Sheet:
    """One printed sheet of the class set, as its manifest recorded it."""

    number: int
    code: str
    student: str
    group: str
    questions: tuple[dict[str, Any], ...]  # manifest entries: number, id, type, points, orders, letters
    # From a roster with Nom and Prénom columns; None otherwise and in manifests written before they were
    # kept (grades.csv then puts the whole name under Nom).
    family_name: str | None = None
    given_name: str | None = None


@dataclass(frozen=True)
class ClassSet:
    folder: Path | None  # None for a class set made in memory (tests, benchmarks)
    bank_id: str
    bank_hash: str
    language: str | None
    sheets: tuple[Sheet, ...]


@dataclass(frozen=True)
class Graded:
    results: ClassResults
    absent: tuple[Sheet, ...]  # sheets with no line in the table
    responses: Mapping[str, Mapping[int, Response]] = field(default_factory=FrozenDict)  # code → number → response


def class_set_of(manifest: dict[str, Any], folder: Path, shown: str = MANIFEST) -> ClassSet:
    """A manifest's data (a class set's, or one sheet's) as a ClassSet."""
    kind = manifest.get("format") if isinstance(manifest, dict) else None
    if kind == "quizgen-class-set":
        entries = manifest["variants"]
    elif kind == "quizgen-manifest":
        entries = [{"number": 1, "variant_code": manifest["variant_code"], "student": None,
                    "questions": manifest["questions"]}]
    else:
        raise InvalidContent([Problem(shown, 1, "this is not a quizgen manifest; give the folder a build wrote.")])
    sheets = tuple(_sheet_of(entry) for entry in entries)
    language = (manifest.get("options") or {}).get("language")
    return ClassSet(folder, manifest["bank"], manifest["bank_hash"], language, sheets)


def _sheet_of(entry: dict[str, Any]) -> Sheet:
    student = entry.get("student") or {}
    return Sheet(entry["number"], entry["variant_code"], student.get("name", ""), student.get("class", ""),
                 tuple(entry["questions"]), student.get("family_name"), student.get("given_name"))


def read_class_set(folder: Path) -> ClassSet:
    """The manifest of a class set (or of one sheet) as plain data."""
    path = folder / MANIFEST
    shown = display_path(path)
    if not folder.is_dir():
        raise UsageProblem(f"'{folder}' is not a folder; give the class set's folder (output/BANK-classe-CODE).")
    data = read_user_file(path, MAX_MANIFEST_BYTES, "the class set's manifest")
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidContent([Problem(shown, 1, f"the manifest is not valid JSON ({error}); rebuild the class set "
                                      "with the command its manifest recorded.")]) from error
    return class_set_of(manifest, folder, shown)


def bank_of(workspace: Workspace, class_set: ClassSet) -> Bank:
    """The bank the class set was drawn from, as it was: a changed bank would score against other keys."""
    bank = workspace.bank(class_set.bank_id)
    if content_hash(bank) != class_set.bank_hash:
        raise UsageProblem(f"the bank '{bank.id}' changed since this class set was built, so its keys may differ "
                           "from the printed sheets'. Grade with the bank as it was (e.g. git checkout the commit "
                           "of the build), or build and print the class set again.")
    return bank


def write_template(workspace: Workspace, folder: Path, force: bool = False) -> Path:
    """CLASS_FOLDER/responses-template.csv: one line per sheet, question and row, ready to fill."""
    class_set = read_class_set(folder)
    bank_of(workspace, class_set)
    target = folder / TEMPLATE_CSV
    from quizgen.core.output import write_file

    if target.exists() and not force:
        raise UsageProblem(f"'{target}' already exists (it may hold typed answers); use --force to replace it.")
    write_file(target, template_csv([{"variant_code": s.code, "student": {"name": s.student},
                                      "questions": s.questions} for s in class_set.sheets]))
    return target


def grade(workspace: Workspace, folder: Path, responses_path: Path) -> Graded:
    """Score every sheet that has lines in the table; raise InvalidContent with every problem found."""
    class_set = read_class_set(folder)
    bank = bank_of(workspace, class_set)
    return grade_lines(bank, class_set, read_responses(responses_path), display_path(responses_path))


def grade_lines(bank: Bank, class_set: ClassSet, lines: list[ResponseLine], shown: str) -> Graded:
    """Score the lines of a responses table (`shown` names it in messages) against a class set of `bank`."""
    by_code = {sheet.code: sheet for sheet in class_set.sheets}
    problems: list[Problem] = []
    grouped: dict[str, dict[int, list[ResponseLine]]] = defaultdict(lambda: defaultdict(list))
    seen_student: dict[str, tuple[str, int]] = {}
    for line in lines:
        sheet = by_code.get(line.code)
        if sheet is None:
            problems.append(Problem(shown, line.line, f"no sheet with the code '{line.code}' in this class set; check "
                                                      "the code printed at the top right of the sheet."))
            continue
        if line.student and sheet.student and _name(line.student) != _name(sheet.student):
            problems.append(Problem(shown, line.line, f"sheet {line.code} is {sheet.student}'s, not "
                                                      f"{line.student}'s; check the code or the name."))
            continue
        if line.student:
            first = seen_student.setdefault(_name(line.student), (line.code, line.line))
            if first[0] != line.code:
                problems.append(Problem(shown, line.line, f"{line.student} already has sheet {first[0]} "
                                                          f"(line {first[1]}); one sheet per student."))
                continue
        if not 1 <= line.question <= len(sheet.questions):
            problems.append(Problem(shown, line.line, f"sheet {line.code} has questions 1 to {len(sheet.questions)}, "
                                                      f"not {line.question}."))
            continue
        entry = sheet.questions[line.question - 1]
        if line.question_id and line.question_id != entry["id"]:
            problems.append(Problem(shown, line.line, f"question {line.question} of sheet {line.code} is "
                                                      f"'{entry['id']}', not '{line.question_id}'; is the line in the "
                                                      "right place?"))
            continue
        grouped[line.code][line.question].append(line)

    questions = {question.id: question for question in bank.questions}
    sheets: list[SheetResult] = []
    absent: list[Sheet] = []
    responses: dict[str, dict[int, Response]] = {}
    for sheet in class_set.sheets:
        given = grouped.get(sheet.code)
        if not given:
            absent.append(sheet)
            continue
        items = []
        first_line = min(line.line for question_lines in given.values() for line in question_lines)
        for entry in sheet.questions:
            question = questions[entry["id"]]
            cells = [Cell(line.row, line.answer, line.points, line.line) for line in given.get(entry["number"], [])]
            if not cells:
                problems.append(Problem(shown, first_line, (
                    f"sheet {sheet.code} has no line for question {entry['number']} ({entry['id']}); add one "
                    "(an empty answer when the student did not answer).")))
                continue
            kind = type_of(question)
            response, findings = kind.read_cells(entry, question, sorted(cells, key=lambda c: (c.row or 0, c.line)))
            problems += [Problem(shown, int(finding.at[0]) if finding.at else cells[0].line,
                                 f"sheet {sheet.code}, question {entry['number']}: {finding.message}")
                         for finding in findings]
            responses.setdefault(sheet.code, {})[entry["number"]] = response
            items.append(item_of(bank, question, entry, response))
        sheets.append(SheetResult(sheet.number, sheet.code, sheet.student, sheet.group, tuple(items),
                                  family_name=sheet.family_name, given_name=sheet.given_name))
    if problems:
        raise InvalidContent(problems)
    if not sheets:
        raise InvalidContent([Problem(shown, 1, "no line of the table belongs to this class set's sheets.")])
    language = class_set.language or bank.language
    results = ClassResults(
        bank_id=bank.id, bank_title=localize(bank.title, language, bank.language), language=language,
        questions=question_infos(bank, language), technique_names=technique_names(bank, language),
        category_labels=category_labels(bank, language), sheets=tuple(sheets))
    return Graded(results, tuple(absent), freeze(responses))


def score(bank: Bank, question: Any, response: Response) -> tuple[float | None, float]:
    """(points earned or None when nothing was answered, the question's points): the type's table, the one rule."""
    kind = type_of(question)
    table = kind.scoring(question, bank.view, bank.policy(question))
    given = kind.given(question, response)
    return (earned(table, given) if answered(table, given) else None), float(question.points)


def item_of(bank: Bank, question: Any, entry: dict[str, Any], response: Response) -> ItemResult:
    points, maximum = score(bank, question, response)
    return ItemResult(
        question_id=question.id, number=entry["number"], max_points=maximum, earned=points,
        choices_given=tuple(response.choices or ()), truth_given=response.truth,
        rows=tuple(RowResult(original, given) for original, given in response.rows),
        teacher_points=response.points)


def _name(text: str) -> str:
    return " ".join(text.casefold().split())


def write_results(folder: Path, files: dict[str, bytes]) -> Path:
    """CLASS_FOLDER/results/, all files at once; a new grading replaces the previous one."""
    target = folder / RESULTS_FOLDER
    write_folder(target, files, force=True)
    return target
