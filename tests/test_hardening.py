"""Hardening (issue 4): huge files, hostile bank text, unwritable output, missing templates and
fonts, and commands that must never touch the bank files.

Every failure must end with exit status 1, a message that says what to do, no traceback, and
nothing written.
"""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import os
import threading
import time
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from quizgen.bank.workspace import load_workspace
from quizgen.cli import cli
from quizgen.core.problems import InvalidContent, TemplateProblem
from quizgen.render.templates import TemplateSet, missing_assets

MEGABYTE = 1024 * 1024


def failed_cleanly(result: Result, *expected: str) -> None:
    assert isinstance(result.exception, SystemExit), result.exception  # not a crash
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for text in expected:
        assert text in result.stderr, result.stderr


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


# --- Huge files -------------------------------------------------------------------------------


@pytest.mark.slow
def test_50_mb_file_is_refused_quickly_without_reading_it(mini_copy: Path, tmp_path: Path) -> None:
    huge = mini_copy / "huge.yaml"
    line = b"# " + b"x" * 1021 + b"\n"
    with open(huge, "wb") as handle:
        handle.write(b"kind: questions\nbank: cantine\n")
        for _ in range(50):
            handle.write(line * 1024)  # 1 MiB of comments
    expected = ("ws/huge.yaml:1: the file is 50.0 MB; a bank file must be under 5 MB. Split it into "
                "several files, or check that this is really a question bank.")

    with pytest.raises(InvalidContent):  # once before measuring: imports and caches are not the file
        load_workspace([Path("ws")])
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(InvalidContent) as raised:
            load_workspace([Path("ws")])
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [str(problem) for problem in raised.value.problems] == [expected]
    assert peak < 2 * MEGABYTE, f"{peak / MEGABYTE:.1f} MB allocated: the file was read"
    assert elapsed < 2.0

    result = CliRunner().invoke(cli, ["build", "ws", "--out", "out", "--seed", "1"])
    failed_cleanly(result, expected)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_file_that_grows_after_the_size_check_is_still_capped(mini_copy: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from quizgen.bank import yamlsource

    monkeypatch.setattr(yamlsource, "MAX_FILE_BYTES", 1000)
    real_fstat = os.fstat

    def stale_fstat(descriptor: int) -> os.stat_result:  # the size is checked on the open file (core/files.py)
        result = real_fstat(descriptor)  # as if the file was small when its size was checked
        return os.stat_result((result.st_mode, 0, 0, 1, 0, 0, 10, 0, 0, 0))

    monkeypatch.setattr(os, "fstat", stale_fstat)
    text, problems = yamlsource.read_text(mini_copy / "bank.yaml", "bank.yaml")
    assert text is None
    assert len(problems) == 1 and problems[0].message.startswith("the file is over ")


# --- Links out of the workspace -----------------------------------------------------------------


def test_article_linked_from_outside_the_workspace_is_refused(mini_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("SENTINEL\n", encoding="utf-8")
    (mini_copy / "articles" / "ecole.txt").unlink()
    (mini_copy / "articles" / "ecole.txt").symlink_to(outside / "secret.txt")
    with pytest.raises(InvalidContent) as raised:
        load_workspace([Path("ws")])
    assert [str(p) for p in raised.value.problems] == [
        "ws/articles/ecole.yaml:9: text: 'ecole.txt' points outside the workspace (ws); keep articles inside it."]


def test_bank_file_linked_from_outside_the_workspace_is_refused(mini_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "more.yaml").write_text("kind: questions\nbank: cantine\nquestions: []\n", encoding="utf-8")
    (mini_copy / "more.yaml").symlink_to(outside / "more.yaml")
    with pytest.raises(InvalidContent) as raised:
        load_workspace([Path("ws")])
    assert [str(p) for p in raised.value.problems] == [
        "ws/more.yaml:1: this file is a link to a file outside the workspace (outside/more.yaml); "
        "copy the file into the workspace instead."]


# --- Hostile bank text --------------------------------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"body{}")

    def log_message(self, *args: object) -> None:
        pass


def _yaml_text(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar


@pytest.mark.slow
def test_hostile_bank_text_is_printed_literally_and_fetches_nothing(mini_copy: Path, tmp_path: Path) -> None:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    local = f"http://127.0.0.1:{server.server_address[1]}"
    secret = tmp_path / "secret.txt"
    secret.write_text("SENTINEL-CONTENT", encoding="utf-8")
    hostile = {
        "img": f'<img src="{local}/img.png"><img src="{secret.as_uri()}">',
        "link": f'<link rel="stylesheet" href="{local}/link.css"><link rel="attachment" href="{secret.as_uri()}">',
        "style": (f'<style>@import url("{local}/import.css"); body {{ background: url({local}/bg.png) }}'
                  f' p {{ background: url(file:///etc/hostname) }}</style><b style="color:red">gras</b>'),
        "css": f'@import "{local}/bare.css"; url({local}/bare.png) url(file:///etc/passwd)',
        "script": "<script>document.write('PWNED')</script><iframe src=\"file:///etc/passwd\"></iframe>",
        "jinja": "{{ 7*7 }} {% if true %}JINJA-RAN{% endif %} {# hidden #} {{ config }}",
    }
    article_line = f"Un lecteur écrit {hostile['img']} et {hostile['jinja']} dans le courrier."
    bank = mini_copy / "bank.yaml"
    text = bank.read_text(encoding="utf-8")
    text = text.replace('title: "La cantine : procédés et faits"', f"title: {_yaml_text('Titre ' + hostile['link'])}")
    text = text.replace('    prompt: "Le conseil municipal a voté une hausse de 5 % du prix des repas."',
                        f"    prompt: {_yaml_text('Vrai ? ' + hostile['style'] + ' ' + hostile['jinja'])}\n"
                        f"    excerpts: [{_yaml_text(article_line)}]")
    text = text.replace('    explanation: "C’est exact selon le compte rendu."',
                        f"    explanation: {_yaml_text('Exact. ' + hostile['css'] + hostile['script'])}")
    text = text.replace('      - text: "La phrase est au présent."',
                        f"      - text: {_yaml_text('Présent ' + hostile['img'] + hostile['jinja'])}")
    bank.write_text(text, encoding="utf-8")
    with open(mini_copy / "articles" / "ecole.txt", "a", encoding="utf-8") as handle:
        handle.write(article_line + "\n")
    article = mini_copy / "articles" / "ecole.yaml"
    article.write_text(article.read_text(encoding="utf-8").replace(
        'title: "La cantine : une réforme qui divise"', f"title: {_yaml_text('Article ' + hostile['style'])}"),
        encoding="utf-8")

    try:
        result = CliRunner().invoke(cli, ["build", "ws", "--out", "out", "--seed", "3", "--emit-html"])
    finally:
        server.shutdown()
    assert result.exit_code == 0, result.output
    assert _Recorder.hits == []
    folder = next((tmp_path / "out").iterdir())
    html = (folder / "worksheet.html").read_text(encoding="utf-8") + (folder / "answer-key.html").read_text(
        encoding="utf-8")
    for raw in ("<img src", "<link rel=\"stylesheet\" href=\"http", "<style>@import", "<script>", "<iframe",
                "<b style"):
        assert raw not in html, raw
    assert "&lt;img src=" in html and "&lt;script&gt;" in html
    assert "JINJA-RAN" in html and "{% if true %}" in html and "{{ 7*7 }}" in html and "{# hidden #}" in html
    for name in ("worksheet.pdf", "answer-key.pdf"):
        data = (folder / name).read_bytes()
        assert b"SENTINEL-CONTENT" not in data
        reader = PdfReader(io.BytesIO(data))
        assert reader.attachments == {}
        printed = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
        printed = printed.replace("\u00a0", " ").replace("\u202f", " ")
        assert "{{ 7*7 }}" in printed and "{% if true %}JINJA-RAN{% endif %}" in printed, name
        assert "&lt;" not in printed  # escaped once, not twice
    worksheet = " ".join((p.extract_text() or "") for p in PdfReader(folder / "worksheet.pdf").pages)
    assert "<img src=" in " ".join(worksheet.split())


# --- Output folder, templates and fonts ---------------------------------------------------------


def test_unwritable_output_folder(mini_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from quizgen.render.pdf import Renderer

    monkeypatch.setattr(Renderer, "pdf", lambda self, *args: b"%PDF-stand-in")  # only the writing matters here
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "ws", "--out", "a-file/sheets", "--seed", "1"])
    failed_cleanly(result, "Error: cannot write in 'a-file/sheets'", "choose another --out folder")
    assert blocker.read_text(encoding="utf-8") == "not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "ws"]


def test_missing_templates_folder(mini_copy: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "ws", "--templates", "/nonexistent", "--seed", "1"])
    failed_cleanly(result, "Error: templates folder '/nonexistent' does not exist; create it or leave out "
                           "--templates to use the bundled templates.")
    assert not Path("output").exists()


def test_missing_font_is_reported_before_rendering(mini_copy: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    default_css = TemplateSet.with_override(None).find("style.css").read_text(encoding="utf-8")
    (mine / "style.css").write_text(
        "/* my fonts: url(commented/out.otf) is ignored */\n"
        '@font-face { font-family: "Mine"; src: url("fonts/absente.otf"); }\n' + default_css,
        encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "ws", "--templates", "mine", "--out", "out", "--seed", "1"])
    failed_cleanly(result, f"{mine / 'style.css'}:2: the font file 'fonts/absente.otf' is missing "
                           f"(looked for fonts/absente.otf in {mine}, ")
    assert "add the file or fix the url()" in result.stderr
    assert "commented" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_template_assets(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    (mine / "fonts").mkdir(parents=True)
    (mine / "fonts" / "own.otf").write_bytes(b"font")
    (mine / "style.css").write_text(
        '@font-face { font-family: "A"; src: url(fonts/own.otf); }\n'  # in the user's folder
        '@font-face { font-family: "B"; src: url(fonts/texgyreheros-bold.otf); }\n'  # in the defaults
        '@font-face { font-family: "C"; src: url(https://fonts.example.org/c.woff2); }\n'
        "body { background: url('../outside.png'); }\n"
        '@import "missing.css";\n'
        "p { background: url(data:image/png;base64,AAAA); }\n",
        encoding="utf-8")
    with pytest.raises(TemplateProblem) as raised:
        TemplateSet.with_override(mine)
    found = [line.split(": ", 1) for line in str(raised.value).splitlines()]
    css = str(mine / "style.css")
    assert [where for where, _ in found] == [f"{css}:3", f"{css}:4", f"{css}:5", f"{css}:6"]
    assert found[0][1].startswith("the font file 'https://fonts.example.org/c.woff2' cannot be used: quizgen "
                                  "only loads files from the templates folders.")
    assert found[1][1].startswith("the file '../outside.png' is outside the templates folder")
    assert found[2][1].startswith("the file 'missing.css' is missing")
    assert found[3][1].startswith("the file 'data:image/png;base64,AAAA' cannot be used")
    # The bundled stylesheet is complete.
    assert missing_assets(TemplateSet.with_override(None)) == []


# --- Commands never modify the bank -------------------------------------------------------------


def _fingerprint(folder: Path) -> dict[str, tuple[str, int]]:
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in files_under(folder)}


@pytest.mark.slow
def test_no_command_modifies_the_bank_files(mini_copy: Path, tmp_path: Path) -> None:
    before = _fingerprint(mini_copy)
    runner = CliRunner()
    for command in (["check", "ws"], ["stats", "ws"], ["stats", "ws", "--json"], ["export", "ws"],
                    ["build", "ws", "--out", "out", "--seed", "2", "--emit-html"]):
        result = runner.invoke(cli, command)
        assert result.exit_code == 0, (command, result.output)
        assert _fingerprint(mini_copy) == before, command
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "ws"]


def test_unusable_paths_on_the_command_line(mini_copy: Path) -> None:
    runner = CliRunner()
    long_name = "x" * 300  # longer than any file name the system allows
    failed_cleanly(runner.invoke(cli, ["check", long_name]), f"{long_name}:1: this path cannot be used")
    failed_cleanly(runner.invoke(cli, ["build", "ws", "--templates", long_name, "--seed", "1"]),
                   f"Error: templates folder '{long_name}' does not exist")
