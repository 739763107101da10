"""How long does `quizgen check` take on a 5,000-question bank?

The bank is generated in a temporary folder from the bundled bank (questions/): its question
files are repeated, with new ids, until there are 5,000 questions. Every copy keeps its
excerpts, so every excerpt is grounded in the (real, 16 KB) article and the grounding search
runs 5,000 times over.

    python benchmarks/check_large.py            # 5,000 questions
    python benchmarks/check_large.py --questions 20000 --profile

Prints the seconds taken by the library (load_workspace, which is all `check` does), by the
`check` command in-process, and by `quizgen check` as a fresh subprocess (imports included).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # this checkout's quizgen, not an installed one

from quizgen.bank.workspace import load_workspace  # noqa: E402

BUNDLED = REPO / "questions"


def generate(target: Path, total: int) -> int:
    """Copy the bundled workspace to `target`, then repeat its questions until there are `total`."""
    shutil.copytree(BUNDLED, target)
    files = sorted(path for path in target.rglob("q-*.yaml"))
    parts = [(path, yaml.safe_load(path.read_text(encoding="utf-8"))) for path in files]
    originals = sum(len(data["questions"]) for _, data in parts)
    copy = 0
    count = originals
    while count < total:
        copy += 1
        for path, data in parts:
            questions = []
            for question in data["questions"]:
                if count >= total:
                    break
                questions.append(question | {"id": f"{question['id']}-c{copy}"})
                count += 1
            if questions:
                extra = path.with_name(f"{path.stem}-copy{copy}.yaml")
                body = {"kind": "questions", "bank": data["bank"], "questions": questions}
                extra.write_text(yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=10_000),
                                 encoding="utf-8")
    return count


def timed(label: str, function, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    print(f"{label:<48} {best:7.2f} s (best of {repeat})")
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print the 25 costliest functions")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="quizgen-bench-") as tmp:
        workspace = Path(tmp) / "questions"
        count = generate(workspace, args.questions)
        size = sum(p.stat().st_size for p in workspace.rglob("*") if p.is_file())
        files = len(list(workspace.rglob("*.yaml")))
        print(f"{count} questions in {files} YAML files, {size / 1_048_576:.1f} MB")

        workspace_loaded = load_workspace([workspace])
        assert sum(len(bank.questions) for bank in workspace_loaded.banks) == count

        timed("library: load_workspace()", lambda: load_workspace([workspace]), args.repeat)

        from click.testing import CliRunner

        from quizgen.cli import cli

        def in_process() -> None:
            result = CliRunner().invoke(cli, ["check", str(workspace)])
            assert result.exit_code == 0, result.output

        timed("in-process: quizgen check (CliRunner)", in_process, args.repeat)

        env = os.environ | {"PYTHONPATH": str(REPO)}
        command = [sys.executable, "-c", "from quizgen.cli import main; main()", "check", str(workspace)]

        def subprocess_check() -> None:
            subprocess.run(command, env=env, check=True, capture_output=True)

        timed("subprocess: quizgen check (imports included)", subprocess_check, args.repeat)

        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(load_workspace, [workspace])
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
