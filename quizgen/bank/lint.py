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
import functools
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from quizgen.bank.workspace import Bank, Location, Workspace
from quizgen.core.labels import Texts
from quizgen.core.problems import Problem
from quizgen.types import Question, type_of
from quizgen.types.fields import PLAIN


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
    # four-choice questions is flagged from 16 keyed-longest (40 %, p = 0.026; chance 25 %, 10 questions).
    keyed_longest_p: float = 0.05
    # « None/all of the above » as the key: "more than rarely" means more than once in the bank
    # AND more often than chance (1/k) among the questions that offer such a choice. Then
    # "pick none-of-the-above when unsure" pays off.
    none_of_the_above_min_keyed: int = 2
    # Near-duplicate choices: the same words once articles, prepositions, case, accents, plurals
    # and punctuation are set aside (« par les parents » / « par des parents »), or a difflib ratio
    # of the normalised texts at least this high (a typo: « chargé » / « charger » in a short
    # choice). Choices whose numbers differ are never near-duplicates (dates, figures). Not lower:
    # parallel distractors that differ by one meaningful word are good items
    # and score 0.90 (« …faite par les parents » / « …faite par les élus »).
    near_duplicate_ratio: float = 0.95
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


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _fold(text: str) -> str:
    """Case and accents folded: « Étiquetage » and « etiquetage » are the same word."""
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))


@functools.lru_cache(maxsize=4096)  # a choice is compared with the stem and with every other choice
def content_words(text: str) -> frozenset[str]:
    """Words that carry meaning, folded, with a plural -s/-x dropped (« colonies » = « colonie »)."""
    words = set()
    for word in _WORD.findall(_fold(text)):
        word = re.sub(r"^(?:[ldjmnst]|qu|jusqu|lorsqu|puisqu)['’]", "", word)  # l’hégémon → hégémon
        if len(word) < 4 or word in _FUNCTION_WORDS or word in _EXAM_WORDS:
            continue
        words.add(word[:-1] if len(word) > 4 and word[-1] in "sx" else word)
    return frozenset(words)


def _similar(a: str, b: str, threshold: float) -> bool:
    """difflib ratio >= threshold, with its cheap upper bounds first (most pairs stop there)."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold and \
        matcher.ratio() >= threshold


def _normalised(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", _fold(text)).split())


# Articles, prepositions and the like: two choices that differ only by these say the same thing.
_GRAMMAR_WORDS = _word_list("""
    le la les l un une des de du d au aux a à et ou en y ce cet cette ces par pour sur sous dans avec
    the a an of to in on at by for with and or
""")


def gist(text: str) -> frozenset[str]:
    """The words of a choice that carry its meaning: case, accents, plurals and grammar words set aside."""
    words = re.findall(r"[^\W_]+", _fold(text))
    return frozenset(word[:-1] if len(word) > 3 and word[-1] in "sx" else word
                     for word in words if word not in _GRAMMAR_WORDS)


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

# ---------------------------------------------------------------------------------- qualifiers
# Hedges that make a statement safe (« peut », « souvent », « en partie »): test-wise students know that the one
# careful, qualified choice among blunt ones is usually the key (Haladyna et al. 2002: avoid cues; the mirror cue,
# absolutes such as « toujours » on wrong choices only, is the same signal seen from the other side). Folded words,
# matched whole; a phrase is matched as its words in a row.
_QUALIFIERS = tuple(tuple(phrase.split()) for phrase in (
    "peut", "peuvent", "pourrait", "pourraient", "souvent", "parfois", "generalement", "probablement",
    "vraisemblablement", "en partie", "en general", "pas toujours", "pas forcement", "plutot", "sans doute",
    "may", "might", "often", "sometimes", "usually", "generally", "probably", "partly", "partially", "likely",
    "not always", "not necessarily", "in part"))


def qualifier_of(text: str) -> str | None:
    """The first hedge of `text` (« souvent », « en partie »…), as folded words, or None. Words inside quotation
    marks are mentioned, not used (« probablement » as the answer to "which word marks an opinion?")."""
    words = [_fold(word) for word in _WORD.findall(_QUOTED.sub(" ", text))]
    for phrase in _QUALIFIERS:
        size = len(phrase)
        if any(tuple(words[i:i + size]) == phrase for i in range(len(words) - size + 1)):
            return " ".join(phrase)
    return None


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
    """P(X >= observed) where X counts successes of independent trials with these chances.

    Exact up to 400 trials; beyond, the normal approximation (with continuity correction), which
    is then accurate to a few thousandths and keeps a 5,000-question bank fast.
    """
    if len(chances) > 400:
        mean = sum(chances)
        spread = math.sqrt(sum(chance * (1 - chance) for chance in chances)) or 1.0
        return min(1.0, 0.5 * math.erfc((observed - 0.5 - mean) / (spread * math.sqrt(2))))
    distribution = [1.0]
    for chance in chances:  # distribution[k]: probability of k successes so far
        distribution = [fail * (1 - chance) + success * chance
                        for fail, success in zip([*distribution, 0.0], [0.0, *distribution], strict=True)]
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
class Cue:
    """A per-question warning: its rule, where, and what to say."""

    rule: str
    location: Location
    where: tuple[str | int, ...]
    message: str

    def problem(self) -> Problem:
        return self.location.problem(self.message, *self.where)


@dataclass(frozen=True)
class Item:
    """What the lint reads of one question in one language, whatever its type (asked of the registry)."""

    stem: str
    choices: tuple[tuple[str, bool, bool], ...]  # (text, correct, pinned), in bank order
    texts: tuple[dict[str, str], ...]  # each choice's text as written (to point at its line)
    single: bool  # choices of which exactly one is the key
    truth: bool | None  # the key of a true/false statement
    rows: tuple[str, ...]  # the expected answer of each row (matching, classification)
    rows_at: str  # the list holding the rows ("pairs", "items")


@dataclass
class Survey:
    """One pass over a bank: the per-question findings and the bank-level figures."""

    findings: list[Cue] = field(default_factory=list)
    single_choice: int = 0
    keyed_longest: int = 0  # key strictly longer than every non-pinned distractor
    chances: list[float] = field(default_factory=list)  # 1/k per single-choice question
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


def _fold_spaces(text: str) -> str:
    return " ".join(text.split())


def _where(text: dict[str, str], language: str, *path: str | int) -> tuple[str | int, ...]:
    return (*path, language) if language in text else path


def _languages(bank: Bank, question: Question) -> list[str]:
    """The bank's language, then any other language the question is translated into."""
    found = {key for key in question.prompt if key != PLAIN}
    return [bank.language, *sorted(found - {bank.language})]


def item_of(bank: Bank, question: Question, language: str) -> Item:
    """The question as the lint reads it. The one place that knows the models' field names (choices,
    answer, pairs, items): types are told apart by what they hold, never by name."""
    kind = type_of(question)
    texts = Texts(language, bank.language)
    choices = getattr(question, "choices", ())
    answer = getattr(question, "answer", None)
    rows: list[str] = [pair.technique for pair in getattr(question, "pairs", ())]
    expected = getattr(kind, "expected", None)  # claim-classification: the item's category or its claim's verdict
    if expected is not None:
        rows += [expected(item, bank.view) for item in getattr(question, "items", ())]
    return Item(
        stem=_fold_spaces(texts.t_raw(question.prompt)),
        choices=tuple((_fold_spaces(texts.t_raw(choice.text)), choice.correct, choice.pinned) for choice in choices),
        texts=tuple(choice.text for choice in choices),
        single=bool(choices) and not getattr(kind, "many", False),
        truth=answer if isinstance(answer, bool) else None,
        rows=tuple(rows),
        rows_at="pairs" if hasattr(question, "pairs") else "items",
    )


def survey(bank: Bank, limits: Thresholds = THRESHOLDS) -> Survey:
    result = Survey()
    for question in bank.questions:
        location = bank.locations[f"question:{question.id}"]
        for language in _languages(bank, question):
            item = item_of(bank, question, language)
            _survey_question(question, item, location, language, language == bank.language, limits, result)
    # A translation repeats a finding of the original text at the same place: say it once.
    seen: set[tuple[Any, ...]] = set()
    unique = []
    for finding in result.findings:
        key = (finding.rule, finding.location.document.path, finding.location.path, finding.where[:3])
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    result.findings = unique
    return result


def _survey_question(question: Question, item: Item, location: Location, language: str, primary: bool,
                     limits: Thresholds, result: Survey) -> None:
    prefix = "" if primary else f"({language}) "  # a translation's own findings say which text

    def warn(rule: str, message: str, *where: str | int) -> None:
        result.findings.append(Cue(rule, location, where, prefix + message))

    if item.choices or item.truth is not None:  # a stem to read: choices, or a true/false statement
        word = unemphasised_negation(item.stem)
        if word:
            warn("negative-stem", (
                f"the question is worded negatively (« {word} ») and the negation is easy to miss; "
                f"write it in capitals (« {word.upper()} ») or, better, ask the question positively."),
                 *_where(question.prompt, language, "prompt"))
    if item.choices:
        _survey_choices(question.id, item, language, primary, limits, result, warn)
    if item.truth is not None and primary:
        result.true_false.append(item.truth)
    if item.rows and primary:
        _survey_rows(item, limits, warn)


def _survey_choices(question_id: str, item: Item, language: str, primary: bool, limits: Thresholds,
                    result: Survey, warn: Any) -> None:
    texts = [text for text, _, _ in item.choices]
    free = [i for i, (_, _, pinned) in enumerate(item.choices) if not pinned]
    keys = [i for i in free if item.choices[i][1]]
    wrong = [i for i in free if not item.choices[i][1]]

    def at(index: int) -> tuple[str | int, ...]:
        return _where(item.texts[index], language, "choices", index, "text")

    # Near-duplicates (exact duplicates are already an error of `check`).
    normalised = [_normalised(text) for text in texts]
    gists = [gist(text) for text in normalised]
    numbers = [re.findall(r"\d+", text) for text in normalised]
    for later in range(len(texts)):
        for earlier in range(later):
            if texts[earlier] == texts[later]:
                continue
            if numbers[earlier] != numbers[later]:
                continue  # « 2 août 2018 » / « 2 août 2019 »: a deliberate numeric distractor
            same_words = gists[earlier] == gists[later] and bool(gists[earlier])
            if same_words or _similar(normalised[earlier], normalised[later], limits.near_duplicate_ratio):
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
        if any(item.choices[i][1] for i in offered):
            result.none_keyed.append(question_id)

    if keys and wrong:
        _stem_words(item.stem, texts, keys, wrong, limits, warn, at)
        _glosses(item.single, texts, keys, wrong, result if primary else None, warn, at)
        _qualifiers(item.single, texts, keys, wrong, warn, at)

    if item.single:
        if len(keys) != 1 or not wrong:
            return
        key = keys[0]
        longest = max(len(texts[i]) for i in wrong)
        if primary:
            result.single_choice += 1
            result.chances.append(1 / (len(wrong) + 1))
            if len(texts[key]) > longest:
                result.keyed_longest += 1
        if len(texts[key]) >= limits.key_length_ratio * longest and \
                len(texts[key]) - longest >= limits.key_length_extra:
            warn("length", (
                f"the correct choice is clearly the longest ({len(texts[key])} characters; the longest other "
                f"choice has {longest}): a student can pick it without reading the article. Shorten it (the "
                "explanation: is the place for details) or make the other choices as long and as specific."),
                 *at(key))
    elif primary and keys and wrong:  # (a pinned key, or only pinned wrong choices: nothing to compare)
        correct, other = [len(texts[i]) for i in keys], [len(texts[i]) for i in wrong]
        result.multi_correct += correct
        result.multi_wrong += other
        result.multi_ratios.append((sum(correct) / len(correct)) / max(1.0, sum(other) / len(other)))


def _stem_words(stem: str, texts: list[str], keys: list[int], wrong: list[int], limits: Thresholds,
                warn: Any, at: Any) -> None:
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


def _glosses(single: bool, texts: list[str], keys: list[int], wrong: list[int], result: Survey | None,
             warn: Any, at: Any) -> None:
    if any(gloss_of(texts[i]) for i in wrong):
        return
    glossed = [i for i in keys if gloss_of(texts[i])]
    if not glossed:
        return
    if result is not None and single:
        result.gloss_only_on_key += 1
    index = glossed[0]
    what = "the correct choice carries" if single else "only correct choices carry"
    warn("gloss", (
        f"{what} an explanation ({gloss_of(texts[index])}: « {_short(texts[index])} ») and no wrong "
        "choice does: the most explained choice gives itself away. Remove the explanation (keep it "
        "for explanation:), or give every choice one of its own."), *at(index))


def _qualifiers(single: bool, texts: list[str], keys: list[int], wrong: list[int], warn: Any, at: Any) -> None:
    if any(qualifier_of(texts[i]) for i in wrong):
        return
    hedged = [i for i in keys if qualifier_of(texts[i])]
    if not hedged:
        return
    what = "the correct choice is" if single else "only correct choices are"
    warn("qualifier", (
        f"{what} hedged (« {qualifier_of(texts[hedged[0]])} ») and no wrong choice is: the one careful, qualified "
        "statement among blunt ones gives itself away. Make the correct choice as direct as the others, or hedge a "
        "wrong choice too."), *at(hedged[0]))


def _survey_rows(item: Item, limits: Thresholds, warn: Any) -> None:
    answer, times = Counter(item.rows).most_common(1)[0]
    if times >= limits.one_answer_min_rows and times > limits.one_answer_share * len(item.rows):
        warn("one-answer", (
            f"{times} of the {len(item.rows)} rows have the same answer ('{answer}'): writing it on every row "
            f"scores {times / len(item.rows):.0%}. Vary the answers (replace some rows, or add rows with "
            "other answers)."), item.rows_at)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------------- bank level

def _bank_findings(bank: Bank, result: Survey, limits: Thresholds) -> list[tuple[str, Problem]]:
    """Bank-level warnings, once each on the bank file's `id:` line."""
    if bank.location is None:
        return []
    problems = []

    def warn(rule: str, message: str) -> None:
        assert bank.location is not None
        problems.append((rule, bank.location.problem(message, "id")))

    figures = cue_figures(bank, result)
    longest = figures["keyed_longest"]
    if longest["count"] and longest["p_value"] < limits.keyed_longest_p:
        warn("keyed-longest-rate", (
            f"in this bank the correct choice is the longest in {longest['count']} of {longest['questions']} "
            f"single-choice questions ({longest['rate']:.0%}); chance would give about {longest['chance_rate']:.0%} "
            f"({longest['chance_count']:.1f} questions). A student who always picks the longest choice scores far "
            f"above chance: shorten keys or lengthen distractors until the rate is near chance (see {DOC})."))
    none = figures["none_or_all_of_the_above"]
    if len(result.none_keyed) >= limits.none_of_the_above_min_keyed and none["keyed"] > none["chance_count"]:
        listed = ", ".join(result.none_keyed[:5]) + ("…" if len(result.none_keyed) > 5 else "")
        warn("none-of-the-above", (
            f"« none/all of the above » is the correct choice in {none['keyed']} of the {none['offered']} questions "
            f"that offer it (chance: {none['chance_count']:.1f}): {listed}. Students learn to pick it when unsure; "
            "keep it a rare key, or replace it with a real answer."))
    true_false = figures["true_false"]
    if true_false["questions"] and true_false["p_value"] < limits.true_false_p:
        mostly = true_false["share_true"] > 0.5
        answer = {"fr": ("vrai", "faux")}.get(bank.language, ("true", "false"))[0 if mostly else 1]
        warn("true-false-balance", (
            f"{true_false['true']} of the {true_false['questions']} true/false questions are true "
            f"({true_false['share_true']:.0%}; a fair split is near half): a student who always answers "
            f"« {answer} » scores far above chance. Turn some statements the other way round."))
    multi = figures["multiple_select_length"]
    if multi["ratio"] is not None and multi["ratio"] >= limits.multi_length_ratio:
        warn("multiple-select-length", (
            f"in multiple-select questions the correct choices are typically {multi['ratio']:.2f}x as long as the "
            f"wrong ones of the same question ({multi['correct_mean']:.0f} against {multi['wrong_mean']:.0f} "
            "characters on average): ticking the long choices pays. Make the wrong choices as long and as specific."))
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
        "question_warnings": dict(sorted(Counter(finding.rule for finding in result.findings).items())),
    }


def _round(value: float | None) -> Any:
    return None if value is None else round(value, 3)


# ---------------------------------------------------------------------------------- entry points

def lint_rules(bank: Bank, limits: Thresholds = THRESHOLDS) -> list[tuple[str, Problem]]:
    """Every item-writing warning of `bank` with the name of its rule, sorted by file and line."""
    result = survey(bank, limits)
    found = {(finding.rule, finding.problem()) for finding in result.findings}
    found |= set(_bank_findings(bank, result, limits))
    return sorted(found, key=lambda pair: (pair[1], pair[0]))


def lint_bank(bank: Bank, limits: Thresholds = THRESHOLDS) -> list[Problem]:
    """Every item-writing warning of `bank`, sorted by file and line."""
    return [problem for _, problem in lint_rules(bank, limits)]


def lint_workspace(workspace: Workspace, limits: Thresholds = THRESHOLDS) -> list[tuple[str, Problem]]:
    """The warnings of every bank of the workspace, with their rule (a heading of docs/item-writing.md)."""
    return sorted({pair for bank in workspace.banks for pair in lint_rules(bank, limits)},
                  key=lambda pair: (pair[1], pair[0]))
