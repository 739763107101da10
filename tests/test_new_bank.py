"""`quizgen new` (a bank for any article), `init --empty`, banks side by side, paragraphs by blank lines."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from quizgen.bank.article import paragraph_spans, split_paragraphs
from quizgen.bank.new import NewRequest, guess_language, guess_layout, new_bank
from quizgen.bank.workspace import load_workspace
from quizgen.cli import cli
from quizgen.core.problems import OutputExists, UsageProblem
from quizgen.study.practice import session_data
from quizgen.variants.draw import Options

HERE = Path(__file__).parent
ARTICLE = HERE / "data" / "new" / "harbour-bridge.txt"
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def _new(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(cli, ["new", str(ARTICLE), *args])
    assert result.exit_code == 0, result.output
    return result.output


def _schema_targets(folder: Path) -> dict[Path, Path]:
    """Every YAML file's schema line, resolved from the file's folder."""
    found = {}
    for file in folder.rglob("*.yaml"):
        first = file.read_text(encoding="utf-8").split("\n", 1)[0]
        match = SCHEMA_LINE.match(first)
        assert match, f"{file}: no schema line"
        found[file] = (file.parent / match.group(1)).resolve()
    return found


# ---------------------------------------------------------------------------------- paragraphs


def test_blank_line_paragraphs_join_their_wrapped_lines_and_keep_offsets():
    text = "Title\n\nFirst line\nwrapped  here.\r\n\n\n  Second.\n"
    assert split_paragraphs(text) == ["Title", "First line", "wrapped  here.", "Second."]
    assert split_paragraphs(text, "blank-lines") == ["Title", "First line wrapped  here.", "Second."]
    for (start, end), paragraph in zip(paragraph_spans(text, "blank-lines"), split_paragraphs(text, "blank-lines"),
                                       strict=True):
        assert len(text[start:end]) == len(paragraph)  # an offset into the text is one into its paragraph
        assert text[start:end].replace("\n", " ") == paragraph


def test_guesses():
    assert guess_layout(ARTICLE.read_text(encoding="utf-8")) == "blank-lines"
    assert guess_layout("Title\n\nOne paragraph.\nAnother paragraph.\n") == "lines"  # blank after title only
    assert guess_language(ARTICLE.read_text(encoding="utf-8")) == "en"
    assert guess_language("Le conseil a voté la hausse des prix dans les cantines et les écoles.") == "fr"


def test_an_article_with_blank_line_paragraphs_is_numbered_by_paragraph(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _new(CliRunner())
    bank = load_workspace([Path(".")]).bank("harbour-bridge")
    assert len(bank.article.paragraphs) == 5  # not 12 lines
    assert bank.article.paragraphs[1].startswith("The town council") and "build a new footbridge" in \
        bank.article.paragraphs[1]
    assert (tmp_path / "articles" / "harbour-bridge.txt").read_bytes() == ARTICLE.read_bytes()  # kept as given


# ---------------------------------------------------------------------------------- quizgen new


def test_new_without_a_workspace_writes_a_bank_that_checks_without_warnings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    output = _new(runner, "--lang", "en")
    assert "Bank 'harbour-bridge' (en): the article has 5 paragraphs, separated by blank lines." in output
    assert "quizgen check . && quizgen build . --bank harbour-bridge" in output
    names = {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()}
    assert names == {"articles/harbour-bridge.txt", "articles/harbour-bridge.yaml", "harbour-bridge/bank.yaml",
                     "harbour-bridge/questions.yaml", "glossary.yaml", "bank.schema.json"}
    result = runner.invoke(cli, ["check", "."])
    assert result.exit_code == 0, result.output
    assert "harbour-bridge: 6 questions, 1 claims" in result.output
    assert "warning" not in result.output  # the examples follow the item-writing rules too
    assert set(_schema_targets(tmp_path).values()) == {(tmp_path / "bank.schema.json").resolve()}
    bank = load_workspace([Path(".")]).bank("harbour-bridge")
    assert sorted(q.type for q in bank.questions) == sorted(
        ["single-choice", "multiple-select", "true-false", "matching", "short-answer", "claim-classification"])
    assert all(q.excerpts or q.type in ("matching", "claim-classification") for q in bank.questions)
    questions = (tmp_path / "harbour-bridge" / "questions.yaml").read_text(encoding="utf-8")
    assert "NO KEY WAS CHECKED" in questions and questions.count("  # ") >= 6  # one comment per type at least


def test_new_in_french_checks_too(tmp_path):
    made = new_bank(NewRequest(ARTICLE, tmp_path, id="pont", language="fr", layout="lines"))
    assert made.language == "fr" and made.layout == "lines" and made.paragraphs == 13  # one per non-empty line
    workspace = load_workspace([tmp_path])
    assert workspace.bank("pont").language == "fr"
    text = (tmp_path / "pont" / "questions.yaml").read_text(encoding="utf-8")
    assert "Quel procédé l’auteur utilise-t-il dans cet extrait ?" in text
    assert "Étiquetage" in text  # technique names from the glossary, in the bank's language


def test_new_never_overwrites_and_writes_nothing_when_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    _new(runner)
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    result = runner.invoke(cli, ["new", str(ARTICLE)])
    assert result.exit_code == 1 and "already exist" in result.output and "--id" in result.output
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()} == before
    # Another article file, but the bank id taken by an existing bank: refused as well.
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "mine").mkdir()
    shutil.copy(tmp_path / "harbour-bridge" / "bank.yaml", other / "mine" / "bank.yaml")
    with pytest.raises(OutputExists, match="already has a bank with id 'harbour-bridge'"):
        new_bank(NewRequest(ARTICLE, other))


def test_new_refuses_a_bad_id_and_a_too_short_article(tmp_path):
    with pytest.raises(UsageProblem, match="not a valid id"):
        new_bank(NewRequest(ARTICLE, tmp_path, id="../escape"))
    short = tmp_path / "short.txt"
    short.write_text("Hello.\n", encoding="utf-8")
    with pytest.raises(UsageProblem, match="too short"):
        new_bank(NewRequest(short, tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_a_very_short_article_still_gives_a_valid_bank(tmp_path):
    tiny = tmp_path / "tiny.txt"
    tiny.write_text("Vote now\n", encoding="utf-8")
    made = new_bank(NewRequest(tiny, tmp_path / "ws", language="en"))
    assert load_workspace([tmp_path / "ws"]).bank(made.id).questions


def test_init_empty_then_new_into_the_workspace(tmp_path, monkeypatch):
    runner = CliRunner()
    result = runner.invoke(cli, ["init", "--empty", str(tmp_path / "course")])
    assert result.exit_code == 0, result.output
    assert "quizgen new ARTICLE.txt" in result.output
    assert not (tmp_path / "course" / "questions" / "anchorage-2025").exists()
    assert (tmp_path / "course" / "questions" / "glossary.yaml").exists()
    monkeypatch.chdir(tmp_path / "course")
    output = _new(runner)
    assert "questions/harbour-bridge/bank.yaml" in output
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 0, result.output
    # The files point at the schema init wrote (docs/), which the glossary points at too: one schema.
    assert set(_schema_targets(Path("questions")).values()) == {(tmp_path / "course" / "docs" /
                                                                 "bank.schema.json").resolve()}
    assert not (tmp_path / "course" / "questions" / "bank.schema.json").exists()


def test_init_writes_the_schema_the_bundled_files_point_to(tmp_path):
    assert CliRunner().invoke(cli, ["init", str(tmp_path / "c")]).exit_code == 0
    targets = _schema_targets(tmp_path / "c" / "questions")
    assert targets and all(target.is_file() for target in targets.values())


@pytest.mark.slow
def test_the_demo_bank_and_a_teachers_bank_coexist_even_with_the_same_question_ids(tmp_path, monkeypatch):
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(tmp_path / "course")]).exit_code == 0
    monkeypatch.chdir(tmp_path / "course")
    _new(runner)
    # A question id of the demo bank reused in the teacher's bank: ids are unique per bank only.
    questions = Path("questions/harbour-bridge/questions.yaml")
    questions.write_text(questions.read_text(encoding="utf-8").replace("example-single-choice", "tech-hegemon-label"),
                         encoding="utf-8")
    workspace = load_workspace([Path("questions")])
    assert [bank.id for bank in workspace.banks] == ["anchorage-2025", "harbour-bridge"]
    assert all("tech-hegemon-label" in {q.id for q in bank.questions} for bank in workspace.banks)
    result = runner.invoke(cli, ["build", "--bank", "harbour-bridge", "--seed", "1", "--format", "html"])
    assert result.exit_code == 0, result.output
    # Within one bank an id is still unique.
    questions.write_text(questions.read_text(encoding="utf-8").replace("example-true-false", "tech-hegemon-label"),
                         encoding="utf-8")
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 1 and "question id 'tech-hegemon-label' is already used at" in result.output


# ---------------------------------------------------------------------------------- end to end


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


FRENCH_MARKS = ("«", "»", " :", " ;", " ?", " !", "N°", "\u00a0:")


@pytest.mark.slow
def test_a_new_english_bank_builds_prints_a_class_set_a_self_check_page_and_practises(tmp_path, monkeypatch):
    """The issue's 'done when': new on a made-up English article with blank-line paragraphs, then every
    output, in English typography only."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    _new(runner, "--lang", "en", "--id", "bridge")
    assert runner.invoke(cli, ["check", "."]).exit_code == 0

    result = runner.invoke(cli, ["build", ".", "--seed", "5", "--out", "out", "--handout"])
    assert result.exit_code == 0, result.output
    [sheet] = list((tmp_path / "out").iterdir())
    texts = {name: _pdf_text(sheet / name) for name in ("worksheet.pdf", "answer-key.pdf", "article.pdf")}
    assert "Worksheet" in texts["worksheet.pdf"] and "Answer key" in texts["answer-key.pdf"]
    assert "Example to rewrite" in texts["answer-key.pdf"]  # an unedited example shows on the key

    result = runner.invoke(cli, ["build", ".", "--seed", "5", "--variants", "3", "--out", "class"])
    assert result.exit_code == 0, result.output
    [class_set] = list((tmp_path / "class").iterdir())
    assert len(PdfReader(class_set / "worksheets.pdf").outline) == 3
    texts["worksheets.pdf"] = _pdf_text(class_set / "worksheets.pdf")
    texts["marking-grid.pdf"] = _pdf_text(class_set / "marking-grid.pdf")

    result = runner.invoke(cli, ["build", ".", "--seed", "5", "--format", "html", "--out", "html"])
    assert result.exit_code == 0, result.output
    [page] = list((tmp_path / "html").rglob("*.html"))
    html = page.read_text(encoding="utf-8")
    assert 'lang="en"' in html
    # What a student reads: the page's text outside scripts and styles, and every text of its data.
    data = json.loads(re.search(r'<script type="application/json" id="quiz-data">(.*?)</script>', html, re.S)[1])
    texts["self-check data"] = "\n".join(_strings(data))
    texts["self-check page"] = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S)

    for name, text in texts.items():
        for mark in FRENCH_MARKS:
            assert mark not in text, f"{name}: French typography {mark!r}"

    data = session_data(load_workspace([Path(".")]), Options(), 5, None)
    answers = []
    for q in data["questions"]:
        if q["interaction"] == "choice":
            answers.append(" ".join("abcdefghij"[n] for n, c in enumerate(q["choices"]) if c["correct"]))
        elif q["interaction"] == "truth":
            answers += ["t" if q["answer"] else "f"] + (["y"] if q["justification"] else [])
        elif q["interaction"] == "rows":
            keys = [option["key"] for option in q["options"]]
            answers += ["abcdefghij"[keys.index(row["answer"])] for row in q["rows"]]
        else:
            answers += ["I would read the council's minutes."] + ["y"] * len(q["rubric"])
    result = runner.invoke(cli, ["practice", ".", "--seed", "5"], input="\n".join(answers) + "\nn\n")
    assert result.exit_code == 0, result.output
    assert "Practice:" in result.output and "Summary" in result.output and "Score:" in result.output
    for mark in ("«", " :", "N°", "Vrai", "Bilan"):
        assert mark not in result.output.replace("\u00a0", " ")
