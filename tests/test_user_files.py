"""Issue 12, rows 3, 4, 7, 8: files a person names (articles, banks, class lists) that are not what they
seem — a named pipe, a device, a huge or header-only class list, a cell of 200 KB, a 5,000-digit number.

Commands that could hang run in a subprocess with a timeout, so a regression fails instead of
blocking the suite. Every case ends with exit status 1, `path:line: message`, no traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI, REPO

from quizgen.cli import cli
from quizgen.core.files import FileRefused, FileTooLarge, read_user_file

POSIX_ONLY = pytest.mark.skipif(os.name == "nt", reason="named pipes and /dev files are POSIX")


def quizgen(*args: str, cwd: Path, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """The real command in its own process: a hang becomes a TimeoutExpired, not a stuck suite."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "quizgen", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def failed_cleanly(done: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    for text in expected:
        assert text in done.stderr, done.stderr


# --- The one reader -------------------------------------------------------------------------------


@POSIX_ONLY
@pytest.mark.parametrize("special, kind", [("fifo", "a named pipe (FIFO)"), ("/dev/zero", "a device"),
                                           ("/dev/urandom", "a device"), ("folder", "a folder")])
def test_only_regular_files_are_read(tmp_path: Path, special: str, kind: str) -> None:
    path = Path(special)
    if special == "fifo":
        path = tmp_path / "fifo"
        os.mkfifo(path)
    elif special == "folder":
        path = tmp_path
    with pytest.raises(FileRefused) as refused:
        read_user_file(path, 1024)
    assert str(refused.value) in (f"this is {kind}, not a regular file; give the path of a file saved on disk.",
                                  "this is a folder, not a file; check the path.")


def test_the_size_is_checked_before_and_while_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x" * 1025)
    with pytest.raises(FileTooLarge) as refused:
        read_user_file(path, 1024)
    assert refused.value.size == 1025
    assert read_user_file(path, 1025) == b"x" * 1025
    real_fstat = os.fstat

    def stale_fstat(descriptor: int) -> os.stat_result:  # the file grew after its size was read
        result = real_fstat(descriptor)
        return os.stat_result((result.st_mode, 0, 0, 1, 0, 0, 10, 0, 0, 0))

    monkeypatch.setattr(os, "fstat", stale_fstat)
    with pytest.raises(FileTooLarge) as refused:
        read_user_file(path, 1024)
    assert refused.value.size is None


# --- Row 3: an article text that is a named pipe ----------------------------------------------------


@pytest.mark.slow
@POSIX_ONLY
@pytest.mark.parametrize("command", [["check", "ws"], ["build", "ws", "--seed", "1", "--out", "out"],
                                     ["practice", "ws", "--seed", "1"], ["export", "ws", "--format", "gift"]])
def test_article_text_that_is_a_named_pipe(mini_copy: Path, tmp_path: Path, command: list[str]) -> None:
    text = mini_copy / "articles" / "ecole.txt"
    text.unlink()
    os.mkfifo(text)
    done = quizgen(*command, cwd=tmp_path)
    failed_cleanly(done, "ws/articles/ecole.txt:1: this is a named pipe (FIFO), not a regular file; give the "
                         "path of a file saved on disk.")
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
@POSIX_ONLY
def test_bank_file_that_is_a_link_to_a_device(mini_copy: Path, tmp_path: Path) -> None:
    (mini_copy / "articles" / "ecole.txt").unlink()
    (mini_copy / "articles" / "ecole.txt").symlink_to("/dev/zero")
    done = quizgen("check", "ws", cwd=tmp_path)
    failed_cleanly(done, "points outside the workspace")  # refused before it is even opened


# --- Row 4: --roster /dev/zero, /dev/urandom, a named pipe, a huge file -------------------------------


@pytest.mark.slow
@POSIX_ONLY
@pytest.mark.parametrize("roster, message", [
    ("/dev/zero", "/dev/zero:1: cannot read the class list: this is a device, not a regular file"),
    ("/dev/urandom", "/dev/urandom:1: cannot read the class list: this is a device, not a regular file"),
    ("fifo.csv", "fifo.csv:1: cannot read the class list: this is a named pipe (FIFO), not a regular file"),
    ("huge.csv", "huge.csv:1: the file is 2.0 MB; quizgen reads files up to 1 MB. Check that this is the "
                 "right file. A class list is a few kilobytes"),
])
def test_roster_that_never_ends(tmp_path: Path, roster: str, message: str) -> None:
    os.mkfifo(tmp_path / "fifo.csv")
    (tmp_path / "huge.csv").write_bytes(b"Durand;2nde\n" * (2 * 1024 * 1024 // 12 + 1))
    done = quizgen("build", str(MINI), "--roster", roster, "--seed", "1", "--out", "out", cwd=tmp_path,
                   timeout=20)
    failed_cleanly(done, message)
    assert not (tmp_path / "out").exists()


# --- Row 7 and row 8: class lists that are not quite class lists -------------------------------------------


@pytest.mark.parametrize("content, expected", [
    (b"Nom;Pr\xc3\xa9nom;Classe\n", "roster.csv:1: the class list has a header but no students; add one student "
                                    "per line under the header."),
    (b"\n\nNom;Classe\n;\n", "roster.csv:3: the class list has a header but no students"),
    (b"Nom;Classe\nDurand;2nde\n\"" + b"x" * (200 * 1024) + b"\";2nde\n",
     "roster.csv:3: this line cannot be read as CSV (field larger than field limit (131072)); a cell is at most "
     "128 KB."),
    (b"Nom;Classe\n" + b"y" * 500 + b";2nde\n", "roster.csv:2: this name is 500 characters long; a sheet has "
                                                "room for 120."),
])
def test_roster_problems_are_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes,
                                      expected: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "roster.csv").write_bytes(content)
    result = CliRunner().invoke(cli, ["build", str(MINI), "--roster", "roster.csv", "--seed", "1", "--out", "out"])
    assert isinstance(result.exception, SystemExit) and result.exit_code == 1, result.output
    assert expected in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_5000_digit_number_is_a_problem(mini_copy: Path) -> None:
    bank = mini_copy / "bank.yaml"
    text = bank.read_text(encoding="utf-8")
    bank.write_text(text.replace("    points: 3\n    lines: 4", "    points: " + "9" * 5000 + "\n    lines: 4"),
                    encoding="utf-8")
    line = bank.read_text(encoding="utf-8").splitlines().index("    points: " + "9" * 5000) + 1
    result = CliRunner().invoke(cli, ["check", "ws"])
    assert isinstance(result.exception, SystemExit) and result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"ws/bank.yaml:{line}: this number has 5000 digits; numbers in a bank are small (points, difficulty, "
        "lines). Write the number you mean, or put text between quotes.")


# --- Fast, exact: what the mutation run showed the quick suite did not pin down ---------------------------


@POSIX_ONLY
@pytest.mark.parametrize("special, message", [
    ("/dev/zero", "cannot read the class list: this is a device, not a regular file; give the path of a file "
                  "saved on disk. Check the path given to --roster."),
    ("fifo", "cannot read the class list: this is a named pipe (FIFO), not a regular file; give the path of a "
             "file saved on disk. Check the path given to --roster."),
    ("missing.csv", "cannot read the class list: file not found; check the path. Check the path given to --roster."),
    ("huge.csv", "the file is 1.5 MB; quizgen reads files up to 1 MB. Check that this is the right file. A class "
                 "list is a few kilobytes: give the CSV exported from the class list to --roster."),
])
def test_roster_refusals_word_for_word(tmp_path: Path, special: str, message: str) -> None:
    from quizgen.core.problems import InvalidContent
    from quizgen.sheets.roster import read_roster

    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "huge.csv").write_bytes(b"x" * (3 * 512 * 1024))
    path = Path(special) if special.startswith("/") else tmp_path / special
    with pytest.raises(InvalidContent) as raised:
        read_roster(path)
    assert [(p.line, p.message) for p in raised.value.problems] == [(1, message)]


@pytest.mark.parametrize("raw, expected", [
    ("Nom;Classe\nZoé;2nde\n".encode("utf-8-sig"), "Zoé"),  # Excel's "CSV UTF-8" starts with a BOM
    ("Nom;Classe\nZoé;2nde\n".encode("cp1252"), "Zoé"),  # Excel's plain "CSV"
    ("Nom;Classe\nŒdipe;2nde\n".encode("cp1252"), "Œdipe"),  # a cp1252 letter that Latin-1 lacks
])
def test_roster_encodings(tmp_path: Path, raw: bytes, expected: str) -> None:
    from quizgen.sheets.roster import read_roster

    (tmp_path / "r.csv").write_bytes(raw)
    assert [s.name for s in read_roster(tmp_path / "r.csv")] == [expected]


def test_names_keep_their_letters_and_lose_only_controls() -> None:
    from quizgen.sheets.roster import clean_name

    assert clean_name("  Zoé\r\n  O'Brien\f\u202e  \t Jr ") == "Zoé O'Brien Jr"
    assert clean_name("N'Diaye-Dupont") == "N'Diaye-Dupont"
    assert clean_name("\x00\x1f\x7f\x9f\u2028") == ""


def test_css_strings_escape_everything_that_could_end_them() -> None:
    from quizgen.sheets.html import css_string

    assert css_string('O\'Brien "Bob"') == '"O\'Brien \\"Bob\\""'
    assert css_string("back\\slash\\") == '"back\\\\slash\\\\"'
    assert css_string("a\nb\rc\fd\x00e\x7f") == '"a\\a b\\d c\\c d\\0 e\\7f "'
    assert css_string("</style><script>") == '"\\3c /style>\\3c script>"'
    assert css_string("\u2028x\u2029") == '"\\2028 x\\2029 "'
    assert css_string("Zoé Ünal") == '"Zoé Ünal"'


def test_the_self_check_json_cannot_close_its_script_element() -> None:
    import json

    from quizgen.study.selfcheck import script_json

    data = {"t": "</script><!-- ]]> & \u2028\u2029 é"}
    text = script_json(data)
    for forbidden in ("</", "<!--", "]]>", "&", "\u2028", "\u2029", "<", ">"):
        assert forbidden not in text, forbidden
    assert json.loads(text) == data
    assert "é" in text  # not ASCII-escaped: the page stays readable and small


def test_a_class_list_in_neither_utf8_nor_cp1252_is_read_not_crashed_on(tmp_path: Path) -> None:
    """0x81 has no cp1252 letter (mutation run: decode without errors='replace' survived the suite)."""
    from quizgen.core.problems import InvalidContent
    from quizgen.sheets.roster import read_roster

    (tmp_path / "r.csv").write_bytes(b"Nom;Classe\nZo\x81;2nde\n")
    assert [s.name for s in read_roster(tmp_path / "r.csv")] == ["Zo\ufffd"]
    (tmp_path / "u.csv").write_bytes("Nom\nLéa\n".encode("utf-16"))
    with pytest.raises(InvalidContent) as raised:
        read_roster(tmp_path / "u.csv")
    assert str(raised.value).endswith("u.csv:1: this class list is UTF-16; save it as 'CSV UTF-8' instead.")


# --- Class lists the second mutation run showed unpinned (docs/testing.md) -------------------------------------


def _read(tmp_path: Path, raw: bytes) -> list[object] | list[tuple[int, str]]:
    """The students of a class list, or its problems as (line, message)."""
    from quizgen.core.problems import InvalidContent
    from quizgen.sheets.roster import read_roster

    (tmp_path / "r.csv").write_bytes(raw)
    try:
        return list(read_roster(tmp_path / "r.csv"))
    except InvalidContent as error:
        return [(problem.line, problem.message) for problem in error.problems]


def test_a_class_list_with_missing_classes_keeps_its_separator(tmp_path: Path) -> None:
    """Rows without a class defeat csv.Sniffer: the separator then comes from the text itself."""
    from quizgen.sheets.roster import Student

    for separator in (b";", b","):
        assert _read(tmp_path, b"Nom" + separator + b"Classe\nAlice\nBob" + separator + b"3B\n") == [
            Student("Alice"), Student("Bob", "3B")]


def test_a_class_list_of_first_names_only(tmp_path: Path) -> None:
    from quizgen.sheets.roster import Student

    assert _read(tmp_path, "Prénom;Classe\nAlice;3B\n".encode()) == [Student("Alice", "3B")]


def test_every_nameless_and_every_overlong_row_is_reported(tmp_path: Path) -> None:
    long = "this name is 121 characters long; a sheet has room for 120. Check the columns of the class list."
    nameless = "this row has no student name; fill it in or delete the row."
    raw = b"Nom;Classe\n;3B\nAlice;3B\n;3B\n" + b"y" * 121 + b";3B\n" + b"z" * 121 + b";3B\n" + b"w" * 120 + b";3B\n"
    assert _read(tmp_path, raw) == [(2, nameless), (4, nameless), (5, long), (6, long)]


def test_a_class_list_of_400_students_is_read_and_401_is_refused(tmp_path: Path) -> None:
    def students(count: int) -> bytes:
        return ("Nom\n" + "".join(f"Élève {n}\n" for n in range(count))).encode()

    assert len(_read(tmp_path, students(400))) == 400
    assert _read(tmp_path, students(401)) == [
        (1, "401 students is more than the 400 a class set may hold; split the list into classes.")]


def test_class_list_refusals_word_for_word(tmp_path: Path) -> None:
    assert _read(tmp_path, b"") == [
        (1, "the class list is empty; write one student per line (name, then optionally the class).")]
    assert _read(tmp_path, b"PK\x03\x04\x00\x00") == [(1, "this is not a text file; export the class list as CSV.")]
    assert _read(tmp_path, b"\xfe\xff" + "Nom\nLéa\n".encode("utf-16-be")) == [  # big-endian, with its BOM
        (1, "this class list is UTF-16; save it as 'CSV UTF-8' instead.")]
    assert _read(tmp_path, b'Nom;Classe\n"' + b"x" * (200 * 1024) + b'";2nde\n') == [
        (2, "this line cannot be read as CSV (field larger than field limit (131072)); a cell is at most 128 KB. "
            "Check that this is the class list exported as CSV.")]


@pytest.mark.parametrize("name, text, closing", [
    ("quiz.js", "console.log('</SCRIPT><img src=x>');", "</script"),
    ("quiz.css", "p { color: red } </Style><script>alert(1)</script>", "</style"),
    ("quiz.js", "// <!-- a comment that opens an HTML comment", "</script"),
])
def test_a_users_self_check_script_or_style_that_could_leave_its_element_is_refused(
        tmp_path: Path, name: str, text: str, closing: str) -> None:
    """A templates folder is untrusted: its quiz.js / quiz.css are inlined, so a closing tag in any letter case,
    or '<!--', is refused before anything is written (mutation survivors render_quiz 13-17)."""
    from quizgen.bank.workspace import load_workspace
    from quizgen.core.problems import TemplateProblem
    from quizgen.render.templates import TemplateSet
    from quizgen.study.selfcheck import render_quiz
    from quizgen.variants.draw import Options, draw_variant

    (tmp_path / "selfstudy").mkdir()
    (tmp_path / "selfstudy" / name).write_text(text, encoding="utf-8")
    with pytest.raises(TemplateProblem) as raised:
        render_quiz(draw_variant(load_workspace([MINI]), None, Options(), 3), TemplateSet.with_override(tmp_path))
    assert str(raised.value) == (f"selfstudy/{name} must not contain '{closing}' or '<!--' (it is inlined in the "
                                 "page).")


def test_the_page_footer_css_word_for_word() -> None:
    """The footer carries the variant code on every page (issue 12, row 1), in the sheet's language; a grid is
    landscape, large print enlarges the footer, a scannable worksheet leaves room for its stamp (mutation
    survivors page_css 3-37: only PDF tests looked at it)."""
    from quizgen.bank.workspace import load_workspace
    from quizgen.sheets.html import PrintOptions, page_css
    from quizgen.variants.draw import Options, draw_variant

    french = draw_variant(load_workspace([MINI]), None, Options(), 3)
    english = draw_variant(load_workspace([MINI.parent / "english"]), None, Options(), 3)
    pages = ' @bottom-right { content: "page" " " counter(page) " / " counter(pages);'
    assert page_css(french, "worksheet") == (
        f'@page {{ size: A4; @bottom-left {{ content: "Variante {french.code}"; }} @bottom-center {{ content: '
        f'"Fiche d’exercices"; }}{pages} }} }}')
    assert page_css(english, "grid", PrintOptions(large_print=True)) == (
        f'@page {{ size: A4 landscape; @bottom-left {{ content: "Variant {english.code}"; font-size: 12pt; }} '
        f'@bottom-center {{ content: "Marking grid"; font-size: 12pt; }}{pages} font-size: 12pt; }} }}')
    assert page_css(french, "worksheet", PrintOptions(scannable=True)).startswith(
        "@page { size: A4; margin-top: 24mm; @bottom-left")
    assert page_css(french, "key", PrintOptions(scannable=True)).startswith("@page { size: A4; @bottom-left")


def test_french_ordinals_are_superscripts_on_the_sheet_and_english_text_is_left_alone(mini_copy: Path) -> None:
    """« 1ᵉʳ » written with modifier letters: the bundled fonts lack them, so a French sheet prints
    1<sup>er</sup>; an English sheet keeps its text as written (mutation survivors _helpers 20-25)."""
    import shutil

    from quizgen.bank.workspace import load_workspace
    from quizgen.render.templates import TemplateSet
    from quizgen.sheets.html import render_html
    from quizgen.variants.draw import Options, draw_variant

    shutil.copytree(MINI.parent / "english", mini_copy.parent / "english")
    for folder, language in ((mini_copy, "fr"), (mini_copy.parent / "english", "en")):
        bank = folder / "bank.yaml"
        text = bank.read_text(encoding="utf-8")
        prompt = next(line for line in text.splitlines() if line.startswith("    prompt: "))
        bank.write_text(text.replace(prompt, '    prompt: "Le 1ᵉʳ mot ?"', 1), encoding="utf-8")
        html = render_html(draw_variant(load_workspace([folder]), None, Options(), 3), "worksheet",
                           TemplateSet.with_override(None))
        assert ("Le 1<sup>er</sup>" in html) == (language == "fr") and ("1ᵉʳ" in html) == (language == "en")


def test_the_self_check_page_forbids_images_forms_and_base_urls() -> None:
    """The second line of defence behind escaping: form-action and base-uri do not fall back on default-src,
    so they must be spelt out (mutation survivor render_quiz 46)."""
    from quizgen.bank.workspace import load_workspace
    from quizgen.render.templates import TemplateSet
    from quizgen.study.selfcheck import render_quiz
    from quizgen.variants.draw import Options, draw_variant

    page = render_quiz(draw_variant(load_workspace([MINI]), None, Options(), 3), TemplateSet.with_override(None))
    assert "; img-src &#39;none&#39;; form-action &#39;none&#39;; base-uri &#39;none&#39;\">" in page
