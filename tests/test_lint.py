"""The item-writing lint (quizgen.bank.lint): one warning per planted cue, none on the clean twin,
and each threshold just under / just over its edge."""

from __future__ import annotations

import itertools
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizgen.bank.lint import (
    THRESHOLDS,
    binomial_two_sided,
    content_words,
    cue_figures,
    gloss_of,
    is_none_or_all_of_the_above,
    lint_rules,
    poisson_binomial_tail,
    qualifier_of,
    unemphasised_negation,
)
from quizgen.bank.workspace import Bank, load_workspace
from quizgen.cli import cli
from quizgen.core.problems import InvalidContent

LINT = Path(__file__).parent / "data" / "lint"


def _bank(path: Path) -> Bank:
    return load_workspace([path]).banks[0]


def _planted(path: Path) -> list[tuple[str, int]]:
    """(rule, line) for every `# cue: RULE …` comment of the file."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        marker = re.search(r"^\s*[^#\s].*# cue: (.+)$", line)  # on a line of YAML, not in the header
        if marker:
            found += [(rule, number) for rule in marker.group(1).split()]
    return sorted(found)


def test_each_planted_cue_gives_exactly_one_warning_at_its_line():
    path = LINT / "cues.yaml"
    expected = _planted(path)
    assert len(expected) == 11  # every rule of the lint is planted once
    found = sorted((rule, problem.line) for rule, problem in lint_rules(_bank(path)))
    assert found == expected
    assert all(problem.path.endswith("lint/cues.yaml") for _, problem in lint_rules(_bank(path)))


def test_the_clean_twin_gives_no_warning():
    assert lint_rules(_bank(LINT / "clean.yaml")) == []


def test_bundled_bank_lints_without_crashing_and_reports_its_figures(bundled):
    bank = bundled.banks[0]
    figures = cue_figures(bank)
    assert figures["keyed_longest"]["questions"] > 30
    assert 0 <= figures["keyed_longest"]["chance_rate"] <= 0.5
    json.dumps(figures)  # plain data


# ------------------------------------------------------------------ synthetic banks for the edges

@pytest.fixture()
def make_bank(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Write a bank of the given questions next to the lint test article, load it, return the Bank."""
    shutil.copytree(LINT / "articles", tmp_path / "ws" / "articles")
    shutil.copy(LINT / "glossary.yaml", tmp_path / "ws" / "glossary.yaml")
    monkeypatch.chdir(tmp_path)

    def make(questions: list[dict[str, Any]], language: str = "fr") -> Bank:
        bank = {"kind": "bank", "id": "edge", "title": "Bords", "language": language,
                "article": "articles/ecole.yaml", "questions": questions}
        (tmp_path / "ws" / "bank.yaml").write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False),
                                                   encoding="utf-8")
        return _bank(tmp_path / "ws")

    return make


def single(qid: str, key: str, *wrong: str, prompt: str = "Quel procédé au §3 ?", **extra: Any) -> dict[str, Any]:
    choices = [{"text": key, "correct": True}] + [{"text": text, "why_wrong": "Non."} for text in wrong]
    return {"id": qid, "type": "single-choice", "skill": "identify-technique", "difficulty": 1,
            "prompt": prompt, "choices": choices, "explanation": "Voir le texte.", **extra}


def multi(qid: str, correct: list[str], wrong: list[str]) -> dict[str, Any]:
    choices = [{"text": t, "correct": True} for t in correct] + [{"text": t, "why_wrong": "Non."} for t in wrong]
    return {"id": qid, "type": "multiple-select", "skill": "identify-technique", "difficulty": 1,
            "prompt": "Cochez tout ce qui s’applique au §3.", "choices": choices, "explanation": "Voir."}


def true_false(qid: str, answer: bool) -> dict[str, Any]:
    return {"id": qid, "type": "true-false", "skill": "evaluate-source", "difficulty": 1,
            "prompt": f"Vrai ou faux ? Affirmation {qid}.", "answer": answer, "explanation": "Voir."}


def rules(bank: Bank) -> list[str]:
    return sorted(rule for rule, _ in lint_rules(bank))


_NONSENSE = itertools.cycle(["Zorba", "Plume", "Tchik", "Wynde", "Fjaxq", "Murvo"])


def _text(length: int) -> str:
    """A choice of exactly `length` characters, unlike any other, with no gloss and no word of the prompts."""
    text = (f"{next(_NONSENSE)} " * 40)[:length]
    return text if text[-1] != " " else text[:-1] + "z"


@pytest.mark.parametrize(("key", "longest", "warned"), [
    (65, 50, True),   # 1.3x and 15 more: both edges reached
    (64, 50, False),  # 1.28x: under the ratio
    (35, 20, True),   # 1.75x and 15 more
    (34, 20, False),  # 14 more: under the extra characters
])
def test_length_cue_edges(make_bank, key, longest, warned):
    bank = make_bank([single("q", _text(key), _text(longest), _text(10))])
    assert ("length" in rules(bank)) is warned


def test_keyed_longest_rate_edge(make_bank):
    """Three choices each (chance 1/3): 4 of 4 keyed-longest has p = 1/81, 3 of 4 has p = 9/81."""
    longer = [single(f"q{i}", _text(24), _text(22), _text(20)) for i in range(4)]
    assert "keyed-longest-rate" in rules(make_bank(longer))
    three = longer[:3] + [single("q3", _text(20), _text(22), _text(24))]
    assert "keyed-longest-rate" not in rules(make_bank(three))
    assert poisson_binomial_tail([1 / 3] * 4, 4) == pytest.approx(1 / 81)
    assert poisson_binomial_tail([1 / 3] * 4, 3) == pytest.approx(9 / 81)


def test_a_key_as_long_as_a_distractor_is_not_the_longest(make_bank):
    bank = make_bank([single("q", _text(30), _text(30), _text(20))])
    assert cue_figures(bank)["keyed_longest"]["count"] == 0


def test_pinned_choices_are_left_out_of_the_length_comparison(make_bank):
    question = single("q", _text(30), _text(28), _text(26))
    question["choices"].append({"text": "Aucune de ces réponses, car rien de ceci ne convient vraiment", "pinned": True,
                                "why_wrong": "Non."})
    bank = make_bank([question])
    assert cue_figures(bank)["keyed_longest"]["count"] == 1


def test_true_false_balance_edges(make_bank):
    """A fair coin gives 15 of 20 or more uneven with p = 0.041, 14 of 20 with p = 0.115."""
    assert binomial_two_sided(15, 20) == pytest.approx(0.0414, abs=1e-4)
    assert binomial_two_sided(14, 20) == pytest.approx(0.1153, abs=1e-4)
    fifteen = [true_false(f"t{i}", i < 15) for i in range(20)]
    assert rules(make_bank(fifteen)) == ["true-false-balance"]
    fourteen = [true_false(f"t{i}", i < 14) for i in range(20)]
    assert rules(make_bank(fourteen)) == []
    mostly_false = [true_false(f"t{i}", i < 5) for i in range(20)]
    bank = make_bank(mostly_false)
    assert rules(bank) == ["true-false-balance"]
    assert "« faux »" in lint_rules(bank)[0][1].message


def test_none_of_the_above_edges(make_bank):
    def nota(qid: str, keyed: bool) -> dict[str, Any]:
        question = single(qid, _text(20), _text(20), _text(20))
        if keyed:
            question["choices"][0]["correct"] = False
            question["choices"][0]["why_wrong"] = "Non."
        question["choices"].append({"text": "Aucune de ces réponses", "pinned": True, "correct": keyed,
                                    **({} if keyed else {"why_wrong": "Non."})})
        return question

    assert "none-of-the-above" in rules(make_bank([nota("a", True), nota("b", True)]))  # 2 keyed, chance 0.5
    assert "none-of-the-above" not in rules(make_bank([nota("a", True), nota("b", False)]))  # once is rare
    # 8 questions offer it, 4 choices each: chance 2.0; keyed 2 is chance, keyed 3 is more.
    assert "none-of-the-above" not in rules(make_bank([nota(f"q{i}", i < 2) for i in range(8)]))
    assert "none-of-the-above" in rules(make_bank([nota(f"q{i}", i < 3) for i in range(8)]))


@pytest.mark.parametrize(("text", "expected"), [
    ("Aucune de ces réponses", True), ("Toutes ces réponses", True), ("aucune des réponses ci-dessus", True),
    ("Toutes les réponses précédentes", True), ("None of the above", True), ("All of the above.", True),
    ("Le faux dilemme : deux issues seulement, toutes deux favorables", False),
    ("Une citation vieille de six mois n’a aucune valeur", False),
])
def test_none_or_all_of_the_above_wording(text, expected):
    assert is_none_or_all_of_the_above(text) is expected


def test_one_answer_for_most_rows_edges(make_bank):
    def classify(qid: str, categories: list[str]) -> dict[str, Any]:
        excerpts = ["Cette réforme scandaleuse", "Soit on accepte la hausse", "tous les parents sont contre",
                    "Le conseil municipal a voté", "le prix n’avait pas changé", "une hausse de 5 %"]
        items = [{"excerpt": excerpt, "category": category, "explanation": "Voir."}
                 for excerpt, category in zip(excerpts, categories, strict=False)]
        return {"id": qid, "type": "claim-classification", "skill": "fact-or-opinion", "difficulty": 1,
                "points": len(items), "prompt": "Fait ou opinion ?", "explanation": "Voir.",
                "categories": [{"id": "fact", "label": "Fait"}, {"id": "opinion", "label": "Opinion"}],
                "items": items}

    assert rules(make_bank([classify("a", ["opinion"] * 3 + ["fact"])])) == ["one-answer"]  # 75 %
    assert rules(make_bank([classify("a", ["opinion"] * 3)])) == ["one-answer"]  # 3 of 3
    assert rules(make_bank([classify("a", ["opinion"] * 4 + ["fact"] * 2)])) == []  # 4 of 6 = 2/3, not more
    assert rules(make_bank([classify("a", ["opinion"] * 2)])) == []  # 2 rows: too few to be a pattern


def test_one_answer_in_a_matching_question(make_bank):
    pairs = [{"excerpt": excerpt, "technique": "Loaded_Language"}
             for excerpt in ("Cette réforme scandaleuse", "va ruiner les familles", "tous les parents sont contre")]
    pairs.append({"excerpt": "Soit on accepte la hausse", "technique": "False_Dilemma-No_Choice"})
    question = {"id": "m", "type": "matching", "skill": "identify-technique", "difficulty": 1, "points": 4,
                "prompt": "Associez.", "pairs": pairs, "explanation": "Voir."}
    assert rules(make_bank([question])) == ["one-answer"]


def test_multiple_select_length_edges(make_bank):
    """Typical ratio (geometric mean of per-question ratios) 1.2 warns, 1.19 does not."""
    assert "multiple-select-length" in rules(make_bank([multi("m", [_text(60)], [_text(50), _text(50)])]))
    assert "multiple-select-length" not in rules(make_bank([multi("m", [_text(59)], [_text(50), _text(50)])]))
    two = [multi("a", [_text(90)], [_text(50)]), multi("b", [_text(40)], [_text(50)])]  # 1.8 and 0.8: 1.2
    assert cue_figures(make_bank(two))["multiple_select_length"]["ratio"] == pytest.approx(1.2)


def test_near_duplicate_edges(make_bank):
    import difflib

    from quizgen.bank.lint import _normalised

    def ratio(a: str, b: str) -> float:
        return difflib.SequenceMatcher(None, _normalised(a), _normalised(b), autojunk=False).ratio()

    def found(*choices: str) -> list[str]:
        return rules(make_bank([single("q", "Un vote", *choices)]))

    # Same words but grammar words, case, accents, plurals and punctuation: the same choice.
    assert found("D’une estimation faite par les parents", "D’une estimation faite par des parents") == \
        ["near-duplicate"]
    assert found("Le faux dilemme", "le faux dilemme !") == ["near-duplicate"]
    same_words = ("Un appel à la peur du lecteur", "Un appel à la peur des lecteurs")
    assert ratio(*same_words) < THRESHOLDS.near_duplicate_ratio  # found by its words, not by the ratio
    assert found(*same_words) == ["near-duplicate"]
    # A typo: over the ratio (0.971); a parallel distractor with a word of its own: under it (0.943).
    typo = ("Le langage chargé", "Le langage charger")
    parallel = ("L’étiquetage des opposants", "L’étiquetage des proposants")
    assert ratio(*typo) >= THRESHOLDS.near_duplicate_ratio > ratio(*parallel)
    assert found(*typo) == ["near-duplicate"]
    assert found(*parallel) == []
    # Parallel distractors that differ by one meaningful word (ratio 0.90) are good items, not duplicates.
    assert found("D’une estimation faite par les parents", "D’une estimation faite par les élus") == []
    # Different numbers: a deliberate numeric distractor, however similar the rest (ratio 0.98).
    assert found("Le retrait date du 2 août 2019", "Le retrait date du 2 août 2018") == []


def test_stem_words_edges(make_bank):
    prompt = "Le §6 cite le maire. Que fait cette citation ?"
    assert rules(make_bank([single("q", "Elle oppose le maire", "Elle attaque tout", "Elle loue",
                                   prompt=prompt)])) == ["stem-words"]
    # A distractor shares the word: no cue.
    assert rules(make_bank([single("q", "Elle oppose le maire", "Elle loue le maire", "Elle attaque",
                                   prompt=prompt)])) == []
    # Function and exam words (« procédé », « article ») never count.
    assert rules(make_bank([single("q", "Le procédé de l’article", "Zorba plume tchik", "Wynde fjaxq murvo",
                                   prompt="Quel procédé l’article emploie-t-il ?")])) == []


def test_content_words_fold_case_accents_elision_and_plural():
    assert content_words("L’Étiquetage des colonies") == {"etiquetage", "colonie"}
    assert content_words("que les États-Unis") == {"etats-uni"}


@pytest.mark.parametrize(("stem", "word"), [
    ("Quel élément n’est pas une preuve ?", "pas"),
    ("Quel élément n’est PAS une preuve ?", None),
    ("Tous ces procédés sont présents, sauf un. Lequel ?", "sauf"),
    ("Tous ces procédés sont présents, SAUF un. Lequel ?", None),
    ("Which of these is not a technique?", "not"),
    ("Which of these is NOT a technique?", None),
    ("All of these are techniques EXCEPT one.", None),
    ("Which one isn't a technique?", "n't"),
    ("Que veut dire « Nous ne croyons pas » au §45 ?", None),  # the article's words, quoted
    ("Le texte ne cite jamais ses sources. Pourquoi ?", "jamais"),
    ("Que montre la vérification ?", None),
])
def test_negative_stem_detection(stem, word):
    assert unemphasised_negation(stem) == word


@pytest.mark.parametrize(("text", "gloss"), [
    ("Le slogan : une formule courte", "a colon"),
    ("L’étiquetage (qualifier la cible)", "a parenthesis"),
    ("Le flou — une source indéterminée", "a dash"),
    ("Le hareng rouge, c’est-à-dire une diversion", "an explanation"),
    ("Red herring, i.e. a diversion", "an explanation"),
    ("L’adresse (URL) où il a été publié", None),  # an acronym is a name, not a gloss
    ("Le passage du §12 (§12)", None),
    ("Rien :", None),
    ("Le faux dilemme", None),
])
def test_gloss_detection(text, gloss):
    assert gloss_of(text) == gloss


def test_gloss_on_a_distractor_too_is_no_cue(make_bank):
    assert rules(make_bank([single("q", "Le slogan : une formule", "Le flou : une source vague", "Zorba")])) == []


def test_translations_are_linted_and_said_so(make_bank):
    question = single("q", "Le langage chargé", "L’appel à l’autorité", "Le faux dilemme")
    question["prompt"] = {"fr": "Quel procédé au §3 ?", "en": "Which technique is NOT in §3?"}
    question["choices"][0]["text"] = {"fr": "Le langage chargé",
                                      "en": "Loaded language, which judges the reform with words chosen to move"}
    found = lint_rules(make_bank([question]))
    assert [rule for rule, _ in found] == ["length"]
    assert found[0][1].message.startswith("(en) ")


# ---------------------------------------------------------------------------------- command line

def test_check_prints_warnings_and_exits_0_then_1_with_strict():
    runner = CliRunner()
    result = runner.invoke(cli, ["check", str(LINT / "cues.yaml")])
    assert result.exit_code == 0, result.output
    assert result.stderr.count(": warning: ") == 11
    assert "[length]" in result.stderr and "[qualifier]" in result.stderr
    assert "lint-cues: 16 questions" in result.stdout
    strict = runner.invoke(cli, ["check", "--strict", str(LINT / "cues.yaml")])
    assert strict.exit_code == 1
    assert "--strict makes them errors" in strict.stderr
    assert "Traceback" not in strict.output
    clean = runner.invoke(cli, ["check", "--strict", str(LINT / "clean.yaml")])
    assert clean.exit_code == 0, clean.output
    assert "warning" not in clean.output


def test_stats_shows_the_cue_figures_in_text_and_json():
    runner = CliRunner()
    text = runner.invoke(cli, ["stats", str(LINT / "cues.yaml")])
    assert text.exit_code == 0, text.output
    assert "keyed choice is the longest          6/6 single-choice (100%; chance 26%)" in text.output
    assert "true/false answered true             6/6" in text.output
    data = json.loads(runner.invoke(cli, ["stats", "--json", str(LINT / "cues.yaml")]).output)
    cues = data["cues"]
    assert cues["keyed_longest"]["count"] == 6 and cues["keyed_longest"]["questions"] == 6
    assert cues["gloss_only_on_key"] == 1
    assert cues["none_or_all_of_the_above"] == {"offered": 2, "keyed": 2, "chance_count": 0.5}
    assert cues["true_false"]["true"] == 6 and cues["true_false"]["p_value"] == pytest.approx(0.031, abs=1e-3)
    assert cues["multiple_select_length"]["ratio"] > THRESHOLDS.multi_length_ratio


def test_bundled_bank_passes_the_lint_strictly():
    result = CliRunner().invoke(cli, ["check", "--strict", str(Path(__file__).parent.parent / "questions")])
    assert result.exit_code == 0, result.output


def test_a_pinned_key_or_pinned_wrong_choices_do_not_break_the_figures(make_bank):
    question = multi("m", ["Toutes ces réponses"], [_text(20)])
    question["choices"][0]["pinned"] = True
    question["choices"].insert(0, {"text": _text(30), "correct": True})
    only_pinned_wrong = multi("n", [_text(20), _text(25)], ["Aucune de ces réponses"])
    only_pinned_wrong["choices"][-1]["pinned"] = True
    bank = make_bank([question, only_pinned_wrong])
    assert cue_figures(bank)["multiple_select_length"]["questions"] == 1
    lint_rules(bank)


_CHOICE_TEXT = st.text(alphabet=st.sampled_from(list("aé E:()—-«»“”\"'’.…0123456789 NOTPASsauf")), min_size=1,
                       max_size=40).filter(lambda text: text.strip())


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(choices=st.lists(st.tuples(_CHOICE_TEXT, st.booleans(), st.booleans()), min_size=2, max_size=6),
       prompt=_CHOICE_TEXT, kind=st.sampled_from(["single-choice", "multiple-select"]))
def test_any_valid_choice_question_lints_without_crashing(tmp_path_factory, choices, prompt, kind):
    """Whatever the texts and flags, a bank that passes check can be linted (and its figures are plain data)."""
    folder = tmp_path_factory.mktemp("ws")
    shutil.copytree(LINT / "articles", folder / "articles")
    shutil.copy(LINT / "glossary.yaml", folder / "glossary.yaml")
    question = {"id": "q", "type": kind, "skill": "identify-technique", "difficulty": 1, "prompt": prompt,
                "explanation": "Voir.",
                "choices": [{"text": text, "correct": correct, "pinned": pinned,
                             **({} if correct else {"why_wrong": "Non."})} for text, correct, pinned in choices]}
    bank = {"kind": "bank", "id": "prop", "title": "P", "language": "fr", "article": "articles/ecole.yaml",
            "questions": [question]}
    (folder / "bank.yaml").write_text(yaml.safe_dump(bank, allow_unicode=True), encoding="utf-8")
    try:
        workspace = load_workspace([folder])
    except InvalidContent:
        return  # not a valid bank (duplicate choices, no key, a misquotation…): check reports it
    for rule, problem in lint_rules(workspace.banks[0]):
        assert problem.line >= 1 and rule
    json.dumps(cue_figures(workspace.banks[0]))


@pytest.mark.parametrize(("text", "hedge"), [
    ("Elle exprime souvent l’avis d’une minorité", "souvent"),
    ("Généralement, l’article cite ses sources", "generalement"),  # folded: accents and case
    ("Elle n’est pas toujours exacte", "pas toujours"),  # a phrase: its words in a row
    ("Ce n’est pas un toujours-là", None),  # the words of a phrase, not in a row
    ("The claim is partly true", "partly"),
    ("Le mot « probablement » marque une opinion", None),  # mentioned in quotation marks, not used
    ("Le souvenir du sommet", None),  # whole words only: « souvent » is not in « souvenir »
    ("Elle est fausse", None),
])
def test_qualifier_detection(text, hedge):
    assert qualifier_of(text) == hedge
