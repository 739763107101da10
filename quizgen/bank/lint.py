"""Item-writing lint: cues that let a test-wise student find the key without reading the article.

Each rule is one of the item-writing guidelines reviewed by Haladyna, Downing & Rodriguez (2002);
docs/item-writing.md gives the reasoning, the threshold and a before/after example for each.
The findings are warnings (`quizgen check` prints them and still succeeds; `--strict` fails on
them), in the same `path:line: what is wrong, and how to fix it` form as problems.

The lint is pure and fast: it reads the loaded bank (texts in the bank's language, or in each
language a question is translated into) and never the disk. `cue_figures` gives the bank-level
figures that `quizgen stats` shows.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from quizgen.bank import model
from quizgen.bank.model import PLAIN
from quizgen.bank.workspace import Bank, Site, Workspace
from quizgen.core.problems import Problem


@dataclass(frozen=True)
class Thresholds:
    """Every threshold of the lint, in one place. docs/item-writing.md justifies each."""

    # Length cue, per single-choice question: the key is at least this many times as long as the
    # longest distractor AND this many characters longer. Both, so that neither two short labels
    # (« Le slogan » 10 vs « Le flou » 7: 1.4x but 3 characters) nor two long sentences differing
    # by a few words (120 vs 104: 16 characters but 1.15x) are flagged: a reader notices a
    # difference of about a third of a line, not a ratio of two short words.
    key_length_ratio: float = 1.3
    key_length_extra: int = 15
    # Bank level: "keyed choice = strictly longest" far above chance. Chance for one question is
    # 1/k (k non-pinned choices); the number of such questions then follows a Poisson-binomial
    # law. We warn when a count at least this high would happen by chance less than once in 20
    # banks (one-sided p < 0.05): rare enough not to flag an honest bank, and a bank of 40
    # four-choice questions is flagged from 15 keyed-longest (37 %; chance 25 %, 10 questions).
    keyed_longest_p: float = 0.05
    # « None/all of the above » as the key: "more than rarely" means more than once in the bank
    # AND more often than chance (1/k) among the questions that offer such a choice. Then
    # "pick none-of-the-above when unsure" pays off.
    none_of_the_above_min_keyed: int = 2
    # Near-duplicate choices: difflib ratio of the normalised texts (case, accents, punctuation
    # and spaces folded). 0.9 is one changed word in a ten-word choice; lower ratios flag
    # deliberately parallel distractors (« L'appel à la peur » / « L'appel à l'autorité » is 0.74).
    near_duplicate_ratio: float = 0.9
    # Stem words repeated by the key only: at least this many content words (4 letters or more,
    # not a function word nor a word every question uses, like « article » or « procédé »).
    stem_words_on_key: int = 1
    # True/false balance: warn when the split of `answer: true` a fair coin would give less than
    # once in 20 banks (two-sided binomial p < 0.05): 15 of 20 is flagged, 14 of 20 is not.
    true_false_p: float = 0.05
    # Matching / classification: one answer on more than this share of the rows (and on at least
    # `one_answer_min_rows` rows): writing it on every row then scores more than two thirds.
    one_answer_share: float = 2 / 3
    one_answer_min_rows: int = 3
    # Multiple-select: in the typical question (geometric mean over the bank's multiple-select
    # questions of mean correct length / mean wrong length, pinned choices left out) the correct
    # choices are at least a fifth longer. Lower than the single-choice 1.3 because it compares
    # two averages, which vary less than one key against the longest distractor.
    multi_length_ratio: float = 1.2


THRESHOLDS = Thresholds()
DOC = "docs/item-writing.md"

# ---------------------------------------------------------------------------------- words

def _word_list(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Folded (no accents); words under 4 letters are never content words anyway.
_FUNCTION_WORDS = _word_list("""
    alors aussi autre autres avant avec avoir cela celle celles celui cette ceux chaque comme comment
    dans depuis donc elle elles entre est etait etre eux fait font leur leurs lors lorsque mais meme
    moins notre nous peut plus pour pourquoi quand quel quelle quelles quels que quelque qui quoi sans
    selon sont sous suivant suivante surtout tout toute toutes tous tres vous votre vers voici voila
    dont ainsi encore deja ici parce puis cet ont sera seront etaient avait avaient aux des les une
    about above after also because been before being both does doing during each from have having
    here into itself just more most only other over same should some such than that their them then
    there these they this those through under until very what when where which while whom whose
    with would your
""")
# Words that almost every question of a media-literacy bank uses: sharing them says nothing.
_EXAM_WORDS = _word_list("""
    article auteur auteurs texte paragraphe phrase phrases passage passages extrait extraits question
    questions reponse reponses choix procede procedes technique techniques formule formules mot mots
    affirmation affirmations lecteur lecteurs
    author authors text paragraph sentence sentences excerpt excerpts answer answers choice choices
    technique statement statements reader readers word words
""")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _fold(text: str) -> str:
    """Case and accents folded: « Étiquetage » and « etiquetage » are the same word."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def content_words(text: str) -> set[str]:
    """Words that carry meaning, folded, with a plural -s/-x dropped (« colonies » = « colonie »)."""
    words = set()
    for word in _WORD.findall(_fold(text)):
        word = re.sub(r"^(?:[ldjmnst]|qu|jusqu|lorsqu|puisqu)['’]", "", word)  # l’hégémon → hégémon
        if len(word) < 4 or word in _FUNCTION_WORDS or word in _EXAM_WORDS:
            continue
        words.add(word[:-1] if len(word) > 4 and word[-1] in "sx" else word)
    return words


def _normalised(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", _fold(text)).split())


# ---------------------------------------------------------------------------------- glosses

# A gloss, qualifier or definition appended to a label: « le slogan : une formule courte… »,
# « l’étiquetage (qualifier la cible…) », « X — c’est-à-dire … ». A colon or dash must be
# followed by words, a parenthesis must hold words (« (§12) » is a reference, not a gloss).
_GLOSSES = (
    (re.compile(r"\S\s*:\s+\w"), "a colon"),
    # (an acronym alone, « (URL) », « (OTAN) », is a name, not a gloss)
    (re.compile(r"\((?=[^)]*[^\W\d_]{2})(?!\s*[A-Z0-9É.-]+\s*\))[^)]+\)"), "a parenthesis"),
    (re.compile(r"\s[—–-]\s+\w"), "a dash"),
    (re.compile(r"\b(?:c['’]est-à-dire|autrement dit|par exemple|notamment|i\.\s?e\.|e\.\s?g\.|that is,"
                r"|in other words|for example|namely)", re.IGNORECASE), "an explanation"),
)


def gloss_of(text: str) -> str | None:
    """How `text` carries a gloss (« a colon », « a parenthesis »…), or None."""
    for pattern, name in _GLOSSES:
        if pattern.search(text):
            return name
    return None


# ------------------------------------------------------------------ none / all of the above

_NONE_OR_ALL = re.compile(
    r"\b(?:aucune?\s+(?:de\s+ces|des)\s+(?:réponses|propositions|choix|affirmations)"
    r"|(?:toutes?|tous)\s+(?:ces|les)\s+(?:réponses|propositions|choix|affirmations)\s*(?:ci-dessus|précédentes"
    r"|sont\s+(?:justes|correctes|exactes|vraies)|$)"
    r"|toutes?\s+ces\s+réponses|tous\s+ces\s+choix"
    r"|none\s+of\s+(?:the\s+above|these|them)|all\s+of\s+(?:the\s+above|these|them)|all\s+the\s+above)",
    re.IGNORECASE,
)


def is_none_or_all_of_the_above(text: str) -> bool:
    return bool(_NONE_OR_ALL.search(text.strip().rstrip(".!")))


# ---------------------------------------------------------------------------------- negations

# A negative stem: the word that carries the negation must be in CAPITALS (« n’est PAS »,
# « SAUF », "NOT", "EXCEPT"). Quoted text is left out: the article's words cannot be changed.
_NEGATIONS = (
    re.compile(r"\b(?:ne|n['’])\s*(?:\S+\s+){0,3}?(pas|jamais|aucun|aucune|nullement|point)\b", re.IGNORECASE),
    re.compile(r"\b(sauf|excepté|hormis|exception)\b", re.IGNORECASE),
    re.compile(r"\b(not|never|except|least|cannot)\b", re.IGNORECASE),
    re.compile(r"\b\w+(n['’]t)\b", re.IGNORECASE),
)
_QUOTED = re.compile(r"«[^«»]*»|“[^“”]*”|\"[^\"]*\"")


def unemphasised_negation(stem: str) -> str | None:
    """The first negation word of `stem` that is not written in capitals, or None."""
    unquoted = _QUOTED.sub(" ", stem)
    for pattern in _NEGATIONS:
        for found in pattern.finditer(unquoted):
            word = found.group(1)
            if not word.isupper():
                return word
    return None


# ---------------------------------------------------------------------------------- statistics

def poisson_binomial_tail(chances: list[float], observed: int) -> float:
    """P(X >= observed) where X counts successes of independent trials with these chances."""
    distribution = [1.0]
    for chance in chances:
        step = [0.0] * (len(distribution) + 1)
        for successes, probability in enumerate(distribution):
            step[successes] += probability * (1 - chance)
            step[successes + 1] += probability * chance
        distribution = step
    return min(1.0, sum(distribution[observed:]))


def binomial_two_sided(successes: int, trials: int) -> float:
    """P(a split at least as uneven as this) for a fair coin tossed `trials` times."""
    if trials == 0:
        return 1.0
    gap = abs(successes - trials / 2)
    total = sum(math.comb(trials, k) for k in range(trials + 1) if abs(k - trials / 2) >= gap)
    return min(1.0, total / 2**trials)


# ---------------------------------------------------------------------------------- the survey

@dataclass(frozen=True)
class Finding:
    """A per-question warning: where, and what to say."""

    rule: str
    site: Site
    where: tuple[str | int, ...]
    message: str

    def problem(self) -> Problem:
        return self.site.problem(self.message, *self.where)


@dataclass
class Survey:
    """One pass over a bank: the per-question findings and the bank-level figures."""

    findings: list[Finding] = field(default_factory=list)
    single_choice: int = 0
    keyed_longest: int = 0  # key strictly longer than every non-pinned distractor
    chances: list[float] = field(default_factory=list)  # 1/k per single-choice question
    longest_ids: list[str] = field(default_factory=list)
    gloss_only_on_key: int = 0
    none_offered: int = 0
    none_keyed: list[str] = field(default_factory=list)
    none_chances: list[float] = field(default_factory=list)
    true_false: list[bool] = field(default_factory=list)
    multi_correct: list[int] = field(default_factory=list)  # lengths of correct choices
    multi_wrong: list[int] = field(default_factory=list)
    multi_ratios: list[float] = field(default_factory=list)  # per question: mean correct / mean wrong

    def count(self, rule: str) -> int:
        return sum(1 for finding in self.findings if finding.rule == rule)


def _in(text: dict[str, str] | None, language: str) -> str:
    if not text:
        return ""
    return " ".join((text.get(language) or text.get(PLAIN) or next(iter(text.values()))).split())


def _where(text: dict[str, str], language: str, *path: str | int) -> tuple[str | int, ...]:
    return (*path, language) if language in text else path


def _languages(bank: Bank, question: model.Question) -> list[str]:
    """The bank's language, then any other language the question is translated into."""
    found = {key for key in question.prompt if key != PLAIN}
    return [bank.language, *sorted(found - {bank.language})]


def survey(bank: Bank, limits: Thresholds = THRESHOLDS) -> Survey:
    result = Survey()
    for question in bank.questions:
        site = bank.sites[f"question:{question.id}"]
        for language in _languages(bank, question):
            _survey_question(bank, question, site, language, language == bank.language, limits, result)
    # A translation repeats a finding of the original text at the same place: say it once.
    seen: set[tuple[Any, ...]] = set()
    unique = []
    for finding in result.findings:
        key = (finding.rule, finding.site.document.path, finding.site.path, finding.where[:3])
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    result.findings = unique
    return result


def _survey_question(bank: Bank, question: model.Question, site: Site, language: str, primary: bool,
                     limits: Thresholds, result: Survey) -> None:
    prefix = "" if primary else f"({language}) "  # a translation's own findings say which text

    def warn(rule: str, message: str, *where: str | int) -> None:
        result.findings.append(Finding(rule, site, where, prefix + message))

    stem = _in(question.prompt, language)
    if isinstance(question, (model.SingleChoice, model.MultipleSelect, model.TrueFalse)):
        word = unemphasised_negation(stem)
        if word:
            warn("negative-stem", (
                f"the question is worded negatively (« {word} ») and the negation is easy to miss; "
                f"write it in capitals (« {word.upper()} ») or, better, ask the question positively."),
                 *_where(question.prompt, language, "prompt"))
    if isinstance(question, (model.SingleChoice, model.MultipleSelect)):
        _survey_choices(question, site, language, primary, stem, limits, result, warn)
    elif isinstance(question, model.TrueFalse) and primary:
        result.true_false.append(question.answer)
    elif isinstance(question, (model.Matching, model.ClaimClassification)) and primary:
        _survey_rows(bank, question, limits, warn)


def _survey_choices(question: model.SingleChoice | model.MultipleSelect, site: Site, language: str,
                    primary: bool, stem: str, limits: Thresholds, result: Survey, warn: Any) -> None:
    texts = [_in(choice.text, language) for choice in question.choices]
    free = [i for i, choice in enumerate(question.choices) if not choice.pinned]
    keys = [i for i in free if question.choices[i].correct]
    wrong = [i for i in free if not question.choices[i].correct]

    def at(index: int) -> tuple[str | int, ...]:
        return _where(question.choices[index].text, language, "choices", index, "text")

    # Near-duplicates (exact duplicates are already an error of `check`).
    for later in range(len(texts)):
        for earlier in range(later):
            a, b = _normalised(texts[earlier]), _normalised(texts[later])
            if texts[earlier] == texts[later]:
                continue
            ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() if a != b else 1.0
            if ratio >= limits.near_duplicate_ratio:
                warn("near-duplicate", (
                    f"this choice is almost the same as choice {earlier + 1} (« {_short(texts[earlier])} »); "
                    "a student can drop both, or they are both right. Make each choice a distinct idea."),
                     *at(later))
                break

    # None / all of the above.
    offered = [i for i, text in enumerate(texts) if is_none_or_all_of_the_above(text)]
    if offered and primary:
        result.none_offered += 1
        result.none_chances.append(1 / len(texts))
        if any(question.choices[i].correct for i in offered):
            result.none_keyed.append(question.id)

    if keys and wrong:
        _stem_words(question, texts, keys, wrong, stem, limits, warn, at)
        _glosses(question, texts, keys, wrong, result if primary else None, warn, at)

    if isinstance(question, model.SingleChoice):
        if len(keys) != 1 or not wrong:
            return
        key = keys[0]
        longest = max(len(texts[i]) for i in wrong)
        if primary:
            result.single_choice += 1
            result.chances.append(1 / (len(wrong) + 1))
            if len(texts[key]) > longest:
                result.keyed_longest += 1
                result.longest_ids.append(question.id)
        if len(texts[key]) >= limits.key_length_ratio * longest and \
                len(texts[key]) - longest >= limits.key_length_extra:
            warn("length", (
                f"the correct choice is clearly the longest ({len(texts[key])} characters; the longest other "
                f"choice has {longest}): a student can pick it without reading the article. Shorten it (the "
                "explanation: is the place for details) or make the other choices as long and as specific."),
                 *at(key))
    elif primary:
        correct, other = [len(texts[i]) for i in keys], [len(texts[i]) for i in wrong]
        result.multi_correct += correct
        result.multi_wrong += other
        result.multi_ratios.append((sum(correct) / len(correct)) / max(1.0, sum(other) / len(other)))


def _stem_words(question: model.SingleChoice | model.MultipleSelect, texts: list[str], keys: list[int],
                wrong: list[int], stem: str, limits: Thresholds, warn: Any, at: Any) -> None:
    stem_words = content_words(stem)
    distractor_words: set[str] = set()
    for index in wrong:
        distractor_words |= content_words(texts[index])
    for index in keys:
        shared = (content_words(texts[index]) & stem_words) - distractor_words
        if len(shared) >= limits.stem_words_on_key:
            words = ", ".join(f"« {word} »" for word in sorted(shared))
            warn("stem-words", (
                f"only the correct choice repeats words of the question ({words}): a student can match "
                "them without understanding. Reword the choice, or use these words in a wrong choice too."),
                 *at(index))
            return


def _glosses(question: model.SingleChoice | model.MultipleSelect, texts: list[str], keys: list[int],
             wrong: list[int], result: Survey | None, warn: Any, at: Any) -> None:
    if any(gloss_of(texts[i]) for i in wrong):
        return
    glossed = [i for i in keys if gloss_of(texts[i])]
    if not glossed:
        return
    if result is not None and isinstance(question, model.SingleChoice):
        result.gloss_only_on_key += 1
    index = glossed[0]
    what = "the correct choice carries" if isinstance(question, model.SingleChoice) else \
        "only correct choices carry"
    warn("gloss", (
        f"{what} an explanation ({gloss_of(texts[index])}: « {_short(texts[index])} ») and no wrong "
        "choice does: the most explained choice gives itself away. Remove the explanation (keep it "
        "for explanation:), or give every choice one of its own."), *at(index))


def _survey_rows(bank: Bank, question: model.Matching | model.ClaimClassification, limits: Thresholds,
                 warn: Any) -> None:
    if isinstance(question, model.Matching):
        answers = [pair.technique for pair in question.pairs]
        where: tuple[str, ...] = ("pairs",)
    else:
        answers = []
        for item in question.items:
            if item.category is not None:
                answers.append(item.category)
            elif item.claim is not None and item.claim in bank.claims:
                answers.append(bank.claims[item.claim].verdict)
        where = ("items",)
    if not answers:
        return
    answer, times = Counter(answers).most_common(1)[0]
    if times >= limits.one_answer_min_rows and times > limits.one_answer_share * len(answers):
        warn("one-answer", (
            f"{times} of the {len(answers)} rows have the same answer ('{answer}'): writing it on every row "
            f"scores {times / len(answers):.0%}. Vary the answers (replace some rows, or add rows with "
            "other answers)."), *where)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------------- bank level

def _bank_findings(bank: Bank, result: Survey, limits: Thresholds) -> list[Problem]:
    if bank.site is None:
        return []
    problems = []

    def warn(message: str) -> None:
        assert bank.site is not None
        problems.append(bank.site.problem(message, "id"))

    figures = cue_figures(bank, result)
    longest = figures["keyed_longest"]
    if longest["count"] and longest["p_value"] < limits.keyed_longest_p:
        warn(f"in this bank the correct choice is the longest in {longest['count']} of {longest['questions']} "
             f"single-choice questions ({longest['rate']:.0%}); chance would give about "
             f"{longest['chance_rate']:.0%} ({longest['chance_count']:.0f} questions). A student who always "
             "picks the longest choice scores far above chance: shorten keys or lengthen distractors "
             f"until the rate is near chance (see {DOC}).")
    none = figures["none_or_all_of_the_above"]
    if len(result.none_keyed) >= limits.none_of_the_above_min_keyed and none["keyed"] > none["chance_count"]:
        warn(f"« none/all of the above » is the correct choice in {none['keyed']} of the {none['offered']} "
             f"questions that offer it (chance: {none['chance_count']:.1f}): {', '.join(result.none_keyed[:5])}"
             f"{'…' if len(result.none_keyed) > 5 else ''}. Students learn to pick it when unsure; "
             "keep it as a rare key, or replace it with a real answer.")
    true_false = figures["true_false"]
    if true_false["questions"] and true_false["p_value"] < limits.true_false_p:
        warn(f"{true_false['true']} of the {true_false['questions']} true/false questions are true "
             f"({true_false['share_true']:.0%}; a fair split is near half): a student who always answers "
             f"« {'vrai' if true_false['share_true'] > 0.5 else 'faux'} » scores far above chance. Turn "
             "some statements the other way round.")
    multi = figures["multiple_select_length"]
    if multi["ratio"] is not None and multi["ratio"] >= limits.multi_length_ratio:
        warn(f"in multiple-select questions the correct choices are typically {multi['ratio']:.2f}x as long "
             f"as the wrong ones of the same question ({multi['correct_mean']:.0f} against "
             f"{multi['wrong_mean']:.0f} characters on average): ticking the long choices pays. Make the "
             "wrong choices as long and as specific.")
    return problems


def cue_figures(bank: Bank, result: Survey | None = None) -> dict[str, Any]:
    """The bank-level cue figures (for `quizgen stats`), rounded so JSON output is stable."""
    result = result or survey(bank)
    chance = sum(result.chances)
    none_chance = sum(result.none_chances)
    trues = sum(result.true_false)
    correct, wrong, ratios = result.multi_correct, result.multi_wrong, result.multi_ratios
    correct_mean = sum(correct) / len(correct) if correct else None
    wrong_mean = sum(wrong) / len(wrong) if wrong else None
    # The typical question's ratio (geometric mean): each question counts once, however long.
    typical = math.exp(sum(math.log(r) for r in ratios) / len(ratios)) if ratios else None
    return {
        "keyed_longest": {
            "questions": result.single_choice,
            "count": result.keyed_longest,
            "rate": _round(result.keyed_longest / result.single_choice if result.single_choice else 0.0),
            "chance_count": _round(chance),
            "chance_rate": _round(chance / result.single_choice if result.single_choice else 0.0),
            "p_value": _round(poisson_binomial_tail(result.chances, result.keyed_longest)),
            "clearly_longest": result.count("length"),
        },
        "gloss_only_on_key": result.gloss_only_on_key,
        "none_or_all_of_the_above": {
            "offered": result.none_offered,
            "keyed": len(result.none_keyed),
            "chance_count": _round(none_chance),
        },
        "true_false": {
            "questions": len(result.true_false),
            "true": trues,
            "share_true": _round(trues / len(result.true_false) if result.true_false else 0.0),
            "p_value": _round(binomial_two_sided(trues, len(result.true_false))),
        },
        "multiple_select_length": {
            "questions": len(ratios),
            "correct_mean": _round(correct_mean),
            "wrong_mean": _round(wrong_mean),
            "ratio": _round(typical),
        },
        "warnings": dict(sorted(Counter(finding.rule for finding in result.findings).items())),
    }


def _round(value: float | None) -> Any:
    return None if value is None else round(value, 3)


# ---------------------------------------------------------------------------------- entry points

def lint_bank(bank: Bank, limits: Thresholds = THRESHOLDS) -> list[Problem]:
    """Every item-writing warning of `bank`, sorted by file and line."""
    result = survey(bank, limits)
    return sorted({*(finding.problem() for finding in result.findings), *_bank_findings(bank, result, limits)})


def lint_workspace(workspace: Workspace, limits: Thresholds = THRESHOLDS) -> list[Problem]:
    return sorted({problem for bank in workspace.banks for problem in lint_bank(bank, limits)})


def rules_found(bank: Bank) -> Iterator[str]:
    """The rule names of the per-question findings (for tests and stats)."""
    return (finding.rule for finding in survey(bank).findings)
