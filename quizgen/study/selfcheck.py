"""Self-study: a variant as plain, JSON-able data with everything a student needs for feedback.

The same data drives the offline HTML self-check (embedded as JSON, rendered by
templates/selfstudy/quiz.js) and the terminal practice session (quizgen.study.practice).
Each question carries its type's interaction (how the student answers: `choice`, `truth`,
`rows` or `open`) and its scoring table: quiz.js and practice apply that table with the one
scoring rule (quizgen.types.scoring) instead of scoring anything themselves.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from quizgen.core.bidi import contained
from quizgen.core.labels import LABELS, Texts
from quizgen.core.problems import TemplateProblem
from quizgen.core.typography import COLON, DECIMAL, QUOTES
from quizgen.render.templates import TemplateSet, Verbatim, render_template
from quizgen.types import type_of
from quizgen.types.base import excerpt_data, source_data
from quizgen.types.printed import PrintedQuestion
from quizgen.variants.draw import Variant

QUIZ_TEMPLATE = "selfstudy/quiz.html"
QUIZ_CSS = "selfstudy/quiz.css"
QUIZ_JS = "selfstudy/quiz.js"


def labels(language: str) -> dict[str, str]:
    """Every label in `language`, typeset, for the page (practice reads the same catalogue)."""
    texts = Texts(language, language)
    return {key: texts.msg(key) for key in LABELS["fr"] if not key.startswith("practice.")}


def typography(language: str) -> dict[str, str]:
    """What quiz.js needs to print numbers, labels and quotations as the sheets do."""
    language = language if language in QUOTES else "en"
    opening, closing = QUOTES[language]
    return {"colon": COLON[language], "open_quote": opening, "close_quote": closing, "decimal": DECIMAL[language]}


def question_data(variant: Variant, printed: PrintedQuestion, texts: Texts) -> dict[str, Any]:
    q = printed.question
    bank = variant.bank
    kind = type_of(q)
    return {
        "number": printed.number,
        "id": q.id,
        "type": q.type,
        "points": q.points,
        "prompt": texts.t(q.prompt),
        "excerpts": [excerpt_data(texts, e) for e in q.excerpts],
        "explanation": texts.t(q.explanation),
        "techniques": list(q.techniques),
        "claims": [
            {"verdict": texts.msg(f"category.{bank.claims[cid].verdict}"),
             "excerpt": excerpt_data(texts, bank.claims[cid].excerpt),
             "explanation": texts.t(bank.claims[cid].explanation)}
            for cid in q.claims
        ],
        "sources": [source_data(texts, s) for s in bank.sources_of(q)],
        "scoring": kind.scoring(q, bank.view, bank.policy(q)).as_data(),
        **kind.interaction(printed, texts, bank.view),
    }


def _technique_ids(questions: list[dict[str, Any]]) -> list[str]:
    found: list[str] = []
    for question in questions:
        found += question["techniques"]
        if question.get("options_kind") == "technique":
            found += [option["key"] for option in question["options"]]
    return sorted(set(found))


def quiz_data(variant: Variant) -> dict[str, Any]:
    """Everything the self-check needs, in the variant's order, as plain JSON-able data."""
    texts = Texts(variant.language, variant.bank.language)
    article = variant.bank.article
    questions = [question_data(variant, p, texts) for p in variant.questions]
    glossary = {
        tid: {"name": texts.t(variant.bank.glossary[tid].name),
              "definition": texts.t(variant.bank.glossary[tid].definition)}
        for tid in _technique_ids(questions)
    }
    return _contained({
        "format": "quizgen-selfstudy",
        "version": 2,
        "language": variant.language,
        "bank": variant.bank.id,
        "title": texts.t(variant.bank.title),
        # The worksheet's instructions ("answer on the sheet") are not the page's.
        "instructions": texts.t(variant.bank.self_check_instructions) if variant.bank.self_check_instructions
        else texts.msg("self_check_instructions"),
        "article": {"title": article.title, "author": article.author, "publisher": article.publisher,
                    "date": article.date, "url": article.url, "language": article.language,
                    # Numbered from §1 (the title) as the questions cite them; folded on the page.
                    "paragraphs": [Texts(article.language, article.language).quotation(text)
                                   for text in article.paragraphs]},
        "seed": variant.seed,
        "variant_code": variant.code,
        "total_points": variant.total_points,
        "labels": labels(variant.language),
        "typography": typography(variant.language),
        "glossary": glossary,
        "questions": questions,
    })


def _contained(data: Any) -> Any:
    """Every text of the page keeps its bidi controls to itself (`quizgen.core.bidi`): quiz.js puts
    texts side by side in one line, where an RLO would reverse the next."""
    if isinstance(data, str):
        return contained(data)
    if isinstance(data, dict):
        return {key: _contained(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [_contained(value) for value in data]
    return data


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
        "data_json": Verbatim(script_json(data)),
        "css": Verbatim(css),
        "js": Verbatim(js),
        # Only the inline style and script written here may run: a second line of defence behind escaping.
        "csp": f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
               "img-src 'none'; form-action 'none'; base-uri 'none'",
    }
    return render_template(templates, QUIZ_TEMPLATE, context, for_print=False)
