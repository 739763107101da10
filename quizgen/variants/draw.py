"""Seeded variants: which questions, in which order, with which choice order.

All randomness goes through one `random.Random(seed)`, drawn in a fixed order,
so the same bank, options and seed always give the same variant.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import secrets
import string
from dataclasses import asdict, dataclass, field
from typing import Any

from quizgen.bank import model
from quizgen.bank.checks import categories_of
from quizgen.bank.schema_errors import suggest
from quizgen.bank.workspace import Bank
from quizgen.core.problems import UsageProblem

LETTERS = string.ascii_uppercase


@dataclass(frozen=True)
class Options:
    """What shapes a variant's content (paper size does not, so it is not here)."""

    count: int | None = None
    preset: str | None = None
    skills: tuple[str, ...] = ()
    techniques: tuple[str, ...] = ()
    difficulty: tuple[int, ...] = ()
    types: tuple[str, ...] = ()
    language: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {key: list(value) if isinstance(value, tuple) else value for key, value in asdict(self).items()}


@dataclass
class Choice:
    letter: str
    original: int  # index in the bank
    choice: model.Choice


@dataclass
class Row:
    """A matching row or a classification item, as printed."""

    number: int
    original: int
    excerpt: model.Excerpt
    answers: list[str]  # letters (matching) or category ids (classification)
    explanation: dict[str, str] | None = None
    claim: model.Claim | None = None


@dataclass
class PrintedQuestion:
    number: int
    question: model.Question
    choices: list[Choice] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    options: list[tuple[str, str]] = field(default_factory=list)  # (letter, technique id) or (letter, category id)

    @property
    def correct(self) -> Any:
        q = self.question
        if isinstance(q, (model.SingleChoice, model.MultipleSelect)):
            return [c.letter for c in self.choices if c.choice.correct]
        if isinstance(q, model.TrueFalse):
            return q.answer
        if isinstance(q, (model.Matching, model.ClaimClassification)):
            return {str(row.number): row.answers[0] for row in self.rows}
        return None


@dataclass
class Variant:
    bank: Bank
    seed: int
    options: Options
    bank_hash: str
    code: str
    questions: list[PrintedQuestion]
    preset: model.Preset | None = None
    set_seed: int | None = None  # in a class set: the seed that chose the questions

    @property
    def total_points(self) -> int:
        return sum(p.question.points for p in self.questions)

    @property
    def language(self) -> str:
        return self.options.language or self.bank.language


def fresh_seed() -> int:
    """A new seed for a teacher who gave none; printed and recorded so the sheet can be rebuilt."""
    return secrets.randbelow(900_000) + 100_000


def variant_code(bank_hash: str, options: Options, seed: int, set_seed: int | None = None) -> str:
    fields: dict[str, Any] = {"bank": bank_hash, "options": options.as_dict(), "seed": seed}
    if set_seed is not None:  # the questions of a class set come from the set's seed
        fields["set_seed"] = set_seed
    payload = json.dumps(fields, sort_keys=True)
    digest = hashlib.sha256(payload.encode()).digest()
    code = base64.b32encode(digest[:5]).decode()[:6]
    return f"{code[:3]}-{code[3:]}"


def make_variant(bank: Bank, options: Options, seed: int, bank_hash: str,
                 questions: list[model.Question] | None = None, set_seed: int | None = None) -> Variant:
    """One variant. With `questions`, the selection is fixed (a class set) and only the order is drawn."""
    rng = random.Random(seed)
    preset = _preset(bank, options.preset)
    if questions is None:
        pool = _pool(bank, options, preset)
        count = options.count or (preset.count if preset else None)
        chosen = _stratified(pool, count, rng) if count and count < len(pool) else list(pool)
    else:
        chosen = list(questions)
    rng.shuffle(chosen)
    printed = [_print(number, question, bank, rng) for number, question in enumerate(chosen, 1)]
    code = variant_code(bank_hash, options, seed, set_seed)
    return Variant(bank, seed, options, bank_hash, code, printed, preset, set_seed)


def class_variants(bank: Bank, options: Options, seed: int, bank_hash: str, number: int) -> list[Variant]:
    """`number` variants for one class: the same questions, in different orders.

    Variant 1 is exactly the single sheet `seed` gives. The others keep its
    questions (so every student gets the same difficulty, skills and points)
    and draw their own question order and choice order from seeds derived from
    `seed`. A draw identical to an earlier one is skipped, so two sheets of a
    set never share both question and choice order, and neighbours (consecutive
    sheets, as handed out along a row) never share the question order.
    """
    first = make_variant(bank, options, seed, bank_hash)
    selection = sorted((p.question for p in first.questions), key=bank.questions.index)
    variants = [first]
    seen = {_arrangement(first)}
    attempt = 1
    while len(variants) < number:
        attempt += 1
        derived = _derived_seed(seed, attempt)
        candidate = make_variant(bank, options, derived, bank_hash, selection, set_seed=seed)
        same_order_as_neighbour = len(selection) > 1 and _order(candidate) == _order(variants[-1])
        fresh = _arrangement(candidate) not in seen and not same_order_as_neighbour
        if fresh or attempt > 50 * number:  # a tiny selection cannot always differ
            seen.add(_arrangement(candidate))
            variants.append(candidate)
    return variants


def _derived_seed(seed: int, index: int) -> int:
    digest = hashlib.sha256(f"quizgen-class-set/{seed}/{index}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 900_000_000 + 100_000_000


def _order(variant: Variant) -> list[str]:
    return [p.question.id for p in variant.questions]


def _arrangement(variant: Variant) -> tuple[Any, ...]:
    return tuple((p.question.id, tuple(c.original for c in p.choices), tuple(r.original for r in p.rows))
                 for p in variant.questions)


def _preset(bank: Bank, name: str | None) -> model.Preset | None:
    if name is None:
        return None
    for preset in bank.presets:
        if preset.id == name:
            return preset
    known = [p.id for p in bank.presets]
    raise UsageProblem(f"no preset '{name}' in bank '{bank.id}'.{suggest(name, known)} "
                       f"Presets: {', '.join(known) or 'none'}.")


def _pool(bank: Bank, options: Options, preset: model.Preset | None) -> list[model.Question]:
    questions = list(bank.questions)
    if preset and preset.questions is not None:
        by_id = {q.id: q for q in questions}
        questions = [by_id[qid] for qid in preset.questions]
    filters: dict[str, set[Any]] = {
        "skill": set(options.skills) or set(preset.skills if preset else ()),
        "type": set(options.types) or set(preset.types if preset else ()),
        "difficulty": set(options.difficulty) or set(preset.difficulty if preset else ()),
    }
    techniques = set(options.techniques) or set(preset.techniques if preset else ())
    unknown = sorted(techniques - set(bank.glossary))
    if unknown:
        raise UsageProblem(f"unknown technique '{unknown[0]}'.{suggest(unknown[0], sorted(bank.glossary))}")
    pool = [
        q for q in questions
        if all(not wanted or getattr(q, attr) in wanted for attr, wanted in filters.items())
        and (not techniques or techniques & set(_techniques_of(q)))
    ]
    if not pool:
        raise UsageProblem("no question matches these filters; loosen --skill/--technique/--difficulty/--type.")
    return pool


def _techniques_of(question: model.Question) -> list[str]:
    found = list(question.techniques)
    if isinstance(question, model.Matching):
        found += [pair.technique for pair in question.pairs]
    return found


def _stratified(pool: list[model.Question], count: int, rng: random.Random) -> list[model.Question]:
    """Draw `count` questions taking skills in turn, so a short sheet still covers them all."""
    groups: dict[str, list[model.Question]] = {}
    for question in pool:
        groups.setdefault(question.skill, []).append(question)
    skills = sorted(groups)
    for skill in skills:
        rng.shuffle(groups[skill])
    rng.shuffle(skills)
    chosen: list[model.Question] = []
    while len(chosen) < count:
        for skill in skills:
            if groups[skill] and len(chosen) < count:
                chosen.append(groups[skill].pop())
    return chosen


def _print(number: int, question: model.Question, bank: Bank, rng: random.Random) -> PrintedQuestion:
    printed = PrintedQuestion(number, question)
    if isinstance(question, (model.SingleChoice, model.MultipleSelect)):
        order = _shuffle_unpinned([c.pinned for c in question.choices], rng)
        printed.choices = [Choice(LETTERS[i], original, question.choices[original])
                           for i, original in enumerate(order)]
    elif isinstance(question, model.Matching):
        techniques = list(dict.fromkeys([p.technique for p in question.pairs] + question.distractors))
        rng.shuffle(techniques)
        letter_of = {tid: LETTERS[i] for i, tid in enumerate(techniques)}
        printed.options = [(letter_of[tid], tid) for tid in techniques]
        order = list(range(len(question.pairs)))
        rng.shuffle(order)
        for row, original in enumerate(order, 1):
            pair = question.pairs[original]
            accepted = [letter_of[t] for t in (pair.technique, *pair.also_accept) if t in letter_of]
            printed.rows.append(Row(row, original, pair.excerpt, accepted))
    elif isinstance(question, model.ClaimClassification):
        printed.options = [(LETTERS[i], cid) for i, cid in enumerate(categories_of(question))]
        order = list(range(len(question.items)))
        rng.shuffle(order)
        for row, original in enumerate(order, 1):
            item = question.items[original]
            claim = bank.claims.get(item.claim) if item.claim else None
            excerpt = item.excerpt or (claim.excerpt if claim else None)
            assert excerpt is not None  # guaranteed by checks
            category = item.category or (claim.verdict if claim else "")
            printed.rows.append(Row(row, original, excerpt, [category],
                                    item.explanation or (claim.explanation if claim else None), claim))
    return printed


def _shuffle_unpinned(pinned: list[bool], rng: random.Random) -> list[int]:
    free = [i for i, is_pinned in enumerate(pinned) if not is_pinned]
    shuffled = free[:]
    rng.shuffle(shuffled)
    slots = iter(shuffled)
    return [i if is_pinned else next(slots) for i, is_pinned in enumerate(pinned)]


def manifest(variant: Variant, files: dict[str, str]) -> dict[str, Any]:
    """Everything needed to rebuild or grade this sheet later."""
    return {
        "format": "quizgen-manifest",
        "version": 1,
        "variant_code": variant.code,
        "seed": variant.seed,
        "bank": variant.bank.id,
        "bank_hash": variant.bank_hash,
        "options": variant.options.as_dict(),
        "total_points": variant.total_points,
        "files": files,
        "questions": manifest_questions(variant),
    }


def manifest_questions(variant: Variant) -> list[dict[str, Any]]:
    """Per question: id, order of choices and rows as printed, and the correct answer."""
    questions = []
    for p in variant.questions:
        q = p.question
        entry: dict[str, Any] = {"number": p.number, "id": q.id, "type": q.type, "points": q.points}
        if p.choices:
            entry["choice_order"] = [c.original for c in p.choices]
        if p.rows:
            entry["row_order"] = [r.original for r in p.rows]
            entry["options"] = {letter: ident for letter, ident in p.options}
            if isinstance(q, model.Matching):
                entry["also_accepted"] = {str(r.number): r.answers[1:] for r in p.rows if len(r.answers) > 1}
        entry["correct"] = p.correct
        questions.append(entry)
    return questions
