"""Issue 12, row 2: a template — even a teacher's own, found in ./templates — cannot open files, run
commands or reach Python's internals, and a templates/ folder picked up from the working folder is
announced.

Each hostile template is the probe's `{% set _ = model.__builtins__['open'](...) %}` or one of its
variants (through __class__, __globals__, cycler, lipsum, joiner, namespace, self, the helpers, and
pydantic's own model methods such as parse_file, which reads any JSON file). Every one must fail
with a message, read nothing and write nothing.
"""

from __future__ import annotations

import types
import warnings
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import MINI

from quizgen.bank.workspace import load_workspace
from quizgen.cli import cli
from quizgen.render.templates import TemplateSet, environment
from quizgen.sheets.html import render_html
from quizgen.study.selfcheck import quiz_data
from quizgen.variants.draw import Options, draw_variant

SECRET = "SECRET-7d1f-CONTENT"


def _blank_pdf() -> bytes:
    import io

    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


BLANK_PDF = _blank_pdf()

HOSTILE = [
    "{% set _ = model.__builtins__['open'](SECRET_PATH, 'w') %}",  # the probe's own
    "{% set _ = variant.__init__.__globals__['__builtins__']['open'](SECRET_PATH).read() %}",
    "{{ variant.__class__.__mro__[-1].__subclasses__() }}",
    "{{ ''.__class__.__base__.__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}",
    "{{ joiner.__init__.__globals__.os.system('touch MARKER') }}",
    "{{ namespace.__init__.__globals__.os.listdir('/') }}",
    "{{ lipsum.__globals__['os'].popen('touch MARKER').read() }}",
    "{{ lipsum.__globals__.__builtins__.open(SECRET_PATH).read() }}",
    "{{ self._TemplateReference__context }}",
    "{{ t.__globals__['__builtins__']['open'](SECRET_PATH).read() }}",
    "{{ t.__code__ }}",
    "{{ msg.__self__ }}",
    "{{ sources_of.__func__.__globals__ }}",
    "{{ variant.questions[0].question.parse_file(SECRET_PATH) }}",  # pydantic: reads the file
    "{{ (variant.questions[0].question | attr('parse_file'))(SECRET_PATH) }}",
    "{{ variant.questions[0].question.model_validate_json('{}') }}",
    "{{ variant.questions[0].question.model_fields }}",
    "{{ bank.glossary.values() | first | attr('parse_raw') }}",
    "{{ dict.mro() }}",
    "{{ range.__class__ }}",
    "{{ (variant.bank.locations.values() | first).document.__class__ }}",
    "{% include '../secret.json' %}",
    "{% import 'os' as os %}{{ os }}",
    "{% set x = variant.questions %}{% set _ = x.append(1) %}",  # the data cannot be changed either
    "{{ 1/0 }}",
]


@pytest.fixture()
def hostile_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The mini bank in a working folder with ./templates, and a secret file beside it."""
    import shutil

    shutil.copytree(MINI, tmp_path / "ws")
    (tmp_path / "templates").mkdir()
    (tmp_path / "secret.json").write_text(f'{{"id": "{SECRET}"}}', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pydantic's, on model_fields
@pytest.mark.parametrize("template", HOSTILE)
@pytest.mark.parametrize("name, fmt", [("worksheet.html", "pdf"), ("selfstudy/quiz.html", "html")])
def test_a_template_cannot_reach_files_or_python(hostile_workspace: Path, template: str, name: str,
                                                 fmt: str) -> None:
    from quizgen.render.pdf import Renderer

    target = hostile_workspace / "templates" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(template.replace("SECRET_PATH", repr(str(hostile_workspace / "secret.json"))),
                      encoding="utf-8")
    before = sorted(p.name for p in hostile_workspace.iterdir())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Renderer, "pdf", lambda self, *_: b"%PDF")  # nothing gets that far
        result = CliRunner().invoke(cli, ["build", "ws", "--seed", "1", "--out", "out", "--jobs", "1",
                                          "--format", fmt])
    assert isinstance(result.exception, SystemExit) and result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"Error: template '{name.split('/')[-1] if fmt == 'pdf' else name}'" in result.stderr or \
           "Error: template" in result.stderr, result.stderr
    assert SECRET not in result.output
    assert sorted(p.name for p in hostile_workspace.iterdir()) == before, "nothing written (no MARKER, no out/)"
    assert (hostile_workspace / "secret.json").read_text(encoding="utf-8") == f'{{"id": "{SECRET}"}}'


@pytest.mark.slow
def test_templates_found_in_the_working_folder_are_announced(hostile_workspace: Path) -> None:
    from quizgen.render.pdf import Renderer

    (hostile_workspace / "templates" / "style.css").write_text(
        (TemplateSet.with_override(None).find("style.css")).read_text(encoding="utf-8"), encoding="utf-8")
    announced = f"Note: using your templates from {hostile_workspace / 'templates'} (found in the working folder"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Renderer, "pdf", lambda self, *_: BLANK_PDF)  # a class set joins them
        for extra in ([], ["--format", "html"], ["--variants", "2"]):
            result = CliRunner().invoke(cli, ["build", "ws", "--seed", "1", "--out", "out", "--jobs", "1",
                                              "--force", *extra])
            assert result.exit_code == 0, result.output
            assert result.stderr.count(announced) == 1, result.stderr
        chosen = CliRunner().invoke(cli, ["build", "ws", "--seed", "1", "--out", "out2", "--jobs", "1",
                                          "--templates", "templates"])
    assert chosen.exit_code == 0 and "Note: using your templates" not in chosen.stderr


# --- What a template can reach at all ----------------------------------------------------------------


def _reachable(root: dict[str, Any]) -> tuple[set[str], list[str]]:
    """Walk everything the sandbox lets a template reach from its context: (quizgen and Jinja callables
    reached, by qualified name; forbidden things found)."""
    env = environment(TemplateSet.with_override(None))
    callables: set[str] = set()
    forbidden: list[str] = []
    seen: dict[int, Any] = {}  # kept alive: a bound method made by getattr would free its id for reuse
    stack: list[tuple[str, Any]] = list(root.items())
    while stack:
        path, value = stack.pop()
        if id(value) in seen or isinstance(value, (str, int, float, bool, type(None))):
            continue
        seen[id(value)] = value
        if isinstance(value, (type, types.ModuleType, Path)) or hasattr(value, "read") or hasattr(value, "open"):
            forbidden.append(path)
            continue
        if callable(value):
            module = getattr(value, "__module__", "") or ""
            if not module.startswith(("quizgen.", "jinja2.", "markupsafe")):
                forbidden.append(f"{path} ({module})")
            callables.add(f"{module}.{getattr(value, '__qualname__', type(value).__name__)}")
        if isinstance(value, dict):
            stack += [(f"{path}[{key!r}]", item) for key, item in value.items()]
        elif isinstance(value, (list, tuple, set, frozenset)):
            stack += [(f"{path}[{index}]", item) for index, item in enumerate(value)]
        for name in dir(value):
            if name.startswith("_"):
                continue
            try:
                with warnings.catch_warnings():  # pydantic warns about model_fields on an instance
                    warnings.simplefilter("ignore")
                    attribute = getattr(value, name)
            except Exception:  # noqa: BLE001 - a property that fails is not reachable either
                continue
            if env.is_safe_attribute(value, name, attribute) and not isinstance(value, (dict, list, tuple, set)):
                stack.append((f"{path}.{name}", attribute))
    return callables, forbidden


def test_the_sheet_context_reaches_no_module_class_file_or_foreign_method(mini: Any) -> None:
    variant = draw_variant(mini, None, Options(), 3)
    captured: dict[str, Any] = {}

    import quizgen.sheets.html as html

    real = html.render_template

    def capture(templates: TemplateSet, name: str, context: dict[str, Any]) -> str:
        captured.update(context)
        return real(templates, name, context)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(html, "render_template", capture)
        render_html(variant, "key", TemplateSet.with_override(None))
    callables, forbidden = _reachable(captured)
    assert forbidden == []
    io_modules = ("quizgen.core.files", "quizgen.core.output", "quizgen.render", "quizgen.bank.scaffold")
    assert not [name for name in callables if name.startswith(io_modules)], callables
    # Every function a template can call, reviewed: none reads, writes or runs anything. A new one
    # reaching templates must be reviewed and added here.
    assert callables == {
        "quizgen.bank.workspace.Bank.policy", "quizgen.bank.workspace.Bank.policy_of",
        "quizgen.bank.workspace.Bank.sources_of", "quizgen.bank.workspace.Location.problem",
        "quizgen.bank.yamlsource.YamlDocument.line_of", "quizgen.bank.yamlsource.YamlDocument.value_at",
        "quizgen.core.labels.Texts.msg",
        "quizgen.core.labels.Texts.quotation", "quizgen.sheets.html._helpers.<locals>.<lambda>",
        "quizgen.sheets.html._helpers.<locals>.points", "quizgen.sheets.html._helpers.<locals>.quote",
        "quizgen.sheets.html._helpers.<locals>.t", "quizgen.sheets.html.PrintOptions.scannable_for",
        "quizgen.types.printed.PrintedQuestion.letter_of",
        "quizgen.types.printed.PrintedQuestion.option_of", "quizgen.variants.draw.Options.as_dict",
    }


def test_the_self_check_data_is_plain_json_data(mini: Any) -> None:
    def plain(value: Any) -> bool:
        if isinstance(value, dict):
            return all(isinstance(key, str) and plain(item) for key, item in value.items())
        if isinstance(value, list):
            return all(plain(item) for item in value)
        return isinstance(value, (str, int, float, bool, type(None)))

    assert plain(quiz_data(draw_variant(load_workspace([MINI]), None, Options(), 3)))
