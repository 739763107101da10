"""Render many documents on every core, without importing WeasyPrint in the parent process.

Layout dominates the time, so the worth-while split is one document per task and
one worker per core, each worker holding its own fonts and parsed CSS. Workers
are started before the HTML is ready, so they import WeasyPrint (about 0.4 s)
while the parent process draws the variants and renders the templates. The PDF
of a document does not depend on which worker made it: output is the same
whatever the number of cores.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any


@dataclass(frozen=True)
class RenderJob:
    """One document to render: plain data, so it can be sent to a worker process."""

    html: str
    page_css: str
    identifier: str
    tagged: bool = True  # False only for documents that are joined (the join drops the tags)


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


class RenderPool:
    """`with RenderPool(...) as pool: pool.render(jobs)`; one process per core, or none on one core."""

    def __init__(self, folders: tuple[Path, ...], stylesheet: Path, workers: int | None = None):
        self.folders = folders
        self.stylesheet = stylesheet
        self.workers = workers or available_cores()
        self._pool: Any = None

    def __enter__(self) -> RenderPool:
        if self.workers > 1:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            self._pool = context.Pool(self.workers, initializer=_start_worker,
                                      initargs=(self.folders, self.stylesheet))
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._pool is not None:
            if kind is None:
                self._pool.close()
            else:
                self._pool.terminate()  # Ctrl-C or an error: stop rendering now
            self._pool.join()
            self._pool = None

    def render(self, jobs: list[RenderJob], progress: Callable[[int], None] | None = None) -> list[bytes]:
        """Every job's PDF, in the order of `jobs`. Longest documents go first so no core idles at the end."""
        results: dict[int, bytes] = {}
        longest_first = sorted(range(len(jobs)), key=lambda i: -len(jobs[i].html))
        for index, pdf in self._rendered(jobs, longest_first):
            results[index] = pdf
            if progress:
                progress(1)
        return [results[index] for index in range(len(jobs))]

    def _rendered(self, jobs: list[RenderJob], order: list[int]) -> Iterator[tuple[int, bytes]]:
        if self._pool is None or len(jobs) == 1:
            from quizgen.render.pdf import Renderer

            renderer = Renderer(self.folders, self.stylesheet)
            for index in order:
                yield index, _render(renderer, jobs[index])
            return
        yield from self._pool.imap_unordered(_render_in_worker, [(index, jobs[index]) for index in order])


_worker_renderer: Any = None


def _start_worker(folders: tuple[Path, ...], stylesheet: Path) -> None:
    from quizgen.render.pdf import Renderer

    global _worker_renderer
    _worker_renderer = Renderer(folders, stylesheet)


def _render_in_worker(task: tuple[int, RenderJob]) -> tuple[int, bytes]:
    index, job = task
    return index, _render(_worker_renderer, job)


def _render(renderer: Any, job: RenderJob) -> bytes:
    return renderer.pdf(job.html, job.page_css, job.identifier, job.tagged)
