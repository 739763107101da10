"""Self-study data and the offline HTML file, without a browser (see test_selfstudy_browser.py for that)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from quizgen.bank.dump import content_hash
from quizgen.bank.workspace import load_workspace
from quizgen.cli import cli
from quizgen.render.templates import TemplateSet
from quizgen.sheets.build import BuildRequest, build_html
from quizgen.study.selfcheck import quiz_data, render_quiz, script_json
from quizgen.types import NAMES
from quizgen.types.scoring import ScoringTable, earned
from quizgen.variants.draw import Options, make_variant, manifest

MINI = Path(__file__).parent / "data" / "mini"


def _variant(workspace, seed=3, **options):
    bank = workspace.banks[0]
    return make_variant(bank, Options(**options), seed, content_hash(bank))


def _embedded(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="quiz-data">(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1))


def test_data_follows_the_variant_and_its_answer_key(bundled):
    """The page's data says what the manifest says, and its scoring table gives full marks to exactly that."""
    variant = _variant(bundled, seed=11)
    data = quiz_data(variant)
    key = manifest(variant, {})["questions"]
    assert [q["id"] for q in data["questions"]] == [entry["id"] for entry in key]
    for q, entry, printed in zip(data["questions"], key, variant.questions, strict=True):
        assert q["number"] == entry["number"] and q["points"] == entry["points"] == q["scoring"]["points"]
        table = ScoringTable.from_data(q["scoring"])
        if q["interaction"] == "choice":
            assert [c["letter"] for c in q["choices"] if c["correct"]] == entry["correct"]
            for c in q["choices"]:
                assert c["correct"] or c["why_wrong"], (q["id"], c)  # every distractor says why
            given = {q["slot"]: [c["key"] for c in q["choices"] if c["correct"]]}
        elif q["interaction"] == "truth":
            assert q["answer"] is entry["correct"]
            given = {q["slot"]: ["true" if q["answer"] else "false"]}
        elif q["interaction"] == "rows":
            by_letter = entry["options"]
            assert [option["key"] for option in q["options"]] == list(by_letter.values())
            # the manifest keys matching rows by letter, classification rows by category id
            expected = [entry["correct"][str(n)] for n in range(1, len(q["rows"]) + 1)]
            if q["options_kind"] == "technique":
                expected = [by_letter[letter] for letter in expected]
            assert [row["answer"] for row in q["rows"]] == expected
            for row, r in zip(q["rows"], printed.rows, strict=True):
                accepted = [by_letter[a] for a in r.answers] if q["options_kind"] == "technique" else list(r.answers)
                assert set(accepted) <= set(row["accepted"])
                assert row["accepted"][0] == row["answer"]
            given = {row["slot"]: [row["answer"]] for row in q["rows"]}
        else:
            assert q["interaction"] == "open" and q["model_answer"] and q["rubric"]
            given = {q["slot"]: 1.0}
        assert earned(table, given) == q["points"], q["id"]
        for tid in q["techniques"] + [o["key"] for o in q.get("options", []) if q.get("options_kind") == "technique"]:
            assert data["glossary"][tid]["definition"]


def test_sources_of_claims_are_included(mini):
    data = quiz_data(_variant(mini))
    tf = next(q for q in data["questions"] if q["id"] == "q-tf")
    assert tf["sources"] == [{"title": "Compte rendu du conseil municipal", "publisher": "Mairie (fictive)",
                              "date": "2024-03-12", "url": None}]
    classify = next(q for q in data["questions"] if q["id"] == "q-classify")
    assert any(s["url"] == "https://example.org/tarifs-2019" for row in classify["rows"] for s in row["sources"])
    assert data["labels"]["check"] == "Vérifier" and data["labels"]["restart"] == "Recommencer"


def test_script_json_cannot_close_the_script_block():
    nasty = {"text": "</script><script>alert(1)</script><!-- -->&amp; ]]> \u2028"}
    text = script_json(nasty)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == nasty


def test_same_seed_gives_a_byte_identical_file_and_another_seed_does_not(tmp_path):
    workspace = load_workspace([MINI])
    files = []
    for seed, folder in ((5, "a"), (5, "b"), (6, "c")):
        result = build_html(workspace, BuildRequest(out=tmp_path / folder, seed=seed))
        files.append((result.folder / "self-check.html").read_bytes())
    assert files[0] == files[1]
    assert files[0] != files[2]


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str | None]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "srcset", "data", "poster", "action", "formaction") or (tag == "link"):
                self.found.append((tag, name, value))


def test_self_contained_nothing_to_fetch(mini):
    html = render_quiz(_variant(mini), TemplateSet.with_override(None))
    parser = _Resources()
    parser.feed(html)
    assert parser.found == []  # no src=, no <link>, no form action: nothing can be loaded
    assert "@import" not in html and "url(" not in html and "fetch(" not in html and "XMLHttpRequest" not in html
    assert parser.tags.count("script") == 2 and parser.tags.count("style") == 1
    assert '<html lang="fr">' in html


def test_content_security_policy_allows_only_the_inline_code_written_here(mini):
    html = render_quiz(_variant(mini), TemplateSet.with_override(None))
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1).replace("&#39;", "'")
    assert "default-src 'none'" in csp
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    script = re.search(r"<script>(.*?)</script>", html, re.S).group(1)
    for code in (style, script):
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_bank_text_is_escaped_everywhere(mini_copy):
    bank = mini_copy / "bank.yaml"
    text = bank.read_text(encoding="utf-8")
    nasty = "</script><script>alert(1)</script><!-- <img src=x onerror=alert(2)>"
    text = text.replace('title: "La cantine : procédés et faits"', f"title: '{nasty}'")
    text = text.replace('prompt: "Fait ou opinion ?"', f"prompt: '{nasty}'")
    bank.write_text(text, encoding="utf-8")
    workspace = load_workspace([mini_copy])
    html = render_quiz(_variant(workspace), TemplateSet.with_override(None))
    assert "<img" not in html and "alert(1)</script>" not in html
    assert html.count("<script") == 2 and html.count("</script>") == 2
    assert "<!-- " not in html
    assert "&lt;/script&gt;" in html  # the title, escaped by Jinja
    data = _embedded(html)
    assert data["title"].startswith("</script>")
    assert any(q["prompt"].startswith("</script>") for q in data["questions"])


def test_quiz_js_never_uses_html_sinks():
    js = (Path(__file__).parent.parent / "templates" / "selfstudy" / "quiz.js").read_text(encoding="utf-8")
    js = re.sub(r"/\*.*?\*/", "", js, flags=re.S)  # comments may name what the code avoids
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in js, sink


def test_cli_build_format_html(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(MINI), "--format", "html", "--seed", "9",
                                      "--out", str(tmp_path), "--count", "3"])
    assert result.exit_code == 0, result.output
    (folder,) = tmp_path.iterdir()
    assert sorted(p.name for p in folder.iterdir()) == ["manifest.json", "self-check.html"]
    assert "self-check.html" in result.output and "--seed 9" in result.output
    saved = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert saved["files"] == {"self_check": "self-check.html"} and saved["seed"] == 9
    data = _embedded((folder / "self-check.html").read_text(encoding="utf-8"))
    assert [q["id"] for q in data["questions"]] == [q["id"] for q in saved["questions"]]
    assert len(data["questions"]) == 3 and data["seed"] == 9


def test_every_question_type_is_in_the_bundled_page(bundled):
    data = quiz_data(_variant(bundled, seed=1))
    assert {q["type"] for q in data["questions"]} == set(NAMES)
    html = render_quiz(_variant(bundled, seed=1), TemplateSet.with_override(None))
    assert _embedded(html) == data
