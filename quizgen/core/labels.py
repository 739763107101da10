"""Every word quizgen prints around a bank's own text, in French and English, in one catalogue.

Sheets, keys, the class marking grid, the self-check page, terminal practice and the
class report all take their words from here (the self-check page receives them as
data). Labels are written with plain spaces and straight apostrophes where a language
needs nothing more; typography (French no-break spaces, quotation marks) is applied
by `quizgen.core.typography` when a label is used. `tests/test_labels.py` checks that
both languages have the same keys and that every key is used.

Keys in `{braces}` are filled with `str.format`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quizgen.core.typography import quoted, typeset

LANGUAGES = ("fr", "en")
PLAIN = "*"  # key under which a plain (not per-language) bank text is stored

LABELS: dict[str, dict[str, str]] = {
    "fr": {
        # ---- sheets and keys ----
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
        "variants": "variantes",
        "page": "page",
        "marking_grid": "Grille de correction",
        "answer": "Réponse",
        "explanation": "Explication",
        "why_wrong": "Pourquoi les autres réponses sont fausses",
        "techniques": "Procédés en jeu",
        "sources": "Sources",
        "true": "Vrai",
        "false": "Faux",
        "justify": "Justifiez votre réponse",
        "justification": "justification",
        "tick_one": "Cochez une seule réponse.",
        "tick_all": "Cochez toutes les réponses justes (il peut y en avoir plusieurs).",
        "tick_true_false": "Entourez Vrai ou Faux, puis justifiez.",
        "match": "Écrivez dans chaque case la lettre de la technique qui correspond à l’extrait.",
        "classify": "Pour chaque affirmation, cochez une case.",
        "lettered_techniques": "Procédés de la liste",
        "model_answer": "Réponse attendue",
        "rubric": "Barème",
        "also_accept": "accepter aussi",
        "claim": "Affirmation",
        "seed": "tirage n°",
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
        "sheet_number": "N°",
        "code": "Code",
        "handout": "Texte à lire",
        "handout_intro": "Les paragraphes sont numérotés (§) comme dans les questions.",
        "unknown_source": "Auteur, éditeur et date ne sont pas indiqués dans le texte.",
        "grid_legend": "Appariement et classement : une lettre par ligne, lignes 1, 2, 3… dans l’ordre. "
                       "Le petit chiffre donne les points de la question.",
        "list_separator": " ; ",
        # ---- folder and file names ----
        "folder.class_set": "classe",
        # ---- LMS exports ----
        "export.justification_of": "Justification de la question {name}",
        "export.justify_prompt": "Justifiez votre réponse à la question précédente ({name}) : « {prompt} »",
        "export.expected": "Ce que la justification doit dire",
        "export.article_name": "Article à lire — {title}",
        "export.answers": "Réponses",
        "export.author": "Auteur : {value}",
        "export.publisher": "Éditeur : {value}",
        "export.published": "Date : {value}",
        "export.source_article": "Texte étudié : {name}",
        "export.verdict": "{verdict} :",
        # ---- the self-check page ----
        "check": "Vérifier",
        "restart": "Recommencer",
        "score": "Score",
        "right": "Juste",
        "wrong": "Faux",
        "partial": "En partie juste",
        "no_answer": "Pas de réponse",
        "self": "Auto-évaluation",
        "self_assess": "À vous d’évaluer : cochez les critères que votre réponse remplit.",
        "your_choice": "Votre choix",
        "your_answer": "Votre réponse",
        "expected": "Réponse attendue",
        "choose": "— choisir —",
        "reshuffled": "Questions mélangées : nouveau tirage.",
        "missed": "Questions à revoir",
        "none_missed": "Aucune question à revoir. Bravo !",
        "noscript": "Cette page a besoin de JavaScript pour corriger vos réponses. "
                    "Ouvrez-la dans un navigateur où JavaScript est activé.",
        "skip": "Aller aux questions",
        "criterion_met": "critère rempli",
        "to_question": "Aller à la question",
        "technique_options": "Techniques proposées",
        "categories": "Catégories",
        "row": "Extrait",
        "justification_met": "Ma justification dit l’essentiel de l’explication.",
        "true_or_false": "Vrai ou faux ?",
        # ---- terminal practice ----
        "practice.intro": "Entraînement : {title}",
        "practice.how": "{count} question(s), tirage n° {seed}. Répondez puis Entrée ; « ? » pour passer ; "
                        "Ctrl-D pour arrêter.",
        "practice.one_letter": "Votre réponse (une lettre) : ",
        "practice.letters": "Vos réponses (une ou plusieurs lettres, ex. « a c ») : ",
        "practice.true_false": "Vrai ou faux ? (v/f) : ",
        "practice.row_letter": "  Extrait {n} → lettre : ",
        "practice.text": "Votre réponse (une ligne) : ",
        "practice.criterion": "  Critère rempli ? (o/n) : ",
        "practice.justification": "  Votre justification dit-elle cela ? (o/n) : ",
        "practice.empty": "Réponse vide : {hint} (ou « ? » pour passer).",
        "practice.bad_letter": "« {given} » n’est pas une lettre proposée : {hint}.",
        "practice.one_only": "Une seule lettre ici : {hint}.",
        "practice.bad_tf": "Répondez v (vrai) ou f (faux).",
        "practice.bad_yes_no": "Répondez o (oui) ou n (non).",
        "practice.letters_hint": "tapez une lettre de {first} à {last}",
        "practice.rubric": "Barème : cochez vous-même chaque critère rempli.",
        "practice.summary": "Bilan",
        "practice.score": "Score : {earned} / {total} sur {answered} question(s) répondue(s) (sur {count})",
        "practice.nothing": "Aucune question répondue pour l’instant.",
        "practice.retry": "Refaire les {n} question(s) à revoir ? (o/n) : ",
        "practice.eof": "Fin de la saisie : la session s’arrête.",
        "practice.interrupted": "Interrompu : la session s’arrête.",
        "practice.round": "Nouveau tour : les questions à revoir.",
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
        "variants": "variants",
        "page": "page",
        "marking_grid": "Marking grid",
        "answer": "Answer",
        "explanation": "Explanation",
        "why_wrong": "Why the other answers are wrong",
        "techniques": "Techniques involved",
        "sources": "Sources",
        "true": "True",
        "false": "False",
        "justify": "Justify your answer",
        "justification": "justification",
        "tick_one": "Tick one answer.",
        "tick_all": "Tick every correct answer (there may be several).",
        "tick_true_false": "Circle True or False, then justify.",
        "match": "Write in each box the letter of the technique that matches the excerpt.",
        "classify": "For each claim, tick one box.",
        "lettered_techniques": "Techniques in the list",
        "model_answer": "Model answer",
        "rubric": "Marking rubric",
        "also_accept": "also accept",
        "claim": "Claim",
        "seed": "seed",
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
        "sheet_number": "No.",
        "code": "Code",
        "handout": "Reading handout",
        "handout_intro": "Paragraphs are numbered (§) as in the questions.",
        "unknown_source": "The text gives no author, publisher or date.",
        "grid_legend": "Matching and classification: one letter per row, rows 1, 2, 3… in order. "
                       "The small number gives the question's points.",
        "list_separator": "; ",
        "folder.class_set": "class",
        "export.justification_of": "Justification of question {name}",
        "export.justify_prompt": "Justify your answer to the previous question ({name}): “{prompt}”",
        "export.expected": "What the justification should say",
        "export.article_name": "Article to read — {title}",
        "export.answers": "Answers",
        "export.author": "Author: {value}",
        "export.publisher": "Publisher: {value}",
        "export.published": "Date: {value}",
        "export.source_article": "Text studied: {name}",
        "export.verdict": "{verdict}:",
        "check": "Check",
        "restart": "Start again",
        "score": "Score",
        "right": "Right",
        "wrong": "Wrong",
        "partial": "Partly right",
        "no_answer": "No answer",
        "self": "Self-assessed",
        "self_assess": "Your turn to mark: tick the criteria your answer meets.",
        "your_choice": "Your choice",
        "your_answer": "Your answer",
        "expected": "Expected answer",
        "choose": "— choose —",
        "reshuffled": "Questions shuffled: new draw.",
        "missed": "Questions to review",
        "none_missed": "Nothing to review. Well done!",
        "noscript": "This page needs JavaScript to check your answers. Open it in a browser with JavaScript on.",
        "skip": "Skip to the questions",
        "criterion_met": "criterion met",
        "to_question": "Go to question",
        "technique_options": "Techniques offered",
        "categories": "Categories",
        "row": "Excerpt",
        "justification_met": "My justification says what the explanation says.",
        "true_or_false": "True or false?",
        "practice.intro": "Practice: {title}",
        "practice.how": "{count} question(s), seed {seed}. Answer then Enter; “?” to skip; Ctrl-D to stop.",
        "practice.one_letter": "Your answer (one letter): ",
        "practice.letters": "Your answers (one or more letters, e.g. “a c”): ",
        "practice.true_false": "True or false? (t/f): ",
        "practice.row_letter": "  Excerpt {n} → letter: ",
        "practice.text": "Your answer (one line): ",
        "practice.criterion": "  Criterion met? (y/n): ",
        "practice.justification": "  Does your justification say this? (y/n): ",
        "practice.empty": "Empty answer: {hint} (or “?” to skip).",
        "practice.bad_letter": "“{given}” is not one of the letters: {hint}.",
        "practice.one_only": "One letter only here: {hint}.",
        "practice.bad_tf": "Answer t (true) or f (false).",
        "practice.bad_yes_no": "Answer y (yes) or n (no).",
        "practice.letters_hint": "type a letter from {first} to {last}",
        "practice.rubric": "Rubric: mark each criterion yourself.",
        "practice.summary": "Summary",
        "practice.score": "Score: {earned} / {total} on {answered} question(s) answered (out of {count})",
        "practice.nothing": "No question answered yet.",
        "practice.retry": "Try the {n} question(s) to review again? (y/n): ",
        "practice.eof": "End of input: the session stops.",
        "practice.interrupted": "Interrupted: the session stops.",
        "practice.round": "New round: the questions to review.",
    },
}


def label(language: str, key: str, **values: Any) -> str:
    """The label in `language` (English when the language has no catalogue), filled and typeset."""
    catalogue = LABELS.get(language, LABELS["en"])
    text = catalogue[key] if key in catalogue else LABELS["en"][key]
    if values:
        text = text.format(**values)
    return typeset(text, language if language in LABELS else "en")


def localize(text: dict[str, str] | None, language: str, fallback: str) -> str:
    """A bank text in `language`, else the plain text, else the bank's language, else any."""
    if not text:
        return ""
    for key in (language, PLAIN, fallback):
        if key in text:
            return text[key]
    return next(iter(text.values()))


@dataclass(frozen=True)
class Texts:
    """The words of one document: bank texts localized, labels looked up, typography applied."""

    language: str
    fallback: str  # the bank's own language

    def t(self, text: dict[str, str] | None) -> str:
        """A bank text, localized and typeset."""
        return typeset(localize(text, self.language, self.fallback), self.language)

    def t_raw(self, text: dict[str, str] | None) -> str:
        """A bank text, localized, characters untouched."""
        return localize(text, self.language, self.fallback)

    def msg(self, key: str, **values: Any) -> str:
        return label(self.language, key, **values)

    def quotation(self, text: str) -> str:
        """Words quoted as written (an excerpt, a title): only spaces become non-breaking."""
        return typeset(text, self.language, quotation=True)

    def quoted(self, text: str) -> str:
        """A quotation between the language's quotation marks."""
        return quoted(self.quotation(text), self.language)
