"""Frozen stages (issue 10): once loaded, a bank cannot be changed by a later stage; stages build new objects.

Pydantic models (`types.fields.Strict`, frozen=True) refuse attribute assignment with a ValidationError;
the plain stage data (Bank, Workspace, Article, Variant, PrintedQuestion…) are frozen dataclasses.
The containers inside them cannot be changed either: a bank file's lists are tuples, its texts and the
bank's mappings (claims, glossary…) are `core.frozen.FrozenDict`."""

from __future__ import annotations

import dataclasses
import pickle
import typing
from typing import Any

import pytest
from pydantic import AfterValidator, BaseModel, ValidationError

import quizgen.bank.model  # noqa: F401  (defines the file models: every Strict subclass is then known)
from quizgen.bank.workspace import Workspace
from quizgen.core.frozen import FrozenDict
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


def test_the_lists_inside_a_loaded_question_cannot_be_changed(mini: Workspace) -> None:
    question = next(q for q in mini.banks[0].questions if q.type == "single-choice")
    assert isinstance(question.choices, tuple) and isinstance(question.techniques, tuple)
    with pytest.raises(AttributeError):
        question.choices.append(question.choices[0])  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        question.choices[0] = question.choices[1]  # type: ignore[index]


def _lists_in(value: Any, where: str = "question") -> list[str]:
    """Where a loaded model still holds a list (it should hold tuples only)."""
    if isinstance(value, list):
        return [where]
    if isinstance(value, BaseModel):
        return [w for name in type(value).model_fields
                for w in _lists_in(getattr(value, name), f"{where}.{name}")]
    if isinstance(value, tuple):
        return [w for index, item in enumerate(value) for w in _lists_in(item, f"{where}[{index}]")]
    return []


def test_no_loaded_model_holds_a_list(mini: Workspace) -> None:
    bank = mini.banks[0]
    models = [*bank.questions, *bank.claims.values(), *bank.glossary.values(), *bank.presets]
    assert not [where for model in models for where in _lists_in(model)]


def _mutable_parts(hint: Any, where: str) -> list[str]:
    """Where a declared field type holds a list, set or dict that is not frozen on validation."""
    origin = typing.get_origin(hint)
    if origin is typing.Annotated:
        base, *metadata = typing.get_args(hint)
        if any(isinstance(m, AfterValidator) and m.func is FrozenDict for m in metadata):
            return []  # a Text: validated as a dict, stored as a FrozenDict
        return _mutable_parts(base, where)
    if origin in (list, dict, set) or hint in (list, dict, set):
        return [where]
    return [w for arg in typing.get_args(hint) for w in _mutable_parts(arg, where)]


def test_no_bank_model_declares_a_mutable_container() -> None:
    """Every field of every bank model, also those the mini bank leaves out (an optional list, a new field)."""
    found = []
    for model in _subclasses(Strict):
        hints = typing.get_type_hints(model, include_extras=True)
        found += [w for name in model.model_fields for w in _mutable_parts(hints[name], f"{model.__name__}.{name}")]
    assert not sorted(found)


def test_the_texts_and_mappings_of_a_loaded_bank_cannot_be_changed(mini: Workspace) -> None:
    bank = mini.banks[0]
    question = bank.questions[0]
    claim_id = next(iter(bank.claims))
    changes = [
        lambda: question.prompt.__setitem__("fr", "Changé"),  # a Text
        lambda: question.prompt.update({"fr": "Changé"}),
        lambda: bank.title.pop(next(iter(bank.title))),
        lambda: bank.claims.__setitem__(claim_id, bank.claims[claim_id]),
        lambda: bank.claims.pop(claim_id),
        lambda: bank.glossary.clear(),
        lambda: bank.locations.popitem(),
        lambda: bank.scoring.setdefault("single-choice", "all-or-nothing"),
        lambda: mini.glossary.__delitem__(next(iter(mini.glossary))),
        lambda: bank.view.claims.__setitem__("new", bank.claims[claim_id]),
    ]
    for change in changes:
        with pytest.raises(TypeError, match="frozen"):
            change()
    assert claim_id in bank.claims and question.prompt != {"fr": "Changé"}


def test_a_frozen_bank_travels_to_a_worker_process_unchanged(mini: Workspace) -> None:
    """Pickling (what a worker process receives) must rebuild the frozen mappings, not refuse them."""
    copy = pickle.loads(pickle.dumps(mini))
    assert copy.banks[0].claims == mini.banks[0].claims
    assert type(copy.banks[0].claims) is FrozenDict and type(copy.banks[0].questions[0].prompt) is FrozenDict
    with pytest.raises(TypeError, match="frozen"):
        copy.banks[0].questions[0].prompt["fr"] = "Changé"


def test_a_bank_made_by_a_later_stage_is_frozen_too(mini: Workspace) -> None:
    """`dataclasses.replace` with a plain dict (as a stage or a test may write it) still gives a frozen bank."""
    bank = dataclasses.replace(mini.banks[0], scoring={"multiple-select": "partial"}, title={"fr": "Autre titre"})
    assert bank.policy_of("multiple-select") == "partial"
    for change in (lambda: bank.scoring.__setitem__("matching", "per-row"), lambda: bank.title.clear()):
        with pytest.raises(TypeError, match="frozen"):
            change()
    workspace = dataclasses.replace(mini, glossary=dict(mini.glossary))
    with pytest.raises(TypeError, match="frozen"):
        workspace.glossary.clear()  # type: ignore[attr-defined]


def test_frozen_dict_behaves_as_a_dict_that_refuses_changes() -> None:
    import copy
    import json

    frozen = FrozenDict.fromkeys(["a", "b"], 0)
    assert type(frozen) is FrozenDict and frozen == {"a": 0, "b": 0}
    assert json.loads(json.dumps(frozen)) == {"a": 0, "b": 0}
    assert frozen | {"c": 1} == {"a": 0, "b": 0, "c": 1} and frozen == {"a": 0, "b": 0}  # a new plain dict
    assert copy.copy(frozen) is frozen and copy.deepcopy(frozen) == frozen
    with pytest.raises(TypeError, match="frozen"):
        frozen |= {"c": 1}


def test_a_printed_key_is_frozen_and_its_manifest_is_plain_json_data(mini: Workspace) -> None:
    """A later stage cannot change the key a variant prints; the manifest holds lists and dicts, as read back."""
    import json

    from quizgen.variants.draw import manifest_questions

    variant = draw_variant(mini, None, Options(), 1)
    keyed = {p.question.type: p for p in variant.questions}
    with pytest.raises(AttributeError):
        keyed["single-choice"].correct.append("Z")
    with pytest.raises(TypeError, match="frozen"):
        keyed["matching"].correct["1"] = "Z"
    entries = manifest_questions(variant)
    assert entries == json.loads(json.dumps(entries))  # types included: tuples would come back as lists
    assert any(isinstance(e["correct"], list) for e in entries) and any(isinstance(e["correct"], dict) for e in entries)
    assert all(type(e["correct"]) in (list, dict, bool, type(None)) for e in entries)
