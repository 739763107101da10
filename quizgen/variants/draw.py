"""Seeded variants: which questions, in which order, with which choice order.

All randomness goes through one `random.Random(seed)`, drawn in a fixed order,
so the same bank, options and seed always give the same variant. A draw keeps apart
questions that could give each other away (`quizgen.variants.overlap`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import secrets
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from quizgen.bank.checks import matching
from quizgen.bank.dump import content_hash
from quizgen.bank.model import Preset
from quizgen.bank.workspace import Bank, Workspace
from quizgen.core.frozen import freeze, thaw
from quizgen.core.problems import UsageProblem, suggest
from quizgen.types import Question, type_of
from quizgen.types.printed import PrintedQuestion
from quizgen.variants.overlap import Apart, Overlap

#: Fresh draws tried before a sheet is filled with overlapping questions: a first draw that gets
#: stuck (its early picks clash with all that is left) is usually followed by one that does not.
DRAW_ATTEMPTS = 50


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


@dataclass(frozen=True)
class Variant:
    bank: Bank
    seed: int
    options: Options
    bank_hash: str
    code: str
    questions: tuple[PrintedQuestion, ...]
    preset: Preset | None = None
    set_seed: int | None = None  # in a class set: the seed that chose the questions
    #: Pairs of questions on the sheet that can give each other away (shared claim or passage): none
    #: unless the draw could not avoid them, or every matching question was asked for.
    overlaps: tuple[Overlap, ...] = ()
    #: How many questions the sheet was drawn from, or None when it holds all that matched.
    drawn_from: int | None = None

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
                 questions: list[Question] | None = None, set_seed: int | None = None) -> Variant:
    """One variant. With `questions`, the selection is fixed (a class set) and only the order is drawn."""
    rng = random.Random(seed)
    preset = _preset(bank, options.preset)
    drawn_from = None
    if questions is None:
        candidates = _candidates(bank, options, preset)
        apart = Apart.of(candidates, bank)
        count = options.count or (preset.count if preset else None)
        if count and count < len(candidates):
            chosen, drawn_from = _draw_apart(candidates, count, rng, apart), len(candidates)
        else:
            chosen = list(candidates)
    else:
        chosen = list(questions)
        apart = Apart.of(sorted(chosen, key=bank.questions.index), bank)
    overlaps = apart.among(chosen)
    rng.shuffle(chosen)
    printed = tuple(printed_question(number, question, bank, rng) for number, question in enumerate(chosen, 1))
    code = variant_code(bank_hash, options, seed, set_seed)
    return Variant(bank, seed, options, bank_hash, code, printed, preset, set_seed, overlaps, drawn_from)


def check_seed(seed: int) -> None:
    """Seeds are refused below 0: `random.Random(-5)` draws what `Random(5)` draws, so the same sheet
    would get two codes (and two manifests) for no reason."""
    if seed < 0:
        raise UsageProblem(f"--seed {seed}: a seed is a whole number from 0 up; use --seed {-seed}.")


def draw_variant(workspace: Workspace, bank_id: str | None, options: Options, seed: int | None) -> Variant:
    """The variant of one sheet (a fresh seed when none is given): shared by PDF, HTML, practice and exports."""
    bank = workspace.bank(bank_id)
    if seed is not None:
        check_seed(seed)
    return make_variant(bank, canonical(bank, options), fresh_seed() if seed is None else seed, content_hash(bank))


def canonical(bank: Bank, options: Options) -> Options:
    """Preset and technique ids as the bank spells them (`--preset CONTROLE-15` is `controle-15`), so the
    same selection always gives the same variant code."""
    def spelled(ident: str, known: list[str]) -> str:
        return next((name for name in known if name.casefold() == ident.casefold()), ident)

    preset = spelled(options.preset, [p.id for p in bank.presets]) if options.preset else None
    techniques = tuple(spelled(tid, list(bank.glossary)) for tid in options.techniques)
    return replace(options, preset=preset, techniques=techniques)


def class_variants(bank: Bank, options: Options, seed: int, bank_hash: str, number: int) -> list[Variant]:
    """`number` variants for one class: the same questions, in different orders.

    Variant 1 is exactly the single sheet `seed` gives. The others keep its
    questions (so every student gets the same difficulty, skills and points)
    and draw their own question order and choice order from seeds derived from
    `seed`. A draw identical to an earlier one is skipped, so two sheets of a
    set never share both question and choice order, and neighbours (consecutive
    sheets, as handed out along a row) never share the question order. When the
    questions allow fewer different sheets than asked (two questions without
    choices: two sheets), sheets repeat, but never next to each other
    (`distinct_sheets` tells the caller, who says so).
    """
    check_seed(seed)
    options = canonical(bank, options)
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
        fresh = _arrangement(candidate) not in seen
        exhausted = attempt > 50 * number  # a tiny selection cannot always differ
        if (fresh or exhausted) and not same_order_as_neighbour or attempt > 100 * number:
            seen.add(_arrangement(candidate))
            variants.append(candidate)
    return variants


def distinct_sheets(variants: Sequence[Variant]) -> int:
    """How many different sheets (question, choice and row order) a class set holds."""
    return len({_arrangement(variant) for variant in variants})


def _derived_seed(seed: int, index: int) -> int:
    digest = hashlib.sha256(f"quizgen-class-set/{seed}/{index}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 900_000_000 + 100_000_000


def _order(variant: Variant) -> list[str]:
    return [p.question.id for p in variant.questions]


def _arrangement(variant: Variant) -> tuple[Any, ...]:
    return tuple((p.question.id, tuple(c.original for c in p.choices), tuple(r.original for r in p.rows))
                 for p in variant.questions)


def _preset(bank: Bank, name: str | None) -> Preset | None:
    if name is None:
        return None
    for preset in bank.presets:
        if preset.id == name:
            return preset
    known = [p.id for p in bank.presets]
    raise UsageProblem(f"no preset '{name}' in bank '{bank.id}'.{suggest(name, known)} "
                       f"Presets: {', '.join(known) or 'none'}.")


def _candidates(bank: Bank, options: Options, preset: Preset | None) -> list[Question]:
    """The questions that match the options (or the preset's filters), before any draw."""
    questions = list(bank.questions)
    if preset and preset.questions is not None:
        by_id = {q.id: q for q in questions}
        questions = [by_id[qid] for qid in preset.questions]
    techniques = set(options.techniques) or set(preset.techniques if preset else ())
    unknown = sorted(techniques - set(bank.glossary))
    if unknown:
        raise UsageProblem(f"unknown technique '{unknown[0]}'.{suggest(unknown[0], sorted(bank.glossary))}")
    pool = matching(questions,
                    skills=set(options.skills) or set(preset.skills if preset else ()),
                    types=set(options.types) or set(preset.types if preset else ()),
                    difficulty=set(options.difficulty) or set(preset.difficulty if preset else ()),
                    techniques=techniques)
    if not pool:
        raise UsageProblem("no question matches these filters; loosen --skill/--technique/--difficulty/--type.")
    return pool


def _draw_apart(pool: list[Question], count: int, rng: random.Random, apart: Apart) -> list[Question]:
    """`count` questions of which no two overlap, covering as many skills as a plain stratified draw
    would; failing that, the best attempt (most questions, then most skills): when it is short, it
    is topped up with the questions that clash least (in pool order). The sheet is always filled,
    and its overlaps are reported (`Variant.overlaps`), never hidden. No overlap comes before
    covering every skill: a question answered by its neighbour measures nothing.

    Bounded: DRAW_ATTEMPTS stratified draws at most, all from `rng`, so deterministic. A pool that
    could be filled without overlap but defeats every attempt is reported like one that cannot."""
    wanted_skills = min(count, len({q.skill for q in pool}))
    best: list[Question] = []
    for _ in range(DRAW_ATTEMPTS):
        chosen = _stratified(pool, count, rng, apart)
        if len(chosen) == count and _skills(chosen) == wanted_skills:
            return chosen
        best = max(best, chosen, key=lambda drawn: (len(drawn), _skills(drawn)))  # the first of equals
    rest = [q for q in pool if q not in best]
    while len(best) < count:  # one at a time: each pick counts the clashes of those before it
        pick = min(rest, key=lambda q: apart.clashes(q, best))  # the first of equals: pool order
        rest.remove(pick)
        best = [*best, pick]
    return best


def _skills(questions: list[Question]) -> int:
    return len({q.skill for q in questions})


def _stratified(pool: list[Question], count: int, rng: random.Random, apart: Apart) -> list[Question]:
    """Draw up to `count` questions taking skills in turn, so a short sheet still covers them all,
    each skill giving its next question that overlaps none already drawn (fewer than `count` when
    none is left). Without overlaps in the pool, this is exactly the draw it always was."""
    groups: dict[str, list[Question]] = {}
    for question in pool:
        groups.setdefault(question.skill, []).append(question)
    skills = sorted(groups)
    for skill in skills:
        rng.shuffle(groups[skill])
    rng.shuffle(skills)
    chosen: list[Question] = []
    while len(chosen) < count:
        added = len(chosen)
        for skill in skills:
            group = groups[skill]
            if len(chosen) < count:
                fits = [i for i, q in enumerate(group) if not apart.clashes(q, chosen)]
                if fits:
                    chosen.append(group.pop(fits[-1]))
        if len(chosen) == added:
            break
    return chosen


def printed_question(number: int, question: Question, bank: Bank, rng: random.Random) -> PrintedQuestion:
    """`question` as sheet `number` prints it; its type draws the order of choices and rows from `rng`."""
    kind = type_of(question)
    arrangement = kind.arrange(question, bank.view, rng)
    printed = PrintedQuestion(number, question, arrangement.choices, arrangement.rows, arrangement.options)
    return replace(printed, correct=freeze(kind.correct(printed)))


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
        "overlaps": manifest_overlaps(variant),
    }


def manifest_overlaps(variant: Variant) -> list[dict[str, list[str]]]:
    """The pairs of questions on the sheet that can give each other away, and what they share
    (empty when the draw kept every such pair apart)."""
    return [{"questions": [o.first, o.second], "shared": list(o.shared)} for o in variant.overlaps]


def overlap_note(variant: Variant) -> str | None:
    """What to tell the teacher when a draw could not keep apart questions that can give each other
    away. A sheet of every matching question (no count, or a `questions:` list) is what was asked
    for: its pairs are in the manifest, without a note on every whole-bank build."""
    if not variant.overlaps or variant.drawn_from is None:
        return None
    pairs = variant.overlaps
    shown = "; ".join(f"{o.first} and {o.second} ({', '.join(o.shared)})" for o in pairs[:3])
    more = f"; and {len(pairs) - 3} more" if len(pairs) > 3 else ""
    return (f"{len(pairs)} pair{'s' if len(pairs) > 1 else ''} of questions on this sheet can give each other away "
            f"(a shared claim, or the same words quoted): {shown}{more}; all are in manifest.json under 'overlaps'. "
            f"No draw of {len(variant.questions)} of the {variant.drawn_from} matching questions kept them apart: "
            "ask for fewer (--count) or add questions to the bank.")


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
            entry.update(type_of(q).manifest_extra(p))
        entry["correct"] = thaw(p.correct)
        questions.append(entry)
    return questions
