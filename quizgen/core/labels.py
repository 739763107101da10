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
        "tick_true_false_box": "Cochez Vrai ou Faux, puis justifiez.",
        "match_boxes": "Pour chaque extrait, cochez la lettre de la technique qui lui correspond.",
        "teacher_points": "Points (enseignant)",
        "scan_instructions": ("Cochez les cases au stylo. Pour annuler une case cochée, noircissez-la entièrement. "
                              "N’écrivez rien près des coins ni sur le code en haut à droite."),
        "question_booklet": "Livret de questions",
        "answer_sheet": "Feuille de réponses",
        "booklet_how": ("Répondez sur la feuille de réponses de la variante {code}, pas sur ce livret : "
                        "il resservira à d’autres élèves."),
        "answer_sheet_how": ("Les questions sont dans le livret de la variante {code}. Cochez vos réponses ici "
                             "et écrivez sur les lignes les réponses rédigées."),
        "answer_sheet_tick": "Cochez ainsi :",
        "answer_sheet_cancel": "pour annuler, noircissez :",
        "lettered_techniques": "Procédés de la liste",
        "model_answer": "Réponse attendue",
        "rubric": "Barème",
        "also_accept": "accepter aussi",
        "example": "exemple",
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
        "self_check_instructions": "Lisez l’article (sous « Texte à lire », à déplier), répondez dans cette page, "
                                   "puis appuyez sur « Vérifier » : chaque question dit si votre réponse est juste, "
                                   "et pourquoi.",
        "technique_options": "Techniques proposées",
        "categories": "Catégories",
        "row": "Extrait",
        "justification_met": "Ma justification dit l’essentiel de l’explication.",
        "true_or_false": "Vrai ou faux ?",
        # ---- terminal practice ----
        # ---- the class report and grade files (quizgen.grading) ----
        "report.copy_kicker": "Copie corrigée",
        "report.copy_anonymous": "Copie sans nom",
        "report.copy_mark": "Note",
        "report.report_title": "Analyse des résultats",
        "report.generated_from": "Banque",
        "report.class": "Classe",
        "report.students": "élèves",
        "report.questions": "questions",
        "report.summary": "En bref",
        "report.mark_mean": "Moyenne",
        "report.mark_median": "Médiane",
        "report.mark_sd": "Écart type",
        "report.mark_range": "Note la plus basse / la plus haute",
        "report.marks_histogram": "Répartition des notes",
        "report.marks_axis": "Note sur {scale}",
        "report.students_axis": "Nombre d’élèves",
        "report.alpha": "Cohérence interne (alpha de Cronbach)",
        "report.kr20": "Cohérence interne (KR-20 = alpha de Cronbach)",
        "report.alpha_meaning": "L’alpha mesure si les questions évaluent la même compétence : plus il est proche de 1,"
                                " plus la note est fiable ; à {value}, une note individuelle est précise à environ "
                                "±{sem} points sur {scale}.",
        "report.alpha_none": "L’alpha de Cronbach ne peut pas être calculé ici (moins de deux questions ou de deux "
                             "élèves, ou toutes les notes sont égales).",
        "report.alpha_verdict_good": "C’est satisfaisant (Moodle : au-dessus de 0,75).",
        "report.alpha_verdict_fair": "C’est acceptable pour un contrôle en classe, pas pour un examen (Moodle : "
                                     "satisfaisant au-dessus de 0,75, insuffisant sous 0,64).",
        "report.alpha_verdict_poor": "C’est faible : la note mélange des compétences différentes, ou le contrôle est "
                                     "court ; lisez-la avec prudence.",
        "report.per_question": "Question par question",
        "report.per_question_intro": "Questions dans l’ordre de la banque (comme le corrigé détaillé de la classe). "
                                     "Réussite = moyenne des points obtenus sur les points de la question. "
                                     "Discrimination = corrélation entre la question et le reste du contrôle (indice de"
                                     " discrimination de Moodle) : au-dessus de 30 %, la question sépare bien les "
                                     "élèves forts des autres ; sous 20 %, peu ; négative, elle est à revoir. Écart "
                                     "haut-bas = réussite du groupe fort moins celle du groupe faible ({upper} et "
                                     "{lower} élèves : 27 % de la classe chacun, ex æquo compris).",
        "report.number": "N°",
        "report.question": "Question",
        "report.type": "Type",
        "report.facility": "Réussite",
        "report.discrimination": "Discrimi­nation",
        "report.upper_lower": "Écart haut-bas",
        "report.no_answer": "Sans réponse",
        "report.flags": "À regarder",
        "report.scatter_title": "Réussite et discrimination de chaque question",
        "report.scatter_x": "Réussite (%)",
        "report.scatter_y": "Discrimination (%)",
        "report.distractors": "Qui a choisi quoi",
        "report.distractors_intro": "Pour chaque question à choix, combien d’élèves ont coché chaque réponse, dans "
                                    "toute la classe et dans les groupes fort et faible (27 % chacun). La bonne réponse"
                                    " est en gras, avec un trait à gauche.",
        "report.choice": "Réponse",
        "report.everyone": "Classe",
        "report.upper_group": "Groupe fort",
        "report.lower_group": "Groupe faible",
        "report.groups_undefined": "Trop de notes égales pour former les groupes fort et faible.",
        "report.techniques_view": "Quels procédés la classe confond",
        "report.techniques_intro": "Lignes : le procédé attendu ; colonnes : le procédé donné. La diagonale (encadrée) "
                                   "compte les bonnes réponses ; une case foncée hors de la diagonale est une "
                                   "confusion.",
        "report.verdicts_view": "Vérification : verdicts de la classe",
        "report.verdicts_intro": "Lignes : le verdict établi pour l’affirmation ; colonnes : le classement choisi par "
                                 "les élèves. Juger fausses des affirmations exactes est le travers que la littérature "
                                 "sur l’« inoculation » signale : l’excès de scepticisme.",
        "report.intended": "Attendu",
        "report.given": "Donné",
        "report.no_readings": "Rien de net à signaler : aucune erreur n’est assez fréquente pour être interprétée.",
        "report.no_data_techniques": "Aucune question d’appariement ou à choix sur les procédés dans ce contrôle.",
        "report.no_data_verdicts": "Aucun classement d’affirmations vérifiées dans ce contrôle.",
        "report.readings_rule": "Une lecture n’est écrite que si au moins {min_students} élèves (ou réponses) sont "
                                "concernés, sur au moins {min_group}, et au moins {min_share} % d’entre eux.",
        "report.by_skill": "Par compétence",
        "report.skill": "Compétence",
        "report.technique": "Procédé",
        "report.by_technique": "Par procédé",
        "report.group_reading": "le moins réussi : « {weak} » ({weak_share} de réussite) ; le mieux réussi : "
                                "« {strong} » ({strong_share})",
        "report.units": "Questions ou lignes",
        "report.skill.identify-technique": "Repérer un procédé",
        "report.skill.verify-claim": "Vérifier une affirmation",
        "report.skill.evaluate-source": "Évaluer une source",
        "report.skill.fact-or-opinion": "Fait ou opinion",
        "report.type.single-choice": "choix unique",
        "report.type.multiple-select": "choix multiples",
        "report.type.true-false": "vrai/faux",
        "report.type.matching": "appariement",
        "report.type.short-answer": "réponse rédigée",
        "report.type.claim-classification": "classement",
        "report.flag.easy": "très facile",
        "report.flag.hard": "très difficile",
        "report.flag.weak_discrimination": "discrimine peu",
        "report.flag.negative_discrimination": "discrimination négative",
        "report.flag.possible_wrong_key": "corrigé à vérifier",
        "report.flag.unused_distractor": "jamais choisi",
        "report.flag.attractive_distractor": "attire les forts",
        "report.true": "Vrai",
        "report.false": "Faux",
        "report.no_answer_column": "sans réponse",
        "report.other_column": "autre",
        "report.undefined": "—",
        "report.page": "page",
        "report.grades_name": "Nom",
        "report.grades_first_name": "Prénom",
        "report.grades_class": "Classe",
        "report.grades_mark": "Note/{scale}",
        "report.grades_sheet": "Notes",
        "report.reading.confuses": "la classe confond « {a} » et « {b} » : {count} élèves sur {total}",
        "report.reading.takes_for": "la classe prend « {a} » pour « {b} » : {count} élèves sur {total}",
        "report.reading.over_scepticism": "la classe a jugé inexactes ou trompeuses des affirmations exactes dans "
                                          "{count} réponses sur {total} (excès de scepticisme)",
        "report.reading.credulity": "la classe a jugé exactes des affirmations inexactes ou trompeuses dans {count} "
                                    "réponses sur {total} (crédulité)",
        "report.reading.verdict_mixup": "des affirmations « {a} » ont été classées « {b} » dans {count} réponses sur "
                                        "{total}",
        "practice.intro": "Entraînement : {title}",
        "practice.how": "{count} question(s), tirage n° {seed}. Répondez puis Entrée ; « ? » pour passer ; "
                        "« §3 » pour relire le paragraphe 3 de l’article ; Ctrl-D pour arrêter.",
        "practice.no_paragraph": "Il n’y a pas de §{n} : l’article va de §1 à §{last}.",
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
        "new.c_article": "Les métadonnées de l’article. Son texte, {text}, est gardé tel quel : ne le remettez pas "
                         "en forme (les fichiers d’annotations y renvoient).",
        "new.c_unknown": "Clés obligatoires : écrivez null quand la copie ne le dit pas (c’est aussi une leçon).",
        "new.c_layout_lines": "Un paragraphe (§) par ligne non vide ; le §1 est la première ligne.",
        "new.c_layout_blank_lines": "Les paragraphes (§) sont séparés par des lignes vides ; un retour à la ligne à "
                                    "l’intérieur n’est qu’une coupure.",
        "new.c_bank": "La banque : titre, article, registre des affirmations et sélections. Les questions d’exemple "
                      "sont dans questions.yaml ; docs/bank-format.md décrit chaque champ.",
        "new.c_ledger": "Le registre des affirmations : chaque affirmation vérifiable de l’article, une fois, avec "
                        "son verdict et ses sources.",
        "new.c_excerpt": "copié exactement du §{n} ; quizgen check vérifie qu’il y est",
        "new.c_verdict": "accurate, inaccurate, misleading, unverifiable, contested, outdated ou opinion",
        "new.c_sources": "Un verdict factuel (accurate, inaccurate, misleading, contested, outdated) exige ses "
                         "sources :",
        "new.c_presets": "Sélections nommées : quizgen build --preset {id}",
        "new.c_examples": "Un exemple de chaque type de question. Les extraits sont de vraies phrases de l’article, "
                          "mais AUCUN CORRIGÉ N’A ÉTÉ VÉRIFIÉ : réécrivez (ou supprimez) chaque exemple avant "
                          "d’imprimer. Identifiants des procédés : quizgen techniques.",
        "new.c_single_choice": "single-choice : une seule bonne réponse ; chaque mauvaise dit pourquoi (why_wrong).",
        "new.c_techniques": "identifiants du glossaire (quizgen techniques)",
        "new.c_multiple_select": "multiple-select : une ou plusieurs bonnes réponses et au moins une mauvaise.",
        "new.c_true_false": "true-false : answer vaut true ou false (jamais oui/non) ; justify_points des points "
                            "vont à la justification écrite.",
        "new.c_matching": "matching : chaque extrait avec son procédé ; distractors ajoute des procédés qui ne "
                          "correspondent à aucun extrait.",
        "new.c_short_answer": "short-answer : une réponse attendue et un barème dont les points font ceux de la "
                              "question.",
        "new.c_classification": "claim-classification : une ligne par élément, affirmation du registre (claim: C1) "
                                "ou extrait avec sa catégorie ; catégories par défaut accurate, inaccurate, "
                                "misleading, unverifiable.",
        "new.instructions": "Lisez l’article (les numéros § renvoient à ses paragraphes), puis répondez sur la "
                            "fiche.",
        "new.claim_explanation": "Exemple à réécrire : vérifiez cette affirmation, donnez son verdict et, pour un "
                                 "verdict factuel, ses sources.",
        "new.preset_id": "controle-court",
        "new.preset_title": "Contrôle rapide",
        "new.sc_prompt": "Quel procédé l’auteur utilise-t-il dans cet extrait ?",
        "new.sc_why_wrong": "Exemple à réécrire : dites pourquoi ce procédé n’est pas celui de l’extrait.",
        "new.sc_explanation": "Exemple à réécrire : vérifiez le corrigé sur l’extrait, puis citez les mots qui "
                              "portent le procédé.",
        "new.ms_prompt": "L’extrait affirme un fait. Qu’est-ce qui vous aiderait à le vérifier ?",
        "new.ms_first": "Retrouver qui l’a rapporté en premier",
        "new.ms_second": "Le chercher dans une source indépendante",
        "new.ms_wrong": "Compter combien de fois l’article le dit",
        "new.ms_why_wrong": "Répéter une chose ne la rend pas vraie.",
        "new.ms_explanation": "Pour vérifier un fait, on remonte à son origine et on compare avec des sources "
                              "indépendantes.",
        "new.tf_prompt": "Cet extrait énonce un fait que l’on peut vérifier.",
        "new.tf_explanation": "Exemple à réécrire : vérifiez le corrigé, puis dites ce qui, dans l’extrait, peut "
                              "(ou non) se vérifier.",
        "new.match_prompt": "Associez chaque extrait au procédé qu’il utilise.",
        "new.match_explanation": "Exemple à réécrire : vérifiez chaque paire, puis citez les mots qui portent "
                                 "chaque procédé.",
        "new.sa_prompt": "Comment vérifieriez-vous l’affirmation de cet extrait ? Nommez une source que vous "
                         "consulteriez et dites pourquoi vous lui feriez confiance.",
        "new.sa_model": "Je chercherais le document ou les chiffres d’origine, puis je les comparerais avec une "
                        "seconde source indépendante, car une source primaire montre les faits sans commentaire.",
        "new.sa_rubric_source": "Nomme une source qui peut confirmer ou réfuter l’affirmation.",
        "new.sa_rubric_why": "Explique pourquoi cette source est fiable pour cette affirmation.",
        "new.sa_explanation": "Une vérification part des documents d’origine et compare des sources indépendantes.",
        "new.cl_prompt": "Chaque extrait est-il un fait ou une opinion ?",
        "new.cl_fact": "Fait",
        "new.cl_opinion": "Opinion",
        "new.cl_item_explanation": "Exemple à réécrire : vérifiez la catégorie, puis dites pourquoi.",
        "new.cl_explanation": "Un fait se vérifie ; une opinion se discute.",
        "new.cli_created": "créé    {path}",
        "new.cli_kept": "gardé   {path} (déjà là)",
        "new.cli_summary": "Banque « {id} » ({lang}) : l’article a {paragraphs} paragraphes, {layout}.",
        "new.cli_layout_lines": "un par ligne",
        "new.cli_layout_blank_lines": "séparés par des lignes vides",
        "new.cli_next": "Ensuite : réécrivez les exemples de {questions} (leurs corrigés n’ont pas été vérifiés), "
                        "puis : {check}",
        "techniques.title": "{count} procédés dans {files}",
        "techniques.id": "Identifiant",
        "techniques.french": "Nom français",
        "techniques.english": "Nom anglais",
        "techniques.category": "Catégorie",
        "techniques.old": "Étiquettes SemEval-2020 / PTC",
        "annotations.draft_header": "Brouillon écrit par « quizgen annotations import » depuis {source} (article "
                                    "{article}) pour la banque {bank} : {count} extraits annotés.",
        "annotations.draft_how": "Rien n’est actif : chaque ligne est un commentaire. Gardez ce qui vous sert, "
                                 "décommentez-le (ôtez le premier « # » de chaque ligne), réécrivez consignes et "
                                 "explications, puis lancez quizgen check.",
        "annotations.draft_merged": "Les extraits sont élargis aux mots entiers et situés dans l’article (§). Un "
                                    "extrait à plusieurs procédés, ou une classe fusionnée de SemEval-2020, donne "
                                    "technique + also_accept : gardez le procédé qui convient.",
        "annotations.draft_matching_note": "Paires candidates pour un appariement : une par extrait annoté "
                                           "(gardez-en 3 à 6).",
        "annotations.draft_matching_prompt": "Associez chaque extrait au procédé qu’il utilise.",
        "annotations.draft_classification_note": "Les mêmes extraits comme lignes d’un classement, le procédé comme "
                                                 "catégorie et sa définition comme explication.",
        "annotations.draft_classification_prompt": "Quel procédé chaque extrait utilise-t-il ?",
        "annotations.draft_explanation": "À réécrire : ce que les annotateurs ont relevé, dit pour vos élèves.",
        "annotations.wrote": "Brouillon écrit : {path} ({count} extraits annotés, article {article}).",
        "annotations.title": "Banque {bank} et annotations {path} ({format}, article {article})",
        "annotations.agreement": "Accord : {confirmed} des {labels} étiquettes de la banque ({rate}) sont annotées "
                                 "du même procédé ; {contradicted} d’un autre, {unannotated} pas du tout.",
        "annotations.coverage": "Couverture : {used} des {annotations} annotations ({rate}) sont utilisées par la "
                                "banque avec le même procédé ; {used_otherwise} avec un autre, {unused} pas du tout.",
        "annotations.none": "aucune",
        "annotations.technique": "Procédé",
        "annotations.bank_side": "Étiquettes de la banque : confirmées / autre procédé / non annotées",
        "annotations.annotation_side": "Annotations : utilisées / autrement / non utilisées",
        "annotations.disagreements": "Étiquettes de la banque que les annotations ne confirment pas :",
        "annotations.annotated_as": "annoté : {techniques}",
        "annotations.unused": "Annotations que la banque n’utilise pas :",
        # ---- quizgen scan: the review page and the responses table's note column ----
        "scan.title": "Lecture des copies scannées : à vérifier",
        "scan.summary": "{pages} page(s) dans les scans ; {read} page(s) de cette classe lues, {sheets} copie(s).",
        "scan.nothing_to_check": "Rien à vérifier : toutes les cases ont été lues avec certitude.",
        "scan.to_check": "{count} élément(s) à vérifier ci-dessous.",
        "scan.next": "Corrigez les lignes indiquées de {csv}, puis notez la classe :",
        "scan.absent": "Copies dont aucune page n’est dans les scans (élèves absents ?) :",
        "scan.sheet": "Copie {number}",
        "scan.page": "page {page}",
        "scan.question": "question {number}",
        "scan.row": "ligne {row}",
        "scan.csv_line": "ligne {line} de {csv}",
        "scan.from_scan": "Scan",
        "scan.reader_says": "Détail du lecteur",
        "scan.note": "à vérifier : {review} n° {number}",
        "scan.state.ticked": "cochée",
        "scan.state.filled": "noircie (annulée)",
        "scan.state.empty": "vide",
        "scan.state.unsure": "incertaine",
        "scan.box": "case {token}",
        "scan.score_box": "points {token}",
        "scan.why.faint": "trait léger : crayon ou coche effacée ?",
        "scan.why.small": "petite marque : coche ou trait égaré ?",
        "scan.why.heavy": "marque épaisse : croix, ou case noircie (annulée) ?",
        "scan.why.blackened": "case en partie noircie : une coche en cours d’annulation ?",
        "scan.why.moved": "case décalée : la feuille est-elle gondolée ?",
        "scan.why.twice": "deux scans de cette page ne disent pas la même chose",
        "scan.kind.unsure": "Case incertaine",
        "scan.kind.two_ticks": "Deux cases cochées sur une question à une seule réponse",
        "scan.kind.no_score": "Points non cochés",
        "scan.kind.two_scores": "Plusieurs cases de points cochées",
        "scan.kind.page_failed": "Page non lue",
        "scan.kind.page_other": "Page d’une autre classe",
        "scan.kind.page_replaced": "Page non lue, mais lue sur un autre scan",
        "scan.kind.page_missing": "Page absente des scans",
        "scan.kind.page_twice": "Page scannée deux fois, lectures différentes",
        "scan.todo.unsure": "Regardez l’image : à la {where}, remplacez « ? » par les lettres vraiment cochées "
                            "(rien si aucune) et, s’il le faut, écrivez les points dans la colonne points.",
        "scan.todo.two_ticks": "Une seule case pouvait être cochée. Si l’une a été annulée, ne gardez que l’autre "
                               "à la {where} ; sinon, effacez la réponse de cette ligne (aucun point).",
        "scan.todo.no_score": "Aucune case de points n’est cochée : écrivez les points donnés dans la colonne "
                              "points, à la {where}.",
        "scan.todo.two_scores": "Écrivez les points donnés dans la colonne points, à la {where}.",
        "scan.todo.page_failed": "Si c’est une page de cette classe, scannez-la de nouveau (à plat, 200 dpi) et "
                                 "relancez quizgen scan avec tous les fichiers ; sinon, ignorez-la.",
        "scan.todo.page_lost": "Scannez-la de nouveau (à plat, 200 dpi) et relancez quizgen scan avec tous les "
                               "fichiers, ou ajoutez à la main à {csv} les lignes des questions {questions}.",
        "scan.todo.page_replaced": "Rien à faire : la page a été lue sur un autre scan.",
        "scan.todo.page_other": "Cette page n’appartient pas à cette classe : lisez-la avec le dossier de sa classe "
                                "(quizgen scan DOSSIER fichier), ou ignorez-la.",
        "scan.todo.page_missing": "Scannez cette page et relancez quizgen scan avec tous les fichiers, ou ajoutez "
                                  "à la main à {csv} les lignes des questions {questions}.",
        "scan.todo.page_twice": "Les cases sur lesquelles les deux scans diffèrent sont signalées une à une "
                                "ci-dessous.",
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
        "tick_true_false_box": "Tick True or False, then justify.",
        "match_boxes": "For each excerpt, tick the letter of the technique that matches it.",
        "teacher_points": "Points (teacher)",
        "scan_instructions": ("Tick the boxes with a pen. To cancel a ticked box, fill it in completely. "
                              "Write nothing near the corners or on the code at the top right."),
        "question_booklet": "Question booklet",
        "answer_sheet": "Answer sheet",
        "booklet_how": ("Answer on the answer sheet of variant {code}, not in this booklet: other students "
                        "will use it again."),
        "answer_sheet_how": ("The questions are in the booklet of variant {code}. Tick your answers here and "
                             "write the answers to open questions on the lines."),
        "answer_sheet_tick": "Tick like this:",
        "answer_sheet_cancel": "to cancel, fill in:",
        "lettered_techniques": "Techniques in the list",
        "model_answer": "Model answer",
        "rubric": "Marking rubric",
        "also_accept": "also accept",
        "example": "example",
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
        "self_check_instructions": "Read the article (under “Reading handout”, click to unfold), answer in this "
                                   "page, then press “Check”: each question says whether your answer is right, and "
                                   "why.",
        "technique_options": "Techniques offered",
        "categories": "Categories",
        "row": "Excerpt",
        "justification_met": "My justification says what the explanation says.",
        "true_or_false": "True or false?",
        "report.report_title": "Results analysis",
        "report.generated_from": "Bank",
        "report.class": "Class",
        "report.students": "students",
        "report.questions": "questions",
        "report.summary": "Summary",
        "report.mark_mean": "Mean",
        "report.mark_median": "Median",
        "report.mark_sd": "Standard deviation",
        "report.mark_range": "Lowest / highest mark",
        "report.marks_histogram": "Distribution of marks",
        "report.marks_axis": "Mark out of {scale}",
        "report.students_axis": "Number of students",
        "report.alpha": "Internal consistency (Cronbach’s alpha)",
        "report.kr20": "Internal consistency (KR-20 = Cronbach’s alpha)",
        "report.alpha_meaning": "Alpha tells whether the questions measure the same skill: the closer to 1, the more "
                                "reliable the mark; at {value}, a single student’s mark is accurate to about ±{sem} "
                                "points out of {scale}.",
        "report.alpha_none": "Cronbach’s alpha cannot be computed here (fewer than two questions or two students, or "
                             "every mark is the same).",
        "report.alpha_verdict_good": "That is satisfactory (Moodle: above 0.75).",
        "report.alpha_verdict_fair": "That is acceptable for a class quiz, not for an exam (Moodle: satisfactory above "
                                     "0.75, unsatisfactory below 0.64).",
        "report.alpha_verdict_poor": "That is low: the mark mixes different skills, or the quiz is short; read it with "
                                     "care.",
        "report.per_question": "Question by question",
        "report.per_question_intro": "Questions in bank order (as in the class's detailed answer key). Facility = mean "
                                     "points earned over the question's points. Discrimination = correlation between "
                                     "the question and the rest of the quiz (Moodle's discrimination index): above 30%,"
                                     " the question separates strong students from the others well; below 20%, poorly; "
                                     "negative, it needs a look. Upper−lower = facility in the upper group minus the "
                                     "lower group ({upper} and {lower} students: 27% of the class each, ties "
                                     "included).",
        "report.number": "No.",
        "report.question": "Question",
        "report.type": "Type",
        "report.facility": "Facility",
        "report.discrimination": "Discrimi­nation",
        "report.upper_lower": "Upper − lower",
        "report.no_answer": "No answer",
        "report.flags": "Look at",
        "report.scatter_title": "Facility and discrimination of each question",
        "report.scatter_x": "Facility (%)",
        "report.scatter_y": "Discrimination (%)",
        "report.distractors": "Who chose what",
        "report.distractors_intro": "For each choice question, how many students ticked each answer, in the whole class"
                                    " and in the upper and lower groups (27% each). The key is in bold, with a bar on "
                                    "its left.",
        "report.choice": "Answer",
        "report.everyone": "Class",
        "report.upper_group": "Upper group",
        "report.lower_group": "Lower group",
        "report.groups_undefined": "Too many equal marks to form upper and lower groups.",
        "report.techniques_view": "Which techniques the class confuses",
        "report.techniques_intro": "Rows: the technique expected; columns: the technique given. The (outlined) diagonal"
                                   " counts right answers; a dark cell off the diagonal is a confusion.",
        "report.verdicts_view": "Fact-checking: the class's verdicts",
        "report.verdicts_intro": "Rows: the verdict established for the claim; columns: the category the students "
                                 "chose. Calling accurate claims false is the failure the inoculation literature warns "
                                 "about: over-scepticism.",
        "report.intended": "Expected",
        "report.given": "Given",
        "report.no_readings": "Nothing clear to report: no mistake is frequent enough to be read.",
        "report.no_data_techniques": "No matching or technique choice question in this quiz.",
        "report.no_data_verdicts": "No classification of checked claims in this quiz.",
        "report.readings_rule": "A reading is written only when at least {min_students} students (or answers) are "
                                "involved, out of at least {min_group}, and at least {min_share}% of them.",
        "report.by_skill": "By skill",
        "report.skill": "Skill",
        "report.technique": "Technique",
        "report.by_technique": "By technique",
        "report.group_reading": "weakest: “{weak}” ({weak_share} right); strongest: “{strong}” ({strong_share})",
        "report.units": "Questions or rows",
        "report.skill.identify-technique": "Identify a technique",
        "report.skill.verify-claim": "Verify a claim",
        "report.skill.evaluate-source": "Evaluate a source",
        "report.skill.fact-or-opinion": "Fact or opinion",
        "report.type.single-choice": "single choice",
        "report.type.multiple-select": "multiple select",
        "report.type.true-false": "true/false",
        "report.type.matching": "matching",
        "report.type.short-answer": "written answer",
        "report.type.claim-classification": "classification",
        "report.flag.easy": "very easy",
        "report.flag.hard": "very hard",
        "report.flag.weak_discrimination": "weak discrimination",
        "report.flag.negative_discrimination": "negative discrimination",
        "report.flag.possible_wrong_key": "check the key",
        "report.flag.unused_distractor": "nobody chose it",
        "report.flag.attractive_distractor": "attracts strong students",
        "report.true": "True",
        "report.false": "False",
        "report.no_answer_column": "no answer",
        "report.other_column": "other",
        "report.undefined": "—",
        "report.page": "page",
        "report.grades_name": "Last name",
        "report.grades_first_name": "First name",
        "report.grades_class": "Class",
        "report.grades_mark": "Mark/{scale}",
        "report.grades_sheet": "Marks",
        "report.reading.confuses": "the class confuses “{a}” and “{b}”: {count} of {total} students",
        "report.reading.takes_for": "the class takes “{a}” for “{b}”: {count} of {total} students",
        "report.reading.over_scepticism": "the class called accurate claims false or misleading in {count} of {total} "
                                          "answers (over-scepticism)",
        "report.reading.credulity": "the class called false or misleading claims accurate in {count} of {total} answers"
                                    " (credulity)",
        "report.reading.verdict_mixup": "claims rated “{a}” were classified “{b}” in {count} of {total} answers",
        "report.copy_kicker": "Marked copy",
        "report.copy_anonymous": "Unnamed sheet",
        "report.copy_mark": "Mark",
        "practice.intro": "Practice: {title}",
        "practice.how": "{count} question(s), seed {seed}. Answer then Enter; “?” to skip; “§3” to read paragraph 3 "
                        "of the article again; Ctrl-D to stop.",
        "practice.no_paragraph": "There is no §{n}: the article goes from §1 to §{last}.",
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
        "new.c_article": "The article's metadata. Its text, {text}, is kept exactly as you gave it: do not re-flow "
                         "it (annotation files point into it).",
        "new.c_unknown": "Required keys: write null when the copy does not say (that is a lesson too).",
        "new.c_layout_lines": "One paragraph (§) per non-empty line; §1 is the first line.",
        "new.c_layout_blank_lines": "Paragraphs (§) are separated by blank lines; a line break inside one is only "
                                    "wrapping.",
        "new.c_bank": "The bank: title, article, claim ledger and presets. The example questions are in "
                      "questions.yaml; docs/bank-format.md describes every field.",
        "new.c_ledger": "The claim ledger: each checkable claim of the article once, with its verdict and the "
                        "sources behind it.",
        "new.c_excerpt": "copied exactly from §{n}; quizgen check proves it is there",
        "new.c_verdict": "accurate, inaccurate, misleading, unverifiable, contested, outdated or opinion",
        "new.c_sources": "A factual verdict (accurate, inaccurate, misleading, contested, outdated) needs its "
                         "sources:",
        "new.c_presets": "Named selections: quizgen build --preset {id}",
        "new.c_examples": "One example of each question type. Their excerpts are real sentences of the article, but "
                          "NO KEY WAS CHECKED: rewrite (or delete) each example before printing. Technique ids: "
                          "quizgen techniques.",
        "new.c_single_choice": "single-choice: exactly one correct choice; each wrong one says why (why_wrong).",
        "new.c_techniques": "glossary ids (quizgen techniques)",
        "new.c_multiple_select": "multiple-select: one or more correct choices and at least one wrong one.",
        "new.c_true_false": "true-false: answer is true or false (never yes/no); justify_points of the points go to "
                            "the written justification.",
        "new.c_matching": "matching: each excerpt with its technique; distractors add techniques that match no "
                          "excerpt.",
        "new.c_short_answer": "short-answer: a model answer and a rubric whose points add up to the question's "
                              "points.",
        "new.c_classification": "claim-classification: one row per item, a ledger claim (claim: C1) or an excerpt "
                                "with its category; default categories accurate, inaccurate, misleading, "
                                "unverifiable.",
        "new.instructions": "Read the article (the § numbers refer to its paragraphs), then answer on the sheet.",
        "new.claim_explanation": "Example to rewrite: check this claim, give its verdict and, for a factual "
                                 "verdict, its sources.",
        "new.preset_id": "quick-check",
        "new.preset_title": "Quick check",
        "new.sc_prompt": "Which technique does the author use in this excerpt?",
        "new.sc_why_wrong": "Example to rewrite: say why this technique is not the one used here.",
        "new.sc_explanation": "Example to rewrite: check the key against the excerpt, then name the words that "
                              "carry the technique.",
        "new.ms_prompt": "The excerpt states a fact. What would help you check it?",
        "new.ms_first": "Finding who first reported it",
        "new.ms_second": "Looking for it in an independent source",
        "new.ms_wrong": "Counting how often the article says it",
        "new.ms_why_wrong": "Saying a thing again does not make it true.",
        "new.ms_explanation": "To check a fact, go back to where it comes from and compare with independent sources.",
        "new.tf_prompt": "This excerpt states a fact that could be checked.",
        "new.tf_explanation": "Example to rewrite: check the key, then say what in the excerpt can (or cannot) be "
                              "checked.",
        "new.match_prompt": "Match each excerpt with the technique it uses.",
        "new.match_explanation": "Example to rewrite: check each pair, then name the words that carry each "
                                 "technique.",
        "new.sa_prompt": "How would you check the claim in this excerpt? Name a source you would consult and say "
                         "why you would trust it.",
        "new.sa_model": "I would find the original document or figures the claim comes from, then compare them with "
                        "a second, independent source, because a primary source shows the facts without anyone's "
                        "comment.",
        "new.sa_rubric_source": "Names a source that can confirm or refute the claim.",
        "new.sa_rubric_why": "Explains why that source can be trusted for this claim.",
        "new.sa_explanation": "A check starts from the original documents and compares independent sources.",
        "new.cl_prompt": "Is each excerpt a fact or an opinion?",
        "new.cl_fact": "Fact",
        "new.cl_opinion": "Opinion",
        "new.cl_item_explanation": "Example to rewrite: check the category, then say why.",
        "new.cl_explanation": "A fact can be checked; an opinion can be discussed.",
        "new.cli_created": "created {path}",
        "new.cli_kept": "kept    {path} (already there)",
        "new.cli_summary": "Bank '{id}' ({lang}): the article has {paragraphs} paragraphs, {layout}.",
        "new.cli_layout_lines": "one per line",
        "new.cli_layout_blank_lines": "separated by blank lines",
        "new.cli_next": "Next: rewrite the examples in {questions} (their keys were not checked), then: {check}",
        "techniques.title": "{count} techniques in {files}",
        "techniques.id": "Id",
        "techniques.french": "French name",
        "techniques.english": "English name",
        "techniques.category": "Category",
        "techniques.old": "SemEval-2020 / PTC labels",
        "annotations.draft_header": "Draft written by 'quizgen annotations import' from {source} (article "
                                    "{article}) for bank {bank}: {count} annotated excerpts.",
        "annotations.draft_how": "Nothing here is active: every line is a comment. Keep what you want, uncomment it "
                                 "(remove the first \"# \" of each line), rewrite the prompts and explanations, "
                                 "then run quizgen check.",
        "annotations.draft_merged": "Excerpts are widened to whole words and placed in the article (§). An excerpt "
                                    "with several techniques, or a merged SemEval-2020 class, gives technique + "
                                    "also_accept: keep the technique that fits.",
        "annotations.draft_matching_note": "Candidate pairs for a matching question: one per annotated excerpt "
                                           "(keep 3 to 6).",
        "annotations.draft_matching_prompt": "Match each excerpt with the technique it uses.",
        "annotations.draft_classification_note": "The same excerpts as rows of a classification, the technique as "
                                                 "category and its definition as explanation.",
        "annotations.draft_classification_prompt": "Which technique does each excerpt use?",
        "annotations.draft_explanation": "To rewrite: what the annotators found, said for your students.",
        "annotations.wrote": "Draft written: {path} ({count} annotated excerpts, article {article}).",
        "annotations.title": "Bank {bank} and annotations {path} ({format}, article {article})",
        "annotations.agreement": "Agreement: {confirmed} of the bank's {labels} labels ({rate}) are annotated with "
                                 "the same technique; {contradicted} with another, {unannotated} not at all.",
        "annotations.coverage": "Coverage: {used} of the {annotations} annotations ({rate}) are used by the bank "
                                "with the same technique; {used_otherwise} with another, {unused} not at all.",
        "annotations.none": "none",
        "annotations.technique": "Technique",
        "annotations.bank_side": "Bank labels: confirmed / other technique / unannotated",
        "annotations.annotation_side": "Annotations: used / otherwise / unused",
        "annotations.disagreements": "Bank labels the annotations do not confirm:",
        "annotations.annotated_as": "annotated: {techniques}",
        "annotations.unused": "Annotations the bank does not use:",
        # ---- quizgen scan: the review page and the responses table's note column ----
        "scan.title": "Scanned sheets: what to check",
        "scan.summary": "{pages} page(s) in the scans; {read} page(s) of this class read, {sheets} sheet(s).",
        "scan.nothing_to_check": "Nothing to check: every box was read with certainty.",
        "scan.to_check": "{count} item(s) to check below.",
        "scan.next": "Correct the lines named in {csv}, then grade the class:",
        "scan.absent": "Sheets with no page in the scans (absent students?):",
        "scan.sheet": "Sheet {number}",
        "scan.page": "page {page}",
        "scan.question": "question {number}",
        "scan.row": "row {row}",
        "scan.csv_line": "line {line} of {csv}",
        "scan.from_scan": "Scan",
        "scan.reader_says": "Reader's detail",
        "scan.note": "to check: {review} #{number}",
        "scan.state.ticked": "ticked",
        "scan.state.filled": "filled in (cancelled)",
        "scan.state.empty": "empty",
        "scan.state.unsure": "unsure",
        "scan.box": "box {token}",
        "scan.score_box": "points {token}",
        "scan.why.faint": "faint line: pencil or an erased tick?",
        "scan.why.small": "small mark: a tick or a stray stroke?",
        "scan.why.heavy": "heavy mark: a cross, or a filled-in (cancelled) box?",
        "scan.why.blackened": "box partly filled in: a tick being cancelled?",
        "scan.why.moved": "box out of place: is the sheet curled?",
        "scan.why.twice": "two scans of this page disagree",
        "scan.kind.unsure": "Unsure box",
        "scan.kind.two_ticks": "Two boxes ticked on a one-answer question",
        "scan.kind.no_score": "No points ticked",
        "scan.kind.two_scores": "Several point boxes ticked",
        "scan.kind.page_failed": "Page not read",
        "scan.kind.page_other": "Page of another class",
        "scan.kind.page_replaced": "Page not read, but read from another scan",
        "scan.kind.page_missing": "Page missing from the scans",
        "scan.kind.page_twice": "Page scanned twice, read differently",
        "scan.todo.unsure": "Look at the picture: on {where}, replace “?” with the letters really ticked "
                            "(nothing if none) and, if needed, write the points in the points column.",
        "scan.todo.two_ticks": "Only one box could be ticked. If one was cancelled, keep only the other on "
                               "{where}; otherwise clear that line's answer (no point).",
        "scan.todo.no_score": "No point box is ticked: write the points given in the points column, on {where}.",
        "scan.todo.two_scores": "Write the points given in the points column, on {where}.",
        "scan.todo.page_failed": "If it is a page of this class, scan it again (flat, 200 dpi) and run quizgen "
                                 "scan again with all the files; otherwise ignore it.",
        "scan.todo.page_lost": "Scan it again (flat, 200 dpi) and run quizgen scan again with all the files, or "
                               "add the lines of questions {questions} to {csv} by hand.",
        "scan.todo.page_replaced": "Nothing to do: the page was read from another scan.",
        "scan.todo.page_other": "This page is not of this class: read it with its own class folder "
                                "(quizgen scan FOLDER file), or ignore it.",
        "scan.todo.page_missing": "Scan this page and run quizgen scan again with all the files, or add the lines "
                                  "of questions {questions} to {csv} by hand.",
        "scan.todo.page_twice": "The boxes the two scans disagree on are listed one by one below.",
    },
}


def label(language: str, key: str, **values: Any) -> str:
    """The label in `language` (English when the language has no catalogue), filled and typeset."""
    catalogue = LABELS.get(language, LABELS["en"])
    text = catalogue[key] if key in catalogue else LABELS["en"][key]
    if values:
        text = text.format(**values)
    return typeset(text, language if language in LABELS else "en")


def words(language: str, key: str, **values: Any) -> str:
    """The label in `language`, filled but not typeset: text that goes into a file a person edits
    (a new bank's examples) or to a terminal, where the no-break spaces of typesetting do not belong."""
    catalogue = LABELS.get(language, LABELS["en"])
    text = catalogue[key] if key in catalogue else LABELS["en"][key]
    return text.format(**values) if values else text


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
