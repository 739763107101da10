"""Read a whole batch of scans on every core: pages in, one reading per page out, in order.

The parent lists the pages (`images.list_pages`: a PDF is opened to count them); each worker
rasterises or decodes its page (keeping the PDF open for its next one) and reads it. Loading was
60 % of a page's CPU time (68 ms of 109 at 200 dpi), so it belongs in the workers. At most two
pages per worker are in flight, so a 120-page copier PDF never sits whole in memory as images.
A page that fails is a reading with a problem; nothing stops the batch.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import cv2

from quizgen.render.marks.identity import PageIdentity
from quizgen.render.marks.layout import PageLayout
from quizgen.scan.images import DEFAULT_DPI, ScanImage, ScanPage, list_pages, load_page, load_scans
from quizgen.scan.read import PageReading, read_page


@dataclass(frozen=True)
class ScannedPage:
    source: str  # the scan file
    page: int  # 1-based page within it
    where: str  # "scans.pdf page 3" or "photo.jpg", for messages
    reading: PageReading


def read_scans(paths: Iterable[str | os.PathLike[str]], layouts: Mapping[PageIdentity, PageLayout],
               dpi: int = DEFAULT_DPI, workers: int | None = None,
               progress: Callable[[ScannedPage], None] | None = None) -> Iterator[ScannedPage]:
    """Every page of every scan file, read against the class set's `layouts`, in the files' order."""
    count = workers or _cores()
    if count <= 1:
        for scan in load_scans(paths, dpi):
            yield _report(_read_one(scan, layouts), progress)
        return
    # Not fork: a child forked after OpenCV or pdfium started threads in the parent hung for good
    # (seen: both workers asleep, the batch stuck). Spawned workers import OpenCV anew (~0.3 s).
    context = multiprocessing.get_context("spawn")
    pool = context.Pool(count, initializer=_start_worker, initargs=(dict(layouts), dpi))
    try:
        pending: deque[Any] = deque()
        for entry in list_pages(paths):
            pending.append(pool.apply_async(_read_in_worker, (entry,)))
            while len(pending) > 2 * count:
                yield _report(pending.popleft().get(), progress)
        while pending:
            yield _report(pending.popleft().get(), progress)
        pool.close()
    except BaseException:
        pool.terminate()  # Ctrl-C, or the caller stopped iterating
        raise
    finally:
        pool.join()


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def _report(page: ScannedPage, progress: Callable[[ScannedPage], None] | None) -> ScannedPage:
    if progress:
        progress(page)
    return page


def _read_one(scan: ScanImage, layouts: Mapping[PageIdentity, PageLayout]) -> ScannedPage:
    reading = PageReading(None, scan.problem) if scan.image is None else read_page(scan.image, layouts)
    return ScannedPage(scan.source, scan.page, scan.where, reading)


_worker_layouts: dict[PageIdentity, PageLayout] = {}
_worker_dpi = DEFAULT_DPI


def _start_worker(layouts: dict[PageIdentity, PageLayout], dpi: int) -> None:
    global _worker_layouts, _worker_dpi
    _worker_layouts, _worker_dpi = layouts, dpi
    cv2.setNumThreads(1)  # one page per process; OpenCV's own threads would only compete for the cores


def _read_in_worker(entry: ScanPage) -> ScannedPage:
    return _read_one(load_page(entry, _worker_dpi), _worker_layouts)
