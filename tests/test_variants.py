import pytest

from quizgen.bank.dump import content_hash
from quizgen.bank.workspace import load_workspace
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
                assert p.correct == tuple(c.letter for c in p.choices if c.choice.correct)
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


# --- Class sets and manifests in the quick loop (mutation-testing survivors, docs/testing.md) -----------


def test_a_class_set_of_the_mini_bank_differs_sheet_to_sheet(mini):
    from quizgen.variants.draw import _derived_seed, _order, class_variants, distinct_sheets

    bank = mini.bank(None)
    variants = class_variants(bank, Options(), 7, "h", 10)
    assert distinct_sheets(variants) == 10, "every sheet has its own question, choice and row order"
    neighbours = zip(variants, variants[1:], strict=False)
    assert all(_order(a) != _order(b) for a, b in neighbours), "neighbours differ in order"
    assert variants[0].set_seed is None and variants[0].code == variant_code("h", Options(), 7)
    assert [v.seed for v in variants[1:3]] == [_derived_seed(7, 2), _derived_seed(7, 3)]
    assert all(v.set_seed == 7 and v.bank_hash == "h" and v.code == variant_code("h", Options(), v.seed, 7)
               for v in variants[1:])
    assert _derived_seed(7, 2) == 739_330_116, "a class set's seeds are the same from one version to the next"


def test_a_class_set_of_two_questions_without_choices_alternates(mini):
    from quizgen.variants.draw import _order, class_variants, distinct_sheets

    options = Options(types=("true-false", "short-answer"))
    variants = class_variants(mini.bank(None), options, 3, "h", 12)
    assert distinct_sheets(variants) == 2
    neighbours = zip(variants, variants[1:], strict=False)
    assert all(_order(a) != _order(b) for a, b in neighbours), "repeats, never side by side"


def test_the_manifest_keys_grading_reads(mini):
    v = variant(mini, seed=5)
    data = manifest(v, {"sheet": "sheet.pdf"})
    assert list(data) == ["format", "version", "variant_code", "seed", "bank", "bank_hash", "options", "total_points",
                          "files", "questions", "overlaps"]
    assert (data["format"], data["version"], data["bank"], data["bank_hash"]) == ("quizgen-manifest", 1, "cantine",
                                                                                 v.bank_hash)
    assert data["options"] == Options().as_dict() and data["files"] == {"sheet": "sheet.pdf"}
    by_id = {q["id"]: q for q in data["questions"]}
    printed = {p.question.id: p for p in v.questions}
    assert by_id["q-choice"]["choice_order"] == [c.original for c in printed["q-choice"].choices]
    assert by_id["q-match"]["row_order"] == [r.original for r in printed["q-match"].rows]
    assert "choice_order" not in by_id["q-tf"] and "row_order" not in by_id["q-tf"]


def test_a_class_set_uses_every_arrangement_before_repeating_one(mini):
    from quizgen.variants.draw import class_variants, distinct_sheets

    options = Options(types=("true-false", "single-choice"))  # 2 question orders x 6 choice orders (one pinned)
    assert distinct_sheets(class_variants(mini.bank(None), options, 3, "h", 12)) == 12


@pytest.mark.parametrize("filters, expected", [
    ("    techniques: [Loaded_Language]\n", {"q-choice", "q-match"}),
    ("    skills: [evaluate-source]\n", {"q-multi", "q-short"}),
    ("    types: [true-false, short-answer]\n", {"q-tf", "q-short"}),
    ("    difficulty: [2]\n", {"q-multi", "q-match", "q-classify"}),
])
def test_a_presets_filters_choose_its_questions(mini_copy, filters, expected):
    bank_file = mini_copy / "bank.yaml"
    text = bank_file.read_text(encoding="utf-8")
    bank_file.write_text(text.replace("    minutes: 10\n    count: 3\n", f"    minutes: 10\n{filters}", 1),
                         encoding="utf-8")
    sheet = variant(load_workspace([mini_copy]), preset="court")
    assert {p.question.id for p in sheet.questions} == expected and sheet.preset.id == "court"


def test_technique_options_choose_the_questions_and_a_misspelt_one_gets_a_hint(mini):
    assert {p.question.id for p in variant(mini, techniques=("Appeal_to_Authority",)).questions} == {"q-multi",
                                                                                                   "q-match"}
    with pytest.raises(UsageProblem) as raised:
        variant(mini, techniques=("Loaded_Languag",))
    assert str(raised.value) == "unknown technique 'Loaded_Languag'. Did you mean 'Loaded_Language'?"


def test_a_count_of_every_matching_question_is_not_a_draw(mini):
    sheet = variant(mini, count=7)
    assert len(sheet.questions) == 7 and sheet.drawn_from is None
    assert variant(mini, count=6).drawn_from == 7


# --- Seeds, codes and messages (mutation-testing survivors, docs/testing.md) ----------------------------------


def test_a_fresh_seed_has_six_digits(monkeypatch):
    from quizgen.variants import draw

    monkeypatch.setattr(draw.secrets, "randbelow", lambda n: 0)
    assert draw.fresh_seed() == 100_000
    monkeypatch.setattr(draw.secrets, "randbelow", lambda n: n - 1)
    assert draw.fresh_seed() == 999_999


def test_a_code_is_the_same_from_one_version_to_the_next():
    """Codes are printed on sheets and recorded in manifests: the same bank, options and seeds keep theirs;
    a class set's sheet (its questions come from the set's seed) differs from a lone sheet of the same seed."""
    assert variant_code("h", Options(), 1) == "NHL-PEG"
    assert variant_code("h", Options(), 1, set_seed=7) == "LL6-7NU"
    assert variant_code("h", Options(techniques=("A", "B")), 1) == "FLZ-EZP"


def test_an_unknown_preset_lists_the_presets_there_are(mini):
    from dataclasses import replace

    with pytest.raises(UsageProblem) as raised:
        variant(mini, preset="cour")
    assert str(raised.value) == "no preset 'cour' in bank 'cantine'. Did you mean 'court'? Presets: court, choix."
    bank = replace(mini.banks[0], presets=())
    with pytest.raises(UsageProblem) as raised:
        make_variant(bank, Options(preset="court"), 1, "h")
    assert str(raised.value) == "no preset 'court' in bank 'cantine'. Presets: none."


def test_a_negative_seed_gets_the_seed_to_use_instead():
    from quizgen.variants.draw import check_seed

    with pytest.raises(UsageProblem) as raised:
        check_seed(-5)
    assert str(raised.value) == "--seed -5: a seed is a whole number from 0 up; use --seed 5."
