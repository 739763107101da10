"""`quizgen new ARTICLE.txt`: a bank for any article, ready to edit and already valid.

Writes, never over an existing file: the article file pair (the text kept exactly as given, since
annotation offsets point into it, and a `kind: article` file saying how it separates paragraphs),
a bank with a one-claim ledger and one preset, one commented example of each question type grounded
in real sentences of the article, the JSON Schema the files' first lines point editors to, and the
bundled glossary when the folder has none. Every word comes from `core.labels` (`new.*`), in the
bank's language. The result is loaded like `quizgen check` would before anything is written.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from quizgen.bank import yamlsource
from quizgen.bank.article import split_paragraphs
from quizgen.bank.schema import json_schema
from quizgen.bank.workspace import YAML_SUFFIXES, load_workspace
from quizgen.core.defaults import questions_dir
from quizgen.core.labels import words
from quizgen.core.output import write_file
from quizgen.core.problems import InvalidContent, OutputExists, Problem, UsageProblem, display_path
from quizgen.types.fields import Technique

SCHEMA_NAME = "bank.schema.json"
GLOSSARY_NAME = "glossary.yaml"
#: Techniques the examples name, in order of preference: common in news, and named without quotation
#: marks (a quotation in a choice must be found in the article).
EXAMPLE_TECHNIQUES = ("Loaded_Language", "Name_Calling-Labeling", "Appeal_to_Authority", "Exaggeration-Minimisation",
                      "Doubt", "Appeal_to_Fear-Prejudice", "Causal_Oversimplification", "Slogans")
_QUOTE_MARKS = re.compile("[«»“”\"„]")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class NewRequest:
    article: Path
    into: Path
    id: str | None = None
    language: str | None = None  # None: guessed from the text
    title: str | None = None  # None: the first paragraph
    layout: str | None = None  # None: guessed (blank-lines when a paragraph runs over several lines)


@dataclass(frozen=True)
class NewBank:
    """What `new` wrote (or kept) and what it decided, for the command's report."""

    id: str
    language: str
    layout: str
    paragraphs: int
    created: tuple[Path, ...]
    kept: tuple[Path, ...]


def new_bank(request: NewRequest) -> NewBank:
    """Write the files of a new bank for `request.article` into `request.into` (see the module doc)."""
    text, raw = _read_article(request.article)
    layout = request.layout or guess_layout(text)
    language = request.language or guess_language(text)
    bank_id = _bank_id(request)
    paragraphs = split_paragraphs(text, layout)
    if not paragraphs:
        raise InvalidContent([Problem(display_path(request.article), 1, "the article is empty; give its text.")])
    glossary, has_glossary = _glossary_of(request.into)
    techniques = _example_techniques(glossary, language)
    title = (request.title or "").strip() or _short(paragraphs[0], 150) or bank_id
    schema = _schema_place(request.into)
    header = f"# yaml-language-server: $schema={Path('..') / schema}"
    files = {
        Path("articles") / f"{bank_id}.txt": raw,
        Path("articles") / f"{bank_id}.yaml": _article_yaml(header, bank_id, title, language, layout),
        Path(bank_id) / "bank.yaml": _bank_yaml(header, bank_id, title, language, paragraphs),
        Path(bank_id) / "questions.yaml": _questions_yaml(header, bank_id, language, paragraphs, techniques),
    }
    optional = {schema: (json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")}
    if not has_glossary:
        optional[Path(GLOSSARY_NAME)] = _bundled_glossary(schema)
    _refuse_existing(request.into, files, bank_id)
    _prove_valid(request.into, {**files, **{k: v for k, v in optional.items() if k.suffix == ".yaml"}}, has_glossary)
    created, kept = _write(request.into, files, optional)
    return NewBank(bank_id, language, layout, len(paragraphs), tuple(created), tuple(kept))


# ---------------------------------------------------------------------------------- guesses


def guess_layout(text: str) -> str:
    """blank-lines when blank lines divide the body (not just the title from it) into blocks of which
    one runs over several lines; else lines (one paragraph per line, as in the SemEval-2023 corpus)."""
    blocks = [block for block in re.split(r"\n[ \t\u00a0]*\n", text.replace("\r\n", "\n")) if block.strip()]
    if len(blocks) <= 2:
        return "lines"
    several = any(len([line for line in block.split("\n") if line.strip()]) > 1 for block in blocks)
    return "blank-lines" if several else "lines"


_COMMON = {
    "en": {"the", "and", "of", "to", "is", "that", "in", "it", "for", "with", "was", "on", "are", "this"},
    "fr": {"le", "la", "les", "et", "des", "est", "une", "un", "que", "qui", "dans", "du", "pour", "pas", "au"},
}


def guess_language(text: str) -> str:
    """fr or en, whichever's most common words the text uses more (ties: fr, quizgen's first language)."""
    tokens = re.findall(r"[^\W\d_]+", text.lower())
    counts = {language: sum(token in common for token in tokens) for language, common in _COMMON.items()}
    return "en" if counts["en"] > counts["fr"] else "fr"


def _bank_id(request: NewRequest) -> str:
    if request.id is not None:
        if not _ID.match(request.id) or len(request.id) > 80:
            raise UsageProblem(f"--id '{request.id}' is not a valid id: use letters, digits, - _ and . "
                               "(starting with a letter or digit), e.g. --id climate-2025.")
        return request.id
    plain = unicodedata.normalize("NFKD", request.article.stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60].strip("-")
    return slug or "article"


def _short(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, at the end of a clause when one ends past the first
    third, else at a word boundary. A cut of a paragraph's text is still in the article."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[:limit]
    clause = max(head.rfind(mark) for mark in (", ", "; ", ": ", " – ", " — "))
    cut = head[:clause] if clause > limit // 3 else head.rsplit(" ", 1)[0]
    return cut.rstrip(",;:–—-( ")


# ---------------------------------------------------------------------------------- reading


def _read_article(path: Path) -> tuple[str, bytes]:
    shown = display_path(path)
    if not path.is_file():
        what = "a folder" if path.is_dir() else "not found"
        raise InvalidContent([Problem(shown, 1, f"{what}; give the path of the article's text file (UTF-8 .txt).")])
    text, problems = yamlsource.read_text(path, shown, yaml_file=False)
    if text is None:
        raise InvalidContent(problems)
    return text, path.read_bytes()


def _glossary_of(folder: Path) -> tuple[dict[str, Technique], bool]:
    """The techniques of the folder's own glossary file(s), or of the bundled one (to be copied)."""
    own = [file for file in _yaml_files(folder) if _is_glossary(file)]
    sources = own or [questions_dir() / GLOSSARY_NAME]
    glossary: dict[str, Technique] = {}
    for file in sources:
        document, _ = yamlsource.load(file, display_path(file))
        for entry in (document.data or {}).get("techniques", []) if document else []:
            try:
                technique = Technique.model_validate(entry)
            except ValueError:
                continue  # `quizgen check` reports it; the examples only need a few good ones
            glossary.setdefault(technique.id, technique)
    return glossary, bool(own)


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(file for file in folder.rglob("*") if file.suffix in YAML_SUFFIXES and file.is_file()
                  and not any(part.startswith(".") for part in file.relative_to(folder).parts))


_KIND = re.compile(r"^kind:\s*['\"]?(\w+)", re.MULTILINE)


def _kind_of(file: Path) -> tuple[str | None, str]:
    try:
        text = file.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return None, ""
    found = _KIND.search(text)
    return (found.group(1) if found else None), text


def _is_glossary(file: Path) -> bool:
    return _kind_of(file)[0] == "glossary"


def _example_techniques(glossary: Mapping[str, Technique], language: str) -> list[tuple[str, str]]:
    """Three (id, name) the examples use: from the preferred list, else any, named without quotation marks."""
    def fits(tid: str) -> bool:
        return not _QUOTE_MARKS.search(_name(glossary[tid], language))

    chosen = [tid for tid in EXAMPLE_TECHNIQUES if tid in glossary and fits(tid)]
    chosen += [tid for tid in sorted(glossary) if tid not in chosen and fits(tid)]
    if len(chosen) < 3:
        raise UsageProblem("the examples need a glossary of at least 3 techniques named without quotation marks; "
                           "the workspace's glossary has fewer. Add techniques to it, or use --into another folder.")
    return [(tid, _name(glossary[tid], language)) for tid in chosen[:3]]


def _name(technique: Technique, language: str) -> str:
    name = technique.name
    return name.get(language) or name.get("*") or next(iter(name.values()))


def _schema_place(into: Path) -> Path:
    """Where the schema goes, relative to `into`: the workspace's docs/ as `quizgen init` makes it (the
    bundled files point there), else beside the banks."""
    beside_workspace = Path("..") / "docs" / SCHEMA_NAME
    return beside_workspace if (into / beside_workspace).is_file() else Path(SCHEMA_NAME)


def _bundled_glossary(schema: Path) -> bytes:
    """The bundled glossary, its first line pointing at the schema."""
    text = (questions_dir() / GLOSSARY_NAME).read_text(encoding="utf-8")
    lines = text.split("\n")
    if lines and lines[0].startswith("# yaml-language-server:"):
        lines[0] = f"# yaml-language-server: $schema={schema}"
    return "\n".join(lines).encode("utf-8")


# ---------------------------------------------------------------------------------- writing


def _refuse_existing(into: Path, files: Mapping[Path, bytes], bank_id: str) -> None:
    """Nothing is written when a file would be replaced, or the bank id is taken."""
    existing = [into / name for name in files if (into / name).exists()]
    if existing:
        listed = ", ".join(display_path(path) for path in existing)
        raise OutputExists(f"{listed} already exist(s); nothing was written. Choose another id with --id, "
                           "or another folder with --into.")
    for file in _yaml_files(into):
        kind, text = _kind_of(file)
        if kind == "bank" and re.search(rf"^id:\s*['\"]?{re.escape(bank_id)}['\"]?\s*(#.*)?$", text, re.MULTILINE):
            raise OutputExists(f"{display_path(file)} already has a bank with id '{bank_id}'; nothing was written. "
                               "Choose another id with --id.")


def _prove_valid(into: Path, files: Mapping[Path, bytes], has_glossary: bool) -> None:
    """Load the new bank as `quizgen check` will (with the workspace's glossary), before writing it.
    A problem here is quizgen's own bug: say so rather than write a bank that does not check."""
    with tempfile.TemporaryDirectory(prefix="quizgen-new-") as scratch:
        root = Path(scratch)
        for name, data in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        if has_glossary:
            for number, file in enumerate(f for f in _yaml_files(into) if _is_glossary(f)):
                shutil.copyfile(file, root / f"glossary-{number}.yaml")
        try:
            load_workspace([root])
        except InvalidContent as error:
            # The workspace's own glossary may have problems of its own: `quizgen check` reports those.
            ours = [problem for problem in error.problems if not Path(problem.path).name.startswith("glossary-")]
            if ours:
                found = "; ".join(problem.message for problem in ours[:3])
                raise UsageProblem(f"quizgen could not draft a valid bank for this article ({found}). Run 'quizgen "
                                   "check' on the folder: if its glossary is fine, this is a bug; please report it "
                                   "with the article.") from error


def _write(into: Path, files: Mapping[Path, bytes], optional: Mapping[Path, bytes]) -> tuple[list[Path], list[Path]]:
    """Each file whole (temporary file, then renamed); if one fails, the ones written are removed."""
    created: list[Path] = []
    kept: list[Path] = []
    try:
        for name, data in {**files, **optional}.items():
            target = Path(os.path.normpath(into / name))  # docs/ may be beside `into`: no "x/../docs"
            if name in optional and target.exists():
                kept.append(target)
                continue
            write_file(target, data)
            created.append(target)
    except BaseException:
        for path in created:
            path.unlink(missing_ok=True)
        raise
    return created, kept


# ---------------------------------------------------------------------------------- the files


def _lines(lines: list[str]) -> bytes:
    return "\n".join(lines).encode("utf-8")


def quoted_scalar(text: str) -> str:
    """`text` as a YAML double-quoted scalar: JSON's escapes, plus what YAML reads as line breaks or refuses."""
    quoted = json.dumps(text, ensure_ascii=False)
    return re.sub("[\u0085\u2028\u2029\u007f-\u009f\ufeff\ufffe\uffff]", lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _article_yaml(header: str, bank_id: str, title: str, language: str, layout: str) -> bytes:
    w = _Words(language)
    return _lines([
        header,
        f"# {w('c_article', text=f'{bank_id}.txt')}",
        "kind: article",
        f"id: {bank_id}",
        f"title: {quoted_scalar(title)}",
        f"language: {language}",
        f"# {w('c_unknown')}",
        "author: null",
        "publisher: null",
        "date: null                       # 2025-08-19 (or 2025-08, 2025)",
        "url: null",
        f"text: {bank_id}.txt",
        f"# {w({'lines': 'c_layout_lines', 'blank-lines': 'c_layout_blank_lines'}[layout])}",
        f"paragraphs: {layout}",
        "",
    ])


@dataclass(frozen=True)
class _Words:
    language: str

    def __call__(self, key: str, **values: str) -> str:
        return words(self.language, f"new.{key}", **values)

    def q(self, key: str, **values: str) -> str:
        return quoted_scalar(self(key, **values))


def _excerpts(paragraphs: list[str], wanted: int) -> list[tuple[str, int]]:
    """`wanted` distinct real sentences (cut to a readable length) with their §, from the body first.

    A claim to check comes first: a sentence with a figure when there is one."""
    body = list(enumerate(paragraphs, 1))[1:] or list(enumerate(paragraphs, 1))
    found: list[tuple[str, int]] = []
    for number, paragraph in body + list(enumerate(paragraphs, 1))[:1]:
        for sentence in re.split(r"(?<=[.!?…])\s+", paragraph):
            excerpt = _short(sentence.strip(), 140)
            if len(excerpt.split()) >= 3 and excerpt not in (e for e, _ in found):
                found.append((excerpt, number))
    if len(found) < 2:  # a very short article: halves of its words still are its words
        for number, paragraph in enumerate(paragraphs, 1):
            words_ = paragraph.split()
            for half in (words_[: len(words_) // 2], words_[len(words_) // 2:]):
                excerpt = " ".join(half)
                if excerpt and excerpt not in (e for e, _ in found):
                    found.append((excerpt, number))
    if len(found) < 2:
        raise UsageProblem("the article is too short to draft examples from (it needs at least two words); "
                           "give the whole article.")
    with_figure = [item for item in found if re.search(r"\d", item[0])]
    if with_figure:
        found.remove(with_figure[0])
        found.insert(0, with_figure[0])
    return [found[index % len(found)] for index in range(wanted)]


def _bank_yaml(header: str, bank_id: str, title: str, language: str, paragraphs: list[str]) -> bytes:
    w = _Words(language)
    (claim, number), = _excerpts(paragraphs, 1)
    preset = w("preset_id")
    return _lines([
        header,
        f"# {w('c_bank')}",
        "kind: bank",
        f"id: {bank_id}",
        f"title: {quoted_scalar(title)}",
        f"language: {language}",
        f"article: ../articles/{bank_id}.yaml",
        f"instructions: {w.q('instructions')}",
        "",
        f"# {w('c_ledger')}",
        "claims:",
        "  - id: C1",
        f"    excerpt: {quoted_scalar(claim)}    # {w('c_excerpt', n=str(number))}",
        f"    verdict: unverifiable    # {w('c_verdict')}",
        f"    explanation: {w.q('claim_explanation')}",
        f"    # {w('c_sources')}",
        "    # checked_on: 2025-09-01",
        "    # sources:",
        "    #   - title: \"…\"",
        "    #     publisher: \"…\"",
        "    #     date: 2025-08-19",
        "    #     url: https://…",
        "",
        f"# {w('c_presets', id=preset)}",
        "presets:",
        f"  - id: {preset}",
        f"    title: {w.q('preset_title')}",
        "    minutes: 15",
        "    count: 3",
        "    types: [single-choice, multiple-select, true-false]",
        "",
    ])


def _questions_yaml(header: str, bank_id: str, language: str, paragraphs: list[str],
                    techniques: list[tuple[str, str]]) -> bytes:
    w = _Words(language)
    ex = _excerpts(paragraphs, 7)
    (first, first_name), (second, second_name), (third, third_name) = techniques
    return _lines([
        header,
        f"# {w('c_examples')}",
        "kind: questions",
        f"bank: {bank_id}",
        "questions:",
        "",
        f"  # {w('c_single_choice')}",
        "  - id: example-single-choice",
        "    type: single-choice",
        "    skill: identify-technique",
        f"    techniques: [{first}]    # {w('c_techniques')}",
        "    difficulty: 1              # 1, 2, 3",
        f"    prompt: {w.q('sc_prompt')}",
        f"    excerpts: [{quoted_scalar(ex[1][0])}]    # §{ex[1][1]}",
        "    choices:",
        f"      - text: {quoted_scalar(first_name)}",
        "        correct: true",
        f"        technique: {first}",
        f"      - text: {quoted_scalar(second_name)}",
        f"        why_wrong: {w.q('sc_why_wrong')}",
        f"        technique: {second}",
        f"      - text: {quoted_scalar(third_name)}",
        f"        why_wrong: {w.q('sc_why_wrong')}",
        f"        technique: {third}",
        f"    explanation: {w.q('sc_explanation')}",
        "",
        f"  # {w('c_multiple_select')}",
        "  - id: example-multiple-select",
        "    type: multiple-select",
        "    skill: evaluate-source",
        "    difficulty: 2",
        "    points: 2",
        f"    prompt: {w.q('ms_prompt')}",
        f"    excerpts: [{quoted_scalar(ex[0][0])}]    # §{ex[0][1]}",
        "    claims: [C1]",
        "    choices:",
        f"      - text: {w.q('ms_first')}",
        "        correct: true",
        f"      - text: {w.q('ms_second')}",
        "        correct: true",
        f"      - text: {w.q('ms_wrong')}",
        f"        why_wrong: {w.q('ms_why_wrong')}",
        f"    explanation: {w.q('ms_explanation')}",
        "",
        f"  # {w('c_true_false')}",
        "  - id: example-true-false",
        "    type: true-false",
        "    skill: fact-or-opinion",
        "    difficulty: 1",
        "    points: 2",
        "    justify_points: 1",
        f"    prompt: {w.q('tf_prompt')}",
        f"    excerpts: [{quoted_scalar(ex[2][0])}]    # §{ex[2][1]}",
        "    answer: true",
        "    justify_lines: 3",
        f"    explanation: {w.q('tf_explanation')}",
        "",
        f"  # {w('c_matching')}",
        "  - id: example-matching",
        "    type: matching",
        "    skill: identify-technique",
        "    difficulty: 2",
        "    points: 2",
        f"    prompt: {w.q('match_prompt')}",
        "    pairs:",
        f"      - excerpt: {quoted_scalar(ex[3][0])}    # §{ex[3][1]}",
        f"        technique: {first}",
        f"      - excerpt: {quoted_scalar(_other(ex, 4, ex[3][0]))}",
        f"        technique: {second}",
        f"    distractors: [{third}]",
        f"    explanation: {w.q('match_explanation')}",
        "",
        f"  # {w('c_short_answer')}",
        "  - id: example-short-answer",
        "    type: short-answer",
        "    skill: evaluate-source",
        "    claims: [C1]",
        "    difficulty: 2",
        "    points: 2",
        "    lines: 5",
        f"    prompt: {w.q('sa_prompt')}",
        f"    excerpts: [{quoted_scalar(ex[0][0])}]    # §{ex[0][1]}",
        f"    model_answer: {w.q('sa_model')}",
        "    rubric:",
        "      - points: 1",
        f"        criterion: {w.q('sa_rubric_source')}",
        "      - points: 1",
        f"        criterion: {w.q('sa_rubric_why')}",
        f"    explanation: {w.q('sa_explanation')}",
        "",
        f"  # {w('c_classification')}",
        "  - id: example-classification",
        "    type: claim-classification",
        "    skill: fact-or-opinion",
        "    difficulty: 1",
        "    points: 2",
        f"    prompt: {w.q('cl_prompt')}",
        "    categories:",
        f"      - {{id: fact, label: {w.q('cl_fact')}}}",
        f"      - {{id: opinion, label: {w.q('cl_opinion')}}}",
        "    items:",
        f"      - excerpt: {quoted_scalar(ex[5][0])}    # §{ex[5][1]}",
        "        category: fact",
        f"        explanation: {w.q('cl_item_explanation')}",
        f"      - excerpt: {quoted_scalar(_other(ex, 6, ex[5][0]))}",
        "        category: opinion",
        f"        explanation: {w.q('cl_item_explanation')}",
        f"    explanation: {w.q('cl_explanation')}",
        "",
    ])


def _other(excerpts: list[tuple[str, int]], index: int, not_this: str) -> str:
    """The excerpt at `index`, or the next one that differs from `not_this` (pairs and rows must differ)."""
    for offset in range(len(excerpts)):
        text = excerpts[(index + offset) % len(excerpts)][0]
        if text != not_this:
            return text
    return not_this  # unreachable: _excerpts gives at least two distinct excerpts

