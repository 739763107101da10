from quizgen.bank.article import locate, split_paragraphs

PARAGRAPHS = split_paragraphs(
    "Titre : essai\n\nL’hégémon a « parlé » hier.\nUne  autre   ligne, avec espaces.\n"
)


def test_paragraphs_are_non_empty_lines():
    assert PARAGRAPHS == ["Titre : essai", "L’hégémon a « parlé » hier.", "Une  autre   ligne, avec espaces."]


def test_exact_match_folds_whitespace():
    assert locate("autre ligne, avec\nespaces", PARAGRAPHS).paragraph == 3
    assert locate("L’hégémon", PARAGRAPHS).problem is None


def test_quote_mismatch_is_reported_precisely():
    found = locate("L'hégémon", PARAGRAPHS)
    assert found.paragraph == 2
    assert "the article has a typographic apostrophe ’ where the excerpt has a straight apostrophe '" in found.problem
    found = locate('a "parlé" hier', PARAGRAPHS)
    assert "guillemet «" in found.problem and "Copy it exactly: « a « parlé » hier »" in found.problem


def test_missing_excerpt_names_the_closest_paragraph():
    found = locate("Une autre ligne avec des espaces", PARAGRAPHS)
    assert found.paragraph is None
    assert "The closest passage is §3" in found.problem


def test_wrong_paragraph_number():
    found = locate("Titre", PARAGRAPHS, expected=2)
    assert found.problem == "the excerpt is in §1, not §2; fix 'paragraph:' or remove it."
