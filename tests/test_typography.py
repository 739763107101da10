from quizgen.core.labels import localize
from quizgen.core.typography import NBSP, french


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
