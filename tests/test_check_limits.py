"""Issue 12, rows 5, 6, 16, 18 and "Tests that can fail": banks with the shape that breaks a check.

27 options (one more than A–Z can letter), excerpts that differ only in letter case or are not in
the article at all (in a question and in the claim ledger), a pinned choice that is not last, a
word longer than a printed line, a negative seed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.bank.workspace import load_workspace
from quizgen.cli import cli
from quizgen.core.problems import InvalidContent, UsageProblem
from quizgen.render.templates import TemplateSet
from quizgen.sheets.build import BuildRequest, build_html
from quizgen.sheets.html import render_html
from quizgen.variants.draw import Options, draw_variant

LIMIT = "a sheet can letter at most 26 (A–Z); remove some, or split the question."


def add_questions(workspace: Path, yaml_text: str) -> None:
    bank = workspace / "bank.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").rstrip("\n") + "\n" + yaml_text, encoding="utf-8")


def line_of(workspace: Path, text: str) -> int:
    return (workspace / "bank.yaml").read_text(encoding="utf-8").splitlines().index(text) + 1


def problems(workspace: Path) -> list[str]:
    with pytest.raises(InvalidContent) as raised:
        load_workspace([workspace])
    return [str(problem) for problem in raised.value.problems]


def choice_question(count: int) -> str:
    choices = "".join(f"      - text: \"Choix {n}\"\n" + ("        correct: true\n" if n == 0 else
                                                            "        why_wrong: \"Non.\"\n")
                      for n in range(count))
    return (f"  - id: q-many-{count}\n    type: single-choice\n    skill: identify-technique\n    difficulty: 1\n"
            f"    prompt: \"Lequel ?\"\n    choices:\n{choices}    explanation: \"Le premier.\"\n")


def category_question(count: int) -> str:
    categories = "".join(f"      - {{id: c{n}, label: \"Catégorie {n}\"}}\n" for n in range(count))
    return (f"  - id: q-cats-{count}\n    type: claim-classification\n    skill: fact-or-opinion\n    difficulty: 1\n"
            f"    prompt: \"Classez.\"\n    categories:\n{categories}    items:\n"
            "      - excerpt: \"Le conseil municipal a voté le 12 mars 2024\"\n        category: c0\n"
            "        explanation: \"Daté.\"\n"
            "      - excerpt: \"Cette réforme scandaleuse\"\n        category: c1\n        explanation: \"Jugé.\"\n"
            "    explanation: \"Voilà.\"\n")


def matching_question(distractors: int) -> str:
    extra = ", ".join(f"T{n:02d}" for n in range(distractors))
    return ("  - id: q-match-many\n    type: matching\n    skill: identify-technique\n    difficulty: 2\n"
            "    prompt: \"Associez.\"\n    pairs:\n"
            "      - excerpt: \"Soit on accepte la hausse, soit la cantine ferme\"\n"
            "        technique: False_Dilemma-No_Choice\n"
            "      - excerpt: \"Cette réforme scandaleuse\"\n        technique: Loaded_Language\n"
            "      - excerpt: \"Selon un « expert » que personne n’a pu identifier\"\n"
            "        technique: Appeal_to_Authority\n"
            f"    distractors: [{extra}]\n    explanation: \"Chacun son procédé.\"\n")


def add_techniques(workspace: Path, count: int) -> None:
    glossary = workspace / "glossary.yaml"
    entries = "".join(f"  - id: T{n:02d}\n    category: justification\n    name: \"Technique {n}\"\n"
                      f"    definition: \"Définition {n}.\"\n    example: \"« Exemple {n}. »\"\n"
                      for n in range(count))
    glossary.write_text(glossary.read_text(encoding="utf-8").rstrip("\n") + "\n" + entries, encoding="utf-8")


# --- Row 5: more options than letters ------------------------------------------------------------------


@pytest.mark.parametrize("question, start", [
    (choice_question(27), "  - id: q-many-27"),
    (category_question(27), "  - id: q-cats-27"),
    (matching_question(24), "  - id: q-match-many"),  # 3 pair techniques + 24 distractors
])
def test_more_options_than_a_to_z_is_refused(mini_copy: Path, question: str, start: str) -> None:
    add_techniques(mini_copy, 24)
    add_questions(mini_copy, question)
    found = problems(mini_copy)
    line = line_of(mini_copy, start) + 1  # the line of type:
    assert found == [f"ws/bank.yaml:{line}: this question offers 27 options but {LIMIT}"]
    result = CliRunner().invoke(cli, ["build", "ws", "--seed", "1", "--out", "out"])
    assert result.exit_code == 1 and "Traceback" not in result.output and LIMIT in result.stderr


@pytest.mark.parametrize("question, qid", [(choice_question(26), "q-many-26"), (category_question(26), "q-cats-26"),
                                           (matching_question(23), "q-match-many")])
def test_26_options_are_lettered_a_to_z(mini_copy: Path, question: str, qid: str) -> None:
    add_techniques(mini_copy, 23)
    add_questions(mini_copy, question)
    workspace = load_workspace([mini_copy])
    variant = draw_variant(workspace, None, Options(), 3)
    html = render_html(variant, "worksheet", TemplateSet.with_override(None))
    printed = next(p for p in variant.questions if p.question.id == qid)
    letters = [c.letter for c in printed.choices] or [letter for letter, _ in printed.options]
    assert letters == list("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    assert html.count('class="question ') == len(variant.questions)


# --- Row 6 and "Tests that can fail": excerpts not in the article ------------------------------------------


def test_an_excerpt_differing_only_in_case_and_a_claim_not_in_the_article(mini_copy: Path) -> None:
    bank = mini_copy / "bank.yaml"
    text = bank.read_text(encoding="utf-8")
    text = text.replace('    excerpts: ["Cette réforme scandaleuse va ruiner les familles"]',
                        '    excerpts: ["cette réforme scandaleuse va ruiner les familles"]')
    text = text.replace('    excerpt: "tous les parents sont contre"', '    excerpt: "tous les élèves sont pour"')
    bank.write_text(text, encoding="utf-8")
    found = problems(mini_copy)
    case_line = line_of(mini_copy, '    excerpts: ["cette réforme scandaleuse va ruiner les familles"]')
    claim_line = line_of(mini_copy, '    excerpt: "tous les élèves sont pour"')
    assert found == [
        f"ws/bank.yaml:{claim_line}: the excerpt « tous les élèves sont pour » is not in the article. The closest "
        "passage is §5: « tous les parents sont contre. ». Copy the words exactly from the article.",
        f"ws/bank.yaml:{case_line}: the excerpt matches §3 only if letter case is ignored: the article writes "
        "« Cette réforme scandaleuse va ruiner les familles ». Copy it exactly, capitals included.",
    ]


def test_an_excerpt_too_long_to_be_a_quotation(mini_copy: Path) -> None:
    long_text = "Le conseil municipal a voté " * 200
    bank = mini_copy / "bank.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace(
        '    excerpts: ["Cette réforme scandaleuse va ruiner les familles"]',
        f"    excerpts: [{json.dumps(long_text, ensure_ascii=False)}]"), encoding="utf-8")
    assert problems(mini_copy) == [
        f"ws/bank.yaml:{line_of(mini_copy, '    excerpts: [' + json.dumps(long_text, ensure_ascii=False) + ']')}: "
        "the excerpt is 5599 characters long; an excerpt quotes a sentence or two of the article, at most 1000 "
        "characters. Keep the words that matter."]


# --- "Tests that can fail": a pinned choice that is not last ---------------------------------------------


def test_a_pinned_choice_stays_where_it_was_written(mini_copy: Path) -> None:
    bank = mini_copy / "bank.yaml"
    text = bank.read_text(encoding="utf-8")
    # q-choice: « Aucune de ces réponses » is pinned and last; pin the second choice instead.
    text = text.replace('      - text: "L’appel à l’autorité"\n', '      - text: "L’appel à l’autorité"\n'
                                                                    '        pinned: true\n')
    text = text.replace('      - text: "Aucune de ces réponses"\n        pinned: true\n',
                        '      - text: "Aucune de ces réponses"\n')
    bank.write_text(text, encoding="utf-8")
    workspace = load_workspace([mini_copy])
    orders = set()
    for seed in range(40):
        variant = draw_variant(workspace, None, Options(), seed)
        printed = next(p for p in variant.questions if p.question.id == "q-choice")
        order = [c.original for c in printed.choices]
        assert order[1] == 1, f"seed {seed}: the pinned choice moved ({order})"
        assert [c.letter for c in printed.choices] == ["A", "B", "C", "D"]
        orders.add(tuple(order))
    assert len(orders) == 6, "the three free choices take every order around it"


# --- Row 18: negative seeds ---------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["build", "ws", "--out", "out"], ["practice", "ws"],
                                     ["export", "ws", "--format", "gift"]])
def test_a_negative_seed_is_refused(mini_copy: Path, command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "--seed", "-5"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "Invalid value for '--seed': -5 is not in the range x>=0." in result.stderr
    assert not Path("out").exists()


def test_a_negative_seed_is_refused_by_the_library_too(mini: object, tmp_path: Path) -> None:
    with pytest.raises(UsageProblem, match="a seed is a whole number from 0"):
        draw_variant(mini, None, Options(), -5)  # type: ignore[arg-type]
    with pytest.raises(UsageProblem, match="a seed is a whole number from 0"):
        build_html(mini, BuildRequest(out=tmp_path, seed=-5))  # type: ignore[arg-type]


# --- Preset counts at their limit (mutation-testing survivors, docs/testing.md) ---------------------------


def set_preset_count(workspace: Path, preset: str, count: int) -> None:
    bank = workspace / "bank.yaml"
    text = bank.read_text(encoding="utf-8")
    head = f"  - id: {preset}\n"
    assert head in text
    bank.write_text(text.replace(head, f"{head}    count: {count}\n", 1), encoding="utf-8")


def test_a_preset_naming_exactly_count_questions_is_valid(mini_copy: Path) -> None:
    set_preset_count(mini_copy, "choix", 2)  # questions: [q-choice, q-multi]
    bank = load_workspace([mini_copy]).bank(None)
    assert next(p for p in bank.presets if p.id == "choix").count == 2


def test_a_preset_without_filters_asking_more_than_the_bank_holds(mini_copy: Path) -> None:
    bank = (mini_copy / "bank.yaml").read_text(encoding="utf-8")
    (mini_copy / "bank.yaml").write_text(bank.replace("    count: 3\n", "    count: 9\n", 1), encoding="utf-8")
    assert problems(mini_copy) == [
        f"ws/bank.yaml:{line_of(mini_copy, '    count: 9')}: preset 'court' asks for 9 questions (count: 9) but the "
        "bank has only 7; lower count:, or add questions."]


def test_an_unknown_claim_gets_the_nearest_known_claim_suggested(mini_copy: Path) -> None:
    bank = (mini_copy / "bank.yaml").read_text(encoding="utf-8")
    (mini_copy / "bank.yaml").write_text(bank.replace("    claims: [K1]\n", "    claims: [K11]\n", 1), encoding="utf-8")
    assert problems(mini_copy) == [
        f"ws/bank.yaml:{line_of(mini_copy, '    claims: [K11]')}: unknown claim 'K11'. Did you mean 'K1'? Claims are "
        "declared once in the bank's claims: ledger."]


def test_a_verify_claim_question_on_a_claim_without_sources_needs_its_own(mini_copy: Path) -> None:
    bank = (mini_copy / "bank.yaml").read_text(encoding="utf-8")
    (mini_copy / "bank.yaml").write_text(bank.replace("    claims: [K1]\n", "    claims: [K3]\n", 1), encoding="utf-8")
    line = line_of(mini_copy, "    claims: [K3]") - 1  # the problem points at skill:, the line above
    assert problems(mini_copy) == [
        f"ws/bank.yaml:{line}: a verify-claim question needs its sources: add sources: (title, publisher, date), "
        "or refer to a ledger claim that has them with claims: [ID]."]


def test_every_mistake_is_kept_around_a_question_skipped_for_an_invalid_claims_file(mini_copy: Path) -> None:
    """A duplicate preset id, an earlier question's mistake, then a question whose claim an invalid file may
    declare and whose excerpt is not in the article: all reported, none overwritten (mutation survivors)."""
    (mini_copy / "claims-extra.yaml").write_text(
        'kind: questions\nbank: cantine\nclaims:\n  - id: K7\n    excerpt: "tous les parents sont contre"\n'
        '    verdict: unverifiables\n    explanation: "Aucun sondage n’est cité."\n', encoding="utf-8")
    bank = (mini_copy / "bank.yaml").read_text(encoding="utf-8")
    bank = bank.replace("    techniques: [Loaded_Language]\n", "    techniques: [Loaded_Languag]\n", 1)
    bank = bank.replace("    claims: [K1]\n", '    claims: [K7]\n    excerpts: ["pas dans le texte du tout"]\n', 1)
    (mini_copy / "bank.yaml").write_text(bank.replace("  - id: choix\n", "  - id: court\n", 1), encoding="utf-8")
    assert problems(mini_copy) == [
        "ws/bank.yaml:34: preset id 'court' is used twice.",
        "ws/bank.yaml:41: unknown technique 'Loaded_Languag'. Did you mean 'Loaded_Language'? Technique ids are "
        "listed in ws/glossary.yaml (and by 'quizgen techniques').",
        "ws/bank.yaml:72: claim 'K7' is unknown because ws/claims-extra.yaml:6 is invalid, so the questions here "
        "that use it were not checked against the claims; fix that file first.",
        "ws/bank.yaml:76: the excerpt « pas dans le texte du tout » is not in the article. The closest passage is "
        "§4: « pas d’autre choix. ». Copy the words exactly from the article.",
        "ws/claims-extra.yaml:6: 'unverifiables' is not allowed for 'verdict'. Did you mean 'unverifiable'? Use one "
        "of: accurate, inaccurate, misleading, unverifiable, contested, outdated, opinion."]


def test_a_first_claim_not_in_the_article_is_reported_when_later_ones_are_fine(mini_copy: Path) -> None:
    bank = (mini_copy / "bank.yaml").read_text(encoding="utf-8")
    first = bank.split("  - id: K1\n    excerpt: ", 1)[1].split("\n", 1)[0]
    (mini_copy / "bank.yaml").write_text(bank.replace(first, '"pas dans le texte du tout"', 1), encoding="utf-8")
    found = problems(mini_copy)
    assert len(found) == 1 and "the excerpt « pas dans le texte du tout » is not in the article." in found[0]


def test_a_presets_techniques_behind_an_invalid_glossary_file(mini_copy: Path) -> None:
    """The technique an invalid file may declare is said once; a misspelt known one is still reported."""
    extra = (Path(__file__).parent / "data" / "invalid" / "144-technique-only-in-also-accept-or-distractors"
             / "glossary-extra.yaml").read_text(encoding="utf-8")
    (mini_copy / "glossary-extra.yaml").write_text(extra.split("\n", 1)[1], encoding="utf-8")  # without its header
    bank = (mini_copy / "bank.yaml").read_text(encoding="utf-8")
    (mini_copy / "bank.yaml").write_text(bank.replace(
        "    minutes: 10\n    count: 3\n", "    minutes: 10\n    techniques: [Whataboutism, Loaded_Languag]\n", 1),
        encoding="utf-8")
    assert problems(mini_copy) == [
        "ws/bank.yaml:30: technique 'Whataboutism' is unknown because ws/glossary-extra.yaml:4 is invalid, so the "
        "presets that use it were not checked; fix that file first.",
        "ws/bank.yaml:33: unknown technique 'Loaded_Languag'. Did you mean 'Loaded_Language'? Technique ids are "
        "listed in ws/glossary.yaml (and by 'quizgen techniques').",
        "ws/glossary-extra.yaml:4: 'distractions' is not allowed for 'category'. Did you mean 'distraction'? Use one "
        "of: attack-on-reputation, justification, simplification, distraction, call, manipulative-wording."]


def test_an_invalid_questions_file_silences_only_its_own_banks_question_counts(mini_copy: Path) -> None:
    """Three banks: 'autre' has its questions in a file that does not validate, so its "no questions" and its
    preset's count are unknown and not reported (one mistake, one message); 'vide' has no questions and
    'cantine' a preset asking too much — both still reported, the other bank's invalid file hides nothing
    (mutation survivors check_bank 10, _check_presets 5 and 7: the bank id dropped from may_hold_questions)."""
    bank = (mini_copy / "bank.yaml").read_text(encoding="utf-8")
    (mini_copy / "bank.yaml").write_text(bank.replace("    count: 3\n", "    count: 9\n", 1), encoding="utf-8")
    head = 'title: "Autre"\nlanguage: fr\narticle: articles/ecole.yaml\n'
    (mini_copy / "autre.yaml").write_text(
        f'kind: bank\nid: autre\n{head}presets:\n  - id: court\n    title: "Court"\n    count: 2\n', encoding="utf-8")
    (mini_copy / "vide.yaml").write_text(f"kind: bank\nid: vide\n{head}", encoding="utf-8")
    (mini_copy / "autre-questions.yaml").write_text(
        'kind: questions\nbank: autre\nquestions:\n  - id: a-1\n    type: single-choice\n'
        '    skill: identify-technique\n    explanation: "Oui."\n    difficulty: facile\n    prompt: "Quoi ?"\n'
        '    choices:\n      - text: "Oui"\n        correct: true\n      - text: "Non"\n        why_wrong: "Non."\n',
        encoding="utf-8")
    assert problems(mini_copy) == [
        "ws/autre-questions.yaml:8: 'difficulty' must be a whole number, not 'facile'.",
        f"ws/bank.yaml:{line_of(mini_copy, '    count: 9')}: preset 'court' asks for 9 questions (count: 9) but the "
        "bank has only 7; lower count:, or add questions.",
        "ws/vide.yaml:2: bank 'vide' has no questions; add a questions: list to this file, or a file with "
        "kind: questions and bank: vide."]


def test_a_preset_with_a_questions_list_and_one_filter_is_refused(mini_copy: Path) -> None:
    bank = (mini_copy / "bank.yaml").read_text(encoding="utf-8")
    for extra in ("    skills: [identify-technique]\n", "    types: [single-choice]\n"):
        listed = "    questions: [q-choice, q-multi]\n"
        (mini_copy / "bank.yaml").write_text(bank.replace(listed, listed + extra, 1), encoding="utf-8")
        assert problems(mini_copy) == [
            f"ws/bank.yaml:{line_of(mini_copy, '  - id: choix')}: a preset gives either an explicit questions: list "
            "or filters, not both."]


def test_a_copied_preset_keeps_its_duplicate_id_and_its_count_problem(mini_copy: Path) -> None:
    """Its id: on its second line (YAML keys come in any order): the message points at that line, and the
    count problem that follows does not replace it (mutation survivors _check_presets 19-24, 112)."""
    bank = (mini_copy / "bank.yaml").read_text(encoding="utf-8")
    (mini_copy / "bank.yaml").write_text(bank.replace(
        '  - id: choix\n    title: "Questions à choix"\n',
        '  - title: "Questions à choix"\n    id: court\n    count: 5\n', 1), encoding="utf-8")
    assert problems(mini_copy) == [
        f"ws/bank.yaml:{line_of(mini_copy, '    id: court')}: preset id 'court' is used twice.",
        f"ws/bank.yaml:{line_of(mini_copy, '    count: 5')}: preset 'court' asks for 5 questions (count: 5) but its "
        "questions: list names 2; lower count:, or name more questions."]


def test_a_preset_naming_questions_of_invalid_files_of_its_own_bank_and_of_another(mini_copy: Path) -> None:
    """'q-new' is in an invalid file of this bank: not checked, said once; 'q-other' is in an invalid file of
    another bank: still unknown here (mutation survivors _check_presets 64-69, may_declare's arguments)."""
    def questions_file(bank: str, qid: str) -> str:
        return (f'kind: questions\nbank: {bank}\nquestions:\n  - id: {qid}\n    type: single-choice\n'
                '    skill: identify-technique\n    explanation: "Oui."\n    difficulty: facile\n'
                '    prompt: "Quoi ?"\n    choices:\n      - text: "Oui"\n        correct: true\n'
                '      - text: "Non"\n        why_wrong: "Non."\n')

    bank = (mini_copy / "bank.yaml").read_text(encoding="utf-8")
    (mini_copy / "bank.yaml").write_text(bank.replace(
        "    questions: [q-choice, q-multi]\n", "    questions: [q-choice, q-new, q-other]\n", 1), encoding="utf-8")
    (mini_copy / "cantine-more.yaml").write_text(questions_file("cantine", "q-new"), encoding="utf-8")
    (mini_copy / "autre-questions.yaml").write_text(questions_file("autre", "q-other"), encoding="utf-8")
    (mini_copy / "autre.yaml").write_text(
        'kind: bank\nid: autre\ntitle: "Autre"\nlanguage: fr\narticle: articles/ecole.yaml\n', encoding="utf-8")
    line = line_of(mini_copy, "  - id: choix")
    assert problems(mini_copy) == [
        "ws/autre-questions.yaml:8: 'difficulty' must be a whole number, not 'facile'.",
        f"ws/bank.yaml:{line}: question 'q-new' is unknown because ws/cantine-more.yaml:8 is invalid, so the "
        "presets that name it were not checked; fix that file first.",
        f"ws/bank.yaml:{line + 2}: preset 'choix' names unknown question 'q-other'.",
        "ws/cantine-more.yaml:8: 'difficulty' must be a whole number, not 'facile'."]


def test_a_preset_naming_an_unknown_technique_or_question_gets_no_count_message_too(mini_copy: Path) -> None:
    """One mistake, one message: a misspelt technique filter matches nothing and a misspelt question id names
    nothing, so 'asks for 3 but only 0 match' would only repeat it (found writing the tests for _check_presets
    112)."""
    bank = (mini_copy / "bank.yaml").read_text(encoding="utf-8")
    bank = bank.replace("    count: 3\n", "    count: 3\n    techniques: [Loaded_Languag]\n", 1)
    (mini_copy / "bank.yaml").write_text(bank.replace(
        "    questions: [q-choice, q-multi]\n", "    questions: [q-choice, q-multy]\n    count: 2\n", 1),
        encoding="utf-8")
    assert problems(mini_copy) == [
        f"ws/bank.yaml:{line_of(mini_copy, '    techniques: [Loaded_Languag]')}: unknown technique 'Loaded_Languag'. "
        "Did you mean 'Loaded_Language'? Technique ids are listed in ws/glossary.yaml (and by 'quizgen techniques').",
        f"ws/bank.yaml:{line_of(mini_copy, '    questions: [q-choice, q-multy]')}: preset 'choix' names unknown "
        "question 'q-multy'. "
        "Did you mean 'q-multi'?"]
