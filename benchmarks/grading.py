"""Time the class report: 30 simulated students × 15 questions of the bundled bank → report.html,
report.pdf, grades.csv and grades.xlsx.

    python benchmarks/grading.py              # best and median of 5 runs, per stage
    python benchmarks/grading.py --cold       # plus a fresh process (imports included), 3 runs

In one process (imports done, the class simulated once): analysis (statistics, both confusion
views, readings), HTML (with the four matplotlib figures), PDF (WeasyPrint), grade files.
Wall-clock and CPU time are both reported: the development machine is shared, and CPU time is
what the code costs when the machine is busy with others.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# 15 questions of every type; tech-match-icc offers both techniques of the planted confusion (an
# Exaggeration row, Appeal to Fear among the lettered techniques).
SELECTION = [
    "tech-hegemon-label", "tech-houthis-exaggeration", "tech-stop-slogan", "tech-post-hoc-strategy",
    "tech-match-icc", "tech-match-hidden-motives", "ver-cc-intro", "ver-cc-aging", "tech-cc-neutral-or-not",
    "fo-tf-prediction", "fo-tf-conclusion-ainsi", "fo-multi-opinion-markers", "src-missing-metadata",
    "fo-sa-rewrite-servile", "fo-sa-story-false",
]

COLD = """
import sys, time
start = time.perf_counter()
sys.path.insert(0, {repo!r})
from benchmarks.grading import simulated_class, everything
everything(simulated_class())
print(time.perf_counter() - start)
"""


def simulated_class():
    from quizgen.bank.workspace import load_workspace
    from quizgen.grading.simulate import simulate_bank_class

    bank = load_workspace([REPO / "questions"]).banks[0]
    return simulate_bank_class(bank, SELECTION, students=30, seed=7,
                               confusions={"Exaggeration-Minimisation": ("Appeal_to_Fear-Prejudice", 0.9)},
                               over_scepticism=0.8)


def everything(results) -> dict[str, float]:
    """Each stage's (wall, cpu) seconds."""
    from quizgen.grading.grades import grades_csv, grades_xlsx
    from quizgen.grading.report import analyse_class, report_html, report_pdf

    times: dict[str, float] = {}

    def timed(name, call):
        wall, cpu = time.perf_counter(), time.process_time()
        value = call()
        times[name] = time.perf_counter() - wall
        times[name + " cpu"] = time.process_time() - cpu
        return value

    analysis = timed("analysis", lambda: analyse_class(results))
    html = timed("html", lambda: report_html(results, analysis))
    timed("pdf", lambda: report_pdf(html, results.bank_id))
    timed("grades", lambda: (grades_csv(results), grades_xlsx(results)))
    times["total"] = sum(v for k, v in times.items() if not k.endswith("cpu"))
    times["total cpu"] = sum(v for k, v in times.items() if k.endswith("cpu") and k != "total cpu")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="also time fresh processes (imports included)")
    options = parser.parse_args()
    results = simulated_class()
    everything(results)  # warm-up: imports, font registration, template compilation
    runs = [everything(results) for _ in range(options.repeat)]
    print(f"{len(results.sheets)} students × {len(results.question_ids)} questions, {options.repeat} runs")
    for key in runs[0]:
        values = [run[key] for run in runs]
        print(f"  {key:<14} best {min(values):6.2f} s   median {statistics.median(values):6.2f} s")
    if options.cold:
        cold = [float(subprocess.run([sys.executable, "-c", COLD.format(repo=str(REPO))], check=True,
                                     capture_output=True, text=True).stdout.split()[-1]) for _ in range(3)]
        print(f"  fresh process  best {min(cold):6.2f} s   median {statistics.median(cold):6.2f} s "
              "(imports, bank, simulation and all of the above)")


if __name__ == "__main__":
    main()
