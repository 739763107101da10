"""Grounded quotations (quizgen.bank.quotes): words quoted in a prompt or a choice are the article's."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.bank.quotes import find_quotation, parts_of, quotations
from quizgen.bank.workspace import load_workspace
from quizgen.cli import cli
from quizgen.core.problems import InvalidContent

PARAGRAPHS = [
    "La cantine : une réforme qui divise",
    "Le conseil municipal a voté le 12 mars 2024 une hausse de 5 % du prix des repas.",
    "Cette réforme scandaleuse va ruiner les familles, affirme un collectif de parents.",
    "Soit on accepte la hausse, soit la cantine ferme : il n’y a pas d’autre choix.",
    "Selon un « expert » que personne n’a pu identifier, tous les parents sont contre.",
    "Le maire rappelle que le prix n’avait pas changé depuis 2015.",
]


@pytest.mark.parametrize(("text", "expected"), [
    ("Le §3 parle d’une « réforme scandaleuse ».", ["réforme scandaleuse"]),
    ("Le §3 parle d’une «\u00a0réforme scandaleuse\u00a0».", ["réforme scandaleuse"]),
    ("Le mot “scandaleuse” et le mot « ruiner ».", ["scandaleuse", "ruiner"]),
    ('Le mot "scandaleuse" juge.', ["scandaleuse"]),
    ("« Selon un « expert » que personne » : qui ?", ["Selon un « expert » que personne"]),
    ('Un écran de 12" et un autre de 15".', []),  # inches: straight quotes that do not pair up as quotes
    ('Il dit "oui et l\'autre "non.', []),  # unbalanced: left alone
    ("Une « citation jamais fermée", []),
    ('Écrans de 12" et 15" et le mot "scandaleuse".', []),  # one pair looks right, the others do not: unsafe
    ("« … »", ["…"]),
])
def test_quotations_are_found(text, expected):
    assert [q.text for q in quotations(text)] == expected


def test_ellipses_split_a_quotation():
    assert parts_of("Soit on accepte […] la cantine ferme") == ["Soit on accepte", "la cantine ferme"]
    assert parts_of("Soit on accepte (...) ferme … choix") == ["Soit on accepte", "ferme", "choix"]
    assert parts_of("Nous ne croyons pas…") == ["Nous ne croyons pas"]
    assert parts_of("…") == []


def test_exact_quotation_is_found():
    assert find_quotation("réforme scandaleuse", PARAGRAPHS).problem is None
    assert find_quotation("réforme  \n scandaleuse", PARAGRAPHS).paragraph == 3  # spaces folded as for excerpts


def test_quote_style_difference_is_named():
    found = find_quotation("il n'y a pas d'autre choix", PARAGRAPHS)
    assert found.problem is not None
    assert found.problem.startswith("the quotation « il n'y a pas d'autre choix » matches §4 only if quotes are")
    assert "the article has a typographic apostrophe ’ where the quotation has a straight apostrophe '" in found.problem
    assert "Copy it exactly: « il n’y a pas d’autre choix »" in found.problem


def test_case_difference_is_named():
    found = find_quotation("Tous les parents", PARAGRAPHS)
    assert found.problem == (
        "the quotation « Tous les parents » matches §5 only if case is ignored: the article writes « tous les "
        "parents ». Copy it exactly (a quotation keeps the article's capitals), or, if these are not the "
        "article's words (a title, a glossary example, a source), list them in this question's quotes_elsewhere:.")


def test_ellipsis_parts_in_order_in_one_paragraph():
    assert find_quotation("Soit on accepte la hausse, […] il n’y a pas d’autre choix", PARAGRAPHS).paragraph == 4
    assert find_quotation("Soit on accepte … la cantine ferme … autre choix", PARAGRAPHS).problem is None


def test_ellipsis_parts_do_not_overlap():
    """« la hausse […] la hausse »: §4 says « la hausse » once, so the second part is not there after the first."""
    assert find_quotation("accepte la hausse […] la hausse", PARAGRAPHS).problem is not None


def test_ellipsis_parts_out_of_order_or_across_paragraphs():
    reversed_order = find_quotation("il n’y a pas d’autre choix […] Soit on accepte", PARAGRAPHS)
    assert reversed_order.problem is not None and "not in this order within one paragraph" in reversed_order.problem
    across = find_quotation("une hausse de 5 % […] ruiner les familles", PARAGRAPHS)
    assert across.problem is not None
    assert "« une hausse de 5 % » in §2, « ruiner les familles » in §3" in across.problem


def test_ellipsis_with_a_missing_part_names_that_part():
    found = find_quotation("Soit on accepte […] la cantine ouvre", PARAGRAPHS)
    assert found.problem is not None
    assert found.problem.startswith("the part « la cantine ouvre » of the quotation is not in the article.")


def test_quotation_not_in_the_article_offers_both_fixes():
    found = find_quotation("et eux, alors ?", PARAGRAPHS)
    assert found.problem is not None
    assert found.problem.startswith("the quotation « et eux, alors ? » is not in the article.")
    assert "list them in this question's quotes_elsewhere:" in found.problem


# ---------------------------------------------------------------------------------- through check

def _edit(bank: Path, old: str, new: str) -> None:
    text = bank.read_text(encoding="utf-8")
    assert old in text
    bank.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(mini_copy: Path) -> list[str]:
    with pytest.raises(InvalidContent) as raised:
        load_workspace([Path("ws")])
    return [str(problem) for problem in raised.value.problems]


def _line_of(path: Path, fragment: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in line)


def test_a_misquoting_prompt_is_an_error_at_its_line(mini_copy):
    bank = mini_copy / "bank.yaml"
    _edit(bank, 'prompt: "Comment vérifieriez-vous l’affirmation du maire ?"',
          'prompt: "Le maire dit que le prix « n’a pas changé depuis 2015 ». Comment le vérifieriez-vous ?"')
    line = _line_of(bank, "Le maire dit que le prix")
    assert _problems(mini_copy) == [
        f"ws/bank.yaml:{line}: the quotation « n’a pas changé depuis 2015 » is not in the article. The closest "
        "passage is §6: « n’avait pas changé depuis 2015. ». Copy the article's words exactly, or, if these are "
        "not the article's words (a title, a glossary example, a source), list them in this question's "
        "quotes_elsewhere:."]


def test_a_misquoting_choice_is_an_error_at_its_line(mini_copy):
    bank = mini_copy / "bank.yaml"
    _edit(bank, 'text: "La phrase est au présent."', 'text: "La phrase dit « Tous les parents »."')
    line = _line_of(bank, "La phrase dit")
    problems = _problems(mini_copy)
    assert len(problems) == 1 and problems[0].startswith(f"ws/bank.yaml:{line}: the quotation « Tous les parents »")


def test_a_quotation_marked_as_from_elsewhere_is_not_checked(mini_copy):
    bank = mini_copy / "bank.yaml"
    _edit(bank, 'prompt: "Comment vérifieriez-vous l’affirmation du maire ?"',
          'prompt: "Première étape SIFT : « Stop ». Comment vérifieriez-vous l’affirmation du maire ?"\n'
          '    quotes_elsewhere: ["Stop"]')
    workspace = load_workspace([Path("ws")])
    assert workspace.banks[0].questions[4].quotes_elsewhere == ("Stop",)


def test_marking_a_quotation_that_is_in_the_article_is_an_error(mini_copy):
    bank = mini_copy / "bank.yaml"
    _edit(bank, 'prompt: "Comment vérifieriez-vous l’affirmation du maire ?"',
          'prompt: "Le maire « rappelle » un prix. Comment vérifieriez-vous l’affirmation du maire ?"\n'
          '    quotes_elsewhere: ["rappelle"]')
    line = _line_of(bank, "quotes_elsewhere")
    assert _problems(mini_copy) == [
        f"ws/bank.yaml:{line}: « rappelle » is in the article (§6), so it is not a quotation from elsewhere: "
        "remove it from quotes_elsewhere (the article's words are checked, not marked)."]


def test_marking_a_quotation_the_question_does_not_hold_is_an_error(mini_copy):
    bank = mini_copy / "bank.yaml"
    _edit(bank, 'prompt: "Comment vérifieriez-vous l’affirmation du maire ?"',
          'prompt: "Comment vérifieriez-vous l’affirmation du maire ?"\n    quotes_elsewhere: ["Stop"]')
    line = _line_of(bank, "quotes_elsewhere")
    assert _problems(mini_copy) == [
        f"ws/bank.yaml:{line}: quotes_elsewhere lists « Stop », but the prompt and choices hold no such quotation; "
        "copy the text exactly as it stands between the quote marks, or remove it from the list."]


def test_only_the_article_language_is_checked(mini_copy):
    """An English translation quotes translated words: they cannot be in a French article."""
    bank = mini_copy / "bank.yaml"
    _edit(bank, 'prompt: "Comment vérifieriez-vous l’affirmation du maire ?"',
          'prompt: {fr: "Comment vérifier que le prix « n’avait pas changé » ?", '
          'en: "How would you check that the price “had not changed”?"}')
    assert load_workspace([Path("ws")]).banks[0].questions[4].prompt["en"].startswith("How")


def test_the_article_language_text_of_a_translated_prompt_is_checked(mini_copy):
    bank = mini_copy / "bank.yaml"
    _edit(bank, 'prompt: "Comment vérifieriez-vous l’affirmation du maire ?"',
          'prompt: {fr: "Comment vérifier que le prix « n’a pas changé » ?", '
          'en: "How would you check that the price “had not changed”?"}')
    problems = _problems(mini_copy)
    assert len(problems) == 1 and "the quotation « n’a pas changé » is not in the article" in problems[0]


def test_check_fails_on_a_misquotation(mini_copy):
    _edit(mini_copy / "bank.yaml", 'text: "La phrase est au présent."', 'text: "La phrase dit « Tous les parents »."')
    result = CliRunner().invoke(cli, ["check", "ws"])
    assert result.exit_code == 1
    assert "only if case is ignored" in result.output
    assert "Traceback" not in result.output


def test_the_bundled_bank_quotes_the_article_exactly(bundled):
    """Every quotation of the bundled bank is in the article or marked (check passes: no problem raised)."""
    assert bundled.banks[0].questions
