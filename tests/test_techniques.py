"""Technique ids for people: `quizgen techniques`, the docs' tables, unknown-id messages, the SemEval-2020 mapping."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from quizgen.bank.techniques import technique_rows
from quizgen.bank.workspace import load_glossary
from quizgen.cli import cli
from quizgen.types.base import BankView, unknown_technique
from quizgen.types.corpus_labels import PTC_UNMERGED, SEMEVAL_2020, glossary_ids

REPO = Path(__file__).parent.parent
GLOSSARY = REPO / "questions" / "glossary.yaml"
DOC = (REPO / "docs" / "bank-format.md").read_text(encoding="utf-8")

#: The 14 classes of SemEval-2020 Task 11, as its label files spell them (checked against the task's
#: published label lists and participants' code).
SEMEVAL_2020_CLASSES = {
    "Appeal_to_Authority", "Appeal_to_fear-prejudice", "Bandwagon,Reductio_ad_hitlerum", "Black-and-White_Fallacy",
    "Causal_Oversimplification", "Doubt", "Exaggeration,Minimisation", "Flag-Waving", "Loaded_Language",
    "Name_Calling,Labeling", "Repetition", "Slogans", "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
}


def _glossary():
    return load_glossary([GLOSSARY])[0]


def test_the_mapping_covers_every_semeval_2020_class_and_lands_in_the_glossary():
    assert set(SEMEVAL_2020) == SEMEVAL_2020_CLASSES
    glossary = _glossary()
    for label, ids in {**SEMEVAL_2020, **PTC_UNMERGED}.items():
        assert ids and all(tid in glossary for tid in ids), label
    assert glossary_ids("Thought-terminating_Cliches") == ("Conversation_Killer",)
    assert glossary_ids("Loaded_Language") == ("Loaded_Language",)
    assert glossary_ids("Appeal_to_Time") == ("Appeal_to_Time",)  # a 2023 label is kept


def test_docs_list_every_technique_of_the_bundled_glossary():
    lines = ["| id | French name | English name | category |", "|---|---|---|---|"]
    lines += [f"| `{r.id}` | {r.french} | {r.english} | {r.category} |" for r in technique_rows(_glossary())]
    assert "\n".join(lines) in DOC, "regenerate the technique table of docs/bank-format.md"
    assert len(lines) == 2 + 23


def test_docs_show_the_mapping_as_the_package_holds_it():
    lines = ["| SemEval-2020 / PTC label | glossary id(s) |", "|---|---|"]
    lines += [f"| `{label}` | " + ", ".join(f"`{tid}`" for tid in ids) + " |"
              for label, ids in {**SEMEVAL_2020, **PTC_UNMERGED}.items()]
    assert "\n".join(lines) in DOC, "regenerate the mapping table of docs/bank-format.md"


def test_techniques_command_lists_ids_names_and_categories():
    result = CliRunner().invoke(cli, ["techniques", str(REPO / "questions")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("23 techniques in ") and lines[0].endswith("glossary.yaml")
    row = next(line for line in lines if line.startswith("False_Dilemma-No_Choice "))
    assert "Faux dilemme" in row and "False Dilemma/No Choice" in row and "simplification" in row
    assert "Black-and-White_Fallacy" in row
    data = json.loads(CliRunner().invoke(cli, ["techniques", str(REPO / "questions"), "--json"]).output)
    assert len(data) == 23 and data[0] == {"id": "Name_Calling-Labeling", "french": "Étiquetage",
                                           "english": "Name Calling/Labeling", "category": "attack-on-reputation",
                                           "old_labels": ["Name_Calling,Labeling"]}


def test_techniques_works_while_a_bank_is_broken(tmp_path):
    (tmp_path / "glossary.yaml").write_bytes(GLOSSARY.read_bytes())
    (tmp_path / "bank.yaml").write_text("kind: bank\nid: [oops\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["techniques", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("23 techniques in")


def test_techniques_without_a_glossary_says_how_to_get_one(tmp_path):
    (tmp_path / "bank.yaml").write_text("kind: questions\nbank: x\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["techniques", str(tmp_path)])
    assert result.exit_code == 1 and "no glossary here" in result.output and "quizgen init" in result.output


def test_unknown_technique_names_the_closest_ids_and_the_glossary_file():
    view = BankView(_glossary(), {}, ("questions/glossary.yaml",))
    message = unknown_technique("Appeal_to_Fear", view)
    assert message.startswith("unknown technique 'Appeal_to_Fear'. Did you mean 'Appeal_to_Fear-Prejudice'")
    assert message.endswith("Technique ids are listed in questions/glossary.yaml (and by 'quizgen techniques').")
    # By name, in either language, case and accents aside.
    assert "Did you mean 'Loaded_Language'?" in unknown_technique("langage charge", view)
    assert "Did you mean 'False_Dilemma-No_Choice'?" in unknown_technique("False dilemma", view)
    # Several close ids.
    several = unknown_technique("Appeal_to", view)
    assert several.count("'Appeal_to_") >= 3 and " or '" in several
    # A SemEval-2020 label gets its 2023 id.
    assert ("'Black-and-White_Fallacy' is a SemEval-2020 (PTC) label; the glossary's id is 'False_Dilemma-No_Choice'."
            in unknown_technique("Black-and-White_Fallacy", view))
    assert "'Whataboutism' or 'Straw_Man' or 'Red_Herring'" in unknown_technique(
        "Whataboutism,Straw_Men,Red_Herring", view)
    assert "Did you mean" not in unknown_technique("Zzzz", view)
