"""The corpus of invalid inputs: every problem a teacher can make, with the exact message.

Each file of tests/data/invalid/ replaces (or adds) one file of a copy of tests/data/mini.
A folder of tests/data/invalid/ is a case of several files (a mistake in one file and the files
that depend on it): each file in it replaces or adds the file at the same path, and each one's
header gives the problems expected in it (no `target:` line). Their first lines are comments:

    # target: bank.yaml                 which file it replaces (default bank.yaml)
    # xfail: <reason>                   a known quizgen bug: the expect lines say what it SHOULD give
    # expect: LINE: message             one line per problem expected in the target file
    # expect-other: PATH:LINE: message  a problem expected in another file of the workspace

The header lines count: line numbers are those of the case file as written. The case must
produce exactly these problems (no more, no fewer), through the library and through the CLI,
and `quizgen build` must write nothing.

Cases about raw bytes (encodings, size, binary data, nesting) are generated below. The 50 MB file
(refused from its size, without being read) is in test_hardening.py.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.bank.workspace import load_workspace
from quizgen.cli import cli
from quizgen.core.problems import InvalidContent

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini"
CORPUS = DATA / "invalid"
HEADER_KEYS = ("target", "xfail", "fixed", "expect", "expect-other")


@dataclass
class Case:
    name: str
    target: str
    data: bytes
    expected: list[str] | None  # full "ws/path:line: message" strings; None: the workspace must load
    xfail: str | None = None
    others: dict[str, bytes] = field(default_factory=dict)  # more files of the case: path → content


def parse_case(path: Path, target: str = "bank.yaml") -> Case:
    data = path.read_bytes()
    xfail = None
    own: list[str] = []
    other: list[str] = []
    for raw in data.decode("utf-8").splitlines():
        if not raw.startswith("#"):
            break
        key, sep, value = raw[1:].partition(":")
        key, value = key.strip(), value.strip()
        if not sep or key not in HEADER_KEYS:
            raise AssertionError(f"{path.name}: unknown header line {raw!r}; use one of {HEADER_KEYS}")
        if key == "target":
            target = value
        elif key == "xfail":
            xfail = value
        elif key == "fixed":
            pass  # history only: the case used to be a known bug
        elif key == "expect":
            own.append(value)
        else:
            other.append(value)
    expected = [f"ws/{target}:{line}" for line in own] + [f"ws/{line}" for line in other]
    assert expected, f"{path.name}: no '# expect:' line"
    return Case(path.stem, target, data, expected, xfail)


def parse_folder_case(folder: Path) -> Case:
    """A case of several files: each file's own header says what it expects (at least one expects something)."""
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    parts = []
    for path in files:
        target = path.relative_to(folder).as_posix()
        try:
            parts.append(parse_case(path, target))
        except AssertionError as error:
            if "no '# expect:' line" not in str(error):
                raise
            parts.append(Case(path.stem, target, path.read_bytes(), []))
    expected = [line for part in parts for line in part.expected or []]
    assert expected, f"{folder.name}: no '# expect:' line in any file"
    xfail = next((part.xfail for part in parts if part.xfail), None)
    first, *rest = parts
    return Case(folder.name, first.target, first.data, expected, xfail,
                {part.target: part.data for part in rest})


MINI_BANK = (MINI / "bank.yaml").read_bytes()
BANK_LINES = MINI_BANK.count(b"\n")
TITLE = 'title: "La cantine : procédés et faits"'  # line 3 of the mini bank


EXTRA_QUESTIONS = """kind: questions
bank: cantine
questions:
  - id: q-extra
    type: true-false
    skill: fact-or-opinion
    difficulty: 1
    prompt: "Le prix des repas augmente de 5 %."
    answer: true
    explanation: "C’est écrit au §2."
""".encode()


def _replace(old: bytes, new: bytes) -> bytes:
    assert MINI_BANK.count(old) == 1, old
    return MINI_BANK.replace(old, new)


def _six_megabytes() -> bytes:
    size = 6 * 1024 * 1024
    line = b"# " + b"x" * 1021 + b"\n"  # 1 KiB of comment per line
    padding = line * ((size - len(MINI_BANK)) // len(line))
    data = MINI_BANK + padding
    return data + b"#" * (size - len(data) - 1) + b"\n"


def _billion_laughs() -> bytes:
    lines = ["kind: bank", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


def raw_cases() -> list[Case]:
    def case(name: str, data: bytes, *expected: str, xfail: str | None = None) -> Case:
        return Case(name, "bank.yaml", data, [f"ws/bank.yaml:{line}" for line in expected] or None, xfail)

    not_utf8 = ("3: the file is not UTF-8 (it looks like Latin-1/Windows-1252: "
                f"« {TITLE} »); save it again as UTF-8 (in most editors: « Enregistrer sous » → encodage UTF-8).")
    return [
        case("raw-utf8-bom-accepted", codecs.BOM_UTF8 + MINI_BANK),
        case("raw-utf8-bom-keeps-line-numbers", codecs.BOM_UTF8 + _replace(b"    points: 3\n    lines: 4",
                                                                           b"    points: 0\n    lines: 4"),
             "100: 'points' must be at least 1 (it is 0)."),
        case("raw-crlf-keeps-line-numbers", _replace(b"    points: 3\n    lines: 4",
                                                     b"    points: 0\n    lines: 4").replace(b"\n", b"\r\n"),
             "100: 'points' must be at least 1 (it is 0)."),
        case("raw-utf16-bom", codecs.BOM_UTF16_LE + MINI_BANK.decode("utf-8").encode("utf-16-le"),
             "1: the file is saved as UTF-16; save it again as UTF-8 "
             "(in most editors: « Enregistrer sous » → encodage UTF-8)."),
        case("raw-latin1", _replace(TITLE.encode("utf-8"), TITLE.encode("latin-1")), not_utf8),
        case("raw-binary-nul", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8,
             "1: this is not a text file (it contains binary data); a bank must be a YAML text file."),
        case("raw-over-5-mb", _six_megabytes(),
             "1: the file is 6.0 MB; a bank file must be under 5 MB. Split it into several files, "
             "or check that this is really a question bank."),
        case("raw-deep-nesting", b"kind: bank\nid: " + b"[" * 200 + b"]" * 200 + b"\n",
             "2: the data is nested more than 40 levels deep; a bank never needs that. Check the indentation."),
        case("raw-billion-laughs", _billion_laughs(),
             "2: anchors (&a) are not allowed in a bank; write the text out in full."),
        case("raw-utf16-without-bom", MINI_BANK.decode("utf-8").encode("utf-16-le"),
             "1: the file is saved as UTF-16; save it again as UTF-8 "
             "(in most editors: « Enregistrer sous » → encodage UTF-8)."),
        case("raw-utf16-big-endian-bom", codecs.BOM_UTF16_BE + MINI_BANK.decode("utf-8").encode("utf-16-be"),
             "1: the file is saved as UTF-16; save it again as UTF-8 "
             "(in most editors: « Enregistrer sous » → encodage UTF-8)."),
        case("raw-utf32", MINI_BANK.decode("utf-8").encode("utf-32"),
             "1: the file is saved as UTF-32; save it again as UTF-8 "
             "(in most editors: « Enregistrer sous » → encodage UTF-8)."),
        # Garbage with no NUL byte must not be echoed to the terminal (escape sequences) as "Latin-1".
        case("raw-binary-without-nul", b"\x89PNG\r\n\x1a\n" + bytes(range(1, 256)) * 16,
             "1: this is not a text file (it contains binary data); a bank must be a YAML text file."),
        case("raw-control-character", _replace(b"title: \"La cantine", b"title: \"La \x1b[31mcantine"),
             "3: this line contains an invisible control character (U+001B) at column 12, often left by a "
             "copy-paste; delete it (retype the characters around it)."),
        # YAML counts U+2028 as a line break, editors do not: every later line number would be off.
        case("raw-line-separator", _replace(b"prompt: \"Fait ou opinion ?\"",
                                            "prompt: \"Fait ou\u2028opinion ?\"".encode()),
             "127: this line contains an invisible line separator (U+2028) at column 21, often left by a "
             "copy-paste; delete it (retype the characters around it)."),
        # A BOM is accepted at the start only; elsewhere (files pasted together) it is refused.
        case("raw-stray-bom", MINI_BANK + codecs.BOM_UTF8 + b"\n",
             f"{BANK_LINES + 1}: this line contains an invisible byte-order mark (U+FEFF) at column 1, often "
             "left by a copy-paste; delete it (retype the characters around it)."),
        # Unlike yes/no/on/off, French oui/non are plain text for YAML: accepted where text is expected.
        case("raw-oui-non-as-text-accepted", _replace(b'      - text: "Le faux dilemme"', b"      - text: oui")
             .replace(b'      - text: "Aucune de ces r\xc3\xa9ponses"', b"      - text: non")),
        # docs/bank-format.md: "Dates are written 2023-03-17 (or 2023-03, 2023)"; a bare year is
        # read by YAML as a number, and must be accepted as a date all the same.
        case("raw-bare-year-date-accepted", _replace(b"        date: 2019-09-01", b"        date: 2019")),
        # A bank saved as Windows-1252, with a questions file: one message for the bank, one line for the
        # questions file saying why it was not checked (it used to be "no bank with id 'cantine'").
        Case("raw-windows-1252-bank-with-questions-file", "bank.yaml", MINI_BANK.decode("utf-8").encode("cp1252"),
             [f"ws/bank.yaml:{not_utf8}",
              "ws/extra.yaml:2: the claims and questions of this file were not checked: no valid bank 'cantine' was "
              "found, and ws/bank.yaml:3 could not be read (it may be that bank); fix that first."],
             others={"extra.yaml": EXTRA_QUESTIONS}),
    ]


def all_cases() -> list[object]:
    cases = [parse_case(path) if path.is_file() else parse_folder_case(path) for path in sorted(CORPUS.iterdir())]
    cases += raw_cases()
    return [
        pytest.param(case, id=case.name,
                     marks=[pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else [])
        for case in cases
    ]


def test_corpus_is_big_enough() -> None:
    cases = list(CORPUS.iterdir())
    assert len(cases) >= 45
    numbers = [re.match(r"\d+", path.name) for path in cases]
    assert all(numbers), "every case starts with its number"
    assert len({int(number.group()) for number in numbers if number}) == len(cases), "two cases share a number"


@pytest.mark.parametrize("case", all_cases())
def test_invalid_input(case: Case, mini_copy: Path) -> None:
    """mini_copy (conftest.py): a copy of tests/data/mini at tmp_path/ws, tmp_path being the working folder."""
    for name, data in {case.target: case.data, **case.others}.items():
        target = mini_copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    root = mini_copy.parent
    runner = CliRunner()

    if case.expected is None:
        workspace = load_workspace([Path("ws")])
        assert [len(bank.questions) for bank in workspace.banks] == [7]
        result = runner.invoke(cli, ["check", "ws"])
        assert result.exit_code == 0, result.output
        return

    with pytest.raises(InvalidContent) as raised:
        load_workspace([Path("ws")])
    assert sorted(str(problem) for problem in raised.value.problems) == sorted(case.expected)

    for command in (["check", "ws"], ["build", "ws", "--out", "out", "--seed", "1"]):
        result = runner.invoke(cli, command)
        assert isinstance(result.exception, SystemExit), result.exception  # not a crash
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        # Every problem as path:line: message, on stderr, one per line; nothing of it on stdout.
        reported = result.stderr.splitlines()
        for line in case.expected:
            assert line in reported, (line, result.stderr)
        assert reported[-1].startswith(f"{len(case.expected)} problem(s) in "), result.stderr
        assert not any(line in result.stdout for line in case.expected)
    out = root / "out"
    assert not out.exists() or not any(out.iterdir()), "build wrote files despite invalid content"
    assert not list(root.glob("**/.quizgen-*")), "build left temporary files"
