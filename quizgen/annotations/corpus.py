"""Reading annotation files of the two SemEval formats, for the article of a bank.

SemEval-2020 Task 11 (technique classification) gives one line per span:
`article_id<TAB>technique<TAB>start<TAB>end`, character offsets into the article's text file as
published (start included, end excluded). SemEval-2023 Task 3, subtask 3 gives one line per
paragraph: `article_id<TAB>line<TAB>label,label,…` (labels may be empty), `line` being the line's
number in the article's text file, from 1, blank lines counted (the corpus has one paragraph per
line). Both are read against the text the bank's article file points to, which `quizgen new` keeps
unchanged for that reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from quizgen.bank.article import Article, paragraph_spans
from quizgen.core.files import read_user_file
from quizgen.core.problems import InvalidContent, Problem, UsageProblem, display_path
from quizgen.types.base import closest_techniques
from quizgen.types.corpus_labels import glossary_ids
from quizgen.types.fields import Technique

SPANS = "semeval2020-spans"
PARAGRAPHS = "semeval2023-paragraphs"
FORMATS = (SPANS, PARAGRAPHS)
MAX_BYTES = 20 * 1024 * 1024
_WORD = re.compile(r"[\w’'\-]")


@dataclass(frozen=True)
class Annotation:
    """One technique label of the annotators on a stretch of the article."""

    label: str  # as written in the file
    techniques: tuple[str, ...]  # its glossary id(s): a merged SemEval-2020 class gives several
    paragraph: int  # §, as the bank numbers paragraphs
    start: int  # [start, end): offsets into the article's text, widened to whole words
    end: int
    excerpt: str  # the article's words there, spaces folded
    line: int  # line of the annotation file
    cut: bool = False  # the span ran over the end of its paragraph and was cut there
    article_line: int | None = None  # SemEval-2023: the line of the article's text the label is on


@dataclass(frozen=True)
class Annotations:
    path: str
    format: str
    article_id: str
    items: tuple[Annotation, ...]


def read_annotations(path: Path, article: Article, glossary: Mapping[str, Technique],
                     article_id: str | None = None) -> Annotations:
    """The annotations of one article in `path` (either format, recognised from its lines)."""
    shown = display_path(path)
    data = read_user_file(path, MAX_BYTES, "an annotation file (SemEval-2020 spans or SemEval-2023 paragraphs)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidContent([Problem(shown, line, "the file is not UTF-8; save it again as UTF-8.")]) from error
    rows = [(number, line.rstrip("\r").split("\t")) for number, line in enumerate(text.split("\n"), 1)
            if line.strip() and not line.startswith("#")]
    if not rows:
        raise InvalidContent([Problem(shown, 1, "the file holds no annotation lines.")])
    fmt = _format_of(rows[0][1])
    if fmt is None:
        raise InvalidContent([Problem(shown, rows[0][0], _LINE_SHAPES)])
    chosen = _article_id(rows, article_id, shown)
    reader = _SpanReader(article, glossary, shown) if fmt == SPANS else _ParagraphReader(article, glossary, shown)
    problems: list[Problem] = []
    items: list[Annotation] = []
    for number, fields in rows:
        if _format_of(fields) != fmt:
            shape = "article_id, technique, start, end" if fmt == SPANS else "article_id, line, labels"
            problems.append(Problem(shown, number, f"this line does not have the shape of the file's first line "
                                    f"({shape}, separated by tabs)."))
            continue
        if fields[0].strip() != chosen:
            continue
        found, wrong = reader.read(number, fields)
        items += found
        problems += wrong
    if problems:
        raise InvalidContent(problems)
    return Annotations(shown, fmt, chosen, tuple(items))


_LINE_SHAPES = ("this is not an annotation line: expected article_id<TAB>technique<TAB>start<TAB>end "
                "(SemEval-2020 spans) or article_id<TAB>line<TAB>labels (SemEval-2023 paragraphs).")


def _format_of(fields: list[str]) -> str | None:
    if len(fields) == 4 and fields[2].strip().isdigit() and fields[3].strip().isdigit():
        return SPANS
    if len(fields) in (2, 3) and fields[1].strip().isdigit():
        return PARAGRAPHS
    return None


def _article_id(rows: list[tuple[int, list[str]]], wanted: str | None, shown: str) -> str:
    ids = list(dict.fromkeys(fields[0].strip() for _, fields in rows))
    if wanted is not None:
        if wanted not in ids:
            raise UsageProblem(f"{shown} has no annotation of article '{wanted}'; it annotates "
                               f"{_listed(ids)}.")
        return wanted
    if len(ids) > 1:
        raise UsageProblem(f"{shown} annotates {len(ids)} articles ({_listed(ids)}); say which one is the bank's "
                           "article with --article ID.")
    return ids[0]


def _listed(ids: list[str]) -> str:
    return ", ".join(ids[:8]) + (f" and {len(ids) - 8} more" if len(ids) > 8 else "")


class _Reader:
    def __init__(self, article: Article, glossary: Mapping[str, Technique], shown: str):
        self.article = article
        self.glossary = glossary
        self.shown = shown
        self.text = article.source
        self.spans = paragraph_spans(article.source, article.layout)

    def techniques(self, label: str, number: int) -> tuple[tuple[str, ...], list[Problem]]:
        ids = glossary_ids(label)
        unknown = [tid for tid in ids if tid not in self.glossary]
        if not unknown:
            return ids, []
        close = closest_techniques(label, self.glossary)
        hint = f" Did you mean {' or '.join(repr(tid) for tid in close)}?" if close else ""
        return (), [Problem(self.shown, number, f"unknown technique label '{label}': it is neither a SemEval-2020 "
                            f"label nor an id of the glossary.{hint} 'quizgen techniques' lists both.")]

    def annotation(self, label: str, ids: tuple[str, ...], start: int, end: int, number: int) -> Annotation:
        """The span [start, end) as whole words inside one paragraph."""
        paragraph, (low, high) = next((n, (s, e)) for n, (s, e) in enumerate(self.spans, 1) if start < e)
        start = max(start, low)
        cut = end > high
        end = min(end, high)
        while start > low and _is_word(self.text, start - 1) and _is_word(self.text, start):
            start -= 1
        while end < high and _is_word(self.text, end - 1) and _is_word(self.text, end):
            end += 1
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return Annotation(label, ids, paragraph, start, end, " ".join(self.text[start:end].split()), number, cut)


def _is_word(text: str, index: int) -> bool:
    return bool(_WORD.match(text[index]))


class _SpanReader(_Reader):
    def read(self, number: int, fields: list[str]) -> tuple[list[Annotation], list[Problem]]:
        label, start, end = fields[1].strip(), int(fields[2]), int(fields[3])
        ids, problems = self.techniques(label, number)
        size = len(self.text)
        if not start < end <= size:
            problems.append(Problem(self.shown, number, (
                f"the span {start}–{end} is not inside the article's text ({size} characters, "
                f"{self.article.text_path}); check that this is the article that was annotated, unchanged.")))
        elif not self.text[start:end].strip() or start >= self.spans[-1][1]:
            problems.append(Problem(self.shown, number, f"the span {start}–{end} holds no words of the article."))
        if problems:
            return [], problems
        return [self.annotation(label, ids, start, end, number)], []


class _ParagraphReader(_Reader):
    def __init__(self, article: Article, glossary: Mapping[str, Technique], shown: str):
        super().__init__(article, glossary, shown)
        self.lines = self.text.splitlines(keepends=True)
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))

    def read(self, number: int, fields: list[str]) -> tuple[list[Annotation], list[Problem]]:
        line = int(fields[1])
        labels = [label.strip() for label in (fields[2] if len(fields) > 2 else "").split(",") if label.strip()]
        if not 1 <= line <= len(self.lines) or not self.lines[line - 1].strip():
            what = "is blank" if 1 <= line <= len(self.lines) else f"does not exist ({len(self.lines)} lines)"
            return [], [Problem(self.shown, number, (
                f"line {line} of the article's text {what}; SemEval-2023 line numbers count every line of the "
                f"article file, from 1 ({self.article.text_path}). Check that this is the article annotated."))]
        found: list[Annotation] = []
        problems: list[Problem] = []
        for label in labels:
            ids, wrong = self.techniques(label, number)
            problems += wrong
            if ids:
                offset = self.starts[line - 1]
                paragraph = next(n for n, (_, end) in enumerate(self.spans, 1) if offset < end)
                low, high = self.spans[paragraph - 1]
                found.append(Annotation(label, ids, paragraph, low, high, " ".join(self.text[low:high].split()),
                                        number, article_line=line))
        return found, problems
