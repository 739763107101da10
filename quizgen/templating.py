"""Variant → HTML through Jinja templates (no WeasyPrint here: HTML is testable on its own).

Bank text is untrusted: autoescaping is on for every template, whatever its name,
and undefined variables are errors instead of silent blanks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from . import model
from .defaults import templates_dir
from .i18n import french, localize, message
from .problems import TemplateProblem
from .variants import Variant

WORKSHEET = "worksheet.html"
ANSWER_KEY = "answer_key.html"
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


def environment(templates: TemplateSet) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(f)) for f in templates.folders]),
        autoescape=True,  # every template, including *.html.j2 that select_autoescape would miss
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def render_html(variant: Variant, kind: str, templates: TemplateSet, paper: str = "a4") -> str:
    """The worksheet or answer key of `variant` as an HTML string."""
    env = environment(templates)
    language = variant.language
    fallback = variant.bank.language

    def t(text: dict[str, str] | None, quotation: bool = False) -> str:
        value = localize(text, language, fallback)
        return french(value, quotation=quotation) if language == "fr" else value

    def msg(key: str) -> str:
        return t({"*": message(language, key)})

    def q(text: str) -> str:
        """A quotation of the article: characters kept, spaces made non-breaking."""
        return french(text, quotation=True) if language == "fr" else text

    def technique(tid: str) -> model.Technique:
        return variant.bank.glossary[tid]

    def category(cid: str, question: model.ClaimClassification) -> str:
        for custom in question.categories or []:
            if custom.id == cid:
                return t(custom.label)
        return msg(f"category.{cid}")

    def sources_of(question: model.Question) -> list[model.Source]:
        """The question's own sources, then those of the claims it is about, each once."""
        found: list[model.Source] = list(question.sources)
        for cid in question.claims:
            found += [s for s in variant.bank.claims[cid].sources if s not in found]
        return found

    def points(value: int) -> str:
        return f"{value}\u00a0{msg('point' if value == 1 else 'points')}"

    context: dict[str, Any] = {
        "variant": variant,
        "bank": variant.bank,
        "article": variant.bank.article,
        "language": language,
        "paper": paper,
        "kind": kind,
        "t": t,
        "msg": msg,
        "q": q,
        "technique": technique,
        "category": category,
        "points": points,
        "sources_of": sources_of,
        "model": model,
    }
    name = {"worksheet": WORKSHEET, "key": ANSWER_KEY}[kind]
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound as error:
        raise TemplateProblem(f"template '{error.name}' not found in "
                              f"{', '.join(map(str, templates.folders))}.") from error
    except jinja2.TemplateSyntaxError as error:
        raise TemplateProblem(f"{error.filename}:{error.lineno}: template error: {error.message}") from error
    except jinja2.UndefinedError as error:
        raise TemplateProblem(f"template uses something undefined: {error.message}") from error


PAPER_SIZES = {"a4": "A4", "letter": "letter"}


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_css(variant: Variant, kind: str, paper: str) -> str:
    """Paper size and running footer (variant code, page X / Y) for one document."""
    language = variant.language
    left = f"{message(language, 'variant')} {variant.code}"
    center = message(language, "worksheet" if kind == "worksheet" else "answer_key")
    return (
        f"@page {{ size: {PAPER_SIZES[paper]};"
        f" @bottom-left {{ content: {_css_string(left)} }}"
        f" @bottom-center {{ content: {_css_string(center)} }}"
        f" @bottom-right {{ content: {_css_string(message(language, 'page'))} \" \" counter(page)"
        f" \" / \" counter(pages) }} }}"
    )


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
