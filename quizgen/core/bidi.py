"""Bidirectional-text controls in bank text: kept inside the text that holds them.

An RLO (U+202E) at the end of a publisher's name (`"AFP" + RLO`) reverses everything after it on the same
line — the date quizgen prints next, a variant code. Right-to-left names and quotations need no
control characters, but a bank may hold them (pasted from a web page), so they are not removed
from printed documents or LMS exports (`quizgen.types.lms_items.clean`): each printed or exported text
closes what it opens (`contained`), as `unicode-bidi: isolate` would, and closers with nothing to
close are dropped. Terminals and
messages get no bidi controls at all (`quizgen.study.practice.clean`, `quizgen.core.problems`).
"""

from __future__ import annotations

import re

EMBEDDINGS = "\u202a\u202b\u202d\u202e"  # LRE, RLE, LRO, RLO: closed by PDF
POP_EMBEDDING = "\u202c"  # PDF
ISOLATES = "\u2066\u2067\u2068"  # LRI, RLI, FSI: closed by PDI
POP_ISOLATE = "\u2069"  # PDI
CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def contained(text: str) -> str:
    """`text` with every bidi embedding, override and isolate it opens closed at its end, and
    the closers that would close something opened before it removed."""
    if not CONTROLS.search(text):
        return text
    kept: list[str] = []
    open_: list[str] = []  # POP_EMBEDDING or POP_ISOLATE, innermost last
    for char in text:
        if char in EMBEDDINGS:
            open_.append(POP_EMBEDDING)
        elif char in ISOLATES:
            open_.append(POP_ISOLATE)
        elif char == POP_EMBEDDING:
            if not open_ or open_[-1] != POP_EMBEDDING:
                continue  # a PDF cannot close an embedding outside the nearest isolate, nor one before the text
            open_.pop()
        elif char == POP_ISOLATE:
            if POP_ISOLATE not in open_:
                continue
            while open_.pop() != POP_ISOLATE:  # a PDI also closes the embeddings inside its isolate
                pass
        kept.append(char)
    return "".join(kept) + "".join(reversed(open_))


def without(text: str) -> str:
    """`text` without any bidi control (for a terminal, where nothing can contain them)."""
    return CONTROLS.sub("", text)
