"""Articles: their paragraphs, and the proof that an excerpt is really in them."""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_QUOTES = {
    "\u2019": "'", "\u2018": "'", "\u201b": "'", "\u02bc": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
}
_QUOTE_NAMES = {
    "'": "a straight apostrophe '", "\u2019": "a typographic apostrophe ’",
    "\u2018": "an opening quote ‘", '"': 'a straight quote "', "\u201c": "an opening quote “",
    "\u201d": "a closing quote ”", "\u00ab": "a guillemet «", "\u00bb": "a guillemet »",
}

# Invisible characters pasted from web pages or word processors: an excerpt holding one looks
# exactly like the article's text but does not match it.
_INVISIBLE = {
    "\u200b": "an invisible zero-width space (U+200B)", "\u200c": "an invisible zero-width non-joiner (U+200C)",
    "\u200d": "an invisible zero-width joiner (U+200D)", "\u2060": "an invisible word joiner (U+2060)",
    "\u00ad": "an invisible soft hyphen (U+00AD)", "\ufeff": "an invisible byte-order mark (U+FEFF)",
}


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    language: str
    author: str | None
    publisher: str | None
    date: str | None
    url: str | None
    note: dict[str, str] | None
    path: str  # metadata file, as shown to the user
    text_path: str
    paragraphs: tuple[str, ...] = ()
    #: How the text file separates paragraphs (`paragraphs:` in the article file), and the text as
    #: read: annotation files point into it by character offset or line number (quizgen.annotations).
    layout: str = "lines"
    source: str = ""


#: `paragraphs:` of an article file: one paragraph per non-empty line (the default), or paragraphs
#: separated by blank lines, their line breaks inside a paragraph being mere wrapping.
LAYOUTS = ("lines", "blank-lines")


def paragraph_spans(text: str, layout: str = "lines") -> list[tuple[int, int]]:
    """Where each paragraph is in `text`: [start, end) character offsets, spaces around it left out.

    The paragraph itself is `text[start:end]` with its line breaks turned into spaces (same length,
    so an offset into the text is an offset into its paragraph)."""
    spans: list[tuple[int, int]] = []
    block: tuple[int, int] | None = None
    position = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            start = position + line.index(stripped[0])
            end = start + len(stripped)
            if layout == "blank-lines" and block is not None:
                block = (block[0], end)
            else:
                if block is not None:
                    spans.append(block)
                block = (start, end)
        elif block is not None:
            spans.append(block)
            block = None
        position += len(line)
    if block is not None:
        spans.append(block)
    return spans


def split_paragraphs(text: str, layout: str = "lines") -> list[str]:
    """The paragraphs of an article's text; §1 is the first. `layout`: see LAYOUTS."""
    return [_one_line(text[start:end]) for start, end in paragraph_spans(text, layout)]


def _one_line(block: str) -> str:
    """A paragraph's line breaks as spaces, one character for one (offsets stay valid)."""
    return block.translate(_BREAKS)


_BREAKS = str.maketrans({"\n": " ", "\r": " ", "\x0b": " ", "\x0c": " ", "\x1c": " ", "\x1d": " ",
                         "\x1e": " ", "\x85": " ", "\u2028": " ", "\u2029": " "})


@functools.lru_cache(maxsize=4096)  # article paragraphs are folded once, not once per excerpt
def fold_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _loose(text: str) -> tuple[str, list[int]]:
    """Text with quotes unified and spaces folded, and the index in `text` of each character."""
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        if char in _INVISIBLE:
            continue
        char = _QUOTES.get(char, char)
        if _SPACES.fullmatch(char):
            if not out or out[-1] == " ":
                continue
            char = " "
        out.append(char)
        where.append(index)
    # Spaces just inside quotes vary too (« x » vs "x"): drop them on both sides.
    result, positions = [], []
    for i, char in enumerate(out):
        if char == " " and ((i > 0 and out[i - 1] == '"') or (i + 1 < len(out) and out[i + 1] == '"')):
            continue
        result.append(char)
        positions.append(where[i])
    return "".join(result), positions


@dataclass(frozen=True)
class Grounding:
    paragraph: int | None  # where the excerpt is, or None
    problem: str | None  # what is wrong and how to fix it, or None


def locate(excerpt: str, paragraphs: tuple[str, ...] | list[str], expected: int | None = None) -> Grounding:
    """Find `excerpt` in the article, or explain precisely why it is not there."""
    wanted = fold_spaces(excerpt)
    exact = [n for n, text in enumerate(paragraphs, 1) if wanted in fold_spaces(text)]
    if exact:
        if expected is not None and expected not in exact:
            where = ", ".join(f"§{n}" for n in exact)
            return Grounding(exact[0], f"the excerpt is in {where}, not §{expected}; fix 'paragraph:' or remove it.")
        return Grounding(expected or exact[0], None)

    loose_wanted, _ = _loose(wanted)
    for number, text in enumerate(paragraphs, 1):
        folded = fold_spaces(text)
        loose_text, positions = _loose(folded)
        start = loose_text.find(loose_wanted)
        if start >= 0 and loose_wanted:
            original = folded[positions[start]: positions[start + len(loose_wanted) - 1] + 1]
            return Grounding(number, _quote_difference(wanted, original, number))

    closest, passage = closest_passage(wanted, paragraphs)
    hint = f" The closest passage is §{closest}: « {passage} »." if closest else ""
    return Grounding(None, f"the excerpt « {_short(wanted)} » is not in the article.{hint} "
                           "Copy the words exactly from the article.")


def _quote_difference(wanted: str, original: str, number: int) -> str:
    differences: list[tuple[str, str]] = []
    for bank_char, article_char in _char_pairs(wanted, original):
        names = tuple(_name(char) for char in (article_char, bank_char))
        if any(char in _INVISIBLE for char in (article_char, bank_char)):
            names = tuple("nothing" if name == "no space" else name for name in names)
        if names not in differences:
            differences.append((names[0], names[1]))
    said = "; ".join(f"the article has {a} where the excerpt has {b}" for a, b in differences)
    spaces = [pair for pair in differences if set(pair) <= {"a space", "no space"}]
    invisible = [pair for pair in differences if any(name.startswith("an invisible") for name in pair)]
    kinds = []
    if len(spaces) + len(invisible) < len(differences):
        kinds.append("quotes")
    if spaces:
        kinds.append("the spaces inside quotes" if not kinds else "the spaces inside them")
    if invisible:
        kinds.append("invisible characters")
    return (f"the excerpt matches §{number} only if {' and '.join(kinds)} are ignored: {said}. "
            f"Copy it exactly: « {original} ».")


def _name(char: str) -> str:
    if char in ("a space", "no space"):
        return char
    return _QUOTE_NAMES.get(char) or _INVISIBLE.get(char) or repr(char)


def _visible(part: str) -> str:
    """A differing piece of text, named so that a space (or nothing) shows in a message."""
    return part.strip() or ("a space" if part else "no space")


def _char_pairs(wanted: str, original: str) -> list[tuple[str, str]]:
    matcher = difflib.SequenceMatcher(None, wanted, original, autojunk=False)
    pairs = []
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag != "equal":
            pairs.append((_visible(wanted[a1:a2]), _visible(original[b1:b2])))
    return pairs


def closest_passage(wanted: str, paragraphs: tuple[str, ...] | list[str]) -> tuple[int | None, str]:
    best: tuple[int, int | None, str] = (0, None, "")
    for number, text in enumerate(paragraphs, 1):
        folded = fold_spaces(text)
        matcher = difflib.SequenceMatcher(None, wanted, folded, autojunk=False)
        match = matcher.find_longest_match(0, len(wanted), 0, len(folded))
        if match.size > best[0]:
            start = max(0, match.b - match.a)
            end = min(len(folded), start + len(wanted))
            while start > 0 and folded[start - 1] != " ":  # widen to whole words
                start -= 1
            while end < len(folded) and folded[end] != " ":
                end += 1
            best = (match.size, number, folded[start:end].rstrip(",;:"))
    if best[0] < max(4, len(wanted) // 5):
        return None, ""
    return best[1], _short(best[2])


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
