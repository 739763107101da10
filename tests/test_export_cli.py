"""quizgen export --format moodle|gift|qti21: files written whole, reports on stderr, errors as people read them."""

from __future__ import annotations

import json
from pathlib import Path

import moodle_rules
from click.testing import CliRunner

from quizgen.bank.new import NewRequest, new_bank
from quizgen.cli import cli

MINI = Path(__file__).parent / "data" / "mini"


def test_moodle_to_a_file_with_the_loss_report_on_stderr(tmp_path: Path) -> None:
    out = tmp_path / "quiz.xml"
    result = CliRunner().invoke(cli, ["export", str(MINI), "--format", "moodle", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert moodle_rules.check(out.read_bytes()) == []
    assert "q-multi: not carried: all-or-nothing" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["quiz.xml"]  # no temporary file left


def test_gift_to_stdout_and_a_preset(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", str(MINI), "--format", "gift", "--preset", "choix"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("// q-") == 2 and "$CATEGORY: $course$/quizgen/cantine" in result.stdout


def test_strict_writes_nothing_and_exits_1(tmp_path: Path) -> None:
    out = tmp_path / "quiz.gift.txt"
    result = CliRunner().invoke(cli, ["export", str(MINI), "--format", "gift", "--strict", "--out", str(out)])
    assert result.exit_code == 1 and result.stderr.startswith("Error: --strict: gift cannot carry everything")
    assert "Traceback" not in result.output and not out.exists()


def test_qti_needs_a_file_and_is_the_same_twice(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", str(MINI), "--format", "qti21"])
    assert result.exit_code == 1 and "--out" in result.stderr
    outputs = []
    for name in ("a.zip", "b.zip"):
        result = CliRunner().invoke(cli, ["export", str(MINI), "--format", "qti21", "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.stderr
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]


def test_json_refuses_selection_options() -> None:
    result = CliRunner().invoke(cli, ["export", str(MINI), "--format", "json", "--count", "2"])
    assert result.exit_code == 1 and "whole bank" in result.stderr


def test_unknown_preset_is_an_error_not_a_traceback() -> None:
    result = CliRunner().invoke(cli, ["export", str(MINI), "--format", "moodle", "--preset", "nope"])
    assert result.exit_code == 1 and result.stderr.startswith("Error: no preset 'nope'")


# ------------------------------------------------------------ --bank in a workspace of two banks (issue 13)


def _two_banks(folder: Path) -> Path:
    """Two banks made by `quizgen new` from one article, with the same question ids (allowed across banks)."""
    article = Path(__file__).parent / "data" / "new" / "harbour-bridge.txt"
    new_bank(NewRequest(article, folder, id="pont", language="fr", layout="lines"))
    new_bank(NewRequest(article, folder, id="bridge", language="en"))
    return folder


def test_json_takes_bank_and_exports_only_that_bank(tmp_path: Path) -> None:
    folder = _two_banks(tmp_path)
    result = CliRunner().invoke(cli, ["export", str(folder), "--format", "json", "--bank", "bridge"])
    assert result.exit_code == 0, result.stderr
    exported = json.loads(result.stdout)
    assert isinstance(exported, dict) and exported["id"] == "bridge" and exported["language"] == "en"
    # Without --bank: both banks, as a list.
    result = CliRunner().invoke(cli, ["export", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert [bank["id"] for bank in json.loads(result.stdout)] == ["bridge", "pont"]


def test_json_with_an_unknown_bank_names_the_banks_and_writes_nothing(tmp_path: Path) -> None:
    folder = _two_banks(tmp_path / "ws")
    out = tmp_path / "bank.json"
    result = CliRunner().invoke(cli, ["export", str(folder), "--format", "json", "--bank", "nope", "--out", str(out)])
    assert result.exit_code == 1 and result.stderr == "Error: no bank 'nope'; banks here: bridge, pont.\n"
    assert not out.exists()


def test_json_still_refuses_a_selection_with_bank(tmp_path: Path) -> None:
    folder = _two_banks(tmp_path)
    result = CliRunner().invoke(cli, ["export", str(folder), "--format", "json", "--bank", "bridge", "--count", "2"])
    assert result.exit_code == 1 and "whole bank" in result.stderr


def test_gift_takes_bank_and_needs_it_when_there_are_two(tmp_path: Path) -> None:
    folder = _two_banks(tmp_path)
    result = CliRunner().invoke(cli, ["export", str(folder), "--format", "gift", "--bank", "pont"])
    assert result.exit_code == 0, result.stderr
    assert "$CATEGORY: $course$/quizgen/pont" in result.stdout and "quizgen/bridge" not in result.stdout
    result = CliRunner().invoke(cli, ["export", str(folder), "--format", "gift"])
    assert result.exit_code == 1 and "choose one with --bank ID" in result.stderr
