"""The label catalogue: both languages have the same keys, every key is used, typography by language."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from quizgen.core.labels import LABELS, label
from quizgen.core.typography import quoted, typeset

REPO = Path(__file__).resolve().parent.parent
SOURCES = [*REPO.joinpath("quizgen").rglob("*.py"), *REPO.joinpath("templates").rglob("*.html"),
           *REPO.joinpath("templates").rglob("*.js")]
# Keys looked up with a computed part (f"category.{verdict}"…): used when the family's prefix is used so.
DYNAMIC = ("category.", "report.type.", "report.flag.", "report.skill.", "report.reading.", "scan.kind.", "scan.todo.",
           "scan.state.", "scan.why.")
# Prefixes the code adds before looking a key up (practice's p("how"), the report's L("summary"), export word(),
# a new bank's w("sc_prompt"), an annotation draft's w("header")).
PREFIXES = ("practice.", "report.", "export.", "new.", "annotations.draft_")


def test_french_and_english_have_the_same_keys():
    assert set(LABELS["fr"]) == set(LABELS["en"])


def test_placeholders_match_between_languages():
    for key in LABELS["fr"]:
        fields = [{name for _, name, _, _ in string.Formatter().parse(LABELS[lang][key]) if name}
                  for lang in ("fr", "en")]
        assert fields[0] == fields[1], key


@pytest.mark.slow
def test_every_key_is_used_somewhere():
    text = "\n".join(path.read_text(encoding="utf-8") for path in SOURCES if path.name != "labels.py")
    text += REPO.joinpath("quizgen", "grading", "labels.py").read_text(encoding="utf-8")
    unused = []
    for key in LABELS["fr"]:
        if key.startswith(DYNAMIC):
            family = next(prefix for prefix in DYNAMIC if key.startswith(prefix))
            short = family.split(".", 1)[1] if family.startswith("report.") else family
            if short in text or family in text:
                continue
        names = {key} | {key[len(prefix):] for prefix in PREFIXES if key.startswith(prefix)}
        if not any(re.search(rf"""["'.]{re.escape(name)}\b""", text) for name in names):
            unused.append(key)
    assert not unused, f"labels nobody uses: {unused}"


@pytest.mark.slow
def test_the_unused_key_test_can_fail(monkeypatch):
    monkeypatch.setitem(LABELS["fr"], "nobody.uses.this", "x")
    monkeypatch.setitem(LABELS["en"], "nobody.uses.this", "x")
    try:
        test_every_key_is_used_somewhere()
    except AssertionError as error:
        assert "nobody.uses.this" in str(error)
    else:
        raise AssertionError("an unused key went unnoticed")


def test_typography_by_language():
    assert label("fr", "practice.one_letter") == "Votre réponse (une lettre)\u00a0: "
    assert label("en", "practice.one_letter") == "Your answer (one letter): "
    assert quoted("x", "fr") == "«\u00a0x\u00a0»" and quoted("x", "en") == "“x”"
    assert typeset("Nom : x ?", "fr") == "Nom\u00a0: x\u00a0?"
    assert typeset("Name\u00a0: x ?", "en") == "Name: x ?"  # a French no-break space left in English text
    english = "\n".join(LABELS["en"].values())
    assert "«" not in english and " :" not in english and "N°" not in english
