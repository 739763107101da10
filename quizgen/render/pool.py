"""Render many documents on every core, without importing WeasyPrint in the parent process.

Layout dominates the time, so the worth-while split is one document per task and
one worker per core, each worker holding its own fonts and parsed CSS. Workers
are started before the HTML is ready, so they import WeasyPrint (about 0.4 s)
while the parent process draws the variants and renders the templates. The PDF
of a document does not depend on which worker made it: output is the same
whatever the number of cores.

Interruptions: workers ignore Ctrl-C (the parent stops them, so no worker prints a
traceback); SIGTERM to the parent is handled like Ctrl-C while the pool runs; a
worker whose parent dies (even by SIGKILL) exits at once (Linux: PR_SET_PDEATHSIG;
elsewhere a watchdog thread notices the new parent) instead of rendering on as an
orphan or printing BrokenPipeError tracebacks.

Temporary files: WeasyPrint writes the stylesheet's fonts to a `weasyprint-*` folder in the temporary
directory and removes it when its font configuration is garbage-collected, which never happens in a
pool worker (it ends with `os._exit`, or is terminated). Each worker therefore makes its temporary
files inside one scratch folder of the pool's, which the parent removes when the pool ends, however
it ends (a worker killed mid-document included); only a parent killed outright (SIGKILL) leaves it.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

from quizgen.render.laid_out import RenderedWithBoxes

#: What a job gives back: its PDF, or with `RenderJob.boxes` the PDF and where its answer boxes are.
Rendered = bytes | RenderedWithBoxes

#: Most render processes a build may start (--jobs): each holds WeasyPrint and its fonts, about
#: 60 MB, and more processes than cores only compete for them.
MAX_JOBS = 32


@dataclass(frozen=True)
class RenderJob:
    """One document to render: plain data, so it can be sent to a worker process."""

    html: str
    page_css: str
    identifier: str
    boxes: bool = False  # also return where the `data-box` elements were laid out (scannable sheets)
    tagged: bool = True  # False only for documents that are joined (the join drops the tags)


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def worker_count(requested: int | None, documents: int, cores: int | None = None) -> int:
    """Processes worth starting: no more than asked (at most MAX_JOBS), than cores, or than documents."""
    cores = cores or available_cores()
    return max(1, min(requested or cores, MAX_JOBS, cores, documents))


class RenderPool:
    """`with RenderPool(...) as pool: pool.render(jobs)`; one process per core (at most one per
    document, at most `workers`), or none when one process is enough."""

    def __init__(self, folders: tuple[Path, ...], stylesheet: Path, workers: int | None = None,
                 documents: int = MAX_JOBS):
        self.folders = folders
        self.stylesheet = stylesheet
        self.workers = worker_count(workers, documents)
        self._pool: Any = None
        self._scratch: str | None = None
        self._previous_sigterm: Any = None

    def __enter__(self) -> RenderPool:
        if self.workers > 1:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            self._scratch = tempfile.mkdtemp(prefix="quizgen-render-")
            try:
                self._pool = context.Pool(self.workers, initializer=_start_worker,
                                          initargs=(self.folders, self.stylesheet, os.getpid(), self._scratch))
            except BaseException:
                shutil.rmtree(self._scratch, ignore_errors=True)
                raise
        self._previous_sigterm = _on_sigterm(_raise_interrupt)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        try:
            if self._pool is not None:
                if kind is None:
                    self._pool.close()
                else:
                    self._pool.terminate()  # Ctrl-C, SIGTERM or an error: stop rendering now
                self._pool.join()
                self._pool = None
        finally:
            if self._scratch is not None:  # the workers' temporary files: every worker has ended
                shutil.rmtree(self._scratch, ignore_errors=True)
                self._scratch = None
            _on_sigterm(self._previous_sigterm)

    def render(self, jobs: list[RenderJob], progress: Callable[[int], None] | None = None) -> list[bytes]:
        """Every job's PDF, in the order of `jobs`."""
        return [result.pdf if isinstance(result, RenderedWithBoxes) else result
                for result in self.render_all(jobs, progress)]

    def render_all(self, jobs: list[RenderJob], progress: Callable[[int], None] | None = None) -> list[Rendered]:
        """Every job's PDF, with its boxes for `boxes` jobs, in the order of `jobs`. Longest documents go first
        so no core idles at the end."""
        results: dict[int, Rendered] = {}
        longest_first = sorted(range(len(jobs)), key=lambda i: -len(jobs[i].html))
        for index, pdf in self._rendered(jobs, longest_first):
            results[index] = pdf
            if progress:
                progress(1)
        return [results[index] for index in range(len(jobs))]

    def _rendered(self, jobs: list[RenderJob], order: list[int]) -> Iterator[tuple[int, Rendered]]:
        if self._pool is None or len(jobs) == 1:
            from quizgen.render.pdf import Renderer

            renderer = Renderer(self.folders, self.stylesheet)
            for index in order:
                yield index, _render(renderer, jobs[index])
            return
        yield from self._pool.imap_unordered(_render_in_worker, [(index, jobs[index]) for index in order])


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _on_sigterm(handler: Any) -> Any:
    """Set the SIGTERM handler (from the main thread only, as Python requires); the previous one."""
    if handler is None or threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, handler)


_worker_renderer: Any = None
_PR_SET_PDEATHSIG = 1


def _start_worker(folders: tuple[Path, ...], stylesheet: Path, parent: int, scratch: str) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent handles it
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # terminate() and the parent's death end a worker quietly
    _die_with(parent)
    tempfile.tempdir = scratch  # WeasyPrint's font folder goes there: the parent removes it (module docstring)
    from quizgen.render.pdf import Renderer

    global _worker_renderer
    _worker_renderer = Renderer(folders, stylesheet)


def _die_with(parent: int) -> None:
    """End this worker as soon as `parent` dies, so no orphan renders on."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (AttributeError, OSError):
            pass
        else:
            if os.getppid() != parent:  # the parent died before prctl took effect
                os._exit(1)
            return
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _render_in_worker(task: tuple[int, RenderJob]) -> tuple[int, Rendered]:
    index, job = task
    return index, _render(_worker_renderer, job)


def _render(renderer: Any, job: RenderJob) -> Rendered:
    """One job with a `render.pdf.Renderer`; the boxes are plain data (`render.laid_out`), so they travel back
    from a worker without the parent importing WeasyPrint to unpickle them."""
    if job.boxes:
        result: RenderedWithBoxes = renderer.pdf_with_boxes(job.html, job.page_css, job.identifier, job.tagged)
        return result
    pdf: bytes = renderer.pdf(job.html, job.page_css, job.identifier, job.tagged)
    return pdf
