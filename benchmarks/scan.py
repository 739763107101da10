"""Reading scans: speed on a copier's 120-page PDF, and accuracy under each kind of damage.

    python benchmarks/scan.py                      # 120 pages at 200 dpi, one worker per core
    python benchmarks/scan.py --workers 1          # one process
    python benchmarks/scan.py --accuracy           # the table of docs/scanning.md (10 students per case)
    python benchmarks/scan.py --accuracy --students 3 --seed 7

The scans are made here (quizgen.scan.synthetic): the sample sheet (3 pages, 28 boxes a page:
round and square choice boxes, a matching grid, teacher score rows) rendered by WeasyPrint and
stamped, filled in by simulated students, degraded, and for the speed run saved as a copier
would (grey JPEG pages in one PDF). Times are wall-clock, the PDF already on disk; making the
scans is not timed.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import zlib
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accuracy", action="store_true")
    parser.add_argument("--students", type=int, default=None, help="sheets of 3 pages (default: 40, or 10)")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.accuracy:
        accuracy(args.students or 10, args.seed)
    else:
        speed(args.students or 40, args.workers, args.dpi, args.seed)


if __name__ == "__main__":
    main()
