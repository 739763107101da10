"""Terminal practice: one question at a time, feedback right away, a score and a retry of the missed ones.

Works on the same data as the HTML self-check (quizgen.study.selfcheck.quiz_data), with the input
and output streams passed in so tests can drive a session. End of input (Ctrl-D) or Ctrl-C
stop the session cleanly with a summary of what was answered: exit status 0 after Ctrl-D,
130 after Ctrl-C (the shell convention for an interrupted program).
"""

from __future__ import annotations

import re
import shutil
import string
import textwrap
from dataclasses import dataclass, field
from typing import Any, TextIO

from quizgen.bank.workspace import Workspace
from quizgen.sheets.build import draw_variant
from quizgen.study.selfcheck import quiz_data
from quizgen.variants.draw import Options

EXIT_OK = 0
EXIT_INTERRUPTED = 130
SKIP = "?"
letters = string.ascii_lowercase
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "intro": "Entraînement : {title}",
        "how": "{count} question(s), tirage n° {seed}. Répondez puis Entrée ; « ? » pour passer ; "
               "Ctrl-D pour arrêter.",
        "one_letter": "Votre réponse (une lettre) : ",
        "letters": "Vos réponses (une ou plusieurs lettres, ex. « a c ») : ",
        "true_false": "Vrai ou faux ? (v/f) : ",
        "row_letter": "  Extrait {n} → lettre : ",
        "text": "Votre réponse (une ligne) : ",
        "criterion": "  Critère rempli ? (o/n) : ",
        "empty": "Réponse vide : {hint} (ou « ? » pour passer).",
        "bad_letter": "« {given} » n’est pas une lettre proposée : {hint}.",
        "one_only": "Une seule lettre ici : {hint}.",
        "bad_tf": "Répondez v (vrai) ou f (faux).",
        "bad_yes_no": "Répondez o (oui) ou n (non).",
        "letters_hint": "tapez une lettre de {first} à {last}",
        "options": "Techniques proposées :",
        "categories": "Catégories :",
        "right": "✔ Juste",
        "wrong": "✘ Faux",
        "partial": "◐ En partie juste",
        "none": "– Pas de réponse",
        "self": "✎ Auto-évaluation",
        "expected": "Réponse attendue",
        "your_choice": "Votre choix",
        "your_answer": "Votre réponse",
        "model_answer": "Réponse attendue",
        "rubric": "Barème : cochez vous-même chaque critère rempli.",
        "explanation": "Explication",
        "techniques": "Procédés en jeu",
        "sources": "Sources",
        "summary": "Bilan",
        "score": "Score : {earned} / {total} sur {answered} question(s) répondue(s) (sur {count})",
        "missed": "Questions manquées :",
        "none_missed": "Aucune question manquée. Bravo !",
        "nothing": "Aucune question répondue pour l’instant.",
        "retry": "Refaire les {n} question(s) manquée(s) ? (o/n) : ",
        "eof": "Fin de la saisie : la session s’arrête.",
        "interrupted": "Interrompu : la session s’arrête.",
        "round": "Nouveau tour : les questions manquées.",
        "true": "Vrai",
        "false": "Faux",
        "point": "point",
        "points": "points",
        "question": "Question",
    },
    "en": {
        "intro": "Practice: {title}",
        "how": "{count} question(s), seed {seed}. Answer then Enter; '?' to skip; Ctrl-D to stop.",
        "one_letter": "Your answer (one letter): ",
        "letters": "Your answers (one or more letters, e.g. 'a c'): ",
        "true_false": "True or false? (t/f): ",
        "row_letter": "  Excerpt {n} → letter: ",
        "text": "Your answer (one line): ",
        "criterion": "  Criterion met? (y/n): ",
        "empty": "Empty answer: {hint} (or '?' to skip).",
        "bad_letter": "'{given}' is not one of the letters: {hint}.",
        "one_only": "One letter only here: {hint}.",
        "bad_tf": "Answer t (true) or f (false).",
        "bad_yes_no": "Answer y (yes) or n (no).",
        "letters_hint": "type a letter from {first} to {last}",
        "options": "Techniques offered:",
        "categories": "Categories:",
        "right": "✔ Right",
        "wrong": "✘ Wrong",
        "partial": "◐ Partly right",
        "none": "– No answer",
        "self": "✎ Self-assessed",
        "expected": "Expected answer",
        "your_choice": "Your choice",
        "your_answer": "Your answer",
        "model_answer": "Model answer",
        "rubric": "Rubric: mark each criterion yourself.",
        "explanation": "Explanation",
        "techniques": "Techniques involved",
        "sources": "Sources",
        "summary": "Summary",
        "score": "Score: {earned} / {total} on {answered} question(s) answered (out of {count})",
        "missed": "Missed questions:",
        "none_missed": "No missed question. Well done!",
        "nothing": "No question answered yet.",
        "retry": "Try the {n} missed question(s) again? (y/n): ",
        "eof": "End of input: the session stops.",
        "interrupted": "Interrupted: the session stops.",
        "round": "New round: the missed questions.",
        "true": "True",
        "false": "False",
        "point": "point",
        "points": "points",
        "question": "Question",
    },
}
YES = {"fr": ("o", "oui"), "en": ("y", "yes")}
NO = {"fr": ("n", "non"), "en": ("n", "no")}
TRUE = {"v", "vrai", "t", "true"}
FALSE = {"f", "faux", "false"}


class _Skip(Exception):
    """The student typed '?': no answer to this question."""


@dataclass
class Outcome:
    question: dict[str, Any]
    earned: float
    state: str  # right, wrong, partial, none, self

    @property
    def missed(self) -> bool:
        return self.earned < self.question["points"]


@dataclass
class Round:
    questions: list[dict[str, Any]]
    outcomes: list[Outcome] = field(default_factory=list)


def clean(text: str) -> str:
    """Bank text for a terminal: control characters (escape sequences) removed."""
    return _CONTROL.sub("", text)


def number(value: float, language: str) -> str:
    text = f"{round(value, 1):g}"
    return text.replace(".", ",") if language == "fr" else text


class Practice:
    def __init__(self, data: dict[str, Any], inp: TextIO, out: TextIO, width: int | None = None):
        self.data = data
        self.inp = inp
        self.out = out
        self.language = data["language"] if data["language"] in WORDS else "en"
        self.w = WORDS[self.language]
        self.width = width or max(40, min(100, shutil.get_terminal_size((80, 24)).columns))
        self.rounds: list[Round] = []
        isatty = getattr(inp, "isatty", None)
        self.echo = not (isatty and isatty())

    # ---- input and output ----
    def say(self, text: str = "", indent: str = "") -> None:
        if not text:
            self.out.write("\n")
            self.out.flush()
            return
        for paragraph in text.split("\n"):
            self.out.write(textwrap.fill(clean(paragraph), self.width, initial_indent=indent,
                                         subsequent_indent=indent) + "\n")
        self.out.flush()

    def ask(self, prompt: str) -> str:
        self.out.write(prompt)
        self.out.flush()
        line = self.inp.readline()
        if line == "":
            raise EOFError
        if self.echo:
            self.out.write(clean(line.rstrip("\n")) + "\n")  # piped input: a readable transcript
        return line.strip()

    def ask_valid(self, prompt: str, parse: Any, hint: str) -> Any:
        """Ask until `parse` accepts the answer; '?' skips, an empty line or a bad answer explains and asks again."""
        while True:
            answer = self.ask(prompt)
            if answer == SKIP:
                raise _Skip
            if not answer:
                self.say(self.w["empty"].format(hint=hint), "  ")
                continue
            value, error = parse(answer)
            if error is None:
                return value
            self.say(error, "  ")

    def letters_hint(self, count: int) -> str:
        return self.w["letters_hint"].format(first=letters[0], last=letters[count - 1])

    def parse_letters(self, count: int, several: bool) -> Any:
        hint = self.letters_hint(count)

        def parse(answer: str) -> tuple[list[int] | None, str | None]:
            picked: list[int] = []
            for char in re.sub(r"[\s,;]+", "", answer.lower()):
                if char not in letters[:count]:
                    return None, self.w["bad_letter"].format(given=clean(answer), hint=hint)
                if letters.index(char) not in picked:
                    picked.append(letters.index(char))
            if not several and len(picked) > 1:
                return None, self.w["one_only"].format(hint=hint)
            return sorted(picked), None

        return parse, hint

    def yes_no(self, prompt: str) -> bool:
        while True:
            answer = self.ask(prompt).lower()
            if answer in YES[self.language]:
                return True
            if answer in NO[self.language]:
                return False
            self.say(self.w["bad_yes_no"], "  ")

    @property
    def colon(self) -> str:
        return " : " if self.language == "fr" else ": "

    # ---- one question ----
    def points(self, value: float) -> str:
        return f"{number(value, self.language)} {self.w['point' if value <= 1 else 'points']}"

    def quote(self, excerpt: dict[str, Any]) -> str:
        text = f"« {excerpt['text']} »" if self.language == "fr" else f"“{excerpt['text']}”"
        return f"{text} (§{excerpt['paragraph']})" if excerpt.get("paragraph") else text

    def technique(self, tid: str) -> str:
        entry = self.data["glossary"].get(tid)
        return entry["name"] if entry else tid

    def show(self, q: dict[str, Any], position: int, count: int) -> None:
        self.say()
        self.say(f"── {self.w['question']} {position}/{count} · {self.points(q['points'])} ──")
        self.say(q["prompt"])
        for excerpt in q["excerpts"]:
            self.say(self.quote(excerpt), "    ")
        if "choices" in q:
            for n, choice in enumerate(q["choices"]):
                self.say(f"{letters[n]}) {choice['text']}", "  ")
        elif q["type"] == "matching":
            self.say(self.w["options"], "  ")
            for n, tid in enumerate(q["options"]):
                self.say(f"{letters[n]}) {self.technique(tid)}", "    ")
            for n, row in enumerate(q["rows"], 1):
                self.say(f"{n}. {self.quote(row['excerpt'])}", "  ")
        elif q["type"] == "claim-classification":
            self.say(self.w["categories"] + " " + ", ".join(
                f"{letters[n]}) {q['categories'][cid]}" for n, cid in enumerate(q["options"])), "  ")

    def answer(self, q: dict[str, Any]) -> Outcome:
        """Ask, grade and give the feedback for one question."""
        try:
            outcome = self.grade(q)
        except _Skip:
            outcome = Outcome(q, 0, "none")
            self.feedback(q, outcome, {})
        return outcome

    def grade(self, q: dict[str, Any]) -> Outcome:
        if "choices" in q:
            several = q["type"] == "multiple-select"
            parse, hint = self.parse_letters(len(q["choices"]), several)
            picked = self.ask_valid(self.w["letters" if several else "one_letter"], parse, hint)
            right = all(c["correct"] == (n in picked) for n, c in enumerate(q["choices"]))
            outcome = Outcome(q, q["points"] if right else 0, "right" if right else "wrong")
            self.feedback(q, outcome, {"picked": picked})
            return outcome
        if q["type"] == "true-false":
            def parse_tf(answer: str) -> tuple[bool | None, str | None]:
                word = answer.lower()
                if word in TRUE:
                    return True, None
                if word in FALSE:
                    return False, None
                return None, self.w["bad_tf"]

            given = self.ask_valid(self.w["true_false"], parse_tf, self.w["bad_tf"].rstrip("."))
            right = given == q["answer"]
            outcome = Outcome(q, q["points"] if right else 0, "right" if right else "wrong")
            self.feedback(q, outcome, {"given": given})
            return outcome
        if "rows" in q:
            parse, hint = self.parse_letters(len(q["options"]), several=False)
            answers: list[str | None] = []
            for n, row in enumerate(q["rows"], 1):
                if q["type"] == "claim-classification":
                    self.say(f"{n}. {self.quote(row['excerpt'])}", "  ")
                try:
                    picked = self.ask_valid(self.w["row_letter"].format(n=n), parse, hint)
                    answers.append(q["options"][picked[0]])
                except _Skip:
                    answers.append(None)
            good = sum(1 for row, given in zip(q["rows"], answers, strict=True) if given in row["accepted"])
            answered = sum(1 for given in answers if given)
            state = "none" if not answered else "right" if good == len(answers) else "partial" if good else "wrong"
            outcome = Outcome(q, q["points"] * good / len(answers), state)
            self.feedback(q, outcome, {"answers": answers})
            return outcome
        # short answer: free text, then the student marks it against the rubric
        text = self.ask_valid(self.w["text"], lambda answer: (answer, None), self.w["text"].rstrip(" :"))
        self.say(f"{self.w['model_answer']}{self.colon}{q['model_answer']}", "  ")
        self.say(self.w["rubric"], "  ")
        earned = 0
        for line in q["rubric"]:
            self.say(f"• {self.points(line['points'])} — {line['criterion']}", "  ")
            if self.yes_no(self.w["criterion"]):
                earned += line["points"]
        outcome = Outcome(q, min(earned, q["points"]), "self")
        self.feedback(q, outcome, {"text": text})
        return outcome

    # ---- feedback, as on the HTML page ----
    def feedback(self, q: dict[str, Any], outcome: Outcome, given: dict[str, Any]) -> None:
        w = self.w
        self.say(f"{w[outcome.state]} ({number(outcome.earned, self.language)} / {self.points(q['points'])})")
        techniques = list(q["techniques"])
        if "choices" in q:
            expected = [f"{letters[n]}) {c['text']}" for n, c in enumerate(q["choices"]) if c["correct"]]
            self.say(f"{w['expected']}{self.colon}{' ; '.join(expected)}", "  ")
            for n in given.get("picked", []):
                choice = q["choices"][n]
                if not choice["correct"]:
                    self.say(f"{w['your_choice']} {letters[n]}) {choice['text']}{self.colon}"
                             f"{choice['why_wrong'] or ''}", "  ")
        elif q["type"] == "true-false":
            self.say(f"{w['expected']}{self.colon}{w['true'] if q['answer'] else w['false']}", "  ")
        elif "rows" in q:
            answers = given.get("answers") or [None] * len(q["rows"])

            def name(value: str) -> str:
                if q["type"] == "matching":
                    return f"{letters[q['options'].index(value)]}) {self.technique(value)}"
                return str(q["categories"][value])

            for n, (row, answer) in enumerate(zip(q["rows"], answers, strict=True), 1):
                ok = answer in row["accepted"]
                line = f"{'✔' if ok else '✘'} {n}. {w['your_choice']}{self.colon}{name(answer) if answer else '–'}"
                if not ok:
                    line += f" ; {w['expected']}{self.colon}{name(row['answer'])}"
                self.say(line, "  ")
                if row.get("explanation"):
                    self.say(row["explanation"], "      ")
                for source in row.get("sources", []):
                    self.say(self.source(source), "      ")
                if q["type"] == "matching":
                    techniques += [row["answer"]] + ([answer] if answer else [])
        elif q["type"] == "short-answer" and outcome.state == "none":
            self.say(f"{w['model_answer']}{self.colon}{q['model_answer']}", "  ")
        self.say(f"{w['explanation']}{self.colon}{q['explanation']}", "  ")
        for claim in q["claims"]:
            self.say(f"{claim['verdict']} — {self.quote(claim['excerpt'])} — {claim['explanation']}", "  ")
        seen = list(dict.fromkeys(t for t in techniques if t in self.data["glossary"]))
        if seen:
            self.say(f"{w['techniques']}{self.colon.rstrip()}", "  ")
            for tid in seen:
                self.say(f"{self.technique(tid)} — {self.data['glossary'][tid]['definition']}", "    ")
        if q["sources"]:
            self.say(f"{w['sources']}{self.colon.rstrip()}", "  ")
            for source in q["sources"]:
                self.say(self.source(source), "    ")

    def source(self, s: dict[str, Any]) -> str:
        return f"{s['title']}, {s['publisher']}, {s['date']}" + (f". {s['url']}" if s.get("url") else "")

    # ---- the session ----
    def summary(self, current: Round) -> None:
        outcomes = current.outcomes
        earned = sum(o.earned for o in outcomes)
        total = sum(o.question["points"] for o in outcomes)
        self.say()
        self.say(f"== {self.w['summary']} ==")
        if not outcomes:
            self.say(self.w["nothing"])
            return
        self.say(self.w["score"].format(earned=number(earned, self.language), total=self.points(total),
                                        answered=len(outcomes), count=len(current.questions)))
        missed = [o for o in outcomes if o.missed]
        if missed:
            self.say(self.w["missed"])
            for o in missed:
                q = o.question
                self.say(f"{self.w['question']} {q['number']} ({q['id']}, {number(o.earned, self.language)}/"
                         f"{q['points']}){self.colon}{q['prompt']}", "  ")
        elif outcomes:
            self.say(self.w["none_missed"])

    def run(self) -> int:
        """The whole session; returns the exit status."""
        questions = list(self.data["questions"])
        self.say(self.w["intro"].format(title=self.data["title"]))
        self.say(self.w["how"].format(count=len(questions), seed=self.data["seed"]))
        current = Round(questions)
        self.rounds.append(current)
        try:
            while True:
                for position, q in enumerate(current.questions, 1):
                    self.show(q, position, len(current.questions))
                    current.outcomes.append(self.answer(q))
                self.summary(current)
                missed = [o.question for o in current.outcomes if o.missed]
                if not missed or not self.yes_no(self.w["retry"].format(n=len(missed))):
                    return EXIT_OK
                self.say()
                self.say(self.w["round"])
                current = Round(missed)
                self.rounds.append(current)
        except EOFError:
            self.say()
            self.say(self.w["eof"])
            self.summary(current)
            return EXIT_OK
        except KeyboardInterrupt:
            self.say()
            self.say(self.w["interrupted"])
            self.summary(current)
            return EXIT_INTERRUPTED


def session_data(workspace: Workspace, options: Options, seed: int | None, bank_id: str | None) -> dict[str, Any]:
    return quiz_data(draw_variant(workspace, bank_id, options, seed))


def run_practice(workspace: Workspace, options: Options, seed: int | None, bank_id: str | None,
                 inp: TextIO, out: TextIO) -> int:
    return Practice(session_data(workspace, options, seed, bank_id), inp, out).run()
