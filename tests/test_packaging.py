import json
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest

from quizgen.bank.schema import json_schema
from quizgen.bank.yamlsource import parse

REPO = Path(__file__).parent.parent


def test_schema_file_is_up_to_date():
    shipped = json.loads((REPO / "docs" / "bank.schema.json").read_text(encoding="utf-8"))
    assert shipped == json_schema(), "run: quizgen schema > docs/bank.schema.json"


def _length_keywords(node, where="schema"):
    """Every (where, keyword) of an item count (minItems) and of a string length put on an array by mistake."""
    found = []
    if isinstance(node, dict):
        if node.get("type") == "array":
            found += [(where, key) for key in ("minLength", "maxLength") if key in node]
        if "minItems" in node:
            found.append((where, "minItems"))
        for key, value in node.items():
            found += _length_keywords(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _length_keywords(value, f"{where}/{index}")
    return found


def test_list_lengths_are_array_limits_in_the_schema():
    """`Field(min_length=…)` after `AS_TUPLE` still validates, but pydantic then writes a string's `minLength`
    on the array and editors stop checking it: choices, pairs, items and rubric must say `minItems`."""
    found = _length_keywords(json_schema())
    assert not [where for where, key in found if key in ("minLength", "maxLength")]
    assert len([where for where, key in found if key == "minItems"]) >= 5  # choices ×2, pairs, items, rubric


def test_bundled_files_validate_against_the_schema():
    validator = jsonschema.Draft202012Validator(json_schema())
    files = sorted((REPO / "questions").rglob("*.yaml"))
    assert files
    for path in files:
        # Dates stay text, as in YAML 1.2 editors (PyYAML's safe_load would turn them into dates).
        document, problems = parse(path.read_text(encoding="utf-8"), str(path))
        assert document is not None, problems
        errors = list(validator.iter_errors(document.data))
        assert not errors, (path, errors[:1])


@pytest.mark.slow
def test_wheel_contains_templates_and_banks(tmp_path):
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(REPO)],
                   check=True, capture_output=True)
    wheel = next(tmp_path.glob("quizgen-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("quizgen/cli.py", "quizgen/_defaults/templates/worksheet.html",
                     "quizgen/_defaults/templates/style.css",
                     "quizgen/_defaults/templates/questions/matching.html",
                     "quizgen/_defaults/templates/class_grid.html",
                     "quizgen/_defaults/templates/class_key.html",
                     "quizgen/_defaults/templates/handout.html",
                     "quizgen/_defaults/templates/selfstudy/quiz.js",
                     "quizgen/_defaults/templates/fonts/texgyrepagella-regular.otf",
                     "quizgen/_defaults/questions/articles/anchorage-2025.txt",
                     "quizgen/_defaults/questions/anchorage-2025/bank.yaml"):
        assert required in names, required
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "quizgen = quizgen.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
