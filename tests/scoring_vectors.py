"""The shared scoring vectors (tests/data/scoring/*.json): the same cases run through the Python
scorer (test_scoring.py) and the self-check page's quiz.js in Chromium (test_selfstudy_browser.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from quizgen.bank.workspace import Workspace
from quizgen.types import type_of

FOLDER = Path(__file__).parent / "data" / "scoring"


def vectors(workspace: Workspace) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(name, the question's scoring table as the page receives it, the case) for every case of every file."""
    bank = workspace.banks[0]
    found = []
    for path in sorted(FOLDER.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        question = next(q for q in bank.questions if q.id == data["question"])
        assert question.type == data["type"] == path.stem
        for index, case in enumerate(data["cases"]):
            asked = question.model_copy(update=case.get("override", {}))
            kind = type_of(asked)
            table = kind.scoring(asked, bank.view, case.get("policy"))
            found.append((f"{path.stem}[{index}]", table.as_data(), case))
    return found
