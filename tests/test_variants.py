import pytest

from quizgen.bank.dump import content_hash
from quizgen.core.problems import UsageProblem
from quizgen.types.multiple_select import MultipleSelect
from quizgen.types.single_choice import SingleChoice
from quizgen.variants.draw import Options, make_variant, manifest, variant_code


def variant(workspace, seed=42, **options):
    bank = workspace.banks[0]
    return make_variant(bank, Options(**options), seed, content_hash(bank))


def test_same_seed_same_variant(mini):
    first, second = variant(mini), variant(mini)
    assert manifest(first, {}) == manifest(second, {})
    assert first.code == second.code


def test_other_seed_other_order(mini):
    orders = {tuple(p.question.id for p in variant(mini, seed=s).questions) for s in range(10)}
    assert len(orders) > 5


def test_code_depends_on_bank_options_and_seed():
    base = variant_code("h", Options(), 1)
    assert base != variant_code("h2", Options(), 1)
    assert base != variant_code("h", Options(count=3), 1)
    assert base != variant_code("h", Options(), 2)
    assert len(base) == 7 and base[3] == "-"


def test_pinned_choice_stays_last(mini):
    for seed in range(20):
        printed = next(p for p in variant(mini, seed=seed).questions if p.question.id == "q-choice")
        assert printed.choices[-1].choice.pinned
        assert printed.choices[-1].letter == "D"


def test_correct_letters_follow_the_shuffle(mini):
    for seed in range(20):
        for p in variant(mini, seed=seed).questions:
            if isinstance(p.question, (SingleChoice, MultipleSelect)):
                assert p.correct == [c.letter for c in p.choices if c.choice.correct]
                assert sorted(c.original for c in p.choices) == list(range(len(p.question.choices)))


def test_count_is_stratified_by_skill(mini):
    # Not fact-or-opinion: its one question (q-fact) quotes what both identify-technique questions
    # quote, and keeping such questions apart comes first (tests/test_draw_overlap.py).
    skills = {"identify-technique", "evaluate-source", "verify-claim"}
    for seed in range(20):
        chosen = variant(mini, seed=seed, count=len(skills), skills=tuple(sorted(skills))).questions
        assert len(chosen) == len(skills)
        assert {p.question.skill for p in chosen} == skills


def test_keeping_overlaps_apart_comes_before_covering_every_skill(mini):
    for seed in range(20):
        drawn = variant(mini, seed=seed, count=4)
        assert len(drawn.questions) == 4 and drawn.overlaps == ()
        assert "q-fact" not in {p.question.id for p in drawn.questions}


def test_filters_and_presets(mini):
    only = variant(mini, skills=("verify-claim",))
    assert {p.question.skill for p in only.questions} == {"verify-claim"}
    assert {p.question.id for p in variant(mini, preset="choix").questions} == {"q-choice", "q-multi"}
    assert len(variant(mini, preset="court").questions) == 3
    with pytest.raises(UsageProblem, match="Did you mean 'court'"):
        variant(mini, preset="cour")
    with pytest.raises(UsageProblem, match="no question matches"):
        variant(mini, skills=("verify-claim",), difficulty=(3,))


def test_matching_answers_point_at_the_right_technique(mini):
    for seed in range(10):
        p = next(p for p in variant(mini, seed=seed).questions if p.question.id == "q-match")
        options = dict(p.options)
        for row in p.rows:
            assert options[row.answers[0]] == p.question.pairs[row.original].technique


def test_manifest_lists_every_question(mini):
    v = variant(mini)
    data = manifest(v, {"worksheet": "worksheet.pdf"})
    assert data["variant_code"] == v.code and data["seed"] == 42
    assert [q["number"] for q in data["questions"]] == list(range(1, len(v.questions) + 1))
    assert data["total_points"] == sum(q["points"] for q in data["questions"])


def test_class_variants_are_equivalent_and_different(bundled):
    from collections import Counter

    from quizgen.bank.dump import content_hash
    from quizgen.variants.draw import class_variants

    bank = bundled.banks[0]
    options = Options(preset="controle-15")
    variants = class_variants(bank, options, 7, content_hash(bank), 30)
    assert len(variants) == 30 and len({v.code for v in variants}) == 30
    assert variants[0].code == make_variant(bank, options, 7, content_hash(bank)).code
    ids = [Counter(p.question.id for p in v.questions) for v in variants]
    assert all(counter == ids[0] for counter in ids), "everyone gets the same questions"
    skills = {tuple(sorted(Counter(p.question.skill for p in v.questions).items())) for v in variants}
    assert len(skills) == 1 and len({v.total_points for v in variants}) == 1
    orders = [[p.question.id for p in v.questions] for v in variants]
    assert all(a != b for a, b in zip(orders, orders[1:], strict=False))
    choice_orders = [[tuple(c.original for c in p.choices) for p in sorted(v.questions, key=lambda p: p.question.id)]
                     for v in variants]
    assert len({tuple(c) for c in choice_orders}) > 25, "choice orders vary too"
    again = class_variants(bank, options, 7, content_hash(bank), 30)
    assert [v.code for v in again] == [v.code for v in variants], "deterministic"
