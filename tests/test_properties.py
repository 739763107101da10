"""Property-based tests (hypothesis).

(a) Whatever a teacher's editor does to a valid bank (a key deleted, a value of the wrong type,
    stray unicode or punctuation, a tab, a colon, a duplicated item, a file cut short), loading
    either succeeds or raises InvalidContent whose problems each have a path, a line inside the
    file and a message: never another exception.
(b) The variant engine: any seed and any count give the requested number of questions (all of
    the pool when the count is larger), no question twice, skills balanced, and the choice order
    in the manifest is the order printed on the worksheet and in the answer key.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from quizgen.bank import yamlsource
from quizgen.bank.dump import content_hash
from quizgen.bank.workspace import Workspace, load_workspace
from quizgen.core.labels import localize
from quizgen.core.problems import InvalidContent, UsageProblem
from quizgen.sheets.html import TemplateSet, render_html
from quizgen.types import Question
from quizgen.types.claim_classification import ClaimClassification
from quizgen.types.matching import Matching
from quizgen.types.multiple_select import MultipleSelect
from quizgen.types.single_choice import SingleChoice
from quizgen.variants.draw import Options, make_variant, manifest
from quizgen.variants.overlap import Apart

MINI = Path(__file__).parent / "data" / "mini"
MINI_BYTES = (MINI / "bank.yaml").read_bytes()
MINI_DATA = yaml.safe_load(MINI_BYTES)


def examples(count: int) -> int:
    """Kept small for the suite; QUIZGEN_PROPERTY_SCALE=50 runs a thorough search."""
    return count * int(os.environ.get("QUIZGEN_PROPERTY_SCALE", "1"))


SETTINGS = settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def workspace_dir() -> Iterator[Path]:
    """One private copy of the mini workspace; each example rewrites its bank.yaml."""
    folder = Path(tempfile.mkdtemp(prefix="quizgen-props-"))
    shutil.copytree(MINI, folder / "ws")
    yield folder / "ws"
    shutil.rmtree(folder)


# --- (a) mutations of a valid bank --------------------------------------------------------------

TRAPS = ["\t", ": ", " : ", ":", "'", '"', "’", "«", "»", "#", "&", "*", "!", "|", ">", "- ", "[", "]", "{",
         "}", "%", "@", "`", "\n", "\r\n", "\u00a0", "\u2028", "\ufeff", "\x00", "\x1b", "---\n", "...", "? ",
         "&a ", "*a", "!!python/object ", "<b>", "{{ x }}", "oui", "no", "~", "0x1F", "1e3"]
# Any unicode except surrogates (which cannot be written as UTF-8 at all).
UNICODE = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=8)


@st.composite
def text_mutation(draw: st.DrawFn) -> bytes:
    data = MINI_BYTES
    kind = draw(st.sampled_from(["truncate", "insert", "line-start", "duplicate-line", "delete-line"]))
    if kind == "truncate":
        return data[: draw(st.integers(0, len(data) - 1))]
    lines = data.split(b"\n")
    if kind in ("duplicate-line", "delete-line"):
        index = draw(st.integers(0, len(lines) - 1))
        lines[index: index + 1] = [lines[index]] * (2 if kind == "duplicate-line" else 0)
        return b"\n".join(lines)
    inserted = draw(st.one_of(st.sampled_from(TRAPS), UNICODE)).encode("utf-8")
    if kind == "line-start":
        index = draw(st.integers(0, len(lines) - 1))
        lines[index] = inserted + lines[index]
        return b"\n".join(lines)
    text = data.decode("utf-8")
    position = draw(st.integers(0, len(text)))  # in characters: never inside a UTF-8 sequence
    return (text[:position] + inserted.decode("utf-8") + text[position:]).encode("utf-8")


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*path, key)
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield (*path, index)
            yield from _paths(value, (*path, index))


ALL_PATHS = list(_paths(MINI_DATA))
NEW_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**12), st.floats(allow_nan=True),
                       st.just(""), st.just([]), st.just({}), UNICODE, st.lists(UNICODE, max_size=3),
                       st.dictionaries(st.sampled_from(["text", "id", "fr", "en", "x"]), UNICODE, max_size=2))


@st.composite
def data_mutation(draw: st.DrawFn) -> bytes:
    data = yaml.safe_load(MINI_BYTES)
    path = ALL_PATHS[draw(st.integers(0, len(ALL_PATHS) - 1))]
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    kind = draw(st.sampled_from(["delete", "retype", "duplicate", "unicode-in-text"]))
    if kind == "delete":
        del parent[last]
    elif kind == "retype":
        parent[last] = draw(NEW_VALUES)
    elif kind == "duplicate" and isinstance(parent, list):
        parent.insert(last, parent[last])
    elif isinstance(parent[last], str):
        text = parent[last]
        position = draw(st.integers(0, len(text)))
        parent[last] = text[:position] + draw(st.one_of(st.sampled_from(TRAPS), UNICODE)) + text[position:]
    else:
        parent[last] = draw(NEW_VALUES)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000).encode("utf-8")


def _load_never_crashes(workspace_dir: Path, content: bytes) -> None:
    (workspace_dir / "bank.yaml").write_bytes(content)
    lines = max(1, content.count(b"\n") + 1)
    try:
        workspace = load_workspace([workspace_dir])
    except InvalidContent as error:
        assert error.problems
        for problem in error.problems:
            assert problem.path and problem.message.strip(), problem
            assert "Traceback" not in problem.message and "\n" not in problem.message, problem
            assert isinstance(problem.line, int) and problem.line >= 1, problem
            if problem.path.endswith("ws/bank.yaml"):
                assert problem.line <= lines + 1, (problem, lines)
        return
    # Still valid: a variant can be drawn from it (rendering is covered by the variant properties).
    bank = workspace.banks[0]
    variant = make_variant(bank, Options(), 1, content_hash(bank))
    assert len(variant.questions) == len(bank.questions)


@pytest.mark.slow
@SETTINGS
@given(content=text_mutation())
def test_text_mutations_give_problems_not_crashes(workspace_dir: Path, content: bytes) -> None:
    _load_never_crashes(workspace_dir, content)


@pytest.mark.slow
@SETTINGS
@given(content=data_mutation())
def test_data_mutations_give_problems_not_crashes(workspace_dir: Path, content: bytes) -> None:
    _load_never_crashes(workspace_dir, content)


@pytest.mark.slow
@SETTINGS
@given(content=st.one_of(text_mutation(), data_mutation()))
def test_libyaml_and_the_python_parser_agree(content: bytes) -> None:
    """Valid files are parsed by libyaml, refused ones again by the pure-Python parser (for its
    messages): whichever parser is used, the data, its lines and the problems are the same."""
    text, problems = yamlsource.decode(content, "bank.yaml")
    assume(text is not None)
    assert text is not None
    fast, fast_problems = yamlsource.parse(text, "bank.yaml")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yamlsource, "_FAST_LOADER", None)
        slow, slow_problems = yamlsource.parse(text, "bank.yaml")
    if fast is not None and slow is None and yamlsource._FAST_LOADER is not None:
        # The one known difference: libyaml (rightly) accepts a tab between words or before a
        # colon, the pure-Python parser does not. Without libyaml the teacher is told to replace it.
        assert [p.message for p in slow_problems] == [
            "this line contains a tab character; replace it with a space (or put the text in double quotes)."]
        assert "\t" in text.splitlines()[slow_problems[0].line - 1].lstrip()
        return
    assert fast_problems == slow_problems
    if fast is not None and slow is not None:
        assert (fast.data, fast.lines, fast.key_lines, fast.scalars) == (
            slow.data, slow.lines, slow.key_lines, slow.scalars)
    else:
        assert fast is slow is None


# --- (b) the variant engine ---------------------------------------------------------------------

SEEDS = st.integers(0, 2**63)


def _options(draw: st.DrawFn, bank: Any) -> Options:
    questions = bank.questions
    preset = draw(st.none() | st.sampled_from([p.id for p in bank.presets] or [None]))
    count = draw(st.none() | st.integers(1, len(questions) + 5))
    skills = draw(st.lists(st.sampled_from(sorted({q.skill for q in questions})), max_size=2, unique=True))
    types = draw(st.lists(st.sampled_from(sorted({q.type for q in questions})), max_size=2, unique=True))
    difficulty = draw(st.lists(st.sampled_from([1, 2, 3]), max_size=2, unique=True))
    return Options(count=count, preset=preset, skills=tuple(skills), types=tuple(types),
                   difficulty=tuple(difficulty))


def _pool(bank: Any, options: Options) -> list[Question]:
    """The questions the options allow, worked out independently of variants.py."""
    preset = next((p for p in bank.presets if p.id == options.preset), None)
    questions = bank.questions
    if preset and preset.questions is not None:
        questions = [q for q in questions if q.id in preset.questions]
    skills = set(options.skills) or set(preset.skills if preset else ())
    types = set(options.types) or set(preset.types if preset else ())
    difficulty = set(options.difficulty) or set(preset.difficulty if preset else ())
    techniques = set(preset.techniques if preset else ())
    return [q for q in questions if (not skills or q.skill in skills) and (not types or q.type in types)
            and (not difficulty or q.difficulty in difficulty)
            and (not techniques or techniques & {*q.techniques, *[p.technique for p in getattr(q, "pairs", [])]})]


def _check_variant(workspace: Workspace, seed: int, options: Options) -> Any:
    bank = workspace.banks[0]
    pool = _pool(bank, options)
    try:
        variant = make_variant(bank, options, seed, content_hash(bank))
    except UsageProblem:
        assert not pool
        assume(False)
    preset = next((p for p in bank.presets if p.id == options.preset), None)
    count = options.count or (preset.count if preset else None)
    ids = [p.question.id for p in variant.questions]
    # The requested count, or the whole pool when the count is larger (or not given).
    assert len(ids) == (min(count, len(pool)) if count else len(pool))
    assert len(set(ids)) == len(ids)
    assert set(ids) <= {q.id for q in pool}
    assert [p.number for p in variant.questions] == list(range(1, len(ids) + 1))
    apart = Apart.of(pool, bank)
    on_sheet = {frozenset((o.first, o.second)) for o in variant.overlaps}
    assert on_sheet == {frozenset((o.first, o.second)) for o in apart.among(p.question for p in variant.questions)}
    if count and count < len(pool) and not apart.pairs:  # drawn skill by skill: as many skills as possible
        skills = {p.question.skill for p in variant.questions}  # (keeping overlaps apart comes first:
        assert len(skills) == min(count, len({q.skill for q in pool}))  # tests/test_draw_overlap.py)

    data = manifest(variant, {})
    assert manifest(make_variant(bank, options, seed, content_hash(bank)), {}) == data  # reproducible
    for entry, printed in zip(data["questions"], variant.questions, strict=True):
        question = printed.question
        assert entry["id"] == question.id
        if isinstance(question, (SingleChoice, MultipleSelect)):
            order = entry["choice_order"]
            assert sorted(order) == list(range(len(question.choices)))
            assert order == [c.original for c in printed.choices]
            assert [c.letter for c in printed.choices] == [chr(65 + i) for i in range(len(order))]
            assert entry["correct"] == [chr(65 + i) for i, o in enumerate(order) if question.choices[o].correct]
            for position, original in enumerate(order):  # pinned choices keep their place
                if question.choices[original].pinned:
                    assert position == original
        elif isinstance(question, Matching):
            rows = entry["row_order"]
            assert sorted(rows) == list(range(len(question.pairs)))
            for row, original in enumerate(rows, 1):
                assert entry["options"][entry["correct"][str(row)]] == question.pairs[original].technique
        elif isinstance(question, ClaimClassification):
            rows = entry["row_order"]
            assert sorted(rows) == list(range(len(question.items)))
            for row, original in enumerate(rows, 1):
                item = question.items[original]
                expected = item.category or bank.claims[item.claim].verdict  # type: ignore[index]
                assert entry["correct"][str(row)] == expected
    return variant


@pytest.mark.slow
@settings(max_examples=examples(150), deadline=None)
@given(seed=SEEDS, data=st.data())
def test_variants_of_the_mini_bank(mini: Workspace, seed: int, data: st.DataObject) -> None:
    _check_variant(mini, seed, _options(data.draw, mini.banks[0]))


@pytest.mark.slow
@settings(max_examples=examples(60), deadline=None)
@given(seed=SEEDS, count=st.integers(1, 120), data=st.data())
def test_variants_of_the_bundled_bank(bundled: Workspace, seed: int, count: int, data: st.DataObject) -> None:
    bank = bundled.banks[0]
    preset = data.draw(st.none() | st.sampled_from([p.id for p in bank.presets]))
    _check_variant(bundled, seed, Options(count=count, preset=preset))


# --- (b') what is printed follows the manifest --------------------------------------------------

_SECTION = re.compile(r'<section class="question[^"]*" id="q(\d+)">(.*?)</section>', re.DOTALL)
_WORKSHEET_CHOICE = re.compile(r'<span class="letter">([A-Z])</span>(.*?)</li>', re.DOTALL)
_KEY_CHOICE = re.compile(r'<li class="(?:ok|ko)"><strong>([A-Z])\.</strong>(.*?)(?: — <em>.*?</em>)?</li>', re.DOTALL)
_KEY_ANSWER = re.compile(r'<p class="answer-line">.*?<strong>(.*?)</strong>', re.DOTALL)


def _squeeze(text: str) -> str:
    """Text as printed, without any space: typography only adds (non-breaking) spaces
    and prints the ordinals 1ᵉʳ, 2ᵉ as 1<sup>er</sup>, 2<sup>e</sup>."""
    plain = html.unescape(re.sub(r"<[^>]+>", "", text)).replace("ᵉʳ", "er").replace("ᵉ", "e")
    return re.sub(r"\s+", "", plain)


TEMPLATES = TemplateSet.with_override(None)


@pytest.mark.slow
@settings(max_examples=examples(6), deadline=None)
@given(seed=SEEDS)
def test_printed_choice_order_matches_the_manifest(bundled: Workspace, seed: int) -> None:
    bank = bundled.banks[0]
    variant = make_variant(bank, Options(count=25), seed, content_hash(bank))
    data = manifest(variant, {})
    worksheet = dict(_SECTION.findall(render_html(variant, "worksheet", TEMPLATES)))
    key = dict(_SECTION.findall(render_html(variant, "key", TEMPLATES)))
    checked = 0
    for entry in data["questions"]:
        if "choice_order" not in entry:
            continue
        question = next(q for q in bank.questions if q.id == entry["id"])
        assert isinstance(question, (SingleChoice, MultipleSelect))
        expected = [_squeeze(localize(question.choices[i].text, variant.language, bank.language))
                    for i in entry["choice_order"]]
        for section, pattern in ((worksheet, _WORKSHEET_CHOICE), (key, _KEY_CHOICE)):
            printed = pattern.findall(section[str(entry["number"])])
            assert [letter for letter, _ in printed] == [chr(65 + i) for i in range(len(expected))]
            assert [_squeeze(text) for _, text in printed] == expected, entry["id"]
        answer = _KEY_ANSWER.search(key[str(entry["number"])])
        assert answer is not None and answer.group(1) == ", ".join(entry["correct"])
        checked += 1
    assert checked > 0
