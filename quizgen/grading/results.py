"""A graded class as plain, frozen, JSON-able data: what every analysis in `quizgen.grading` starts from.

The glue (responses table + the type registry's scoring) fills these; nothing here scores anything.
Two halves:

* **What was asked** (variant-independent, one per bank question): `QuestionInfo` with its
  `ChoiceInfo`s (bank order), the `OptionInfo`s a matching/classification row is answered with, and
  its `RowInfo`s (bank order) holding each row's expected and accepted ids.
* **What each student did**: `SheetResult` (one per sheet, in roster order) holding one `ItemResult`
  per question on the sheet, with the points the scorer gave and the raw answer in *bank terms*
  (original choice indices, technique/category ids), so the analysis never needs a variant's letters.

Conventions the glue must follow (checked by `ClassResults.__post_init__`, which raises ValueError,
a programming error, not a teacher's):

* every sheet holds the same question ids (a class set draws one selection for all its variants);
* `ItemResult.earned is None` means "no answer"; it counts 0 in totals and statistics;
* `choices_given` and `RowResult.original` index the bank order of choices / rows;
* a row is right when its `given` id is in `RowInfo.accepted` (expected first, then also-accepted).

Changed from the brief's first sketch: the expected/accepted ids and the ledger claim of a row are
variant-independent, so they live once in `QuestionInfo.rows` (`RowInfo`) instead of being copied
into every student's `RowResult`, which keeps only `original` and `given`.

`to_json` / `from_json` give a stable JSON form (format "quizgen-class-results", version 1), e.g. to
keep `results.json` beside the report in the class folder.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from quizgen.core.frozen import freeze_mappings

FORMAT = "quizgen-class-results"
VERSION = 1

#: What the rows of a question are answered with (QuestionInfo.options_kind).
TECHNIQUE_ROWS, CATEGORY_ROWS = "technique", "category"


@dataclass(frozen=True)
class ChoiceInfo:
    """One printed choice of a choice question, in bank order."""

    text: str  # the choice as the student read it (localised, plain text)
    correct: bool  # part of the key
    technique: str | None = None  # the technique this choice names, when the bank says so (technique matrix)


@dataclass(frozen=True)
class OptionInfo:
    """One answer a matching row (technique id) or classification row (category id) can be given."""

    id: str
    label: str  # localised name, as printed in the list of options


@dataclass(frozen=True)
class RowInfo:
    """One matching pair (excerpt → technique) or classification item (claim/excerpt → category), bank order."""

    text: str  # the excerpt or claim as printed (plain text)
    expected: str  # technique id (matching) or category id (classification)
    accepted: tuple[str, ...]  # every id that earns the row: `expected` first, then also-accepted ids
    claim: str | None = None  # ledger claim id, when the classification item comes from the ledger
    claim_verdict: str | None = None  # that claim's ledger verdict (accurate, inaccurate, …)

    def __post_init__(self) -> None:
        if not self.accepted or self.accepted[0] != self.expected:
            raise ValueError(f"RowInfo {self.text[:40]!r}: accepted must start with expected {self.expected!r}")
        if (self.claim is None) != (self.claim_verdict is None):
            raise ValueError(f"RowInfo {self.text[:40]!r}: claim and claim_verdict go together")


@dataclass(frozen=True)
class QuestionInfo:
    """What a bank question asked, independent of any variant."""

    id: str
    type: str  # the question type's name (shown in the report, never used to decide anything)
    skill: str  # identify-technique, verify-claim, evaluate-source, fact-or-opinion
    techniques: tuple[str, ...]  # technique ids the question is about (its `techniques:`)
    difficulty: int  # 1–3, as the author rated it
    points: float  # the question's points in the bank
    prompt: str  # localised prompt, plain text
    choices: tuple[ChoiceInfo, ...] = ()  # choice types, bank order
    options: tuple[OptionInfo, ...] = ()  # row types: what a row can be answered with
    rows: tuple[RowInfo, ...] = ()  # row types, bank order
    truth: bool | None = None  # true-false: the key
    options_kind: str = ""  # rows answered with techniques (TECHNIQUE_ROWS) or categories (CATEGORY_ROWS)

    # What the analysis asks of a question: its answer space, never its type's name.
    @property
    def is_choice(self) -> bool:
        return bool(self.choices)

    @property
    def is_truth(self) -> bool:
        return self.truth is not None


@dataclass(frozen=True)
class RowResult:
    """One student's answer to one row (`original` = the row's index in the bank, whatever the variant)."""

    original: int
    given: str | None  # technique or category id; None = left blank


@dataclass(frozen=True)
class ItemResult:
    """One question on one sheet: the points the scorer gave and the raw answer, in bank terms."""

    question_id: str
    number: int  # as printed on that sheet
    max_points: float
    earned: float | None  # None = not answered (counts 0)
    choices_given: tuple[int, ...] = ()  # choice types: bank indices of the ticked choices
    truth_given: bool | None = None  # true-false: the box ticked (None = neither)
    rows: tuple[RowResult, ...] = ()  # row types: one per row answered or left blank
    teacher_points: float | None = None  # points the teacher gave an open part (short answer, justification)

    @property
    def points(self) -> float:
        """Earned points, 0 when not answered."""
        return self.earned or 0.0


@dataclass(frozen=True)
class SheetResult:
    """One student's sheet. Names are as the roster gives them; see grades.py for Nom/Prénom."""

    number: int  # sheet number in the class set (1 = first of the roster)
    variant_code: str
    student_name: str  # display name ("" for an anonymous sheet)
    student_group: str  # class/group ("" when unknown)
    items: tuple[ItemResult, ...]
    family_name: str | None = None  # only when the roster has separate columns: never guessed
    given_name: str | None = None

    @property
    def total(self) -> float:
        return sum(item.points for item in self.items)

    @property
    def max_total(self) -> float:
        return sum(item.max_points for item in self.items)

    def item(self, question_id: str) -> ItemResult:
        for item in self.items:
            if item.question_id == question_id:
                return item
        raise KeyError(question_id)


@dataclass(frozen=True)
class ClassResults:
    """A graded class: the bank's questions (by id, bank order) and every sheet."""

    bank_id: str
    bank_title: str  # localised
    language: str  # fr or en: the report's language
    questions: Mapping[str, QuestionInfo]  # bank order
    technique_names: Mapping[str, str]  # technique id → localised name (glossary order)
    category_labels: Mapping[str, str]  # category id → localised label (standard verdicts and a bank's own)
    sheets: tuple[SheetResult, ...]
    class_name: str = ""  # for titles; "" = the students' group when they share one

    def __post_init__(self) -> None:
        freeze_mappings(self, "questions", "technique_names", "category_labels")
        problems = list(_inconsistencies(self))
        if problems:
            raise ValueError("inconsistent class results: " + "; ".join(problems[:5]))

    @property
    def question_ids(self) -> tuple[str, ...]:
        """The questions on the sheets, in bank order (the class key's order, used by report and grades)."""
        on_sheets = {item.question_id for item in self.sheets[0].items} if self.sheets else set()
        return tuple(qid for qid in self.questions if qid in on_sheets)

    @property
    def group(self) -> str:
        if self.class_name:
            return self.class_name
        groups = {sheet.student_group for sheet in self.sheets}
        return groups.pop() if len(groups) == 1 else ""


def _inconsistencies(results: ClassResults) -> list[str]:
    problems: list[str] = []
    if results.language not in ("fr", "en"):
        problems.append(f"language {results.language!r} is not fr or en")
    expected: set[str] | None = None
    numbers: set[int] = set()
    for sheet in results.sheets:
        if sheet.number in numbers:
            problems.append(f"sheet number {sheet.number} twice")
        numbers.add(sheet.number)
        ids = [item.question_id for item in sheet.items]
        if len(set(ids)) != len(ids):
            problems.append(f"sheet {sheet.number} holds a question twice")
        if expected is None:
            expected = set(ids)
        elif set(ids) != expected:
            problems.append(f"sheet {sheet.number} does not hold the same questions as sheet "
                            f"{results.sheets[0].number}")
        for item in sheet.items:
            question = results.questions.get(item.question_id)
            if question is None:
                problems.append(f"sheet {sheet.number}: question {item.question_id!r} is not in questions")
                continue
            if any(not 0 <= index < len(question.choices) for index in item.choices_given):
                problems.append(f"sheet {sheet.number}, {item.question_id}: choice index out of range")
            if any(not 0 <= row.original < len(question.rows) for row in item.rows):
                problems.append(f"sheet {sheet.number}, {item.question_id}: row index out of range")
            if len({row.original for row in item.rows}) != len(item.rows):
                problems.append(f"sheet {sheet.number}, {item.question_id}: a row is answered twice")
            if item.earned is not None and not -1e-9 <= item.earned <= item.max_points + 1e-9:
                problems.append(f"sheet {sheet.number}, {item.question_id}: earned {item.earned} is outside "
                                f"0..{item.max_points}")
            if item.max_points <= 0:
                problems.append(f"sheet {sheet.number}, {item.question_id}: max_points must be positive")
    return problems


# --- JSON -----------------------------------------------------------------------------------------


def to_json(results: ClassResults) -> str:
    """Stable JSON (sorted keys inside objects, questions and sheets in their order), UTF-8 text."""
    document = {"format": FORMAT, "version": VERSION, **asdict(results),
                # sort_keys loses the order of the dicts, which means something (bank and glossary order)
                "question_order": list(results.questions),
                "technique_order": list(results.technique_names),
                "category_order": list(results.category_labels)}
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def from_json(text: str) -> ClassResults:
    """The inverse of `to_json`; raises ValueError on another format or version."""
    data = json.loads(text)
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        raise ValueError(f"not a {FORMAT} version {VERSION} document")
    questions = {
        qid: QuestionInfo(
            **{**q, "techniques": tuple(q["techniques"]),
               "choices": tuple(ChoiceInfo(**c) for c in q["choices"]),
               "options": tuple(OptionInfo(**o) for o in q["options"]),
               "rows": tuple(RowInfo(**{**r, "accepted": tuple(r["accepted"])}) for r in q["rows"])})
        for qid, q in _in_order(data["questions"], data.get("question_order"))
    }
    sheets = tuple(
        SheetResult(**{**s, "items": tuple(
            ItemResult(**{**i, "choices_given": tuple(i["choices_given"]),
                          "rows": tuple(RowResult(**r) for r in i["rows"])})
            for i in s["items"])})
        for s in data["sheets"])
    return ClassResults(
        bank_id=data["bank_id"], bank_title=data["bank_title"], language=data["language"],
        questions=questions, technique_names=dict(_in_order(data["technique_names"], data.get("technique_order"))),
        category_labels=dict(_in_order(data["category_labels"], data.get("category_order"))),
        sheets=sheets, class_name=data.get("class_name", ""),
    )


def _in_order(mapping: dict[str, Any], order: list[str] | None) -> list[tuple[str, Any]]:
    keys = order if order is not None else list(mapping)
    return [(key, mapping[key]) for key in keys]
