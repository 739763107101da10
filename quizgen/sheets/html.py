"""Variant → HTML through Jinja templates (no WeasyPrint here: HTML is testable on its own).

Bank text is untrusted: autoescaping is on for every template, whatever its name,
and undefined variables are errors instead of silent blanks.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from quizgen.bank import model
from quizgen.core.defaults import templates_dir
from quizgen.core.i18n import french, localize, message
from quizgen.core.problems import TemplateProblem
from quizgen.sheets.roster import Student
from quizgen.variants.draw import PrintedQuestion, Variant

STYLESHEET = "style.css"
TEMPLATE_OF_KIND = {
    "worksheet": "worksheet.html",
    "key": "answer_key.html",
    "grid": "class_grid.html",
    "class-key": "class_key.html",
    "handout": "handout.html",
}


@dataclass(frozen=True)
class Look:
    """Print options that change the layout, never the content."""

    paper: str = "a4"
    large_print: bool = False
    dyslexia_friendly: bool = False

    @property
    def body_classes(self) -> str:
        return " ".join(name for name, on in (("large-print", self.large_print),
                                              ("dyslexia-friendly", self.dyslexia_friendly)) if on)


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


@functools.lru_cache(maxsize=8)
def environment(templates: TemplateSet) -> jinja2.Environment:
    """One environment per template set, so each template is compiled once (a class set renders dozens)."""
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(f)) for f in templates.folders]),
        autoescape=True,  # every template, including *.html.j2 that select_autoescape would miss
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def render_html(variant: Variant, kind: str, templates: TemplateSet, paper: str | Look = "a4",
                student: Student | None = None, variants: list[Variant] | None = None,
                students: list[Student | None] | None = None) -> str:
    """One document as an HTML string.

    kind: worksheet or key (of `variant`); grid or class-key (of a class set: `variants`,
    with `students` beside them); handout (the article). `variant` gives bank and language.
    """
    look = paper if isinstance(paper, Look) else Look(paper)
    language = variant.language
    fallback = variant.bank.language

    def t(text: dict[str, str] | None, quotation: bool = False) -> str:
        value = localize(text, language, fallback)
        return superscript_ordinals(french(value, quotation=quotation)) if language == "fr" else value

    def msg(key: str) -> str:
        return t({"*": message(language, key)})

    def q(text: str) -> str:
        """A quotation of the article: characters kept, spaces made non-breaking."""
        return french(text, quotation=True) if language == "fr" else text

    def technique(tid: str) -> model.Technique:
        return variant.bank.glossary[tid]

    def category(cid: str, question: model.ClaimClassification) -> str:
        label = question.custom_label(cid)
        return t(label) if label else msg(f"category.{cid}")

    def compact(p: PrintedQuestion) -> str:
        """The answer in a few characters, for the class marking grid."""
        question = p.question
        if isinstance(question, (model.SingleChoice, model.MultipleSelect)):
            return ",".join(p.correct)
        if isinstance(question, model.TrueFalse):
            return msg("true" if question.answer else "false")  # a letter would read as choice F
        if isinstance(question, model.Matching):
            return " ".join("/".join(row.answers) for row in p.rows)
        if isinstance(question, model.ClaimClassification):
            letter_of = {cid: letter for letter, cid in p.options}
            return " ".join(letter_of[row.answers[0]] for row in p.rows)
        return msg("rubric")

    def points(value: int) -> str:
        return f"{value}\u00a0{msg('point' if value == 1 else 'points')}"

    context: dict[str, Any] = {
        "variant": variant,
        "bank": variant.bank,
        "article": variant.bank.article,
        "language": language,
        "paper": look.paper,
        "look": look,
        "kind": kind,
        "student": student,
        "variants": variants or [variant],
        "students": students or [None] * len(variants or [variant]),
        "numbers_of": _numbers_of(variants or [variant]),
        "canonical": _in_bank_order(variant),
        "t": t,
        "msg": msg,
        "q": q,
        "technique": technique,
        "category": category,
        "points": points,
        "compact": compact,
        "sources_of": variant.bank.sources_of,
        "model": model,
    }
    return render_template(templates, TEMPLATE_OF_KIND[kind], context)


def render_template(templates: TemplateSet, name: str, context: dict[str, Any]) -> str:
    """Render one template; a missing or broken template becomes a TemplateProblem a person can act on."""
    try:
        return environment(templates).get_template(name).render(context)
    except jinja2.TemplateNotFound as error:
        raise TemplateProblem(f"template '{error.name}' not found in "
                              f"{', '.join(map(str, templates.folders))}.") from error
    except jinja2.TemplateSyntaxError as error:
        raise TemplateProblem(f"{error.filename}:{error.lineno}: template error: {error.message}") from error
    except jinja2.UndefinedError as error:
        raise TemplateProblem(f"template uses something undefined: {error.message}") from error


def _numbers_of(variants: list[Variant]) -> dict[str, list[int]]:
    """For each question id, its number in each variant of a class set (same order as `variants`)."""
    numbers: dict[str, list[int]] = {}
    for variant in variants:
        for p in variant.questions:
            numbers.setdefault(p.question.id, []).append(p.number)
    return numbers


_ORDINAL = re.compile(r"(?<=\d)(ᵉʳ|ʳᵉ|ᵉ)")
_PLAIN_ORDINAL = {"ᵉʳ": "er", "ʳᵉ": "re", "ᵉ": "e"}


def superscript_ordinals(text: str) -> str:
    """1ᵉʳ, 2ᵉ written with Unicode modifier letters become <sup>er</sup>: the bundled fonts have no
    such glyphs, and a fallback font would differ from machine to machine (or print empty boxes)."""
    if not _ORDINAL.search(text):
        return text
    escaped = str(markupsafe.escape(text))
    return markupsafe.Markup(_ORDINAL.sub(lambda m: f"<sup>{_PLAIN_ORDINAL[m.group()]}</sup>", escaped))


def _in_bank_order(variant: Variant) -> list[PrintedQuestion]:
    """The questions of `variant` as the bank lists them, rows unshuffled: the class key's order."""
    index = {question.id: number for number, question in enumerate(variant.bank.questions)}
    ordered = sorted(variant.questions, key=lambda p: index[p.question.id])
    return [replace(p, rows=sorted(p.rows, key=lambda row: row.original)) for p in ordered]


PAPER_SIZES = {"a4": "A4", "letter": "letter"}
FOOTER_TITLES = {"worksheet": "worksheet", "key": "answer_key", "grid": "marking_grid",
                 "class-key": "class_key", "handout": "handout"}


def _css_string(text: str) -> str:
    """A CSS string literal; `<` is escaped too, so the CSS can sit in a <style> element (--emit-html)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")
    return f'"{escaped}"'


def page_css(variant: Variant, kind: str, paper: str | Look, left: str | None = None) -> str:
    """Paper size and running footer (variant code, page X / Y) for one document."""
    look = paper if isinstance(paper, Look) else Look(paper)
    language = variant.language
    if left is None:
        left = f"{message(language, 'variant')} {variant.code}"
    center = message(language, FOOTER_TITLES[kind])
    size = PAPER_SIZES[look.paper] + (" landscape" if kind == "grid" else "")
    font = " font-size: 12pt;" if look.large_print else ""
    return (
        f"@page {{ size: {size};"
        f" @bottom-left {{ content: {_css_string(left)};{font} }}"
        f" @bottom-center {{ content: {_css_string(center)};{font} }}"
        f" @bottom-right {{ content: {_css_string(message(language, 'page'))} \" \" counter(page)"
        f" \" / \" counter(pages);{font} }} }}"
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
