"""Frozen stages (issue 10): once loaded, a bank cannot be changed by a later stage; stages build new objects.

Pydantic models (`types.fields.Strict`, frozen=True) refuse attribute assignment with a ValidationError;
the plain stage data (Bank, Workspace, Article, Variant, PrintedQuestion…) are frozen dataclasses.
Known gap: the lists and dicts *inside* them (question.choices, bank.claims…) are ordinary mutable
containers (see the xfail below)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from conftest import MINI
from pydantic import BaseModel, ValidationError

import quizgen.bank.model  # noqa: F401  (defines the file models: every Strict subclass is then known)
from quizgen.bank.workspace import Workspace, load_workspace
from quizgen.types import TYPES
from quizgen.types.fields import Strict
from quizgen.variants.draw import Options, draw_variant


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def test_every_bank_model_is_declared_frozen() -> None:
    models = _subclasses(Strict)
    assert {kind.model for kind in TYPES.values()} <= models  # the walk sees the question models
    assert not sorted(m.__name__ for m in models if m.model_config.get("frozen") is not True)


def _models_in(value: Any) -> list[BaseModel]:
    """Every pydantic model in a loaded question (the question, its choices, pairs, items, excerpts…)."""
    if isinstance(value, BaseModel):
        return [value, *(m for name in type(value).model_fields for m in _models_in(getattr(value, name)))]
    if isinstance(value, (list, tuple)):
        return [m for item in value for m in _models_in(item)]
    return []


def test_loaded_questions_and_their_parts_refuse_assignment(mini: Workspace) -> None:
    bank = mini.banks[0]
    assert {q.type for q in bank.questions} == set(TYPES)  # one question of each type at least
    question = bank.questions[0]
    with pytest.raises(ValidationError, match="frozen"):
        question.prompt = "Changed by a later stage"  # type: ignore[misc]
    assert question.prompt != "Changed by a later stage"
    checked = 0
    for model in [m for q in bank.questions for m in _models_in(q)] + list(bank.claims.values()) + \
            list(bank.glossary.values()) + list(bank.presets):
        name = next(iter(type(model).model_fields))
        with pytest.raises(ValidationError, match="frozen"):
            setattr(model, name, getattr(model, name))
        checked += 1
    assert checked > 40  # questions, choices, pairs, items, excerpts, rubric lines, claims, sources, techniques


def test_stage_data_are_frozen_dataclasses(mini: Workspace) -> None:
    bank = mini.banks[0]
    variant = draw_variant(mini, None, Options(), 1)
    printed = variant.questions[0]
    for value, field in ((mini, "banks"), (bank, "questions"), (bank, "id"), (bank.article, "id"),
                         (variant, "questions"), (variant, "seed"), (printed, "number"), (bank.view, "claims")):
        assert dataclasses.is_dataclass(value)
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, field, getattr(value, field))


@pytest.mark.xfail(strict=True, reason="known gap, reported: lists and dicts inside the frozen models are plain "
                                       "mutable containers; tuples would need strict-mode list input handled")
def test_the_lists_inside_a_loaded_question_cannot_be_changed() -> None:
    own = load_workspace([MINI])  # its own copy: the session's `mini` must not be changed if the append works
    question = next(q for q in own.banks[0].questions if q.type == "single-choice")
    with pytest.raises((TypeError, AttributeError, ValidationError)):
        question.choices.append(question.choices[0])
