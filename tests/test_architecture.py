"""The package's shape: stages import only what lies below them, never each other in a cycle, and the
heavy or interface libraries stay in their one module."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "quizgen"

# Only these modules may import these libraries (cookiecutter's rule: one module speaks click).
ONLY_IN = {
    "click": {"quizgen.cli"},
    "weasyprint": {"quizgen.render.pdf"},
}
# The layers, lowest first: a module may import its own layer and the ones before it.
LAYERS = [
    {"core"},
    {"types"},
    {"bank"},
    {"variants"},
    {"render"},
    {"sheets", "study", "export", "annotations"},
    {"grading"},
    {"scan"},
    {"cli", "__main__"},
]
# No exceptions: what several stages share lives below them (the LMS items the types build are in
# types/lms_items.py; the page marks that sheets stamp and scan reads back are in render/marks/).


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Modules imported at run time (not those under `if TYPE_CHECKING:`, which only type checkers read)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(child) for statement in node.body for child in ast.walk(statement)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:
                raise AssertionError(f"{path}: relative import; write absolute imports (quizgen.…)")
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {name: {imported for imported in imports_of(path) if imported in modules and imported != name}
            for name, path in modules.items()}


def layer_of(module: str) -> int:
    top = module.split(".")[1] if module.count(".") else "cli"
    return next(index for index, names in enumerate(LAYERS) if top in names)


@pytest.mark.slow
def test_no_import_cycle():
    edges = graph()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(edges[module]):
            if state.get(target) == 1:
                raise AssertionError("import cycle: " + " → ".join(stack[stack.index(target):] + [target]))
            if target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module)


@pytest.mark.slow
def test_stages_import_only_what_lies_below_them():
    wrong = []
    for module, targets in graph().items():
        if module == "quizgen":
            continue
        for target in targets:
            if target == "quizgen" or layer_of(target) <= layer_of(module):
                continue
            wrong.append(f"{module} imports {target}")
    assert not wrong, "\n".join(sorted(wrong))


@pytest.mark.slow
def test_click_and_weasyprint_stay_in_their_module():
    for path in PACKAGE.rglob("*.py"):
        module = module_name(path)
        for library, allowed in ONLY_IN.items():
            uses = {name for name in imports_of(path) if name == library or name.startswith(library + ".")}
            assert not uses or module in allowed, f"{module} imports {library}; only {sorted(allowed)} may"


def test_the_checker_sees_a_cycle(tmp_path, monkeypatch):
    """The cycle test must be able to fail: two modules importing each other are found."""
    package = tmp_path / "quizgen"
    (package / "core").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "core" / "__init__.py").write_text("")
    (package / "core" / "a.py").write_text("from quizgen.core import b\n")
    (package / "core" / "b.py").write_text("from quizgen.core import a\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", package)
    try:
        test_no_import_cycle()
    except AssertionError as error:
        assert "import cycle" in str(error)
    else:
        raise AssertionError("a cycle went unnoticed")


# ------------------------------------------------- question types: dispatch only through the registry

TEMPLATES = PACKAGE.parent / "templates"
# Where a type's name (as a string) or one of its module's class names may appear outside the type's own
# module, the registry (quizgen/types/__init__.py) and its partial (templates/questions/<name>.html): each
# hit is a place that is not dispatch, and says why. A stale entry fails too, so the list stays true.
NOT_DISPATCH = {
    ("quizgen/core/labels.py", '"matching"'):
        'label text: the English name of the type in the grading report ("report.type.matching": "matching")',
    ("quizgen/export/moodle.py", '"matching"'):
        "Moodle's own qtype name, written for every neutral MatchItem (matching and classification alike)",
    ("quizgen/types/lms_items.py", "TrueFalseItem"):
        "the neutral LMS item that true_false.py's mapping builds; not a question model",
    ("quizgen/export/gift.py", "TrueFalseItem"): "a writer dispatches on neutral export items, not on question types",
    ("quizgen/export/moodle.py", "TrueFalseItem"): "a writer dispatches on neutral export items, not on question types",
    ("quizgen/export/qti21.py", "TrueFalseItem"): "a writer dispatches on neutral export items, not on question types",
    ("templates/_macros.html", '"matching"'):
        "a CSS class: the answer-sheet booklet's numbered excerpt rows, for matching and classification alike",
    ("templates/selfstudy/quiz.js", '"matching"'):
        "a CSS class of the row grid, chosen by the data's options_kind (technique rows), not by the type",
}


def type_tokens() -> dict[str, tuple[str, tuple[str, ...]]]:
    """For each type name: its module's name and the classes its module defines (model, type, sub-blocks)."""
    import sys

    from quizgen.types import TYPES

    found = {}
    for name, kind in TYPES.items():
        module = Path(sys.modules[type(kind).__module__].__file__ or "")
        tree = ast.parse(module.read_text(encoding="utf-8"))
        found[name] = (module.stem, tuple(node.name for node in tree.body if isinstance(node, ast.ClassDef)))
    return found


def _python_hits(path: Path, tokens: dict[str, tuple[str, tuple[str, ...]]]) -> set[tuple[str, str]]:
    """(type, what) for each mention in code: the name as a whole string constant, an identifier starting
    with one of the type's class names, or an import of the type's module."""
    hits = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        identifiers: list[str] = []
        if isinstance(node, ast.Name):
            identifiers = [node.id]
        elif isinstance(node, ast.Attribute):
            identifiers = [node.attr]
        elif isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            identifiers = [node.name]
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            identifiers = [alias.name for alias in node.names]
        modules = {alias.name for alias in node.names} if isinstance(node, ast.Import) else set()
        if isinstance(node, ast.ImportFrom) and node.module:
            modules = {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
        for name, (stem, classes) in tokens.items():
            if isinstance(node, ast.Constant) and node.value == name:
                hits.add((name, f'"{name}"'))
            hits |= {(name, ident) for ident in identifiers if ident.startswith(classes)}
            if f"quizgen.types.{stem}" in modules:
                hits.add((name, f"quizgen.types.{stem}"))
    return hits


def type_mentions(package: Path, templates: Path) -> dict[tuple[str, str], set[str]]:
    """(file relative to the repository, what was found) → the types it names, outside the allowed places."""
    tokens = type_tokens()
    root = package.parent
    found: dict[tuple[str, str], set[str]] = {}
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        for name, what in _python_hits(path, tokens):
            if relative in ("quizgen/types/__init__.py", f"quizgen/types/{tokens[name][0]}.py"):
                continue
            found.setdefault((relative, what), set()).add(name)
    for path in sorted(templates.rglob("*")):
        if path.suffix not in (".html", ".js"):
            continue
        relative = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        for name in tokens:
            if relative != f"templates/questions/{name}.html" and re.search(rf"([\"']){re.escape(name)}\1", text):
                found.setdefault((relative, f'"{name}"'), set()).add(name)
    return found


@pytest.mark.slow  # scans every module and template: ~1.4 s of CPU, like the other whole-package checks above
def test_question_types_are_dispatched_only_through_the_registry():
    found = type_mentions(PACKAGE, TEMPLATES)
    leaks = sorted(f"{path}: {what}" for path, what in found if (path, what) not in NOT_DISPATCH)
    assert not leaks, ("a question type named outside quizgen/types/ (ask the registry: type_of(question)…, "
                       "or add a method to the type's module):\n" + "\n".join(leaks))
    stale = sorted(f"{path}: {what}" for path, what in NOT_DISPATCH if (path, what) not in found)
    assert not stale, "NOT_DISPATCH entries that match nothing any more; remove them:\n" + "\n".join(stale)


def test_the_type_checker_sees_a_type_named_in_sheets(tmp_path):
    """The dispatch test must be able to fail: a string comparison, an isinstance and a direct import."""
    package, templates = tmp_path / "quizgen", tmp_path / "templates"
    (package / "sheets").mkdir(parents=True)
    (templates / "questions").mkdir(parents=True)
    (package / "sheets" / "leak.py").write_text(
        "from quizgen.types.claim_classification import TYPE\n"
        "from quizgen.types.true_false import TrueFalse\n\n\n"
        "def f(question):\n"
        "    if question.type == \"matching\":\n"
        "        return isinstance(question, TrueFalse)\n", encoding="utf-8")
    (templates / "answer_key.html").write_text("{% if p.question.type == 'short-answer' %}x{% endif %}\n")
    (templates / "questions" / "short-answer.html").write_text('<div class="short-answer"></div>\n')
    assert set(type_mentions(package, templates)) == {
        ("quizgen/sheets/leak.py", "quizgen.types.claim_classification"),
        ("quizgen/sheets/leak.py", "quizgen.types.true_false"),
        ("quizgen/sheets/leak.py", "TrueFalse"),
        ("quizgen/sheets/leak.py", '"matching"'),
        ("templates/answer_key.html", '"short-answer"'),
    }
