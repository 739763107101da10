from quizgen.core.labels import localize
from quizgen.core.typography import NBSP, NNBSP, french, typeset


def test_french_spaces_become_non_breaking_and_missing_ones_are_added():
    assert french("Vrai ou faux ? Lisez : « ceci »!") == f"Vrai ou faux{NBSP}? Lisez{NBSP}: «{NBSP}ceci{NBSP}»{NBSP}!"
    assert french("«ici»") == f"«{NBSP}ici{NBSP}»"


def test_quotations_keep_their_characters():
    assert french("«Anchorage : x?»", quotation=True) == f"«Anchorage{NBSP}: x?»"


def test_addresses_are_left_alone():
    assert french("voir https://example.org/a?b=1 ici") == "voir https://example.org/a?b=1 ici"


def test_localize_falls_back():
    assert localize({"*": "texte"}, "en", "fr") == "texte"
    assert localize({"fr": "bonjour", "en": "hello"}, "en", "fr") == "hello"
    assert localize({"fr": "bonjour"}, "en", "fr") == "bonjour"


def test_numbers_in_groups_of_three_digits_stay_on_one_line():
    # C20 (claims.yaml), printed in the key of ver-cc-aging: « au moins 6 000 enfants ».
    assert french("au moins 6 000 enfants") == f"au moins 6{NNBSP}000 enfants"
    assert french("12 241 ogives, 1 234 567 km") == f"12{NNBSP}241 ogives, 1{NNBSP}234{NNBSP}567 km"
    assert french(f"de 500 à 5{NBSP}500 km", quotation=True) == f"de 500 à 5{NNBSP}500 km"
    assert typeset("at least 6 000 children", "en") == f"at least 6{NNBSP}000 children"


def test_digits_that_are_not_one_number_keep_their_space():
    # A year then a count, a date, a four-digit last group, a decimal part: not digit groups.
    for text in ("en 2019 100 personnes", "le 16 juin 2021", "1 2345", "3,141 592", "le 5 février 2026"):
        assert NNBSP not in french(text), text
