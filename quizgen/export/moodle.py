"""Moodle XML (Éléa and any Moodle ≥ 3.5): Banque de questions → Importer → Format XML Moodle.

Written to pass Moodle's own importer (question/format/xml/format.php, question/format.php,
qtype_multichoice, qtype_match), read as reference:
- answer fractions only from Moodle's list (question_bank::fraction_options_full); the positive
  ones of a multiple-answer question add up to 100 % (else the `fractionsaddwrong` notice, which
  stops the import of the remaining questions);
- true/false answers are literally `true` and `false`;
- matching: ≥ 2 stems, ≥ 3 answers; extra answers as blank-stem subquestions; identical answer
  texts are merged by Moodle (array_search), so texts are trimmed, NFC and single-spaced;
- HTML in CDATA, a `]]>` split across two sections; control characters removed.
"""

from __future__ import annotations

import re

from lxml import etree

from quizgen.core.problems import QuizgenError
from quizgen.export.items import Export, Written
from quizgen.types.lms_items import (
    ChoiceItem,
    Common,
    DescriptionItem,
    EssayItem,
    Item,
    MatchItem,
    Text,
    TrueFalseItem,
    answer_label,
    clean,
)

# question_bank::fraction_options_full() (question/engine/bank.php), as Moodle writes them.
FRACTIONS = ("100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333", "30", "25",
             "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0")
ALLOWED = {float(f): f for f in FRACTIONS} | {-float(f): f"-{f}" for f in FRACTIONS if f != "0"}
TOLERANCE = 1e-5 * 100  # match_grade_options() accepts 1e-5 of a fraction, here in percent


class Unrepresentable(QuizgenError):
    """A question whose scoring no Moodle fraction can express."""


def fraction(value: float, question_id: str) -> str:
    """A share of the points (-1 … 1) as one of Moodle's allowed percentages."""
    percent = value * 100
    nearest = min(ALLOWED, key=lambda allowed: abs(allowed - percent))
    if abs(nearest - percent) > TOLERANCE:
        raise Unrepresentable(
            f"question '{question_id}': a weight of {percent:.5g} % is not in Moodle's list of fractions "
            "(1/n of the points works for n ≤ 10 only, plus 1/7 and 1/9); give it 10 correct choices or fewer.")
    return ALLOWED[nearest]


class _Writer:
    """Builds the tree; HTML goes in numbered <cdata/> stand-ins, replaced after serialising."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.losses: list[tuple[str, str]] = []

    def cdata(self, parent: etree._Element, tag: str, markup: str, **attributes: str) -> etree._Element:
        element = etree.SubElement(parent, tag, attributes)
        text = etree.SubElement(element, "text")
        if markup:
            etree.SubElement(text, "cdata", n=str(len(self.blocks)))
            self.blocks.append(markup)
        return element

    @staticmethod
    def plain(parent: etree._Element, tag: str, value: str) -> etree._Element:
        element = etree.SubElement(parent, tag)
        etree.SubElement(element, "text").text = clean(value)
        return element

    @staticmethod
    def field(parent: etree._Element, tag: str, value: str | float | int) -> None:
        etree.SubElement(parent, tag).text = clean(value if isinstance(value, str) else _number(value))

    def header(self, root: etree._Element, kind: str, common: Common, with_grade: bool = True) -> etree._Element:
        question = etree.SubElement(root, "question", type=kind)
        # Moodle strips tags from names (PARAM_TEXT): angle brackets would eat words.
        self.plain(question, "name", plain_answer(common.name))
        self.cdata(question, "questiontext", common.text.html, format="html")
        self.cdata(question, "generalfeedback", common.feedback.html, format="html")
        self.field(question, "defaultgrade", common.points if with_grade else 0)
        self.field(question, "penalty", {"truefalse": 1, "description": 0, "essay": 0}.get(kind, 0.3333333))
        self.field(question, "hidden", 0)
        self.field(question, "idnumber", common.id)
        return question

    def tags(self, question: etree._Element, common: Common) -> None:
        if common.tags:
            tags = etree.SubElement(question, "tags")
            for tag in common.tags:
                self.plain(tags, "tag", tag)

    def category(self, root: etree._Element, path: tuple[str, ...], info: Text, idnumber: str) -> None:
        question = etree.SubElement(root, "question", type="category")
        self.plain(question, "category", "$course$/" + "/".join(_segment(part) for part in path))
        self.cdata(question, "info", info.html, format="html")
        self.field(question, "idnumber", idnumber)

    def combined_feedback(self, question: etree._Element) -> None:
        for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
            self.cdata(question, tag, "", format="html")

    # --- one method per item kind --------------------------------------------------------------

    def choice(self, root: etree._Element, item: ChoiceItem) -> None:
        common = item.common
        question = self.header(root, "multichoice", common)
        self.field(question, "single", "true" if item.single else "false")
        shuffle = not any(item.pinned)
        self.field(question, "shuffleanswers", "true" if shuffle else "false")
        self.field(question, "answernumbering", "ABCD")
        self.field(question, "showstandardinstruction", 1)
        self.combined_feedback(question)
        for answer in item.answers:
            element = self.cdata(question, "answer", answer.text.html, format="html",
                                 fraction=fraction(answer.fraction, common.id))
            self.cdata(element, "feedback", answer.feedback.html, format="html")
        self.tags(question, common)
        if not shuffle:
            self.losses.append((common.id, "a choice is pinned in place: Moodle shuffles all choices or none, so "
                                           "shuffling is off for this question (the variant's order is kept)."))
        if item.policy == "all-or-nothing":
            self.losses.append((common.id, "all-or-nothing scoring does not exist for multiple answers in core "
                                           "Moodle: a wrong tick gives 0, but a missed right choice still earns "
                                           "its share."))

    def true_false(self, root: etree._Element, item: TrueFalseItem) -> None:
        common = item.common
        question = self.header(root, "truefalse", common)
        for value, feedback in ((True, item.true_feedback), (False, item.false_feedback)):
            element = self.plain(question, "answer", "true" if value else "false")
            element.set("fraction", "100" if value == item.answer else "0")
            element.set("format", "moodle_auto_format")
            self.cdata(element, "feedback", feedback.html, format="html")
        self.tags(question, common)

    def match(self, root: etree._Element, item: MatchItem) -> None:
        common = item.common
        question = self.header(root, "matching", common)
        self.field(question, "shuffleanswers", "true")
        self.combined_feedback(question)
        entries = [(stem.text.html, plain_answer(stem.answer)) for stem in item.stems]
        entries += [("", plain_answer(text)) for text in item.distractors]
        while len(entries) < 3:
            # Moodle's form wants 3 answers; a blank stem repeating an answer adds no choice (merged).
            entries.append(("", entries[len(entries) % len(item.stems)][1]))
        for stem_html, answer in entries:
            sub = self.cdata(question, "subquestion", stem_html, format="html")
            self.plain(sub, "answer", answer)
        self.tags(question, common)
        for number, stem in enumerate(item.stems, 1):
            if stem.also_accept:
                self.losses.append((common.id, f"row {number} also accepts {', '.join(stem.also_accept)}: a Moodle "
                                               "matching row has one right answer."))
        if item.policy == "all-or-nothing":
            self.losses.append((common.id, "all-or-nothing scoring does not exist for matching in Moodle: each "
                                           "right row earns its share."))

    def essay(self, root: etree._Element, item: EssayItem) -> None:
        common = item.common
        question = self.header(root, "essay", common)
        self.field(question, "responseformat", "editor")
        self.field(question, "responserequired", 1)
        self.field(question, "responsefieldlines", item.lines or 5)
        self.field(question, "attachments", 0)
        self.field(question, "attachmentsrequired", 0)
        self.cdata(question, "graderinfo", item.grader_info.html, format="html")
        self.cdata(question, "responsetemplate", "", format="html")
        self.tags(question, common)

    def description(self, root: etree._Element, item: DescriptionItem) -> None:
        question = self.header(root, "description", item.common, with_grade=False)
        self.tags(question, item.common)

    def item(self, root: etree._Element, item: Item) -> None:
        if isinstance(item, ChoiceItem):
            self.choice(root, item)
        elif isinstance(item, TrueFalseItem):
            self.true_false(root, item)
        elif isinstance(item, MatchItem):
            self.match(root, item)
        elif isinstance(item, EssayItem):
            self.essay(root, item)
        else:
            self.description(root, item)

    def serialise(self, root: etree._Element) -> bytes:
        text = etree.tostring(root, encoding="unicode", pretty_print=True)
        text = re.sub(r'<text>\s*<cdata n="(\d+)"/>\s*</text>',
                      lambda m: f"<text>{cdata_section(self.blocks[int(m.group(1))])}</text>", text)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text).encode("utf-8")


def plain_answer(text: str) -> str:
    """A matching answer: plain text that Moodle shows through format_string(), which strips
    tags; angle brackets become look-alike quotes so no word is eaten."""
    return answer_label(text).replace("<", "‹").replace(">", "›")


def cdata_section(text: str) -> str:
    """`text` as CDATA; a `]]>` inside is split across two sections, as Moodle's exporter does."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _segment(name: str) -> str:
    """A category name inside a path: Moodle splits paths on '/' and reads '//' as a literal '/'."""
    return clean(name).replace("/", "//")


def _number(value: float | int) -> str:
    return f"{value:.7f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def write_moodle(export: Export) -> Written:
    """The export as one Moodle XML file: the bank's category (with the article), then one
    sub-category per skill holding its questions."""
    writer = _Writer()
    root = etree.Element("quiz")
    root.append(etree.Comment(f" quizgen export of bank {clean(export.bank_id)}: import it in Banque de questions "
                              "→ Importer → Format XML Moodle ".replace("--", "- -")))
    writer.category(root, export.category, export.category_info, f"quizgen-{export.bank_id}")
    writer.description(root, export.article)
    current: tuple[str, ...] = ()
    for item in export.items:
        if item.common.category != current:
            current = item.common.category
            writer.category(root, current, Text.of(""), "quizgen-" + "-".join(current[1:]))
        writer.item(root, item)
    losses = list(export.notes) + writer.losses
    return Written(writer.serialise(root), tuple(losses), "application/xml", ".xml")
