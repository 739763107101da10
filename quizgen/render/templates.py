"""Templates: layered folders (a user's own override the bundled ones file by file) and a sandboxed Jinja.

Bank text is untrusted: autoescaping is on for every template, whatever its name, undefined
variables are errors instead of silent blanks, and templates run in Jinja's immutable sandbox
with only plain data and a few helper functions in their context — a template (even a user's
own) cannot reach Python internals, open files or change the data it prints.
"""

from __future__ import annotations

import functools
import re
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from pydantic import BaseModel

from quizgen.core.bidi import contained
from quizgen.core.defaults import templates_dir
from quizgen.core.problems import TemplateProblem
from quizgen.core.typography import breakable

STYLESHEET = "style.css"


@dataclass(frozen=True)
class TemplateSet:
    """Template folders, most specific first: a user's own folder overrides the defaults file by file."""

    folders: tuple[Path, ...]

    @classmethod
    def with_override(cls, user_folder: Path | None) -> TemplateSet:
        default = templates_dir().resolve()
        if user_folder is None:
            return cls((default,)).checked()
        try:
            is_folder = user_folder.is_dir()
        except (OSError, ValueError):  # a name too long for the system, say
            is_folder = False
        if not is_folder:
            raise TemplateProblem(f"templates folder '{user_folder}' does not exist; create it or "
                                  "leave out --templates to use the bundled templates.")
        user = user_folder.resolve()
        return (cls((default,)) if user == default else cls((user, default))).checked()

    def checked(self) -> TemplateSet:
        """This set, once every file its stylesheet needs is known to be there (see `missing_assets`)."""
        missing = missing_assets(self)
        if missing:
            raise TemplateProblem("\n".join(missing))
        return self

    def find(self, name: str) -> Path:
        for folder in self.folders:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        raise TemplateProblem(f"template file '{name}' is missing from {', '.join(map(str, self.folders))}; "
                              "reinstall quizgen or restore the file.")


#: Values a template may call the methods of: plain data (str.upper, dict.get…).
_PLAIN_DATA = (str, int, float, bool, list, tuple, dict, set, frozenset, type(None))
#: Code a template may call: quizgen's own frozen data and helpers, and Jinja's own objects (macros,
#: loop, cycler…), which are written for the sandbox. Nothing from other libraries: pydantic's model
#: methods include parse_file(), which reads any file it is given.
_CALLABLE_FROM = ("quizgen.", "jinja2.")


class TemplateSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox (no `_` attributes, no changing the data), narrowed to what a
    template needs: the data's fields, quizgen's own methods and plain data's methods. No class,
    no module, no method of another library is reachable, whatever the path to it."""

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(value, (type, types.ModuleType)):
            return False
        if isinstance(obj, BaseModel):  # a bank model: its fields and quizgen's own properties, nothing else
            return attr in type(obj).model_fields or _defined_by_quizgen(type(obj), attr)
        if callable(value) and not isinstance(obj, _PLAIN_DATA):
            return _defined_by_quizgen(type(obj), attr) or _code_of_quizgen(value)
        return True


def _defined_by_quizgen(cls: type, attr: str) -> bool:
    """Whether the class that defines `attr` (first in the MRO) is quizgen's or Jinja's."""
    for klass in cls.__mro__:
        if attr in vars(klass):
            return klass.__module__.startswith(_CALLABLE_FROM)
    return False


def _code_of_quizgen(value: Any) -> bool:
    """A function written in quizgen (or Jinja), or an object of theirs (a macro of an imported template)."""
    if isinstance(value, (types.FunctionType, types.MethodType)):
        module = value.__module__ or ""
    else:
        module = type(value).__module__
    return module.startswith(_CALLABLE_FROM)


@functools.lru_cache(maxsize=8)
def environment(templates: TemplateSet, for_print: bool = True) -> jinja2.Environment:
    """One environment per template set, so each template is compiled once (a class set renders dozens).
    `for_print`: documents for WeasyPrint, whose long words get break opportunities."""
    env = TemplateSandbox(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(f)) for f in templates.folders]),
        autoescape=True,  # every template, including *.html.j2 that select_autoescape would miss
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_printed if for_print else _contained,
    )
    return env


class Verbatim(markupsafe.Markup):
    """Markup printed exactly as given (the self-check page's inline JSON, CSS and script, whose
    bytes are hashed for its Content-Security-Policy): no break or bidi character is added."""


def _printed(value: Any) -> Any:
    """Every printed value keeps its bidi controls to itself (`quizgen.core.bidi`: an RLO in a
    publisher's name cannot reverse the date printed after it), and a word too long for a line
    gets break opportunities (`quizgen.core.typography.breakable`)."""
    if not isinstance(value, str) or isinstance(value, Verbatim):
        return value
    is_markup = isinstance(value, markupsafe.Markup)
    result = breakable(contained(value), markup=is_markup)
    if result is value:
        return value
    return markupsafe.Markup(result) if is_markup else result


def _contained(value: Any) -> Any:
    """For pages a browser shows (the self-check): bidi containment only; browsers break long words
    quickly, and attribute values such as the Content-Security-Policy must stay as written."""
    if not isinstance(value, str) or isinstance(value, Verbatim):
        return value
    result = contained(value)
    if result is value:
        return value
    return markupsafe.Markup(result) if isinstance(value, markupsafe.Markup) else result


def render_template(templates: TemplateSet, name: str, context: dict[str, Any], for_print: bool = True) -> str:
    """Render one template; a missing or broken template becomes a TemplateProblem a person can act on."""
    try:
        return environment(templates, for_print).get_template(name).render(context)
    except jinja2.TemplateNotFound as error:
        raise TemplateProblem(f"template '{error.name}' not found in "
                              f"{', '.join(map(str, templates.folders))}.") from error
    except jinja2.TemplateSyntaxError as error:
        raise TemplateProblem(f"{error.filename}:{error.lineno}: template error: {error.message}") from error
    except jinja2.UndefinedError as error:
        raise TemplateProblem(f"template uses something undefined: {error.message}") from error
    except SecurityError as error:
        raise TemplateProblem(f"template '{name}' tried something a template may not do ({error}); "
                              "templates can only print the data they are given.") from error
    except Exception as error:  # a user's template can fail in many ways ({{ 1/0 }}): one message, no traceback
        raise TemplateProblem(f"template '{name}' failed: {type(error).__name__}: {error}; fix the template "
                              "or remove it from your templates folder to use the bundled one.") from error


# --- Template assets (hardening): WeasyPrint silently falls back to another font when a
# url() cannot be loaded, and our URL fetcher refuses anything outside the template folders.
# Say so before rendering instead of printing a sheet in the wrong font.

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def missing_assets(templates: TemplateSet) -> list[str]:
    """Problems with the files `style.css` asks for (fonts, images): missing, or not loadable."""
    stylesheet = templates.find(STYLESHEET)
    folder = next(f for f in templates.folders if stylesheet.is_relative_to(f))
    text = stylesheet.read_text(encoding="utf-8", errors="replace")
    # Blank out comments but keep their line breaks, so line numbers stay right.
    text = _CSS_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    problems: list[tuple[int, str]] = []
    for match in [*_CSS_URL.finditer(text), *_CSS_IMPORT.finditer(text)]:
        url = next(group for group in match.groups() if group is not None).strip()
        if not url or url.startswith("#"):
            continue
        line = text.count("\n", 0, match.start()) + 1
        where = f"{stylesheet}:{line}"
        what = "font file" if _in_font_face(text, match.start()) else "file"
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|^/", url):
            problems.append((line, f"{where}: the {what} '{url}' cannot be used: quizgen only loads files from the "
                            "templates folders. Copy the file into your templates folder and write its "
                            "relative path, e.g. url(fonts/my-font.otf)."))
            continue
        wanted = (stylesheet.parent / url.split("?")[0].split("#")[0]).resolve()
        if not wanted.is_relative_to(folder):
            problems.append((line, f"{where}: the {what} '{url}' is outside the templates folder; copy it "
                                   "into the templates folder and write its relative path."))
            continue
        relative = wanted.relative_to(folder)
        if not any((candidate / relative).is_file() for candidate in templates.folders):
            problems.append((line, f"{where}: the {what} '{url}' is missing (looked for {relative} in "
                                   f"{', '.join(map(str, templates.folders))}); add the file or fix the "
                                   "url(). Without it the PDF would silently use another font or no image."))
    return [message for _, message in sorted(problems)]


def _in_font_face(text: str, position: int) -> bool:
    opening = text.rfind("{", 0, position)
    return text.rfind("@font-face", 0, opening) > text.rfind("}", 0, opening)
