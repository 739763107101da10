"""PDF checks a teacher would make: the questions are there, the code on every page, the key matches."""

import http.server
import io
import json
import re
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from quizgen.bank.workspace import load_workspace
from quizgen.render.pdf import Renderer, TemplateAssetsOnly
from quizgen.render.templates import TemplateSet
from quizgen.sheets.build import BuildRequest, build
from quizgen.sheets.html import PrintOptions


def pages_text(path: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def built(tmp_path_factory, mini):
    out = tmp_path_factory.mktemp("out")
    return build(mini, BuildRequest(out=out, seed=42))


@pytest.mark.slow
def test_files_and_manifest(built):
    assert sorted(p.name for p in built.folder.iterdir()) == ["answer-key.pdf", "manifest.json", "worksheet.pdf"]
    data = json.loads((built.folder / "manifest.json").read_text(encoding="utf-8"))
    assert data["variant_code"] == built.variant.code and data["seed"] == 42
    assert built.folder.name == f"cantine-{built.variant.code}"


@pytest.mark.slow
def test_worksheet_text(built, mini):
    pages = pages_text(built.folder / "worksheet.pdf")
    text = " ".join(pages)
    for index, page in enumerate(pages, 1):
        assert f"Variante {built.variant.code}" in page
        assert f"page {index} / {len(pages)}" in page
    for p in built.variant.questions:
        prompt = next(iter(p.question.prompt.values()))
        assert " ".join(prompt.replace("\u00a0", " ").split()[:4]) in text.replace("\u00a0", " ")
    assert "Nom et prénom" in text and "Total" in text
    assert "Le temps du verbe" not in text  # no answers on the worksheet


@pytest.mark.slow
def test_key_grid_matches_manifest(built):
    data = json.loads((built.folder / "manifest.json").read_text(encoding="utf-8"))
    grid = pages_text(built.folder / "answer-key.pdf")[0]
    assert "Grille de correction" in grid
    for entry in data["questions"]:
        if entry["type"] in ("single-choice", "multiple-select"):
            assert re.search(rf"\b{entry['number']} {', '.join(entry['correct'])} {entry['id']}", grid), entry
        if entry["type"] == "matching":
            also = entry.get("also_accepted", {})
            pairs = ", ".join(f"{row} → {'/'.join([letter, *also.get(row, [])])}"
                              for row, letter in entry["correct"].items())
            assert pairs.replace(" ", "") in grid.replace(" ", "").replace("\u202f", "")


@pytest.mark.slow
def test_choice_order_in_worksheet_matches_manifest(built, mini):
    text = " ".join(pages_text(built.folder / "worksheet.pdf")).replace("\u00a0", " ")
    data = json.loads((built.folder / "manifest.json").read_text(encoding="utf-8"))
    bank = {q.id: q for q in mini.banks[0].questions}
    for entry in data["questions"]:
        if "choice_order" not in entry:
            continue
        texts = [bank[entry["id"]].choices[i].text["*"] for i in entry["choice_order"]]
        positions = [text.find(" ".join(t.replace("\u00a0", " ").split()[:3])) for t in texts]
        assert -1 not in positions and positions == sorted(positions), entry["id"]


@pytest.mark.slow
def test_same_seed_gives_identical_bytes(tmp_path, mini):
    first = build(mini, BuildRequest(out=tmp_path / "a", seed=7))
    second = build(mini, BuildRequest(out=tmp_path / "b", seed=7))
    for name in ("worksheet.pdf", "answer-key.pdf", "manifest.json"):
        assert (first.folder / name).read_bytes() == (second.folder / name).read_bytes(), name


@pytest.mark.slow
def test_letter_paper(tmp_path, mini):
    result = build(mini, BuildRequest(out=tmp_path, seed=7, printing=PrintOptions(paper="letter")))
    box = PdfReader(result.folder / "worksheet.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    a4 = build(mini, BuildRequest(out=tmp_path / "a4", seed=7)).folder / "worksheet.pdf"
    box = PdfReader(a4).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_fetcher_refuses_everything_but_template_assets(tmp_path):
    folder = tmp_path / "templates"
    (folder / "fonts").mkdir(parents=True)
    (folder / "fonts" / "a.otf").write_bytes(b"font")
    secret = tmp_path / "secret.txt"
    secret.write_text("SENTINEL", encoding="utf-8")
    fetcher = TemplateAssetsOnly((folder,))
    assert fetcher.fetch((folder / "fonts" / "a.otf").as_uri()).read() == b"font"
    for url in (secret.as_uri(), (folder / ".." / "secret.txt").as_uri(), "http://127.0.0.1:1/x",
                "https://example.org/", "data:text/plain,hi", "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's naming
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"body{}")

    def log_message(self, *args):
        pass


@pytest.mark.slow
def test_hostile_html_fetches_nothing(tmp_path):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    secret = tmp_path / "secret.txt"
    secret.write_text("SENTINEL-CONTENT", encoding="utf-8")
    try:
        templates = TemplateSet.with_override(None)
        renderer = Renderer(templates.folders, templates.find("style.css"))
        html = (f"<html><head><link rel=stylesheet href='http://127.0.0.1:{port}/s.css'>"
                f"<link rel=attachment href='{secret.as_uri()}'></head><body>"
                f"<img src='http://127.0.0.1:{port}/i.png'><img src='{secret.as_uri()}'>"
                f"<p style=\"background:url(http://127.0.0.1:{port}/bg)\">x</p></body></html>")
        pdf = renderer.pdf(html, "@page{size:A4}", "t")
    finally:
        server.shutdown()
    assert _Recorder.hits == []
    assert b"SENTINEL-CONTENT" not in pdf
    assert len(renderer.fetcher.refused) >= 4
    assert PdfReader(io.BytesIO(pdf)).attachments == {}


def test_bad_bank_writes_nothing(mini_copy, tmp_path):
    from quizgen.core.problems import InvalidContent

    (mini_copy / "bank.yaml").write_text(
        (mini_copy / "bank.yaml").read_text(encoding="utf-8").replace("difficulty: 1", "difficulty: 9", 1),
        encoding="utf-8")
    with pytest.raises(InvalidContent):
        load_workspace([mini_copy])
