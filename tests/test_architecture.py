"""The package's shape: stages import only what lies below them, never each other in a cycle, and the
heavy or interface libraries stay in their one module."""

from __future__ import annotations

import ast
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
# The neutral export items are plain data that each type's LMS mapping builds (types → export.items).
# Scannable sheets are stamped at build time with the scan package's marks, which need only pikepdf and
# segno (sheets → scan.identity, scan.layout, scan.stamp); reading scans stays above grading.
ALLOWED_UPWARD = {("types", "quizgen.export.items"), ("sheets", "quizgen.scan.identity"),
                  ("sheets", "quizgen.scan.layout"), ("sheets", "quizgen.scan.stamp")}


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
            if (module.split(".")[1], target) in ALLOWED_UPWARD:
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
