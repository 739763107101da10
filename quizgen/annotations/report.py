"""The text report of `quizgen annotations compare` (words from core.labels, `annotations.*`)."""

from __future__ import annotations

import functools

from quizgen.annotations.compare import (
    CONFIRMED,
    CONTRADICTED,
    UNANNOTATED,
    UNUSED,
    USED,
    USED_OTHERWISE,
    Comparison,
)
from quizgen.core.labels import words
from quizgen.core.typography import number


def report_lines(comparison: Comparison, language: str) -> list[str]:
    say = functools.partial(words, language)
    found = comparison.annotations

    def rate(value: float | None) -> str:
        if value is None:
            return say("annotations.none")
        return number(value * 100, language) + ("\u00a0%" if language == "fr" else "%")

    lines = [
        say("annotations.title", bank=comparison.bank, path=found.path, format=found.format, article=found.article_id),
        say("annotations.agreement", labels=len(comparison.verdicts), rate=rate(comparison.agreement),
            **{status: comparison.count(status) for status in (CONFIRMED, CONTRADICTED, UNANNOTATED)}),
        say("annotations.coverage", annotations=len(comparison.uses), rate=rate(comparison.coverage),
            **{status: comparison.count(status) for status in (USED, USED_OTHERWISE, UNUSED)}),
        "",
    ]
    tallies = comparison.by_technique()
    width = max([len(say("annotations.technique")), *map(len, tallies)])
    lines.append(f"{say('annotations.technique'):<{width}}  {say('annotations.bank_side')}  |  "
                 f"{say('annotations.annotation_side')}")
    for technique, tally in tallies.items():
        bank = " / ".join(str(tally.labels[s]) for s in (CONFIRMED, CONTRADICTED, UNANNOTATED))
        annotated = " / ".join(str(tally.annotations[s]) for s in (USED, USED_OTHERWISE, UNUSED))
        lines.append(f"{technique:<{width}}  {bank:<{len(say('annotations.bank_side'))}}  |  {annotated}")
    doubtful = [v for v in comparison.verdicts if v.status != CONFIRMED]
    if doubtful:
        lines += ["", say("annotations.disagreements")]
        for verdict in doubtful:
            label = verdict.label
            annotated = say("annotations.annotated_as",
                            techniques=", ".join(verdict.annotated) or say("annotations.none"))
            lines.append(f"  {label.question}  §{label.paragraph}  {label.technique}  “{_short(label.excerpt)}”  "
                         f"({annotated})")
    unused = [u for u in comparison.uses if u.status == UNUSED]
    if unused:
        lines += ["", say("annotations.unused")]
        for use in unused:
            item = use.annotation
            lines.append(f"  §{item.paragraph}  {', '.join(item.techniques)}  “{_short(item.excerpt)}”  "
                         f"({found.path}:{item.line})")
    return lines


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
