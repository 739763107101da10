"""Worksheet labels in French and English, localized bank texts, French typography."""

from __future__ import annotations

import re

from quizgen.bank.model import PLAIN

MESSAGES: dict[str, dict[str, str]] = {
    "fr": {
        "worksheet": "Fiche d’exercices",
        "answer_key": "Corrigé",
        "name": "Nom et prénom",
        "class": "Classe",
        "date": "Date",
        "instructions": "Consignes",
        "question": "Question",
        "point": "point",
        "points": "points",
        "total": "Total",
        "variant": "Variante",
        "page": "page",
        "of": "/",
        "marking_grid": "Grille de correction",
        "answer": "Réponse",
        "explanation": "Explication",
        "why_wrong": "Pourquoi les autres réponses sont fausses",
        "techniques": "Procédés en jeu",
        "sources": "Sources",
        "true": "Vrai",
        "false": "Faux",
        "justify": "Justifiez votre réponse",
        "tick_one": "Cochez une seule réponse.",
        "tick_all": "Cochez toutes les réponses justes (il peut y en avoir plusieurs).",
        "tick_true_false": "Entourez Vrai ou Faux, puis justifiez.",
        "match": "Écrivez dans chaque case la lettre de la technique qui correspond à l’extrait.",
        "classify": "Pour chaque affirmation, cochez une case.",
        "excerpt": "Extrait",
        "techniques_list": "Techniques",
        "lettered_techniques": "Procédés de la liste",
        "model_answer": "Réponse attendue",
        "rubric": "Barème",
        "also_accept": "accepter aussi",
        "claim": "Affirmation",
        "article": "Article",
        "unknown": "inconnu",
        "author": "Auteur",
        "publisher": "Éditeur",
        "published": "Date",
        "seed": "tirage n°",
        "answers_of_variant": "Réponses de la variante",
        "source_article": "Texte étudié",
        "category.accurate": "Exacte",
        "category.inaccurate": "Inexacte",
        "category.misleading": "Trompeuse",
        "category.unverifiable": "Invérifiable",
        "category.contested": "Contestée",
        "category.outdated": "Périmée",
        "category.opinion": "Opinion",
        "write_answer": "Votre réponse",
        "checked_on": "vérifié le",
        "class_key": "Corrigé détaillé de la classe",
        "class_grid_intro": "Une ligne par copie : pour chaque numéro de question, la bonne réponse et les points.",
        "class_key_intro": "Questions dans l’ordre de la banque ; le tableau donne leur numéro dans chaque variante.",
        "number_in_variants": "Numéro dans chaque variante",
        "student": "Élève",
        "code": "Code",
        "handout": "Texte à lire",
        "handout_intro": "Les paragraphes sont numérotés (§) comme dans les questions.",
        "unknown_source": "Auteur, éditeur et date ne sont pas indiqués dans le texte.",
        "grid_legend": "Appariement et classement : une lettre par ligne, lignes 1, 2, 3… dans l’ordre. "
                       "Le petit chiffre donne les points de la question.",
    },
    "en": {
        "worksheet": "Worksheet",
        "answer_key": "Answer key",
        "name": "Name",
        "class": "Class",
        "date": "Date",
        "instructions": "Instructions",
        "question": "Question",
        "point": "point",
        "points": "points",
        "total": "Total",
        "variant": "Variant",
        "page": "page",
        "of": "/",
        "marking_grid": "Marking grid",
        "answer": "Answer",
        "explanation": "Explanation",
        "why_wrong": "Why the other answers are wrong",
        "techniques": "Techniques involved",
        "sources": "Sources",
        "true": "True",
        "false": "False",
        "justify": "Justify your answer",
        "tick_one": "Tick one answer.",
        "tick_all": "Tick every correct answer (there may be several).",
        "tick_true_false": "Circle True or False, then justify.",
        "match": "Write in each box the letter of the technique that matches the excerpt.",
        "classify": "For each claim, tick one box.",
        "excerpt": "Excerpt",
        "techniques_list": "Techniques",
        "lettered_techniques": "Techniques in the list",
        "model_answer": "Model answer",
        "rubric": "Marking rubric",
        "also_accept": "also accept",
        "claim": "Claim",
        "article": "Article",
        "unknown": "unknown",
        "author": "Author",
        "publisher": "Publisher",
        "published": "Date",
        "seed": "seed",
        "answers_of_variant": "Answers of variant",
        "source_article": "Text studied",
        "category.accurate": "Accurate",
        "category.inaccurate": "Inaccurate",
        "category.misleading": "Misleading",
        "category.unverifiable": "Unverifiable",
        "category.contested": "Contested",
        "category.outdated": "Out of date",
        "category.opinion": "Opinion",
        "write_answer": "Your answer",
        "checked_on": "checked on",
        "class_key": "Detailed answer key for the class",
        "class_grid_intro": "One row per sheet: for each question number, the right answer and the points.",
        "class_key_intro": "Questions in bank order; the table gives their number in each variant.",
        "number_in_variants": "Number in each variant",
        "student": "Student",
        "code": "Code",
        "handout": "Reading handout",
        "handout_intro": "Paragraphs are numbered (§) as in the questions.",
        "unknown_source": "The text gives no author, publisher or date.",
        "grid_legend": "Matching and classification: one letter per row, rows 1, 2, 3… in order. "
                       "The small number gives the question's points.",
    },
}


def message(language: str, key: str) -> str:
    return MESSAGES.get(language, MESSAGES["en"]).get(key) or MESSAGES["en"][key]


def localize(text: dict[str, str] | None, language: str, fallback: str) -> str:
    """The text in `language`, else the plain text, else the bank's language, else any."""
    if not text:
        return ""
    for key in (language, PLAIN, fallback):
        if key in text:
            return text[key]
    return next(iter(text.values()))


NBSP = "\u00a0"
_SPACE_BEFORE = re.compile(r"[ \u2009\u202f]+([:;?!»])")
_SPACE_AFTER = re.compile(r"(«)[ \u2009\u202f]+")
_MISSING_BEFORE = re.compile(r"(?<=[\w)»…])([;?!])")
_MISSING_AFTER_GUILLEMET = re.compile(r"«(?=\S)")
_MISSING_BEFORE_GUILLEMET = re.compile(r"(?<=\S)»")


def french(text: str, *, quotation: bool = False) -> str:
    """Non-breaking spaces before : ; ? ! and inside « », so no line starts with them.

    A quotation keeps its characters: only existing spaces become non-breaking.
    """
    text = _SPACE_BEFORE.sub(NBSP + r"\1", text)
    text = _SPACE_AFTER.sub(r"\1" + NBSP, text)
    if not quotation:
        text = re.sub(r"\S+", _add_missing_spaces, text)
    return text


def _add_missing_spaces(match: re.Match[str]) -> str:
    word = match.group(0)
    if "://" in word or word.startswith("www.") or "@" in word:
        return word  # a web or mail address: its ? and : are not punctuation
    word = _MISSING_BEFORE.sub(NBSP + r"\1", word)
    word = _MISSING_AFTER_GUILLEMET.sub("«" + NBSP, word)
    return _MISSING_BEFORE_GUILLEMET.sub(NBSP + "»", word)
