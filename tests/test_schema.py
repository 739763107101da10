"""The shipped JSON Schema in a generic validator (jsonschema, as editors and CI tools use it):
a mistake is reported at its field, not as "the document matches none of the kinds"."""

from __future__ import annotations

import copy
from collections import deque
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from quizgen.bank.schema import json_schema
from quizgen.bank.yamlsource import parse

MINI_BANK = Path(__file__).parent / "data" / "mini" / "bank.yaml"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json_schema())


@pytest.fixture()
def bank() -> dict[str, Any]:
    document, problems = parse(MINI_BANK.read_text(encoding="utf-8"), "bank.yaml")
    assert document is not None, problems
    return copy.deepcopy(document.data)


def paths(validator: jsonschema.Draft202012Validator, data: Any) -> list[deque[Any]]:
    return [error.absolute_path for error in validator.iter_errors(data)]


def test_the_mini_bank_is_valid(validator: jsonschema.Draft202012Validator, bank: dict[str, Any]) -> None:
    assert paths(validator, bank) == []


def test_a_wrong_field_in_a_question_is_reported_at_that_field(validator, bank) -> None:
    question = next(index for index, q in enumerate(bank["questions"]) if q["type"] == "true-false")
    bank["questions"][question]["difficulty"] = 5
    errors = list(validator.iter_errors(bank))
    assert [error.absolute_path for error in errors] == [deque(["questions", question, "difficulty"])]
    assert "5 is greater than the maximum of 3" in errors[0].message


def test_an_unknown_field_in_a_question_is_reported_at_the_question(validator, bank) -> None:
    bank["questions"][0]["difficulty_level"] = 1
    errors = list(validator.iter_errors(bank))
    assert [error.absolute_path for error in errors] == [deque(["questions", 0])]
    assert "difficulty_level" in errors[0].message


def test_an_unknown_type_is_reported_at_type(validator, bank) -> None:
    bank["questions"][0]["type"] = "single-choise"
    assert paths(validator, bank) == [deque(["questions", 0, "type"])]


def test_an_unknown_kind_is_reported_at_kind(validator, bank) -> None:
    bank["kind"] = "bnak"
    assert paths(validator, bank) == [deque(["kind"])]


@pytest.mark.parametrize(("date", "valid"), [("2024-03-12", True), ("2024-03", True), (2024, True),
                                             ("12/03/2024", False), ("2024-3-12", False)])
def test_dates_have_a_pattern(validator, bank, date: Any, valid: bool) -> None:
    bank["claims"][0]["sources"][0]["date"] = date
    assert (paths(validator, bank) == []) is valid
