"""A simulated class, for tests and benchmarks: students answer a real class set's sheets, in its letters.

Each student has an ability; each question a difficulty (its bank difficulty, blurred). A student
gets a question right with the logistic probability 1 / (1 + exp(−1.7 (ability − difficulty))),
otherwise answers wrongly — where a confusion is planted (`confusions`: intended technique →
(technique given, probability)) the wrong answer is that one, and with `over_scepticism` an
accurate claim is called inaccurate or misleading. Answers are written as a teacher would type
them in the responses table (letters as printed on that student's sheet, V/F, points), so that
`simulate_bank_class` goes through the real grading path: the table is read and scored by the
type registry like any other. Seeded: one numpy Generator.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np

from quizgen.bank.dump import content_hash
from quizgen.bank.workspace import Bank
from quizgen.grading.from_bank import question_infos
from quizgen.grading.grade import ClassSet, Sheet, grade_lines
from quizgen.grading.responses import ResponseLine
from quizgen.grading.results import ClassResults, QuestionInfo
from quizgen.types import LETTERS
from quizgen.variants.draw import Options, class_variants, manifest_questions

A = 1.7
B_OF_DIFFICULTY = {1: -1.0, 2: 0.0, 3: 1.0}
FALSE_VERDICTS = ("inaccurate", "misleading")


def simulate_lines(questions: dict[str, QuestionInfo], sheets: list[Sheet], *, seed: int = 1,
                   confusions: dict[str, tuple[str, float]] | None = None, over_scepticism: float = 0.0,
                   blank_rate: float = 0.03) -> tuple[list[ResponseLine], np.ndarray]:
    """The responses table of `sheets` answered by simulated students, and the abilities drawn."""
    rng = np.random.default_rng(seed)
    confusions = confusions or {}
    ids = [entry["id"] for entry in sheets[0].questions]
    difficulty = {qid: B_OF_DIFFICULTY[questions[qid].difficulty] + rng.normal(0, 0.3) for qid in ids}
    abilities = rng.normal(0, 1, len(sheets))
    lines: list[ResponseLine] = []
    for sheet, ability in zip(sheets, abilities, strict=True):
        def right(qid: str, theta: float = float(ability)) -> bool:
            return bool(rng.random() < 1 / (1 + math.exp(-A * (theta - difficulty[qid]))))

        def blank() -> bool:
            return bool(rng.random() < blank_rate)

        for entry in sheet.questions:
            q = questions[entry["id"]]

            def line(answer: str = "", row: int | None = None, points: float | None = None,
                     entry: dict[str, Any] = entry, sheet: Sheet = sheet) -> ResponseLine:
                return ResponseLine(len(lines) + 2, sheet.code, sheet.student, entry["number"], entry["id"], row,
                                    answer, points)

            if q.is_choice:
                ticked: list[int] = []
                if not blank():
                    keys = [i for i, c in enumerate(q.choices) if c.correct]
                    if len(keys) == 1:
                        wrong = [i for i, c in enumerate(q.choices) if not c.correct]
                        ticked = [keys[0] if right(q.id) or not wrong else int(rng.choice(wrong))]
                    else:
                        good = right(q.id)
                        ticked = [i for i, c in enumerate(q.choices) if good == c.correct]
                order = entry["choice_order"]
                lines.append(line("".join(sorted(LETTERS[order.index(i)] for i in ticked))))
            elif q.is_truth:
                answer = "" if blank() else ("V" if (q.truth if right(q.id) else not q.truth) else "F")
                lines.append(line(answer))
            elif q.rows:
                letter_of = {ident: letter for letter, ident in entry["options"].items()}
                for number, original in enumerate(entry["row_order"], 1):
                    row = q.rows[original]
                    if blank():
                        lines.append(line("", number))
                        continue
                    given = row.expected if right(q.id) else _wrong(q, row.expected, row.claim_verdict, rng,
                                                                     confusions, over_scepticism)
                    lines.append(line(letter_of.get(given, given), number))
            else:  # marked by the teacher, in half points
                expected = 1 / (1 + math.exp(-A * (ability - difficulty[q.id])))
                points = float(min(q.points, max(0.0, round(2 * (q.points * expected + rng.normal(0, 0.5))) / 2)))
                lines.append(line(points=points))
    return lines, abilities


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


def simulated_class_set(bank: Bank, question_ids: list[str], students: int = 30, seed: int = 1) -> ClassSet:
    """A class set of exactly these questions (the bank's, seed `seed`), as its manifest describes it."""
    selection = [q for q in bank.questions if q.id in set(question_ids)]
    missing = set(question_ids) - {q.id for q in selection}
    if missing:
        raise ValueError(f"not in bank {bank.id}: {sorted(missing)}")
    only_these = replace(bank, questions=tuple(selection), presets=())  # so the class set draws exactly them
    variants = class_variants(only_these, Options(), seed, content_hash(bank), students)
    sheets = tuple(Sheet(number, variant.code, f"Élève {number:02d}", "2nde 3", tuple(manifest_questions(variant)))
                   for number, variant in enumerate(variants, 1))
    return ClassSet(folder=None, bank_id=bank.id, bank_hash=content_hash(bank), language=None, sheets=sheets)


def simulate_bank_class(bank: Bank, question_ids: list[str], *, students: int = 30, seed: int = 1,
                        language: str | None = None, **planted: Any) -> ClassResults:
    """The bank's class set of these questions answered by `students` simulated students, graded for real."""
    class_set = replace(simulated_class_set(bank, question_ids, students, seed), language=language)
    lines, _ = simulate_lines(question_infos(bank, language or bank.language), list(class_set.sheets), seed=seed,
                              **planted)
    return grade_lines(bank, class_set, lines, "simulated-responses.csv").results
