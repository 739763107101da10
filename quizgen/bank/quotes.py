"""Grounded quotations: words between « », “ ” or "…" in a prompt or a choice are the article's.

A quotation is checked like an excerpt (`article.locate`: exact after folding spaces, with a
precise message when only quotes, spaces or invisible characters differ), plus two things an
excerpt does not need:

* an ellipsis (« … », « ... », « […] », « (…) ») stands for words left out: each part must then
  be found, in this order, in one paragraph;
* a difference of case only (« Tous les parents » for « tous les parents ») is named as such.

Text that quotes something else (a book title, a glossary example, a source's words, a word used
as a label) is listed in the question's `quotes_elsewhere:`; listing a quotation that the question
does not contain, or that is in the article after all, is an error too. These are errors, reported
by `check` with the excerpt problems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from quizgen.bank.article import fold_spaces, locate
from quizgen.core.problems import Problem
from quizgen.types import Question, type_of
from quizgen.types.fields import PLAIN

if TYPE_CHECKING:  # the workspace imports checks, which import this module
    from quizgen.bank.workspace import Bank, Location

Paragraphs = tuple[str, ...] | list[str]  # an article's paragraphs, §1 first
_PAIRS = {"«": "»", "“": "”"}
_CLOSERS = {closer: opener for opener, closer in _PAIRS.items()}
# A straight quote opens after a space or an opening bracket (or at the start) and closes before a
# space, punctuation or the end: inches (12") and stray quotes make the text ambiguous, so a text
# whose straight quotes do not all pair up that way is left alone.
_STRAIGHT = re.compile(r'(?:^|(?<=[\s(\[—–-]))"(?=\S)([^"]*?\S)"(?=$|[\s.,;:!?)\]…—–-])')
_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:…|\.\.\.)\s*\]|\(\s*(?:…|\.\.\.)\s*\)|…|\.\.\.)\s*")
_MARK_IT = ("if these are not the article's words (a title, a glossary example, a source), list them "
            "in this question's quotes_elsewhere:")


@dataclass(frozen=True)
class Quotation:
    text: str  # between the quote marks, as written
    opener: str  # «, “ or "


def quotations(text: str) -> list[Quotation]:
    """The outermost quotations of `text`, in order. Nested quotes are part of their outer quotation."""
    found: list[tuple[int, Quotation]] = []
    stack: list[tuple[str, int]] = []
    spans: list[tuple[int, int]] = []
    for index, char in enumerate(text):
        if char in _PAIRS:
            stack.append((char, index))
        elif char in _CLOSERS and stack and stack[-1][0] == _CLOSERS[char]:
            opener, start = stack.pop()
            if not stack:
                found.append((start, Quotation(text[start + 1: index].strip(), opener)))
                spans.append((start, index))
    pieces, previous = [], 0
    for start, end in spans:  # the text with the quotations blanked out, same length
        pieces += [text[previous:start], " " * (end + 1 - start)]
        previous = end + 1
    outside = "".join([*pieces, text[previous:]])
    if outside.count('"') % 2 == 0:
        straight = list(_STRAIGHT.finditer(outside))
        if 2 * len(straight) == outside.count('"'):
            found += [(m.start(), Quotation(m.group(1).strip(), '"')) for m in straight]
    return [quotation for _, quotation in sorted(found, key=lambda pair: pair[0]) if quotation.text]


def parts_of(quotation: str) -> list[str]:
    """The pieces of a quotation between its ellipses (« a […] b » → ["a", "b"])."""
    return [part for part in (p.strip(" ,;") for p in _ELLIPSIS.split(quotation)) if part]


@dataclass(frozen=True)
class Found:
    paragraph: int | None
    problem: str | None


def paragraph_of(quotation: str, paragraphs: Paragraphs) -> int | None:
    """The paragraph holding the quotation exactly (its parts in order), or None. Cheap: no diagnosis."""
    wanted = [fold_spaces(part) for part in parts_of(quotation)]
    if not wanted:
        return None
    return next((n for n, text in enumerate(paragraphs, 1) if _in_order(wanted, fold_spaces(text))), None)


def find_quotation(quotation: str, paragraphs: Paragraphs) -> Found:
    """Where the quotation is (all its parts, in order, in one paragraph), or what is wrong."""
    parts = parts_of(quotation)
    if not parts:
        return Found(None, None)  # « … » alone quotes nothing
    found = paragraph_of(quotation, paragraphs)
    if found is not None:
        return Found(found, None)
    folded = [fold_spaces(paragraph) for paragraph in paragraphs]
    wanted = [fold_spaces(part) for part in parts]
    for part in wanted:
        problem = _part_problem(part, paragraphs, folded, whole=len(wanted) == 1)
        if problem:
            return Found(None, problem)
    where = ", ".join(f"« {_short(part)} » in §{_first(part, folded)}" for part in wanted)
    return Found(None, (
        f"each part of the quotation « {_short(fold_spaces(quotation))} » is in the article, but not in this "
        f"order within one paragraph ({where}); an ellipsis stands for words left out of one passage. "
        "Quote the passages separately, or in the article's order."))


def _in_order(parts: list[str], text: str) -> bool:
    position = 0
    for part in parts:
        position = text.find(part, position)
        if position < 0:
            return False
        position += len(part)
    return True


def _first(part: str, folded: list[str]) -> int:
    return next(n for n, text in enumerate(folded, 1) if part in text)


def _part_problem(part: str, paragraphs: Paragraphs, folded: list[str], whole: bool) -> str | None:
    if any(part in text for text in folded):
        return None
    what = f"the quotation « {_short(part)} »" if whole else f"the part « {_short(part)} » of the quotation"
    lowered = part.casefold()
    for number, text in enumerate(folded, 1):
        start = text.casefold().find(lowered)
        if start >= 0 and len(text.casefold()) == len(text):
            original = text[start: start + len(part)]
            return (f"{what} matches §{number} only if case is ignored: the article writes « {original} ». "
                    f"Copy it exactly (a quotation keeps the article's capitals), or, {_MARK_IT}.")
    message = locate(part, paragraphs).problem or ""
    if message.startswith("the excerpt matches"):  # only quotes, spaces or invisible characters differ
        return what + message.removeprefix("the excerpt").replace("where the excerpt has", "where the quotation has")
    closest = message[message.find(" The closest passage"):message.find(" Copy the words")] \
        if "The closest passage" in message else ""
    return f"{what} is not in the article.{closest} Copy the article's words exactly, or, {_MARK_IT}."


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _texts(question: Question, language: str) -> list[tuple[str, tuple[str | int, ...]]]:
    """The prompt and choices in the article's language, with their path for messages."""
    found = []

    def add(text: dict[str, str], *path: str | int) -> None:
        if language in text:
            found.append((text[language], (*path, language)))
        elif PLAIN in text:
            found.append((text[PLAIN], path))

    add(question.prompt, "prompt")
    if "choices" in type_of(question).containers:
        for index, choice in enumerate(question.choices):  # type: ignore[union-attr]
            add(choice.text, "choices", index, "text")
    return found


def check_quotations(bank: Bank) -> list[Problem]:
    """Errors for quotations of the article that are not in it, and for wrong quotes_elsewhere: marks."""
    paragraphs = bank.article.paragraphs
    if not paragraphs:
        return []
    problems: list[Problem] = []
    for question in bank.questions:
        location = bank.locations[f"question:{question.id}"]
        problems += _check_question(question, location, bank.article.language, paragraphs)
    return problems


def _check_question(question: Question, location: Location, language: str, paragraphs: Paragraphs) -> list[Problem]:
    problems: list[Problem] = []
    marked = {fold_spaces(text): index for index, text in enumerate(question.quotes_elsewhere or [])}
    used: set[str] = set()
    for text, path in _texts(question, language):
        for quotation in quotations(text):
            key = fold_spaces(quotation.text)
            if key in marked:
                used.add(key)
                continue
            found = find_quotation(quotation.text, paragraphs)
            if found.problem:
                problems.append(location.problem(found.problem, *path))
    for key, index in marked.items():
        if key not in used:
            problems.append(location.problem(
                f"quotes_elsewhere lists « {_short(key)} », but the prompt and choices hold no such quotation; "
                "copy the text exactly as it stands between the quote marks, or remove it from the list.",
                "quotes_elsewhere", index))
            continue
        paragraph = paragraph_of(key, paragraphs)
        if paragraph is not None:
            problems.append(location.problem(
                f"« {_short(key)} » is in the article (§{paragraph}), so it is not a quotation from "
                "elsewhere: remove it from quotes_elsewhere (the article's words are checked, not marked).",
                "quotes_elsewhere", index))
    return problems
