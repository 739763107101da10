"""Typography by language, in one place for Python, the templates and (as data) the self-check page.

French: no-break spaces before « : ; ? ! » and inside « », so no line starts with them; quotations
between « ». English: quotations between “ ”, no space before punctuation. Both: a number written in
groups of three digits (« 6 000 », « 12 241 ») keeps its groups on one line.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space

QUOTES = {"fr": ("«" + NBSP, NBSP + "»"), "en": ("\u201c", "\u201d")}
COLON = {"fr": NBSP + ":", "en": ":"}
DECIMAL = {"fr": ",", "en": "."}


def typeset(text: str, language: str, *, quotation: bool = False) -> str:
    """`text` with the typography of `language`. A quotation keeps its characters (French: only its
    existing spaces become non-breaking)."""
    if language == "fr":
        return french(text, quotation=quotation)
    text = digit_groups(text)
    if quotation:
        return text
    return _SPACE_BEFORE_EN.sub(r"\1", text)


def quoted(text: str, language: str) -> str:
    """`text` between the quotation marks of `language` (already typeset)."""
    opening, closing = QUOTES.get(language, QUOTES["en"])
    return f"{opening}{text}{closing}"


def colon(language: str) -> str:
    """The colon after a label, with French's no-break space before it."""
    return COLON.get(language, ":")


def number(value: float, language: str) -> str:
    """A score: 1, 1.5 (English) or 1,5 (French), one decimal at most."""
    text = f"{round(value, 1):g}"
    return text.replace(".", DECIMAL.get(language, "."))


# A number in groups of three digits: 1 to 3 digits not glued to a digit, comma or point before them,
# then groups of exactly three digits, each after one space (ordinary, no-break, thin or narrow).
# « 2019 100 » does not match (four digits lead), nor « 1 2345 » (the last group has four).
_DIGIT_GROUPS = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?!\d)")
_ANY_SPACE = re.compile(r"[ \u00a0\u2009\u202f]")
_SPACE_BEFORE_EN = re.compile(r"[\u00a0\u2009\u202f]+([:;?!])")
_SPACE_BEFORE = re.compile(r"[ \u2009\u202f]+([:;?!»])")
_SPACE_AFTER = re.compile(r"(«)[ \u2009\u202f]+")
_MISSING_BEFORE = re.compile(r"(?<=[\w)»…])([;?!])")
_MISSING_AFTER_GUILLEMET = re.compile(r"«(?=\S)")
_MISSING_BEFORE_GUILLEMET = re.compile(r"(?<=\S)»")


def digit_groups(text: str) -> str:
    """Every number written in groups of three digits held together by narrow no-break spaces (the
    French thousands separator): a key never ends a line on « 6 » and starts the next with « 000 »."""
    return _DIGIT_GROUPS.sub(lambda match: _ANY_SPACE.sub(NNBSP, match.group(0)), text)


def french(text: str, *, quotation: bool = False) -> str:
    """Non-breaking spaces before : ; ? ! and inside « », so no line starts with them; numbers in
    groups of three digits kept on one line.

    A quotation keeps its characters: only existing spaces become non-breaking.
    """
    text = digit_groups(text)
    text = _SPACE_BEFORE.sub(NBSP + r"\1", text)
    text = _SPACE_AFTER.sub(r"\1" + NBSP, text)
    if not quotation:
        text = re.sub(r"\S+", _add_missing_spaces, text)
    return text


def _add_missing_spaces(match: re.Match[str]) -> str:
    word = match.group(0)
    if "://" in word or word.startswith("www.") or "@" in word:
        return word  # a web or mail address: its ? and : are not punctuation
    word = _MISSING_BEFORE.sub(NBSP + r"\1", word)
    word = _MISSING_AFTER_GUILLEMET.sub("«" + NBSP, word)
    return _MISSING_BEFORE_GUILLEMET.sub(NBSP + "»", word)


#: A run of characters longer than this cannot sit on a line of a table cell or of a large-print sheet.
LONGEST_WORD = 45
_LONG_RUN = re.compile(r"\S{" + str(LONGEST_WORD + 1) + ",}")
_MARKUP = re.compile(r"(<[^>]*>|&#?\w+;)")
ZWSP = "\u200b"


def breakable(text: str, markup: bool = False) -> str:
    """`text` with an invisible break opportunity (U+200B) every 30 characters of a run longer than
    LONGEST_WORD. WeasyPrint cuts such a run with `overflow-wrap: anywhere`, but in quadratic time
    (a 20,000-character word: 11 s; 100,000: over 10 minutes); with these breaks it is linear.
    In `markup`, only text between tags and entities is touched."""
    if not _LONG_RUN.search(text):
        return text
    if markup:
        return "".join(part if _MARKUP.fullmatch(part) else breakable(part) for part in _MARKUP.split(text))
    return _LONG_RUN.sub(_with_breaks, text)


def _with_breaks(match: re.Match[str]) -> str:
    run = match.group()
    if ("://" in run or run.startswith("www.")) and len(run) < 2000:
        return run  # a web address copied from the PDF must still work; overflow-wrap cuts it, quickly
    return ZWSP.join(run[i:i + 30] for i in range(0, len(run), 30))
