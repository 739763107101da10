"""Class sets: one print job for a class, checked the way a teacher would check it."""

from __future__ import annotations

import io
import json
import re
import tempfile
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from conftest import MINI
from pypdf import PdfReader

from quizgen.cli import cli
from quizgen.core.problems import InvalidContent, UsageProblem
from quizgen.sheets.build import BuildRequest, build
from quizgen.sheets.class_set import prepare_class_set
from quizgen.sheets.html import PrintOptions
from quizgen.sheets.roster import Student, read_roster

ROSTER = "Nom;Prénom;Classe\nDurand;Léa;2nde 3\nMartin;Hugo;2nde 3\nN'Diaye;Awa;2nde 3\n"


def pages_text(path: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


def flat(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.fixture(scope="module")
def class_set(tmp_path_factory, mini):
    out = tmp_path_factory.mktemp("out")
    return build(mini, BuildRequest(out=out, seed=11, variants=5, emit_html=True))


@pytest.fixture(scope="module")
def roster_set(tmp_path_factory, mini):
    out = tmp_path_factory.mktemp("out")
    roster = out / "classe.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    return build(mini, BuildRequest(out=out, seed=11, roster=roster, keys_per_variant=True, handout=True))


def manifest(result) -> dict:
    return json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_files_and_layout(class_set):
    names = sorted(p.name for p in class_set.folder.iterdir())
    assert names == ["answer-key.pdf", "html", "manifest.json", "marking-grid.pdf", "worksheets.pdf"]
    assert class_set.folder.name.startswith("cantine-classe-")
    assert len(list((class_set.folder / "html").glob("*.html"))) == 5 + 2


@pytest.mark.slow
def test_duplex_padding_and_page_ranges(class_set):
    data = manifest(class_set)
    reader = PdfReader(class_set.folder / "worksheets.pdf")
    expected_first = 1
    for entry in data["variants"]:
        first, last = entry["pages"]
        assert first == expected_first, "each sheet starts right after the previous one"
        assert (last - first + 1) % 2 == 0, "every sheet starts on a new sheet of paper"
        expected_first = last + 1
    assert len(reader.pages) == expected_first - 1
    texts = pages_text(class_set.folder / "worksheets.pdf")
    for entry in data["variants"]:
        first, last = entry["pages"]
        sheet = texts[first - 1:last]
        printed = [page for page in sheet if page]
        assert printed, "a sheet has printed pages"
        assert all(entry["variant_code"] in page for page in printed), "the code is on every printed page"
        assert all(page == "" for page in sheet[len(printed):]), "padding pages are blank and come last"
        assert "Nom et prénom" in sheet[0]


@pytest.mark.slow
def test_variants_differ_but_are_equivalent(class_set):
    data = manifest(class_set)
    codes = [v["variant_code"] for v in data["variants"]]
    assert len(set(codes)) == len(codes)
    orders = [tuple(q["id"] for q in v["questions"]) for v in data["variants"]]
    arrangements = [tuple((q["id"], tuple(q.get("choice_order", [])), tuple(q.get("row_order", [])))
                          for q in v["questions"]) for v in data["variants"]]
    assert len(set(arrangements)) == len(arrangements), "no two sheets share question and choice order"
    assert all(a != b for a, b in zip(orders, orders[1:], strict=False)), "neighbours: other question order"
    assert all(Counter(order) == Counter(orders[0]) for order in orders), "same questions for everyone"
    assert len({v["total_points"] for v in data["variants"]}) == 1


@pytest.mark.slow
def test_first_variant_is_the_single_sheet_of_the_same_seed(class_set, mini, tmp_path):
    single = build(mini, BuildRequest(out=tmp_path, seed=11))
    assert manifest(class_set)["variants"][0]["variant_code"] == single.variant.code


@pytest.mark.slow
def test_grid_matches_every_variant(class_set):
    data = manifest(class_set)
    grid = flat(" ".join(pages_text(class_set.folder / "marking-grid.pdf")))
    assert "Grille de correction" in grid
    for entry in data["variants"]:
        row = re.search(rf"{entry['variant_code']} {entry['number']} (.*?) {entry['total_points']}(?= |$)", grid)
        assert row, entry["variant_code"]
        cells = row.group(1)
        expected = []
        for q in entry["questions"]:
            if q["type"] in ("single-choice", "multiple-select"):
                answer = ",".join(q["correct"])
            elif q["type"] == "true-false":
                answer = "Vrai" if q["correct"] else "Faux"
            elif q["type"] == "matching":
                also = q.get("also_accepted", {})
                answer = " ".join("/".join([letter, *also.get(row, [])]) for row, letter in q["correct"].items())
            elif q["type"] == "claim-classification":
                letter_of = {ident: letter for letter, ident in q["options"].items()}
                answer = " ".join(letter_of[c] for c in q["correct"].values())
            else:
                answer = "Barème"
            expected.append(f"{answer} {q['points']}")
        assert cells == " ".join(expected)


@pytest.mark.slow
def test_detailed_key_gives_each_question_once_with_its_numbers(class_set, mini):
    data = manifest(class_set)
    text = flat(" ".join(pages_text(class_set.folder / "answer-key.pdf"))).replace(" → ", "→")
    first = data["variants"][0]["questions"]
    assert text.count("Numéro dans chaque variante") == len(first)
    bank_order = [q.id for q in mini.banks[0].questions]
    for question in sorted(first, key=lambda q: bank_order.index(q["id"])):
        number_in = [next(q["number"] for q in v["questions"] if q["id"] == question["id"])
                     for v in data["variants"]]
        numbers = " · ".join(f"{v['variant_code']}→{n}" for v, n in zip(data["variants"], number_in, strict=True))
        assert numbers in text, question["id"]


@pytest.mark.slow
def test_roster_names_on_the_right_pages(roster_set):
    data = manifest(roster_set)
    texts = pages_text(roster_set.folder / "worksheets.pdf")
    names = ["Léa Durand", "Hugo Martin", "Awa N'Diaye"]
    assert [v["student"]["name"] for v in data["variants"]] == names
    for entry, name in zip(data["variants"], names, strict=True):
        first, last = entry["pages"]
        assert name in texts[first - 1] and "2nde 3" in texts[first - 1]
        others = [n for n in names if n != name]
        assert not any(other in page for page in texts[first - 1:last] for other in others)
    grid = " ".join(pages_text(roster_set.folder / "marking-grid.pdf"))
    for name, entry in zip(names, data["variants"], strict=True):
        assert re.search(rf"{entry['variant_code']} {re.escape(name)}", grid)


@pytest.mark.slow
def test_keys_per_variant_and_handout(roster_set, class_set):
    data = manifest(roster_set)
    for entry in data["variants"]:
        key = roster_set.folder / entry["answer_key"]
        assert key.is_file()
        assert entry["variant_code"] in pages_text(key)[0]
    assert not (class_set.folder / "keys").exists(), "per-variant keys only on request"
    handout = " ".join(pages_text(roster_set.folder / "article.pdf"))
    assert "§2" in handout and "Texte à lire" in handout


@pytest.mark.slow
def test_pdf_metadata(roster_set, tmp_path, mini):
    with pikepdf.open(roster_set.folder / "worksheets.pdf") as pdf:
        assert str(pdf.Root.Lang) == "fr"
        assert "cantine" in str(pdf.docinfo["/Title"])
        assert str(pdf.docinfo["/Subject"])
        with pdf.open_outline() as outline:
            assert [item.title for item in outline.root][0].endswith("Léa Durand")
    single = build(mini, BuildRequest(out=tmp_path, seed=3))
    with pikepdf.open(single.folder / "worksheet.pdf") as pdf:
        assert str(pdf.Root.Lang) == "fr"
        assert "/StructTreeRoot" in pdf.Root, "single sheets are tagged PDF"
        assert str(pdf.docinfo["/Subject"])


@pytest.mark.slow
def test_only_the_joined_worksheets_go_untagged(roster_set):
    """Tags cost ~6 % of a worksheet and the join cannot keep them; every file used on its own keeps them."""
    key_of_a_sheet = manifest(roster_set)["variants"][0]["answer_key"]
    for name in ("marking-grid.pdf", "answer-key.pdf", "article.pdf", key_of_a_sheet):
        with pikepdf.open(roster_set.folder / name) as pdf:
            assert "/StructTreeRoot" in pdf.Root, name
            assert "BDC" in operators(pdf.pages[0]), name
    with pikepdf.open(roster_set.folder / "worksheets.pdf") as pdf:
        assert "BDC" not in operators(pdf.pages[0]), "the sheets were rendered without marked content"


def operators(page: pikepdf.Page) -> set[str]:
    return {str(operator) for _, operator in pikepdf.parse_content_stream(page)}


@pytest.mark.slow
def test_class_set_is_deterministic_whatever_the_number_of_processes(mini, tmp_path):
    one = build(mini, BuildRequest(out=tmp_path / "one", seed=5, variants=3, workers=1))
    two = build(mini, BuildRequest(out=tmp_path / "two", seed=5, variants=3, workers=2))
    for name in ("worksheets.pdf", "marking-grid.pdf", "answer-key.pdf", "manifest.json"):
        assert (one.folder / name).read_bytes() == (two.folder / name).read_bytes(), name


def fonts_of(path: Path) -> set[str]:
    found = set()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                found.add(str(font.get("/BaseFont", "")).lower())
    return found


@pytest.mark.slow
def test_print_options_change_what_they_claim(mini, tmp_path):
    plain = build(mini, BuildRequest(out=tmp_path / "plain", seed=5))
    large = build(mini, BuildRequest(out=tmp_path / "large", seed=5, printing=PrintOptions(large_print=True)))
    dys = build(mini, BuildRequest(out=tmp_path / "dys", seed=5, printing=PrintOptions(dyslexia_friendly=True)))
    letter = build(mini, BuildRequest(out=tmp_path / "letter", seed=5, printing=PrintOptions(paper="letter"),
                                      variants=2))

    def pages(result, name="worksheet.pdf"):
        return len(PdfReader(result.folder / name).pages)

    assert pages(large) > pages(plain), "16 pt text takes more room"
    assert any("qg-serif" in f for f in fonts_of(plain.folder / "worksheet.pdf"))
    assert any("italic" in f for f in fonts_of(plain.folder / "worksheet.pdf"))
    dys_fonts = fonts_of(dys.folder / "worksheet.pdf")
    assert dys_fonts and all("qg-sans" in f and "italic" not in f for f in dys_fonts), "sans-serif, no italics"
    assert manifest(large)["print"] == {"large_print": True, "dyslexia_friendly": False}
    box = PdfReader(letter.folder / "worksheets.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    grid_box = PdfReader(letter.folder / "marking-grid.pdf").pages[0].mediabox
    assert float(grid_box.width) > float(grid_box.height), "the grid is landscape"


def test_large_print_and_dyslexia_css_applies(mini):
    from quizgen.sheets.build import template_set


    documents = prepare_class_set(mini, BuildRequest(seed=1, variants=1, printing=PrintOptions(large_print=True,
                                                     dyslexia_friendly=True))).jobs
    assert '<body class="worksheet large-print dyslexia-friendly">' in documents[0].html
    css = (template_set(BuildRequest()).find("style.css")).read_text(encoding="utf-8")
    assert re.search(r"\.large-print \{ font-size: 16pt", css)
    assert re.search(r"\.dyslexia-friendly em,[^{]*\{ font-style: normal; \}", css)
    assert PrintOptions().body_classes == ""


def test_variants_and_roster_must_agree(mini, tmp_path):
    roster = tmp_path / "r.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    with pytest.raises(UsageProblem, match="does not match the 3 students"):
        prepare_class_set(mini, BuildRequest(seed=1, variants=4, roster=roster))
    with pytest.raises(UsageProblem, match="only applies to a class set"):
        build(mini, BuildRequest(out=tmp_path, seed=1, keys_per_variant=True))


@pytest.mark.parametrize("content, encoding, expected", [
    (ROSTER, "utf-8", [Student("Léa Durand", "2nde 3", "Durand", "Léa"),
                       Student("Hugo Martin", "2nde 3", "Martin", "Hugo"),
                       Student("Awa N'Diaye", "2nde 3", "N'Diaye", "Awa")]),
    ("Prénom,Nom\nJean-Pierre,Le Gall\n", "utf-8", [Student("Jean-Pierre Le Gall", "", "Le Gall", "Jean-Pierre")]),
    ("Zoé Petit,1re B\nLouis Roy,1re B\n", "utf-8", [Student("Zoé Petit", "1re B"), Student("Louis Roy", "1re B")]),
    ("\ufeffÉlève\tGroupe\nZoé Petit\tG1\n\n", "utf-8", [Student("Zoé Petit", "G1")]),
    ("Nom;Classe\nLefèvre Chloé;3e A\n", "cp1252", [Student("Lefèvre Chloé", "3e A")]),
    ("Zoé Petit\nLouis Roy\n", "utf-8", [Student("Zoé Petit"), Student("Louis Roy")]),
])
def test_roster_shapes(tmp_path, content, encoding, expected):
    path = tmp_path / "classe.csv"
    path.write_bytes(content.encode(encoding))
    assert read_roster(path) == expected


@pytest.mark.parametrize("content, line, message", [
    (b"Nom;Classe\nDurand;2nde\n;2nde\n", 3, "no student name"),
    (b"", 1, "empty"),
    ("Nom\nLéa\n".encode("utf-16"), 1, "UTF-16"),
    (b"\x00\x01\x02binary", 1, "not a text file"),
])
def test_roster_problems(tmp_path, content, line, message):
    path = tmp_path / "classe.csv"
    path.write_bytes(content)
    with pytest.raises(InvalidContent) as caught:
        read_roster(path)
    problem = caught.value.problems[0]
    assert problem.line == line and message in problem.message


@pytest.mark.slow
def test_cli_class_set(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["build", str(MINI), "--variants", "2", "--seed", "4", "--out", "out"])
    assert result.exit_code == 0, result.output
    assert "Class set of 2 sheets" in result.output and "worksheets.pdf" in result.output
    assert "Rendering" not in result.output, "no progress bar when output is not a terminal"
    again = runner.invoke(cli, ["build", str(MINI), "--variants", "2", "--seed", "4", "--out", "out"])
    assert again.exit_code == 1 and "--force" in again.output
    quiet = runner.invoke(cli, ["build", str(MINI), "--variants", "2", "--seed", "4", "--out", "out",
                                "--force", "--quiet"])
    assert quiet.exit_code == 0 and quiet.output.strip().startswith("out/cantine-classe-")
    assert len(quiet.output.strip().splitlines()) == 1


def test_cli_bad_roster_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "classe.csv").write_text("Nom;Classe\nDurand;2nde\n;2nde\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(MINI), "--roster", "classe.csv", "--out", "out"])
    assert result.exit_code == 1
    assert "classe.csv:3: this row has no student name" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_progress_bar_on_a_terminal(capsys):
    from quizgen.cli import _Progress

    progress = _Progress(enabled=True)
    progress.start(5)
    for _ in range(5):
        progress.advance(1)
    progress.finish()
    err = capsys.readouterr().err
    assert "Rendering" in err


def test_joined_pdf_is_reproducible():
    from quizgen.render.join import Part, join

    def blank(pages: int) -> bytes:
        pdf = pikepdf.new()
        for _ in range(pages):
            pdf.add_blank_page(page_size=(595, 842))
        buffer = io.BytesIO()
        pdf.save(buffer, deterministic_id=True)
        return buffer.getvalue()

    parts = [Part(blank(3), "a"), Part(blank(2), "b"), Part(blank(1), "c")]
    first = join(parts, "t", "s", "fr")
    assert first.first_pages == (1, 5, 7) and first.page_counts == (4, 2, 2)
    assert join(parts, "t", "s", "fr").pdf == first.pdf
    assert join(parts, "t", "s", "fr", duplex=False).page_counts == (3, 2, 1)


def _boom(task):
    raise RuntimeError("renderer crashed")


@pytest.mark.slow
def test_a_crash_in_a_render_worker_leaves_nothing(mini, tmp_path, monkeypatch):
    import multiprocessing

    temporary = _own_temporary_directory(tmp_path, monkeypatch)
    monkeypatch.setattr("quizgen.render.pool._render_in_worker", _boom)  # inherited by the forked workers
    with pytest.raises(RuntimeError, match="renderer crashed"):
        build(mini, BuildRequest(out=tmp_path / "out", seed=1, variants=3, workers=2))
    assert not (tmp_path / "out").exists()
    assert multiprocessing.active_children() == []
    assert list(temporary.iterdir()) == []  # the workers' fonts folders too


def _own_temporary_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary directory for this test (inherited by forked workers), and two cores even on one."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    monkeypatch.setattr("quizgen.render.pool.available_cores", lambda: 2)
    return temporary


@pytest.mark.slow
def test_render_workers_leave_no_temporary_files(mini, tmp_path, monkeypatch):
    """WeasyPrint keeps the stylesheet's fonts in a temporary folder that a pool worker never removed
    (one ~1 MB folder per worker and class set, 7,552 of them on the development machine)."""
    temporary = _own_temporary_directory(tmp_path, monkeypatch)
    result = build(mini, BuildRequest(out=tmp_path / "out", seed=1, variants=3, workers=2))
    assert (result.folder / "worksheets.pdf").is_file()
    assert list(temporary.iterdir()) == []


@pytest.mark.slow
def test_ctrl_c_during_a_class_set_stops_the_workers_and_writes_nothing(mini, tmp_path):
    import multiprocessing

    def interrupt(done: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build(mini, BuildRequest(out=tmp_path / "out", seed=1, variants=4, workers=2, on_rendered=interrupt))
    assert not (tmp_path / "out").exists()
    assert multiprocessing.active_children() == []
