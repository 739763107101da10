"""Terminal practice: one question at a time, feedback right away, a score and a retry of the missed ones.

Works on the same data as the HTML self-check (quizgen.study.selfcheck.quiz_data) and scores
with the same tables and rule (quizgen.types.scoring), with the input and output streams
passed in so tests can drive a session. End of input (Ctrl-D) or Ctrl-C stop the session
cleanly with a summary of what was answered: exit status 0 after Ctrl-D, 130 after Ctrl-C
(the shell convention for an interrupted program).
"""

from __future__ import annotations

import re
import shutil
import string
import textwrap
from dataclasses import dataclass, field
from typing import Any, TextIO

from quizgen.bank.workspace import Workspace
from quizgen.core.labels import Texts
from quizgen.core.typography import colon, number, quoted
from quizgen.study.selfcheck import quiz_data
from quizgen.types.scoring import ScoringTable, earned, state
from quizgen.variants.draw import Options, draw_variant

EXIT_OK = 0
EXIT_INTERRUPTED = 130
SKIP = "?"
PARAGRAPH = re.compile(r"§\s*(\d{1,4})")  # '§12' (or '§ 12') at any prompt: show that paragraph
letters = string.ascii_lowercase
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
YES = {"fr": ("o", "oui"), "en": ("y", "yes")}
NO = {"fr": ("n", "non"), "en": ("n", "no")}
TRUE = {"v", "vrai", "t", "true"}
FALSE = {"f", "faux", "false"}
MARKS = {"right": "✔", "wrong": "✘", "partial": "◐", "none": "–", "self": "✎"}


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
    """Bank text for a terminal: control characters (escape sequences) and bidi overrides removed."""
    return _CONTROL.sub("", text)


class Practice:
    def __init__(self, data: dict[str, Any], inp: TextIO, out: TextIO, width: int | None = None):
        self.data = data
        self.inp = inp
        self.out = out
        self.language = data["language"] if data["language"] in YES else "en"
        self.texts = Texts(self.language, self.language)
        self.width = width or max(40, min(100, shutil.get_terminal_size((80, 24)).columns))
        self.rounds: list[Round] = []
        isatty = getattr(inp, "isatty", None)
        self.echo = not (isatty and isatty())

    def w(self, key: str, **values: Any) -> str:
        """A label of the catalogue (practice's own keys are 'practice.*')."""
        return self.texts.msg(key, **values)

    def p(self, key: str, **values: Any) -> str:
        return self.texts.msg(f"practice.{key}", **values)

    @property
    def colon(self) -> str:
        return colon(self.language) + " "

    # ---- input and output ----
    def say(self, text: str = "", indent: str = "") -> None:
        if not text:
            self.out.write("\n")
            self.out.flush()
            return
        for paragraph in text.split("\n"):
            self.out.write(textwrap.fill(clean(paragraph), self.width, initial_indent=indent,
                                         subsequent_indent=indent, break_on_hyphens=False) + "\n")
        self.out.flush()

    def ask(self, prompt: str) -> str:
        """One line of input; '§N' at any prompt shows paragraph N of the article and asks again."""
        while True:
            self.out.write(prompt)
            self.out.flush()
            line = self.inp.readline()
            if line == "":
                raise EOFError
            if self.echo:
                self.out.write(clean(line.rstrip("\n")) + "\n")  # piped input: a readable transcript
            wanted = PARAGRAPH.fullmatch(line.strip())
            if wanted is None:
                return line.strip()
            self.show_paragraph(int(wanted.group(1)))

    def show_paragraph(self, n: int) -> None:
        paragraphs = self.data["article"].get("paragraphs") or []
        if 1 <= n <= len(paragraphs):
            self.say(f"§{n} {paragraphs[n - 1]}", "    ")
        else:
            self.say(self.p("no_paragraph", n=n, last=len(paragraphs)), "  ")

    def ask_valid(self, prompt: str, parse: Any, hint: str) -> Any:
        """Ask until `parse` accepts the answer; '?' skips, an empty line or a bad answer explains and asks again."""
        while True:
            answer = self.ask(prompt)
            if answer == SKIP:
                raise _Skip
            if not answer:
                self.say(self.p("empty", hint=hint), "  ")
                continue
            value, error = parse(answer)
            if error is None:
                return value
            self.say(error, "  ")

    def letters_hint(self, count: int) -> str:
        return self.p("letters_hint", first=letters[0], last=letters[count - 1])

    def parse_letters(self, count: int, several: bool) -> Any:
        hint = self.letters_hint(count)

        def parse(answer: str) -> tuple[list[int] | None, str | None]:
            picked: list[int] = []
            for char in re.sub(r"[\s,;]+", "", answer.lower()):
                if char not in letters[:count]:
                    return None, self.p("bad_letter", given=clean(answer), hint=hint)
                if letters.index(char) not in picked:
                    picked.append(letters.index(char))
            if not several and len(picked) > 1:
                return None, self.p("one_only", hint=hint)
            return sorted(picked), None

        return parse, hint

    def yes_no(self, prompt: str) -> bool:
        while True:
            answer = self.ask(prompt).lower()
            if answer in YES[self.language]:
                return True
            if answer in NO[self.language]:
                return False
            self.say(self.p("bad_yes_no"), "  ")

    # ---- one question ----
    def points(self, value: float) -> str:
        return f"{number(value, self.language)} {self.w('point' if value <= 1 else 'points')}"

    def quote(self, excerpt: dict[str, Any]) -> str:
        text = quoted(excerpt["text"], self.language)
        return f"{text} (§{excerpt['paragraph']})" if excerpt.get("paragraph") else text

    def technique(self, tid: str) -> str:
        entry = self.data["glossary"].get(tid)
        return entry["name"] if entry else tid

    def show(self, q: dict[str, Any], position: int, count: int) -> None:
        self.say()
        self.say(f"── {self.w('question')} {position}/{count} · {self.points(q['points'])} ──")
        self.say(q["prompt"])
        for excerpt in q["excerpts"]:
            self.say(self.quote(excerpt), "    ")
        if q["interaction"] == "choice":
            for n, choice in enumerate(q["choices"]):
                self.say(f"{letters[n]}) {choice['text']}", "  ")
        elif q["interaction"] == "rows" and q["options_kind"] == "technique":
            self.say(self.w("technique_options") + self.colon.rstrip(), "  ")
            for n, option in enumerate(q["options"]):
                self.say(f"{letters[n]}) {option['label']}", "    ")
            for n, row in enumerate(q["rows"], 1):
                self.say(f"{n}. {self.quote(row['excerpt'])}", "  ")
        elif q["interaction"] == "rows":
            self.say(self.w("categories") + self.colon + ", ".join(
                f"{letters[n]}) {option['label']}" for n, option in enumerate(q["options"])), "  ")

    def answer(self, q: dict[str, Any]) -> Outcome:
        """Ask, grade and give the feedback for one question."""
        given: dict[str, Any] = {}
        try:
            getattr(self, f"ask_{q['interaction']}")(q, given)
        except _Skip:
            given = {}
        table = ScoringTable.from_data(q["scoring"])
        outcome = Outcome(q, earned(table, given), state(table, given))
        self.feedback(q, outcome, given)
        return outcome

    # ---- the four ways of answering (as on the self-check page) ----
    def ask_choice(self, q: dict[str, Any], given: dict[str, Any]) -> None:
        parse, hint = self.parse_letters(len(q["choices"]), q["many"])
        picked = self.ask_valid(self.p("letters" if q["many"] else "one_letter"), parse, hint)
        given[q["slot"]] = [q["choices"][n]["key"] for n in picked]

    def ask_truth(self, q: dict[str, Any], given: dict[str, Any]) -> None:
        def parse(answer: str) -> tuple[str | None, str | None]:
            word = answer.lower()
            if word in TRUE:
                return "true", None
            if word in FALSE:
                return "false", None
            return None, self.p("bad_tf")

        given[q["slot"]] = [self.ask_valid(self.p("true_false"), parse, self.p("bad_tf").rstrip("."))]
        if q["justification"]:
            self.ask_valid(self.p("text"), lambda answer: (answer, None), self.p("text").rstrip(" :"))
            self.say(f"{self.w('explanation')}{self.colon}{q['explanation']}", "  ")
            met = self.yes_no(self.p("justification"))
            given["justification"] = q["justification"] / q["points"] if met else 0.0

    def ask_rows(self, q: dict[str, Any], given: dict[str, Any]) -> None:
        parse, hint = self.parse_letters(len(q["options"]), several=False)
        for n, row in enumerate(q["rows"], 1):
            if q["options_kind"] != "technique":
                self.say(f"{n}. {self.quote(row['excerpt'])}", "  ")
            try:
                picked = self.ask_valid(self.p("row_letter", n=n), parse, hint)
                given[row["slot"]] = [q["options"][picked[0]]["key"]]
            except _Skip:
                given[row["slot"]] = []

    def ask_open(self, q: dict[str, Any], given: dict[str, Any]) -> None:
        """Free text, then the student marks it against the rubric."""
        self.ask_valid(self.p("text"), lambda answer: (answer, None), self.p("text").rstrip(" :"))
        self.say(f"{self.w('model_answer')}{self.colon}{q['model_answer']}", "  ")
        self.say(self.p("rubric"), "  ")
        met = 0
        for line in q["rubric"]:
            self.say(f"• {self.points(line['points'])} — {line['criterion']}", "  ")
            if self.yes_no(self.p("criterion")):
                met += line["points"]
        given[q["slot"]] = met / q["points"]

    # ---- feedback, as on the HTML page ----
    def feedback(self, q: dict[str, Any], outcome: Outcome, given: dict[str, Any]) -> None:
        word = self.w("no_answer" if outcome.state == "none" else outcome.state)
        score = f"{number(outcome.earned, self.language)} / {self.points(q['points'])}"
        self.say(f"{MARKS[outcome.state]} {word} ({score})")
        techniques = list(q["techniques"])
        interaction = q["interaction"]
        if interaction == "choice":
            expected = [f"{letters[n]}) {c['text']}" for n, c in enumerate(q["choices"]) if c["correct"]]
            self.say(f"{self.w('expected')}{self.colon}{self.w('list_separator').join(expected)}", "  ")
            for n, choice in enumerate(q["choices"]):
                if not choice["correct"] and choice["key"] in given.get(q["slot"], []):
                    self.say(f"{self.w('your_choice')} {letters[n]}) {choice['text']}{self.colon}"
                             f"{choice['why_wrong'] or ''}", "  ")
        elif interaction == "truth":
            self.say(f"{self.w('expected')}{self.colon}{self.w('true' if q['answer'] else 'false')}", "  ")
        elif interaction == "rows":
            techniques += self.row_feedback(q, given)
        elif outcome.state == "none":
            self.say(f"{self.w('model_answer')}{self.colon}{q['model_answer']}", "  ")
        self.say(f"{self.w('explanation')}{self.colon}{q['explanation']}", "  ")
        for claim in q["claims"]:
            self.say(f"{claim['verdict']} — {self.quote(claim['excerpt'])} — {claim['explanation']}", "  ")
        seen = list(dict.fromkeys(t for t in techniques if t in self.data["glossary"]))
        if seen:
            self.say(f"{self.w('techniques')}{self.colon.rstrip()}", "  ")
            for tid in seen:
                self.say(f"{self.technique(tid)} — {self.data['glossary'][tid]['definition']}", "    ")
        if q["sources"]:
            self.say(f"{self.w('sources')}{self.colon.rstrip()}", "  ")
            for source in q["sources"]:
                self.say(self.source(source), "    ")

    def row_feedback(self, q: dict[str, Any], given: dict[str, Any]) -> list[str]:
        keys = [option["key"] for option in q["options"]]

        def name(value: str) -> str:
            option = q["options"][keys.index(value)]
            return f"{letters[keys.index(value)]}) {option['label']}" if q["options_kind"] == "technique" \
                else option["label"]

        techniques: list[str] = []
        for n, row in enumerate(q["rows"], 1):
            answer = (given.get(row["slot"]) or [None])[0]
            ok = answer in row["accepted"]
            line = f"{'✔' if ok else '✘'} {n}. {self.w('your_choice')}{self.colon}{name(answer) if answer else '–'}"
            if not ok:
                line += f"{self.w('list_separator')}{self.w('expected')}{self.colon}{name(row['answer'])}"
            self.say(line, "  ")
            if row.get("explanation"):
                self.say(row["explanation"], "      ")
            for source in row.get("sources", []):
                self.say(self.source(source), "      ")
            if q["options_kind"] == "technique":
                techniques += [row["answer"]] + ([answer] if answer else [])
        return techniques

    def source(self, s: dict[str, Any]) -> str:
        return f"{s['title']}, {s['publisher']}, {s['date']}" + (f". {s['url']}" if s.get("url") else "")

    # ---- the session ----
    def summary(self, current: Round) -> None:
        outcomes = current.outcomes
        earned_points = sum(o.earned for o in outcomes)
        total = sum(o.question["points"] for o in outcomes)
        self.say()
        self.say(f"== {self.p('summary')} ==")
        if not outcomes:
            self.say(self.p("nothing"))
            return
        self.say(self.p("score", earned=number(earned_points, self.language), total=self.points(total),
                        answered=len(outcomes), count=len(current.questions)))
        missed = [o for o in outcomes if o.missed]
        if missed:
            self.say(self.w("missed") + colon(self.language))
            for o in missed:
                q = o.question
                self.say(f"{self.w('question')} {q['number']} ({q['id']}, {number(o.earned, self.language)}/"
                         f"{q['points']}){self.colon}{q['prompt']}", "  ")
        else:
            self.say(self.w("none_missed"))

    def run(self) -> int:
        """The whole session; returns the exit status."""
        questions = list(self.data["questions"])
        self.say(self.p("intro", title=self.data["title"]))
        self.say(self.p("how", count=len(questions), seed=self.data["seed"]))
        current = Round(questions)
        self.rounds.append(current)
        try:
            while True:
                for position, q in enumerate(current.questions, 1):
                    self.show(q, position, len(current.questions))
                    current.outcomes.append(self.answer(q))
                self.summary(current)
                missed = [o.question for o in current.outcomes if o.missed]
                if not missed or not self.yes_no(self.p("retry", n=len(missed))):
                    return EXIT_OK
                self.say()
                self.say(self.p("round"))
                current = Round(missed)
                self.rounds.append(current)
        except EOFError:
            self.say()
            self.say(self.p("eof"))
            self.summary(current)
            return EXIT_OK
        except KeyboardInterrupt:
            self.say()
            self.say(self.p("interrupted"))
            self.summary(current)
            return EXIT_INTERRUPTED


def session_data(workspace: Workspace, options: Options, seed: int | None, bank_id: str | None) -> dict[str, Any]:
    return quiz_data(draw_variant(workspace, bank_id, options, seed))


def run_practice(workspace: Workspace, options: Options, seed: int | None, bank_id: str | None,
                 inp: TextIO, out: TextIO) -> int:
    return Practice(session_data(workspace, options, seed, bank_id), inp, out).run()
