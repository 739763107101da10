"""Issue 12, rows 11 and 12: a class set interrupted by Ctrl-C, SIGTERM or SIGKILL, and --jobs 40.

The real command runs in its own session (as from a terminal, where Ctrl-C reaches every process
of the group); signals are sent once its render workers are at work. Nothing may be left
running, nothing half-written, and nothing but "Aborted!" printed: no traceback, no
"Process ForkPoolWorker-1:", no BrokenPipeError.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BUNDLED, MINI, REPO

from quizgen.cli import cli
from quizgen.render.pool import MAX_JOBS, RenderPool, available_cores, worker_count
from quizgen.render.templates import TemplateSet

LINUX = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the workers")
NOISE = ("Traceback", "ForkPoolWorker", "BrokenPipeError", "Error in atexit")


def children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry.name))
    return found


def alive(pids: set[int]) -> set[int]:
    living = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.add(pid)
    return living


def start_class_set(tmp_path: Path) -> tuple[subprocess.Popen[str], set[int]]:
    """A class set of the whole bundled bank (each document takes seconds to lay out) with two
    workers, in its own session; returns once both workers are rendering."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    process = subprocess.Popen(
        [sys.executable, "-m", "quizgen", "build", str(BUNDLED), "--variants", "2", "--keys-per-variant",
         "--seed", "1", "--out", "out", "--jobs", "2"], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while len(workers) < 2:
        assert time.monotonic() < deadline, "the workers never started"
        assert process.poll() is None, process.communicate()
        workers = children_of(process.pid)
        time.sleep(0.05)
    while not all(cpu_seconds(pid) > 2.0 for pid in workers):  # past WeasyPrint's import: laying out
        assert time.monotonic() < deadline, "the workers never rendered"
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    assert process.poll() is None, "the class set finished before it could be interrupted"
    return process, workers


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def gone_within(workers: set[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while alive(workers):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.mark.slow
@LINUX
@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_an_interrupted_class_set_stops_cleanly(tmp_path: Path, how: str) -> None:
    process, workers = start_class_set(tmp_path)
    if how == "ctrl-c":
        os.killpg(process.pid, signal.SIGINT)  # what a terminal does: the whole group
    else:
        os.kill(process.pid, signal.SIGTERM)  # what `kill` or a session manager does: the parent only
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 1, (stdout, stderr)
    assert stderr.strip() == "Aborted!", stderr
    assert not any(noise in stdout + stderr for noise in NOISE)
    assert gone_within(workers, 1.0)
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


@pytest.mark.slow
@LINUX
def test_workers_exit_when_the_parent_is_killed(tmp_path: Path) -> None:
    process, workers = start_class_set(tmp_path)
    os.kill(process.pid, signal.SIGKILL)  # no handler runs in the parent
    try:
        assert gone_within(workers, 1.0), "a worker kept rendering as an orphan"
    finally:
        for pid in alive(workers):
            os.kill(pid, signal.SIGKILL)
    _, stderr = process.communicate(timeout=30)
    assert not any(noise in stderr for noise in NOISE), stderr


def test_workers_are_bounded_by_jobs_cores_and_documents() -> None:
    assert worker_count(40, documents=2, cores=2) == 2
    assert worker_count(40, documents=2, cores=64) == 2
    assert worker_count(40, documents=400, cores=64) == MAX_JOBS
    assert worker_count(None, documents=400, cores=4) == 4
    assert worker_count(3, documents=400, cores=4) == 3
    assert worker_count(None, documents=1, cores=4) == 1
    assert worker_count(None, documents=0, cores=4) == 1


@pytest.mark.slow
def test_jobs_40_for_2_documents_starts_at_most_2_processes() -> None:
    templates = TemplateSet.with_override(None)
    with RenderPool(templates.folders, templates.find("style.css"), workers=40, documents=2) as pool:
        assert pool.workers == min(2, available_cores())
        assert len(multiprocessing.active_children()) == (pool.workers if pool.workers > 1 else 0)
    with RenderPool(templates.folders, templates.find("style.css"), workers=40, documents=1) as pool:
        assert pool.workers == 1 and multiprocessing.active_children() == []


def test_jobs_has_a_documented_maximum() -> None:
    result = CliRunner().invoke(cli, ["build", str(MINI), "--jobs", "40"])
    assert result.exit_code == 2
    assert f"Invalid value for '--jobs': 40 is not in the range 1<=x<={MAX_JOBS}." in result.stderr
    assert f"1 to {MAX_JOBS}" in CliRunner().invoke(cli, ["build", "--help"]).output
