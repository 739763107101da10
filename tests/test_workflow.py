"""The workflow around the format (issue 13, part B): the workspace found from any sub-folder, complete
rebuild commands, output folders by format, case-insensitive options, the article in the self-check page
and in practice, presets and stats for people."""

from __future__ import annotations

import io
import json
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.bank.workspace import load_workspace
from quizgen.cli import cli
from quizgen.study.practice import Practice, session_data
from quizgen.variants.draw import Options

HERE = Path(__file__).parent
MINI = HERE / "data" / "mini"


@pytest.fixture()
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace as `quizgen init` makes it, holding the mini bank: WS/questions/…, WS/output/."""
    home = tmp_path / "Cours médias"
    (home / "output").mkdir(parents=True)
    shutil.copytree(MINI, home / "questions")
    monkeypatch.chdir(home)
    return home


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


def manifest_of(output: str) -> dict[str, object]:
    """The manifest of the build whose files a command listed."""
    path = next(Path(line.strip()) for line in output.splitlines() if line.strip().endswith("manifest.json"))
    return json.loads(path.read_text(encoding="utf-8"))


# ---- the workspace, from anywhere inside it ----

def test_every_command_finds_the_workspace_from_a_sub_folder(workspace, monkeypatch):
    monkeypatch.chdir(workspace / "output")
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "cantine: 7 questions" in result.output
    assert run("stats").exit_code == 0
    assert run("presets").exit_code == 0
    monkeypatch.chdir(workspace / "questions" / "articles")
    built = run("build", "--format", "html", "--seed", "4", "--count", "2")
    assert built.exit_code == 0, built.output
    # The build lands in the workspace's output/, not in questions/articles/output.
    assert [folder.name.endswith("-self-check") for folder in (workspace / "output").iterdir()] == [True]
    assert not (workspace / "questions" / "articles" / "output").exists()


def test_outside_any_workspace_the_message_says_so_and_mentions_init(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for command in (["check"], ["build", "--seed", "1"], ["stats"], ["practice"], ["presets"]):
        result = run(*command)
        assert result.exit_code == 1, command
        assert "no quizgen workspace here" in result.output and "quizgen init" in result.output, command
        assert "Traceback" not in result.output


def test_a_bank_file_given_alone_is_checked_with_its_workspace(workspace):
    """Its article (../articles), glossary and questions files are found: the root is questions/."""
    (workspace / "questions" / "cantine").mkdir()
    (workspace / "questions" / "bank.yaml").rename(workspace / "questions" / "cantine" / "bank.yaml")
    bank = workspace / "questions" / "cantine" / "bank.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("article: articles/ecole.yaml",
                                                             "article: ../articles/ecole.yaml"), encoding="utf-8")
    result = run("check", str(bank))
    assert result.exit_code == 0, result.output
    assert "cantine: 7 questions" in result.output


def test_a_file_with_no_bank_says_so(workspace):
    result = run("check", str(workspace / "questions" / "glossary.yaml"))
    assert result.exit_code == 1
    assert "no bank in" in result.output and "it is a glossary" in result.output


def test_yaml_files_without_kind_are_ignored_with_a_note(workspace):
    (workspace / "questions" / "notes.yaml").write_text("todo:\n  - relire le §3\n", encoding="utf-8")
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "notes.yaml:1: note: ignored: this YAML file has no 'kind:' line" in result.stderr


def test_a_file_that_forgot_its_kind_is_still_an_error(workspace):
    """With keys of the format (id:, questions:…) it is a bank file missing its kind, not another file."""
    (workspace / "questions" / "extra.yaml").write_text("bank: cantine\nquestions: []\n", encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1 and "the file has no 'kind:' line" in result.output


# ---- the rebuild command holds everything, and rebuilds the same variant ----

def test_the_printed_rebuild_command_rebuilds_the_same_page(workspace, monkeypatch):
    monkeypatch.chdir(workspace / "output")
    first = run("build", "--format", "html", "--count", "3", "--skill", "verify-claim", "--skill", "fact-or-opinion",
                "--difficulty", "1", "--difficulty", "2", "--lang", "en", "--type", "true-false",
                "--type", "claim-classification")
    assert first.exit_code == 0, first.output
    line = next(line for line in first.output.splitlines() if line.startswith("Rebuild the same page with: "))
    command = shlex.split(line.split(": ", 1)[1])
    saved = manifest_of(first.output)
    assert shlex.split(str(saved["rebuild"])) == command
    assert command[:2] == ["quizgen", "build"]
    for option in ("--bank", "--seed", "--count", "--skill", "--difficulty", "--lang", "--type", "--format"):
        assert option in command, option
    again = run(*command[1:], "--out", "again")
    assert again.exit_code == 0, again.output
    assert manifest_of(again.output)["variant_code"] == saved["variant_code"]
    assert manifest_of(again.output)["questions"] == saved["questions"]


def test_the_rebuild_command_of_a_preset_and_a_technique(workspace, monkeypatch):
    """Ids typed in another case are the bank's ids: the same code, and the command spells them right."""
    monkeypatch.chdir(workspace)
    lower = run("build", "--format", "html", "--seed", "2", "--preset", "court", "--technique", "Loaded_Language",
                "--out", "a")
    upper = run("build", "--format", "HTML", "--seed", "2", "--preset", "COURT", "--technique", "loaded_language",
                "--out", "b")
    assert lower.exit_code == 0 and upper.exit_code == 0, upper.output
    assert manifest_of(lower.output)["variant_code"] == manifest_of(upper.output)["variant_code"]
    assert "--preset court --technique Loaded_Language" in manifest_of(upper.output)["rebuild"]


@pytest.mark.slow
def test_single_sheet_and_class_set_manifests_rebuild_the_same_variants(workspace):
    roster = workspace / "classe.csv"
    roster.write_text("Nom;Prénom\nDurand;Léa\nMartin;Noé\n", encoding="utf-8")
    for extra in ([], ["--roster", str(roster)]):
        first = run("build", "--seed", "8", "--count", "3", "--paper", "LETTER", "--skill", "identify-technique",
                    "--skill", "verify-claim", *extra, "--out", "one")
        assert first.exit_code == 0, first.output
        saved = manifest_of(first.output)
        command = shlex.split(str(saved["rebuild"]))
        assert "--paper" in command and ("--roster" in command) == bool(extra)
        again = run(*command[1:], "--out", "two")
        assert again.exit_code == 0, again.output
        rebuilt = manifest_of(again.output)
        if extra:
            assert [v["variant_code"] for v in rebuilt["variants"]] == [v["variant_code"] for v in saved["variants"]]
        else:
            assert rebuilt["variant_code"] == saved["variant_code"]


# ---- output folders by format ----

@pytest.mark.slow
def test_a_pdf_build_and_a_self_check_page_of_the_same_seed_do_not_share_a_folder(workspace, monkeypatch):
    monkeypatch.chdir(workspace)
    pdf = run("build", "--seed", "5", "--count", "2")
    html = run("build", "--seed", "5", "--count", "2", "--format", "html", "--force")
    assert pdf.exit_code == 0 and html.exit_code == 0, html.output
    folders = sorted(folder.name for folder in (workspace / "output").iterdir())
    code = manifest_of(pdf.output)["variant_code"]
    assert folders == [f"cantine-{code}", f"cantine-{code}-self-check"]
    assert (workspace / "output" / f"cantine-{code}" / "worksheet.pdf").exists()


def test_handout_with_the_self_check_page_is_refused(workspace):
    result = run("build", "--format", "html", "--handout", "--seed", "1")
    assert result.exit_code == 1 and "already holds the article" in result.output
    assert not any((workspace / "output").iterdir())


@pytest.mark.parametrize("option", ["--scannable", "--answer-sheet"])
def test_scannable_options_with_the_self_check_page_are_refused(workspace, option):
    result = run("build", "--format", "html", option, "--seed", "1")
    assert result.exit_code == 1, result.output
    assert f"{option} prints boxes that quizgen scan reads back" in result.output
    assert f"Leave out {option}." in result.output and "Traceback" not in result.output
    assert not any((workspace / "output").iterdir())


# ---- options as a person types them ----

@pytest.mark.parametrize("option", [["--paper", "A4"], ["--format", "HTML"], ["--skill", "Verify-Claim"],
                                    ["--type", "True-False"], ["--lang", "FR"]])
def test_options_are_case_insensitive(workspace, option):
    result = run("build", "--format", "html", "--seed", "1", *option, "--out", "x")
    assert result.exit_code == 0, result.output


def test_export_format_is_case_insensitive(workspace):
    assert run("export", "--format", "GIFT").exit_code == 0


def test_init_quotes_the_next_command_for_the_shell(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("init", "Cours médias 2025")
    assert result.exit_code == 0, result.output
    assert "Next: cd 'Cours médias 2025' && quizgen check && quizgen build" in result.output


# ---- the article in the self-check page and in practice; instructions per medium ----

def test_the_self_check_page_holds_the_article_folded_and_its_own_instructions(workspace):
    result = run("build", "--format", "html", "--seed", "1")
    assert result.exit_code == 0, result.output
    page = next((workspace / "output").glob("*/self-check.html")).read_text(encoding="utf-8")
    assert '<details class="article-text"' in page and "<details open" not in page
    assert '<span class="pnum">§6</span>' in page and '<span class="pnum">§7</span>' not in page
    assert "Lisez le texte, puis répondez." not in page  # the worksheet's instructions
    assert "puis appuyez sur" in page  # the page's own (default) instructions


def test_self_check_instructions_from_the_bank(workspace):
    bank = workspace / "questions" / "bank.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace(
        'instructions: "Lisez le texte, puis répondez."',
        'instructions: "Lisez le texte, puis répondez."\nself_check_instructions: "Répondez ici, puis vérifiez."'),
        encoding="utf-8")
    result = run("build", "--format", "html", "--seed", "1")
    assert result.exit_code == 0, result.output
    page = next((workspace / "output").glob("*/self-check.html")).read_text(encoding="utf-8")
    assert "Répondez ici, puis vérifiez." in page and "Lisez le texte, puis répondez." not in page


def test_practice_shows_a_paragraph_on_request():
    data = session_data(load_workspace([MINI]), Options(count=1, types=("single-choice",)), 3, None)
    out = io.StringIO()
    Practice(data, io.StringIO("§2\n§ 99\na\nn\n"), out, width=200).run()
    text = out.getvalue()
    assert "§2 Le conseil municipal a voté le 12 mars 2024" in text
    assert "Il n’y a pas de §99" in text
    # The question is asked again after each paragraph, then answered.
    assert text.count("Votre réponse (une lettre)") == 3


# ---- presets and stats for people ----

def test_presets_are_listed(workspace):
    result = run("presets")
    assert result.exit_code == 0
    assert "court" in result.output and "3 of 7 questions" in result.output
    assert "choix" in result.output and "questions q-choice, q-multi" in result.output


def test_stats_text_prints_no_python_data(workspace):
    result = run("stats")
    assert result.exit_code == 0
    assert "{" not in result.output and "[" not in result.output
    assert "verdicts: accurate 1, inaccurate 1, unverifiable 1" in result.output


# ---- long names on the roster sheet ----

@pytest.mark.parametrize(("name", "group", "long_name", "long_group"), [
    ("Léa Durand", "2nde 3", False, False),
    ("de La Tour d’Auvergne-Lauraguais Saint-Exupéry Marie-Amélie", "2nde 3 européenne", True, True),
])
def test_a_long_name_gets_the_whole_name_line(name, group, long_name, long_group):
    """Looked at as PDF (pdftoppm -r 60) with a 60-character name: on its own full line, wrapping, never
    over the class field. The template marks the fields to widen."""
    from quizgen.render.templates import TemplateSet
    from quizgen.sheets.html import render_html
    from quizgen.sheets.roster import Student
    from quizgen.variants.draw import draw_variant

    variant = draw_variant(load_workspace([MINI]), None, Options(count=1), 1)
    html = render_html(variant, "worksheet", TemplateSet.with_override(None), student=Student(name, group))
    assert ('class="field name long"' in html) is long_name and name in html
    assert ('class="field class long"' in html) is long_group
