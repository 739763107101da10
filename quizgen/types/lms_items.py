"""A neutral, format-independent item model for LMS exports (Moodle XML, GIFT, QTI 2.1).

Each question type's `lms_items` builds these items (given `quizgen.export.from_bank`'s context), and
each writer (moodle, gift, qti21) maps them to its format; they live here, below both, because the
types produce them. Items are plain frozen data: nothing here knows a format or the bank.

Every text an author wrote travels as `Text`: the plain text (for formats or fields that
take plain text) and an HTML rendering in which every character of the author's text is
escaped. The HTML is only ever built by the helpers below, so no bank text becomes markup.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

from quizgen.core.bidi import contained

# C0/C1 control characters (but tab and line feed), and the two non-characters XML forbids:
# invalid in XML 1.0 or invisible in an LMS, so removed from every exported text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def clean(text: str) -> str:
    """The text without control characters, line breaks unified to \\n, in NFC, keeping its bidi
    controls to itself (`quizgen.core.bidi`, as the sheets do): an RLO left open in one text would
    reverse what the LMS shows after it. Bank values composed with other words are contained one by
    one before that (`from_bank`), so a publisher's RLO cannot reverse the date after it either."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return contained(unicodedata.normalize("NFC", _CONTROL.sub("", text)))


def escape(text: str) -> str:
    """Cleaned and HTML-escaped (quotes too, so it is safe in attributes)."""
    return html.escape(clean(text), quote=True)


@dataclass(frozen=True)
class Text:
    """A text as plain text and as safe HTML (every character of the author's text escaped)."""

    plain: str
    html: str

    @staticmethod
    def of(plain: str) -> Text:
        """A plain text; its HTML is the escaped text, line breaks as <br>."""
        cleaned = clean(plain)
        return Text(cleaned, escape(cleaned).replace("\n", "<br/>"))  # XHTML, for QTI too

    @staticmethod
    def join(parts: list[Text], plain_sep: str = "\n\n") -> Text:
        """Paragraphs: each part in its own <p> unless it is already a block."""
        kept = [part for part in parts if part.plain or part.html]
        return Text(plain_sep.join(part.plain for part in kept),
                    "".join(part.html if part.html.startswith("<") and _is_block(part.html)
                            else f"<p>{part.html}</p>" for part in kept))

    def __bool__(self) -> bool:
        return bool(self.plain)


EMPTY = Text("", "")
_BLOCKS = ("<p>", "<p ", "<ul>", "<ol>", "<blockquote>", "<div", "<h")


def _is_block(markup: str) -> bool:
    return markup.startswith(_BLOCKS)


def paragraph(text: str) -> Text:
    return Text(clean(text), f"<p>{Text.of(text).html}</p>")


def heading(label: str) -> Text:
    return Text(clean(label), f"<p><strong>{escape(label)}</strong></p>")


def strong(label: str, text: Text) -> Text:
    """'Label : text' with the label in bold (the label is quizgen's own wording)."""
    return Text(f"{clean(label)} {text.plain}".strip(), f"<p><strong>{escape(label)}</strong> {text.html}</p>")


def quotation(text: str, reference: str = "") -> Text:
    """An excerpt of the article: « text » (§n)."""
    quoted = f"« {clean(text)} »"
    tail = f" ({clean(reference)})" if reference else ""
    return Text(quoted + tail, f"<blockquote><p>{escape(quoted)}{escape(tail)}</p></blockquote>")


def link(label: str, url: str | None) -> Text:
    """A link whose address and label are both escaped; only http(s) addresses become links."""
    label_text = Text.of(label)
    if url and re.match(r"^https?://\S+$", clean(url)):
        address = clean(url)
        return Text(f"{label_text.plain} <{address}>",
                    f'<a href="{escape(address)}">{label_text.html}</a>')
    return label_text


def bullets(items: list[Text]) -> Text:
    if not items:
        return EMPTY
    return Text("\n".join(f"- {item.plain}" for item in items),
                "<ul>" + "".join(f"<li>{item.html}</li>" for item in items) + "</ul>")


def inline(*parts: Text, sep: str = " ") -> Text:
    kept = [part for part in parts if part]
    return Text(sep.join(p.plain for p in kept), escape(sep).join(p.html for p in kept))


# --- items ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Common:
    """What every item has, whatever its type."""

    id: str  # the question id: Moodle idnumber, QTI identifier, GIFT comment
    name: str  # a short plain-text name for the LMS question bank
    text: Text  # prompt, then the excerpts with their §
    feedback: Text  # explanation, techniques (name: definition), sources as links
    tags: tuple[str, ...]  # skill:…, technique:…, difficulty:…, claim:…
    points: float
    category: tuple[str, ...]  # category path below the course, e.g. ("quizgen", bank, skill)
    source_type: str  # the bank's question type, for reports
    notes: tuple[str, ...] = ()  # what the mapping itself could not carry (every format)


@dataclass(frozen=True)
class Answer:
    text: Text
    fraction: float  # share of the points, -1 … 1
    feedback: Text = field(default=Text("", ""))
    correct: bool = False  # a right answer in the bank (what a round trip compares with)


@dataclass(frozen=True)
class ChoiceItem:
    common: Common
    single: bool
    answers: tuple[Answer, ...]
    policy: str  # "single", "partial" or "all-or-nothing"
    pinned: tuple[bool, ...]  # per answer: keeps its place when choices are shuffled (e.g. "none of these")


@dataclass(frozen=True)
class EssayItem:
    common: Common
    rubric: tuple[tuple[float, Text], ...]  # (points, criterion)
    model_answer: Text
    lines: int  # lines the printed sheet leaves: the answer box height
    grader_info: Text  # rubric and model answer, with their headings: only the marker sees it


@dataclass(frozen=True)
class TrueFalseItem:
    common: Common
    answer: bool
    true_feedback: Text
    false_feedback: Text
    labels: tuple[str, str]  # how "true" and "false" read in the bank's language (QTI shows them)
    justification: EssayItem | None  # the « justifiez » part, as its own essay item


@dataclass(frozen=True)
class Stem:
    text: Text  # the excerpt or claim, with its §
    answer: str  # plain text of the right answer (NFC, trimmed)
    also_accept: tuple[str, ...] = ()  # answers the bank also accepts (not expressible in Moodle/GIFT)
    feedback: Text = field(default=Text("", ""))


@dataclass(frozen=True)
class MatchItem:
    common: Common
    stems: tuple[Stem, ...]
    distractors: tuple[str, ...]  # answers no stem has: blank-stem subquestions in Moodle
    options: tuple[str, ...]  # every answer, in the order offered (the variant's letters, or the categories)
    policy: str  # "per-row" or "all-or-nothing"
    classification: bool = False  # a category may take several stems (QTI matchMax 0)


@dataclass(frozen=True)
class DescriptionItem:
    """Not a question: text for students (the article), gradeless."""

    common: Common


Item = ChoiceItem | EssayItem | TrueFalseItem | MatchItem | DescriptionItem


def answer_label(text: str) -> str:
    """An answer text as Moodle compares it: trimmed, NFC, inner whitespace as single spaces."""
    return " ".join(clean(text).split())
