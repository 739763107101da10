"""Every French and English string of the grading outputs, in one place (to move into the lead's catalogue).

French strings carry their own typography: no-break space (U+00A0) before « : ; ? ! » and inside « »,
typographic apostrophe. `number(value, language)` writes decimals with a comma in French.
"""

from __future__ import annotations

from .confusion import NO_ANSWER, OTHER, Reading

NB = "\u00a0"

LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "report_title": "Analyse des résultats",
        "generated_from": "Banque",
        "class": "Classe",
        "students": "élèves",
        "questions": "questions",
        "summary": "En bref",
        "mark_mean": "Moyenne",
        "mark_median": "Médiane",
        "mark_sd": "Écart type",
        "mark_range": "Note la plus basse / la plus haute",
        "marks_histogram": "Répartition des notes",
        "marks_axis": "Note sur {scale}",
        "students_axis": "Nombre d’élèves",
        "alpha": "Cohérence interne (alpha de Cronbach)",
        "kr20": "Cohérence interne (KR-20 = alpha de Cronbach)",
        "alpha_meaning": "L’alpha mesure si les questions évaluent la même compétence{nb}: plus il est proche de 1, "
                         "plus la note est fiable{nb}; à {value}, une note individuelle est précise à environ "
                         "±{sem}{nb}points sur {scale}.",
        "alpha_none": "L’alpha de Cronbach ne peut pas être calculé ici (moins de deux questions ou de deux "
                      "élèves, ou toutes les notes sont égales).",
        "alpha_verdict_good": "C’est satisfaisant (Moodle{nb}: au-dessus de 0,75).",
        "alpha_verdict_fair": "C’est acceptable pour un contrôle en classe, pas pour un examen (Moodle{nb}: "
                              "satisfaisant au-dessus de 0,75, insuffisant sous 0,64).",
        "alpha_verdict_poor": "C’est faible{nb}: la note mélange des compétences différentes, ou le contrôle est "
                              "court{nb}; lisez-la avec prudence.",
        "per_question": "Question par question",
        "per_question_intro": "Questions dans l’ordre de la banque (comme le corrigé détaillé de la classe). "
                              "Réussite = moyenne des points obtenus sur les points de la question. "
                              "Discrimination = corrélation entre la question et le reste du contrôle "
                              "(indice de discrimination de Moodle){nb}: au-dessus de 30{nb}%, la question "
                              "sépare bien les élèves forts des autres{nb}; sous 20{nb}%, peu{nb}; négative, "
                              "elle est à revoir. Écart haut-bas = réussite du groupe fort moins celle du "
                              "groupe faible ({upper} et {lower} élèves{nb}: 27{nb}% de la classe chacun, "
                              "ex æquo compris).",
        "number": "N°",
        "question": "Question",
        "type": "Type",
        "facility": "Réussite",
        "discrimination": "Discrimi\u00adnation",
        "upper_lower": "Écart haut-bas",
        "no_answer": "Sans réponse",
        "flags": "À regarder",
        "scatter_title": "Réussite et discrimination de chaque question",
        "scatter_x": "Réussite (%)",
        "scatter_y": "Discrimination (%)",
        "distractors": "Qui a choisi quoi",
        "distractors_intro": "Pour chaque question à choix, combien d’élèves ont coché chaque réponse, "
                             "dans toute la classe et dans les groupes fort et faible (27{nb}% chacun). "
                             "La bonne réponse est en gras, avec un trait à gauche.",
        "choice": "Réponse",
        "everyone": "Classe",
        "upper_group": "Groupe fort",
        "lower_group": "Groupe faible",
        "groups_undefined": "Trop de notes égales pour former les groupes fort et faible.",
        "techniques_view": "Quels procédés la classe confond",
        "techniques_intro": "Lignes{nb}: le procédé attendu{nb}; colonnes{nb}: le procédé donné. La diagonale "
                            "(encadrée) compte les bonnes réponses{nb}; une case foncée hors de la diagonale "
                            "est une confusion.",
        "verdicts_view": "Vérification{nb}: verdicts de la classe",
        "verdicts_intro": "Lignes{nb}: le verdict établi pour l’affirmation{nb}; colonnes{nb}: le classement "
                          "choisi par les élèves. Juger fausses des affirmations exactes est le travers que la "
                          "littérature sur l’«{nb}inoculation{nb}» signale{nb}: l’excès de scepticisme.",
        "intended": "Attendu",
        "given": "Donné",
        "no_readings": "Rien de net à signaler{nb}: aucune erreur n’est assez fréquente pour être interprétée.",
        "no_data_techniques": "Aucune question d’appariement ou à choix sur les procédés dans ce contrôle.",
        "no_data_verdicts": "Aucun classement d’affirmations vérifiées dans ce contrôle.",
        "readings_rule": "Une lecture n’est écrite que si au moins {min_students} élèves (ou réponses) sont "
                         "concernés, sur au moins {min_group}, et au moins {min_share}{nb}% d’entre eux.",
        "by_skill": "Par compétence",
        "skill": "Compétence",
        "technique": "Procédé",
        "by_technique": "Par procédé",
        "units": "Questions ou lignes",
        "skill.identify-technique": "Repérer un procédé",
        "skill.verify-claim": "Vérifier une affirmation",
        "skill.evaluate-source": "Évaluer une source",
        "skill.fact-or-opinion": "Fait ou opinion",
        "type.single-choice": "choix unique",
        "type.multiple-select": "choix multiples",
        "type.true-false": "vrai/faux",
        "type.matching": "appariement",
        "type.short-answer": "réponse rédigée",
        "type.claim-classification": "classement",
        "flag.easy": "très facile",
        "flag.hard": "très difficile",
        "flag.weak_discrimination": "discrimine peu",
        "flag.negative_discrimination": "discrimination négative",
        "flag.possible_wrong_key": "corrigé à vérifier",
        "flag.unused_distractor": "jamais choisi",
        "flag.attractive_distractor": "attire les forts",
        "true": "Vrai",
        "false": "Faux",
        "no_answer_column": "sans réponse",
        "other_column": "autre",
        "undefined": "—",
        "page": "page",
        "grades_name": "Nom",
        "grades_first_name": "Prénom",
        "grades_class": "Classe",
        "grades_mark": "Note/{scale}",
        "grades_sheet": "Notes",
        "reading.confuses": "la classe confond «{nb}{a}{nb}» et «{nb}{b}{nb}»{nb}: {count} élèves sur {total}",
        "reading.takes_for": "la classe prend «{nb}{a}{nb}» pour «{nb}{b}{nb}»{nb}: {count} élèves sur {total}",
        "reading.over_scepticism": "la classe a jugé inexactes ou trompeuses des affirmations exactes dans "
                                   "{count} réponses sur {total} (excès de scepticisme)",
        "reading.credulity": "la classe a jugé exactes des affirmations inexactes ou trompeuses dans {count} "
                             "réponses sur {total} (crédulité)",
        "reading.verdict_mixup": "des affirmations «{nb}{a}{nb}» ont été classées «{nb}{b}{nb}» dans {count} "
                                 "réponses sur {total}",
    },
    "en": {
        "report_title": "Results analysis",
        "generated_from": "Bank",
        "class": "Class",
        "students": "students",
        "questions": "questions",
        "summary": "Summary",
        "mark_mean": "Mean",
        "mark_median": "Median",
        "mark_sd": "Standard deviation",
        "mark_range": "Lowest / highest mark",
        "marks_histogram": "Distribution of marks",
        "marks_axis": "Mark out of {scale}",
        "students_axis": "Number of students",
        "alpha": "Internal consistency (Cronbach’s alpha)",
        "kr20": "Internal consistency (KR-20 = Cronbach’s alpha)",
        "alpha_meaning": "Alpha tells whether the questions measure the same skill: the closer to 1, the more "
                         "reliable the mark; at {value}, a single student’s mark is accurate to about ±{sem} "
                         "points out of {scale}.",
        "alpha_none": "Cronbach’s alpha cannot be computed here (fewer than two questions or two students, "
                      "or every mark is the same).",
        "alpha_verdict_good": "That is satisfactory (Moodle: above 0.75).",
        "alpha_verdict_fair": "That is acceptable for a class quiz, not for an exam (Moodle: satisfactory above "
                              "0.75, unsatisfactory below 0.64).",
        "alpha_verdict_poor": "That is low: the mark mixes different skills, or the quiz is short; read it "
                              "with care.",
        "per_question": "Question by question",
        "per_question_intro": "Questions in bank order (as in the class's detailed answer key). Facility = mean "
                              "points earned over the question's points. Discrimination = correlation between "
                              "the question and the rest of the quiz (Moodle's discrimination index): above "
                              "30%, the question separates strong students from the others well; below 20%, "
                              "poorly; negative, it needs a look. Upper−lower = facility in the upper group "
                              "minus the lower group ({upper} and {lower} students: 27% of the class each, "
                              "ties included).",
        "number": "No.",
        "question": "Question",
        "type": "Type",
        "facility": "Facility",
        "discrimination": "Discrimi\u00adnation",
        "upper_lower": "Upper − lower",
        "no_answer": "No answer",
        "flags": "Look at",
        "scatter_title": "Facility and discrimination of each question",
        "scatter_x": "Facility (%)",
        "scatter_y": "Discrimination (%)",
        "distractors": "Who chose what",
        "distractors_intro": "For each choice question, how many students ticked each answer, in the whole "
                             "class and in the upper and lower groups (27% each). The key is in bold, with a bar on "
                             "its left.",
        "choice": "Answer",
        "everyone": "Class",
        "upper_group": "Upper group",
        "lower_group": "Lower group",
        "groups_undefined": "Too many equal marks to form upper and lower groups.",
        "techniques_view": "Which techniques the class confuses",
        "techniques_intro": "Rows: the technique expected; columns: the technique given. The (outlined) "
                            "diagonal counts right answers; a dark cell off the diagonal is a confusion.",
        "verdicts_view": "Fact-checking: the class's verdicts",
        "verdicts_intro": "Rows: the verdict established for the claim; columns: the category the students "
                          "chose. Calling accurate claims false is the failure the inoculation literature "
                          "warns about: over-scepticism.",
        "intended": "Expected",
        "given": "Given",
        "no_readings": "Nothing clear to report: no mistake is frequent enough to be read.",
        "no_data_techniques": "No matching or technique choice question in this quiz.",
        "no_data_verdicts": "No classification of checked claims in this quiz.",
        "readings_rule": "A reading is written only when at least {min_students} students (or answers) are "
                         "involved, out of at least {min_group}, and at least {min_share}% of them.",
        "by_skill": "By skill",
        "skill": "Skill",
        "technique": "Technique",
        "by_technique": "By technique",
        "units": "Questions or rows",
        "skill.identify-technique": "Identify a technique",
        "skill.verify-claim": "Verify a claim",
        "skill.evaluate-source": "Evaluate a source",
        "skill.fact-or-opinion": "Fact or opinion",
        "type.single-choice": "single choice",
        "type.multiple-select": "multiple select",
        "type.true-false": "true/false",
        "type.matching": "matching",
        "type.short-answer": "written answer",
        "type.claim-classification": "classification",
        "flag.easy": "very easy",
        "flag.hard": "very hard",
        "flag.weak_discrimination": "weak discrimination",
        "flag.negative_discrimination": "negative discrimination",
        "flag.possible_wrong_key": "check the key",
        "flag.unused_distractor": "nobody chose it",
        "flag.attractive_distractor": "attracts strong students",
        "true": "True",
        "false": "False",
        "no_answer_column": "no answer",
        "other_column": "other",
        "undefined": "—",
        "page": "page",
        "grades_name": "Last name",
        "grades_first_name": "First name",
        "grades_class": "Class",
        "grades_mark": "Mark/{scale}",
        "grades_sheet": "Marks",
        "reading.confuses": "the class confuses “{a}” and “{b}”: {count} of {total} students",
        "reading.takes_for": "the class takes “{a}” for “{b}”: {count} of {total} students",
        "reading.over_scepticism": "the class called accurate claims false or misleading in {count} of {total} "
                                   "answers (over-scepticism)",
        "reading.credulity": "the class called false or misleading claims accurate in {count} of {total} "
                             "answers (credulity)",
        "reading.verdict_mixup": "claims rated “{a}” were classified “{b}” in {count} of {total} answers",
    },
}


def label(language: str, key: str, **values: object) -> str:
    """The string `key` in `language` (English if missing), with {nb} and the given values filled in."""
    text = LABELS.get(language, LABELS["en"]).get(key) or LABELS["en"][key]
    return text.format(nb=NB, **values)


def number(value: float, language: str, decimals: int = 2) -> str:
    """A decimal as the language writes it: 12,5 in French, 12.5 in English (trailing zeros kept)."""
    text = f"{value:.{decimals}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]  # no "-0,00"
    return text.replace(".", ",") if language == "fr" else text


def percent(value: float, language: str) -> str:
    return f"{round(value * 100)}{NB if language == 'fr' else ''}%"


def column_name(key: str, language: str, names: dict[str, str]) -> str:
    """A confusion-matrix column's name: the technique/category label, or blank/other."""
    if key == NO_ANSWER:
        return label(language, "no_answer_column")
    if key == OTHER:
        return label(language, "other_column")
    return names.get(key, key)


def reading_text(reading: Reading, language: str, names: dict[str, str]) -> str:
    """The reading as one sentence (first letter capitalised), names of techniques/verdicts from `names`."""
    subjects = [names.get(s, s) for s in reading.subjects]
    text = label(language, f"reading.{reading.kind}", a=subjects[0], b=subjects[-1],
                 count=reading.count, total=reading.total)
    return text[:1].upper() + text[1:] + "."
