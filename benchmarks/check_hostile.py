"""How long does `quizgen check` take on banks made to make grounding slow (issue 12, row 6)?

Three workspaces, generated in a temporary folder from the mini test bank:

* `long-excerpts`: a bank file just under the 5 MB limit whose 80 questions each quote a 20 KB
  excerpt that is not in the 16 KB article (the outside probe's case: 175 s before the fix);
* `big-article`: an article just under 5 MB (the file limit) and 80 questions whose 1,000-character
  excerpts (the longest allowed) are not in it, made of the article's own words;
* `near-misses`: the same big article, 80 excerpts that are article sentences with one word changed
  (the closest-passage search has real work to do).

    python benchmarks/check_hostile.py                 # this checkout
    python benchmarks/check_hostile.py --repo /work/main --only long-excerpts --questions 20

`--repo` measures another checkout (e.g. one before the fix); `--questions` makes the old,
unbounded code finish in reasonable time (its cost grows linearly with it).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MINI = HERE.parent / "tests" / "data" / "mini"
LIMIT = 5 * 1024 * 1024


def _vocabulary(rng: random.Random, article_text: str, size: int = 30_000) -> list[str]:
    """The article's words and made-up ones, like a long text's vocabulary (used with Zipf weights)."""
    syllables = ["ba", "cri", "dé", "fon", "gar", "li", "mé", "nor", "pa", "que", "ré", "sti", "tu", "vo", "zan"]
    made_up = {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 5))) for _ in range(size)}
    return sorted(set(article_text.split())) + sorted(made_up)


def _words(rng: random.Random, vocabulary: list[str], characters: int) -> str:
    weights = [1 / rank for rank in range(1, len(vocabulary) + 1)]  # Zipf: a few words are everywhere
    out: list[str] = []
    size = 0
    while size < characters:
        for word in rng.choices(vocabulary, weights, k=64):
            out.append(word)
            size += len(word) + 1
    return " ".join(out)[:characters].rstrip()


def _question(number: int, excerpt: str) -> str:
    return (f"  - id: hostile-{number}\n    type: true-false\n    skill: fact-or-opinion\n    difficulty: 1\n"
            f"    prompt: \"Question {number} ?\"\n    excerpts: [{json.dumps(excerpt, ensure_ascii=False)}]\n"
            f"    answer: true\n    explanation: \"Explication.\"\n")


def generate(target: Path, case: str, questions: int) -> None:
    shutil.copytree(MINI, target)
    rng = random.Random(12)
    article_text = (MINI / "articles" / "ecole.txt").read_text(encoding="utf-8")
    vocabulary = _vocabulary(rng, article_text)
    if case == "long-excerpts":  # the probe's article: the bundled one (16 KB)
        article_text += (HERE.parent / "questions" / "articles" / "anchorage-2025.txt").read_text(encoding="utf-8")
        (target / "articles" / "ecole.txt").write_text(article_text, encoding="utf-8")
    if case in ("big-article", "near-misses"):
        paragraphs = [article_text]
        size = len(article_text.encode("utf-8"))
        while size < LIMIT - 20_000:
            paragraph = _words(rng, vocabulary, rng.randint(200, 1200)) + "."
            paragraphs.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 1
        (target / "articles" / "ecole.txt").write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
    bank = (target / "bank.yaml").read_text(encoding="utf-8")
    added = []
    for number in range(questions):
        if case == "long-excerpts":
            excerpt = "Zzz " + _words(rng, vocabulary, 20 * 1024)
        elif case == "big-article":
            excerpt = "Zzz " + _words(rng, vocabulary, 996)
        else:
            sentence = rng.choice(paragraphs[1:]).split(" ")[:40]
            sentence[len(sentence) // 2] = "Zzzyzzx"
            excerpt = " ".join(sentence)
        added.append(_question(number, excerpt))
    bank = bank.rstrip("\n") + "\n" + "".join(added)
    if case == "long-excerpts":  # fill the bank file up to the limit with comments
        padding = LIMIT - len(bank.encode("utf-8")) - 1024
        bank += ("# " + "x" * 1021 + "\n") * max(0, padding // 1024)
    (target / "bank.yaml").write_text(bank, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=HERE.parent, help="checkout whose quizgen is measured")
    parser.add_argument("--questions", type=int, default=80)
    parser.add_argument("--only", choices=["long-excerpts", "big-article", "near-misses"])
    args = parser.parse_args()
    sys.path.insert(0, str(args.repo.resolve()))
    from quizgen.bank.workspace import load_workspace
    from quizgen.core.problems import InvalidContent

    print(f"quizgen from {args.repo.resolve()}")
    for case in [args.only] if args.only else ["long-excerpts", "big-article", "near-misses"]:
        with tempfile.TemporaryDirectory(prefix="quizgen-hostile-") as tmp:
            workspace = Path(tmp) / "ws"
            generate(workspace, case, args.questions)
            sizes = {p.name: p.stat().st_size for p in workspace.rglob("*") if p.suffix in (".yaml", ".txt")}
            started = time.perf_counter()
            try:
                load_workspace([workspace])
                problems = 0
            except InvalidContent as error:
                problems = len(error.problems)
            elapsed = time.perf_counter() - started
            print(f"{case:<14} bank {sizes['bank.yaml'] / 1_048_576:4.1f} MB, article "
                  f"{sizes['ecole.txt'] / 1_048_576:4.1f} MB, {args.questions} excerpts: {elapsed:7.2f} s, "
                  f"{problems} problems")


if __name__ == "__main__":
    main()
