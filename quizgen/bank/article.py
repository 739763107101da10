"""Articles: their paragraphs, and the proof that an excerpt is really in them."""

from __future__ import annotations

import bisect
import difflib
import functools
import re
from collections import Counter
from collections.abc import Iterator, Mapping
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


#: An excerpt is a quotation: a sentence or two, at most about a paragraph. Longer texts are refused
#: before any search, which bounds the cost of grounding (difflib is quadratic in the worst case).
MAX_EXCERPT = 1000
#: Characters of article text the closest-passage search may compare with one excerpt. An article
#: under this size (the bundled one is 16 KB) is searched whole; in a longer one only the chunks
#: sharing the excerpt's rarer words are, so `check` stays fast up to the 5 MB file limit.
SEARCH_BUDGET = 60_000
#: Long paragraphs are compared in pieces of about this many characters (cut at spaces).
CHUNK = 3_000
#: A word found in more chunks than this says nothing about where an excerpt comes from.
_COMMON_WORD = 200
_WORD = re.compile(r"\w{4,}")


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


_LOOSE_TABLE = {ord(char): None for char in _INVISIBLE} | {ord(char): plain for char, plain in _QUOTES.items()}
_SPACE_BY_QUOTE = re.compile(r' (?=")|(?<=") ')


def _loose_text(text: str) -> str:
    """`_loose(text)[0]` without the positions, at C speed: every paragraph is compared with every
    excerpt this way, and only the paragraph that matches needs `_loose`'s positions."""
    text = _SPACES.sub(" ", text.translate(_LOOSE_TABLE)).lstrip(" ")
    return _SPACE_BY_QUOTE.sub("", text)


@dataclass(frozen=True)
class Searchable:
    """An article as the search reads it, computed once per article: each search is then one
    C-speed `str.find` over the whole text instead of a Python loop over its paragraphs."""

    folded: tuple[str, ...]
    text: str  # the folded paragraphs joined by line breaks (no excerpt holds one)
    starts: tuple[int, ...]  # where each paragraph starts in `text`
    loose: str  # the same with quotes unified and spaces loosened (`_loose_text` of each paragraph)
    loose_starts: tuple[int, ...]
    lowered: str | None  # `text` in lower case, when that keeps every character in its place
    #: (paragraph number, text): the pieces the closest-passage search compares.
    chunks: tuple[tuple[int, str], ...]
    size: int  # characters in the chunks
    index: Mapping[str, list[int]]  # word → chunks holding it (articles over SEARCH_BUDGET only)


@functools.lru_cache(maxsize=8)
def searchable(paragraphs: tuple[str, ...]) -> Searchable:
    folded = tuple(fold_spaces(text) for text in paragraphs)
    loose = tuple(_loose_text(text) for text in folded)
    text = "\n".join(folded)
    lowered = text.lower()
    chunks = tuple((number, piece) for number, text in enumerate(folded, 1) for piece in _pieces(text))
    size = sum(len(piece) for _, piece in chunks)
    index: dict[str, list[int]] = {}
    if size > SEARCH_BUDGET:
        for position, (_, piece) in enumerate(chunks):
            for word in set(_WORD.findall(piece.lower())):
                index.setdefault(word, []).append(position)
    return Searchable(folded, text, _starts(folded), "\n".join(loose), _starts(loose),
                      lowered if len(lowered) == len(text) else None, chunks, size, index)


def _starts(paragraphs: tuple[str, ...]) -> tuple[int, ...]:
    starts, position = [], 0
    for paragraph in paragraphs:
        starts.append(position)
        position += len(paragraph) + 1
    return tuple(starts)


def _occurrences(haystack: str, starts: tuple[int, ...], needle: str) -> Iterator[tuple[int, int]]:
    """(paragraph number, offset in the paragraph) of each place `needle` is in `haystack`."""
    position = haystack.find(needle)
    while position >= 0:
        number = bisect.bisect_right(starts, position)
        yield number, position - starts[number - 1]
        position = haystack.find(needle, position + max(1, len(needle)))


def _pieces(text: str) -> list[str]:
    """`text` cut at spaces into pieces of at most CHUNK characters."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > CHUNK:
        cut = text.rfind(" ", start + CHUNK // 2, start + CHUNK)
        cut = cut if cut > start else start + CHUNK
        pieces.append(text[start:cut])
        start = cut + 1 if text[cut:cut + 1] == " " else cut
    pieces.append(text[start:])
    return pieces


@dataclass(frozen=True)
class Grounding:
    paragraph: int | None  # where the excerpt is, or None
    problem: str | None  # what is wrong and how to fix it, or None


def locate(excerpt: str, paragraphs: tuple[str, ...] | list[str], expected: int | None = None) -> Grounding:
    """Find `excerpt` in the article, or explain precisely why it is not there."""
    wanted = fold_spaces(excerpt)
    if len(wanted) > MAX_EXCERPT:
        return Grounding(None, f"the excerpt is {len(wanted)} characters long; an excerpt quotes a sentence or "
                               f"two of the article, at most {MAX_EXCERPT} characters. Keep the words that matter.")
    article = searchable(tuple(paragraphs))
    exact = list(dict.fromkeys(number for number, _ in _occurrences(article.text, article.starts, wanted)))
    if exact:
        if expected is not None and expected not in exact:
            where = ", ".join(f"§{n}" for n in exact)
            return Grounding(exact[0], f"the excerpt is in {where}, not §{expected}; fix 'paragraph:' or remove it.")
        return Grounding(expected or exact[0], None)

    loose_wanted = _loose_text(wanted)
    for number, offset in _occurrences(article.loose, article.loose_starts, loose_wanted) if loose_wanted else ():
        folded = article.folded[number - 1]
        _, positions = _loose(folded)
        original = folded[positions[offset]: positions[offset + len(loose_wanted) - 1] + 1]
        return Grounding(number, _quote_difference(wanted, original, number))

    lowered = wanted.lower()
    if article.lowered is not None and len(lowered) == len(wanted):  # 'İ' lowers to two characters
        for number, offset in _occurrences(article.lowered, article.starts, lowered):
            original = article.folded[number - 1][offset:offset + len(wanted)]
            return Grounding(number, f"the excerpt matches §{number} only if letter case is ignored: the "
                                     f"article writes « {original} ». Copy it exactly, capitals included.")

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
    """The paragraph and words of the article closest to `wanted` (difflib's longest common run), or
    (None, '') when nothing is close.

    Bounded: an article under SEARCH_BUDGET characters is compared whole, character by character.
    In a longer one, only the chunks sharing the excerpt's less common words are compared, word by
    word (difflib on characters costs excerpt × chunk / alphabet: 2 s per excerpt on a 5 MB article).
    """
    article = searchable(tuple(paragraphs))
    if article.size <= SEARCH_BUDGET:
        best = _closest_in_characters(wanted, article.chunks)
    else:
        best = _closest_in_words(wanted, _candidates(wanted, article))
    if best[0] < max(4, len(wanted) // 5):
        return None, ""
    return best[1], _short(best[2])


Closest = tuple[int, int | None, str]  # characters in common, paragraph number, the article's words


def _closest_in_characters(wanted: str, chunks: tuple[tuple[int, str], ...]) -> Closest:
    best: Closest = (0, None, "")
    for number, piece in chunks:
        matcher = difflib.SequenceMatcher(None, wanted, piece, autojunk=False)
        match = matcher.find_longest_match(0, len(wanted), 0, len(piece))
        if match.size > best[0]:
            start = max(0, match.b - match.a)
            end = min(len(piece), start + len(wanted))
            while start > 0 and piece[start - 1] != " ":  # widen to whole words
                start -= 1
            while end < len(piece) and piece[end] != " ":
                end += 1
            best = (match.size, number, piece[start:end].rstrip(",;:"))
    return best


def _closest_in_words(wanted: str, chunks: list[tuple[int, str]]) -> Closest:
    wanted_words = wanted.split(" ")
    best: Closest = (0, None, "")
    for number, piece in chunks:
        words = piece.split(" ")
        matcher = difflib.SequenceMatcher(None, wanted_words, words, autojunk=False)
        match = matcher.find_longest_match(0, len(wanted_words), 0, len(words))
        common = len(" ".join(words[match.b:match.b + match.size]))
        if common > best[0]:
            start = max(0, match.b - match.a)
            best = (common, number, " ".join(words[start:start + len(wanted_words)]).rstrip(",;:"))
    return best


def _candidates(wanted: str, article: Searchable) -> list[tuple[int, str]]:
    """The chunks worth comparing with `wanted`, in article order: all of them in an article under
    SEARCH_BUDGET; otherwise those sharing most of its less common words, up to the budget."""
    if article.size <= SEARCH_BUDGET:
        return list(article.chunks)
    shared: Counter[int] = Counter()
    for word in set(_WORD.findall(wanted.lower())):
        holders = article.index.get(word, [])
        if len(holders) <= _COMMON_WORD:
            shared.update(holders)
    chosen: list[int] = []
    budget = SEARCH_BUDGET
    for position, _ in shared.most_common():
        budget -= len(article.chunks[position][1])
        if budget < 0:
            break
        chosen.append(position)
    return [article.chunks[position] for position in sorted(chosen)]


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
