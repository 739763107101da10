"""The command line: a thin click layer over quizgen's library functions."""

from __future__ import annotations

import functools
import json
import os
import shlex
import sys
from pathlib import Path
from typing import Any

import click

from quizgen import __version__
from quizgen.bank.article import LAYOUTS
from quizgen.bank.workspace import Workspace, find_workspace, load_workspace
from quizgen.core.defaults import templates_dir
from quizgen.core.problems import InvalidContent, OutputExists, QuizgenError, UsageProblem, printable
from quizgen.render.pool import MAX_JOBS
from quizgen.types import NAMES as QUESTION_TYPES
from quizgen.types.fields import LANGUAGES, SKILLS
from quizgen.variants.draw import Options

DEFAULT_PATH = Path("questions")
PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))


def _paths(paths: tuple[Path, ...]) -> list[Path]:
    """The paths given, or the questions/ folder of the workspace around the working folder."""
    if paths:
        return list(paths)
    home = find_workspace(Path.cwd())
    if home is None:
        raise UsageProblem(f"no quizgen workspace here: neither {Path.cwd()} nor a folder above it holds a "
                           f"{DEFAULT_PATH}/ folder of banks. Run 'quizgen init DIR' to make one (then cd DIR), "
                           "or give the path of your banks.")
    return [_shown(home / DEFAULT_PATH)]


def _shown(path: Path) -> Path:
    """`path` relative to the working folder (../questions from a sub-folder), for shorter messages."""
    try:
        return Path(os.path.relpath(path))
    except ValueError:  # another drive (Windows)
        return path


def _home(paths: tuple[Path, ...]) -> Path | None:
    """The workspace folder (holding questions/) of the banks used, if they are in its questions/."""
    if not paths:
        return find_workspace(Path.cwd())
    home = find_workspace(paths[0])
    inside = home is not None and paths[0].resolve().is_relative_to(home / DEFAULT_PATH)
    return home if inside else None


def _fail(error: QuizgenError) -> None:
    if isinstance(error, InvalidContent):
        for problem in error.problems:
            click.echo(str(problem), err=True)
        files = len({p.path for p in error.problems})
        click.echo(f"{len(error.problems)} problem(s) in {files} file(s); nothing was written.", err=True)
    else:
        click.echo(f"Error: {error}", err=True)
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quizgen")
def cli() -> None:
    """Media-literacy worksheets from grounded, fact-checked question banks.

    \b
    Typical session:
      quizgen check                 # validate questions/
      quizgen build --seed 42       # worksheet + answer key PDFs in output/
    """


@cli.command()
@PATHS
@click.option("--strict", is_flag=True, help="Item-writing warnings are errors too (exit status 1).")
def check(paths: tuple[Path, ...], strict: bool) -> None:
    """Validate banks: types, ids, answer keys, sources, and that every excerpt is in the article.

    Prints every problem as path:line: message, and exits with status 1 if there is any.
    Then lints the items (cues that give the key away, docs/item-writing.md): warnings are
    printed as path:line: warning: message and do not fail the check, unless --strict.

    \b
    Example:
      quizgen check questions/
      quizgen check --strict questions/
    """
    from quizgen.bank.layout import long_words
    from quizgen.bank.lint import lint_workspace
    from quizgen.bank.stats import all_excerpts

    workspace = _load(paths)
    warnings = lint_workspace(workspace) + [("long-word", warning) for bank in workspace.banks
                                            for warning in long_words(bank)]
    for rule, warning in warnings:
        click.echo(f"{warning.path}:{warning.line}: warning: {warning.message} [{rule}]", err=True)
    if warnings:
        files = len({w.path for _, w in warnings})
        click.echo(f"{len(warnings)} item-writing warning(s) in {files} file(s) (see docs/item-writing.md)"
                   + ("; --strict makes them errors." if strict else "."), err=True)
        if strict:
            sys.exit(1)
    for bank in workspace.banks:
        excerpts = sum(1 for _ in all_excerpts(bank))
        click.echo(f"{bank.id}: {len(bank.questions)} questions, {len(bank.claims)} claims, "
                   f"{excerpts} excerpts found in the article — OK")


def _load(paths: tuple[Path, ...]) -> Workspace:
    try:
        workspace = load_workspace(_paths(paths))
    except QuizgenError as error:
        _fail(error)
        raise  # unreachable: _fail exits
    for note in workspace.notes:
        click.echo(f"{note.path}:{note.line}: note: {note.message}", err=True)
    return workspace


MULTI: dict[str, Any] = {"multiple": True}


def _decorate(*decorators: Any) -> Any:
    """Apply a group of click options at once (one place for options shared by several commands)."""
    def apply(function: Any) -> Any:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function
    return apply


#: What goes on a sheet: the same options for build, practice and export.
CONTENT_OPTIONS = _decorate(
    click.option("--count", type=click.IntRange(min=1), help="Number of questions (drawn so skills stay balanced)."),
    click.option("--preset", help="A named selection defined in the bank, e.g. controle-15."),
    click.option("--skill", "skills", type=click.Choice(SKILLS, case_sensitive=False), **MULTI,
                 help="Only this skill (repeatable)."),
    click.option("--technique", "techniques", **MULTI, help="Only questions on this technique id (repeatable)."),
    click.option("--difficulty", type=click.IntRange(1, 3), **MULTI, help="Only this difficulty (repeatable)."),
    click.option("--type", "types", type=click.Choice(QUESTION_TYPES, case_sensitive=False), **MULTI,
                 help="Only this question type."),
    click.option("--lang", "language", type=click.Choice(LANGUAGES, case_sensitive=False),
                 help="Language of labels and texts (default: the bank's)."),
    click.option("--bank", "bank_id", help="Which bank, when the workspace holds several."),
)

#: How a sheet looks on paper (never what it asks).
PRINT_OPTIONS = _decorate(
    click.option("--paper", type=click.Choice(["a4", "letter"], case_sensitive=False), default="a4",
                 show_default=True),
    click.option("--large-print", is_flag=True, help="16 pt text and generous spacing."),
    click.option("--dyslexia-friendly", is_flag=True,
                 help="Sans-serif, left-aligned, wider letter and line spacing, no italics."),
)


def _content(values: dict[str, Any]) -> Options:
    """The content options among a command's parameters (they are removed from `values`)."""
    return Options(count=values.pop("count", None), preset=values.pop("preset", None),
                   skills=values.pop("skills", ()), techniques=values.pop("techniques", ()),
                   difficulty=values.pop("difficulty", ()), types=values.pop("types", ()),
                   language=values.pop("language", None))


SEED_OPTION = click.option("--seed", type=click.IntRange(min=0),
                           help="Seed of the draw, a whole number from 0 up (default: a fresh one, printed so "
                                "you can rebuild). Negative seeds are refused.")


@cli.command()
@PATHS
@SEED_OPTION
@CONTENT_OPTIONS
@PRINT_OPTIONS
@click.option("--out", "out", type=click.Path(path_type=Path),
              help="Folder for the builds (default: the workspace's output/); each build gets its own "
                   "sub-folder, BANK-CODE/ for PDFs, BANK-CODE-self-check/ for --format html.")
@click.option("--templates", type=click.Path(path_type=Path),
              help="Your own templates folder (default: the workspace's templates/ if there is one); its "
                   "files override the bundled ones one by one.")
@click.option("--variants", type=click.IntRange(1, 400),
              help="A class set of N different sheets in one PDF, with a class marking grid and one detailed key.")
@click.option("--roster", type=click.Path(path_type=Path, dir_okay=False),
              help="A class set with one sheet per student of this CSV (name, then optionally class); "
                   "the name is printed on the sheet.")
@click.option("--keys-per-variant", is_flag=True, help="Class sets: also a full answer key for every variant.")
@click.option("--scannable", is_flag=True,
              help="Worksheets a machine can read back: corner marks, a QR code and answer boxes on every page "
                   "(then 'quizgen scan'). Not the default: it adds pages (docs/scanning.md).")
@click.option("--answer-sheet", is_flag=True,
              help="Scannable answers on a separate answer sheet (answer-sheet(s).pdf, stamped, one per student) "
                   "and the questions in a booklet with nothing to write on, one per variant "
                   "(question-booklet(s).pdf), which other classes can use again. Implies --scannable.")
@click.option("--handout", is_flag=True, help="Also print the article with numbered paragraphs (article.pdf).")
@click.option("--jobs", "workers", type=click.IntRange(1, MAX_JOBS),
              help=f"Render processes, 1 to {MAX_JOBS} (default: one per core; never more than the cores or "
                   "the documents to render).")
@click.option("--emit-html", is_flag=True, help="Also write the HTML that was rendered.")
@click.option("--force", is_flag=True, help="Replace an existing build folder.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors and the output folder.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "html"], case_sensitive=False), default="pdf",
              show_default=True,
              help="pdf: worksheet and answer key to print; html: one offline self-check page for students.")
def build(paths: tuple[Path, ...], **values: Any) -> None:
    """Build a worksheet and its answer key (PDF) plus a manifest, or a whole class set.

    With --format html: a single self-contained self-check page instead (no network needed).

    \b
    Examples:
      quizgen build                              # whole bank, fresh seed
      quizgen build --preset controle-15 --seed 7
      quizgen build --count 10 --skill verify-claim --paper letter
      quizgen build --preset controle-15 --variants 30 --seed 7
      quizgen build --preset controle-15 --roster 2nde3.csv --handout
      quizgen build --preset controle-15 --roster 2nde3.csv --answer-sheet
      quizgen build --format html --preset controle-15 --seed 7

    'quizgen presets' lists the presets of your banks.
    """
    from quizgen.sheets.build import BuildRequest, build_html
    from quizgen.sheets.build import build as build_sheets
    from quizgen.sheets.html import PrintOptions

    workspace = _load(paths)
    _workspace_folders(paths, values)
    options = _content(values)
    answer_sheet = values.pop("answer_sheet")
    # An answer sheet is made to be scanned (its boxes are its layout): --answer-sheet asks for --scannable too.
    printing = PrintOptions(values.pop("paper"), values.pop("large_print"), values.pop("dyslexia_friendly"),
                            values.pop("scannable") or answer_sheet, answer_sheet)
    quiet, fmt = values.pop("quiet"), values.pop("fmt")
    progress = _Progress(enabled=not quiet and sys.stderr.isatty())
    request = BuildRequest(options=options, printing=printing, bank=values.pop("bank_id"),
                           on_start=progress.start, on_rendered=progress.advance, on_note=_note, paths=paths,
                           **values)
    try:
        result = (build_html if fmt == "html" else build_sheets)(workspace, request)
    except QuizgenError as error:
        progress.finish()
        _fail(error)
        return
    finally:
        progress.finish()
    if quiet:
        click.echo(str(result.folder))
        return
    _report_build(result, request, fmt)


def _note(text: str) -> None:
    click.echo(f"Note: {text}", err=True)


def _workspace_folders(paths: tuple[Path, ...], values: dict[str, Any]) -> None:
    """--out and --templates default to the workspace's output/ and templates/, from any sub-folder."""
    home = _home(paths)
    if values["out"] is None:
        values["out"] = _shown(home / "output") if home else Path("output")
    cwd = Path.cwd().resolve()
    if (values["templates"] is None and home is not None and home != cwd and (home / "templates").is_dir()
            and (home / "templates").resolve() != templates_dir().resolve()):  # a source checkout's own
        # From the workspace folder itself, the build finds ./templates (and says so); from a
        # sub-folder it would not: point it there, and say so too (templates are trusted code).
        values["templates"] = _shown(home / "templates")
        click.echo(f"Note: using your templates from {values['templates']} (the workspace's templates/ "
                   "folder; --templates DIR chooses another).", err=True)


def _report_build(result: Any, request: Any, fmt: str) -> None:
    variant = result.variant
    count = request.options.count
    if request.is_class_set:
        click.echo(f"Class set of {len(result.variants)} sheets (seed {variant.seed}): "
                   f"{len(variant.questions)} questions, {variant.total_points} points each; "
                   f"{result.pages} pages rendered")
    else:
        click.echo(f"Variant {variant.code} (seed {variant.seed}): {len(variant.questions)} questions, "
                   f"{variant.total_points} points")
    if count and len(variant.questions) < count:
        click.echo(f"Note: only {len(variant.questions)} questions match these options, so the sheet has "
                   f"{len(variant.questions)}, not {count}.")
    # Files in sub-folders (per-variant keys, HTML) are many: show the first one only.
    shown = [name for name in result.files if "/" not in name or name.endswith(f"01-{variant.code}.pdf")]
    for name in shown:
        click.echo(f"  {result.folder / name}")
    if len(shown) < len(result.files):
        click.echo(f"  … and {len(result.files) - len(shown)} more files in sub-folders")
    from quizgen.sheets.request import rebuild_command

    what = "set" if request.is_class_set else "page" if fmt == "html" else "sheet"
    click.echo(f"Rebuild the same {what} with: {rebuild_command(request, variant, html=fmt == 'html')}")


class _Progress:
    """A progress bar on a terminal; nothing at all when output goes to a file or a pipe."""

    def __init__(self, enabled: bool, label: str = "Rendering"):
        self.enabled = enabled
        self.label = label
        self.bar: Any = None

    def start(self, total: int) -> None:
        if self.enabled and total > 2:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr, show_pos=True)
            self.bar.__enter__()

    def advance(self, done: int) -> None:
        if self.bar is not None:
            self.bar.update(done)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@cli.command()
@PATHS
@SEED_OPTION
@CONTENT_OPTIONS
def practice(paths: tuple[Path, ...], **values: Any) -> None:
    """Practise alone in the terminal: one question at a time, with the answer and its explanation at once.

    Answer with a letter (several for "tick all", e.g. "a c"), v/f for true or false, a line of
    text for short answers; "?" skips. At the end: the score, the missed questions, and an
    offer to retry them. Ctrl-D stops with a summary (status 0), Ctrl-C too (status 130).

    \b
    Example:
      quizgen practice --count 5 --skill identify-technique
    """
    from quizgen.study.practice import run_practice

    workspace = _load(paths)
    options = _content(values)
    try:
        status = run_practice(workspace, options, values["seed"], values["bank_id"], sys.stdin, sys.stdout)
    except QuizgenError as error:
        _fail(error)
        return
    sys.exit(status)


@cli.command()
@PATHS
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def stats(paths: tuple[Path, ...], as_json: bool) -> None:
    """Counts by type, skill, technique and difficulty, grounding status, and the item-writing cue figures.

    \b
    Example:
      quizgen stats --json > stats.json
    """
    from quizgen.bank.stats import bank_stats

    workspace = _load(paths)
    data = [bank_stats(bank) for bank in workspace.banks]
    if as_json:
        click.echo(json.dumps(data if len(data) != 1 else data[0], indent=2, ensure_ascii=False))
        return
    for entry in data:
        click.echo(f"Bank {entry['bank']}: {entry['questions']} questions, {entry['points']} points")
        for title, key in (("Type", "by_type"), ("Skill", "by_skill"), ("Difficulty", "by_difficulty"),
                           ("Technique", "by_technique")):
            click.echo(f"  {title}:")
            for name, number in entry[key].items():
                click.echo(f"    {name:<36} {number}")
        claims = entry["claims"]
        verdicts = ", ".join(f"{verdict} {number}" for verdict, number in claims["by_verdict"].items()) or "none"
        click.echo(f"  Claims: {claims['in_ledger']} in the ledger, {len(claims['used_by_questions'])} used; "
                   f"verdicts: {verdicts}")
        grounding = entry["grounding"]
        click.echo(f"  Grounding: {grounding['found']}/{grounding['excerpts']} excerpts found in "
                   f"{grounding['article']}")
        click.echo(f"  Presets: {', '.join(entry['presets']) or 'none'}")
        _echo_cues(entry["cues"])


@cli.command()
@PATHS
def presets(paths: tuple[Path, ...]) -> None:
    """List the presets of each bank: the named selections 'quizgen build --preset ID' prints.

    \b
    Example:
      quizgen presets
      quizgen build --preset controle-15
    """
    from quizgen.bank.stats import preset_lines

    workspace = _load(paths)
    for bank in workspace.banks:
        click.echo(f"{bank.id}:")
        for line in preset_lines(bank) or ["no presets (add a presets: list to the bank file)"]:
            click.echo(f"  {line}")


def _echo_cues(cues: dict[str, Any]) -> None:
    """The bank-level item-writing figures (quizgen.bank.lint.cue_figures), one line each."""
    longest, none, true_false, multi = (cues["keyed_longest"], cues["none_or_all_of_the_above"],
                                        cues["true_false"], cues["multiple_select_length"])
    click.echo("  Item-writing cues (docs/item-writing.md):")
    click.echo(f"    keyed choice is the longest          {longest['count']}/{longest['questions']} single-choice "
               f"({longest['rate']:.0%}; chance {longest['chance_rate']:.0%}), clearly longest in "
               f"{longest['clearly_longest']}")
    click.echo(f"    gloss on the key only                {cues['gloss_only_on_key']} single-choice")
    click.echo(f"    none/all of the above as key         {none['keyed']} of {none['offered']} offering it")
    click.echo(f"    true/false answered true             {true_false['true']}/{true_false['questions']}")
    ratio = "—" if multi["ratio"] is None else f"{multi['ratio']:.2f}x"
    click.echo(f"    multiple-select correct/wrong length {ratio} ({multi['questions']} questions)")
    warnings = ", ".join(f"{rule} {count}" for rule, count in cues["question_warnings"].items()) or "none"
    click.echo(f"    per-question warnings                {warnings}")


@cli.command()
@PATHS
@click.option("--format", "fmt", type=click.Choice(["json", "moodle", "gift", "qti21"], case_sensitive=False),
              default="json",
              show_default=True,
              help="json: the whole validated bank; moodle: Moodle XML (Éléa); gift: Moodle GIFT text; "
                   "qti21: IMS QTI 2.1 package (zip).")
@click.option("--seed", type=click.IntRange(min=0), help="Seed of the draw and of the choice order, from 0 up "
                                                         "(default 1: the same bank exports the same file).")
@CONTENT_OPTIONS
@click.option("--out", "out", type=click.Path(path_type=Path, dir_okay=False),
              help="File to write (written whole or not at all). Default: standard output (not for qti21).")
@click.option("--strict", is_flag=True, help="Fail, writing nothing, if the format cannot carry everything.")
def export(paths: tuple[Path, ...], fmt: str, seed: int | None, out: Path | None, strict: bool,
           **values: Any) -> None:
    """Export questions for an LMS (Moodle/Éléa, GIFT, QTI 2.1), or the whole bank as JSON.

    The LMS formats take the same selection as build: a preset, a draw, or (by default) the
    whole bank. What a format cannot carry is listed on standard error, per question.

    \b
    Examples:
      quizgen export --format moodle --out anchorage.xml      # then Éléa: Banque de questions → Importer
      quizgen export --format gift --preset controle-15 > quiz.gift.txt
      quizgen export --format qti21 --out anchorage-qti.zip
      quizgen export --format json > bank.json
    """
    bank_id = values.pop("bank_id")
    options = _content(values)
    if fmt == "json":
        # --bank picks which bank, it does not select questions: json takes it (issue 13).
        _export_json(paths, out, bank_id, options != Options() or seed is not None or strict)
        return
    from quizgen.core.output import write_file
    from quizgen.export.lms import TEXT_FORMATS, ExportRequest, export_lms

    workspace = _load(paths)
    if out is None and fmt not in TEXT_FORMATS:
        _fail(UsageProblem(f"--format {fmt} makes a zip file; give it a name with --out, e.g. --out quiz-qti.zip."))
    try:
        written = export_lms(workspace, ExportRequest(fmt, options, seed, bank_id, strict))
        if out is not None:
            write_file(out, written.data)
    except QuizgenError as error:
        _fail(error)
        return
    for question_id, what in written.losses:
        click.echo(printable(f"{fmt}: {question_id}: not carried: {what}"), err=True)
    if out is None:
        sys.stdout.buffer.write(written.data)
        sys.stdout.flush()
    else:
        click.echo(f"Wrote {out} ({fmt}); {len(written.losses)} thing(s) the format could not carry, listed above.",
                   err=True)


def _export_json(paths: tuple[Path, ...], out: Path | None, bank_id: str | None, selected: bool) -> None:
    """One bank (--bank) as a JSON object, or every bank of the workspace (a list when there are several)."""
    from quizgen.export.bank_json import export_bank

    if selected:
        _fail(UsageProblem("--format json exports the whole bank; the selection options are for moodle, gift "
                           "and qti21 (--bank picks the bank for every format)."))
    workspace = _load(paths)
    try:
        banks = workspace.banks if bank_id is None else (workspace.bank(bank_id),)
    except QuizgenError as error:
        _fail(error)
        return
    data = [export_bank(bank) for bank in banks]
    text = json.dumps(data if len(data) != 1 else data[0], indent=2, ensure_ascii=False)
    if out is None:
        click.echo(text)
        return
    from quizgen.core.output import write_file

    try:
        write_file(out, (text + "\n").encode("utf-8"))
    except QuizgenError as error:
        _fail(error)


@cli.command()
@click.argument("class_folder", type=click.Path(path_type=Path, file_okay=False))
@click.argument("responses", type=click.Path(path_type=Path, dir_okay=False), required=False)
@click.option("--template", is_flag=True,
              help="Write CLASS_FOLDER/responses-template.csv to fill in (one line per sheet, question and row).")
@click.option("--scale", type=click.Choice(["10", "20", "100"]), default="20", show_default=True,
              help="Marks out of 10, 20 or 100 in grades.csv and the report.")
@click.option("--questions", "questions_path", type=click.Path(path_type=Path),
              help="The banks of the class set (default: the questions/ folder of the workspace).")
@click.option("--no-copies", is_flag=True, help="Skip the marked copies (copies/NN-NAME.pdf).")
@click.option("--jobs", "workers", type=click.IntRange(1, 32), help="Render processes for the copies.")
@click.option("--force", is_flag=True, help="With --template: replace an existing template.")
def grade(class_folder: Path, responses: Path | None, template: bool, scale: str, questions_path: Path | None,
          no_copies: bool, workers: int | None, force: bool) -> None:
    """Mark a class set from its responses table: grades, a class report and marked copies.

    Writes CLASS_FOLDER/results/: grades.csv (Pronote-ready: ';', decimal comma) and grades.xlsx,
    report.html and report.pdf (marks, item analysis, which techniques the class confuses, which
    true claims it doubts), copies/NN-NAME.pdf to hand back, and results.json. The responses table
    (CSV or JSON; docs/responses-format.md) is typed by hand from --template, or written by
    'quizgen scan'.

    \b
    Examples:
      quizgen grade output/anchorage-2025-classe-ABC-DEF --template
      quizgen grade output/anchorage-2025-classe-ABC-DEF responses.csv --scale 20
    """
    from quizgen.grading.grade import write_template

    workspace = _load((questions_path,) if questions_path else ())
    try:
        if template:
            target = write_template(workspace, class_folder, force)
            click.echo(f"Wrote {target}: fill in the answer column (and points for open parts), then run "
                       f"quizgen grade {class_folder} {target}")
            return
        if responses is None:
            raise UsageProblem("give the responses table (CSV or JSON), or --template to write one to fill in.")
        from quizgen.grading.run import run_grading

        progress = _Progress(enabled=sys.stderr.isatty())
        progress.start(len(read_sheet_count(class_folder)))
        try:
            run = run_grading(workspace, class_folder, responses, int(scale), with_copies=not no_copies,
                              workers=workers, progress=progress.advance)
        finally:
            progress.finish()
    except QuizgenError as error:
        _fail(error)
        return
    results = run.graded.results
    marks = [sheet.total / sheet.max_total * int(scale) for sheet in results.sheets if sheet.max_total]
    click.echo(f"Graded {len(results.sheets)} sheet(s): mean {sum(marks) / len(marks):.1f}/{scale}"
               + (f"; no answers for {len(run.graded.absent)} sheet(s) ("
                  + ", ".join(s.student or s.code for s in run.graded.absent) + ")" if run.graded.absent else ""))
    for name in run.files:
        if not name.startswith("copies/"):
            click.echo(f"  {run.folder / name}")
    copies = sum(1 for name in run.files if name.startswith("copies/"))
    if copies:
        click.echo(f"  {run.folder / 'copies'}/ ({copies} marked copies)")


@cli.command()
@click.argument("class_folder", type=click.Path(path_type=Path, file_okay=False))
@click.argument("scans", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False),
              help="The responses table to write (default: CLASS_FOLDER/scans/responses.csv); scan-review.html "
                   "goes beside it.")
@click.option("--dpi", type=int, default=200, show_default=True, help="Resolution PDF scans are read at (150–400).")
@click.option("--jobs", "workers", type=click.IntRange(1, 32), help="Reading processes (default: one per core).")
@click.option("--force", is_flag=True, help="Replace an existing responses table (it may hold your corrections).")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False),
              help="Your own templates folder (its scan-review.html overrides the bundled one).")
def scan(class_folder: Path, scans: tuple[Path, ...], out: Path | None, dpi: int, workers: int | None, force: bool,
         templates: Path | None) -> None:
    """Read scanned sheets of a class set built with --scannable into the responses table.

    SCANS are the copier's PDFs (any resolution from 150 dpi) and/or photos (JPEG, PNG), pages in any order
    and either way up. Writes CLASS_FOLDER/scans/responses.csv (what 'quizgen grade' reads) and
    scan-review.html beside it: every unsure box, impossible mark (two ticks on a one-answer question, two
    score boxes) and page that could not be read, with its picture, the line to correct and what to do.
    A box is never guessed: what is not certain is left for you to check. Needs the scan extra
    (pip install 'quizgen[scan]').

    \b
    Examples:
      quizgen scan output/anchorage-2025-classe-ABC-DEF copier.pdf
      quizgen scan output/anchorage-2025-classe-ABC-DEF scan1.pdf scan2.pdf photo.jpg --force
    """
    try:
        from quizgen.scan.run import count_pages, run_scan
    except ImportError as error:
        _fail(UsageProblem(f"reading scans needs OpenCV, zxing-cpp and pypdfium2 ({error.name or error} is missing): "
                           "install them with pip install 'quizgen[scan]'."))
        return
    from quizgen.render.templates import TemplateSet

    progress = _Progress(enabled=sys.stderr.isatty(), label="Reading")
    try:
        template_set = TemplateSet.with_override(templates)
        if progress.enabled:
            progress.start(count_pages(scans))
        run = run_scan(class_folder, scans, out, force, dpi, workers, template_set,
                       progress=lambda page: progress.advance(1))
    except QuizgenError as error:
        progress.finish()
        _fail(error)
        return
    finally:
        progress.finish()
    decoded = run.decoded
    for issue in decoded.issues:
        if issue.kind in ("page_failed", "page_other"):
            click.echo(f"{issue.where}: {issue.problem}", err=True)
    click.echo(f"Read {decoded.pages} page(s): {decoded.pages_read} page(s) of {len(decoded.sheets_read)} sheet(s) "
               f"of this class set; {len(decoded.issues)} item(s) to check.")
    if decoded.sheets_absent:
        click.echo(f"No page in the scans for {len(decoded.sheets_absent)} sheet(s): "
                   + ", ".join(sheet.student or sheet.code for sheet in decoded.sheets_absent))
    click.echo(f"  {run.review}")
    if run.responses is None:
        click.echo("Error: no page of this class set could be read, so no responses table was written; "
                   f"see {run.review}.", err=True)
        sys.exit(1)
    click.echo(f"  {run.responses}")
    click.echo(f"Check the items of {run.review.name}, correct the lines it names, then: "
               f"quizgen grade {class_folder} {run.responses}")


def read_sheet_count(class_folder: Path) -> list[object]:
    from quizgen.grading.grade import read_class_set

    try:
        return list(read_class_set(class_folder).sheets)
    except QuizgenError:
        return []


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--empty", is_flag=True, help="No demo bank: only the glossary and the templates (then: quizgen new).")
def init(directory: Path, empty: bool) -> None:
    """Create a workspace: the bundled banks, article and templates, ready to edit.

    Existing files are never overwritten; they are listed as skipped. The demo bank can stay
    beside your own banks (question ids need only be unique within a bank).

    \b
    Examples:
      quizgen init mon-cours && cd mon-cours && quizgen check
      quizgen init --empty my-course && cd my-course && quizgen new article.txt --lang en
    """
    from quizgen.bank.scaffold import scaffold

    try:
        created, skipped = scaffold(directory, empty)
    except QuizgenError as error:
        _fail(error)
        return
    for path in created:
        click.echo(f"created  {path}")
    for path in skipped:
        click.echo(f"skipped  {path} (already there)")
    if empty:
        click.echo(f"Next: cd {shlex.quote(str(directory))} && quizgen new ARTICLE.txt")
    else:
        click.echo(f"Next: cd {shlex.quote(str(directory))} && quizgen check && quizgen build")


@cli.command("new")
@click.argument("article", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--id", "bank_id", help="Id of the bank and the article (default: from the file name).")
@click.option("--lang", "language", type=click.Choice(LANGUAGES, case_sensitive=False),
              help="Language of the bank (default: guessed from the text, and printed).")
@click.option("--title", help="Title of the article (default: its first paragraph).")
@click.option("--paragraphs", "layout", type=click.Choice(LAYOUTS, case_sensitive=False),
              help="lines: one paragraph per line; blank-lines: paragraphs separated by blank lines "
                   "(default: guessed, and printed).")
@click.option("--into", type=click.Path(path_type=Path, file_okay=False),
              help="Folder to write into (default: the workspace's questions/, else this folder).")
def new(article: Path, bank_id: str | None, language: str | None, title: str | None, layout: str | None,
        into: Path | None) -> None:
    """Start a bank for any article: the article files, a bank with a claim ledger and a preset,
    one example of each question type drawn from real sentences of the article, and the JSON Schema
    for editors. Nothing is overwritten; 'quizgen check' passes on the result at once.

    The examples' keys are NOT checked: rewrite each example before printing.

    \b
    Examples:
      quizgen new article.txt --lang en --id bridge-2024
      quizgen new corpus/article111.txt --paragraphs blank-lines --into questions
    """
    from quizgen.bank.new import NewRequest, new_bank
    from quizgen.core.labels import words

    home = find_workspace(Path.cwd())  # from any sub-folder of a workspace, as every command
    here = DEFAULT_PATH if DEFAULT_PATH.is_dir() else Path(".")
    folder = into if into is not None else (_shown(home / DEFAULT_PATH) if home else here)
    request = NewRequest(article, folder, bank_id, language and language.lower(), title, layout and layout.lower())
    try:
        made = new_bank(request)
    except QuizgenError as error:
        _fail(error)
        return
    say = functools.partial(words, made.language)
    for path in made.created:
        click.echo(say("new.cli_created", path=path))
    for path in made.kept:
        click.echo(say("new.cli_kept", path=path))
    layout_words = say({"lines": "new.cli_layout_lines", "blank-lines": "new.cli_layout_blank_lines"}[made.layout])
    click.echo(say("new.cli_summary", id=made.id, lang=made.language, paragraphs=made.paragraphs,
                   layout=layout_words))
    check = f"quizgen check {shlex.quote(str(folder))} && quizgen build {shlex.quote(str(folder))} --bank {made.id}"
    click.echo(say("new.cli_next", questions=folder / made.id / "questions.yaml", check=check))


@cli.command()
@PATHS
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--lang", "language", type=click.Choice(LANGUAGES, case_sensitive=False), default="en",
              show_default=True, help="Language of the column headings.")
def techniques(paths: tuple[Path, ...], as_json: bool, language: str) -> None:
    """List the technique ids of the workspace's glossary: id, French and English names, category,
    and the SemEval-2020 (PTC) labels that map to each.

    Only the glossary is read, so this works while a bank still has problems.

    \b
    Examples:
      quizgen techniques
      quizgen techniques --json > techniques.json
    """
    from dataclasses import asdict

    from quizgen.bank.techniques import technique_rows
    from quizgen.bank.workspace import load_glossary
    from quizgen.core.labels import words

    try:
        glossary, files = load_glossary(_paths(paths))
    except QuizgenError as error:
        _fail(error)
        return
    rows = technique_rows(glossary)
    if as_json:
        click.echo(json.dumps([asdict(row) for row in rows], indent=2, ensure_ascii=False))
        return
    say = functools.partial(words, language.lower())
    click.echo(say("techniques.title", count=len(rows), files=", ".join(files)))
    table = [[say(key) for key in ("techniques.id", "techniques.french", "techniques.english", "techniques.category",
                                   "techniques.old")]]
    table += [[row.id, row.french, row.english, row.category, "; ".join(row.old_labels)] for row in rows]
    widths = [max(len(line[column]) for line in table) for column in range(len(table[0]))]
    for line in table:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())


@cli.group("annotations")
def annotations_group() -> None:
    """Expert annotations of a bank's article: draft questions from them, or compare the bank's labels.

    Reads SemEval-2020 Task 11 span files (article_id, technique, start, end: character offsets
    into the article's text file) and SemEval-2023 Task 3 paragraph files (article_id, line,
    labels). SemEval-2020 labels are mapped to the glossary's ids ('quizgen techniques').

    \b
    Examples:
      quizgen annotations import article999001.labels --bank parks
      quizgen annotations compare article999001.labels --bank parks
    """


ANNOTATION_OPTIONS = _decorate(
    click.argument("file", type=click.Path(path_type=Path, dir_okay=False)),
    click.option("--bank", "bank_id", help="Which bank, when the workspace holds several."),
    click.option("--article", "article_id", help="The article's id in FILE, when it annotates several."),
    click.option("--questions", "questions_path", type=click.Path(path_type=Path),
                 help="The banks (default: the questions/ folder of the workspace around this folder)."),
)


def _annotations_of(questions_path: Path | None, bank_id: str | None, file: Path, article_id: str | None) -> Any:
    from quizgen.annotations.corpus import read_annotations

    workspace = _load((questions_path,) if questions_path else ())
    try:
        bank = workspace.bank(bank_id)
        return bank, read_annotations(file, bank.article, bank.glossary, article_id)
    except QuizgenError as error:
        _fail(error)
        raise  # unreachable: _fail exits


@annotations_group.command("import")
@ANNOTATION_OPTIONS
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False),
              help="The draft to write (default: BANK-annotations-ARTICLE.draft.yaml here); never replaced.")
def annotations_import(file: Path, bank_id: str | None, article_id: str | None, questions_path: Path | None,
                       out: Path | None) -> None:
    """Draft questions from annotations: a commented YAML file of candidate matching pairs and
    classification items (excerpts widened to whole words, with their §), to edit and uncomment.

    \b
    Examples:
      quizgen annotations import article999001.labels --bank parks
      quizgen annotations import dev-labels-subtask-3.txt --article 999001 --out draft.yaml
    """
    from quizgen.annotations.draft import candidates, draft
    from quizgen.core.labels import words
    from quizgen.core.output import write_file

    bank, found = _annotations_of(questions_path, bank_id, file, article_id)
    target = out or Path(f"{bank.id}-annotations-{found.article_id}.draft.yaml")
    try:
        if target.exists():
            raise OutputExists(f"'{target}' already exists; nothing was written. Choose another --out.")
        if not found.items:
            raise UsageProblem(f"{found.path} has no technique label for article '{found.article_id}'; "
                               "nothing to draft.")
        write_file(target, draft(bank, found, found.path).encode("utf-8"))
    except QuizgenError as error:
        _fail(error)
        return
    click.echo(words(bank.language, "annotations.wrote", path=target, count=len(candidates(found)),
                     article=found.article_id))


@annotations_group.command("compare")
@ANNOTATION_OPTIONS
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--lang", "language", type=click.Choice(LANGUAGES, case_sensitive=False), default="en",
              show_default=True, help="Language of the report.")
def annotations_compare(file: Path, bank_id: str | None, article_id: str | None, questions_path: Path | None,
                        as_json: bool, language: str) -> None:
    """Agreement and coverage of the bank's technique labels against the annotations, per technique,
    with the labels the annotations do not confirm and the annotations the bank does not use.

    agreement = bank labels whose excerpt is annotated with the same technique / all bank labels;
    coverage = annotations the bank uses with the same technique / all annotations
    (docs/bank-format.md, "Expert annotations").

    \b
    Examples:
      quizgen annotations compare article999001.labels --bank parks
      quizgen annotations compare dev-labels-subtask-3.txt --article 999001 --json
    """
    from quizgen.annotations.compare import compare
    from quizgen.annotations.report import report_lines

    bank, found = _annotations_of(questions_path, bank_id, file, article_id)
    comparison = compare(bank, found)
    if as_json:
        click.echo(json.dumps(comparison.as_json(), indent=2, ensure_ascii=False))
        return
    for line in report_lines(comparison, language.lower()):
        click.echo(line)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of bank files (for editors such as VS Code).

    \b
    Example:
      quizgen schema > docs/bank.schema.json
    """
    from quizgen.bank.schema import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


def main() -> None:
    cli(prog_name="quizgen")
