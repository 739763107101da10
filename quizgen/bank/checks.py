"""Checks across a bank: grounding, references, answer keys and sources.

Checks read the bank and return what they found — problems, and the paragraph where each
excerpt was found — instead of writing into the models; `with_paragraphs` then makes the
located, frozen copies the later stages use.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from quizgen.bank.article import locate
from quizgen.bank.quotes import check_quotations
from quizgen.bank.unchecked import CLAIMS, QUESTIONS, TECHNIQUES, InvalidFile, SkipLog, may_hold_questions
from quizgen.core.problems import Problem, suggest
from quizgen.types import LETTERS, Question, type_of
from quizgen.types.base import PathKey, unknown_technique
from quizgen.types.fields import SOURCED_VERDICTS, Excerpt

if TYPE_CHECKING:
    from quizgen.bank.model import Preset
    from quizgen.bank.workspace import Bank, Location

Model = TypeVar("Model", bound=BaseModel)
#: Where each excerpt was found: its text as written → paragraph number (first match).
Paragraphs = dict[str, int]


def check_bank(bank: Bank, invalid: Sequence[InvalidFile] = ()) -> tuple[list[Problem], Paragraphs]:
    """Every problem of `bank`; `invalid` are the workspace's files that failed to validate: the
    checks that depend on what they may declare are skipped, and said once per file (unchecked.py)."""
    problems: list[Problem] = []
    found: Paragraphs = {}
    skipped = SkipLog()
    if not bank.questions and bank.location is not None and not may_hold_questions(invalid, bank.id):
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
        location = bank.locations[f"question:{question.id}"]
        if _skip_references(bank, question, location, invalid, skipped):
            problems += _check_grounding(bank, question, location, found)
        else:
            problems += _check_question(bank, question, location, found)
    problems += check_quotations(bank)
    problems += _check_presets(bank, invalid, skipped)
    return problems + skipped.problems(), found


def _skip_references(bank: Bank, question: Question, location: Location, invalid: Sequence[InvalidFile],
                     skipped: SkipLog) -> bool:
    """Whether the question refers to claims or techniques that an invalid file may declare: then
    only its grounding is checked, and the file gets one line saying so."""
    lost = False
    refs = ((CLAIMS, type_of(question).claims(question), bank.claims,
             "the questions here that use {them} were not checked against the claims"),
            (TECHNIQUES, technique_references(question), bank.glossary,
             "the questions here that use {them} were not checked against the glossary"))
    for what, ids, known, consequence in refs:
        for ident in ids:
            causes = [file for file in invalid if ident not in known and file.may_declare(what, ident, bank.id)]
            if causes:
                lost = True
                skipped.add(location.document.path, location.line, what, ident, causes, consequence)
    return lost


def technique_references(model: Any) -> list[str]:
    """Every technique id a question names: techniques:, and a pair's or a choice's technique,
    also_accept, distractors (by field name, whatever the type)."""
    found: list[str] = []
    for name in type(model).model_fields:
        value = getattr(model, name)
        values = value if isinstance(value, tuple) else (value,)
        if name in ("technique", "techniques", "also_accept", "distractors"):
            found += [item for item in values if isinstance(item, str)]
        for item in values:
            if isinstance(item, BaseModel):
                found += technique_references(item)
    return list(dict.fromkeys(found))


def _check_grounding(bank: Bank, question: Question, location: Location, found: Paragraphs) -> list[Problem]:
    problems: list[Problem] = []
    for excerpt, at in excerpts_of(question):
        problems += _ground(bank, excerpt, location, at, found)
    return problems


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
    if isinstance(value, tuple):
        items = tuple(_located(item, found) for item in value)
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
    problems += _check_grounding(bank, question, location, found)
    # An unknown claim is reported above: "needs its sources" would only repeat it.
    if question.skill == "verify-claim" and not question.sources and all(
        cid in bank.claims for cid in question.claims
    ) and not any(
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


def _check_presets(bank: Bank, invalid: Sequence[InvalidFile], skipped: SkipLog) -> list[Problem]:
    problems: list[Problem] = []
    assert bank.location is not None
    ids = {question.id for question in bank.questions}
    seen: set[str] = set()
    incomplete = may_hold_questions(invalid, bank.id)  # then no count can be checked
    for index, preset in enumerate(bank.presets):
        where = ("presets", index)
        line = bank.location.document.line_of((*bank.location.path, *where))
        if preset.id in seen:
            problems.append(bank.location.problem(f"preset id '{preset.id}' is used twice.", *where, "id"))
        seen.add(preset.id)
        for tid in preset.techniques:
            causes = [file for file in invalid if tid not in bank.glossary and file.may_declare(TECHNIQUES, tid)]
            if causes:
                skipped.add(bank.location.document.path, line, TECHNIQUES, tid, causes,
                            "the presets that use {them} were not checked")
            elif tid not in bank.glossary:
                problems.append(bank.location.problem(unknown_technique(tid, bank.view), *where, "techniques"))
        for qid in preset.questions or []:
            causes = [file for file in invalid if qid not in ids and file.may_declare(QUESTIONS, qid, bank.id)]
            if causes:
                skipped.add(bank.location.document.path, line, QUESTIONS, qid, causes,
                            "the presets that name {them} were not checked")
            elif qid not in ids:
                problems.append(bank.location.problem(
                    f"preset '{preset.id}' names unknown question '{qid}'.{suggest(qid, sorted(ids))}",
                    *where, "questions"))
        if preset.questions is not None and (preset.skills or preset.types or preset.techniques
                                             or preset.difficulty):
            problems.append(bank.location.problem(
                "a preset gives either an explicit questions: list or filters, not both.", *where))
        elif preset.count is not None and not incomplete and not _names_unknown(preset, bank, ids):
            problems += _unfillable(bank, preset, where, ids)
    return problems


def _names_unknown(preset: Preset, bank: Bank, ids: set[str]) -> bool:
    """Whether the preset names a technique or question the bank lacks: reported above (or skipped), and
    its count cannot be judged, so no second message for the same mistake."""
    return (any(tid not in bank.glossary for tid in preset.techniques)
            or any(qid not in ids for qid in preset.questions or []))


def matching(questions: Iterable[Question], skills: Collection[str] = (), types: Collection[str] = (),
             difficulty: Collection[int] = (), techniques: Collection[str] = ()) -> list[Question]:
    """The questions that pass every filter given (an empty filter lets everything through).

    One rule for presets (checked here) and for the draw of a sheet (quizgen.variants.draw)."""
    return [
        q for q in questions
        if (not skills or q.skill in skills) and (not types or q.type in types)
        and (not difficulty or q.difficulty in difficulty)
        and (not techniques or set(techniques) & set(type_of(q).techniques(q)))
    ]


def _unfillable(bank: Bank, preset: Preset, where: PathKey, ids: set[str]) -> list[Problem]:
    """A preset whose count: its questions or filters cannot fill (a sheet would silently be shorter)."""
    assert bank.location is not None and preset.count is not None
    asks = f"preset '{preset.id}' asks for {preset.count} questions (count: {preset.count})"
    if preset.questions is not None:
        named = len({qid for qid in preset.questions if qid in ids})
        if named >= preset.count:
            return []
        message = f"{asks} but its questions: list names {named}; lower count:, or name more questions."
    else:
        found = len(matching(bank.questions, preset.skills, preset.types, preset.difficulty, preset.techniques))
        if found >= preset.count:
            return []
        filters = [name for name in ("skills", "types", "difficulty", "techniques") if getattr(preset, name)]
        message = (f"{asks} but only {found} of the bank's questions match its filters ({', '.join(filters)}); "
                   "lower count:, or widen the filters." if filters else
                   f"{asks} but the bank has only {found}; lower count:, or add questions.")
    return [bank.location.problem(message, *where, "count")]
