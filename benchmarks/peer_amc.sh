#!/usr/bin/env bash
# quizgen's class set beside auto-multiple-choice (AMC, LaTeX) on a comparable job, in the same run.
#
#   bash benchmarks/peer_amc.sh            # 5 interleaved rounds (default)
#   bash benchmarks/peer_amc.sh 9          # 9 rounds
#
# Each round, one after the other on the same machine:
#   1. quizgen: `quizgen build --preset controle-15 --variants 30` as a fresh process (30 worksheets
#      joined duplex-safe, marking grid, detailed class key, manifest; start-up included);
#   2. bare render: a fresh Python process renders the same 32 HTML files with WeasyPrint, one after
#      the other (no pool, nothing reused);
#   3. AMC: `auto-multiple-choice prepare --mode s` on benchmarks/amc_source.py's LaTeX, written from
#      the same bank: 30 copies of 15 choice questions, shuffled per copy, subject + solution
#      (120 + 4 pages), the job AMC's own documentation starts from;
#   4. render floor: the class set's 32 jobs, made once before the rounds, rendered on render
#      workers that are already running (no start-up, bank, HTML, join or writing timed): what
#      WeasyPrint alone costs, so the least any WeasyPrint-per-document build can take.
# Medians, pages per second, the ratios quizgen / bare, quizgen / AMC and floor / AMC and the load average are
# printed. Other work on the machine skews all three: look at the load average (`uptime`) first.
#
# AMC and the LaTeX it needs come from Debian/Ubuntu (as root, or with sudo):
#   apt-get update && apt-get install -y auto-multiple-choice texlive-lang-french lmodern
# (about 1 GB with its TeX Live dependencies). macOS: AMC's own packages (MacPorts).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v auto-multiple-choice >/dev/null; then
    echo "auto-multiple-choice is not installed. On Debian/Ubuntu:" >&2
    echo "  apt-get install -y auto-multiple-choice texlive-lang-french lmodern" >&2
    exit 1
fi
echo "auto-multiple-choice $(dpkg-query -W -f='${Version}' auto-multiple-choice 2>/dev/null || echo '?'),"\
     "pdfTeX $(pdftex --version | head -1 | sed 's/pdfTeX //')"
PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" exec python3 benchmarks/class_set.py --amc --floor --repeat "${1:-5}"
