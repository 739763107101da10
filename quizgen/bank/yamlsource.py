"""Read a hand-written YAML file into plain data plus the line of every value.

PyYAML's own loaders lose line numbers, let a duplicate key silently win, expand
aliases (the "billion laughs" bomb) and crash on deep nesting. We drive the
(fast, C when available) event parser ourselves instead, so each of those
becomes a `Problem` a teacher can act on.
"""

from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from quizgen.core.files import FileRefused, FileTooLarge, read_user_file
from quizgen.core.problems import Problem

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 40

PathKey = tuple[str | int, ...]

# libyaml (C) parses about ten times faster. PyYAML builds without it fall back to the
# pure-Python parser. (The C loader is yaml.CSafeLoader: yaml.CParser is not exported.)
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None) if getattr(yaml, "__with_libyaml__", False) else None


@dataclass
class Scalar:
    """How a scalar was written, so messages can quote the author's own text."""

    line: int
    raw: str
    quoted: bool
    #: Where the scalar ends (0-based line and column), to see what follows it on its last line.
    end: tuple[int, int] = (0, 0)


@dataclass
class YamlDocument:
    """Plain data (dicts, lists, str, int, float, bool, None) and where each piece came from."""

    path: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)
    key_lines: dict[PathKey, int] = field(default_factory=dict)
    scalars: dict[PathKey, Scalar] = field(default_factory=dict)

    def line_of(self, path: PathKey) -> int:
        """The line of `path`, or of its nearest ancestor we know."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return 1

    def value_at(self, path: PathKey) -> Any:
        """The loaded value at `path` (which must exist)."""
        node = self.data
        for part in path:
            node = node[part]
        return node


class YamlProblem(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:null",
}


def read_text(path: Path, display: str, yaml_file: bool = True) -> tuple[str | None, list[Problem]]:
    """The file's text as UTF-8 (a BOM is accepted), or a problem saying how to fix it.

    Only a regular file is read, and its size is checked before reading, so a huge file
    (or a named pipe, or /dev/zero) is refused without loading it (`quizgen.core.files`).
    """
    try:
        data = read_user_file(path, MAX_FILE_BYTES)
    except FileTooLarge as error:
        limit = MAX_FILE_BYTES // 1_048_576
        if error.size is None:
            return None, [Problem(display, 1, (
                f"the file is over {limit} MB; a bank file must be under {limit} MB. Split it into several files."))]
        return None, [Problem(display, 1, (
            f"the file is {error.size / 1_048_576:.1f} MB; a bank file must be under {limit} MB. Split it into "
            "several files, or check that this is really a question bank."))]
    except FileRefused as error:
        return None, [Problem(display, 1, str(error))]
    return decode(data, display, yaml_file)


# What YAML refuses to read (C0/C1 controls but tab, line feed, carriage return and NEL), and
# the characters it counts as line breaks although editors do not: both would give wrong lines.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_SEPARATOR = re.compile("[\x85\u2028\u2029]")
# A BOM is accepted at the very start only; elsewhere libyaml and PyYAML disagree about it.
_STRAY_BOM = re.compile("\ufeff")
_BINARY_SHARE = 0.05  # more control characters than this in the first 8 KiB: not a text file
_SAVE_AS_UTF8 = "save it again as UTF-8 (in most editors: « Enregistrer sous » → encodage UTF-8)."


def decode(data: bytes, display: str, yaml_file: bool = True) -> tuple[str | None, list[Problem]]:
    """UTF-8 text (a BOM is accepted), or one problem naming the encoding or the character at fault."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return None, [Problem(display, 1, f"the file is saved as UTF-32; {_SAVE_AS_UTF8}")]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(data[:8192]):
        return None, [Problem(display, 1, f"the file is saved as UTF-16; {_SAVE_AS_UTF8}")]
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    head = data[:8192]
    controls = sum(1 for byte in head if byte < 0x20 and byte not in b"\t\n\r")
    if b"\x00" in head or controls > max(16, _BINARY_SHARE * len(head)):
        return None, [Problem(display, 1, (
            "this is not a text file (it contains binary data); a bank must be a YAML text file."))]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        guess = data.decode("cp1252", errors="replace").split("\n")[line - 1]
        guess = _CONTROL.sub("?", guess.strip())[:60]
        return None, [Problem(display, line, (
            f"the file is not UTF-8 (it looks like Latin-1/Windows-1252: « {guess} »); {_SAVE_AS_UTF8}"))]
    if yaml_file:
        for pattern, what in ((_CONTROL, "an invisible control character"),
                              (_SEPARATOR, "an invisible line separator"),
                              (_STRAY_BOM, "an invisible byte-order mark")):
            found = pattern.search(text)
            if found:
                line = text.count("\n", 0, found.start()) + 1
                column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
                return None, [Problem(display, line, (
                    f"this line contains {what} (U+{ord(found.group()):04X}) at column {column}, "
                    "often left by a copy-paste; delete it (retype the characters around it)."))]
    return text, []


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a BOM: mostly text whose every other byte is zero."""
    if len(head) < 4:
        return False
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    return max(even, odd) > 0.4 * half and min(even, odd) < 0.05 * half


def parse(text: str, display: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse YAML text into a `YamlDocument`, or return the problems that prevent it.

    Valid files go through libyaml when it is there. A file it refuses is parsed again with
    the pure-Python parser, whose error marks and wording `_explain_yaml_error` knows: the
    messages do not depend on how PyYAML was built.
    """
    if _FAST_LOADER is not None:
        document = YamlDocument(display, None)
        try:
            document.data = _build(yaml.parse(text, Loader=_FAST_LOADER), document)
            return document, comment_cuts(document, text)
        except YamlProblem as problem:
            return None, [Problem(display, problem.line, problem.message)]
        except yaml.YAMLError:
            pass  # explained below
    document = YamlDocument(display, None)
    try:
        events = yaml.parse(text, Loader=yaml.SafeLoader)
        document.data = _build(events, document)
    except YamlProblem as problem:
        return None, [Problem(display, problem.line, problem.message)]
    except yaml.MarkedYAMLError as error:
        return None, [_explain_yaml_error(error, text, display)]
    except yaml.YAMLError as error:  # pragma: no cover - unmarked errors are rare
        return None, [Problem(display, 1, f"this is not valid YAML ({error}).")]
    return document, comment_cuts(document, text)


_COMMENT_AFTER = re.compile(r"\s+#(.*)$")


def comment_cuts(document: YamlDocument, text: str) -> list[Problem]:
    """Unquoted texts that a ' #' cut short: YAML reads the rest of the line as a comment.

    `prompt: True or false? #1 The article…` loads as "True or false?" and nothing says so.
    A comment after a one-word value (`skill: verify-claim  # todo`) is a comment; after several
    words, or glued to the '#' (`#1`), it is most likely part of the text.
    """
    lines = text.splitlines()
    problems: list[Problem] = []
    for path, scalar in document.scalars.items():
        if scalar.quoted or not isinstance(document.value_at(path), str):
            continue
        end_line, end_column = scalar.end
        if end_line >= len(lines):
            continue
        comment = _COMMENT_AFTER.match(lines[end_line][end_column:])
        if comment is None:
            continue
        value = scalar.raw
        if not (any(char.isspace() for char in value.strip()) or comment.group(1)[:1].strip()):
            continue
        rest = comment.group(1).rstrip()
        whole = f"{value} #{rest}".replace('"', '\\"')
        problems.append(Problem(document.path, end_line + 1, (
            f"this text stops at « {_shorten(value)} »: ' #' starts a YAML comment, so "
            f"« {_shorten('#' + rest)} » is left out. If the # belongs to the text, put the whole text in "
            f"double quotes: \"{_shorten(whole, 70)}\"; if it is a comment, move it to a line of its own.")))
    return problems


def _shorten(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def load(path: Path, display: str) -> tuple[YamlDocument | None, list[Problem]]:
    text, problems = read_text(path, display)
    if text is None:
        return None, problems
    return parse(text, display)


def _build(events: Any, document: YamlDocument) -> Any:
    stream = iter(events)
    root: Any = None
    documents = 0
    for event in stream:
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise YamlProblem(event.start_mark.line + 1 if event.start_mark else 1, (
                    "a second YAML document starts here ('---'); a bank file holds one document. "
                    "Put the rest in another file."))
            root = _node(stream, next(stream), (), document, 0)
    return root


def _node(stream: Any, event: Any, path: PathKey, document: YamlDocument, depth: int) -> Any:
    line = event.start_mark.line + 1
    if isinstance(event, yaml.AliasEvent):
        raise YamlProblem(line, (
            f"aliases (*{event.anchor}) are not allowed in a bank; write the text out in full."))
    if getattr(event, "anchor", None):
        raise YamlProblem(line, (
            f"anchors (&{event.anchor}) are not allowed in a bank; write the text out in full."))
    if depth > MAX_DEPTH:
        raise YamlProblem(line, (
            f"the data is nested more than {MAX_DEPTH} levels deep; a bank never needs that. "
            "Check the indentation."))
    document.lines[path] = line
    if isinstance(event, yaml.ScalarEvent):
        return _scalar(event, path, document)
    _check_tag(event, line)
    if isinstance(event, yaml.SequenceStartEvent):
        items: list[Any] = []
        for item_event in stream:
            if isinstance(item_event, yaml.SequenceEndEvent):
                return items
            items.append(_node(stream, item_event, (*path, len(items)), document, depth + 1))
    if isinstance(event, yaml.MappingStartEvent):
        mapping: dict[str, Any] = {}
        for key_event in stream:
            if isinstance(key_event, yaml.MappingEndEvent):
                return mapping
            key_line = key_event.start_mark.line + 1
            if not isinstance(key_event, yaml.ScalarEvent):
                raise YamlProblem(key_line, "a key must be a simple word (like 'prompt').")
            key = key_event.value
            if key in mapping:
                raise YamlProblem(key_line, (
                    f"the key '{key}' appears twice in the same block (first on line "
                    f"{document.key_lines[(*path, key)]}); keep only one."))
            document.key_lines[(*path, key)] = key_line
            mapping[key] = _node(stream, next(stream), (*path, key), document, depth + 1)
    raise YamlProblem(line, "unexpected YAML structure.")  # pragma: no cover


def _check_tag(event: Any, line: int) -> None:
    tag = getattr(event, "tag", None)
    if tag and not event.implicit and tag not in _PLAIN_TAGS | {
        "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
    }:
        raise YamlProblem(line, f"YAML tags like '{_short_tag(tag)}' are not allowed in a bank; remove it.")


def _scalar(event: Any, path: PathKey, document: YamlDocument) -> Any:
    line = event.start_mark.line + 1
    quoted = event.style in ("'", '"', "|", ">")
    document.scalars[path] = Scalar(line, event.value, quoted, (event.end_mark.line, event.end_mark.column))
    if event.tag and event.tag != "!" and not event.implicit[0]:
        tag = event.tag
        if tag not in _PLAIN_TAGS:
            raise YamlProblem(line, f"YAML tags like '{_short_tag(tag)}' are not allowed in a bank; remove it.")
        return _number_or_text(tag, event.value, line)
    if not event.implicit[0]:
        return event.value  # quoted or block text: always a string
    return _number_or_text(None, event.value, line)


def _number_or_text(tag: str | None, value: str, line: int) -> Any:
    try:
        return _construct(tag, value) if tag else _plain(value)
    except ValueError as error:  # Python refuses to read an integer of more than 4,300 digits
        raise YamlProblem(line, (
            f"this number has {sum(c.isdigit() for c in value)} digits; numbers in a bank are small (points, "
            "difficulty, lines). Write the number you mean, or put text between quotes.")) from error


@functools.lru_cache(maxsize=8192)  # the same plain values (true, 2, single-choice…) recur everywhere
def _plain(value: str) -> Any:
    """An unquoted scalar as YAML 1.1 reads it: no → False, 3 → 3, dates and the rest → text."""
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    if tag == "tag:yaml.org,2002:timestamp":
        return value  # dates stay text: "2023-03-17" is what a source's date looks like
    if tag not in _PLAIN_TAGS:
        return value
    return _construct(tag, value)


def _construct(tag: str, value: str) -> Any:
    return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, value))


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


_COLON_TRAP = re.compile(r"^\s*(?:-\s+)?[\w-]+:\s+[^'\"|>\s].*\s:\s")
_KEY_ONLY = re.compile(r"^\s*(?:-\s+)?([\w-]+)$")
_KEY_OF_LINE = re.compile(r"^(\s*)(?:-\s+)?([\w-]+):(?:\s|$)")
_BRACKETS = {"while parsing a flow sequence": ("[", "]", "list"), "while parsing a flow mapping": ("{", "}", "block")}


def _quote_fix(quote: str) -> str:
    return (f"the text opened with {quote} on this line is never closed; add the missing closing "
            f"{quote} at the end of the text.")


def _explain_yaml_error(error: yaml.MarkedYAMLError, text: str, display: str) -> Problem:
    mark: Any = error.problem_mark or error.context_mark
    line = (mark.line + 1) if mark else 1
    lines = text.splitlines()
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    problem = (error.problem or "").strip()
    context = str(error.context or "")
    if "\t" in source[: len(source) - len(source.lstrip())]:
        return Problem(display, line, "a tab is used for indentation; YAML needs spaces. Replace the tab with spaces.")
    if "'\\t'" in problem:  # only without libyaml, which accepts tabs between words
        return Problem(display, line, (
            "this line contains a tab character; replace it with a space (or put the text in double quotes)."))
    if "while scanning a quoted scalar" in context and error.context_mark is not None:
        # The scanner ran to the end of the file looking for the closing quote: blame where it opens.
        start = error.context_mark
        quote = text[start.index] if 0 <= start.index < len(text) and text[start.index] in "'\"" else '"'
        return Problem(display, start.line + 1, _quote_fix(quote))
    opened = _multiline_quote_ending_on(text, line)
    if opened is not None:
        # A quote left open swallowed the next lines up to the next quote, where parsing failed.
        return Problem(display, opened[0], _quote_fix(opened[1]))
    apostrophe = _apostrophe_in_single_quotes(text, line, mark)
    if apostrophe is not None:
        return Problem(display, line, (
            f"an apostrophe ends this text early: it is between single quotes, so YAML reads only "
            f"« {apostrophe} » as the text. Put the text between double quotes instead (\"L'appel…\"), "
            "or double each apostrophe inside single quotes ('L''appel…')."))
    if context in _BRACKETS and error.context_mark is not None:
        opening, closing, what = _BRACKETS[context]
        first = error.context_mark.line + 1
        if first < line:
            return Problem(display, first, (
                f"the '{opening}' opened on this line is never closed; add the missing '{closing}' at the "
                f"end of the {what} (items are separated by commas)."))
        return Problem(display, first, (
            f"this '{opening} … {closing}' {what} is not valid: separate the items with commas and put "
            "each text item in double quotes."))
    if problem.startswith("mapping values are not allowed"):
        indented = _over_indented_key(lines, line, mark)
        if indented is not None:
            return Problem(display, line, indented)
    if problem.startswith("mapping values are not allowed") or _COLON_TRAP.match(source):
        return Problem(display, line, (
            "the text contains ' : ' (a colon followed by a space), which YAML reads as a new key. "
            "Put the whole text in double quotes, e.g. prompt: \"Lisez ceci : …\", "
            "or use a block: prompt: | then the text on the next lines, indented."))
    if "could not find expected ':'" in problem and error.context_mark is not None:
        return Problem(display, error.context_mark.line + 1, (
            "this line is neither 'key: value' nor '- item' (YAML expects a ':' after its first words). "
            "If it continues the text of the line above, indent it more than that line's key, or put "
            "the whole text in double quotes."))
    if "found unexpected end of stream" in problem:
        return Problem(display, line, _quote_fix('"'))
    if "found undefined alias" in problem:
        return Problem(display, line, "aliases (*name) are not allowed in a bank; write the text out in full.")
    return Problem(display, line, (
        f"this is not valid YAML ({problem or error}). Check the indentation and quotes around this line."))


def _tokens_up_to(text: str, line: int) -> list[Any]:
    """The scanner's tokens that start on or before `line` (1-based), as far as the scanner gets."""
    scanner = yaml.SafeLoader(text)
    tokens: list[Any] = []
    try:
        while True:
            token = scanner.get_token()
            if token is None or token.start_mark.line + 1 > line:
                break
            tokens.append(token)
    except yaml.YAMLError:
        pass
    finally:
        scanner.dispose()
    return tokens


def _multiline_quote_ending_on(text: str, line: int) -> tuple[int, str] | None:
    """Where a quoted text opens, if it spans several lines and parsing failed where it closes."""
    for token in reversed(_tokens_up_to(text, line)):
        if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
            end = token.end_mark.line + 1
            if end == line and token.start_mark.line + 1 < end:
                return token.start_mark.line + 1, token.style
            if end < line:
                return None
    return None


def _apostrophe_in_single_quotes(text: str, line: int, mark: Any) -> str | None:
    """`text: 'L'appel'`: the text in single quotes stops at the apostrophe, a word follows it."""
    tokens = [t for t in _tokens_up_to(text, line) if t.start_mark.line + 1 == line]
    for before, after in zip(tokens, tokens[1:], strict=False):
        if (isinstance(before, yaml.ScalarToken) and before.style == "'"
                and isinstance(after, yaml.ScalarToken) and after.style is None
                and after.start_mark.index == before.end_mark.index):
            return text[before.start_mark.index:before.end_mark.index]
    return None


def _over_indented_key(lines: list[str], line: int, mark: Any) -> str | None:
    """`key:` alone before the refused colon: the key was read as more of the text above, not as a key.

    (The ' : ' trap always has another `key:` earlier on the same line.)
    """
    if mark is None or not 0 < line <= len(lines):
        return None
    key = _KEY_ONLY.match(lines[line - 1][: mark.column])
    if key is None:
        return None
    for previous in range(line - 1, 0, -1):
        above = lines[previous - 1]
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        owner = _KEY_OF_LINE.match(above)
        what = f"'{owner.group(2)}:' on line {previous}" if owner else f"line {previous}"
        return (f"indentation problem: '{key.group(1)}:' is not lined up with the keys of its block, so "
                f"YAML reads it as more of the text of {what}. Indent '{key.group(1)}:' with exactly as "
                "many spaces as the other keys of its block.")
    return None
