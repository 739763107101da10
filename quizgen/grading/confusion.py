"""The two media-literacy views no peer has: which technique the class took for which, and which
verdicts it got wrong, with the one-line readings a teacher can act on.

Entry points: `technique_confusion(results)`, `verdict_confusion(results)` → `ConfusionMatrix`;
`technique_readings(matrix)`, `verdict_readings(matrix)` → `Reading`s, worded by
`labels.reading_text(reading, language, names)`.

**Technique matrix** (rows: intended technique; columns: technique given). Units:

* every matching row: intended = the row's expected technique; given = the id the student wrote, or
  the intended one when the answer is accepted (an also-accepted label counts as right);
* every single-choice item whose correct choice carries a technique id (`ChoiceInfo.technique`): given
  = the technique of the ticked choice, `OTHER` for a choice without technique or several ticks.
  Multiple-select items are left out: one tick does not say which technique was meant for which.

**Verdict matrix** (rows: the ledger verdict; columns: the category given). Units: classification
rows that come from a ledger claim (`RowInfo.claim_verdict`); rows with the bank's own categories
(fact/opinion…) are not verdicts and are left out. A blank answer goes to the `NO_ANSWER` column.

**Readings** are written only when the data support them (constants below):

* technique A taken for B: at least `MIN_GROUP` (non-blank) answers about A *on questions that
  offered B*, at least `MIN_SHARE` of them B, given by at least `MIN_STUDENTS` students. (A share of
  the answers, so that the mistakes a weak class spreads evenly over every wrong option — about
  1/(options − 1) of its wrong answers each — do not read as a confusion; only where B was offered,
  so that a question without B does not dilute it.) Worded "confuses A and B" when both directions
  pass, "takes A for B" when one does, counted in *students* (a student who made it twice counts
  once; out of the students who answered about A where B was offered), as « 11 élèves sur 28 ».
* verdicts, counted in *answers*: over-scepticism (accurate claims classed inaccurate or misleading),
  credulity (inaccurate or misleading claims classed accurate), then any other cell of the matrix;
  each needs at least `MIN_GROUP` answers in its row, `MIN_STUDENTS` answers in the cell and
  `MIN_SHARE` of the row. At most `MAX_READINGS` readings per view, strongest first.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizgen.grading.results import CATEGORY_ROWS, TECHNIQUE_ROWS, ClassResults, SheetResult

NO_ANSWER = "-"  # column of blank answers
OTHER = "*"  # column of answers that name no technique (e.g. "none of these", several ticks)
VERDICT_ORDER = ("accurate", "inaccurate", "misleading", "unverifiable", "contested", "outdated", "opinion")
FALSE_VERDICTS = ("inaccurate", "misleading")

MIN_STUDENTS = 3
MIN_GROUP = 5
MIN_SHARE = 0.30
MAX_READINGS = 4


@dataclass(frozen=True)
class ConfusionMatrix:
    """Counts of answers, intended (rows) × given (columns), with who gave them and who could have."""

    kind: str  # "technique" or "verdict"
    rows: tuple[str, ...]
    columns: tuple[str, ...]  # the rows' ids first (same order), then other given ids, OTHER, NO_ANSWER
    counts: tuple[tuple[int, ...], ...]
    students: tuple[tuple[tuple[int, ...], ...], ...]  # sheet numbers per cell, sorted
    # Per cell: non-blank answers about the row on a question that offered the column's answer, and
    # the students who gave them: the fair denominator of "took A for B" (B must have been on the sheet).
    offered: tuple[tuple[int, ...], ...]
    offered_students: tuple[tuple[tuple[int, ...], ...], ...]

    def _cell(self, intended: str, given: str) -> tuple[int, int] | None:
        if intended not in self.rows or given not in self.columns:
            return None
        return self.rows.index(intended), self.columns.index(given)

    def count(self, intended: str, given: str) -> int:
        cell = self._cell(intended, given)
        return self.counts[cell[0]][cell[1]] if cell else 0

    def cell_students(self, intended: str, given: str) -> frozenset[int]:
        cell = self._cell(intended, given)
        return frozenset(self.students[cell[0]][cell[1]]) if cell else frozenset()

    def exposure(self, intended: str, given: str) -> tuple[int, frozenset[int]]:
        """(answers, students) about `intended` on questions where `given` could be answered."""
        cell = self._cell(intended, given)
        if cell is None:
            return 0, frozenset()
        return self.offered[cell[0]][cell[1]], frozenset(self.offered_students[cell[0]][cell[1]])

    def row_total(self, intended: str, blank: bool = False) -> int:
        if intended not in self.rows:
            return 0
        row = self.rows.index(intended)
        return sum(n for given, n in zip(self.columns, self.counts[row], strict=True) if blank or given != NO_ANSWER)

    @property
    def total(self) -> int:
        return sum(map(sum, self.counts))


@dataclass(frozen=True)
class Reading:
    """One sentence for the teacher, as data; `labels.reading_text` words it."""

    kind: str  # confuses, takes_for, over_scepticism, credulity, verdict_mixup
    subjects: tuple[str, ...]  # technique or verdict/category ids
    count: int
    total: int
    unit: str  # "students" or "answers"

    @property
    def share(self) -> float:
        return self.count / self.total if self.total else 0.0


# --- building the matrices ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    intended: str
    given: str
    sheet: int
    offered: frozenset[str]  # the answers this unit's question offered


def _build(kind: str, units: list[_Unit], order: list[str]) -> ConfusionMatrix:
    rank = {key: index for index, key in enumerate(order)}

    def ordered(keys: set[str]) -> list[str]:
        return sorted(keys, key=lambda key: (rank.get(key, len(rank)), key))

    rows = ordered({u.intended for u in units})
    extra = ordered({u.given for u in units} - set(rows) - {OTHER, NO_ANSWER})
    tail = [key for key in (OTHER, NO_ANSWER) if any(u.given == key for u in units)]
    columns = rows + extra + tail
    cells: dict[tuple[str, str], list[int]] = {}
    exposed: dict[tuple[str, str], list[int]] = {}
    for unit in units:
        cells.setdefault((unit.intended, unit.given), []).append(unit.sheet)
        if unit.given != NO_ANSWER:
            for option in unit.offered | {unit.given}:
                exposed.setdefault((unit.intended, option), []).append(unit.sheet)
    return ConfusionMatrix(
        kind=kind, rows=tuple(rows), columns=tuple(columns),
        counts=tuple(tuple(len(cells.get((r, c), [])) for c in columns) for r in rows),
        students=tuple(tuple(tuple(sorted(set(cells.get((r, c), [])))) for c in columns) for r in rows),
        offered=tuple(tuple(len(exposed.get((r, c), [])) for c in columns) for r in rows),
        offered_students=tuple(tuple(tuple(sorted(set(exposed.get((r, c), [])))) for c in columns) for r in rows),
    )


def _rows_given(sheet: SheetResult, question_id: str) -> dict[int, str | None]:
    return {row.original: row.given for row in sheet.item(question_id).rows}


def technique_confusion(results: ClassResults) -> ConfusionMatrix:
    units: list[_Unit] = []
    for qid in results.question_ids:
        question = results.questions[qid]
        if question.options_kind == TECHNIQUE_ROWS:
            offered = frozenset(option.id for option in question.options)
            for sheet in results.sheets:
                given_of = _rows_given(sheet, qid)
                for index, row in enumerate(question.rows):
                    given = given_of.get(index)
                    answer = NO_ANSWER if not given else row.expected if given in row.accepted else given
                    units.append(_Unit(row.expected, answer, sheet.number, offered))
        elif question.is_choice:
            keys = [c for c in question.choices if c.correct]
            if len(keys) != 1 or keys[0].technique is None:
                continue
            offered = frozenset(c.technique for c in question.choices if c.technique)
            for sheet in results.sheets:
                ticked = sheet.item(qid).choices_given
                if not ticked:
                    answer = NO_ANSWER
                elif len(ticked) > 1:
                    answer = OTHER
                else:
                    answer = question.choices[ticked[0]].technique or OTHER
                units.append(_Unit(keys[0].technique, answer, sheet.number, offered))
    return _build("technique", units, list(results.technique_names))


def verdict_confusion(results: ClassResults) -> ConfusionMatrix:
    units: list[_Unit] = []
    for qid in results.question_ids:
        question = results.questions[qid]
        if question.options_kind != CATEGORY_ROWS:
            continue
        offered = frozenset(option.id for option in question.options)
        for sheet in results.sheets:
            given_of = _rows_given(sheet, qid)
            for index, row in enumerate(question.rows):
                if row.claim_verdict is not None:
                    units.append(_Unit(row.claim_verdict, given_of.get(index) or NO_ANSWER, sheet.number, offered))
    return _build("verdict", units, [*VERDICT_ORDER, *results.category_labels])


# --- readings -----------------------------------------------------------------------------------------


def _supported(count: int, total: int) -> bool:
    return count >= MIN_STUDENTS and total >= MIN_GROUP and count / total >= MIN_SHARE


def _mistaken_for(matrix: ConfusionMatrix, a: str, b: str) -> bool:
    """A → B is frequent enough to read: enough answers about A where B was offered, enough of them B,
    from enough students."""
    answers, _ = matrix.exposure(a, b)
    return (answers >= MIN_GROUP and len(matrix.cell_students(a, b)) >= MIN_STUDENTS
            and matrix.count(a, b) / answers >= MIN_SHARE)


def technique_readings(matrix: ConfusionMatrix) -> tuple[Reading, ...]:
    """'The class confuses A and B: 11 students of 28', for every pair the data support."""
    readings = []
    named = [c for c in matrix.columns if c not in (OTHER, NO_ANSWER)]
    seen: set[frozenset[str]] = set()
    for a in matrix.rows:
        for b in named:
            pair = frozenset((a, b))
            if a == b or pair in seen:
                continue
            seen.add(pair)
            forward, backward = _mistaken_for(matrix, a, b), _mistaken_for(matrix, b, a)
            if forward and backward:
                confused = matrix.cell_students(a, b) | matrix.cell_students(b, a)
                group = matrix.exposure(a, b)[1] | matrix.exposure(b, a)[1]
                readings.append(Reading("confuses", tuple(sorted((a, b), key=matrix.columns.index)),
                                        len(confused), len(group), "students"))
            elif forward or backward:
                first, second = (a, b) if forward else (b, a)
                readings.append(Reading("takes_for", (first, second), len(matrix.cell_students(first, second)),
                                        len(matrix.exposure(first, second)[1]), "students"))
    return _strongest(readings)


def verdict_readings(matrix: ConfusionMatrix) -> tuple[Reading, ...]:
    """Over-scepticism and credulity first (the inoculation literature's two failure modes), then other mix-ups."""
    readings = []
    covered: set[tuple[str, str]] = set()
    total = matrix.row_total("accurate")
    count = sum(matrix.count("accurate", v) for v in FALSE_VERDICTS)
    covered |= {("accurate", v) for v in FALSE_VERDICTS}
    if _supported(count, total):
        readings.append(Reading("over_scepticism", ("accurate",), count, total, "answers"))
    total = sum(matrix.row_total(v) for v in FALSE_VERDICTS)
    count = sum(matrix.count(v, "accurate") for v in FALSE_VERDICTS)
    covered |= {(v, "accurate") for v in FALSE_VERDICTS}
    if _supported(count, total):
        readings.append(Reading("credulity", FALSE_VERDICTS, count, total, "answers"))
    mixups = []
    for intended in matrix.rows:
        for given in matrix.columns:
            if given in (intended, NO_ANSWER, OTHER) or (intended, given) in covered:
                continue
            count, total = matrix.count(intended, given), matrix.row_total(intended)
            if _supported(count, total):
                mixups.append(Reading("verdict_mixup", (intended, given), count, total, "answers"))
    return (*readings, *_strongest(mixups))[:MAX_READINGS]


def _strongest(readings: list[Reading]) -> tuple[Reading, ...]:
    return tuple(sorted(readings, key=lambda r: (-r.share, -r.count, r.subjects))[:MAX_READINGS])
