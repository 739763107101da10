import codecs

import pytest

from quizgen.bank import yamlsource
from quizgen.bank.yamlsource import decode, parse


def problems_of(text: str) -> list[str]:
    document, problems = parse(text, "f.yaml")
    assert document is None
    return [str(p) for p in problems]


def test_values_and_lines_are_kept():
    document, problems = parse("a: 1\nb:\n  - x\n  - 'no'\nc: 2023-03-17\n", "f.yaml")
    assert not problems and document is not None
    assert document.data == {"a": 1, "b": ["x", "no"], "c": "2023-03-17"}
    assert document.lines[("b", 1)] == 4
    assert document.scalars[("b", 1)].quoted
    assert document.key_lines[("c",)] == 5


def test_bare_no_is_a_boolean_but_remembered_as_written():
    document, _ = parse("answer: no\n", "f.yaml")
    assert document is not None
    assert document.data == {"answer": False}
    assert document.scalars[("answer",)].raw == "no"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("prompt: Lisez ceci : vrai ?\n", "f.yaml:1: the text contains ' : '"),
        ("a:\n\tb: 1\n", "f.yaml:2: a tab is used for indentation"),
        ("a: 1\nb: 2\na: 3\n", "f.yaml:3: the key 'a' appears twice in the same block (first on line 1)"),
        ("a: &x [1]\nb: *x\n", "f.yaml:1: anchors (&x) are not allowed"),
        ("a: 'open\n", "f.yaml:1: the text opened with ' on this line is never closed"),
        ("a: 1\n---\nb: 2\n", "f.yaml:2: a second YAML document starts here"),
        ("k: !!python/object x\n", "f.yaml:1: YAML tags like '!!python/object' are not allowed"),
        ("[" * 100 + "]" * 100, "f.yaml:1: the data is nested more than 40 levels deep"),
        # An unclosed quote swallows the next lines: blame the line where it opens.
        ('a: "x\ny: 2\nz: "w"\n', 'f.yaml:1: the text opened with " on this line is never closed'),
        ("a: [1, 2\nb: 3\n", "f.yaml:1: the '[' opened on this line is never closed; add the missing ']'"),
        ("a: {x: 1\nb: 2\n", "f.yaml:1: the '{' opened on this line is never closed; add the missing '}'"),
        ('a: [x, "b" c]\n', "f.yaml:1: this '[ … ]' list is not valid: separate the items with commas"),
        ("a: 'L'appel'\n", "f.yaml:1: an apostrophe ends this text early"),
        ("a:\n  b: 1\n    c: 2\n", "f.yaml:3: indentation problem: 'c:' is not lined up"),
        ("a:\n  - x\n   b: 1\n", "f.yaml:3: indentation problem: 'b:' is not lined up"),
        ("prompt: Lisez\n  ceci : vrai\n", "f.yaml:2: the text contains ' : '"),
        ("a: 1\nb\n", "f.yaml:2: this line is neither 'key: value' nor '- item'"),
    ],
)
def test_traps_get_a_message_with_the_line(text, expected):
    found = problems_of(text)
    assert len(found) == 1
    assert found[0].startswith(expected)


def test_billion_laughs_is_refused_without_expanding():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8)
    )
    assert problems_of(bomb)[0].startswith("f.yaml:1: anchors (&a) are not allowed")


def test_encodings():
    text, problems = decode(codecs.BOM_UTF8 + "a: é\n".encode(), "f.yaml")
    assert text == "a: é\n" and not problems
    _, problems = decode(codecs.BOM_UTF16_LE + "a: 1".encode("utf-16-le"), "f.yaml")
    assert "saved as UTF-16" in problems[0].message
    _, problems = decode("a: 1\nb: été\n".encode("latin-1"), "f.yaml")
    assert problems[0].line == 2 and "not UTF-8" in problems[0].message
    _, problems = decode(b"\x00\x01\x02garbage", "f.yaml")
    assert "binary" in problems[0].message


@pytest.mark.skipif(yamlsource._FAST_LOADER is None, reason="PyYAML built without libyaml")
def test_libyaml_is_used_and_accepts_a_tab_between_words():
    document, problems = parse("prompt: Lisez\tceci\n", "f.yaml")
    assert not problems and document is not None
    assert document.data == {"prompt": "Lisez\tceci"}


def test_without_libyaml_a_tab_between_words_gets_its_own_message(monkeypatch):
    monkeypatch.setattr(yamlsource, "_FAST_LOADER", None)
    assert problems_of("prompt: Lisez\tceci\n") == [
        "f.yaml:1: this line contains a tab character; replace it with a space (or put the text in double quotes)."]
    assert problems_of("a:\n\tb: 1\n")[0].startswith("f.yaml:2: a tab is used for indentation")


@pytest.mark.parametrize("libyaml", [True, False])
def test_plain_values_are_read_as_yaml_1_1(monkeypatch, libyaml):
    if not libyaml:
        monkeypatch.setattr(yamlsource, "_FAST_LOADER", None)
    document, _ = parse("a: yes\nb: '3'\nc: 3\nd: 2.5\ne: ~\nf: 2019-09-01\ng: !!str 12\nh: Off\n", "f.yaml")
    assert document is not None
    assert document.data == {"a": True, "b": "3", "c": 3, "d": 2.5, "e": None, "f": "2019-09-01", "g": "12",
                             "h": False}
