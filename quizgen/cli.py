"""The command line: a thin click layer over quizgen's library functions."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .problems import InvalidContent, QuizgenError
from .workspace import load_workspace

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
def check(paths: tuple[Path, ...]) -> None:
    """Validate banks: types, ids, answer keys, sources, and that every excerpt is in the article.

    Prints every problem as path:line: message, and exits with status 1 if there is any.

    \b
    Example:
      quizgen check questions/
    """
    try:
        workspace = load_workspace(_paths(paths))
    except QuizgenError as error:
        _fail(error)
        return
    for bank in workspace.banks:
        excerpts = sum(1 for _ in _all_excerpts(bank))
        click.echo(f"{bank.id}: {len(bank.questions)} questions, {len(bank.claims)} claims, "
                   f"{excerpts} excerpts found in the article — OK")


def _all_excerpts(bank):  # type: ignore[no-untyped-def]
    from .stats import all_excerpts

    return all_excerpts(bank)


def main() -> None:
    cli(prog_name="quizgen")
