"""Problems in user content, and the exceptions that carry them.

Every content error is a `Problem(path, line, message)`. Loaders collect all of
them before failing, so a teacher fixes a whole bank in one pass instead of one
error per run.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

# Line breaks and control characters in a message (quoting the author's text) would break the
# one-problem-per-line output or reach the terminal as escape sequences; bidi controls would
# reorder the rest of the line (the fix the message gives). All are shown as escapes instead.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _printable(text: str) -> str:
    text = re.sub("\r\n|[\r\n\u2028\u2029\x85]", "↵", text)
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                            else f"\\u{ord(m.group()):04x}", text)


def printable(text: str) -> str:
    """`text` safe for one line of a terminal: line breaks as ↵, control and bidi characters escaped."""
    return _printable(text)


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", _printable(self.path))
        object.__setattr__(self, "message", _printable(self.message))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class QuizgenError(Exception):
    """Base class of every error quizgen reports to a person (never a traceback)."""


class InvalidContent(QuizgenError):
    """The banks, glossary or article have problems; `problems` lists them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class OutputExists(QuizgenError):
    """A build would overwrite files that are already there."""


class OutputNotWritable(QuizgenError):
    """The output folder cannot be created or written."""


class TemplateProblem(QuizgenError):
    """A template is missing or broken."""


class RenderFailed(QuizgenError):
    """WeasyPrint could not produce the PDF."""


class UsageProblem(QuizgenError):
    """The command-line options do not make sense together or match nothing."""


def display_path(path: Path, root: Path | None = None) -> str:
    """A short path for messages: relative to `root` (or the working folder) when possible."""
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            continue
    return str(path)


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """' Did you mean 'x'?' or '' — for a misspelt id, field or option."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""
