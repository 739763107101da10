"""Time a 30-variant class set against a bare WeasyPrint render of the very same HTML.

    python benchmarks/class_set.py                 # all cores, preset controle-15
    taskset -c 0 python benchmarks/class_set.py    # one core
    python benchmarks/class_set.py --select "--count 15 --type single-choice --type multiple-select"
    python benchmarks/class_set.py --phases        # where the time goes, in one process
    python benchmarks/class_set.py --amc           # and auto-multiple-choice's comparable job (peer_amc.sh)
    python benchmarks/class_set.py --amc --floor   # and the render floor (below)

1. `quizgen build --variants 30 --emit-html` as a fresh process (start-up, bank loading,
   variants, HTML, parallel rendering, joining and writing included).
2. The reference, also a fresh process: `import weasyprint`, then each HTML file quizgen
   wrote (30 worksheets, the marking grid, the detailed key) rendered one after the
   other with `HTML(filename=…).write_pdf()`, nothing reused.

3. With --amc: `auto-multiple-choice prepare --mode s` on a LaTeX source written from the
   same bank (benchmarks/amc_source.py: 30 copies of 15 choice questions, subject and
   solution), the comparable job of the LaTeX-based peer.
4. With --floor: the render floor, what rendering alone costs. The 32 jobs of the class set are
   made once, before the rounds, and each round renders them on render workers that are already
   running with WeasyPrint imported: no start-up, bank, HTML, join or writing is timed. No
   WeasyPrint-per-document build can be faster than this floor.

All are run --repeat times (default 3), interleaved, so each round sees the same machine;
the medians are reported with pages per second, the ratios and the load average.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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


def timed(command: list[str], cwd: Path = REPO) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=cwd)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{done.stderr}")
    return elapsed, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--variants", type=int, default=30)
    parser.add_argument("--select", default="--preset controle-15",
                        help="quizgen options choosing the questions (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--phases", action="store_true", help="time each stage in one process instead")
    parser.add_argument("--amc", action="store_true", help="also time auto-multiple-choice on a comparable job")
    parser.add_argument("--amc-questions", type=int, default=15)
    parser.add_argument("--floor", action="store_true", help="also time the render floor: the class set's jobs "
                        "on render workers already running")
    args = parser.parse_args()
    if args.phases:
        phases(args.variants, args.select.split())
        return
    if args.amc and not shutil.which("auto-multiple-choice"):
        sys.exit("auto-multiple-choice is not installed: see benchmarks/peer_amc.sh")

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    ours: list[float] = []
    reference: list[float] = []
    amc: list[float] = []
    amc_pages = 0
    floor: list[float] = []
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        if args.floor:
            render_floor = stack.enter_context(RenderFloor(args.variants, args.select.split()))
        if args.amc:
            source = Path(tmp) / "controle.tex"
            source.write_text(subprocess.run([sys.executable, str(REPO / "benchmarks" / "amc_source.py"),
                                              "--questions", str(args.amc_questions), "--copies",
                                              str(args.variants)], capture_output=True, text=True, check=True,
                                             cwd=REPO).stdout, encoding="utf-8")
        for run in range(args.repeat):
            out = Path(tmp) / f"run{run}"
            elapsed, stdout = timed([sys.executable, "-m", "quizgen", "build", "questions", *args.select.split(),
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
            if args.floor:
                floor.append(render_floor.time())
            if args.amc:
                project = Path(tmp) / f"amc{run}"  # a fresh AMC project: its data folder and LaTeX files
                (project / "data").mkdir(parents=True)
                shutil.copy(source, project)
                elapsed, _ = timed(["auto-multiple-choice", "prepare", "--mode", "s", "--prefix", ".",
                                    "--data", "data", "--out-sujet", "sujet.pdf", "--out-corrige", "corrige.pdf",
                                    "--out-calage", "calage.xy", source.name], cwd=project)
                amc.append(elapsed)
                amc_pages = _pages(project / "sujet.pdf") + _pages(project / "corrige.pdf")
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        printed = manifest["variants"][-1]["pages"][1]

    ours_s, ref_s = statistics.median(ours), statistics.median(reference)
    print(f"machine: {platform.machine()}, {cores} core(s) available, Python {platform.python_version()}")
    print(f"class set: {args.select}, {args.variants} variants; {pages} pages laid out "
          f"(worksheets + marking grid + detailed key), worksheets.pdf has {printed} pages with duplex padding")
    print(f"quizgen build          {ours_s:6.2f} s  {pages / ours_s:5.1f} pages/s   runs: "
          + ", ".join(f"{t:.2f}" for t in ours))
    print(f"bare WeasyPrint render {ref_s:6.2f} s  {pages / ref_s:5.1f} pages/s   runs: "
          + ", ".join(f"{t:.2f}" for t in reference))
    print(f"ratio quizgen / bare   {ours_s / ref_s:6.2f}")
    floor_s = statistics.median(floor) if args.floor else 0.0
    if args.floor:
        print(f"render floor           {floor_s:6.2f} s  {pages / floor_s:5.1f} pages/s   runs: "
              + ", ".join(f"{t:.2f}" for t in floor) + "   (the same jobs on running workers)")
    if args.amc:
        amc_s = statistics.median(amc)
        print(f"auto-multiple-choice   {amc_s:6.2f} s  {amc_pages / amc_s:5.1f} pages/s   runs: "
              + ", ".join(f"{t:.2f}" for t in amc)
              + f"   ({args.variants} copies of {args.amc_questions} questions + solution: {amc_pages} pages)")
        print(f"ratio quizgen / AMC    {ours_s / amc_s:6.2f}")
        if args.floor:
            print(f"ratio floor / AMC      {floor_s / amc_s:6.2f}")
    print("load average (1, 5, 15 min): before " + ", ".join(f"{x:.2f}" for x in load_before)
          + "; after " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))


class RenderFloor:
    """The class set's render jobs, made once, and a pool of render workers kept running between rounds."""

    def __init__(self, variants: int, select: list[str]):
        from quizgen.bank.workspace import load_workspace
        from quizgen.render.pool import RenderJob
        from quizgen.sheets.build import BuildRequest, template_set
        from quizgen.sheets.class_set import prepare_class_set
        from quizgen.sheets.request import render_pool

        request = BuildRequest(seed=7, variants=variants, options=_options(select))
        templates = template_set(request)
        class_set = prepare_class_set(load_workspace([REPO / "questions"]), request, templates)
        self.jobs = [RenderJob(job.html, job.page_css, job.identifier, job.boxes, job.tagged) for job in class_set.jobs]
        self.pool = render_pool(templates, request, len(self.jobs))

    def __enter__(self) -> RenderFloor:
        self.pool.__enter__()
        self.pool.render(self.jobs[:2 * self.pool.workers])  # every worker has imported WeasyPrint and its fonts
        return self

    def __exit__(self, *error: Any) -> None:
        self.pool.__exit__(*error)

    def time(self) -> float:
        start = time.perf_counter()
        self.pool.render(self.jobs)
        return time.perf_counter() - start


def _pages(pdf: Path) -> int:
    import pikepdf

    with pikepdf.open(pdf) as document:
        return len(document.pages)


def phases(variants: int, select: list[str]) -> None:
    """Stage by stage in this process (all cores for rendering), to see where the time goes."""
    start = time.perf_counter()
    marks: list[tuple[str, float]] = []

    def mark(name: str) -> None:
        marks.append((name, time.perf_counter()))

    from quizgen.bank.workspace import load_workspace
    from quizgen.render.join import Part, join, page_count
    from quizgen.sheets.build import BuildRequest, template_set
    from quizgen.sheets.class_set import prepare_class_set
    from quizgen.sheets.request import render_jobs, render_pool
    mark("import quizgen")
    workspace = load_workspace([REPO / "questions"])
    mark("load and check the bank")
    options = _options(select)
    request = BuildRequest(seed=7, variants=variants, options=options)
    templates = template_set(request)
    with render_pool(templates, request) as pool:
        mark("start render workers")
        class_set = prepare_class_set(workspace, request, templates)
        chosen, jobs = class_set.variants, class_set.jobs
        mark("variants and HTML (Jinja)")
        pdfs = render_jobs(pool, jobs, request)
        mark(f"render {len(jobs)} PDFs (WeasyPrint, {pool.workers} process(es))")
    joined = join([Part(pdf, str(n)) for n, pdf in enumerate(pdfs[:len(chosen)])], "t", "s", "fr")
    mark("join worksheets (pikepdf)")
    pages = sum(page_count(pdf) for pdf in pdfs)
    previous = start
    for name, at in marks:
        print(f"{name:<48} {at - previous:6.2f} s")
        previous = at
    print(f"{'total':<48} {previous - start:6.2f} s   ({pages} pages, worksheets.pdf {len(joined.pdf) // 1024} KB)")


def _options(select: list[str]) -> Any:
    from quizgen.variants.draw import Options


    values: dict[str, Any] = {"types": ()}
    words = iter(select)
    for word in words:
        value = next(words)
        if word == "--preset":
            values["preset"] = value
        elif word == "--count":
            values["count"] = int(value)
        elif word == "--type":
            values["types"] = (*values["types"], value)
        else:
            raise SystemExit(f"--phases understands --preset, --count and --type, not {word}")
    return Options(**values)


if __name__ == "__main__":
    main()
