"""Counts a teacher or reviewer wants to see about a bank."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from quizgen.bank.checks import excerpts_of, matching
from quizgen.bank.lint import cue_figures
from quizgen.bank.workspace import Bank
from quizgen.core.labels import localize
from quizgen.types import type_of
from quizgen.types.fields import SKILLS, Excerpt


def all_excerpts(bank: Bank) -> Iterator[Excerpt]:
    for claim in bank.claims.values():
        yield claim.excerpt
    for question in bank.questions:
        yield from (excerpt for excerpt, _ in excerpts_of(question))


def bank_stats(bank: Bank) -> dict[str, Any]:
    questions = bank.questions
    techniques: Counter[str] = Counter()
    technique_excerpts: dict[str, set[str]] = {}
    for question in questions:
        techniques.update(question.techniques)
        for technique, excerpt in type_of(question).labelled_excerpts(question):
            technique_excerpts.setdefault(technique, set()).add(" ".join(excerpt.text.split()))
    claims_used: Counter[str] = Counter()
    for question in questions:
        claims_used.update(type_of(question).claims(question))
    verification = [q for q in questions if q.skill == "verify-claim"]
    accurate_items = [q for q in verification
                      if any(bank.claims[c].verdict == "accurate" for c in q.claims if c in bank.claims)]
    excerpts = list(all_excerpts(bank))
    return {
        "bank": bank.id,
        "files": bank.files,
        "questions": len(questions),
        "points": sum(q.points for q in questions),
        "by_type": _sorted(Counter(q.type for q in questions)),
        "by_skill": _sorted(Counter(q.skill for q in questions)),
        "by_difficulty": {str(k): v for k, v in sorted(Counter(q.difficulty for q in questions).items())},
        "by_skill_and_difficulty": {
            skill: {str(d): sum(1 for q in questions if q.skill == skill and q.difficulty == d)
                    for d in (1, 2, 3)}
            for skill in SKILLS
        },
        "by_technique": _sorted(techniques),
        "technique_excerpts": {k: len(v) for k, v in sorted(technique_excerpts.items())},
        "claims": {
            "in_ledger": len(bank.claims),
            "by_verdict": _sorted(Counter(c.verdict for c in bank.claims.values())),
            "used_by_questions": sorted(claims_used),
            "verification_questions": len(verification),
            "verification_questions_on_accurate_claims": len(accurate_items),
        },
        "presets": [p.id for p in bank.presets],
        "grounding": {
            "excerpts": len(excerpts),
            "found": sum(1 for e in excerpts if e.paragraph is not None),
            "article": bank.article.path,
        },
        "cues": cue_figures(bank),
    }


def _sorted(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items()))


def preset_lines(bank: Bank) -> list[str]:
    """One line per preset: id, title, and what it selects (`quizgen presets`)."""
    lines = []
    for preset in bank.presets:
        title = localize(preset.title, bank.language, bank.language)
        if preset.questions is not None:
            found = len(preset.questions)
            what = [f"questions {', '.join(preset.questions)}"]
        else:
            found = len(matching(bank.questions, preset.skills, preset.types, preset.difficulty, preset.techniques))
            what = [f"{name} {', '.join(str(v) for v in values)}" for name, values in (
                ("skills", preset.skills), ("types", preset.types), ("difficulty", preset.difficulty),
                ("techniques", preset.techniques)) if values]
        count = f"{preset.count} of {found} questions" if preset.count else f"{found} questions"
        minutes = f", {preset.minutes} min" if preset.minutes else ""
        lines.append(f"{preset.id:<16} {title} ({count}{minutes}" + (f"; {'; '.join(what)})" if what else ")"))
    return lines
