"""What grading hands back: Nom/Prénom in grades.csv, the marked copy's content, nothing written on a bad table.

* grades.csv pastes into Pronote as Nom;Prénom;Classe;Note: the roster's family and given names travel
  through the manifest apart (a single name column, or an older manifest, puts the whole name under Nom).
* A marked copy shows the student's own letters and numbering, ✓ / (✓) / ⨯ / –, points, total, mark,
  and the key's explanation only where the student lost points.
* A table with mistakes exits 1 with path:line messages and writes nothing, not even over a previous run.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI

from quizgen.cli import cli
from quizgen.grading.copies import MARKS, copy_html
from quizgen.grading.grade import ClassSet, Sheet, class_set_of, grade_lines, read_class_set
from quizgen.grading.grades import grades_csv, grades_xlsx
from quizgen.grading.responses import ResponseLine
from quizgen.grading.simulate import simulated_class_set
from quizgen.render.templates import TemplateSet
from quizgen.types import LETTERS

ROSTER = "Nom;Prénom;Classe\nO'Brien;Zoé;2nde 3\nLe Gall;Jean-Pierre;2nde 3\nÉtienne-Lefèvre;Anaïs;2nde 3\n"
NAMES = [("O'Brien", "Zoé"), ("Le Gall", "Jean-Pierre"), ("Étienne-Lefèvre", "Anaïs")]


def read_grades(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def blank_lines(sheet: Sheet, first_line: int = 2) -> list[ResponseLine]:
    """Every question of the sheet left blank (open parts given 0 points): a table that grades."""
    lines: list[ResponseLine] = []
    for entry in sheet.questions:
        rows = len(entry.get("row_order") or []) or None
        for row in range(1, rows + 1) if rows else [None]:
            points = 0.0 if entry["type"] == "short-answer" else None
            lines.append(ResponseLine(first_line + len(lines), sheet.code, "", entry["number"], entry["id"], row, "",
                                      points))
    return lines


# --- 1. Nom and Prénom ----------------------------------------------------------------------------------


def manifest_of(class_set: ClassSet, students: list[dict | None]) -> dict:
    """A class-set manifest as build writes it, with these student entries."""
    return {"format": "quizgen-class-set", "version": 1, "bank": class_set.bank_id, "bank_hash": class_set.bank_hash,
            "options": {}, "variants": [
                {"number": sheet.number, "variant_code": sheet.code, "student": student,
                 "questions": list(sheet.questions)}
                for sheet, student in zip(class_set.sheets, students, strict=True)]}


def test_grades_csv_puts_family_and_given_names_in_their_columns(mini, tmp_path):
    bank = mini.banks[0]
    simulated = simulated_class_set(bank, ["q-choice", "q-tf"], students=3, seed=2)
    students = [{"name": f"{given} {family}", "class": "2nde 3", "family_name": family, "given_name": given}
                for family, given in NAMES]
    class_set = class_set_of(manifest_of(simulated, students), tmp_path)
    lines = [line for sheet in class_set.sheets for line in blank_lines(sheet, 2 + 10 * sheet.number)]
    results = grade_lines(bank, class_set, lines, "r.csv").results
    rows = read_grades(grades_csv(results))
    assert rows[0][:4] == ["Nom", "Prénom", "Classe", "Note/20"]
    assert [row[:3] for row in rows[1:]] == [[family, given, "2nde 3"] for family, given in NAMES]
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(grades_xlsx(results))).active
    assert [[cell.value for cell in row][:2] for row in sheet.iter_rows(min_row=2)] == [list(n) for n in NAMES]


def test_an_older_manifest_or_a_single_name_column_puts_the_whole_name_under_nom(mini, tmp_path):
    bank = mini.banks[0]
    simulated = simulated_class_set(bank, ["q-choice", "q-tf"], students=2, seed=2)
    students = [{"name": "Zoé O'Brien", "class": "2nde 3"}, None]  # written before family/given were kept
    class_set = class_set_of(manifest_of(simulated, students), tmp_path)
    lines = [line for sheet in class_set.sheets for line in blank_lines(sheet, 2 + 10 * sheet.number)]
    rows = read_grades(grades_csv(grade_lines(bank, class_set, lines, "r.csv").results))
    assert [row[:3] for row in rows[1:]] == [["Zoé O'Brien", "", "2nde 3"], ["", "", ""]]


@pytest.mark.slow
def test_roster_names_reach_grades_csv_through_build_and_grade(tmp_path, monkeypatch):
    """build --roster (Nom;Prénom;Classe) → grade: Nom and Prénom apart; a later bad table leaves results/ alone."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "classe.csv").write_text(ROSTER, encoding="utf-8")
    runner = CliRunner()
    built = runner.invoke(cli, ["build", str(MINI), "--roster", "classe.csv", "--seed", "5", "--out", "out",
                                "--jobs", "1", "-q"])
    assert built.exit_code == 0, built.output
    folder = Path(built.output.strip())
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert [entry["student"] for entry in manifest["variants"]] == [
        {"name": f"{given} {family}", "class": "2nde 3", "family_name": family, "given_name": given}
        for family, given in NAMES]
    class_set = read_class_set(folder)
    table = tmp_path / "responses.csv"
    table.write_text("code;question;question_id;row;answer;points\n" + "".join(
        f"{line.code};{line.question};{line.question_id};{line.row or ''};;{'0' if line.points is not None else ''}\n"
        for sheet in class_set.sheets for line in blank_lines(sheet)), encoding="utf-8")
    graded = runner.invoke(cli, ["grade", str(folder), str(table), "--questions", str(MINI), "--no-copies"])
    assert graded.exit_code == 0, graded.output
    results = folder / "results"
    rows = read_grades((results / "grades.csv").read_bytes())
    assert [row[:3] for row in rows[1:]] == [[family, given, "2nde 3"] for family, given in NAMES]

    before = _snapshot(results)
    bad = tmp_path / "bad.csv"
    bad.write_text(f"code;question;answer\n{class_set.sheets[0].code};99;A\n", encoding="utf-8")
    failed = runner.invoke(cli, ["grade", str(folder), str(bad), "--questions", str(MINI), "--no-copies"])
    assert failed.exit_code == 1 and "bad.csv:2:" in failed.output
    assert _snapshot(results) == before


# --- 2. The marked copy --------------------------------------------------------------------------------

COPY_IDS = ["q-choice", "q-multi", "q-tf", "q-short", "q-fact"]


def _entry(sheet: Sheet, qid: str) -> dict:
    return next(e for e in sheet.questions if e["id"] == qid)


def _letter(sheet: Sheet, qid: str, original: int) -> str:
    return LETTERS[_entry(sheet, qid)["choice_order"].index(original)]


def _section(page: str, number: int) -> str:
    """The copy's section of the question printed as `number` on the student's sheet."""
    sections = re.findall(r'<section class="question copy-\w+">.*?</section>', page, re.S)
    found = [s for s in sections if re.search(rf'<span class="qnum">{number}</span>', s)]
    assert len(found) == 1, number
    return found[0]


def test_the_marked_copy_shows_the_students_letters_marks_points_and_missed_explanations(mini):
    bank = replace(mini.banks[0], scoring={"multiple-select": "partial"})
    simulated = simulated_class_set(mini.banks[0], COPY_IDS, students=2, seed=2)
    sheet = replace(simulated.sheets[0], student="Zoé O'Brien", family_name="O'Brien", given_name="Zoé")
    number = {e["id"]: e["number"] for e in sheet.questions}
    # The sheet's own numbering and letters differ from the bank's: a copy in bank terms would show other ones.
    assert [number[qid] for qid in COPY_IDS] != list(range(1, 6))
    assert _letter(sheet, "q-choice", 0) != "A" and _letter(sheet, "q-multi", 0) != "A"
    lines = [
        ResponseLine(2, sheet.code, "", number["q-choice"], "q-choice", None, _letter(sheet, "q-choice", 0), None),
        ResponseLine(3, sheet.code, "", number["q-multi"], "q-multi", None, _letter(sheet, "q-multi", 0), None),
        ResponseLine(4, sheet.code, "", number["q-tf"], "q-tf", None, "F", None),  # the key is « vrai »
        ResponseLine(5, sheet.code, "", number["q-short"], "q-short", None, "", 2.0),
        ResponseLine(6, sheet.code, "", number["q-fact"], "q-fact", 1, "", None),
        ResponseLine(7, sheet.code, "", number["q-fact"], "q-fact", 2, "", None),
    ]
    graded = grade_lines(bank, replace(simulated, sheets=(sheet,)), lines, "r.csv")
    page = html.unescape(copy_html(bank, graded, sheet, TemplateSet.with_override(None), 20))

    assert "<h1>Zoé O'Brien</h1>" in page, "the copy shows the name as printed on the sheet"
    # By hand: q-choice 1/1, q-multi partial 2 × (1 − 0)/2 = 1/2, q-tf 0/1, q-short 2/3, q-fact blank 0/2:
    # 4 / 9 → 8.888… /20 → 8,89.
    assert "Total : 4 / 9" in page.replace("\u00a0", " ").replace("\u202f", " ")
    assert "8,89 / 20" in page
    expected = {  # question: (mark, points, the student's answer, an explanation's words or None when right)
        "q-choice": (MARKS["right"], "1 / 1", _letter(sheet, "q-choice", 0), None),
        "q-multi": (MARKS["partial"], "1 / 2", _letter(sheet, "q-multi", 0), "Source anonyme"),
        "q-tf": (MARKS["wrong"], "0 / 1", "Faux", "exact selon le compte rendu"),
        "q-short": (MARKS["partial"], "2 / 3", "2 points", "part des documents d"),
        "q-fact": (MARKS["none"], "0 / 2", "Pas de réponse", "une opinion se discute"),
    }
    for qid, (mark, points, given, explanation) in expected.items():
        section = _section(page, number[qid])
        assert f'<span class="mark">{mark}</span>' in section, qid
        assert f'<span class="points">{points}</span>' in section, qid
        assert re.search(r"Votre réponse\W*<strong>" + re.escape(given) + "</strong>", section), (qid, section)
        if explanation is None:
            assert "copy-explanation" not in section and "jugent au lieu de décrire" not in page, qid
        else:
            assert "copy-explanation" in section and explanation in section, qid
    multi = _section(page, number["q-multi"])
    keys = ", ".join(sorted(_letter(sheet, "q-multi", original) for original in (0, 1)))
    assert f"<strong>{keys}</strong>" in multi, "the key in the sheet's letters"


# --- 3. A table with mistakes writes nothing ---------------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {path.relative_to(folder).as_posix(): (hashlib.sha256(path.read_bytes()).hexdigest(),
                                                   path.stat().st_mtime_ns)
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture
def class_folder(mini, tmp_path):
    """A class folder of the mini bank (its manifest only: grading fails before it would need PDFs)."""
    simulated = simulated_class_set(mini.banks[0], COPY_IDS, students=2, seed=2)
    folder = tmp_path / "cantine-classe-TST"
    folder.mkdir()
    students = [{"name": "Zoé O'Brien", "class": "2nde 3"}, {"name": "Hugo Martin", "class": "2nde 3"}]
    (folder / "manifest.json").write_text(json.dumps(manifest_of(simulated, students)), encoding="utf-8")
    return folder, simulated


def _bad_table(tmp_path: Path, simulated: ClassSet) -> tuple[Path, list[str]]:
    """The first sheet's table, complete but for three mistakes; and the lines where they are."""
    first = simulated.sheets[0]
    rows = [f"{line.code};{line.question};{line.row or ''};{'E' if line.question_id == 'q-choice' else ''};"
            f"{'0' if line.points is not None else ''}" for line in blank_lines(first)]
    wrong_letter = 2 + next(i for i, line in enumerate(blank_lines(first)) if line.question_id == "q-choice")
    rows += ["ZZZ-ZZZ;1;;A;", f"{first.code};9;;A;"]  # no such sheet; no question 9
    table = tmp_path / "reponses.csv"
    table.write_text("code;question;row;answer;points\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return table, sorted([str(wrong_letter), str(len(rows)), str(len(rows) + 1)], key=int)


def test_a_table_with_mistakes_exits_1_with_path_line_messages_and_writes_nothing(class_folder, tmp_path,
                                                                                   monkeypatch):
    folder, simulated = class_folder
    monkeypatch.chdir(tmp_path)
    _, at = _bad_table(tmp_path, simulated)
    result = CliRunner().invoke(cli, ["grade", folder.name, "reponses.csv", "--questions", str(MINI)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    messages = [line for line in result.output.splitlines() if line.startswith("reponses.csv:")]
    assert sorted((m.split(":")[1] for m in messages), key=int) == at, result.output
    assert "'E' is not an answer to this question" in result.output
    assert "nothing was written" in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["manifest.json"], "no results/, no staging folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cantine-classe-TST", "reponses.csv"]


def test_a_failing_run_leaves_the_previous_results_untouched(class_folder, tmp_path, monkeypatch):
    folder, simulated = class_folder
    monkeypatch.chdir(tmp_path)
    previous = folder / "results"
    (previous / "copies").mkdir(parents=True)
    (previous / "grades.csv").write_bytes("\ufeffNom;Prénom;Classe;Note/20\r\nO'Brien;Zoé;2nde 3;15\r\n".encode())
    (previous / "copies" / "01-Zoe-O-Brien.pdf").write_bytes(b"%PDF-1.7 previous copy")
    before = _snapshot(previous)
    _, at = _bad_table(tmp_path, simulated)
    result = CliRunner().invoke(cli, ["grade", folder.name, "reponses.csv", "--questions", str(MINI)])
    assert result.exit_code == 1 and f"reponses.csv:{at[0]}:" in result.output
    assert _snapshot(previous) == before
    assert sorted(p.name for p in folder.iterdir()) == ["manifest.json", "results"]
