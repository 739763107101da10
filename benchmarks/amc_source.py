"""The AMC side of `peer_amc.sh`: an auto-multiple-choice LaTeX source for the same kind of job as a
quizgen class set, written from the bundled bank so both print the same French text.

    python benchmarks/amc_source.py --questions 15 --copies 30 > controle.tex

The first N single-choice and multiple-select questions of the bank (in bank order), each with its
prompt, its first excerpt and its choices; AMC shuffles questions and choices for each copy, as
quizgen does. Text is escaped for LaTeX; quizgen's no-break spaces become LaTeX's.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from quizgen.bank.workspace import load_workspace  # noqa: E402
from quizgen.core.labels import Texts  # noqa: E402

_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
            "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
            "\u00a0": "~", "\u202f": r"\,", "ᵉ": r"\textsuperscript{e}", "ʳ": r"\textsuperscript{r}",
            "\u2060": ""}


def latex(text: str) -> str:
    return re.sub("|".join(map(re.escape, _SPECIAL)), lambda m: _SPECIAL[m.group()], text)


def source(questions: int, copies: int) -> str:
    bank = load_workspace([REPO / "questions"]).banks[0]
    texts = Texts(bank.language, bank.language)
    chosen = [q for q in bank.questions if q.type in ("single-choice", "multiple-select")][:questions]
    if len(chosen) < questions:
        sys.exit(f"the bank has only {len(chosen)} choice questions")
    elements = []
    for question in chosen:
        environment = "questionmult" if question.type == "multiple-select" else "question"
        excerpt = (f"\n\n\\begin{{quote}}«~{latex(question.excerpts[0].text)}~» "
                   f"{{\\small §{question.excerpts[0].paragraph}}}\\end{{quote}}" if question.excerpts else "")
        answers = "\n".join(f"    \\{'bonne' if c.correct else 'mauvaise'}{{{latex(texts.t(c.text))}}}"
                            for c in question.choices)
        elements.append(f"\\element{{controle}}{{\n\\begin{{{environment}}}{{{question.id}}}\n"
                        f"  {latex(texts.t(question.prompt))}{excerpt}\n  \\begin{{reponses}}\n{answers}\n"
                        f"  \\end{{reponses}}\n\\end{{{environment}}}\n}}")
    title = latex(texts.t(bank.title))
    return "\n".join([
        r"\documentclass[a4paper,11pt]{article}",
        r"\usepackage[utf8]{inputenc}",
        r"\usepackage[T1]{fontenc}",
        r"\usepackage{lmodern}",
        r"\usepackage[francais]{babel}",
        r"\usepackage[francais,bloc]{automultiplechoice}",
        r"\begin{document}",
        *elements,
        f"\\exemplaire{{{copies}}}{{",
        r"\noindent{\bf " + title + r"} \hfill Contrôle de 15 minutes\par",
        r"\vspace{2mm}",
        r"\noindent\namefield{\fbox{\begin{minipage}{.9\linewidth}Nom et prénom :\vspace*{.6cm}"
        r"\end{minipage}}}\par",
        r"\vspace{4mm}",
        r"\melangegroupe{controle}",
        r"\restituegroupe{controle}",
        r"}",
        r"\end{document}",
        "",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=15)
    parser.add_argument("--copies", type=int, default=30)
    args = parser.parse_args()
    sys.stdout.write(source(args.questions, args.copies))


if __name__ == "__main__":
    main()
