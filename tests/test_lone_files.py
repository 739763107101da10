"""Paths outside any workspace (issue 12, row 17): a file given alone is read with the quizgen files
of its own folder only, never with the folder tree around it; a folder given alone is read as a
workspace, but the scan is bounded (hidden and tool folders skipped, a clear stop on a huge tree)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.bank import workspace as workspace_module
from quizgen.cli import cli

MINI = Path(__file__).parent / "data" / "mini"

# YAML files any project folder may hold: none of them is a bank file.
UNRELATED = {
    "ci.yaml": "title: nightly build\nsteps: [lint, test]\n",
    "docker-compose.yml": "services:\n  web:\n    image: nginx\n",
    "sub/ci.yaml": "title: release\n",
    "sub/deeper/broken.yaml": "key: [unclosed\n",
    "sub/deeper/bank-like.yaml": "kind: bank\nid: 12\n",  # would be an error if it were read
}


def run(*args: str) -> object:
    return CliRunner().invoke(cli, ["check", *args])


@pytest.fixture()
def loose(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The mini bank in a project folder that is no workspace, among unrelated YAML files."""
    folder = tmp_path / "project"
    shutil.copytree(MINI, folder)
    for name, text in UNRELATED.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def test_a_bank_file_alone_is_read_with_its_folders_quizgen_files_only(loose: Path) -> None:
    result = run(str(loose / "bank.yaml"))
    assert result.exit_code == 0, result.output
    assert "cantine: 7 questions" in result.output
    for name in UNRELATED:  # not read, not even noted
        assert Path(name).name not in result.output, name


def test_a_sibling_questions_file_of_a_lone_bank_file_is_read(loose: Path) -> None:
    (loose / "extra.yaml").write_text("kind: questions\nbank: cantine\nclaims:\n  - id: K1\n"
                                      "    excerpt: \"tous les parents sont contre\"\n    verdict: unverifiable\n"
                                      "    explanation: \"Aucun sondage.\"\n", encoding="utf-8")
    result = run(str(loose / "bank.yaml"))
    assert result.exit_code == 1
    assert "extra.yaml:4: claim id 'K1' is already used" in result.output


def test_a_lone_non_bank_file_says_there_is_no_bank_in_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for text in ("todo: relire\n", "title: nightly build\n"):
        (tmp_path / "alone").mkdir(exist_ok=True)
        (tmp_path / "alone" / "x.yaml").write_text(text, encoding="utf-8")
        result = run("alone/x.yaml")
        assert result.exit_code == 1, text
        assert "no bank in alone/x.yaml: it is not a bank file (it has no 'kind:' line)" in result.output, text
        assert "no YAML files found" not in result.output and "Traceback" not in result.output


def test_a_lone_bank_file_whose_article_is_above_its_folder_is_told_to_give_the_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As `quizgen new` lays a bank out outside a workspace: NAME/bank.yaml, ../articles, ../glossary.yaml."""
    shutil.copytree(MINI, tmp_path / "project")
    bank = tmp_path / "project" / "cantine" / "bank.yaml"
    bank.parent.mkdir()
    text = (tmp_path / "project" / "bank.yaml").read_text(encoding="utf-8")
    bank.write_text(text.replace("article: articles/ecole.yaml", "article: ../articles/ecole.yaml"), encoding="utf-8")
    (tmp_path / "project" / "bank.yaml").unlink()
    monkeypatch.chdir(tmp_path)
    result = run("project/cantine/bank.yaml")
    assert result.exit_code == 1
    assert result.output.count("project/cantine/bank.yaml:") == 1, result.output  # one message, no cascade
    assert "is in no workspace" in result.output and "quizgen check project" in result.output
    assert run("project").exit_code == 0  # the folder that holds both is the workspace


def test_a_folder_given_alone_ignores_unrelated_files_and_skips_tool_folders(loose: Path) -> None:
    for name in UNRELATED:
        if name.startswith("sub/deeper"):
            (loose / name).unlink()
    for tool in ("node_modules/pkg", ".venv/lib", "__pycache__"):
        (loose / tool).mkdir(parents=True)
        (loose / tool / "broken.yaml").write_text("kind: bank\nid: [\n", encoding="utf-8")
    result = run(str(loose))
    assert result.exit_code == 0, result.output
    assert "cantine: 7 questions" in result.output
    # `title:` alone is not the bank format: the CI file is ignored with a note, not an error.
    assert "ci.yaml:1: note: ignored" in result.output and "docker-compose.yml:1: note: ignored" in result.output
    assert "broken.yaml" not in result.output


def test_a_huge_folder_tree_stops_with_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workspace_module, "MAX_YAML_FILES", 5)
    monkeypatch.chdir(tmp_path)
    for number in range(8):
        (tmp_path / "tree" / f"d{number}").mkdir(parents=True)
        (tmp_path / "tree" / f"d{number}" / "x.yaml").write_text("a: 1\n", encoding="utf-8")
    result = run("tree")
    assert result.exit_code == 1
    assert "tree:1: more than 5 YAML files below this folder" in result.output
    assert result.output.count("\n") == 2  # the message and the count: nothing read, no cascade
