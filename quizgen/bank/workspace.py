"""Read a workspace (banks, glossary, articles) into validated, checked, frozen plain data.

Like pelican, we read everything first and fail once with every problem found: a teacher
fixes a whole bank in one pass. The stages: find the YAML files and parse them (with the
line of every value), validate each against its model, assemble each bank from its files,
check it (grounding, keys, sources), then freeze it with the paragraph of every excerpt filled in.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from quizgen.bank import yamlsource
from quizgen.bank.article import Article, split_paragraphs
from quizgen.bank.checks import check_bank, with_paragraphs
from quizgen.bank.model import ArticleFile, BankFile, GlossaryFile, Preset, QuestionsFile
from quizgen.bank.schema_errors import validate_document
from quizgen.bank.unchecked import InvalidFile, invalid_file
from quizgen.bank.yamlsource import PathKey, YamlDocument
from quizgen.core.frozen import FrozenDict, freeze_mappings
from quizgen.core.problems import InvalidContent, Problem, UsageProblem, display_path, suggest
from quizgen.types import BankView, Question, type_of
from quizgen.types.fields import Claim, Source, Technique

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Location:
    """Where a piece of content was written, to point problems at the right line."""

    document: YamlDocument
    path: PathKey

    def problem(self, message: str, *sub: str | int) -> Problem:
        return Problem(self.document.path, self.document.line_of((*self.path, *sub)), message)

    @property
    def line(self) -> int:
        return self.document.line_of(self.path)


@dataclass(frozen=True)
class Bank:
    """One bank, ready for every later stage: nothing here changes once it is loaded."""

    id: str
    title: dict[str, str]
    language: str
    instructions: dict[str, str] | None
    article: Article
    glossary: Mapping[str, Technique]
    claims: Mapping[str, Claim] = field(default_factory=dict)
    presets: tuple[Preset, ...] = ()
    questions: tuple[Question, ...] = ()
    files: tuple[str, ...] = ()
    #: Where each question and claim was written ("question:ID", "claim:ID"), for checks and messages.
    locations: Mapping[str, Location] = field(default_factory=dict)
    location: Location | None = None
    #: The scoring policy the bank chose per question type (`scoring:`); types not listed use their default.
    scoring: Mapping[str, str] = field(default_factory=dict)
    #: Instructions for the self-check page (`instructions` are the printed worksheet's).
    self_check_instructions: dict[str, str] | None = None
    #: Instructions for the question booklet of an answer-sheet build (default: `instructions`).
    booklet_instructions: dict[str, str] | None = None
    #: The glossary file(s) the technique ids come from, as shown to the user (for messages).
    glossary_files: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        freeze_mappings(self, "title", "instructions", "glossary", "claims", "locations", "scoring",
                        "self_check_instructions", "booklet_instructions")

    @property
    def view(self) -> BankView:
        """What question types may read of the bank."""
        return BankView(self.glossary, self.claims, self.glossary_files)

    def policy(self, question: Question) -> str:
        return type_of(question).policy(self.scoring)

    def policy_of(self, type_name: str) -> str:
        """The scoring policy this bank uses for a question type (its choice, or the type's default)."""
        return type_of(type_name).policy(self.scoring)

    def sources_of(self, question: Question, skip: tuple[str, ...] | list[str] = ()) -> list[Source]:
        """The question's own sources, then those of the claims it is about (but `skip`), each once."""
        found: list[Source] = list(question.sources)
        for cid in question.claims:
            if cid not in skip:
                found += [s for s in self.claims[cid].sources if s not in found]
        return found


@dataclass(frozen=True)
class Workspace:
    roots: tuple[Path, ...]
    banks: tuple[Bank, ...]
    glossary: Mapping[str, Technique]
    glossary_files: tuple[str, ...] = ()
    #: What a person should know but that is no problem (YAML files that are not bank files, ignored).
    notes: tuple[Problem, ...] = ()

    def __post_init__(self) -> None:
        freeze_mappings(self, "glossary")

    def bank(self, bank_id: str | None) -> Bank:
        """The bank `bank_id`, or the only one when no id is given."""
        ids = [bank.id for bank in self.banks]
        if bank_id is None:
            if len(ids) == 1:
                return self.banks[0]
            raise UsageProblem(f"this workspace has {len(ids)} banks ({', '.join(ids) or 'none'}); "
                               "choose one with --bank ID.")
        for bank in self.banks:
            if bank.id == bank_id:
                return bank
        raise UsageProblem(f"no bank '{bank_id}'; banks here: {', '.join(ids) or 'none'}.")


Parsed = dict[Path, tuple[YamlDocument, Any]]  # every YAML file read: its document and its validated model


def load_workspace(paths: list[Path]) -> Workspace:
    """Load and check everything under `paths`; raise InvalidContent listing every problem."""
    problems: list[Problem] = []
    notes: list[Problem] = []
    lone: set[Path] = set()
    documents, roots, selected = _read_documents(paths, problems, notes, lone)
    glossary, glossary_files, glossary_problems = _glossary(documents)
    problems += glossary_problems
    # Files that failed to validate: the checks that depend on what they declare are skipped (unchecked.py).
    invalid = [invalid_file(document.path, file, document.data, problems)
               for file, (document, parsed) in documents.items() if parsed is None]
    banks: list[Bank] = []
    seen: dict[str, YamlDocument] = {}
    for file, (document, bank_file) in list(documents.items()):
        if not isinstance(bank_file, BankFile):
            continue
        if bank_file.id in seen:
            problems.append(Problem(document.path, document.line_of(("id",)), (
                f"bank id '{bank_file.id}' is already used by {seen[bank_file.id].path}; give each bank its own id.")))
            continue
        seen[bank_file.id] = document
        root = _root_of(file, roots)
        bank, bank_problems = _assemble(file, document, bank_file, root, documents,
                                        glossary, glossary_files, invalid, alone=root in lone)
        problems += bank_problems
        if selected is None or any(_selects(path, bank, documents) for path in selected):
            banks.append(bank)
    # Question ids need only be unique within a bank (a teacher's bank beside the demo bank may reuse
    # them): manifests, grading and exports always name the bank too ("bank:id" where banks meet).
    problems += _orphan_question_files(documents, set(seen), invalid)
    if not problems and not banks:
        problems += _no_bank(paths, documents, selected)
    if problems:
        raise InvalidContent(problems)
    return Workspace(roots=tuple(roots), banks=tuple(banks), glossary=glossary, glossary_files=glossary_files,
                     notes=tuple(notes))


def load_glossary(paths: list[Path]) -> tuple[dict[str, Technique], tuple[str, ...]]:
    """Only the glossary of the workspace under `paths` and its file(s): a bank with problems does not
    stop a teacher from looking technique ids up (`quizgen techniques`)."""
    problems: list[Problem] = []
    documents, _, _ = _read_documents(paths, problems)
    glossary, files, glossary_problems = _glossary(documents)
    if glossary:  # the other files' problems are for `quizgen check`; without a glossary they may say why
        problems = [problem for problem in problems if problem.path in files]
    problems += glossary_problems
    if not glossary and not problems:
        where = ", ".join(str(p) for p in paths)
        problems.append(Problem(where, 1, "no glossary here (a file with kind: glossary); run 'quizgen init DIR' "
                                "to start a workspace with the bundled one."))
    if problems:
        raise InvalidContent(problems)
    return glossary, files


def _selects(path: Path, bank: Bank, documents: Parsed) -> bool:
    """A path given on the command line selects the banks of which it is a file, a folder, or the article."""
    article = [file for file, (document, _) in documents.items() if document.path == bank.article.path]
    files = _real_paths(bank, documents) + article
    return any(file == path or file.is_relative_to(path) for file in files)


def _no_bank(paths: list[Path], documents: Parsed, selected: set[Path] | None) -> list[Problem]:
    """Nothing to work on: say so rather than succeed silently (a glossary or article file given alone)."""
    for path in sorted(selected or ()):
        kinds = [type(model).__name__ for file, (_, model) in documents.items() if file == path]
        what = {"GlossaryFile": "a glossary", "ArticleFile": "an article that no bank uses",
                "QuestionsFile": "a questions file"}.get(kinds[0] if kinds else "", "not a bank file")
        if not kinds and path.name.endswith(YAML_SUFFIXES):  # read, and ignored: it declares no kind
            what += " (it has no 'kind:' line)"
        if path.is_dir():
            what = "a folder without a bank file"
        return [Problem(display_path(path), 1, (
            f"no bank in {display_path(path)}: it is {what}. Give a bank's file or folder, or no path at "
            "all for every bank of the workspace."))]
    where = ", ".join(str(p) for p in paths)
    return [Problem(where, 1, f"no bank in {where}: no file starts with kind: bank. Write one (see "
                    "docs/bank-format.md), or run 'quizgen init DIR' to start from the bundled bank.")]


def _read_documents(paths: list[Path], problems: list[Problem], notes: list[Problem] | None = None,
                    lone: set[Path] | None = None) -> tuple[Parsed, list[Path], set[Path] | None]:
    """Every YAML file under `paths`, parsed and validated; the roots; the files and folders named
    (None when a whole root was given: then every bank of it is wanted).

    A path inside a workspace (a folder holding questions/, as `quizgen init` makes) is read with
    the whole questions/ folder around it, so a bank file given alone still finds its glossary,
    its article and its questions files. A folder outside any workspace is a workspace of its own.
    A file outside any workspace is read with the quizgen files of its own folder only (its root
    then goes into `lone`): never with the folder tree around it, which may be anything (/tmp, ~)."""
    lone = set() if lone is None else lone
    documents: Parsed = {}
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
        root, in_workspace = _root_for(path)
        roots.append(root)
        if path.resolve() == root:
            selected = None
        elif selected is not None:
            selected.add(path.resolve())
        if in_workspace or path.is_dir():
            files = _yaml_files(root, problems)
        else:
            lone.add(root)
            files = _beside(path.resolve())
        for file in files:
            if not file.resolve().is_relative_to(root):
                problems.append(Problem(str(Path(display_path(file.parent)) / file.name), 1, (
                    f"this file is a link to a file outside the workspace ({display_path(file.resolve())}); "
                    "copy the file into the workspace instead.")))
                continue
            file = file.resolve()
            if file not in documents:
                read = _read(file, problems, notes)
                if read is not None:
                    documents[file] = read
    if not documents and not problems and selected is None:  # a file given alone: _no_bank says what it is
        where = ", ".join(str(p) for p in paths)
        problems.append(Problem(where, 1, "no YAML files found here; a workspace holds *.yaml banks "
                                "(run 'quizgen init DIR' to start one)."))
    return documents, roots, selected


QUESTIONS_FOLDER = "questions"


def find_workspace(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds a questions/ folder with YAML files in it,
    as git finds .git: every command then works from any sub-folder of a workspace."""
    try:
        start = start.resolve()
    except OSError:
        return None
    for folder in (start, *start.parents):
        questions = folder / QUESTIONS_FOLDER
        try:
            if questions.is_dir() and any(file.suffix in YAML_SUFFIXES for file in questions.rglob("*")):
                return folder
        except OSError:
            continue
    return None


def _root_for(path: Path) -> tuple[Path, bool]:
    """The folder whose YAML files are read with `path`, and whether it is a workspace's: its workspace's
    questions/ when it is inside one, else the folder itself (or a file's folder)."""
    start = (path if path.is_dir() else path.parent).resolve()
    home = find_workspace(start)
    if home is not None and start.is_relative_to(home / QUESTIONS_FOLDER):
        return home / QUESTIONS_FOLDER, True
    return start, False


#: Folders no bank lives in, left out of a scan with the hidden ones (.git, .venv…): tools fill them.
SKIPPED_FOLDERS = {"node_modules", "__pycache__", "venv", "site-packages"}
#: A folder of banks holds tens of YAML files; past this, it is some other tree (a home folder, /tmp).
MAX_YAML_FILES = 2000


def _yaml_files(root: Path, problems: list[Problem]) -> list[Path]:
    """The YAML files under `root` (links not resolved yet), hidden and tool folders left out; none,
    with one problem, when there are more than MAX_YAML_FILES (not a folder of banks)."""
    found: list[Path] = []
    for folder, subfolders, names in os.walk(root):  # links to folders are not followed
        subfolders[:] = sorted(name for name in subfolders
                               if not name.startswith(".") and name not in SKIPPED_FOLDERS)
        found += [Path(folder) / name for name in names
                  if name.endswith(YAML_SUFFIXES) and not name.startswith(".") and (Path(folder) / name).is_file()]
        if len(found) > MAX_YAML_FILES:
            problems.append(Problem(display_path(root), 1, (
                f"more than {MAX_YAML_FILES} YAML files below this folder: it is not a folder of banks, and "
                "nothing was read. Give the folder that holds your banks (a workspace's questions/ folder), "
                "or a bank file.")))
            return []
    return sorted(found)


#: How a quizgen file starts (kind: on a line of its own, at the top level).
_KIND_LINE = re.compile(r"^kind:[ \t]*['\"]?(bank|questions|glossary|article)\b", re.MULTILINE)


def _beside(file: Path) -> list[Path]:
    """A file given alone outside any workspace, with the YAML files of its own folder (not its
    sub-folders) that declare a quizgen kind: its glossary and questions files, other banks. Files
    that declare none are not read at all (no notes either: nobody asked for them)."""
    siblings = []
    for other in sorted(file.parent.iterdir())[:MAX_YAML_FILES]:
        if other == file or not other.name.endswith(YAML_SUFFIXES) or other.name.startswith("."):
            continue
        text, _ = yamlsource.read_text(other, display_path(other))  # regular files only, size-capped
        if text is not None and _KIND_LINE.search(text):
            siblings.append(other)
    return [file, *siblings] if file.name.endswith(YAML_SUFFIXES) else siblings


#: Keys of the bank format: a file without kind: but with one of them is a bank file missing its kind.
FORMAT_KEYS = {"article", "bank", "claims", "questions", "presets", "techniques"}
#: Keys other YAML files use too (a CI file's title:, a site's language:): two of them are needed.
SHARED_KEYS = {"id", "title", "language", "text"}


def _is_bank_format(data: dict[Any, Any]) -> bool:
    return bool(FORMAT_KEYS & set(data)) or len(SHARED_KEYS & set(data)) >= 2


def _read(file: Path, problems: list[Problem], notes: list[Problem] | None = None) -> tuple[YamlDocument, Any] | None:
    """The file's document and validated model (None for a model that failed), or None for a
    YAML file that is not a bank file at all (no kind:, none of the format's keys): ignored, with a note."""
    shown = display_path(file)
    document, found = yamlsource.load(file, shown)
    problems += found
    if document is None:
        return YamlDocument(shown, None), None
    data = document.data
    if notes is not None and isinstance(data, dict) and "kind" not in data and not _is_bank_format(data):
        notes.append(Problem(shown, 1, "ignored: this YAML file has no 'kind:' line and is not a bank file "
                             "(quizgen reads files that start with kind: bank, questions, glossary or article)."))
        return None
    parsed, found = validate_document(document)
    problems += found
    return document, parsed


def _real_paths(bank: Bank, documents: Parsed) -> list[Path]:
    return [file for file, (doc, _) in documents.items() if doc.path in bank.files]


def _root_of(file: Path, roots: list[Path]) -> Path:
    inside = [root for root in roots if file.is_relative_to(root)]
    return max(inside, key=lambda root: len(root.parts)) if inside else file.parent


def _glossary(documents: Parsed) -> tuple[dict[str, Technique], tuple[str, ...], list[Problem]]:
    """Every technique of the workspace's glossary file(s), the files, and ids defined twice."""
    glossary: dict[str, Technique] = {}
    files: list[str] = []
    where: dict[str, Location] = {}
    problems: list[Problem] = []
    for document, parsed in documents.values():
        if not isinstance(parsed, GlossaryFile):
            continue
        files.append(document.path)
        for index, technique in enumerate(parsed.techniques):
            location = Location(document, ("techniques", index))
            if technique.id in glossary:
                first = where[technique.id]
                problems.append(location.problem(
                    f"technique '{technique.id}' is defined twice (first at {first.document.path}:{first.line}); "
                    "keep one.", "id"))
                continue
            glossary[technique.id] = technique
            where[technique.id] = location
    return FrozenDict(glossary), tuple(files), problems  # frozen once here: every bank shares it, uncopied


def _assemble(file: Path, document: YamlDocument, bank_file: BankFile, root: Path, documents: Parsed,
              glossary: dict[str, Technique], glossary_files: tuple[str, ...],
              invalid: list[InvalidFile], alone: bool = False) -> tuple[Bank, list[Problem]]:
    """One bank from its bank file and its questions files, checked, with every excerpt located
    (`alone`: read as a file given alone, outside any workspace)."""
    article, problems = _article(file, document, bank_file, root, documents, alone)
    parts: list[tuple[YamlDocument, BankFile | QuestionsFile]] = [(document, bank_file)]
    parts += [(doc, m) for (doc, m) in documents.values() if isinstance(m, QuestionsFile) and m.bank == bank_file.id]
    claims: dict[str, Claim] = {}
    questions: list[Question] = []
    locations: dict[str, Location] = {}
    for doc, part in parts:
        problems += _add_content(doc, part, claims, questions, locations)
    scoring: dict[str, str] = bank_file.scoring.model_dump(exclude_none=True) if bank_file.scoring else {}
    bank = Bank(
        id=bank_file.id, title=bank_file.title, language=bank_file.language,
        instructions=bank_file.instructions, article=article or _missing_article(bank_file),
        glossary=glossary, claims=claims, presets=tuple(bank_file.presets), questions=tuple(questions),
        files=tuple(dict.fromkeys(doc.path for doc, _ in parts)), locations=locations,
        location=Location(document, ()), scoring=scoring, glossary_files=glossary_files,
        self_check_instructions=bank_file.self_check_instructions,
        booklet_instructions=bank_file.booklet_instructions,
    )
    if article is None:
        return bank, problems
    check_problems, paragraphs = check_bank(bank, invalid)
    located_claims = {cid: with_paragraphs(claim, paragraphs) for cid, claim in bank.claims.items()}
    located_questions = tuple(with_paragraphs(question, paragraphs) for question in bank.questions)
    return replace(bank, claims=located_claims, questions=located_questions), problems + check_problems


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


def _article(file: Path, document: YamlDocument, bank_file: BankFile, root: Path,
             documents: Parsed, alone: bool = False) -> tuple[Article | None, list[Problem]]:
    location = Location(document, ("article",))
    path, error = inside_workspace(file.parent, bank_file.article, root)
    if path is None and alone and ".." in Path(bank_file.article).parts:
        # A bank file given alone bounds what it may read to its own folder; the folder above may
        # well be the workspace the teacher meant (as `quizgen new` lays a bank out without one).
        above = display_path(root.parent)
        return None, [location.problem(
            f"article: '{bank_file.article}' is outside the folder of this bank file, which is in no workspace, "
            f"so it is not read. Check the folder that holds both instead: quizgen check {above}")]
    if path is None:
        return None, [location.problem(f"article: {error}")]
    if path.is_dir():
        return None, [location.problem(f"article: '{bank_file.article}' is a folder; give the path of the "
                                       "article's .yaml file (kind: article) inside it.")]
    if not path.is_file():
        return None, [location.problem(f"article: '{bank_file.article}' does not exist; check the path "
                                       "(it is relative to this bank file).")]
    if path.suffix not in YAML_SUFFIXES:
        return None, [location.problem(f"article: '{bank_file.article}' is not a 'kind: article' file.")]
    if path not in documents:
        read_problems: list[Problem] = []
        read = _read(path, read_problems)
        assert read is not None  # no notes list: nothing is ignored
        documents[path] = read
        if read_problems:
            return None, read_problems
    article_doc, parsed = documents[path]
    if parsed is None:
        return None, []  # its own problems are already reported
    if not isinstance(parsed, ArticleFile):
        return None, [location.problem(f"article: '{bank_file.article}' is not a 'kind: article' file.")]
    text_location = Location(article_doc, ("text",))
    text_path, error = inside_workspace(path.parent, parsed.text, root)
    if text_path is None:
        return None, [text_location.problem(f"text: {error}")]
    text, problems = yamlsource.read_text(text_path, display_path(text_path), yaml_file=False)
    if text is None:
        if not text_path.exists():
            return None, [text_location.problem(f"text: '{parsed.text}' does not exist; "
                                                "it is relative to the article file.")]
        return None, problems
    paragraphs = split_paragraphs(text, parsed.paragraphs)
    if not paragraphs:
        return None, [text_location.problem(f"text: '{parsed.text}' is empty.")]
    return Article(
        id=parsed.id, title=parsed.title, language=parsed.language, author=parsed.author,
        publisher=parsed.publisher, date=parsed.date, url=parsed.url, note=parsed.note,
        path=article_doc.path, text_path=display_path(text_path), paragraphs=tuple(paragraphs),
        layout=parsed.paragraphs, source=text,
    ), []


def _missing_article(bank_file: BankFile) -> Article:
    return Article(bank_file.article, "", bank_file.language, None, None, None, None, None,
                   bank_file.article, "", ())


def _add_content(document: YamlDocument, part: BankFile | QuestionsFile, claims: dict[str, Claim],
                 questions: list[Question], locations: dict[str, Location]) -> list[Problem]:
    problems: list[Problem] = []
    for index, claim in enumerate(part.claims):
        location = Location(document, ("claims", index))
        if claim.id in claims:
            problems.append(location.problem(_twice("claim", claim.id, locations[f"claim:{claim.id}"]), "id"))
            continue
        claims[claim.id] = claim
        locations[f"claim:{claim.id}"] = location
    for index, question in enumerate(part.questions):
        location = Location(document, ("questions", index))
        key = f"question:{question.id}"
        if key in locations:
            problems.append(location.problem(_twice("question", question.id, locations[key]), "id"))
            continue
        questions.append(question)
        locations[key] = location
    return problems


def _orphan_question_files(documents: Parsed, known: set[str], invalid: list[InvalidFile]) -> list[Problem]:
    problems = []
    for file, (document, part) in documents.items():
        if not isinstance(part, QuestionsFile) or part.bank in known:
            continue
        line = document.line_of(("bank",))
        causes = [bad for bad in invalid if bad.may_be_bank(part.bank, file.parent)]
        if causes:
            # Its bank file is there but invalid: say so once, instead of "no bank with id" for every file.
            where = " and ".join(cause.where for cause in causes)
            unchecked = "the claims and questions of this file were not checked"
            if all(cause.kind == "bank" for cause in causes):
                verb = "is" if len(causes) == 1 else "are"
                why = f"their bank '{part.bank}' is declared in {where}, which {verb} invalid"
            else:
                why = f"no valid bank '{part.bank}' was found, and {where} could not be read (it may be that bank)"
            problems.append(Problem(document.path, line, f"{unchecked}: {why}; fix that first."))
            continue
        problems.append(Problem(document.path, line, (
            f"no bank with id '{part.bank}' in this workspace.{suggest(part.bank, sorted(known))} "
            "'bank:' must name the id of a 'kind: bank' file.")))
    return problems


def _twice(what: str, ident: str, first: Location) -> str:
    return f"{what} id '{ident}' is already used at {first.document.path}:{first.line}; ids must be unique."
