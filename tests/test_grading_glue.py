"""Grading a class from its responses table: letters → bank terms → the registry's scoring, problems by line.

Scores are computed by hand below for each type and policy; the same bank answers written in two
variants' letters must give the same marks.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI

from quizgen.cli import cli
from quizgen.core.problems import InvalidContent, UsageProblem
from quizgen.grading.grade import ClassSet, Sheet, grade_lines, read_class_set
from quizgen.grading.responses import ResponseLine, read_responses, template_csv
from quizgen.grading.simulate import simulated_class_set
from quizgen.types import LETTERS

IDS = ["q-choice", "q-multi", "q-tf", "q-match", "q-short", "q-classify", "q-fact"]


def two_sheets(mini) -> tuple[object, ClassSet]:
    bank = mini.banks[0]
    return bank, simulated_class_set(bank, IDS, students=2, seed=3)


def entry(sheet: Sheet, qid: str) -> dict:
    return next(e for e in sheet.questions if e["id"] == qid)


def letters(sheet: Sheet, qid: str, originals: list[int]) -> str:
    order = entry(sheet, qid)["choice_order"]
    return "".join(sorted(LETTERS[order.index(o)] for o in originals))


def row_lines(sheet: Sheet, qid: str, given_by_original: dict[int, str | None]) -> list[tuple[int, str]]:
    e = entry(sheet, qid)
    letter_of = {ident: letter for letter, ident in e["options"].items()}
    return [(number, letter_of[given_by_original[original]] if given_by_original[original] else "")
            for number, original in enumerate(e["row_order"], 1)]


def answers_of(sheet: Sheet) -> list[ResponseLine]:
    """The same answers in bank terms, written with this sheet's letters and numbers."""
    lines: list[ResponseLine] = []

    def add(qid: str, answer: str = "", row: int | None = None, points: float | None = None) -> None:
        lines.append(ResponseLine(len(lines) + 2, sheet.code, "", entry(sheet, qid)["number"], qid, row, answer,
                                  points))

    add("q-choice", letters(sheet, "q-choice", [0]))  # the key (choice 0: « Le langage chargé »)
    add("q-multi", letters(sheet, "q-multi", [0]))  # one of the two correct choices, nothing wrong
    add("q-tf", "F")  # wrong: the answer is true
    for number, letter in row_lines(sheet, "q-match", {0: "False_Dilemma-No_Choice", 1: "Appeal_to_Authority",
                                                       2: "Appeal_to_Popularity"}):
        add("q-match", letter, number)  # rows 0 right, 1 wrong, 2 right through also_accept
    add("q-short", points=1.5)
    for number, letter in row_lines(sheet, "q-classify", {0: "accurate", 1: "accurate", 2: None}):
        add("q-classify", letter, number)  # K1 right, K2 wrong (inaccurate), K3 blank
    for number, letter in row_lines(sheet, "q-fact", {0: "fact", 1: "opinion"}):
        add("q-fact", letter, number)
    return lines


# By hand: q-choice 1; q-multi (2 pts, 2 correct): all-or-nothing 0, partial 2 × (1 − 0)/2 = 1;
# q-tf 0; q-match (2 pts, 3 rows, 2 right): per row 2 × 2/3 = 1.333333, all-or-nothing 0; q-short 1.5;
# q-classify (3 pts, 1 of 3 right): per row 1, all-or-nothing 0; q-fact (2 pts) 2.
EXPECTED = {
    "default": {"q-choice": 1.0, "q-multi": 0.0, "q-tf": 0.0, "q-match": 1.333333, "q-short": 1.5,
                "q-classify": 1.0, "q-fact": 2.0},
    "partial": {"q-choice": 1.0, "q-multi": 1.0, "q-tf": 0.0, "q-match": 0.0, "q-short": 1.5,
                "q-classify": 0.0, "q-fact": 2.0},
}
POLICIES = {"default": {}, "partial": {"multiple-select": "partial", "matching": "all-or-nothing",
                                       "claim-classification": "all-or-nothing"}}


@pytest.mark.parametrize("policy", sorted(POLICIES))
def test_scores_by_hand_for_every_type_and_policy_on_two_variants(mini, policy):
    bank, class_set = two_sheets(mini)
    bank = replace(bank, scoring=POLICIES[policy])
    first, second = class_set.sheets
    assert [e["id"] for e in first.questions] != [e["id"] for e in second.questions]  # different orders
    graded = grade_lines(bank, class_set, answers_of(first) + answers_of(second), "responses.csv")
    for sheet in graded.results.sheets:
        got = {item.question_id: item.earned for item in sheet.items}
        assert got == pytest.approx(EXPECTED[policy]), sheet.variant_code
    assert graded.absent == ()


def test_graded_results_cannot_be_changed_by_the_report_or_the_copies(mini):
    bank, class_set = two_sheets(mini)
    first, second = class_set.sheets
    graded = grade_lines(bank, class_set, answers_of(first) + answers_of(second), "responses.csv")
    by_number = graded.responses[first.code]
    results = graded.results
    changes = [lambda: graded.responses.pop(first.code), lambda: by_number.__setitem__(1, by_number[2]),
               lambda: results.questions.clear(), lambda: results.technique_names.update(x="y"),
               lambda: results.category_labels.popitem()]
    for change in changes:
        with pytest.raises(TypeError, match="frozen"):
            change()


def test_a_blank_question_is_no_answer_not_zero_marks_given(mini):
    bank, class_set = two_sheets(mini)
    sheet = class_set.sheets[0]
    lines = [replace(line, answer="") if line.question_id == "q-choice" else line for line in answers_of(sheet)]
    graded = grade_lines(bank, replace(class_set, sheets=(sheet,)), lines, "r.csv")
    item = graded.results.sheets[0].item("q-choice")
    assert item.earned is None and item.points == 0


def problems_of(bank, class_set, lines) -> list[str]:
    with pytest.raises(InvalidContent) as raised:
        grade_lines(bank, class_set, lines, "r.csv")
    return [str(problem) for problem in raised.value.problems]


def test_each_mistake_in_the_table_is_one_problem_at_its_line(mini):
    bank, class_set = two_sheets(mini)
    first, second = class_set.sheets
    lines = answers_of(first)
    number = {line.question_id: line.question for line in lines}
    bad = [
        ResponseLine(40, "ZZZ-ZZZ", "", 1, "", None, "A", None),  # unknown code
        ResponseLine(41, first.code, "", 9, "", None, "A", None),  # no question 9
        ResponseLine(42, first.code, "", number["q-multi"], "q-choice", None, "A", None),  # shifted line
    ]
    choice = next(line for line in lines if line.question_id == "q-choice")
    short = next(line for line in lines if line.question_id == "q-short")
    lines = [replace(choice, answer="E") if line is choice else
             replace(short, points=4.0) if line is short else line for line in lines]
    found = problems_of(bank, replace(class_set, sheets=(first,)), lines + bad)
    assert any("r.csv:40: no sheet with the code 'ZZZ-ZZZ'" in p for p in found)
    assert any("r.csv:41: sheet" in p and "questions 1 to 7, not 9" in p for p in found)
    assert any("r.csv:42:" in p and "is 'q-multi', not 'q-choice'" in p for p in found)
    assert any(f"r.csv:{choice.line}:" in p and "'E' is not an answer to this question" in p for p in found)
    assert any(f"r.csv:{short.line}:" in p and "4 points is outside 0–3" in p for p in found)
    assert len(found) == 5, found


def test_missing_lines_duplicate_rows_and_students(mini):
    bank, class_set = two_sheets(mini)
    first, second = class_set.sheets
    lines = [line for line in answers_of(first) if line.question_id != "q-tf"]
    match = next(line for line in lines if line.question_id == "q-match")
    lines.append(replace(match, line=60))  # the same row twice
    found = problems_of(bank, class_set, lines)
    assert any("has no line for question" in p and "(q-tf)" in p for p in found)
    assert any("r.csv:60:" in p and "appears twice" in p for p in found)
    nameless = replace(class_set, sheets=tuple(replace(sheet, student="") for sheet in class_set.sheets))
    named = [replace(line, student="Alice Martin") for line in answers_of(first)]
    named += [replace(line, student="alice  martin", line=line.line + 100) for line in answers_of(second)]
    found = problems_of(bank, nameless, named)
    assert any("Alice" in p.lower() or "alice" in p for p in found)
    assert all("already has sheet" in p for p in found) and len(found) == len(answers_of(second))


def test_points_only_where_a_person_marks(mini):
    bank, class_set = two_sheets(mini)
    first = class_set.sheets[0]
    lines = answers_of(first)
    lines = [replace(line, points=1.0) if line.question_id in ("q-choice", "q-tf") else
             replace(line, points=None) if line.question_id == "q-short" else line for line in lines]
    found = problems_of(bank, replace(class_set, sheets=(first,)), lines)
    assert any("points are only for open parts" in p for p in found)
    assert any("gives no points for its justification" in p for p in found)
    assert any("give the points you awarded for this short answer" in p for p in found)


def test_the_template_has_a_line_per_sheet_question_and_row(mini):
    bank, class_set = two_sheets(mini)
    data = template_csv([{"variant_code": s.code, "student": {"name": s.student}, "questions": s.questions}
                         for s in class_set.sheets])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["code", "student", "question", "question_id", "row", "answer", "points"]
    # per sheet: 4 one-line questions + rows 3 (match) + 3 (classify) + 2 (fact) = 12 lines
    assert len(rows) == 1 + 2 * 12
    assert {row[0] for row in rows[1:]} == {s.code for s in class_set.sheets}


def test_csv_as_spreadsheets_write_it_and_json_with_lines(tmp_path):
    windows = tmp_path / "reponses.csv"
    windows.write_bytes("Variante,Élève,N°,Réponse,Points\r\n7FE-FTZ,Zoé,3,a c,\r\n7FE-FTZ,Zoé,4,,1,5\r\n"
                        .replace(",1,5", ',"1,5"').encode("cp1252"))
    lines = read_responses(windows)
    assert [(line.line, line.code, line.student, line.question, line.answer, line.points) for line in lines] == [
        (2, "7FE-FTZ", "Zoé", 3, "a c", None), (3, "7FE-FTZ", "Zoé", 4, "", 1.5)]
    document = {"format": "quizgen-responses", "version": 1, "responses": [
        {"code": "7FE-FTZ", "question": 1, "answer": "B"},
        {"code": "7FE-FTZ", "question": "x", "answer": "B"}]}
    path = tmp_path / "r.json"
    path.write_text(json.dumps(document, indent=2))
    with pytest.raises(InvalidContent) as raised:
        read_responses(path)
    assert [str(p) for p in raised.value.problems] == [
        f"{path}:10: question 'x' is not a question number as printed (1, 2, 3…)."]


def test_a_table_without_code_column_or_from_a_fifo_is_refused(tmp_path):
    bad = tmp_path / "r.csv"
    bad.write_text("nom;réponse\nAlice;A\n", encoding="utf-8")
    with pytest.raises(InvalidContent, match="no 'code' or 'question' column"):
        read_responses(bad)
    import os

    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    with pytest.raises(InvalidContent, match="not a regular file"):
        read_responses(fifo)


@pytest.mark.slow
def test_grade_a_built_class_set_through_the_cli(tmp_path, monkeypatch):
    """build → grade --template → fill every answer right → grade: full marks, every output, copies."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["build", str(MINI), "--seed", "5", "--variants", "2", "--out", "out", "-q"])
    assert result.exit_code == 0, result.output
    folder = Path(result.output.strip())
    result = runner.invoke(cli, ["grade", str(folder), "--template", "--questions", str(MINI)])
    assert result.exit_code == 0, result.output
    template = folder / "responses-template.csv"
    assert runner.invoke(cli, ["grade", str(folder), "--template", "--questions", str(MINI)]).exit_code == 1
    class_set = read_class_set(folder)
    rows = list(csv.reader(io.StringIO(template.read_text(encoding="utf-8-sig")), delimiter=";"))
    filled = [rows[0]]
    for code, student, number, qid, row, _, _ in rows[1:]:
        e = next(s for s in class_set.sheets if s.code == code).questions[int(number) - 1]
        correct = e["correct"]
        if isinstance(correct, list):
            answer, points = "".join(correct), ""
        elif isinstance(correct, bool):
            answer, points = ("V" if correct else "F"), ""
        elif isinstance(correct, dict):
            value = correct[row]
            answer = value if value in e["options"] else {v: k for k, v in e["options"].items()}[value]
            points = ""
        else:
            answer, points = "", "3"
        filled.append([code, student, number, qid, row, answer, points])
    responses = tmp_path / "responses.csv"
    with responses.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(filled)
    result = runner.invoke(cli, ["grade", str(folder), str(responses), "--questions", str(MINI)])
    assert result.exit_code == 0, result.output
    out = folder / "results"
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert names == ["copies/01-" + class_set.sheets[0].code + ".pdf", "copies/02-" + class_set.sheets[1].code + ".pdf",
                     "grades.csv", "grades.xlsx", "report.html", "report.pdf", "results.json"]
    grades = list(csv.reader(io.StringIO((out / "grades.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    assert [row[3] for row in grades[1:]] == ["20", "20"]
    assert "Graded 2 sheet(s): mean 20.0/20" in result.output


def test_a_changed_bank_is_refused(mini_copy, tmp_path):
    from quizgen.bank.workspace import load_workspace
    from quizgen.grading.grade import bank_of

    workspace = load_workspace([mini_copy])
    bank, class_set = two_sheets(workspace)
    bank_of(workspace, class_set)  # the same bank: fine
    bank_yaml = mini_copy / "bank.yaml"
    bank_yaml.write_text(bank_yaml.read_text(encoding="utf-8").replace("Lisez le texte, puis répondez.",
                                                                        "Lisez le texte."), encoding="utf-8")
    with pytest.raises(UsageProblem, match="changed since this class set was built"):
        bank_of(load_workspace([mini_copy]), class_set)
