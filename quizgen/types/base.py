"""What every question type has, and the interface each type module fills in.

A question type is one module of `quizgen/types/` holding, for that type: its model (a
`QuestionBase` subclass), its checks, how a variant prints it (`arrange`), its correct
answer as the manifest records it, its scoring table, its marking-grid summary, its
self-check data and its template partial (`templates/questions/<name>.html`). The rest
of quizgen asks the registry (`quizgen.types.type_of`) and never tests for a type.
"""

from __future__ import annotations

import difflib
import random
import re
import string
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import StringConstraints

from quizgen.types.corpus_labels import OLD_LABELS
from quizgen.types.fields import (
    SKILLS,
    Claim,
    Difficulty,
    Excerpt,
    ExcerptField,
    Id,
    Items,
    Points,
    Source,
    Strict,
    Technique,
    Text,
)
from quizgen.types.printed import Arrangement, PrintedQuestion
from quizgen.types.scoring import ScoringTable

if TYPE_CHECKING:
    from quizgen.core.labels import Texts

#: Letters of choices, techniques and categories on a sheet: a question cannot offer more options.
LETTERS = string.ascii_uppercase
PathKey = tuple[str | int, ...]


class QuestionBase(Strict):
    id: Id
    skill: Literal[SKILLS]  # type: ignore[valid-type]
    techniques: Items[Id] = ()
    claims: Items[Id] = ()
    difficulty: Difficulty
    points: Points = 1
    prompt: Text
    excerpts: Items[ExcerptField] = ()
    explanation: Text
    sources: Items[Source] = ()
    #: Quotations in the prompt or choices that are NOT the article's words (a title, a glossary
    #: example, a source's words), as written between the quote marks; every other quotation must
    #: be in the article (quizgen.bank.quotes). None rather than [] keeps the content hash (hence the
    #: variant codes) of banks that do not use it.
    quotes_elsewhere: Items[Annotated[str, StringConstraints(min_length=1)]] | None = None


@dataclass(frozen=True)
class Finding:
    """A problem a type check found: the message and where in the question (a path below it)."""

    message: str
    at: PathKey = ()


@dataclass(frozen=True)
class BankView:
    """What a type may know of its bank: the glossary and the claim ledger (plain, read-only), and the
    glossary's file(s), to tell a teacher where technique ids are listed."""

    glossary: Mapping[str, Technique]
    claims: Mapping[str, Claim]
    glossary_files: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnswerSpace:
    """What a question can be answered with, in bank terms (variant-independent): for grading.

    choices: (text, correct, technique or None) in bank order; options: (id, label) a row is
    answered with; rows: (text, expected id, accepted ids, claim id or None, claim verdict or None)
    in bank order; truth: the true/false key.
    """

    choices: tuple[tuple[str, bool, str | None], ...] = ()
    options: tuple[tuple[str, str], ...] = ()
    rows: tuple[tuple[str, str, tuple[str, ...], str | None, str | None], ...] = ()
    truth: bool | None = None
    options_kind: str = ""  # "technique" or "category": what the rows are answered with


@dataclass(frozen=True)
class Response:
    """What one student answered to one question, in bank terms (whatever the sheet's letters were).

    choices: original indices of the ticked choices; truth: the true/false ticked; rows: original
    row index → technique or category id given (None: left blank); points: what the teacher gave for
    the open part (a short answer, a justification). None everywhere: no answer at all.
    """

    choices: tuple[int, ...] | None = None
    truth: bool | None = None
    rows: tuple[tuple[int, str | None], ...] = ()
    points: float | None = None


@dataclass(frozen=True)
class Cell:
    """One line of a responses table for a question: its row (matching/classification), the answer
    as written (letters, V/F…), the teacher's points, and the line it came from (for messages)."""

    row: int | None
    answer: str
    points: float | None
    line: int


class QuestionType:
    """The interface of a question type; each method has the behaviour most types want."""

    name: ClassVar[str]
    model: ClassVar[type[QuestionBase]]
    #: Scoring policies a bank may choose for this type (`scoring:` in bank.yaml); the first is the default.
    policies: ClassVar[tuple[str, ...]] = ()
    #: Lists of sub-blocks in this type's model and their model, for messages about unknown fields.
    containers: ClassVar[Mapping[str, type[Strict]]] = {}
    #: One box at most may be ticked per answer line (a single choice, true or false, one letter per row):
    #: `quizgen scan` shows two ticks there to the teacher instead of passing them on silently.
    one_tick_per_line: ClassVar[bool] = False

    @property
    def template(self) -> str:
        return f"questions/{self.name}.html"

    # ---- reading and checking ----
    def check(self, question: Any, bank: BankView) -> list[Finding]:
        """Problems that only this type can have (answer keys, rubrics…)."""
        return []

    def extra_excerpts(self, question: Any) -> Iterator[tuple[Excerpt, PathKey]]:
        """Excerpts beyond `excerpts:` (pairs, items), with their path in the question, to ground."""
        return iter(())

    def techniques(self, question: Any) -> list[str]:
        """Every technique the question is about (for --technique and stats)."""
        return list(question.techniques)

    def labelled_excerpts(self, question: Any) -> Iterator[tuple[str, Excerpt]]:
        """(technique, excerpt) pairs the question shows: how many distinct excerpts teach a technique."""
        for technique in question.techniques:
            for excerpt in question.excerpts:
                yield technique, excerpt

    def claims(self, question: Any) -> list[str]:
        """Every ledger claim the question uses."""
        return list(question.claims)

    def options_count(self, question: Any) -> int:
        """How many lettered options the sheet prints (must fit in LETTERS)."""
        return 0

    # ---- a variant ----
    def arrange(self, question: Any, bank: BankView, rng: random.Random) -> Arrangement:
        """Draw this sheet's order of choices and rows. Types without order draw nothing."""
        return Arrangement()

    def correct(self, printed: PrintedQuestion) -> Any:
        """The correct answer as the manifest records it."""
        return None

    def manifest_extra(self, printed: PrintedQuestion) -> dict[str, Any]:
        return {}

    # ---- scoring ----
    def scoring(self, question: Any, bank: BankView, policy: str | None = None) -> ScoringTable:
        raise NotImplementedError

    def policy(self, chosen: Mapping[str, str] | None) -> str:
        """This type's policy in a bank's `scoring:` block, or its default."""
        if not self.policies:
            return ""
        return (chosen or {}).get(self.name, self.policies[0])

    # ---- sheets ----
    def key_summary(self, printed: PrintedQuestion, texts: Texts, compact: bool = False) -> str:
        """The answer in a few words for a marking grid (compact: a few characters)."""
        return texts.msg("rubric")

    def label(self, option: str, question: Any, texts: Texts) -> str:
        """The words for one of the question's lettered options (the templates' `category()`); types whose
        options are named elsewhere (techniques: the glossary) keep the id."""
        return option

    # ---- grading ----
    def given(self, question: Any, response: Response) -> dict[str, Any]:
        """The response as the selections this type's scoring table reads (slot key → options or points)."""
        raise NotImplementedError

    def read_cells(self, entry: Mapping[str, Any], question: Any, cells: list[Cell]) -> tuple[Response, list[Finding]]:
        """A responses table's lines for this question (as printed on a sheet whose manifest `entry` gives
        the choice and row order and the letters) → a Response in bank terms, or what is wrong, by line
        (`Finding.at` holds the line number)."""
        raise NotImplementedError

    def answer_space(self, question: Any, bank: BankView, texts: Texts) -> AnswerSpace:
        """Every answer the question can get, in bank terms (the class report's tables and matrices)."""
        return AnswerSpace()

    # ---- LMS exports (quizgen.export) ----
    def lms_items(self, printed: PrintedQuestion, ctx: Any) -> tuple[Any, ...]:
        """The question as neutral export items (quizgen.export.items), built with the helpers of
        `ctx` (a quizgen.export.from_bank.Context): Moodle XML, GIFT and QTI are written from them."""
        raise NotImplementedError

    # ---- self-study ----
    def interaction(self, printed: PrintedQuestion, texts: Texts, bank: BankView) -> dict[str, Any]:
        """How the student answers on the self-check page and in practice, as plain data: one of the
        interactions `choice`, `truth`, `rows` or `open` with what it needs."""
        raise NotImplementedError


def unknown_technique(tid: str, bank: BankView) -> str:
    """The message for a technique id the glossary does not define: the closest ids (by id or by
    name, in any language), the glossary id of a SemEval-2020 label, and where the ids are listed."""
    mapped = [new for new in OLD_LABELS.get(tid, ()) if new in bank.glossary]
    if mapped:
        hint = (f" '{tid}' is a SemEval-2020 (PTC) label; the glossary's id is "
                + " or ".join(f"'{new}'" for new in mapped) + ".")
    else:
        close = closest_techniques(tid, bank.glossary)
        hint = f" Did you mean {_either(close)}?" if close else ""
    where = " and ".join(bank.glossary_files) or "the glossary"
    return f"unknown technique '{tid}'.{hint} Technique ids are listed in {where} (and by 'quizgen techniques')."


def closest_techniques(word: str, glossary: Mapping[str, Technique], limit: int = 3) -> list[str]:
    """Glossary ids closest to `word`, compared with case, accents and separators set aside, by id and
    by name (so « loaded language » or « Langage chargé » find Loaded_Language)."""
    keys: dict[str, str] = {}
    for tid, technique in glossary.items():
        for text in (tid, *technique.name.values()):
            keys.setdefault(_folded(text), tid)
    wanted = _folded(word)
    if not wanted:
        return []
    if wanted in keys:
        return [keys[wanted]]
    # A part of a name first (« Appeal_to_Fear » is the start of Appeal_to_Fear-Prejudice), then look-alikes.
    parts = sorted((key for key in keys if len(wanted) >= 4 and (wanted in key or key in wanted)),
                   key=lambda key: abs(len(key) - len(wanted)))
    found: list[str] = []
    for key in parts + difflib.get_close_matches(wanted, list(keys), n=limit * 3, cutoff=0.6):
        if keys[key] not in found:
            found.append(keys[key])
    return found[:limit]


def _folded(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


def _either(ids: list[str]) -> str:
    quoted = [f"'{tid}'" for tid in ids]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def shuffle_unpinned(pinned: list[bool], rng: random.Random) -> list[int]:
    """Indices in a new order where pinned items keep their place."""
    free = [i for i, is_pinned in enumerate(pinned) if not is_pinned]
    shuffled = free[:]
    rng.shuffle(shuffled)
    slots = iter(shuffled)
    return [i if is_pinned else next(slots) for i, is_pinned in enumerate(pinned)]


def excerpt_data(texts: Texts, excerpt: Excerpt) -> dict[str, Any]:
    """An excerpt as plain data for the self-check page and practice."""
    return {"text": texts.quotation(excerpt.text), "paragraph": excerpt.paragraph}


def source_data(texts: Texts, source: Source) -> dict[str, Any]:
    """A source as plain data. Its title is cited as published (an English title stays English)."""
    return {"title": texts.quotation(texts.t_raw(source.title)), "publisher": source.publisher,
            "date": source.date, "url": source.url}


# ---- reading a responses table (grading): what every type's `read_cells` shares ----

_TRUE = {"v", "vrai", "t", "true", "oui", "yes"}
_FALSE = {"f", "faux", "false", "non", "no"}


def one_cell(cells: list[Cell], what: str) -> tuple[Cell, list[Finding]]:
    """The one line a question without rows has; more than one is a mistake."""
    findings = [Finding(f"a second line for the same question ({what}); keep one line per question and sheet.",
                        (cell.line,)) for cell in cells[1:]]
    if cells[0].row is not None:
        findings.append(Finding(f"this question has no rows ({what}); leave the row column empty.", (cells[0].line,)))
    return cells[0], findings


def letters_of(text: str, count: int, line: int) -> tuple[list[int], list[Finding]]:
    """Letters as written ("B", "AC", "a, c", "A C") → indices; a letter the question does not print is refused."""
    picked: list[int] = []
    for char in text.upper():
        if char in " ,;/+-":
            continue
        if char not in LETTERS[:count]:
            return [], [Finding(f"'{text}' is not an answer to this question: it prints the letters "
                                f"{LETTERS[0]}–{LETTERS[count - 1]}.", (line,))]
        if LETTERS.index(char) not in picked:
            picked.append(LETTERS.index(char))
    return picked, []


def truth_of(text: str, line: int) -> tuple[bool | None, list[Finding]]:
    word = text.strip().lower()
    if not word:
        return None, []
    if word in _TRUE:
        return True, []
    if word in _FALSE:
        return False, []
    return None, [Finding(f"'{text}' is not true or false; write V or F (vrai/faux, T/F, true/false), or leave it "
                          "empty when the student did not answer.", (line,))]


def points_of(cell: Cell, maximum: float, what: str) -> tuple[float | None, list[Finding]]:
    """Points a teacher gave, between 0 and `maximum`."""
    if cell.points is None:
        return None, [Finding(f"give the points you awarded for {what} (0 to {maximum:g}) in the points column; "
                              "write 0 when the student wrote nothing.", (cell.line,))]
    if not 0 <= cell.points <= maximum:
        return None, [Finding(f"{cell.points:g} points is outside 0–{maximum:g} for {what}.", (cell.line,))]
    return cell.points, []


def read_row_cells(entry: Mapping[str, Any], cells: list[Cell]) -> tuple[Response, list[Finding]]:
    """One line per printed row, the answer a letter of the printed options (or an option's id)."""
    row_order: list[int] = entry["row_order"]
    options: dict[str, str] = entry["options"]
    findings: list[Finding] = []
    given: dict[int, str | None] = {}
    for cell in cells:
        if cell.row is None or not 1 <= cell.row <= len(row_order):
            findings.append(Finding(f"give the row number (1 to {len(row_order)}) of this answer in the row column.",
                                    (cell.line,)))
            continue
        original = row_order[cell.row - 1]
        if original in given:
            findings.append(Finding(f"row {cell.row} appears twice for this question; keep one line per row.",
                                    (cell.line,)))
            continue
        answer = cell.answer.strip()
        if cell.points is not None:
            findings.append(Finding("points are only for open parts; leave the points column empty for a row.",
                                    (cell.line,)))
        if not answer:
            given[original] = None
        elif answer.upper() in options:
            given[original] = options[answer.upper()]
        elif answer in options.values():
            given[original] = answer
        else:
            findings.append(Finding(f"'{answer}' is not one of this question's letters ({', '.join(options)}).",
                                    (cell.line,)))
    missing = [number for number, original in enumerate(row_order, 1) if original not in given]
    if missing and not findings:
        findings.append(Finding(f"no line for row(s) {', '.join(map(str, missing))}; add one per row (an empty "
                                "answer when the student left it blank).", (cells[0].line,)))
    return Response(rows=tuple(sorted(given.items()))), findings


def rows_given(response: Response) -> dict[str, Any]:
    return {f"row{original}": [given] if given else [] for original, given in response.rows}
