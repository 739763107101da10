"""GIFT export: Moodle's escapes, re-parsed by two independent parsers (pygiftparser from PyPI,
gift-pegjs from npm run by node) with question count, types, answers and weights compared with
the bank; round trip to the manifest's answers; the loss report and --strict.

gift-pegjs is installed by the test command: `npm ci --prefix tests/js` (see tests/js/package.json).
"""

from __future__ import annotations

from html import unescape
from pathlib import Path

import pytest
from export_support import (
    HOSTILE,
    expected_answers,
    export_of,
    gift_pegjs,
    gift_pegjs_available,
    hostile_workspace,
    labels_of,
    normal,
    row_answer_to_manifest,
)

from quizgen.bank.workspace import Workspace, load_workspace
from quizgen.export.gift import LossesRefused, escape, write_gift
from quizgen.export.items import Export

needs_node = pytest.mark.skipif(not gift_pegjs_available(),
                                reason="gift-pegjs not installed: run npm ci --prefix tests/js")
# gift-pegjs leaves Moodle's escape placeholders in matching answers (Moodle's own reader turns
# them back, format.php escapedchar_post): undone here, and reported to the lead.
PLACEHOLDERS = {"&&058;": ":", "&&035;": "#", "&&061;": "=", "&&123;": "{", "&&125;": "}", "&&126;": "~",
                "&&010": "\n", "&&092;": "\\"}


def _unplaceholder(text: str) -> str:
    for placeholder, char in PLACEHOLDERS.items():
        text = text.replace(placeholder, char)
    return text


def test_escape_is_moodles_set() -> None:
    assert escape("a~b=c#d{e}f:g\nh\\i") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\nh\\\\i"
    assert escape("x\r\ny") == "x\\ny"
    assert escape("é « » % [ ] -> < >") == "é « » % [ ] -> < >"  # nothing else is special


def _kinds(export: Export) -> list[str]:
    from quizgen.types.lms_items import ChoiceItem, EssayItem, MatchItem, TrueFalseItem

    names = {ChoiceItem: "MC", TrueFalseItem: "TF", MatchItem: "Matching", EssayItem: "Essay"}
    return [names[type(item)] for item in export.items]


def _compare_with_pegjs(workspace: Workspace, seed: int = 1) -> None:
    drawn, export = export_of(workspace, seed=seed)
    text = write_gift(export).data.decode("utf-8")
    parsed = [q for q in gift_pegjs(text) if q["type"] != "Category"]
    assert parsed[0]["type"] == "Description"
    questions = parsed[1:]
    assert [q["type"] for q in questions] == _kinds(export)
    expected = expected_answers(drawn)
    for question, item in zip(questions, export.items, strict=True):
        ident = item.common.id
        assert normal(question["title"]) == normal(item.common.name.replace("<", "‹").replace(">", "›"))
        assert question["stem"]["text"] == item.common.text.html
        if question["type"] == "MC":
            answers = item.answers  # type: ignore[union-attr]
            # A leading % or [ is written as an entity: the same text once the HTML is read.
            assert [unescape(c["text"]["text"]) for c in question["choices"]] == [
                unescape(a.text.html) for a in answers]
            weights = [100.0 if c["isCorrect"] and c["weight"] is None else c["weight"] for c in question["choices"]]
            assert weights == pytest.approx([a.fraction * 100 for a in answers], abs=1e-4)
            letters = [chr(65 + i) for i, w in enumerate(weights) if w > 0]
            assert letters == expected[ident]["correct"]
        elif question["type"] == "TF":
            assert question["isTrue"] == expected[ident]["correct"]
        elif question["type"] == "Matching":
            pairs = [p for p in question["matchPairs"] if p["subquestion"]["text"]]
            labels = labels_of(drawn, ident)
            rows = {str(n): row_answer_to_manifest(drawn, ident, _unplaceholder(p["subanswer"]), labels)
                    for n, p in enumerate(pairs, 1)}
            assert rows == expected[ident]["correct"]
            distractors = [_unplaceholder(p["subanswer"]) for p in question["matchPairs"]
                           if not p["subquestion"]["text"]]
            assert distractors == list(item.distractors)  # type: ignore[union-attr]
        if item.common.feedback:
            assert question["globalFeedback"]["text"] == item.common.feedback.html


@needs_node
def test_gift_pegjs_reads_the_bundled_bank_as_the_bank_says(bundled: Workspace) -> None:
    _compare_with_pegjs(bundled)


@needs_node
def test_gift_pegjs_reads_the_mini_bank(mini: Workspace) -> None:
    for seed in (1, 2, 3):
        _compare_with_pegjs(mini, seed)


@needs_node
def test_hostile_text_survives_gift(tmp_path: Path) -> None:
    workspace = load_workspace([hostile_workspace(tmp_path / "ws")])
    _compare_with_pegjs(workspace)
    text = write_gift(export_of(workspace)[1]).data.decode("utf-8")
    for line in text.splitlines():
        if line.startswith("::") or line.startswith("\t"):
            # No unescaped special character outside the answer-block syntax quizgen writes.
            body = line.split("::", 2)[-1] if line.startswith("::") else line[1:]
            stripped = body.replace("\\\\", "").replace("\\{", "").replace("\\}", "").replace("\\#", "") \
                .replace("\\=", "").replace("\\~", "").replace("\\:", "")
            assert "<script" not in stripped
    assert HOSTILE not in text and "&lt;script&gt;" in text


@pytest.mark.slow
def test_pygiftparser_reads_every_question(bundled: Workspace, mini: Workspace) -> None:
    pygiftparser = pytest.importorskip("pygiftparser.parser")
    for workspace in (mini, bundled):
        _, export = export_of(workspace)
        text = write_gift(export).data.decode("utf-8")
        questions = [q for q in pygiftparser.parseFile(_Lines(text)) if q.valid]
        # pygiftparser leaves out $CATEGORY lines; the article is a description.
        assert len(questions) == len(export.items) + 1


class _Lines:
    """pygiftparser.parseFile reads a file object line by line."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines(keepends=True)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.lines)

    def readlines(self) -> list[str]:
        return self.lines


def test_losses_are_reported_per_question_and_strict_refuses(mini: Workspace) -> None:
    _, export = export_of(mini)
    losses = write_gift(export).losses
    by_question: dict[str, list[str]] = {}
    for qid, what in losses:
        by_question.setdefault(qid, []).append(what)
    assert any("rubric" in w for w in by_question["q-short"])
    assert any("mark" in w for w in by_question["q-multi"])
    assert any("also accepts" in w for w in by_question["q-match"])
    assert "q-choice" in by_question  # pinned choice
    with pytest.raises(LossesRefused):
        write_gift(export, strict=True)


def test_every_question_ends_with_its_answer_block(bundled: Workspace) -> None:
    text = write_gift(export_of(bundled)[1]).data.decode("utf-8")
    blocks = [b for b in text.split("\n\n") if "{" in b.replace("\\{", "")]
    assert blocks and all(b.rstrip().endswith("}") for b in blocks)
