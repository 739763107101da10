"""Bidi controls in LMS exports (issue 12 row 15, issue 14: the same guarantees as the PDFs): an
override or isolate a bank text opens is closed within that text, and a closer with nothing to close
is dropped, in Moodle XML, GIFT and QTI 2.1 alike. Otherwise an LMS shows what follows reversed:
the date after a publisher "AFP" + RLO, the next answer after a choice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from export_support import UNBALANCED_PUBLISHER, export_of, hostile_workspace, qti_files
from lxml import etree, html

from quizgen.bank.workspace import Workspace, load_workspace
from quizgen.export.gift import write_gift
from quizgen.export.moodle import write_moodle
from quizgen.export.qti21 import write_qti21

OPENERS = {"\u202a": "embedding", "\u202b": "embedding", "\u202d": "embedding", "\u202e": "embedding",
           "\u2066": "isolate", "\u2067": "isolate", "\u2068": "isolate"}
CLOSERS = {"\u202c": "embedding", "\u2069": "isolate"}


def balanced(text: str) -> bool:
    """Whether every bidi control `text` opens is closed in it, and every closer closes one of its own
    (written apart from quizgen.core.bidi, so that a bug there shows here)."""
    opened: list[str] = []
    for char in text:
        if char in OPENERS:
            opened.append(OPENERS[char])
        elif char in CLOSERS:
            if not opened or opened[-1] != CLOSERS[char]:
                return False
            opened.pop()
    return not opened


def text_nodes(root: etree._Element) -> list[str]:
    """Every run of text between two tags: each is a field, or a part of one, that quizgen wrote."""
    return [chunk for element in root.iter() for chunk in (element.text, element.tail)
            if isinstance(element.tag, str) and chunk]


UNBALANCED_PROMPT_END = "\u2068fin"  # an FSI never closed
UNBALANCED_LABEL = "\u202bdroite"  # an RLE never closed


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The export tests' hostile bank, and a true/false prompt that its justification quotes inside a
    label (« Justifiez … : « PROMPT » »): its isolate must end before the label goes on."""
    folder = hostile_workspace(tmp_path_factory.mktemp("bidi") / "ws")
    data = yaml.safe_load((folder / "bank.yaml").read_text(encoding="utf-8"))
    true_false = next(question for question in data["questions"] if question["id"] == "q-tf")
    true_false.update(prompt=f"{true_false['prompt']} {UNBALANCED_PROMPT_END}", points=2, justify_points=1)
    # A category label is written as it is (not through the bank-text helper): only cleaning contains it.
    facts = next(question for question in data["questions"] if question["id"] == "q-fact")
    facts["categories"][1]["label"] = f"Opinion {UNBALANCED_LABEL}"
    (folder / "bank.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000),
                                      encoding="utf-8")
    return load_workspace([folder])


def _contained(fields: list[str], file: str) -> None:
    assert [field for field in fields if not balanced(field)] == [], file
    joined = "".join(fields)
    assert "\u202e" in joined and "\u2067" in joined, file  # kept, not stripped: only contained
    # The publisher's override ends with the publisher, before the date (claim K2's source) and before
    # the article's date line.
    assert f"{UNBALANCED_PUBLISHER}\u202c, 2019-09-01" in joined, file
    assert f"Journal{UNBALANCED_PUBLISHER}\u202c · " in joined, file
    # The true/false prompt, quoted in the justification's label: closed before the closing quotation mark.
    assert re.search(f"{UNBALANCED_PROMPT_END}\u2069\\s*»", joined), file


def test_moodle_texts_keep_their_bidi_controls_to_themselves(hostile: Workspace) -> None:
    root = etree.fromstring(write_moodle(export_of(hostile)[1]).data)
    fields: list[str] = []
    for text in root.iter("text"):
        value = text.text or ""
        fields.append(value)  # the whole field, as the LMS stores it
        if text.getparent().get("format") == "html" and value:
            fields += [chunk for fragment in html.fragments_fromstring(value)
                       for chunk in ([fragment] if isinstance(fragment, str) else text_nodes(fragment))]
    _contained(fields, "moodle")


def test_gift_lines_keep_their_bidi_controls_to_themselves(hostile: Workspace) -> None:
    """GIFT writes line breaks as \\n: each line holds whole fields, and a line ends a paragraph."""
    text = write_gift(export_of(hostile)[1]).data.decode("utf-8")
    _contained(text.splitlines(), "gift")


def test_qti_texts_keep_their_bidi_controls_to_themselves(hostile: Workspace) -> None:
    fields: list[str] = []
    for name, data in qti_files(write_qti21(export_of(hostile)[1]).data).items():
        if name.endswith(".xml"):
            root = etree.fromstring(data)
            fields += text_nodes(root) + [value for element in root.iter() if isinstance(element.tag, str)
                                          for value in element.attrib.values()]
    _contained(fields, "qti21")


def test_the_checker_sees_unbalanced_text() -> None:
    assert balanced("a \u202eb\u202c \u2067c\u2069") and balanced("plain")
    assert not balanced("AFP\u202e, 2019") and not balanced("\u202cx") and not balanced("\u2067a\u202c\u2069")


def test_the_hostile_bank_holds_the_unbalanced_texts(tmp_path: Path) -> None:
    folder = hostile_workspace(tmp_path / "ws")
    assert UNBALANCED_PUBLISHER in (folder / "bank.yaml").read_text(encoding="utf-8")
    assert UNBALANCED_PUBLISHER in (folder / "articles" / "ecole.yaml").read_text(encoding="utf-8")
