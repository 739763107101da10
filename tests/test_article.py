from quizgen.bank.article import Grounding, locate, split_paragraphs

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


# --- Issue 12: data that can break the grounding --------------------------------------------------

import random  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from quizgen.bank import article  # noqa: E402
from quizgen.bank.article import MAX_EXCERPT, SEARCH_BUDGET, closest_passage  # noqa: E402


def test_an_excerpt_differing_only_in_letter_case_is_not_found():
    found = locate("l’hégémon a « parlé »", PARAGRAPHS)
    assert found.problem == ("the excerpt matches §2 only if letter case is ignored: the article writes "
                             "« L’hégémon a « parlé » ». Copy it exactly, capitals included.")
    assert found.paragraph == 2
    assert locate("TITRE", PARAGRAPHS).problem.startswith("the excerpt matches §1 only if letter case is ignored")


def test_every_occurrence_is_found_and_the_expected_paragraph_wins():
    paragraphs = ["Le prix monte.", "Rien ici.", "Le prix monte encore."]
    assert locate("Le prix monte", paragraphs).paragraph == 1
    assert locate("Le prix monte", paragraphs, expected=3) == article.Grounding(3, None)
    assert locate("Le prix monte", paragraphs, expected=2).problem == (
        "the excerpt is in §1, §3, not §2; fix 'paragraph:' or remove it.")
    assert locate("monte encore", paragraphs).paragraph == 3  # found past the first paragraph
    assert locate("monte.\nRien", paragraphs).paragraph is None  # never across two paragraphs


def test_an_excerpt_longer_than_a_quotation_is_refused_before_any_search(monkeypatch):
    monkeypatch.setattr(article, "searchable", None)  # any search would crash
    found = locate("mot " * 5000, PARAGRAPHS)
    assert found == article.Grounding(None, "the excerpt is 19999 characters long; an excerpt quotes a sentence "
                                            "or two of the article, at most 1000 characters. Keep the words that "
                                            "matter.")


def test_an_excerpt_of_exactly_the_limit_is_searched():
    words = " ".join(f"mot{n}" for n in range(400))
    excerpt = words[:MAX_EXCERPT]
    assert locate(excerpt, [words]).problem is None
    assert locate(excerpt + "x", [words]).problem.startswith("the excerpt is 1001 characters long")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=" \u00a0\u202f\t\n'\"«»“”’‘\u200b\u00adab", max_size=40))
def test_the_fast_loose_text_is_the_slow_one(text):
    assert article._loose_text(text) == article._loose(text)[0]


def _long_article(paragraphs: int = 400) -> list[str]:
    """Over SEARCH_BUDGET characters, with the vocabulary of a real text (a few words everywhere)."""
    rng = random.Random(4)
    common = ["les", "des", "pour", "dans", "avec", "cette", "leurs", "comme"]
    rare = [f"terme{n}" for n in range(3000)]
    text = [" ".join(rng.choice(common) if rng.random() < 0.5 else rng.choice(rare) for _ in range(60)) + "."
            for _ in range(paragraphs)]
    assert sum(map(len, text)) > SEARCH_BUDGET
    return text


def test_in_a_long_article_the_closest_passage_is_still_found():
    paragraphs = _long_article()
    sentence = paragraphs[321].split(" ")[10:30]
    near_miss = " ".join(sentence[:10] + ["Zzyzx"] + sentence[11:])
    number, passage = closest_passage(near_miss, paragraphs)
    assert number == 322
    assert passage == article._short(" ".join(sentence))
    found = locate(near_miss, paragraphs)
    assert found.paragraph is None and "The closest passage is §322" in found.problem


def test_in_a_long_article_the_search_compares_at_most_its_budget():
    paragraphs = _long_article(1200)
    searched = article.searchable(tuple(paragraphs))
    excerpt = " ".join(paragraphs[5].split(" ")[:150])
    candidates = article._candidates(excerpt + " Zzyzx", searched)
    assert 0 < sum(len(piece) for _, piece in candidates) <= SEARCH_BUDGET
    assert (6, paragraphs[5]) in candidates


def test_a_paragraph_longer_than_a_chunk_is_cut_at_spaces():
    text = " ".join(f"mot{n:04d}" for n in range(2000))
    pieces = article._pieces(text)
    assert all(len(piece) <= article.CHUNK for piece in pieces)
    assert " ".join(pieces) == text


def test_an_article_whose_lower_case_changes_length_and_excerpts_with_nothing_near():
    """'İ' lowers to two characters, so the letter-case search is skipped, not run on nothing; an excerpt
    of quotes alone, or with no passage near it, gets the plain message (mutation-testing survivors)."""
    paragraphs = ("Le sommet d’İstanbul a eu lieu en août.", "Les deux présidents se sont parlé.")
    assert locate("zzz qqq www", paragraphs).problem == (
        "the excerpt « zzz qqq www » is not in the article. Copy the words exactly from the article.")
    assert locate("« »", paragraphs).problem == (
        "the excerpt « « » » is not in the article. Copy the words exactly from the article.")
    assert locate("\u200b", paragraphs).problem == (  # nothing left once loosened: no loose search
        "the excerpt « \u200b » is not in the article. Copy the words exactly from the article.")
    assert locate("d’İstanbul a eu", paragraphs) == Grounding(1, None)


def test_an_excerpt_in_three_paragraphs_is_found_in_the_middle_one():
    paragraphs = ("Selon lui, la dette a baissé.", "Pourtant la dette a baissé, dit-il.", "Bref, la dette a baissé.")
    assert locate("la dette a baissé", paragraphs, 2) == Grounding(2, None)
    assert locate("la dette a baissé", paragraphs, 4).problem == (
        "the excerpt is in §1, §2, §3, not §4; fix 'paragraph:' or remove it.")


# --- Closest-passage hints and quote messages (mutation-testing survivors, docs/testing.md) -------------

SUMMIT = ("Le sommet d’Anchorage, organisé en août sur une base militaire de l’Alaska, devait selon la Maison-Blanche "
          "ouvrir la voie à un cessez-le-feu en Ukraine, mais les deux présidents se sont séparés sans accord, "
          "après moins de trois heures de discussions et une conférence de presse sans questions.")


def test_a_paraphrase_of_a_long_paragraph_gets_the_passage_it_paraphrases():
    """A real paragraph (over 200 characters): difflib's autojunk would make its frequent letters and spaces
    junk, and the longest match would shrink to « Le » — no hint at all."""
    found = locate("Les deux chefs d'État se sont séparés sans accord après trois heures", ("Un titre.", SUMMIT))
    assert found == Grounding(None, (
        "the excerpt « Les deux chefs d'État se sont séparés sans accord après trois heures » is not in the article. "
        "The closest passage is §2: « mais les deux présidents se sont séparés sans accord, après moins de "
        "trois ». Copy the words exactly from the article."))


def test_the_closest_passage_is_the_first_of_equals_and_keeps_a_last_word_x():
    repeated = ("Le Kremlin a salué une rencontre utile.", "Rien à voir.", "Le Kremlin a salué une rencontre utile.")
    assert closest_passage("Le Kremlin a salué une réunion utile", repeated) == (
        1, "Le Kremlin a salué une rencontre utile.")
    network = ("Le ministre l’a annoncé sur le réseau X puis à la télévision.",)
    assert closest_passage("il l’a annoncé sur le réseau Y", network) == (1, "ministre l’a annoncé sur le réseau X")


def test_a_hint_is_cut_after_90_characters():
    assert article._short("a" * 90) == "a" * 90
    assert article._short("a" * 91) == "a" * 89 + "…"


def test_in_a_long_article_a_near_miss_on_its_first_word_gets_the_whole_passage():
    """The common run starts at the excerpt's second word and the paragraph's second word; the passage shown
    starts at the paragraph's first word, is as long as the excerpt, and loses its trailing comma only."""
    paragraphs = _long_article()
    words = paragraphs[321].split(" ")
    words[9] = "SpaceX,"
    paragraphs[321] = " ".join(words)
    assert closest_passage(" ".join(["Zzyzx", *words[1:10]]), paragraphs) == (322, " ".join(words[:10])[:-1])


def test_a_long_excerpt_typed_with_straight_apostrophes_gets_one_clear_difference():
    """Over 200 characters, difflib's autojunk would pair whole runs of words ('’a pas été invitée, et l’')."""
    text = ("L’Europe n’a pas été invitée, et l’Ukraine n’a pas eu voix au chapitre : c’est l’aveu d’un monde où "
            "l’on décide du sort d’un pays sans lui, où l’on parle de paix sans ceux qui meurent, et où l’on "
            "s’étonne ensuite qu’elle ne vienne pas, alors qu’on l’avait promise à l’opinion depuis des mois.")
    assert locate(text.replace("’", "'"), ("Un titre.", text)) == Grounding(2, (
        "the excerpt matches §2 only if quotes are ignored: the article has a typographic apostrophe ’ where the "
        f"excerpt has a straight apostrophe '. Copy it exactly: « {text} »."))


def test_quote_messages_name_unusual_apostrophes_and_both_kinds_of_difference():
    assert locate("lʼUkraine", ("Le sort de l’Ukraine.",)).problem == (  # U+02BC, from some keyboards
        "the excerpt matches §1 only if quotes are ignored: the article has a typographic apostrophe ’ where the "
        "excerpt has 'ʼ'. Copy it exactly: « l’Ukraine ».")
    assert locate("«non» et « oui »", ("Il a répondu « non » et “oui” le même jour.",)).problem == (
        "the excerpt matches §1 only if quotes and the spaces inside them are ignored: the article has a space "
        "where the excerpt has no space; the article has an opening quote “ where the excerpt has a guillemet «; "
        "the article has a closing quote ” where the excerpt has a guillemet ». Copy it exactly: "
        "« « non » et “oui” ».")


def test_a_paragraph_and_an_excerpt_starting_with_x_keep_their_x():
    """Xi Jinping: the loose search must not strip a leading letter X with the leading spaces."""
    assert locate('Xi Jinping a dit "non"', ("Xi Jinping a dit « non » hier.",)).problem == (
        "the excerpt matches §1 only if quotes are ignored: the article has a guillemet « where the excerpt has a "
        "straight quote \"; the article has a guillemet » where the excerpt has a straight quote \". Copy it "
        "exactly: « Xi Jinping a dit « non » ».")


def test_a_paragraph_with_a_word_longer_than_a_chunk_is_cut_inside_it():
    """A 7,000-character word (issue 12, row 16): no space to cut at, so the cut falls every CHUNK characters,
    nothing is lost and the search ends (without the hard cut it looped forever)."""
    word = "abcdefghij" * 700
    pieces = article._pieces(f"Début {word} fin.")
    assert [len(piece) for piece in pieces] == [3000, 3000, 1011]
    assert "".join(pieces) == f"Début {word} fin."
