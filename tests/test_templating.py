import dataclasses
import os
from pathlib import Path

import pytest

from quizgen.bank.workspace import load_workspace
from quizgen.core.frozen import FrozenDict
from quizgen.core.problems import TemplateProblem
from quizgen.render.templates import TemplateSet
from quizgen.sheets.build import BuildRequest, prepare
from quizgen.sheets.html import PrintOptions, page_css, render_html
from quizgen.variants.draw import Options

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("kind", ["worksheet", "key"])
def test_golden_html(mini, kind):
    """The rendered HTML of a fixed variant; regenerate with QUIZGEN_UPDATE_GOLDEN=1 after a deliberate change."""
    _, html = prepare(mini, BuildRequest(seed=42))
    golden = GOLDEN / f"mini-seed42-{kind}.html"
    if os.environ.get("QUIZGEN_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(html[kind], encoding="utf-8")
    assert html[kind] == golden.read_text(encoding="utf-8")


def test_bank_text_cannot_inject_markup(mini_copy):
    bank = mini_copy / "bank.yaml"
    text = bank.read_text(encoding="utf-8").replace(
        'prompt: "Comment vérifieriez-vous l’affirmation du maire ?"',
        "prompt: \"<img src='http://127.0.0.1:9/x'><script>alert(1)</script>{{ 7*7 }} {% if 1 %}x{% endif %}\"",
    )
    bank.write_text(text, encoding="utf-8")
    _, html = prepare(load_workspace([mini_copy]), BuildRequest(seed=1))
    for document in html.values():
        assert "<img src=" not in document and "<script>" not in document
        assert "&lt;img src=&#39;http://127.0.0.1:9/x&#39;&gt;&lt;script&gt;" in document
        assert "{{ 7*7 }}" in document and "49" not in document.split("{{ 7*7 }}")[0][-5:]


def test_worksheet_has_no_answers_and_key_has_them(mini):
    _, html = prepare(mini, BuildRequest(seed=42))
    assert "why_wrong" not in html["worksheet"]
    assert "Le temps du verbe ne dit rien de la fiabilité" not in html["worksheet"]
    assert "Le temps du verbe ne dit rien de la fiabilité" in html["key"]
    assert "Compte rendu du conseil municipal" in html["key"]


def test_user_templates_override_file_by_file(mini, tmp_path):
    (tmp_path / "questions").mkdir()
    (tmp_path / "questions" / "true-false.html").write_text("<p>CUSTOM TRUE FALSE</p>", encoding="utf-8")
    _, html = prepare(mini, BuildRequest(seed=42, templates=tmp_path))
    assert "CUSTOM TRUE FALSE" in html["worksheet"]
    assert "Fiche d’exercices" in html["worksheet"]  # everything else still from the defaults


def test_undefined_variables_are_errors(mini, tmp_path):
    (tmp_path / "worksheet.html").write_text("{{ no_such_thing }}", encoding="utf-8")
    with pytest.raises(TemplateProblem, match="undefined"):
        prepare(mini, BuildRequest(seed=42, templates=tmp_path))


def test_missing_templates_folder_is_a_clear_error(mini, tmp_path):
    with pytest.raises(TemplateProblem, match="does not exist"):
        TemplateSet.with_override(tmp_path / "nope")


def test_english_labels(mini):
    _, html = prepare(mini, BuildRequest(seed=42, options=Options(language="en")))
    assert "Worksheet" in html["worksheet"] and "Name" in html["worksheet"]
    assert "Marking grid" in html["key"]


def test_page_css_sets_paper_and_footer(mini):
    variant, _ = prepare(mini, BuildRequest(seed=42))
    css = page_css(variant, "worksheet", PrintOptions("letter"))
    assert "size: letter" in css and variant.code in css and "counter(pages)" in css
    assert "size: A4" in page_css(variant, "key", PrintOptions("a4"))


def test_templates_render_every_type(mini):
    variant, html = prepare(mini, BuildRequest(seed=42))
    assert {p.question.type for p in variant.questions} >= {
        "single-choice", "multiple-select", "true-false", "matching", "short-answer", "claim-classification"}
    for p in variant.questions:
        assert f'id="q{p.number}"' in html["worksheet"] and f'id="q{p.number}"' in html["key"]
    assert html["worksheet"].count('class="line"') >= 4 + 2  # short answer lines + justify lines
    _ = render_html  # imported for the public API


def test_templates_folder_in_working_directory_is_used(mini, tmp_path, monkeypatch):
    (tmp_path / "templates" / "questions").mkdir(parents=True)
    (tmp_path / "templates" / "questions" / "short-answer.html").write_text("<p>MY SHORT ANSWER</p>", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _, html = prepare(mini, BuildRequest(seed=42))
    assert "MY SHORT ANSWER" in html["worksheet"]


def test_ordinals_become_superscript_and_text_stays_escaped():
    from quizgen.sheets.html import superscript_ordinals

    assert superscript_ordinals("le 1ᵉʳ février, la 2ᵉ <b>fois</b>") == \
        "le 1<sup>er</sup> février, la 2<sup>e</sup> &lt;b&gt;fois&lt;/b&gt;"
    assert superscript_ordinals("ᵉ alone <b>") == "ᵉ alone <b>", "no ordinal: plain text, escaped later by Jinja"


def test_classification_key_does_not_repeat_its_claims(mini):
    import re

    variant, html = prepare(mini, BuildRequest(seed=42))
    p = next(p for p in variant.questions if p.question.id == "q-classify")
    section = re.search(rf'<section class="question q-claim-classification" id="q{p.number}">(.*?)</section>',
                        html["key"], re.S).group(1)
    for cid in ("K1", "K2", "K3"):
        claim = variant.bank.claims[cid]
        assert section.count(claim.excerpt.text[:20].replace("'", "&#39;")) <= 1, cid
        for source in claim.sources:
            title = next(iter(source.title.values()))
            assert section.count(title[:15]) <= 1, (cid, title)


def test_source_titles_keep_their_own_typography(mini):
    """A source title is cited as published: an English title gets no French space before '?'."""
    from quizgen.sheets.build import template_set
    from quizgen.sheets.html import render_html
    from quizgen.types import fields

    variant, _ = prepare(mini, BuildRequest(seed=42))
    english = fields.Source(title="Is it true? A fact check", publisher="Example", date="2024-01-02")
    french_title = fields.Source(title="Est-ce vrai ? Une vérification", publisher="Exemple", date="2024-01-02")
    cited = variant.bank.claims["K1"].model_copy(update={"sources": (english, french_title)})
    bank = dataclasses.replace(variant.bank, claims=FrozenDict({**variant.bank.claims, "K1": cited}))
    html = render_html(dataclasses.replace(variant, bank=bank), "key", template_set(BuildRequest()))
    assert "Is it true? A fact check" in html
    assert "Est-ce vrai\u00a0? Une vérification" in html
