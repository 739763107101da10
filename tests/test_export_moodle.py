"""Moodle XML export: Moodle's importer rules (tests/moodle_rules.py) on the bundled bank, the
mini bank, a hostile bank and property-generated banks; round trip to the manifest's answers;
scoring policies as fractions; hostile text stays text."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import moodle_rules
import pytest
import yaml
from export_support import (
    HOSTILE,
    MINI,
    NO_OPTIONS,
    expected_answers,
    export_of,
    hostile_workspace,
    moodle_answers,
    normal,
)
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from quizgen.bank.workspace import Workspace, load_workspace
from quizgen.core.problems import InvalidContent
from quizgen.export.from_bank import Policy, export_variant
from quizgen.export.moodle import Unrepresentable, cdata_section, fraction, write_moodle
from quizgen.variants.draw import Options

#: The other policy of every type that has one.
STRICT_ROWS = {"multiple-select": "partial", "matching": "all-or-nothing", "claim-classification": "all-or-nothing"}


def _check_round_trip(workspace: Workspace, options: Options = NO_OPTIONS, seed: int = 1,
                      policy: Policy | None = None) -> bytes:
    drawn, export = export_of(workspace, options, seed, policy)
    data = write_moodle(export).data
    assert moodle_rules.check(data) == []
    expected = {qid: entry["correct"] for qid, entry in expected_answers(drawn).items()}
    assert moodle_answers(data, drawn) == expected
    return data


@pytest.mark.slow
def test_the_bundled_bank_passes_moodles_rules_and_round_trips(bundled: Workspace) -> None:
    data = _check_round_trip(bundled)
    root = etree.fromstring(data)
    types = [q.get("type") for q in root.iter("question")]
    bank = bundled.banks[0]
    assert len([t for t in types if t not in ("category", "description")]) == len(bank.questions)
    assert {"multichoice", "truefalse", "matching", "essay"} <= set(types)
    categories = [q.findtext("category/text") for q in root.iter("question") if q.get("type") == "category"]
    assert categories[0] == f"$course$/quizgen/{bank.id}"
    skills = {q.skill for q in bank.questions}
    assert sorted(categories[1:]) == sorted(f"$course$/quizgen/{bank.id}/{skill}" for skill in skills)


def test_the_mini_bank_round_trips_under_every_policy(mini: Workspace) -> None:
    for policy in ({}, STRICT_ROWS):
        for seed in (1, 2, 3):
            _check_round_trip(mini, seed=seed, policy=policy)


def test_a_selection_exports_only_its_questions(bundled: Workspace) -> None:
    data = _check_round_trip(bundled, Options(preset="controle-15"), seed=7)
    assert len([q for q in etree.fromstring(data).iter("question")
                if q.get("type") not in ("category", "description")]) == 8  # the preset counts 8


def test_fractions_express_the_scoring_policy(mini: Workspace) -> None:
    _, partial = export_of(mini, policy={"multiple-select": "partial"})
    _, strict = export_of(mini, policy={"multiple-select": "all-or-nothing"})
    # q-multi: 2 right choices, 1 wrong: partial = +1/2 per right tick, -1/1 per wrong tick (ticking all earns 0)
    for export, wrong in ((partial, "-100"), (strict, "-100")):
        root = etree.fromstring(write_moodle(export).data)
        multi = next(q for q in root.iter("question") if q.findtext("idnumber") == "q-multi")
        assert multi.findtext("single") == "false"
        assert sorted(a.get("fraction") for a in multi.findall("answer")) == sorted(["50", "50", wrong])


def test_all_or_nothing_and_pinned_choices_are_reported(mini: Workspace) -> None:
    _, export = export_of(mini)
    losses = dict(write_moodle(export).losses)
    assert "all-or-nothing" in losses["q-multi"]
    assert "pinned" in losses["q-choice"]
    assert "justify" in losses["q-tf"]


def test_fractions_come_only_from_moodles_list() -> None:
    assert fraction(1 / 3, "q") == "33.33333"
    assert fraction(-1 / 7, "q") == "-14.28571"
    assert fraction(1.0, "q") == "100"
    with pytest.raises(Unrepresentable, match="q"):
        fraction(1 / 11, "q")


def test_a_cdata_end_inside_text_is_split_and_reads_back_whole() -> None:
    for text in ("a]]>b", "]]>", "]]]]>>", "x]]"):
        wrapped = f"<text>{cdata_section(text)}</text>".encode()
        assert etree.fromstring(wrapped).text == text


def test_true_false_literals_and_matching_minimums(mini: Workspace) -> None:
    _, export = export_of(mini)
    root = etree.fromstring(write_moodle(export).data)
    true_false = next(q for q in root.iter("question") if q.get("type") == "truefalse")
    assert sorted(a.findtext("text") for a in true_false.findall("answer")) == ["false", "true"]
    fact = next(q for q in root.iter("question") if q.findtext("idnumber") == "q-fact")
    subs = fact.findall("subquestion")
    # 2 stems and 2 categories: a third, blank-stem entry repeats a category (Moodle merges it) for the form's 3.
    assert len(subs) == 3 and sum(1 for s in subs if not (s.findtext("text") or "").strip()) == 1
    assert len({s.findtext("answer/text") for s in subs}) == 2
    classify = next(q for q in root.iter("question") if q.findtext("idnumber") == "q-classify")
    answers = {s.findtext("answer/text") for s in classify.findall("subquestion")}
    assert answers == {"Exacte", "Inexacte", "Trompeuse", "Invérifiable"}  # every category, once


def test_the_justification_becomes_a_linked_essay_when_it_has_points(mini: Workspace) -> None:
    drawn, _ = export_of(mini)
    drawn = replace(drawn, questions=tuple(
        replace(p, question=p.question.model_copy(update={"points": 2, "justify_points": 1}))
        if p.question.id == "q-tf" else p for p in drawn.questions))
    export = export_variant(drawn)
    data = write_moodle(export).data
    assert moodle_rules.check(data) == []
    root = etree.fromstring(data)
    true_false = next(q for q in root.iter("question") if q.findtext("idnumber") == "q-tf")
    essay = next(q for q in root.iter("question") if q.findtext("idnumber") == "q-tf-justification")
    assert true_false.findtext("defaultgrade") == "1" and essay.findtext("defaultgrade") == "1"
    assert "q-tf" in essay.findtext("name/text") and essay.findtext("responsefieldlines") == "3"


def test_short_answer_keeps_rubric_model_answer_and_lines(mini: Workspace) -> None:
    _, export = export_of(mini)
    essay = next(q for q in etree.fromstring(write_moodle(export).data).iter("question") if q.get("type") == "essay")
    grader = essay.findtext("graderinfo/text")
    assert "Nomme une source primaire" in grader and "délibérations tarifaires" in grader
    assert essay.findtext("responsefieldlines") == "4" and essay.findtext("defaultgrade") == "3"


def test_hostile_text_stays_text(tmp_path: Path) -> None:
    workspace = load_workspace([hostile_workspace(tmp_path / "ws")])
    data = _check_round_trip(workspace)
    assert b"\x01" not in data and b"\x1b" not in data
    root = etree.fromstring(data)
    for text in root.iter("text"):
        value = text.text or ""
        # HTML fields are our own markup around escaped text; plain fields (names, matching
        # answers) go through Moodle's tag stripping, so they hold no angle bracket at all.
        assert "<script" not in value
        if text.getparent().get("format") != "html":
            assert "<" not in value and ">" not in value, value
    html = " ".join(t.text or "" for t in root.iter("text"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\u202eRTL\u202c" in html
    assert 'href="https://example.org/a?b=1&amp;c={2}#~x:y]]&gt;"' in html
    choice = next(q for q in root.iter("question") if q.findtext("idnumber") == "q-choice")
    assert choice.find("answer").findtext("text").startswith("%50% ]]&gt; &lt;script&gt;") or any(
        (a.findtext("text") or "").startswith("%50%") for a in choice.findall("answer"))
    assert normal(HOSTILE.replace("<", "&lt;").replace(">", "&gt;"))[:20] in normal(html)


def test_two_answers_reading_the_same_are_refused(mini_copy: Path) -> None:
    glossary = mini_copy / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    names = {t["id"]: t for t in data["techniques"]}
    names["Appeal_to_Popularity"]["name"] = dict(names["Appeal_to_Authority"]["name"])  # a copy: no YAML anchor
    glossary.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    workspace = load_workspace([mini_copy])
    with pytest.raises(InvalidContent, match="merge"):
        export_of(workspace)


@pytest.mark.slow
def test_same_inputs_give_the_same_bytes(bundled: Workspace) -> None:
    first = write_moodle(export_of(bundled, seed=5)[1]).data
    assert write_moodle(export_of(bundled, seed=5)[1]).data == first
    assert re.search(rb"<idnumber>[^<]+</idnumber>", first)


# --- property-generated banks -------------------------------------------------------------------------

TRAPS = ["]]>", "<b>", "{", "}", "~", "=", "#", ":", "\\", "%50%", "[plain]", "->", "&amp;", "\u202e", "\u00a0",
         "«", "»", "’", "//", "\n"]
TEXT = st.lists(st.sampled_from(TRAPS) | st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=6),
                min_size=1, max_size=6).map(lambda parts: "x " + "".join(parts))
MINI_DATA = yaml.safe_load((MINI / "bank.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def workspace_dir() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="quizgen-export-props-"))
    shutil.copytree(MINI, folder / "ws")
    yield folder / "ws"
    shutil.rmtree(folder)


@st.composite
def generated_bank(draw: st.DrawFn) -> dict:
    """The mini bank with drawn texts, points, correct choices and extra choices."""
    data = yaml.safe_load(yaml.safe_dump(MINI_DATA))
    for question in data["questions"]:
        question["prompt"] = draw(TEXT)
        question["explanation"] = draw(TEXT)
        question["points"] = draw(st.integers(1, 12))
        if question["type"] == "multiple-select":
            extra = draw(st.integers(0, 8))
            question["choices"] += [{"text": f"c{i} {draw(TEXT)}", "correct": True} for i in range(extra)]
            question["choices"][-1]["correct"] = False
            question["choices"][-1]["why_wrong"] = draw(TEXT)
        if question["type"] == "short-answer":
            question["rubric"] = [{"points": question["points"], "criterion": draw(TEXT)}]
            question["model_answer"] = draw(TEXT)
    return data


def _load_generated(workspace_dir: Path, data: dict) -> Workspace:
    (workspace_dir / "bank.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False,
                                                            width=10_000), encoding="utf-8")
    try:
        return load_workspace([workspace_dir])
    except InvalidContent:
        assume(False)
        raise


@pytest.mark.slow
@settings(max_examples=25 * int(os.environ.get("QUIZGEN_PROPERTY_SCALE", "1")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=generated_bank(), seed=st.integers(0, 2**32), partial=st.booleans())
def test_generated_banks_pass_moodles_rules(workspace_dir: Path, data: dict, seed: int, partial: bool) -> None:
    workspace = _load_generated(workspace_dir, data)
    policy = {"multiple-select": "partial" if partial else "all-or-nothing"}
    _check_round_trip(workspace, seed=seed, policy=policy)
