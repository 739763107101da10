"""Expert annotations: reading both SemEval formats, the import draft, and the agreement figures.

tests/data/annotations/ holds a made-up article (ws/articles/parks.txt: a title, a blank line, then
one paragraph per line, §2–§7 on lines 3–8), a bank labelling it (ws/parks/bank.yaml), and the same
article annotated in both formats. Every figure below is worked out by hand from those files.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizgen.annotations.compare import compare
from quizgen.annotations.corpus import PARAGRAPHS, SPANS, read_annotations
from quizgen.bank.new import NewRequest, new_bank
from quizgen.bank.workspace import load_workspace
from quizgen.cli import cli
from quizgen.core.problems import InvalidContent, UsageProblem

DATA = Path(__file__).parent / "data" / "annotations"
SPAN_FILE = DATA / "parks.spans.txt"
PARAGRAPH_FILE = DATA / "parks.paragraphs.txt"
GLOSSARY = Path(__file__).parent.parent / "questions" / "glossary.yaml"


@pytest.fixture()
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the parks workspace (with the bundled glossary) at tmp_path/ws; tmp_path is the working folder."""
    shutil.copytree(DATA / "ws", tmp_path / "ws")
    shutil.copy(GLOSSARY, tmp_path / "ws" / "glossary.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "ws"


def _bank(ws: Path):  # type: ignore[no-untyped-def]
    return load_workspace([ws]).bank("parks")


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


# ---------------------------------------------------------------------------------- reading


def test_span_file_is_mapped_widened_and_placed(ws):
    bank = _bank(ws)
    found = read_annotations(SPAN_FILE, bank.article, bank.glossary)
    assert found.format == SPANS and found.article_id == "999001" and len(found.items) == 10
    thief, reckless = found.items[0], found.items[1]
    # The file's span starts one character into "park" and ends two before the end of "sale": whole words.
    assert (thief.excerpt, thief.paragraph, thief.techniques) == ("park thief", 3, ("Name_Calling-Labeling",))
    assert bank.article.source[thief.start:thief.end] == "park thief" and thief.start == 171
    assert reckless.excerpt == "reckless sale"
    merged = found.items[9]
    assert merged.label == "Whataboutism,Straw_Men,Red_Herring"
    assert merged.techniques == ("Whataboutism", "Straw_Man", "Red_Herring") and merged.paragraph == 6
    assert found.items[8].paragraph == 1 and found.items[8].excerpt == "Destroy"  # the title is §1


def test_paragraph_file_counts_lines_with_the_blank_one(ws):
    bank = _bank(ws)
    found = read_annotations(PARAGRAPH_FILE, bank.article, bank.glossary)
    assert found.format == PARAGRAPHS
    # Line 1 has no label; line 3 is §2 (line 2 is blank), line 8 is §7.
    assert [(a.line, a.paragraph, a.techniques[0]) for a in found.items][:2] == [(2, 2, "Doubt"),
                                                                                  (3, 3, "Name_Calling-Labeling")]
    assert len(found.items) == 10
    assert {a.paragraph for a in found.items if a.techniques == ("Slogans",)} == {7}
    doubt = found.items[0]
    assert doubt.excerpt == bank.article.paragraphs[1]  # a paragraph label covers the whole paragraph


def test_a_span_over_two_paragraphs_is_cut_at_the_first_ones_end(ws, tmp_path):
    bank = _bank(ws)
    source = bank.article.source
    start = source.index("to maintain")
    end = source.index("Save our") + len("Save our")
    spans = tmp_path / "cut.txt"
    spans.write_text(f"1\tLoaded_Language\t{start}\t{end}\n", encoding="utf-8")
    [item] = read_annotations(spans, bank.article, bank.glossary).items
    assert (item.excerpt, item.paragraph, item.cut) == ("to maintain.", 6, True)


def test_blank_line_paragraphs_and_offsets_into_the_text_as_published(tmp_path):
    """An article whose paragraphs are wrapped over lines (quizgen new keeps the text as given)."""
    article = Path(__file__).parent / "data" / "new" / "harbour-bridge.txt"
    new_bank(NewRequest(article, tmp_path, id="bridge", language="en"))
    bank = load_workspace([tmp_path]).bank("bridge")
    text = bank.article.source
    start = text.index("build a\nnew footbridge")
    spans = tmp_path / "bridge.txt"
    spans.write_text(f"7\tLoaded_Language\t{start}\t{start + len('build a new footbridge')}\n", encoding="utf-8")
    [item] = read_annotations(spans, bank.article, bank.glossary).items
    assert (item.excerpt, item.paragraph) == ("build a new footbridge", 2)


@pytest.mark.parametrize(("line", "message"), [
    ("999001\tLoaded_Language\t540\t9999", "5: the span 540–9999 is not inside the article's text (544 characters"),
    ("999001\tLoaded_Languag\t0\t5", "5: unknown technique label 'Loaded_Languag': it is neither a SemEval-2020 label "
                                      "nor an id of the glossary. Did you mean 'Loaded_Language'?"),
    ("999001\tLoaded_Language\t1\t2\t3", "5: this line does not have the shape of the file's first line "
                                          "(article_id, technique, start, end, separated by tabs)."),
    ("999001\tDoubt\t53\t54", "5: the span 53–54 holds no words of the article."),
])
def test_bad_span_lines_are_reported_by_line(ws, tmp_path, line, message):
    bank = _bank(ws)
    bad = tmp_path / "bad.txt"
    bad.write_text("\n".join(SPAN_FILE.read_text(encoding="utf-8").splitlines()[:4] + [line]) + "\n",
                   encoding="utf-8")
    with pytest.raises(InvalidContent) as raised:
        read_annotations(bad, bank.article, bank.glossary)
    [problem] = raised.value.problems
    assert str(problem).startswith(f"bad.txt:{message}")


def test_bad_paragraph_lines_and_article_ids(ws, tmp_path):
    bank = _bank(ws)
    bad = tmp_path / "bad.txt"
    bad.write_text("999001\t2\tDoubt\n999001\t40\tDoubt\n", encoding="utf-8")
    with pytest.raises(InvalidContent) as raised:
        read_annotations(bad, bank.article, bank.glossary)
    assert [str(p) for p in raised.value.problems] == [
        "bad.txt:1: line 2 of the article's text is blank; SemEval-2023 line numbers count every line of the article "
        "file, from 1 (ws/articles/parks.txt). Check that this is the article annotated.",
        "bad.txt:2: line 40 of the article's text does not exist (8 lines); SemEval-2023 line numbers count every "
        "line of the article file, from 1 (ws/articles/parks.txt). Check that this is the article annotated."]
    several = tmp_path / "several.txt"
    several.write_text("111\t3\tDoubt\n222\t3\tDoubt\n", encoding="utf-8")
    with pytest.raises(UsageProblem, match=r"annotates 2 articles \(111, 222\); say which one .* --article ID"):
        read_annotations(several, bank.article, bank.glossary)
    assert len(read_annotations(several, bank.article, bank.glossary, "222").items) == 1
    with pytest.raises(UsageProblem, match="has no annotation of article '333'"):
        read_annotations(several, bank.article, bank.glossary, "333")


# ---------------------------------------------------------------------------------- compare


def test_agreement_with_the_span_file_worked_out_by_hand(ws):
    """The bank's 8 labels: park thief (Name_Calling), reckless sale (Loaded), the either-or sentence
    (False_Dilemma), the worst decision (Loaded), our children… (Fear), the council sentence (Doubt),
    the chant (Slogans, Repetition). Annotated the same: thief, reckless, either-or (Black-and-White =
    False_Dilemma), chant ×2 → 5. Another technique: worst decision (annotated Exaggeration), our
    children… (inside the either-or span) → 2. Not annotated: the council sentence → 1.
    The 10 annotations: used with the same technique: thief, reckless, either-or, Slogans, Repetition
    → 5; used otherwise: worst decision → 1; unused: concrete desert, professor, Destroy, the merged
    whataboutism span → 4."""
    comparison = compare(_bank(ws), read_annotations(SPAN_FILE, _bank(ws).article, _bank(ws).glossary))
    data = comparison.as_json()
    assert data["agreement"] == {"rate": 0.625, "labels": 8, "confirmed": 5, "contradicted": 2, "unannotated": 1}
    assert data["coverage"] == {"rate": 0.5, "annotations": 10, "used": 5, "used_otherwise": 1, "unused": 4}
    techniques = data["techniques"]
    assert techniques["Loaded_Language"] == {"labels": {"confirmed": 1, "contradicted": 1, "unannotated": 0},
                                             "annotations": {"used": 1, "used_otherwise": 0, "unused": 1}}
    assert techniques["Exaggeration-Minimisation"]["annotations"] == {"used": 0, "used_otherwise": 1, "unused": 1}
    assert techniques["Doubt"]["labels"] == {"confirmed": 0, "contradicted": 0, "unannotated": 1}
    # The merged class counts under each of its techniques (and once in the totals above).
    assert all(techniques[t]["annotations"]["unused"] == 1 for t in ("Whataboutism", "Straw_Man", "Red_Herring"))
    assert {(u["paragraph"], u["excerpt"]) for u in data["unused"]} == {
        (3, "turn the city into a concrete desert"), (5, "A professor of urban planning said"), (1, "Destroy"),
        (6, "the parks cost the city 300,000 dollars a year to maintain")}


def test_agreement_with_the_paragraph_file_worked_out_by_hand(ws):
    """By paragraph: the council sentence's §2 is labelled Doubt → confirmed; the worst decision's §5
    has Authority and Exaggeration only, our children…'s §4 has False_Dilemma only → 2 contradicted;
    the 5 others confirmed → 6 of 8. Annotations: §2 Doubt, §3 Name_Calling and Loaded, §4
    False_Dilemma, §7 Slogans and Repetition used → 6; §3 Exaggeration and §5 Authority and
    Exaggeration sit beside bank labels of other techniques → 3 used otherwise; §6 Red_Herring → 1 unused."""
    bank = _bank(ws)
    data = compare(bank, read_annotations(PARAGRAPH_FILE, bank.article, bank.glossary)).as_json()
    assert data["agreement"] == {"rate": 0.75, "labels": 8, "confirmed": 6, "contradicted": 2, "unannotated": 0}
    assert data["coverage"] == {"rate": 0.6, "annotations": 10, "used": 6, "used_otherwise": 3, "unused": 1}
    assert [(u["paragraph"], u["techniques"]) for u in data["unused"]] == [(6, ["Red_Herring"])]


def test_compare_command_text_and_json(ws):
    text = _run("annotations", "compare", str(SPAN_FILE), "--questions", "ws")
    assert "Agreement: 5 of the bank's 8 labels (62.5%) are annotated with the same technique; 2 with another, " \
           "1 not at all." in text
    assert "Coverage: 5 of the 10 annotations (50%) are used by the bank with the same technique; 1 with another, " \
           "4 not at all." in text
    assert "doubt-council  §2  Doubt  “The city council approved a plan on Tuesday”  (annotated: none)" in text
    assert "§1  Loaded_Language  “Destroy”" in text and "parks.spans.txt:9)" in text
    french = _run("annotations", "compare", str(PARAGRAPH_FILE), "--questions", "ws", "--lang", "fr")
    assert "Accord : 6 des 8 étiquettes de la banque (75\u00a0%)" in french
    data = json.loads(_run("annotations", "compare", str(PARAGRAPH_FILE), "--questions", "ws", "--json"))
    assert data["agreement"]["rate"] == 0.75 and data["annotations"]["format"] == PARAGRAPHS


# ---------------------------------------------------------------------------------- import


def _uncommented(draft: str) -> str:
    lines = draft.splitlines()
    assert all(line == "#" or line.startswith("# ") for line in lines), "every line of a draft is a comment"
    return "\n".join(line[2:] for line in lines) + "\n"


@pytest.mark.parametrize("source", [SPAN_FILE, PARAGRAPH_FILE])
def test_import_round_trip(ws, source):
    """Draft → uncommented into the bank → check passes → every annotation is now used by the bank."""
    output = _run("annotations", "import", str(source), "--questions", "ws")
    draft = Path("parks-annotations-999001.draft.yaml")
    assert f"Draft written: {draft}" in output
    text = draft.read_text(encoding="utf-8")
    assert "kind: questions" in text and "bank: parks" in text
    (ws / "parks" / "draft.yaml").write_text(_uncommented(text), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "ws"])
    assert result.exit_code == 0, result.output
    bank = _bank(ws)
    assert {q.id for q in bank.questions} >= {"annotated-999001-matching", "annotated-999001-classification"}
    coverage = compare(bank, read_annotations(source, bank.article, bank.glossary)).as_json()["coverage"]
    assert coverage["used"] == coverage["annotations"] == 10
    # Never replaced.
    again = CliRunner().invoke(cli, ["annotations", "import", str(source), "--questions", "ws"])
    assert again.exit_code == 1 and "already exists" in again.output
    assert draft.read_text(encoding="utf-8") == text


def test_draft_merges_labels_of_one_excerpt_and_says_where_each_comes_from(ws):
    _run("annotations", "import", str(SPAN_FILE), "--questions", "ws", "--out", "d.yaml")
    text = Path("d.yaml").read_text(encoding="utf-8")
    assert ('#       - excerpt: "park thief"    # §3, chars 171–181 Name_Calling,Labeling\n'
            "#         technique: Name_Calling-Labeling\n") in text
    assert "#         technique: Whataboutism\n#         also_accept: [Straw_Man, Red_Herring]\n" in text
    # The paragraph file labels §3 three times: one pair, the others accepted too.
    _run("annotations", "import", str(PARAGRAPH_FILE), "--questions", "ws", "--out", "p.yaml")
    paragraphs = Path("p.yaml").read_text(encoding="utf-8")
    assert "also_accept: [Loaded_Language, Exaggeration-Minimisation]" in paragraphs
    assert ("# §3, article line 4 Name_Calling-Labeling; article line 4 Loaded_Language; "
            "article line 4 Exaggeration-Minimisation") in paragraphs


def test_question_ids_of_the_draft_do_not_clash_with_the_bank(ws):
    bank_file = ws / "parks" / "bank.yaml"
    bank_file.write_text(bank_file.read_text(encoding="utf-8").replace("id: chant", "id: annotated-999001-matching"),
                         encoding="utf-8")
    _run("annotations", "import", str(SPAN_FILE), "--questions", "ws", "--out", "d.yaml")
    assert "- id: annotated-999001-matching-2" in Path("d.yaml").read_text(encoding="utf-8")
