import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from quizgen.cli import cli

MINI = Path(__file__).parent / "data" / "mini"


@pytest.fixture()
def runner():
    return CliRunner()


def _commands(group, path=()):
    """Every command, sub-commands of groups included (sqlite-utils' test runs --help on each)."""
    for name, command in group.commands.items():
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


def test_every_command_has_help_with_an_example(runner):
    assert runner.invoke(cli, ["--help"]).exit_code == 0
    commands = list(_commands(cli))
    assert {"check", "build", "practice", "stats", "presets", "export", "init", "schema"} <= {p[0] for p, _ in commands}
    for path, command in commands:
        result = runner.invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, path
        assert "Example" in result.output, path
        assert command.help


def test_check_clean(runner):
    result = runner.invoke(cli, ["check", str(MINI)])
    assert result.exit_code == 0
    assert "cantine: 7 questions, 3 claims, 10 excerpts found in the article — OK" in result.output


def test_check_reports_all_problems_and_exits_1(runner, mini_copy):
    bank = mini_copy / "bank.yaml"
    text = bank.read_text(encoding="utf-8")
    text = text.replace("difficulty: 1", "difficulty: 9", 1).replace("correct: true", "correct: oui", 1)
    bank.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["check", "ws"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("ws/bank.yaml:")]
    assert len(lines) == 2
    assert any("'difficulty' must be at most 3 (it is 9)" in line for line in lines)
    assert any("'correct' must be true or false, not 'oui'" in line for line in lines)
    assert "2 problem(s) in 1 file(s); nothing was written." in result.output


def test_check_missing_folder(runner, tmp_path):
    result = runner.invoke(cli, ["check", str(tmp_path / "nope")])
    assert result.exit_code == 1 and "no such file or folder" in result.output


@pytest.mark.slow
def test_build_then_refuse_overwrite_then_force(runner, mini_copy):
    args = ["build", "ws", "--out", "out", "--seed", "5"]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "(seed 5)" in first.output and "Rebuild the same sheet with: quizgen build ws --bank cantine --seed 5" \
        in first.output
    folder = next(Path("out").iterdir())
    assert sorted(p.name for p in folder.iterdir()) == ["answer-key.pdf", "manifest.json", "worksheet.pdf"]
    before = (folder / "worksheet.pdf").stat().st_mtime_ns
    second = runner.invoke(cli, args)
    assert second.exit_code == 1 and "already exists; use --force" in second.output
    assert (folder / "worksheet.pdf").stat().st_mtime_ns == before
    third = runner.invoke(cli, [*args, "--force"])
    assert third.exit_code == 0
    assert [p.name for p in Path("out").iterdir()] == [folder.name]  # no temporary leftovers


@pytest.mark.slow
def test_build_without_seed_prints_a_fresh_one(runner, mini_copy):
    result = runner.invoke(cli, ["build", "ws", "--out", "out", "--count", "2"])
    assert result.exit_code == 0
    seed = int(result.output.split("(seed ")[1].split(")")[0])
    manifest = json.loads(next(Path("out").glob("*/manifest.json")).read_text(encoding="utf-8"))
    assert manifest["seed"] == seed and len(manifest["questions"]) == 2


def test_build_unknown_preset(runner, mini_copy):
    result = runner.invoke(cli, ["build", "ws", "--out", "out", "--preset", "cour"])
    assert result.exit_code == 1 and "Did you mean 'court'?" in result.output
    assert not Path("out").exists() or not any(Path("out").iterdir())


def test_stats_json(runner):
    result = runner.invoke(cli, ["stats", str(MINI), "--json"])
    data = json.loads(result.output)
    assert data["questions"] == 7
    assert data["by_type"]["claim-classification"] == 2
    assert data["grounding"] == {"excerpts": 10, "found": 10, "article": data["grounding"]["article"]}


def test_stats_text(runner):
    result = runner.invoke(cli, ["stats", str(MINI)])
    assert result.exit_code == 0 and "Bank cantine: 7 questions" in result.output


def test_export_json(runner):
    data = json.loads(runner.invoke(cli, ["export", str(MINI), "--format", "json"]).output)
    assert data["format"] == "quizgen-bank" and data["version"] == 1
    question = next(q for q in data["questions"] if q["id"] == "q-choice")
    assert question["choices"][0] == {"text": "Le langage chargé", "correct": True, "pinned": False}
    assert question["excerpts"][0]["paragraph"] == 3
    assert data["article"]["author"] is None and len(data["article"]["paragraphs"]) == 6
    assert {t["id"] for t in data["glossary"]} >= {"Loaded_Language"}


def test_init_scaffolds_and_skips_existing(runner, tmp_path):
    target = tmp_path / "cours"
    (target / "templates").mkdir(parents=True)
    (target / "templates" / "style.css").write_text("/* mine */", encoding="utf-8")
    result = runner.invoke(cli, ["init", str(target)])
    assert result.exit_code == 0
    assert "skipped" in result.output and (target / "templates" / "style.css").read_text() == "/* mine */"
    assert (target / "templates" / "worksheet.html").exists()
    assert (target / "questions" / "glossary.yaml").exists() or (target / "questions").is_dir()
    assert (target / "output").is_dir()


@pytest.mark.slow
def test_help_does_not_import_weasyprint():
    code = "import sys; from quizgen.cli import cli; print('weasyprint' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.slow
def test_build_says_when_fewer_questions_match_than_asked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", str(MINI), "--count", "50", "--seed", "1", "--out", "out"])
    assert result.exit_code == 0
    assert "only 7 questions match these options, so the sheet has 7, not 50" in result.output
