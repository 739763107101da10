"""Read a workspace (banks, glossary, articles) into validated plain data.

Like pelican, we read everything first and fail once with every problem found:
a teacher fixes a whole bank in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizgen.bank import model, yamlsource
from quizgen.bank.article import Article, split_paragraphs
from quizgen.bank.model import BankFile, Claim, GlossaryFile, Preset, QuestionsFile, Technique
from quizgen.bank.schema_errors import suggest, validate_document
from quizgen.bank.yamlsource import Document, PathKey
from quizgen.core.problems import InvalidContent, Problem, display_path

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Site:
    """Where a piece of content was written, to point problems at the right line."""

    document: Document
    path: PathKey

    def problem(self, message: str, *sub: str | int) -> Problem:
        return Problem(self.document.path, self.document.line_of((*self.path, *sub)), message)


@dataclass
class Bank:
    id: str
    title: dict[str, str]
    language: str
    instructions: dict[str, str] | None
    article: Article
    glossary: dict[str, Technique]
    claims: dict[str, Claim] = field(default_factory=dict)
    presets: list[Preset] = field(default_factory=list)
    questions: list[model.Question] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    # Where each question and claim was written (by id), for checks and messages.
    sites: dict[str, Site] = field(default_factory=dict)
    site: Site | None = None

    def sources_of(self, question: model.Question, skip: tuple[str, ...] | list[str] = ()) -> list[model.Source]:
        """The question's own sources, then those of the claims it is about (but `skip`), each once."""
        found: list[model.Source] = list(question.sources)
        for cid in question.claims:
            if cid not in skip:
                found += [s for s in self.claims[cid].sources if s not in found]
        return found


@dataclass
class Workspace:
    roots: list[Path]
    banks: list[Bank]
    glossary: dict[str, Technique]


def load_workspace(paths: list[Path]) -> Workspace:
    """Load and check everything under `paths`; raise InvalidContent listing every problem."""
    from quizgen.bank.checks import check_bank

    problems: list[Problem] = []
    documents: dict[Path, tuple[Document, Any]] = {}
    roots: list[Path] = []
    selected: set[Path] | None = set()
    for path in paths:
        try:
            exists = path.exists()
        except (OSError, ValueError) as error:
            problems.append(Problem(str(path), 1, f"this path cannot be used ({error}); check it."))
            continue
        if not exists:
            problems.append(Problem(str(path), 1, "no such file or folder; check the path "
                                    "(quizgen looks in questions/ by default)."))
            continue
        root = (path if path.is_dir() else path.parent).resolve()
        roots.append(root)
        if path.is_dir():
            selected = None
        elif selected is not None:
            selected.add(path.resolve())
        for file in _yaml_files(root):
            if not file.resolve().is_relative_to(root):
                problems.append(Problem(str(Path(display_path(file.parent)) / file.name), 1, (
                    f"this file is a link to a file outside the workspace ({display_path(file.resolve())}); "
                    "copy the file into the workspace instead.")))
                continue
            file = file.resolve()
            if file not in documents:
                documents[file] = _read(file, problems)
    if not documents and not problems:
        where = ", ".join(str(p) for p in paths)
        problems.append(Problem(where, 1, "no YAML files found here; a workspace holds *.yaml banks "
                                "(run 'quizgen init DIR' to start one)."))

    glossary, glossary_problems = _glossary(documents)
    problems += glossary_problems
    banks: list[Bank] = []
    bank_files = [(file, doc, m) for file, (doc, m) in documents.items() if isinstance(m, BankFile)]
    seen_banks: dict[str, Document] = {}
    for file, document, bank_file in bank_files:
        if bank_file.id in seen_banks:
            problems.append(Problem(document.path, document.line_of(("id",)), (
                f"bank id '{bank_file.id}' is already used by {seen_banks[bank_file.id].path}; "
                "give each bank its own id.")))
            continue
        seen_banks[bank_file.id] = document
        root = _root_of(file, roots)
        article, article_problems = _article(file, document, bank_file, root, documents)
        problems += article_problems
        bank = Bank(
            id=bank_file.id, title=bank_file.title, language=bank_file.language,
            instructions=bank_file.instructions, article=article or _missing_article(bank_file),
            glossary=glossary, presets=list(bank_file.presets), files=[document.path],
            site=Site(document, ()),
        )
        parts: list[tuple[Document, BankFile | QuestionsFile]] = [(document, bank_file)]
        parts += [(doc, m) for (doc, m) in documents.values()
                  if isinstance(m, QuestionsFile) and m.bank == bank_file.id]
        for doc, part in parts:
            if doc.path not in bank.files:
                bank.files.append(doc.path)
            problems += _add_content(bank, doc, part)
        if article is not None:
            problems += check_bank(bank)
        if selected is None or any(Path(p).resolve() in selected for p in _real_paths(bank, documents)):
            banks.append(bank)

    first_use: dict[str, Site] = {}
    for bank in banks:
        for key, site in bank.sites.items():
            if key.startswith("question:") and key in first_use and first_use[key] is not site:
                problems.append(site.problem(_twice("question", key.split(":", 1)[1], first_use[key]), "id"))
            first_use.setdefault(key, site)
    known = set(seen_banks)
    for document, part in documents.values():
        if isinstance(part, QuestionsFile) and part.bank not in known:
            problems.append(Problem(document.path, document.line_of(("bank",)), (
                f"no bank with id '{part.bank}' in this workspace.{suggest(part.bank, sorted(known))} "
                "'bank:' must name the id of a 'kind: bank' file.")))
    if problems:
        raise InvalidContent(problems)
    return Workspace(roots=roots, banks=banks, glossary=glossary)


def _yaml_files(root: Path) -> list[Path]:
    """The YAML files under `root` (links not resolved yet), hidden folders left out."""
    return sorted(
        file for file in root.rglob("*")
        if file.suffix in YAML_SUFFIXES and file.is_file()
        and not any(part.startswith(".") for part in file.relative_to(root).parts)
    )


def _read(file: Path, problems: list[Problem]) -> tuple[Document, Any]:
    shown = display_path(file)
    document, found = yamlsource.load(file, shown)
    problems += found
    if document is None:
        return Document(shown, None), None
    parsed, found = validate_document(document)
    problems += found
    return document, parsed


def _real_paths(bank: Bank, documents: dict[Path, tuple[Document, Any]]) -> list[Path]:
    return [file for file, (doc, _) in documents.items() if doc.path in bank.files]


def _root_of(file: Path, roots: list[Path]) -> Path:
    inside = [root for root in roots if file.is_relative_to(root)]
    return max(inside, key=lambda root: len(root.parts)) if inside else file.parent


def _glossary(documents: dict[Path, tuple[Document, Any]]) -> tuple[dict[str, Technique], list[Problem]]:
    glossary: dict[str, Technique] = {}
    where: dict[str, Site] = {}
    problems: list[Problem] = []
    for document, parsed in documents.values():
        if not isinstance(parsed, GlossaryFile):
            continue
        for index, technique in enumerate(parsed.techniques):
            site = Site(document, ("techniques", index))
            if technique.id in glossary:
                first = where[technique.id]
                problems.append(site.problem(
                    f"technique '{technique.id}' is defined twice (first at {first.document.path}:"
                    f"{first.document.line_of(first.path)}); keep one.", "id"))
                continue
            glossary[technique.id] = technique
            where[technique.id] = site
    return glossary, problems


def inside_workspace(base: Path, relative: str, root: Path) -> tuple[Path | None, str | None]:
    """Resolve `relative` from `base`; refuse absolute paths and paths leaving `root`."""
    if not relative.strip():
        return None, "the path is empty."
    if Path(relative).is_absolute() or relative.startswith(("~", "\\")) or ":" in relative[:3]:
        return None, (f"'{relative}' is an absolute path; write it relative to this file, "
                      "inside the workspace (e.g. ../articles/article.yaml).")
    try:
        resolved = (base / relative).resolve()
        resolved.exists()  # a name too long (or a NUL byte) fails here rather than later
    except (OSError, ValueError, RuntimeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        return None, f"'{relative}' is not a usable path ({reason}); check it."
    if not resolved.is_relative_to(root):
        return None, (f"'{relative}' points outside the workspace ({display_path(root)}); "
                      "keep articles inside it.")
    return resolved, None


def _article(file: Path, document: Document, bank_file: BankFile, root: Path,
             documents: dict[Path, tuple[Document, Any]]) -> tuple[Article | None, list[Problem]]:
    site = Site(document, ("article",))
    path, error = inside_workspace(file.parent, bank_file.article, root)
    if path is None:
        return None, [site.problem(f"article: {error}")]
    if path.is_dir():
        return None, [site.problem(f"article: '{bank_file.article}' is a folder; give the path of the "
                                   "article's .yaml file (kind: article) inside it.")]
    if not path.is_file():
        return None, [site.problem(f"article: '{bank_file.article}' does not exist; check the path "
                                   "(it is relative to this bank file).")]
    if path.suffix not in YAML_SUFFIXES:
        return None, [site.problem(f"article: '{bank_file.article}' is not a 'kind: article' file.")]
    if path not in documents:
        read_problems: list[Problem] = []
        documents[path] = _read(path, read_problems)
        if read_problems:
            return None, read_problems
    article_doc, parsed = documents[path]
    if parsed is None:
        return None, []  # its own problems are already reported
    if not isinstance(parsed, model.ArticleFile):
        return None, [site.problem(f"article: '{bank_file.article}' is not a 'kind: article' file.")]
    article_site = Site(article_doc, ("text",))
    text_path, error = inside_workspace(path.parent, parsed.text, root)
    if text_path is None:
        return None, [article_site.problem(f"text: {error}")]
    text, problems = yamlsource.read_text(text_path, display_path(text_path), yaml_file=False)
    if text is None:
        if not text_path.exists():
            return None, [article_site.problem(f"text: '{parsed.text}' does not exist; "
                                               "it is relative to the article file.")]
        return None, problems
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        return None, [article_site.problem(f"text: '{parsed.text}' is empty.")]
    return Article(
        id=parsed.id, title=parsed.title, language=parsed.language, author=parsed.author,
        publisher=parsed.publisher, date=parsed.date, url=parsed.url, note=parsed.note,
        path=article_doc.path, text_path=display_path(text_path), paragraphs=paragraphs,
    ), []


def _missing_article(bank_file: BankFile) -> Article:
    return Article(bank_file.article, "", bank_file.language, None, None, None, None, None,
                   bank_file.article, "", [])


def _add_content(bank: Bank, document: Document, part: BankFile | QuestionsFile) -> list[Problem]:
    problems: list[Problem] = []
    for index, claim in enumerate(part.claims):
        site = Site(document, ("claims", index))
        if claim.id in bank.claims:
            problems.append(site.problem(_twice("claim", claim.id, bank.sites[f"claim:{claim.id}"]), "id"))
            continue
        bank.claims[claim.id] = claim
        bank.sites[f"claim:{claim.id}"] = site
    for index, question in enumerate(part.questions):
        site = Site(document, ("questions", index))
        key = f"question:{question.id}"
        if key in bank.sites:
            problems.append(site.problem(_twice("question", question.id, bank.sites[key]), "id"))
            continue
        bank.questions.append(question)
        bank.sites[key] = site
    return problems


def _twice(what: str, ident: str, first: Site) -> str:
    return (f"{what} id '{ident}' is already used at {first.document.path}:"
            f"{first.document.line_of(first.path)}; ids must be unique.")
