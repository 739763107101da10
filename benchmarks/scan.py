"""Reading scans: speed on a copier's 120-page PDF, and accuracy under each kind of damage.

    python benchmarks/scan.py                      # 120 pages at 200 dpi, one worker per core
    python benchmarks/scan.py --workers 1          # one process
    python benchmarks/scan.py --accuracy           # the table of docs/scanning.md (10 students per case)
    python benchmarks/scan.py --accuracy --students 3 --seed 7
    python benchmarks/scan.py --class-set          # quizgen scan end to end on a real class set (~120 pages)

The scans are made here (quizgen.scan.synthetic): the sample sheet (3 pages, 28 boxes a page:
round and square choice boxes, a matching grid, teacher score rows) rendered by WeasyPrint and
stamped, filled in by simulated students, degraded, and for the speed run saved as a copier
would (grey JPEG pages in one PDF). Times are wall-clock, the PDF already on disk; making the
scans is not timed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
import zlib
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from quizgen.render.marks.layout import PageLayout  # noqa: E402
from quizgen.scan.batch import read_scans  # noqa: E402
from quizgen.scan.read import read_page  # noqa: E402
from quizgen.scan.synthetic import SCENARIOS, images_to_pdf, sample_class_set, scan_pages  # noqa: E402


def speed(students: int, workers: int | None, dpi: int, seed: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        sample = sample_class_set(Path(folder), students=students)
        layouts = [sample.layout_of_page(i) for i in range(len(sample.identities))]
        pages = scan_pages(sample.pdf, layouts, np.random.default_rng(seed), "copier (all mild)")
        scan = Path(folder) / "copier.pdf"
        scan.write_bytes(images_to_pdf([p.image for p in pages], dpi=dpi, quality=75))
        started, cpu_started = time.perf_counter(), _cpu()
        readings = list(read_scans([scan], sample.layouts, dpi=dpi, workers=workers))
        elapsed, cpu = time.perf_counter() - started, _cpu() - cpu_started
        failed = sum(not r.reading.ok for r in readings)
        unsure = sum(b.state == "unsure" for r in readings for b in r.reading.boxes)
        wrong = sum(b.state != p.truth(layouts[i])[b.id] and b.state != "unsure"
                    for i, (r, p) in enumerate(zip(readings, pages, strict=True)) for b in r.reading.boxes)
        print(f"{len(readings)} pages at {dpi} dpi ({scan.stat().st_size / 1e6:.1f} MB PDF), "
              f"workers={workers or 'all'}: {elapsed:.2f} s, {elapsed / len(readings) * 1000:.0f} ms per page "
              f"(CPU {cpu:.1f} s, {cpu / len(readings) * 1000:.0f} ms per page, workers included; load average "
              f"{os.getloadavg()[0]:.1f}); failed pages {failed}, unsure boxes {unsure}, wrong {wrong}")


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the pool's workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def accuracy(students: int, seed: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        sample = sample_class_set(Path(folder), students=students)
        layouts = [sample.layout_of_page(i) for i in range(len(sample.identities))]
        print("| scan | dpi | pages read | boxes correct | unsure (flagged) | wrong | why pages failed |")
        print("|---|---:|---:|---:|---:|---:|---|")
        for name, scenario in SCENARIOS.items():
            rng = np.random.default_rng(seed + zlib.crc32(name.encode()))
            counts: Counter[str] = Counter()
            problems: Counter[str] = Counter()
            pages = scan_pages(sample.pdf, layouts, rng, name)
            for index, page in enumerate(pages):
                reading = read_page(page.image, sample.layouts)
                if not reading.ok:
                    problems[(reading.problem or "").split(":")[0].split(" (")[0]] += 1
                    continue
                assert reading.identity == sample.identities[index]
                truth = page.truth(layouts[index])
                for box in reading.boxes:
                    counts["unsure" if box.state == "unsure" else
                           "correct" if box.state == truth[box.id] else "wrong"] += 1
            boxes = sum(counts.values())
            why = "; ".join(f"{count}× {problem}" for problem, count in problems.items())
            mark = "" if scenario.exact else " ‡"
            print(f"| {name}{mark} | {scenario.dpi} | {len(pages) - sum(problems.values())}/{len(pages)} | "
                  f"{counts['correct']}/{boxes} | {counts['unsure']} | {counts['wrong']} | {why} |")


def class_set(students: int, workers: int | None, dpi: int, seed: int) -> None:
    """`quizgen scan` end to end on a real class set: the bundled bank's lecon-55 preset built with --scannable
    (every question type, 5–6 pages a sheet), filled in with known truth, saved as a copier's PDF; timed from
    the PDF to responses.csv and scan-review.html written."""
    from click.testing import CliRunner

    from quizgen.cli import cli
    from quizgen.scan.run import run_scan
    from quizgen.scan.synthetic import answered_marks, class_set_pages, degrade, mark_page

    rng = np.random.default_rng(seed)
    with tempfile.TemporaryDirectory() as folder:
        built = CliRunner().invoke(cli, ["build", str(REPO / "questions"), "--preset", "lecon-55", "--variants",
                                         str(students), "--seed", str(seed), "--scannable", "--out", folder, "-q"])
        assert built.exit_code == 0, built.output
        target = Path(built.output.strip())
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
        images, expected = [], {}
        for identity, layout, image in class_set_pages((target / "worksheets.pdf").read_bytes(), manifest, dpi):
            sheet = next(s for s in manifest["variants"] if s["number"] == identity.student)
            several = {f"q{e['number']}" for e in sheet["questions"] if e["type"] == "multiple-select"}
            marks = answered_marks(layout, rng, several=several)
            images.append(degrade(mark_page(image, layout, marks, dpi, rng), "copier (all mild)", rng, dpi))
            for box in layout.boxes:  # the truth, from the marks drawn: (code, question, row) → [answer, points]
                head, *rest = box.id.split(".")
                row = int(rest[0][1:]) if rest[0].startswith("r") else None
                line = expected.setdefault((identity.variant, int(head[1:]), row), ["", None])
                if rest[0] == "score" and marks.get(box.id) == "score":
                    line[1] = float(rest[1])
                elif rest[0] != "score" and marks.get(box.id) in ("tick", "cross"):
                    line[0] += rest[-1]
        scan = Path(folder) / "copier.pdf"
        scan.write_bytes(images_to_pdf(images, dpi=dpi, quality=75))
        boxes = sum(len(PageLayout.from_json(page).boxes)
                    for page in manifest["scan"]["pages"].values())
        started, cpu_started = time.perf_counter(), _cpu()
        run = run_scan(target, [scan], dpi=dpi, workers=workers)
        elapsed, cpu = time.perf_counter() - started, _cpu() - cpu_started
        pages = run.decoded.pages
        read = {(line.code, line.question, line.row): [line.answer, line.points] for line in run.decoded.lines}
        wrong = sum(read.get(key) != value for key, value in expected.items()) + len(set(read) - set(expected))
        print(f"quizgen scan: {students} sheets, {pages} pages ({boxes} boxes) at {dpi} dpi "
              f"({scan.stat().st_size / 1e6:.1f} MB PDF), workers={workers or 'all'}: {elapsed:.2f} s, "
              f"{elapsed / pages * 1000:.0f} ms per page (CPU {cpu / pages * 1000:.0f} ms per page, workers "
              f"included; load average {os.getloadavg()[0]:.1f}); {len(run.decoded.lines)} lines, "
              f"{len(run.decoded.issues)} to check, {wrong} different from the truth")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accuracy", action="store_true")
    parser.add_argument("--class-set", action="store_true",
                        help="quizgen scan end to end on the bundled bank's lecon-55 class set (default 22 sheets)")
    parser.add_argument("--students", type=int, default=None, help="sheets of 3 pages (default: 40, or 10)")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.accuracy:
        accuracy(args.students or 10, args.seed)
    elif args.class_set:
        class_set(args.students or 22, args.workers, args.dpi, args.seed)
    else:
        speed(args.students or 40, args.workers, args.dpi, args.seed)


if __name__ == "__main__":
    main()
