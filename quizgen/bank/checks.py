"""Checks across a bank: grounding, references, answer keys and sources."""

from __future__ import annotations

from collections import Counter

from quizgen.bank import model
from quizgen.bank.article import locate
from quizgen.bank.model import SOURCED_VERDICTS, Excerpt
from quizgen.bank.quotes import check_quotations
from quizgen.bank.schema_errors import suggest
from quizgen.bank.workspace import Bank, Site
from quizgen.core.problems import Problem

DEFAULT_CATEGORIES = ("accurate", "inaccurate", "misleading", "unverifiable")


def check_bank(bank: Bank) -> list[Problem]:
    problems: list[Problem] = []
    if not bank.questions and bank.site is not None:
        problems.append(bank.site.problem(
            f"bank '{bank.id}' has no questions; add a questions: list to this file, or a file with "
            f"kind: questions and bank: {bank.id}.", "id"))
    for claim_id, claim in bank.claims.items():
        site = bank.sites[f"claim:{claim_id}"]
        problems += _ground(bank, claim.excerpt, site, "excerpt")
        if claim.verdict in SOURCED_VERDICTS and not claim.sources:
            problems.append(site.problem(
                f"claim '{claim_id}' has the verdict '{claim.verdict}' but no source; add sources: "
                "(title, publisher, date) that back it.", "verdict"))
    for question in bank.questions:
        site = bank.sites[f"question:{question.id}"]
        problems += _check_question(bank, question, site)
    problems += check_quotations(bank)
    problems += _check_presets(bank)
    return problems


def _ground(bank: Bank, excerpt: Excerpt, site: Site, *sub: str | int) -> list[Problem]:
    found = locate(excerpt.text, bank.article.paragraphs, excerpt.paragraph)
    if found.paragraph is not None and found.problem is None:
        excerpt.paragraph = found.paragraph
    return [site.problem(found.problem, *sub)] if found.problem else []


def _known_techniques(bank: Bank, ids: list[str], site: Site, *sub: str | int) -> list[Problem]:
    return [
        site.problem(f"unknown technique '{tid}'.{suggest(tid, sorted(bank.glossary))} "
                     "Technique ids are listed in the glossary.", *sub)
        for tid in ids if tid not in bank.glossary
    ]


def _check_question(bank: Bank, question: model.Question, site: Site) -> list[Problem]:
    problems = _known_techniques(bank, question.techniques, site, "techniques")
    for cid in question.claims:
        if cid not in bank.claims:
            problems.append(site.problem(
                f"unknown claim '{cid}'.{suggest(cid, sorted(bank.claims))} Claims are declared "
                "once in the bank's claims: ledger.", "claims"))
    for index, excerpt in enumerate(question.excerpts):
        problems += _ground(bank, excerpt, site, "excerpts", index)
    if question.skill == "verify-claim" and not question.sources and not any(
        bank.claims.get(cid) and bank.claims[cid].sources for cid in question.claims
    ):
        problems.append(site.problem(
            "a verify-claim question needs its sources: add sources: (title, publisher, date), "
            "or refer to a ledger claim that has them with claims: [ID].", "skill"))
    if isinstance(question, (model.SingleChoice, model.MultipleSelect)):
        problems += _check_choices(question, site)
    elif isinstance(question, model.Matching):
        problems += _check_matching(bank, question, site)
    elif isinstance(question, model.ShortAnswer):
        total = sum(line.points for line in question.rubric)
        if total != question.points:
            problems.append(site.problem(
                f"the rubric gives {total} point(s) but the question is worth {question.points}; "
                "make them equal.", "rubric"))
    elif isinstance(question, model.ClaimClassification):
        problems += _check_classification(bank, question, site)
    return problems


def _check_choices(question: model.SingleChoice | model.MultipleSelect, site: Site) -> list[Problem]:
    problems = []
    correct = [choice for choice in question.choices if choice.correct]
    if isinstance(question, model.SingleChoice) and len(correct) != 1:
        problems.append(site.problem(
            f"a single-choice question needs exactly one correct choice; it has {len(correct)}. "
            + ("Mark one with correct: true." if not correct else
               "Keep correct: true on one choice only, or use type: multiple-select."), "choices"))
    if isinstance(question, model.MultipleSelect):
        if not correct:
            problems.append(site.problem("a multiple-select question needs at least one correct "
                                         "choice (correct: true).", "choices"))
        if len(correct) == len(question.choices):
            problems.append(site.problem("every choice is correct; add at least one wrong choice "
                                         "with its why_wrong.", "choices"))
    texts = Counter(tuple(sorted(choice.text.items())) for choice in question.choices)
    for index, choice in enumerate(question.choices):
        if texts[tuple(sorted(choice.text.items()))] > 1:
            problems.append(site.problem("this choice appears twice; make every choice different.",
                                         "choices", index))
        if not choice.correct and choice.why_wrong is None:
            problems.append(site.problem("a wrong choice needs why_wrong: say why a student might pick "
                                         "it and why it is wrong.", "choices", index))
        if choice.correct and choice.why_wrong is not None:
            problems.append(site.problem("a correct choice has why_wrong; remove it, or set "
                                         "correct: false.", "choices", index, "why_wrong"))
    return problems


def _check_matching(bank: Bank, question: model.Matching, site: Site) -> list[Problem]:
    problems = []
    seen: dict[str, int] = {}
    for index, pair in enumerate(question.pairs):
        problems += _ground(bank, pair.excerpt, site, "pairs", index, "excerpt")
        problems += _known_techniques(bank, [pair.technique, *pair.also_accept], site, "pairs", index)
        text = " ".join(pair.excerpt.text.split())
        if text in seen:
            problems.append(site.problem(f"this excerpt is already pair {seen[text] + 1}; each excerpt "
                                         "is matched once.", "pairs", index, "excerpt"))
        seen.setdefault(text, index)
        if pair.technique in pair.also_accept:
            problems.append(site.problem("also_accept repeats the pair's own technique; remove it.",
                                         "pairs", index, "also_accept"))
    problems += _known_techniques(bank, question.distractors, site, "distractors")
    used = {pair.technique for pair in question.pairs}
    for tid in question.distractors:
        if tid in used:
            problems.append(site.problem(f"distractor '{tid}' is also the answer of a pair; a distractor "
                                         "must match no excerpt.", "distractors"))
    if len(used | set(question.distractors)) < 2:
        problems.append(site.problem("the right-hand column would offer a single technique; add "
                                     "distractors: so students have to choose.", "pairs"))
    return problems


def categories_of(question: model.ClaimClassification) -> list[str]:
    if question.categories:
        return [category.id for category in question.categories]
    return list(DEFAULT_CATEGORIES)


def _check_classification(bank: Bank, question: model.ClaimClassification, site: Site) -> list[Problem]:
    problems = []
    allowed = categories_of(question)
    if question.categories is not None:
        ids = [category.id for category in question.categories]
        if len(set(ids)) != len(ids):
            problems.append(site.problem("two categories have the same id.", "categories"))
        if len(ids) < 2:
            problems.append(site.problem("give at least two categories.", "categories"))
    for index, item in enumerate(question.items):
        where = ("items", index)
        if (item.claim is None) == (item.excerpt is None):
            problems.append(site.problem("an item needs either claim: (a ledger id) or excerpt: "
                                         "(with category: and explanation:), not both.", *where))
            continue
        if item.claim is not None:
            claim = bank.claims.get(item.claim)
            if claim is None:
                problems.append(site.problem(f"unknown claim '{item.claim}'."
                                             f"{suggest(item.claim, sorted(bank.claims))}", *where, "claim"))
                continue
            category = item.category or claim.verdict
            if item.category and item.explanation is None:
                problems.append(site.problem("an item that overrides its claim's verdict needs an "
                                             "explanation: saying why.", *where))
        else:
            assert item.excerpt is not None
            problems += _ground(bank, item.excerpt, site, *where, "excerpt")
            if item.category is None or item.explanation is None:
                problems.append(site.problem("an excerpt item needs category: and explanation:.", *where))
                continue
            category = item.category
        if category not in allowed:
            problems.append(site.problem(
                f"category '{category}' is not one of this question's categories ({', '.join(allowed)})."
                f"{suggest(category, allowed)}", *where))
    return problems


def _check_presets(bank: Bank) -> list[Problem]:
    problems: list[Problem] = []
    assert bank.site is not None
    ids = {question.id for question in bank.questions}
    seen: set[str] = set()
    for index, preset in enumerate(bank.presets):
        where = ("presets", index)
        if preset.id in seen:
            problems.append(bank.site.problem(f"preset id '{preset.id}' is used twice.", *where, "id"))
        seen.add(preset.id)
        problems += _known_techniques(bank, preset.techniques, bank.site, *where, "techniques")
        for qid in preset.questions or []:
            if qid not in ids:
                problems.append(bank.site.problem(
                    f"preset '{preset.id}' names unknown question '{qid}'.{suggest(qid, sorted(ids))}",
                    *where, "questions"))
        if preset.questions is not None and (preset.skills or preset.types or preset.techniques
                                             or preset.difficulty):
            problems.append(bank.site.problem(
                "a preset gives either an explicit questions: list or filters, not both.", *where))
    return problems
