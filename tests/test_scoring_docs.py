"""docs/bank-format.md's "Scoring" section says what the code does: the policies of each type, in order
(the first is the default), a `scoring:` block the model accepts, and the worked example's points as the
one scorer computes them."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import REPO

from quizgen.bank.model import Scoring
from quizgen.bank.workspace import Workspace
from quizgen.types import TYPES, type_of
from quizgen.types.choices import Choice
from quizgen.types.scoring import earned

DOC = (REPO / "docs" / "bank-format.md").read_text(encoding="utf-8")
SECTION = DOC.split("## Scoring: `scoring:` in `bank.yaml`\n", 1)[1].split("\n## ", 1)[0]
TICKS = re.compile(r"^\| (\d) right, (\d) wrong \| [^|]+ \| ([\d.]+) \| ([\d.]+) \|$", re.MULTILINE)


def _type_rows() -> dict[str, str]:
    """The policies cell of the section's type table, by type name."""
    rows = re.findall(r"^\| `([a-z-]+)` \| ([^|]+) \|", SECTION, re.MULTILINE)
    return dict(rows)


def test_the_doc_lists_every_type_with_its_policies_default_first() -> None:
    rows = _type_rows()
    assert set(rows) == set(TYPES)
    for name, kind in TYPES.items():
        listed = tuple(re.findall(r"`([a-z-]+)`", rows[name]))
        assert listed == kind.policies, f"docs/bank-format.md, Scoring: {name} lists {listed}, code {kind.policies}"
        if not kind.policies:
            assert rows[name].strip() == "none"


def test_the_docs_scoring_block_is_accepted_and_names_every_choosable_type() -> None:
    block = re.search(r"```yaml\n(scoring:.*?)```", SECTION, re.DOTALL)
    assert block, "the Scoring section shows a scoring: block"
    data = yaml.safe_load(block.group(1))["scoring"]
    Scoring.model_validate(data)  # raises on a type or a policy the model does not know
    assert set(data) == {name for name, kind in TYPES.items() if kind.policies}
    for name, policy in data.items():
        default, *others = TYPES[name].policies
        comment = " or ".join([f"{default} (default)", *others])
        assert re.search(rf"^  {name}: {policy} +# {re.escape(comment)}$", block.group(1), re.MULTILINE), (
            f"the comment on {name} names its policies, default first: {comment}")


@pytest.fixture(scope="module")
def question_2_right_3_wrong(mini: Workspace):  # type: ignore[no-untyped-def]
    """The mini bank's 2-point multiple-select question, with the example's 5 choices."""
    bank = mini.banks[0]
    question = next(q for q in bank.questions if q.id == "q-multi")
    choices = [Choice(text=f"right {i}", correct=True) for i in range(2)]
    choices += [Choice(text=f"wrong {i}", why_wrong="Because.") for i in range(3)]
    return bank, question.model_copy(update={"choices": choices})


def test_the_worked_example_is_what_the_scorer_gives(question_2_right_3_wrong) -> None:  # type: ignore[no-untyped-def]
    bank, question = question_2_right_3_wrong
    assert question.points == 2
    rows = TICKS.findall(SECTION)
    assert len(rows) == 6, "the example table: one row per line of ticks"
    for right, wrong, partial, strict in rows:
        ticks = [str(i) for i in range(int(right))] + [str(2 + i) for i in range(int(wrong))]
        for policy, printed in (("partial", partial), ("all-or-nothing", strict)):
            table = type_of(question).scoring(question, bank.view, policy)
            got = earned(table, {"choices": ticks})
            assert f"{got:.2f}".rstrip("0").rstrip(".") == printed, f"{right} right, {wrong} wrong, {policy}: {got}"
