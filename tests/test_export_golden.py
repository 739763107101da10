"""Golden files of the mini bank in each LMS format (looked at by eye once; see docs/lms-export.md).
QUIZGEN_UPDATE_GOLDEN=1 rewrites them after an intended change: review the diff before committing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from export_support import export_of, qti_files

from quizgen.bank.workspace import Workspace
from quizgen.export.gift import write_gift
from quizgen.export.moodle import write_moodle
from quizgen.export.qti21 import write_qti21

GOLDEN = Path(__file__).parent / "golden" / "export"


def _outputs(mini: Workspace) -> dict[str, bytes]:
    export = export_of(mini, seed=42)[1]
    files = {"mini-seed42.moodle.xml": write_moodle(export).data, "mini-seed42.gift.txt": write_gift(export).data}
    files |= {f"mini-seed42-qti21/{name}": data for name, data in qti_files(write_qti21(export).data).items()}
    return files


def test_mini_bank_matches_the_golden_files(mini: Workspace) -> None:
    outputs = _outputs(mini)
    if os.environ.get("QUIZGEN_UPDATE_GOLDEN"):
        for name, data in outputs.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(data)
        pytest.skip("golden files rewritten")
    stored = {str(p.relative_to(GOLDEN)): p.read_bytes() for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(stored) == sorted(outputs)
    for name, data in outputs.items():
        assert data == stored[name], f"{name} changed; rerun with QUIZGEN_UPDATE_GOLDEN=1 and review the diff"
