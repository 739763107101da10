"""Self-study: a variant as plain, JSON-able data with everything a student needs for feedback.

The same data drives the offline HTML self-check (embedded as JSON, rendered by
templates/selfstudy/quiz.js) and the terminal practice session (quizgen.practice).
What is correct comes from the variant (`PrintedQuestion.correct`, `Row.answers`):
it is read here, never recomputed.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from markupsafe import Markup

from quizgen.bank import model
from quizgen.core.i18n import french, localize, message
from quizgen.core.problems import TemplateProblem
from quizgen.sheets.html import TemplateSet, render_template
from quizgen.variants.draw import PrintedQuestion, Variant

QUIZ_TEMPLATE = "selfstudy/quiz.html"
QUIZ_CSS = "selfstudy/quiz.css"
QUIZ_JS = "selfstudy/quiz.js"

#: Labels of the interactive page and of the terminal session (French first; English for --lang en).
LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "check": "Vérifier",
        "restart": "Recommencer",
        "score": "Score",
        "right": "Juste",
        "wrong": "Faux",
        "partial": "En partie juste",
        "no_answer": "Pas de réponse",
        "self_assess": "À vous d’évaluer : cochez les critères que votre réponse remplit.",
        "your_choice": "Votre choix",
        "expected": "Réponse attendue",
        "choose": "— choisir —",
        "seed": "tirage n°",
        "variant": "variante",
        "reshuffled": "Questions mélangées : nouveau tirage.",
        "missed": "Questions à revoir",
        "none_missed": "Aucune question à revoir. Bravo !",
        "noscript": "Cette page a besoin de JavaScript pour corriger vos réponses. "
                    "Ouvrez-la dans un navigateur où JavaScript est activé.",
        "skip": "Aller aux questions",
        "criterion_met": "critère rempli",
        "to_question": "Aller à la question",
        "type_answer": "Écrivez votre réponse",
        "technique_options": "Techniques proposées",
        "row": "Extrait",
    },
    "en": {
        "check": "Check",
        "restart": "Start again",
        "score": "Score",
        "right": "Right",
        "wrong": "Wrong",
        "partial": "Partly right",
        "no_answer": "No answer",
        "self_assess": "Your turn to mark: tick the criteria your answer meets.",
        "your_choice": "Your choice",
        "expected": "Expected answer",
        "choose": "— choose —",
        "seed": "seed",
        "variant": "variant",
        "reshuffled": "Questions shuffled: new draw.",
        "missed": "Questions to review",
        "none_missed": "Nothing to review. Well done!",
        "noscript": "This page needs JavaScript to check your answers. Open it in a browser with JavaScript on.",
        "skip": "Skip to the questions",
        "criterion_met": "criterion met",
        "to_question": "Go to question",
        "type_answer": "Write your answer",
        "technique_options": "Techniques offered",
        "row": "Excerpt",
    },
}

# Labels shared with the printed sheets (one wording for both).
SHARED = ("question", "point", "points", "explanation", "techniques", "sources", "true", "false",
          "tick_one", "tick_all", "model_answer", "rubric", "claim", "write_answer", "checked_on",
          "why_wrong", "answer", "total")


def labels(language: str) -> dict[str, str]:
    own = LABELS.get(language, LABELS["en"])
    shared = {key: message(language, key) for key in SHARED}
    texts = shared | own
    return {key: french(value) if language == "fr" else value for key, value in texts.items()}


class _Texts:
    """Localised bank text with the same typography as the printed sheets."""

    def __init__(self, variant: Variant):
        self.language = variant.language
        self.fallback = variant.bank.language

    def t(self, text: dict[str, str] | None) -> str:
        value = localize(text, self.language, self.fallback)
        return french(value) if self.language == "fr" else value

    def q(self, text: str) -> str:
        return french(text, quotation=True) if self.language == "fr" else text

    def msg(self, key: str) -> str:
        return self.t({"*": message(self.language, key)})


def _source(tx: _Texts, source: model.Source) -> dict[str, Any]:
    # A title is cited as published: typography is kept, not made French (English titles stay English).
    title = tx.q(localize(source.title, tx.language, tx.fallback))
    return {"title": title, "publisher": source.publisher, "date": source.date, "url": source.url}


def _excerpt(tx: _Texts, excerpt: model.Excerpt) -> dict[str, Any]:
    return {"text": tx.q(excerpt.text), "paragraph": excerpt.paragraph}


def _category_label(tx: _Texts, cid: str, question: model.ClaimClassification) -> str:
    label = question.custom_label(cid)
    return tx.t(label) if label else tx.msg(f"category.{cid}")


def question_data(variant: Variant, printed: PrintedQuestion, tx: _Texts) -> dict[str, Any]:
    q = printed.question
    bank = variant.bank
    data: dict[str, Any] = {
        "number": printed.number,
        "id": q.id,
        "type": q.type,
        "points": q.points,
        "prompt": tx.t(q.prompt),
        "excerpts": [_excerpt(tx, e) for e in q.excerpts],
        "explanation": tx.t(q.explanation),
        "techniques": list(q.techniques),
        "claims": [
            {"verdict": tx.msg(f"category.{bank.claims[cid].verdict}"),
             "excerpt": _excerpt(tx, bank.claims[cid].excerpt),
             "explanation": tx.t(bank.claims[cid].explanation)}
            for cid in q.claims
        ],
        "sources": [_source(tx, s) for s in variant.bank.sources_of(q)],
    }
    correct = printed.correct
    if isinstance(q, (model.SingleChoice, model.MultipleSelect)):
        data["choices"] = [
            {"letter": c.letter, "text": tx.t(c.choice.text), "correct": c.letter in correct,
             "why_wrong": tx.t(c.choice.why_wrong) if c.choice.why_wrong else None, "pinned": c.choice.pinned}
            for c in printed.choices
        ]
    elif isinstance(q, model.TrueFalse):
        data["answer"] = correct
    elif isinstance(q, model.Matching):
        technique_of = dict(printed.options)
        data["options"] = [tid for _, tid in printed.options]
        data["rows"] = [
            {"excerpt": _excerpt(tx, row.excerpt), "answer": technique_of[row.answers[0]],
             "accepted": [technique_of[letter] for letter in row.answers]}
            for row in printed.rows
        ]
    elif isinstance(q, model.ClaimClassification):
        data["options"] = [cid for _, cid in printed.options]
        data["categories"] = {cid: _category_label(tx, cid, q) for _, cid in printed.options}
        data["rows"] = [
            {"excerpt": _excerpt(tx, row.excerpt), "answer": correct[str(row.number)],
             "accepted": [correct[str(row.number)]],
             "explanation": tx.t(row.explanation) if row.explanation else None,
             "sources": [_source(tx, s) for s in (row.claim.sources if row.claim else [])]}
            for row in printed.rows
        ]
    elif isinstance(q, model.ShortAnswer):
        data["model_answer"] = tx.t(q.model_answer)
        data["rubric"] = [{"points": line.points, "criterion": tx.t(line.criterion)} for line in q.rubric]
    return data


def _technique_ids(questions: list[dict[str, Any]]) -> list[str]:
    found: list[str] = []
    for question in questions:
        found += question["techniques"]
        if question["type"] == "matching":
            found += question["options"]
    return sorted(set(found))


def quiz_data(variant: Variant) -> dict[str, Any]:
    """Everything the self-check needs, in the variant's order, as plain JSON-able data."""
    tx = _Texts(variant)
    article = variant.bank.article
    questions = [question_data(variant, p, tx) for p in variant.questions]
    glossary = {
        tid: {"name": tx.t(variant.bank.glossary[tid].name), "definition": tx.t(variant.bank.glossary[tid].definition)}
        for tid in _technique_ids(questions)
    }
    return {
        "format": "quizgen-selfstudy",
        "version": 1,
        "language": variant.language,
        "bank": variant.bank.id,
        "title": tx.t(variant.bank.title),
        "instructions": tx.t(variant.bank.instructions) if variant.bank.instructions else None,
        "article": {"title": article.title, "author": article.author, "publisher": article.publisher,
                    "date": article.date, "url": article.url},
        "seed": variant.seed,
        "variant_code": variant.code,
        "total_points": variant.total_points,
        "labels": labels(variant.language),
        "glossary": glossary,
        "questions": questions,
    }


def script_json(data: Any) -> str:
    """JSON safe inside <script type="application/json">: no "</script>", "<!--" or "]]>" can appear."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def render_quiz(variant: Variant, templates: TemplateSet) -> str:
    """The self-contained HTML self-check of `variant`: CSS, script and data inline, nothing fetched."""
    css = templates.find(QUIZ_CSS).read_text(encoding="utf-8")
    js = templates.find(QUIZ_JS).read_text(encoding="utf-8")
    for name, text, closing in ((QUIZ_CSS, css, "</style"), (QUIZ_JS, js, "</script")):
        if closing in text.lower() or "<!--" in text:
            raise TemplateProblem(f"{name} must not contain '{closing}' or '<!--' (it is inlined in the page).")
    data = quiz_data(variant)
    context = {
        "data": data,
        "labels": data["labels"],
        "data_json": Markup(script_json(data)),
        "css": Markup(css),
        "js": Markup(js),
        # Only the inline style and script written here may run: a second line of defence behind escaping.
        "csp": f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
               "img-src 'none'; form-action 'none'; base-uri 'none'",
    }
    return render_template(templates, QUIZ_TEMPLATE, context)
