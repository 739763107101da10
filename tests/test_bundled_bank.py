"""The bundled bank is content, reviewed like code: these are its acceptance checks."""

import pytest

from quizgen.bank.stats import bank_stats
from quizgen.sheets.build import BuildRequest, build, prepare
from quizgen.types import NAMES
from quizgen.types import fields as model
from quizgen.variants.draw import Options


@pytest.fixture(scope="module")
def bank(bundled):
    assert [b.id for b in bundled.banks] == ["anchorage-2025"]
    return bundled.banks[0]


@pytest.fixture(scope="module")
def stats(bank):
    return bank_stats(bank)


def test_article_says_what_is_unknown(bank):
    article = bank.article
    assert (article.author, article.publisher, article.date, article.url) == (None, None, None, None)
    assert len(article.paragraphs) == 60


def test_size_and_coverage(stats):
    assert stats["questions"] >= 80
    assert set(stats["by_type"]) == set(NAMES)
    assert set(stats["by_skill"]) == set(model.SKILLS)
    for skill, by_difficulty in stats["by_skill_and_difficulty"].items():
        assert all(by_difficulty[d] >= 1 for d in ("1", "2", "3")), skill
    assert stats["grounding"]["found"] == stats["grounding"]["excerpts"]


def test_techniques_each_illustrated_twice(stats):
    illustrated = [t for t, n in stats["technique_excerpts"].items() if n >= 2]
    assert len(illustrated) >= 15, stats["technique_excerpts"]


def test_claim_ledger_and_verification(bank, stats):
    claims = stats["claims"]
    assert claims["in_ledger"] >= 20
    assert len([c for c in claims["used_by_questions"] if c in bank.claims]) >= 20
    assert claims["verification_questions_on_accurate_claims"] >= 0.3 * claims["verification_questions"]
    assert bank.claims["C6"].verdict == "outdated"
    for claim in bank.claims.values():
        if claim.verdict in model.SOURCED_VERDICTS:
            assert claim.sources, claim.id


def test_glossary_covers_every_technique_used(bank):
    used = {t for q in bank.questions for t in q.techniques}
    assert used <= set(bank.glossary)
    for technique in bank.glossary.values():
        assert {"fr", "en"} <= set(technique.name)


@pytest.mark.slow
@pytest.mark.parametrize("preset", ["controle-15", "lecon-55", "devoir-maison"])
def test_presets_build(bundled, tmp_path, preset):
    result = build(bundled, BuildRequest(out=tmp_path, seed=1, options=Options(preset=preset)))
    assert (result.folder / "worksheet.pdf").stat().st_size > 10_000
    assert len(result.variant.questions) == result.variant.preset.count


def test_take_home_preset_has_rubrics(bundled):
    variant, html = prepare(bundled, BuildRequest(seed=2, options=Options(preset="devoir-maison")))
    assert any(p.question.type == "short-answer" for p in variant.questions)
    assert "Barème" in html["key"]


@pytest.mark.slow
def test_whole_bank_renders_to_html(bundled):
    variant, html = prepare(bundled, BuildRequest(seed=3))
    assert len(variant.questions) == len(bundled.banks[0].questions)
    assert html["worksheet"].count('class="question ') == len(variant.questions)


def test_ticking_every_box_earns_nothing(bundled):
    """Partial credit must not pay a student who ticks every box without reading (third review C1)."""
    from quizgen.types import type_of
    from quizgen.types.scoring import earned

    bank = bundled.banks[0]
    items = [q for q in bank.questions if q.type == "multiple-select"]
    assert items and bank.policy(items[0]) == "partial"
    for question in items:
        table = type_of(question).scoring(question, bank.view, bank.policy(question))
        assert earned(table, {"choices": [str(i) for i in range(len(question.choices))]}) == 0, question.id
