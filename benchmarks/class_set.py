"""Time a 30-variant class set against a bare WeasyPrint render of the very same HTML.

    python benchmarks/class_set.py                 # all cores
    taskset -c 0 python benchmarks/class_set.py    # one core

1. `quizgen build --variants 30 --emit-html` as a fresh process (start-up, bank loading,
   variants, HTML, parallel rendering, joining and writing included).
2. The reference, also a fresh process: `import weasyprint`, then each HTML file quizgen
   wrote (30 worksheets, the marking grid, the detailed key) rendered one after the
   other with `HTML(filename=…).write_pdf()`, nothing reused.

Both are run --repeat times (default 3); the medians are reported with pages per second
and the ratio quizgen / reference.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

REFERENCE = r"""
import sys, pathlib, weasyprint
pages = 0
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.html")):
    document = weasyprint.HTML(filename=str(path)).render()
    pages += len(document.pages)
    document.write_pdf(pathlib.Path(sys.argv[2]) / (path.stem + ".pdf"))
print(pages)
"""


def timed(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{done.stderr}")
    return elapsed, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--variants", type=int, default=30)
    parser.add_argument("--preset", default="controle-15")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    ours: list[float] = []
    reference: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.repeat):
            out = Path(tmp) / f"run{run}"
            elapsed, stdout = timed([sys.executable, "-m", "quizgen", "build", "questions", "--preset", args.preset,
                                     "--variants", str(args.variants), "--seed", "7", "--emit-html",
                                     "--out", str(out), "--quiet"])
            ours.append(elapsed)
            folder = Path(stdout.strip().splitlines()[-1])
            html = folder / "html"
            ref_out = Path(tmp) / f"ref{run}"
            ref_out.mkdir()
            elapsed, stdout = timed([sys.executable, "-c", REFERENCE, str(html), str(ref_out)])
            reference.append(elapsed)
            pages = int(stdout.strip())
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        printed = manifest["variants"][-1]["pages"][1]

    ours_s, ref_s = statistics.median(ours), statistics.median(reference)
    print(f"machine: {platform.machine()}, {cores} core(s) available, Python {platform.python_version()}")
    print(f"class set: preset {args.preset}, {args.variants} variants; {pages} pages laid out "
          f"(worksheets + marking grid + detailed key), worksheets.pdf has {printed} pages with duplex padding")
    print(f"quizgen build          {ours_s:6.2f} s  {pages / ours_s:5.1f} pages/s   runs: "
          + ", ".join(f"{t:.2f}" for t in ours))
    print(f"bare WeasyPrint render {ref_s:6.2f} s  {pages / ref_s:5.1f} pages/s   runs: "
          + ", ".join(f"{t:.2f}" for t in reference))
    print(f"ratio quizgen / bare   {ours_s / ref_s:6.2f}")


if __name__ == "__main__":
    main()
