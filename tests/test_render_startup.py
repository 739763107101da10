"""WeasyPrint's quick import in render workers (quizgen.render.pdf._quick_import): the same libraries as
the normal import, no `find_library` subprocesses, and the normal import whenever the quick one falls short.

Each case runs in a fresh interpreter: an import happens once per process."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# slow: every case starts a fresh interpreter that imports WeasyPrint (about a second of CPU each).
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the quick import is Linux-only")]

# Prints what a worker process ends up with: the text libraries mapped into it, whether HarfBuzz's
# subsetter was found, how often the real find_library ran, and whether it was put back.
REPORT = """
import ctypes.util, json, os
from weasyprint.text import ffi
libraries = sorted({line.split()[-1] for line in open("/proc/self/maps")
                    if any(name in line for name in ("pango", "harfbuzz", "fontconfig", "gobject"))})
print(json.dumps({"libraries": libraries, "subset": ffi.harfbuzz_subset is not None,
                  "lookups": len(LOOKUPS), "restored": ctypes.util.find_library is counting,
                  "dlopens": DLOPENS}))
"""

# Counts the real find_library calls and every dlopen by name; REFUSE_ONCE makes the first dlopen
# of one name fail, as on a system where that library sits where only find_library looks.
PRELUDE = """
import ctypes.util, cffi
LOOKUPS, DLOPENS = [], []
_lookup = ctypes.util.find_library
def counting(name):
    LOOKUPS.append(name)
    return _lookup(name)
ctypes.util.find_library = counting
_dlopen = cffi.FFI.dlopen
def dlopen(self, name, *args, **kwargs):
    DLOPENS.append(name)
    if name == REFUSE_ONCE and DLOPENS.count(name) == 1:
        raise OSError(f"refused {name} once (test)")
    return _dlopen(self, name, *args, **kwargs)
cffi.FFI.dlopen = dlopen
"""


def worker(importing: str, refuse_once: str = "") -> dict:
    code = f"REFUSE_ONCE = {refuse_once!r}\n" + PRELUDE + importing + "\n" + REPORT
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          cwd=REPO, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}, check=True)
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1, f"nothing but the report on stdout: {done.stdout!r}"
    return json.loads(lines[0])


@pytest.fixture(scope="module")
def normal() -> dict:
    return worker("import weasyprint")


def test_quick_import_loads_the_same_libraries_without_lookups(normal):
    quick = worker("import quizgen.render.pdf")
    assert quick["libraries"] == normal["libraries"] and quick["libraries"]
    assert quick["subset"] and normal["subset"]
    assert quick["lookups"] == 0, "no find_library subprocess on the quick path"
    assert normal["lookups"] > 10, "the normal import does look libraries up (what the quick path saves)"
    assert quick["restored"], "find_library is put back"


def test_a_subsetter_missed_by_the_quick_import_is_found_the_normal_way(normal):
    """Without HarfBuzz's subsetter WeasyPrint silently uses fontTools: slower and PDFs that change
    from run to run. The quick path must never be the reason it is missing."""
    report = worker("import quizgen.render.pdf", refuse_once="libharfbuzz-subset.so.0")
    assert report["subset"], "the normal import ran again and found it"
    assert report["libraries"] == normal["libraries"]
    assert report["lookups"] > 0 and report["restored"]
    assert report["dlopens"].count("libgobject-2.0.so.0") == 1, "the quick import loaded gobject by soname"


def test_a_failing_quick_import_falls_back_silently(normal):
    """A required library the quick path cannot load: WeasyPrint's own error message (printed on
    stdout) stays inside the quick attempt, and the normal import succeeds."""
    report = worker("import quizgen.render.pdf", refuse_once="libpango-1.0.so.0")
    assert report["subset"] and report["restored"]
    assert report["lookups"] > 0
    assert report["libraries"] == normal["libraries"]
