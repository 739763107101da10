"""Terminal practice: driven with piped input (CliRunner, subprocess) and in a pseudo-terminal (pexpect)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pexpect
import pytest
from click.testing import CliRunner

from quizgen.bank.workspace import load_workspace
from quizgen.cli import cli
from quizgen.study.practice import EXIT_INTERRUPTED, Practice, clean, session_data
from quizgen.variants.draw import Options

HERE = Path(__file__).parent
MINI = HERE / "data" / "mini"
BUNDLED = HERE.parent / "questions"
REPO = HERE.parent
SEED = 3


def _data(path: Path = MINI, seed: int = SEED, **options: Any) -> dict[str, Any]:
    return session_data(load_workspace([path]), Options(**options), seed, None)


def right_lines(q: dict[str, Any]) -> list[str]:
    """What a student who knows the answer types (letters, v/f, a text and 'o' for each criterion)."""
    if q["interaction"] == "choice":
        return [" ".join("abcdefghij"[n] for n, c in enumerate(q["choices"]) if c["correct"])]
    if q["interaction"] == "truth":
        return ["vrai" if q["answer"] else "faux"]
    if q["interaction"] == "rows":
        keys = [option["key"] for option in q["options"]]
        return ["abcdefghij"[keys.index(row["answer"])] for row in q["rows"]]
    return ["Je chercherais les délibérations de la mairie."] + ["o"] * len(q["rubric"])


def wrong_lines(q: dict[str, Any]) -> list[str]:
    if q["interaction"] == "choice":
        return ["abcdefghij"[next(n for n, c in enumerate(q["choices"]) if not c["correct"])]]
    if q["interaction"] == "truth":
        return ["f" if q["answer"] else "v"]
    if q["interaction"] == "rows":
        return ["abcdefghij"[next(k for k, o in enumerate(q["options"]) if o["key"] not in row["accepted"])]
                for row in q["rows"]]
    return ["je ne sais pas"] + ["n"] * len(q["rubric"])


def nb(pattern: str) -> str:
    """A pexpect pattern in which a space also matches French typography's no-break space."""
    return pattern.replace(" ", "[ \u00a0]")


def plain(text: str) -> str:
    return text.replace("\u00a0", " ")


def _run(data: dict[str, Any], lines: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    status = Practice(data, io.StringIO("".join(line + "\n" for line in lines)), out, width=100).run()
    return status, out.getvalue().replace("\u00a0", " ")  # French typography: NBSP read as spaces


def test_all_right_on_the_mini_bank_through_the_cli():
    data = _data()
    lines = [line for q in data["questions"] for line in right_lines(q)]
    result = CliRunner().invoke(cli, ["practice", str(MINI), "--seed", str(SEED)], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in plain(result.output)
    assert "Score : 14 / 14 points sur 7 question(s) répondue(s) (sur 7)" in plain(result.output)
    assert "Aucune question à revoir. Bravo !" in plain(result.output)
    assert plain(result.output).count("✔ Juste") == 6 and plain(result.output).count("✎ Auto-évaluation") == 1
    assert "Refaire" not in plain(result.output)


def test_every_bundled_question_answered_right_gives_full_marks():
    data = _data(BUNDLED, seed=5)
    lines = [line for q in data["questions"] for line in right_lines(q)]
    status, out = _run(data, lines)
    total = sum(q["points"] for q in data["questions"])
    assert status == 0
    assert f"Score : {total} / {total} points sur {len(data['questions'])} question(s)" in out
    assert "✘" not in out


def test_feedback_for_a_wrong_answer_then_retry_the_missed_ones():
    data = _data()
    lines: list[str] = []
    missed = []
    for q in data["questions"]:
        if q["id"] in ("q-choice", "q-match"):
            lines += wrong_lines(q)
            missed.append(q)
        else:
            lines += right_lines(q)
    lines.append("o")  # retry the missed ones
    lines += [line for q in missed for line in right_lines(q)]
    status, out = _run(data, lines)
    assert status == 0
    first, retry = out.split("Nouveau tour : les questions à revoir.")
    choice = next(q for q in data["questions"] if q["id"] == "q-choice")
    wrong = next(c for c in choice["choices"] if not c["correct"])
    assert f"Votre choix {'abcd'[choice['choices'].index(wrong)]}) {wrong['text']} : {wrong['why_wrong']}" in first
    assert "Réponse attendue : " in first
    assert "Langage chargé — Des mots choisis pour faire réagir plutôt que pour décrire." in first  # definition
    assert "Explication : « Scandaleuse » et « ruiner » jugent au lieu de décrire." in first
    assert "Score : 11 / 14 points" in first
    assert "Questions à revoir :" in first
    numbers = sorted(q["number"] for q in missed)
    for n in numbers:
        assert f"Question {n} (" in first
    assert "Refaire les 2 question(s) à revoir ? (o/n) : o" in first
    assert retry.count("── Question") == 2
    assert "Score : 3 / 3 points sur 2 question(s) répondue(s) (sur 2)" in retry
    assert "Aucune question à revoir" in retry


def test_sources_and_model_answer_are_shown():
    data = _data()
    status, out = _run(data, [line for q in data["questions"] for line in wrong_lines(q)] + ["n"])
    assert status == 0
    assert "Compte rendu du conseil municipal, Mairie (fictive), 2024-03-12" in out
    assert "https://example.org/tarifs-2019" in out
    assert "Réponse attendue : Chercher les délibérations tarifaires depuis 2015" in out
    assert "• 2 points — Explique quoi comparer (tarifs année par année)." in out
    assert "Score : 0 / 14 points" in out


def test_several_letters_in_any_spelling_and_true_false_words():
    data = _data(types=("multiple-select", "true-false"))
    multi = next(q for q in data["questions"] if q["type"] == "multiple-select")
    letters = [c for c in right_lines(multi)[0].split()]
    for spelling in (" ".join(letters), "".join(letters).upper(), ",".join(reversed(letters))):
        lines = []
        for q in data["questions"]:
            lines += [spelling] if q is multi else ["Vrai" if q["answer"] else "FAUX"]
        status, out = _run(data, lines)
        assert "Score : 3 / 3 points" in out, spelling


def test_bad_input_is_explained_and_asked_again():
    data = _data(types=("single-choice", "matching"))
    choice = next(q for q in data["questions"] if q["type"] == "single-choice")
    match = next(q for q in data["questions"] if q["type"] == "matching")
    lines = []
    for q in data["questions"]:
        lines += ["", "z", "a b", "7"] + right_lines(choice) if q is choice else ["", "x"] + right_lines(match)
    status, out = _run(data, lines)
    assert status == 0
    assert "Réponse vide : tapez une lettre de a à d (ou « ? » pour passer)." in out
    assert "« z » n’est pas une lettre proposée : tapez une lettre de a à d." in out
    assert "Une seule lettre ici : tapez une lettre de a à d." in out
    assert "« 7 » n’est pas une lettre proposée" in out
    assert "« x » n’est pas une lettre proposée : tapez une lettre de a à d." in out
    assert "Score : 3 / 3 points" in out


def test_question_mark_skips_and_counts_as_missed():
    data = _data(types=("true-false",))
    status, out = _run(data, ["?", "n"])
    assert "– Pas de réponse (0 / 1 point)" in out
    assert "Réponse attendue : Vrai" in out
    assert "Score : 0 / 1 point sur" in out and "Questions à revoir :" in out


def test_end_of_input_midway_gives_a_summary_and_status_0():
    data = _data()
    first = data["questions"][0]
    result = CliRunner().invoke(cli, ["practice", str(MINI), "--seed", str(SEED)],
                                input="\n".join(right_lines(first)) + "\n")
    assert result.exit_code == 0
    assert "Traceback" not in plain(result.output)
    assert "Fin de la saisie : la session s’arrête." in plain(result.output)
    assert f"Score : {first['points']} / {first['points']} point" in plain(result.output)
    assert "sur 1 question(s) répondue(s) (sur 7)" in plain(result.output)


class _Interrupt(io.StringIO):
    def __init__(self, lines: list[str]):
        super().__init__("".join(line + "\n" for line in lines))
        self.left = len(lines)

    def readline(self, *args: Any) -> str:  # type: ignore[override]
        if not self.left:
            raise KeyboardInterrupt
        self.left -= 1
        return super().readline()


def test_ctrl_c_gives_a_summary_and_status_130():
    data = _data()
    q1, q2 = data["questions"][:2]
    out = io.StringIO()
    status = Practice(data, _Interrupt(right_lines(q1) + wrong_lines(q2)), out).run()
    assert status == EXIT_INTERRUPTED == 130
    text = plain(out.getvalue())
    assert "Interrompu : la session s’arrête." in text
    assert "sur 2 question(s) répondue(s) (sur 7)" in text
    assert f"Question {q2['number']} ({q2['id']}" in text


def test_control_characters_in_bank_text_are_not_sent_to_the_terminal():
    assert clean("rouge \x1b[31m texte\x07 \x9b2J ok\n") == "rouge [31m texte 2J ok\n"


@pytest.mark.slow
def test_piped_subprocess_without_a_tty():
    data = _data()
    lines = [line for q in data["questions"] for line in right_lines(q)]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.run([sys.executable, "-c", "from quizgen.cli import main; main()", "practice", str(MINI),
                           "--seed", str(SEED)], input="\n".join(lines[:3]), capture_output=True, text=True,
                          env=env, timeout=60, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert "Fin de la saisie" in proc.stdout and "Bilan" in proc.stdout


def test_unknown_technique_is_a_clean_error():
    result = CliRunner().invoke(cli, ["practice", str(MINI), "--technique", "Loaded_Langage"])
    assert result.exit_code == 1
    assert "unknown technique 'Loaded_Langage'" in plain(result.output)
    assert "Traceback" not in plain(result.output)


def _spawn(*args: str) -> pexpect.spawn:
    env = dict(os.environ, PYTHONPATH=str(REPO), COLUMNS="100", LINES="40")
    return pexpect.spawn(sys.executable, ["-c", "from quizgen.cli import main; main()", "practice", str(MINI),
                                          "--seed", str(SEED), *args],
                         env=env, encoding="utf-8", timeout=30, dimensions=(40, 100))


@pytest.mark.slow
@pytest.mark.parametrize("how", ["ctrl-c", "ctrl-d"])
def test_in_a_pseudo_terminal(how):
    data = _data()
    q1, q2 = data["questions"][:2]
    child = _spawn()
    child.expect("Question 1/7")
    child.expect(nb(r"Votre réponse \(une lettre\) : "))
    child.sendline("zz")  # typed answers are echoed by the terminal, not by quizgen
    child.expect(nb("« zz » n’est pas une lettre proposée"))
    child.sendline(right_lines(q1)[0])
    child.expect(nb("✔ Juste"))
    child.expect(nb("Question 2/7"))
    child.expect(nb(r"\(v/f\) : "))
    child.sendline(wrong_lines(q2)[0])
    child.expect(nb("✘ Faux"))
    child.expect(nb("Question 3/7"))
    child.expect(nb("→ lettre : "))
    if how == "ctrl-c":
        child.sendintr()
        child.expect(nb("Interrompu : la session s’arrête."))
    else:
        child.sendeof()
        child.expect(nb("Fin de la saisie : la session s’arrête."))
    child.expect(nb("sur 2 question\\(s\\) répondue\\(s\\) \\(sur 7\\)"))
    child.expect(nb(f"Question {q2['number']} \\({q2['id']}"))
    child.expect(pexpect.EOF)
    child.close()
    assert "Traceback" not in child.before
    assert child.exitstatus == (130 if how == "ctrl-c" else 0)


@pytest.mark.slow
def test_retry_offer_in_a_pseudo_terminal():
    data = _data(count=2)
    child = _spawn("--count", "2")
    for q in data["questions"]:
        for line in wrong_lines(q):
            child.expect(nb(": $"))
            child.sendline(line)
    child.expect(nb(r"Refaire les 2 question\(s\) à revoir \? \(o/n\) : "))
    child.sendline("peut-être")
    child.expect(nb("Répondez o \\(oui\\) ou n \\(non\\)."))
    child.sendline("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_end_of_input_before_any_answer():
    status, out = _run(_data(), [])
    assert status == 0
    assert "Aucune question répondue pour l’instant." in out
    assert "Score" not in out and "Traceback" not in out


def test_english_labels_with_lang_en():
    data = _data(types=("true-false",), language="en")
    status, out = _run(data, ["x", "t"])
    assert "Answer t (true) or f (false)." in out
    assert "✔ Right (1 / 1 point)" in out and "Expected answer: True" in out
    assert "Score: 1 / 1 point on 1 question(s) answered (out of 1)" in out
