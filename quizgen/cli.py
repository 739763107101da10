"""The command line: a thin click layer over quizgen's library functions."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from quizgen import __version__
from quizgen.bank.model import LANGUAGES, QUESTION_TYPES, SKILLS
from quizgen.bank.workspace import Workspace, load_workspace
from quizgen.core.problems import InvalidContent, QuizgenError
from quizgen.variants.draw import Options

DEFAULT_PATH = Path("questions")
PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))


def _paths(paths: tuple[Path, ...]) -> list[Path]:
    return list(paths) or [DEFAULT_PATH]


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
    from quizgen.bank.lint import lint_workspace
    from quizgen.bank.stats import all_excerpts

    workspace = _load(paths)
    warnings = lint_workspace(workspace)
    for warning in warnings:
        click.echo(f"{warning.path}:{warning.line}: warning: {warning.message}", err=True)
    if warnings:
        files = len({w.path for w in warnings})
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
        return load_workspace(_paths(paths))
    except QuizgenError as error:
        _fail(error)
        raise  # unreachable: _fail exits


MULTI: dict[str, Any] = {"multiple": True}


@cli.command()
@PATHS
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Folder for the PDFs; each build gets its own sub-folder named BANK-CODE.")
@click.option("--seed", type=int, help="Seed of the variant (default: a fresh one, printed so you can rebuild).")
@click.option("--count", type=click.IntRange(min=1), help="Number of questions (drawn so skills stay balanced).")
@click.option("--preset", help="A named selection defined in the bank, e.g. controle-15.")
@click.option("--skill", type=click.Choice(SKILLS), **MULTI, help="Only this skill (repeatable).")
@click.option("--technique", **MULTI, help="Only questions on this technique id (repeatable).")
@click.option("--difficulty", type=click.IntRange(1, 3), **MULTI, help="Only this difficulty (repeatable).")
@click.option("--type", "types", type=click.Choice(QUESTION_TYPES), **MULTI, help="Only this question type.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
@click.option("--lang", type=click.Choice(LANGUAGES), help="Language of labels and texts (default: the bank's).")
@click.option("--bank", "bank_id", help="Which bank, when the workspace holds several.")
@click.option("--templates", type=click.Path(path_type=Path),
              help="Your own templates folder (default: ./templates if there is one); its files "
                   "override the bundled ones one by one.")
@click.option("--variants", type=click.IntRange(1, 400),
              help="A class set of N different sheets in one PDF, with a class marking grid and one detailed key.")
@click.option("--roster", type=click.Path(path_type=Path, dir_okay=False),
              help="A class set with one sheet per student of this CSV (name, then optionally class); "
                   "the name is printed on the sheet.")
@click.option("--keys-per-variant", is_flag=True, help="Class sets: also a full answer key for every variant.")
@click.option("--handout", is_flag=True, help="Also print the article with numbered paragraphs (article.pdf).")
@click.option("--large-print", is_flag=True, help="16 pt text and generous spacing.")
@click.option("--dyslexia-friendly", is_flag=True,
              help="Sans-serif, left-aligned, wider letter and line spacing, no italics.")
@click.option("--jobs", "workers", type=click.IntRange(min=1), help="Render processes (default: one per core).")
@click.option("--emit-html", is_flag=True, help="Also write the HTML that was rendered.")
@click.option("--force", is_flag=True, help="Replace an existing build folder.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors and the output folder.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "html"]), default="pdf", show_default=True,
              help="pdf: worksheet and answer key to print; html: one offline self-check page for students.")
def build(paths: tuple[Path, ...], out: Path, seed: int | None, count: int | None, preset: str | None,
          skill: tuple[str, ...], technique: tuple[str, ...], difficulty: tuple[int, ...],
          types: tuple[str, ...], paper: str, lang: str | None, bank_id: str | None,
          templates: Path | None, variants: int | None, roster: Path | None, keys_per_variant: bool,
          handout: bool, large_print: bool, dyslexia_friendly: bool, workers: int | None,
          emit_html: bool, force: bool, quiet: bool, fmt: str) -> None:
    """Build a worksheet and its answer key (PDF) plus a manifest, or a whole class set.

    With --format html: a single self-contained self-check page instead (no network needed).

    \b
    Examples:
      quizgen build                              # whole bank, fresh seed
      quizgen build --preset controle-15 --seed 7
      quizgen build --count 10 --skill verify-claim --paper letter
      quizgen build --preset controle-15 --variants 30 --seed 7
      quizgen build --preset controle-15 --roster 2nde3.csv --handout
      quizgen build --format html --preset controle-15 --seed 7
    """
    from quizgen.sheets.build import BuildRequest
    from quizgen.sheets.build import build as run_build

    if fmt == "html":
        from quizgen.sheets.build import build_html as run_build

    workspace = _load(paths)
    options = Options(count=count, preset=preset, skills=skill, techniques=technique,
                      difficulty=difficulty, types=types, language=lang)
    progress = _Progress(enabled=not quiet and sys.stderr.isatty())
    request = BuildRequest(out=out, seed=seed, options=options, paper=paper, force=force,
                           templates=templates, bank=bank_id, emit_html=emit_html, variants=variants,
                           roster=roster, keys_per_variant=keys_per_variant, handout=handout,
                           large_print=large_print, dyslexia_friendly=dyslexia_friendly, workers=workers,
                           on_start=progress.start, on_rendered=progress.advance)
    try:
        result = run_build(workspace, request)
    except QuizgenError as error:
        progress.finish()
        _fail(error)
        return
    finally:
        progress.finish()
    if quiet:
        click.echo(str(result.folder))
        return
    variant = result.variant
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
    click.echo(f"Rebuild the same {'set' if request.is_class_set else 'sheet'} with: --seed {variant.seed}"
               + (f" --preset {preset}" if preset else ""))


class _Progress:
    """A progress bar on a terminal; nothing at all when output goes to a file or a pipe."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar: Any = None

    def start(self, total: int) -> None:
        if self.enabled and total > 2:
            self.bar = click.progressbar(length=total, label="Rendering", file=sys.stderr, show_pos=True)
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
@click.option("--count", type=click.IntRange(min=1), help="Number of questions (drawn so skills stay balanced).")
@click.option("--skill", type=click.Choice(SKILLS), **MULTI, help="Only this skill (repeatable).")
@click.option("--technique", **MULTI, help="Only questions on this technique id (repeatable).")
@click.option("--seed", type=int, help="Seed of the draw (default: a fresh one, shown at the start).")
@click.option("--preset", help="A named selection defined in the bank, e.g. controle-15.")
@click.option("--lang", type=click.Choice(LANGUAGES), help="Language of labels and texts (default: the bank's).")
@click.option("--bank", "bank_id", help="Which bank, when the workspace holds several.")
def practice(paths: tuple[Path, ...], count: int | None, skill: tuple[str, ...], technique: tuple[str, ...],
             seed: int | None, preset: str | None, lang: str | None, bank_id: str | None) -> None:
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
    options = Options(count=count, preset=preset, skills=skill, techniques=technique, language=lang)
    try:
        status = run_practice(workspace, options, seed, bank_id, sys.stdin, sys.stdout)
    except QuizgenError as error:
        _fail(error)
        return
    sys.exit(status)


@cli.command()
@PATHS
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def stats(paths: tuple[Path, ...], as_json: bool) -> None:
    """Counts by type, skill, technique and difficulty, and grounding status.

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
        click.echo(f"  Claims: {claims['in_ledger']} in the ledger, {len(claims['used_by_questions'])} used; "
                   f"verdicts {claims['by_verdict']}")
        grounding = entry["grounding"]
        click.echo(f"  Grounding: {grounding['found']}/{grounding['excerpts']} excerpts found in "
                   f"{grounding['article']}")
        click.echo(f"  Presets: {', '.join(entry['presets']) or 'none'}")
        _echo_cues(entry["cues"])


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
    warnings = ", ".join(f"{rule} {count}" for rule, count in cues["warnings"].items()) or "none"
    click.echo(f"    per-question warnings                {warnings}")


@cli.command()
@PATHS
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
def export(paths: tuple[Path, ...], fmt: str) -> None:
    """Print the validated bank as versioned JSON (questions, claims, glossary, article).

    \b
    Example:
      quizgen export --format json > bank.json
    """
    from quizgen.export.bank_json import export_bank

    workspace = _load(paths)
    data = [export_bank(bank) for bank in workspace.banks]
    click.echo(json.dumps(data if len(data) != 1 else data[0], indent=2, ensure_ascii=False))


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path))
def init(directory: Path) -> None:
    """Create a workspace: the bundled banks, article and templates, ready to edit.

    Existing files are never overwritten; they are listed as skipped.

    \b
    Example:
      quizgen init mon-cours && cd mon-cours && quizgen check
    """
    from quizgen.bank.scaffold import scaffold

    try:
        created, skipped = scaffold(directory)
    except QuizgenError as error:
        _fail(error)
        return
    for path in created:
        click.echo(f"created  {path}")
    for path in skipped:
        click.echo(f"skipped  {path} (already there)")
    click.echo(f"Next: cd {directory} && quizgen check && quizgen build")


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
