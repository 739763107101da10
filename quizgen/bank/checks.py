"""Checks across a bank: grounding, references, answer keys and sources.

Checks read the bank and return what they found — problems, and the paragraph where each
excerpt was found — instead of writing into the models; `with_paragraphs` then makes the
located, frozen copies the later stages use.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from quizgen.bank.article import locate
from quizgen.bank.quotes import check_quotations
from quizgen.core.problems import Problem, suggest
from quizgen.types import LETTERS, Question, type_of
from quizgen.types.base import PathKey, unknown_technique
from quizgen.types.fields import SOURCED_VERDICTS, Excerpt

if TYPE_CHECKING:
    from quizgen.bank.workspace import Bank, Location

Model = TypeVar("Model", bound=BaseModel)
#: Where each excerpt was found: its text as written → paragraph number (first match).
Paragraphs = dict[str, int]


def check_bank(bank: Bank) -> tuple[list[Problem], Paragraphs]:
    problems: list[Problem] = []
    found: Paragraphs = {}
    if not bank.questions and bank.location is not None:
        problems.append(bank.location.problem(
            f"bank '{bank.id}' has no questions; add a questions: list to this file, or a file with "
            f"kind: questions and bank: {bank.id}.", "id"))
    for claim_id, claim in bank.claims.items():
        location = bank.locations[f"claim:{claim_id}"]
        problems += _ground(bank, claim.excerpt, location, ("excerpt",), found)
        if claim.verdict in SOURCED_VERDICTS and not claim.sources:
            problems.append(location.problem(
                f"claim '{claim_id}' has the verdict '{claim.verdict}' but no source; add sources: "
                "(title, publisher, date) that back it.", "verdict"))
    for question in bank.questions:
        problems += _check_question(bank, question, bank.locations[f"question:{question.id}"], found)
    problems += check_quotations(bank)
    problems += _check_presets(bank)
    return problems, found


def excerpts_of(question: Question) -> Iterator[tuple[Excerpt, PathKey]]:
    """Every excerpt a question shows, with its path in the question."""
    for index, excerpt in enumerate(question.excerpts):
        yield excerpt, ("excerpts", index)
    yield from type_of(question).extra_excerpts(question)


def _ground(bank: Bank, excerpt: Excerpt, location: Location, at: PathKey, found: Paragraphs) -> list[Problem]:
    grounding = locate(excerpt.text, bank.article.paragraphs, excerpt.paragraph)
    if grounding.problem:
        return [location.problem(grounding.problem, *at)]
    if grounding.paragraph is not None and excerpt.paragraph is None:
        found.setdefault(excerpt.text, grounding.paragraph)
    return []


def with_paragraphs(model: Model, found: Paragraphs) -> Model:
    """A copy of `model` in which every excerpt without a paragraph gets the one found for it."""
    if isinstance(model, Excerpt):
        if model.paragraph is None and model.text in found:
            return model.model_copy(update={"paragraph": found[model.text]})  # type: ignore[return-value]
        return model
    changes: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        located = _located(value, found)
        if located is not value:
            changes[name] = located
    return model.model_copy(update=changes) if changes else model


def _located(value: Any, found: Paragraphs) -> Any:
    if isinstance(value, BaseModel):
        return with_paragraphs(value, found)
    if isinstance(value, list):
        items = [_located(item, found) for item in value]
        return items if any(new is not old for new, old in zip(items, value, strict=True)) else value
    return value


def _check_question(bank: Bank, question: Question, location: Location, found: Paragraphs) -> list[Problem]:
    kind = type_of(question)
    problems = [location.problem(unknown_technique(tid, bank.view), "techniques")
                for tid in question.techniques if tid not in bank.glossary]
    for cid in question.claims:
        if cid not in bank.claims:
            problems.append(location.problem(
                f"unknown claim '{cid}'.{suggest(cid, sorted(bank.claims))} Claims are declared "
                "once in the bank's claims: ledger.", "claims"))
    for excerpt, at in excerpts_of(question):
        problems += _ground(bank, excerpt, location, at, found)
    if question.skill == "verify-claim" and not question.sources and not any(
        bank.claims.get(cid) and bank.claims[cid].sources for cid in question.claims
    ):
        problems.append(location.problem(
            "a verify-claim question needs its sources: add sources: (title, publisher, date), "
            "or refer to a ledger claim that has them with claims: [ID].", "skill"))
    offered = kind.options_count(question)
    if offered > len(LETTERS):
        problems.append(location.problem(
            f"this question offers {offered} options but a sheet can letter at most {len(LETTERS)} (A–Z); "
            "remove some, or split the question.", "type"))
    problems += [location.problem(finding.message, *finding.at) for finding in kind.check(question, bank.view)]
    return problems


def _check_presets(bank: Bank) -> list[Problem]:
    problems: list[Problem] = []
    assert bank.location is not None
    ids = {question.id for question in bank.questions}
    seen: set[str] = set()
    for index, preset in enumerate(bank.presets):
        where = ("presets", index)
        if preset.id in seen:
            problems.append(bank.location.problem(f"preset id '{preset.id}' is used twice.", *where, "id"))
        seen.add(preset.id)
        problems += [bank.location.problem(unknown_technique(tid, bank.view), *where, "techniques")
                     for tid in preset.techniques if tid not in bank.glossary]
        for qid in preset.questions or []:
            if qid not in ids:
                problems.append(bank.location.problem(
                    f"preset '{preset.id}' names unknown question '{qid}'.{suggest(qid, sorted(ids))}",
                    *where, "questions"))
        if preset.questions is not None and (preset.skills or preset.types or preset.techniques
                                             or preset.difficulty):
            problems.append(bank.location.problem(
                "a preset gives either an explicit questions: list or filters, not both.", *where))
    return problems
