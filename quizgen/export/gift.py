"""GIFT, the light text format Moodle imports (Banque de questions → Importer → Format GIFT).

Written against Moodle's reader (question/format/gift/format.php), read as reference:
- every text is escaped with exactly the set Moodle's own exporter escapes (`repchar`):
  backslash, `~ = # { } :` and line breaks, in names, texts, excerpts, URLs and feedback;
- texts are `[html]` with the author's text HTML-escaped, so no bank text becomes markup;
- each question ends with its answer block (text after `}` would make it a missing-word question);
- an answer's leading `%` or `[` is written as an HTML entity, so Moodle does not read it as a
  weight (`~%50%…`) or a text format (`[plain]…`);
- matching extra answers are written as Moodle's own exporter writes them: `= -> answer`
  (an empty stem), which its reader turns back into a blank-stem distractor.

What GIFT cannot carry (marks, rubrics, tags, idnumbers, the response box size, …) is reported
per question; `strict` turns any such loss into an error.
"""

from __future__ import annotations

from quizgen.core.problems import QuizgenError
from quizgen.export.items import Export, Written
from quizgen.export.moodle import fraction, plain_answer
from quizgen.types.lms_items import (
    ChoiceItem,
    Common,
    DescriptionItem,
    EssayItem,
    Item,
    MatchItem,
    TrueFalseItem,
    clean,
)

_RESERVED = {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:", "\n": "\\n"}


class LossesRefused(QuizgenError):
    """--strict and the format cannot carry everything."""


def escape(text: str) -> str:
    """Moodle's GIFT escapes (repchar): backslash, ~ = # { } : and newlines; carriage returns dropped."""
    return "".join(_RESERVED.get(char, char) for char in clean(text).replace("\r", ""))


def _html(markup: str) -> str:
    """An HTML text as a GIFT answer or feedback: a leading % or [ as an entity (see module doc)."""
    if markup.startswith("%"):
        markup = "&#37;" + markup[1:]
    elif markup.startswith("["):
        markup = "&#91;" + markup[1:]
    return escape(markup)


def _name(common: Common) -> str:
    return "::" + escape(plain_answer(common.name)) + "::"


def _head(common: Common) -> str:
    return f"// {escape(common.id)}\n{_name(common)}[html]{escape(common.text.html)}"


def _general(common: Common) -> str:
    return f"\t####{escape(common.feedback.html)}\n" if common.feedback.html else ""


class _Writer:
    def __init__(self) -> None:
        self.losses: list[tuple[str, str]] = []

    def lose(self, common: Common, what: str) -> None:
        self.losses.append((common.id, what))

    def common_losses(self, common: Common, essay: bool = False) -> None:
        if common.points != 1:
            self.lose(common, f"its mark ({common.points:g} points): GIFT has none, every question imports worth "
                              "1 point; set the mark in the quiz.")

    def choice(self, item: ChoiceItem) -> str:
        common = item.common
        lines = [_head(common) + "{"]
        for answer in item.answers:
            # Always an explicit weight on ~ answers: Moodle reads a leading %n% as one anyway.
            marker = "=" if item.single and answer.fraction == 1 else f"~%{fraction(answer.fraction, common.id)}%"
            feedback = f"#{_html(answer.feedback.html)}" if answer.feedback.html else ""
            lines.append(f"\t{marker}{_html(answer.text.html)}{feedback}")
        if any(item.pinned):
            self.lose(common, "a choice is pinned in place: GIFT has no shuffle setting, the quiz shuffles all "
                              "choices or none.")
        if item.policy == "all-or-nothing":
            self.lose(common, "all-or-nothing scoring does not exist for multiple answers: a wrong tick gives 0, "
                              "but a missed right choice still earns its share.")
        self.common_losses(common)
        return "\n".join(lines) + "\n" + _general(common) + "}"

    def true_false(self, item: TrueFalseItem) -> str:
        common = item.common
        self.common_losses(common)
        general = f"####{escape(common.feedback.html)}" if common.feedback.html else ""
        return f"{_head(common)}{{{'TRUE' if item.answer else 'FALSE'}{general}}}"

    def match(self, item: MatchItem) -> str:
        common = item.common
        lines = [_head(common) + "{"]
        for stem in item.stems:
            lines.append(f"\t={escape(stem.text.html)} -> {escape(plain_answer(stem.answer))}")
        for distractor in item.distractors:
            lines.append(f"\t= -> {escape(plain_answer(distractor))}")
        for number, stem in enumerate(item.stems, 1):
            if stem.also_accept:
                self.lose(common, f"row {number} also accepts {', '.join(stem.also_accept)}: a matching row has "
                                  "one right answer.")
        if item.policy == "all-or-nothing":
            self.lose(common, "all-or-nothing scoring does not exist for matching: each right row earns its share.")
        self.common_losses(common)
        return "\n".join(lines) + "\n" + _general(common) + "}"

    def essay(self, item: EssayItem) -> str:
        common = item.common
        self.lose(common, "the rubric and model answer (Moodle's graderinfo): GIFT essays import with an empty "
                          "marker's box; they are in the Moodle XML export.")
        if item.lines and item.lines != 15:
            self.lose(common, f"the answer box of {item.lines} lines: GIFT essays get 15.")
        self.common_losses(common)
        general = f"####{escape(common.feedback.html)}" if common.feedback.html else ""
        return f"{_head(common)}{{{general}}}"

    @staticmethod
    def description(item: DescriptionItem) -> str:
        return _head(item.common)

    def item(self, item: Item) -> str:
        if isinstance(item, ChoiceItem):
            return self.choice(item)
        if isinstance(item, TrueFalseItem):
            return self.true_false(item)
        if isinstance(item, MatchItem):
            return self.match(item)
        if isinstance(item, EssayItem):
            return self.essay(item)
        return self.description(item)


def _category(path: tuple[str, ...]) -> str:
    return "$CATEGORY: $course$/" + "/".join(clean(part).replace("/", "//") for part in path)


def write_gift(export: Export, strict: bool = False) -> Written:
    writer = _Writer()
    blocks = [f"// quizgen export of bank {escape(export.bank_id)}: import it in Banque de questions → Importer → "
              "Format GIFT. GIFT carries no tags, idnumbers or category descriptions.",
              _category(export.category), writer.description(export.article)]
    current: tuple[str, ...] = ()
    for item in export.items:
        if item.common.category != current:
            current = item.common.category
            blocks.append(_category(current))
        blocks.append(writer.item(item))
    losses = tuple(export.notes) + tuple(writer.losses)
    if strict and losses:
        raise LossesRefused(f"GIFT cannot carry everything ({len(losses)} loss(es), listed without --strict); "
                            "use --format moodle, or leave out --strict to export anyway.")
    return Written(("\n\n".join(blocks) + "\n").encode("utf-8"), losses, "text/plain", ".gift.txt")
