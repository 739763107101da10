"""A simulated class, for tests and the benchmark: students with abilities answer a real class set.

`simulate_class(questions, sheets_numbering, ...)` answers any `QuestionInfo`s;
`simulate_bank_class(bank, question_ids, students=30, seed=1, ...)` draws the bank's class set
(`variants.class_variants`, so numbers and variant codes are the real ones) and answers it.

Response model (two-parameter logistic): student ability θ ~ N(0, 1); a question of difficulty 1/2/3
has b = −1/0/+1 (+ N(0, 0.3) per question) and a = 1.7; a unit (a choice question, a matching or
classification row, a true/false) is right with probability 1/(1 + e^(−a(θ − b))). A wrong unit picks
a wrong answer uniformly, except where a planted mistake says otherwise:

* `confusions`: {intended technique: (given technique, rate)} → a wrong matching row about the
  intended technique gives that technique with probability `rate` when the question offers it;
* `over_scepticism`: probability that a wrong answer on an *accurate* ledger claim is
  "inaccurate" or "misleading" (else uniform).

Blank answers: each unit is left blank with probability `blank_rate`. Points use the simulation's
own simple rules (fraction of rows right; multiple-select: (right ticks − wrong ticks)/keys, floored
at 0; short answers: the teacher's points in half points): it makes data, it does not grade.
Randomness comes only from `numpy.random.default_rng(seed)`, drawn in a fixed order.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from .. import model
from ..export import content_hash  # the variant code depends on the bank's hash, as in a real build
from ..variants import Options, class_variants
from ..workspace import Bank
from .from_bank import category_labels, question_infos, technique_names
from .results import ClassResults, ItemResult, QuestionInfo, RowResult, SheetResult

A = 1.7
B_OF_DIFFICULTY = {1: -1.0, 2: 0.0, 3: 1.0}
FALSE_VERDICTS = ("inaccurate", "misleading")


def simulate_class(questions: dict[str, QuestionInfo], numbering: list[dict[str, int]], *, seed: int = 1,
                   variant_codes: list[str] | None = None, confusions: dict[str, tuple[str, float]] | None = None,
                   over_scepticism: float = 0.0, blank_rate: float = 0.03,
                   names: list[str] | None = None, group: str = "2nde 3") -> tuple[list[SheetResult], np.ndarray]:
    """Sheets answered by `len(numbering)` students; numbering[s] maps question id → number on sheet s.

    Returns the sheets and the abilities drawn (to check that the analysis finds them)."""
    rng = np.random.default_rng(seed)
    confusions = confusions or {}
    ids = list(numbering[0])
    difficulty = {qid: B_OF_DIFFICULTY[questions[qid].difficulty] + rng.normal(0, 0.3) for qid in ids}
    abilities = rng.normal(0, 1, len(numbering))
    sheets = []
    for s, numbers in enumerate(numbering):
        def right(qid: str, theta: float = float(abilities[s])) -> bool:
            return bool(rng.random() < 1 / (1 + math.exp(-A * (theta - difficulty[qid]))))

        def blank() -> bool:
            return bool(rng.random() < blank_rate)

        items = []
        for qid in ids:
            q = questions[qid]
            item = ItemResult(qid, numbers[qid], q.points, None)
            if q.type == "single-choice":
                if not blank():
                    key = [i for i, c in enumerate(q.choices) if c.correct]
                    wrong = [i for i, c in enumerate(q.choices) if not c.correct]
                    pick = key[0] if right(qid) or not wrong else int(rng.choice(wrong))
                    item = ItemResult(qid, numbers[qid], q.points, q.points if pick in key else 0.0, (pick,))
            elif q.type == "multiple-select":
                if not blank():
                    ticks = tuple(i for i, c in enumerate(q.choices) if right(qid) == c.correct)
                    keys = sum(c.correct for c in q.choices)
                    good = sum(q.choices[i].correct for i in ticks)
                    earned = q.points * max(0.0, (good - (len(ticks) - good)) / keys)
                    item = ItemResult(qid, numbers[qid], q.points, earned, ticks)
            elif q.type == "true-false":
                if not blank():
                    truth = q.truth if right(qid) else not q.truth
                    item = ItemResult(qid, numbers[qid], q.points, q.points if truth == q.truth else 0.0,
                                      truth_given=truth)
            elif q.type in ("matching", "claim-classification"):
                rows = []
                for index, row in enumerate(q.rows):
                    if blank():
                        rows.append(RowResult(index, None))
                        continue
                    given = row.expected if right(qid) else _wrong(q, row.expected, row.claim_verdict, rng,
                                                                    confusions, over_scepticism)
                    rows.append(RowResult(index, given))
                if any(r.given for r in rows):
                    share = sum(r.given in q.rows[r.original].accepted for r in rows) / len(q.rows)
                    item = ItemResult(qid, numbers[qid], q.points, q.points * share, rows=tuple(rows))
                else:
                    item = ItemResult(qid, numbers[qid], q.points, None, rows=tuple(rows))
            elif not blank():  # short answer: the teacher's points, in half points
                expected = 1 / (1 + math.exp(-A * (abilities[s] - difficulty[qid])))
                points = float(min(q.points, max(0.0, round(2 * (q.points * expected + rng.normal(0, 0.5))) / 2)))
                item = ItemResult(qid, numbers[qid], q.points, points, teacher_points=points)
            items.append(item)
        name = names[s] if names else f"Élève {s + 1:02d}"
        code = variant_codes[s] if variant_codes else f"SIM-{s + 1:03d}"
        sheets.append(SheetResult(s + 1, code, name, group, tuple(items)))
    return sheets, abilities


def _wrong(q: QuestionInfo, expected: str, verdict: str | None, rng: np.random.Generator,
           confusions: dict[str, tuple[str, float]], over_scepticism: float) -> str:
    others = [o.id for o in q.options if o.id != expected]
    planted = confusions.get(expected)
    if planted and planted[0] in others and rng.random() < planted[1]:
        return planted[0]
    sceptical = [o for o in others if o in FALSE_VERDICTS]
    if verdict == "accurate" and sceptical and rng.random() < over_scepticism:
        return str(rng.choice(sceptical))
    return str(rng.choice(others))


def simulate_bank_class(bank: Bank, question_ids: list[str], *, students: int = 30, seed: int = 1,
                        language: str | None = None, **planted: object) -> ClassResults:
    """The bank's class set of these questions (seed `seed`), answered by `students` simulated students."""
    language = language or bank.language
    selection: list[model.Question] = [q for q in bank.questions if q.id in set(question_ids)]
    missing = set(question_ids) - {q.id for q in selection}
    if missing:
        raise ValueError(f"not in bank {bank.id}: {sorted(missing)}")
    only_these = replace(bank, questions=selection, presets=[])  # so the class set draws exactly them
    variants = class_variants(only_these, Options(), seed, content_hash(bank), students)
    numbering = [{p.question.id: p.number for p in v.questions} for v in variants]
    infos = question_infos(bank, language)
    sheets, _ = simulate_class(infos, numbering, seed=seed, variant_codes=[v.code for v in variants],
                               **planted)  # type: ignore[arg-type]
    return ClassResults(
        bank_id=bank.id, bank_title=bank.title.get(language) or next(iter(bank.title.values())),
        language=language, questions=infos, technique_names=technique_names(bank, language),
        category_labels=category_labels(bank, language), sheets=tuple(sheets))

