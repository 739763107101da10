"""What an invalid file hides, so that one mistake gives one message and not a cascade.

A file that fails to validate is left out of its bank: its claims, questions or techniques are
then missing, and every reference to them would be reported as unknown (one bad date in a claim
ledger used to give 120 problems in 5 files). Instead, the checks that depend on what the file
may declare are skipped, and each file whose checks were skipped gets one line saying what and
why ("C1, C4 are unknown because claims.yaml:58 is invalid…"). The file's own problems say how
to fix it; once it is fixed, the next `quizgen check` runs every check again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizgen.core.problems import Problem

#: What a file can declare that other files refer to.
CLAIMS, QUESTIONS, TECHNIQUES = "claims", "questions", "techniques"


@dataclass(frozen=True)
class InvalidFile:
    """A file that failed to validate, and what its raw data says it declares.

    A set of ids is None when the file could not be read as YAML (or its kind is unknown):
    it could then declare anything."""

    path: str  # as shown in problems
    line: int  # of its first problem
    folder: Path
    kind: str | None
    bank: str | None  # the bank it belongs to (questions files), or the bank it declares (bank files)
    declared: dict[str, frozenset[str] | None] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    def may_declare(self, what: str, ident: str, bank: str | None = None) -> bool:
        """Could `ident` (a claim, question or technique id) be declared by this file, for `bank`?"""
        if self.kind is None:
            return True
        if what != TECHNIQUES and bank is not None and self.bank != bank:
            return False
        ids = self.declared.get(what, frozenset())
        return ids is None or ident in ids

    def may_be_bank(self, bank: str, folder: Path) -> bool:
        """Could this be the bank file of `bank` (for a questions file in `folder`)?"""
        if self.kind == "bank":
            return self.bank in (bank, None)
        return self.kind is None and folder.is_relative_to(self.folder)


def invalid_file(path: str, file: Path, data: Any, problems: Iterable[Problem]) -> InvalidFile:
    """Describe a file that failed to validate from its raw data (None: it could not be parsed)."""
    line = min((problem.line for problem in problems if problem.path == path), default=1)
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind not in ("bank", "questions", "glossary", "article"):
        return InvalidFile(path, line, file.parent, None, None)
    bank = data.get("id" if kind == "bank" else "bank")
    declared = {
        CLAIMS: _ids(data.get("claims")),
        QUESTIONS: _ids(data.get("questions")),
        TECHNIQUES: _ids(data.get("techniques")),
    }
    return InvalidFile(path, line, file.parent, kind, bank if isinstance(bank, str) else None, declared)


def _ids(items: Any) -> frozenset[str] | None:
    """The ids of a list of blocks; None when the list is not readable as such (anything may be in it)."""
    if items is None:
        return frozenset()
    if not isinstance(items, list):
        return None
    ids = [item.get("id") for item in items if isinstance(item, dict)]
    strings = [ident for ident in ids if isinstance(ident, str)]
    return frozenset(strings) if len(strings) == len(items) else None


@dataclass
class Skipped:
    """The checks skipped in one file because of invalid files: collected, then said once."""

    path: str
    line: int
    #: (what is unknown, what was not checked) → the unknown ids, and the invalid files ("path:line").
    ids: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    causes: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def add(self, what: str, ident: str, causes: list[InvalidFile], consequence: str) -> None:
        key = (what, consequence)
        ids = self.ids.setdefault(key, [])
        if ident not in ids:
            ids.append(ident)
        known = self.causes.setdefault(key, [])
        known += [cause.where for cause in causes if cause.where not in known]

    def problem(self) -> Problem:
        parts = []
        for (what, consequence), found in self.ids.items():
            ids = sorted(found, key=_natural)
            causes = self.causes[(what, consequence)]
            shown = ", ".join(f"'{ident}'" for ident in ids[:6]) + (f" and {len(ids) - 6} more" if len(ids) > 6 else "")
            one = len(ids) == 1
            invalid = f"{' and '.join(causes)} {'is' if len(causes) == 1 else 'are'} invalid"
            parts.append(f"{what[:-1] if one else what} {shown} {'is' if one else 'are'} unknown because {invalid}, "
                         f"so {consequence.format(them='it' if one else 'them')}")
        files = {cause for causes in self.causes.values() for cause in causes}
        fix = "that file" if len(files) == 1 else "those files"
        return Problem(self.path, self.line, "; ".join(parts) + f"; fix {fix} first.")


class SkipLog:
    """Every file's skipped checks, keyed by file; `problems()` gives one line per file."""

    def __init__(self) -> None:
        self.files: dict[str, Skipped] = {}

    def add(self, path: str, line: int, what: str, ident: str, causes: list[InvalidFile], consequence: str) -> None:
        entry = self.files.setdefault(path, Skipped(path, line))
        entry.line = min(entry.line, line)
        entry.add(what, ident, causes, consequence)

    def problems(self) -> list[Problem]:
        return [entry.problem() for entry in self.files.values()]


def _natural(ident: str) -> list[Any]:
    """C2 before C10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", ident)]


def may_hold_questions(invalid: Iterable[InvalidFile], bank: str) -> list[InvalidFile]:
    """The invalid files that may hold questions of `bank` (then counts of its questions are unknown)."""
    return [file for file in invalid
            if file.kind is None or (file.bank == bank and file.declared.get(QUESTIONS) != frozenset())]
