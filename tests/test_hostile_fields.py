"""Issue 12, "Tests that can fail": hostile markup in why_wrong and every other text field, checked in
the PDFs' text as well as the HTML.

Every prose field of the mini bank, its glossary and its article metadata gets a numbered marker
of markup (`<b>M7</b><i>…`). Each marker a document prints must be escaped in its HTML (never
markup) and appear literally in its PDF text; and the markers of the fields a teacher relies on
(why_wrong, model answer, rubric, sources, claim and row explanations…) must be printed at all.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from quizgen.bank.workspace import load_workspace
from quizgen.sheets.build import BuildRequest, build

pytestmark = pytest.mark.slow

#: Fields holding prose a sheet prints (ids, enums, dates, URLs and excerpts are not free text).
PROSE = {"title", "instructions", "prompt", "explanation", "text", "why_wrong", "model_answer", "criterion",
         "label", "publisher", "name", "definition", "author"}
#: Fields whose markers must be printed: where a forgotten escape would show.
MUST_PRINT = {"why_wrong", "model_answer", "criterion", "explanation", "publisher", "definition", "label",
              "prompt", "text", "instructions"}


ARTICLE_PROSE = {"title", "publisher", "author"}  # its `text:` is a file name


def _mark(value: Any, key: str | None, found: dict[str, str], fields: set[str]) -> Any:
    if isinstance(value, dict):
        return {k: _mark(v, k, found, fields) for k, v in value.items()}
    if isinstance(value, list):
        return [_mark(item, key, found, fields) for item in value]
    if isinstance(value, str) and key in fields:
        marker = f"M{len(found)}"
        found[marker] = key
        return f"{value} <b>{marker}</b><i style=\"color:red\">&amp;</i>"
    return value


def _rewrite(path: Path, found: dict[str, str], fields: set[str]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(_mark(data, None, found, fields), ensure_ascii=False, indent=1, default=str),
                    encoding="utf-8")


def _flat(pdf: Path) -> str:
    """The PDF's text without any whitespace (lines may wrap anywhere inside a marker)."""
    return re.sub(r"\s+", "", " ".join((page.extract_text() or "") for page in PdfReader(pdf).pages))


def _literal(marker: str) -> str:
    return f"<b>{marker}</b><istyle=\"color:red\">&amp;</i>"


def test_markup_in_every_text_field_is_printed_as_text(mini_copy: Path, tmp_path: Path) -> None:
    found: dict[str, str] = {}
    _rewrite(mini_copy / "bank.yaml", found, PROSE)
    _rewrite(mini_copy / "glossary.yaml", found, PROSE)
    _rewrite(mini_copy / "articles" / "ecole.yaml", found, ARTICLE_PROSE)
    assert {"why_wrong", "criterion", "model_answer", "publisher", "definition", "label"} <= set(found.values())
    workspace = load_workspace([mini_copy])
    result = build(workspace, BuildRequest(out=tmp_path / "out", seed=3, emit_html=True, handout=True))
    printed: set[str] = set()
    for html_name, pdf_name in (("worksheet.html", "worksheet.pdf"), ("answer-key.html", "answer-key.pdf")):
        html = (result.folder / html_name).read_text(encoding="utf-8")
        text = _flat(result.folder / pdf_name)
        for marker, key in found.items():
            assert f"<b>{marker}<" not in html, f"{marker} ({key}) became markup in {html_name}"
            if f"&lt;b&gt;{marker}&lt;/b&gt;" in html:
                printed.add(marker)
                assert _literal(marker) in text, f"{marker} ({key}) is not printed literally in {pdf_name}"
        assert "&lt;" not in text and "&amp;amp;" not in text, "escaped twice"
    publisher = next(marker for marker, key in found.items() if key == "publisher" and marker not in printed)
    assert _literal(publisher) in _flat(result.folder / "article.pdf"), "the article's publisher on the handout"
    never = {key for key in MUST_PRINT if not any(marker in printed for marker, k in found.items() if k == key)}
    assert not never, f"fields never printed on the worksheet or key: {never}"
