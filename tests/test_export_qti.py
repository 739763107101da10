"""QTI 2.1 package: a structural checker written from the QTI 2.1 and IMS CP specifications
(the IMS XSDs are "All Rights Reserved" and could not be vendored; set QUIZGEN_QTI21_XSD to a
local imsqti_v2p1.xsd to validate against it as well), deterministic zip bytes, and the response
processing run by a small evaluator of the subset quizgen writes, scored against the bank's policy."""

from __future__ import annotations

import os
from itertools import combinations
from pathlib import Path

import pytest
from export_support import QTI, expected_answers, export_of, hostile_workspace, qti_files
from lxml import etree

from quizgen.bank.workspace import Workspace, load_workspace
from quizgen.export.from_bank import Policy
from quizgen.export.qti21 import write_qti21
from quizgen.types import LETTERS, type_of
from quizgen.types.scoring import earned

CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
ORDER = ["responseDeclaration", "outcomeDeclaration", "templateDeclaration", "templateProcessing", "stylesheet",
         "itemBody", "responseProcessing", "modalFeedback"]

#: The other policy of every type that has one.
STRICT_ROWS = {"multiple-select": "partial", "matching": "all-or-nothing", "claim-classification": "all-or-nothing"}


def structure(files: dict[str, bytes]) -> list[str]:
    """What the QTI 2.1 / CP 1.1 specifications require of the parts quizgen writes."""
    problems = []
    manifest = etree.fromstring(files["imsmanifest.xml"])
    if manifest.tag != f"{CP}manifest":
        return ["imsmanifest.xml is not an IMS CP manifest"]
    for resource in manifest.iter(f"{CP}resource"):
        href = resource.get("href")
        if href not in files:
            problems.append(f"resource {resource.get('identifier')} points to missing {href}")
        if resource.get("type") not in ("imsqti_item_xmlv2p1", "imsqti_test_xmlv2p1"):
            problems.append(f"resource type {resource.get('type')}")
    for name, data in files.items():
        if not name.startswith("items/"):
            continue
        item = etree.fromstring(data)
        where = name
        if item.tag != f"{QTI}assessmentItem" or not item.get("identifier") or item.get("adaptive") is None \
                or item.get("timeDependent") is None or not item.get("title"):
            problems.append(f"{where}: assessmentItem needs identifier, title, adaptive, timeDependent")
        tags = [child.tag.replace(QTI, "") for child in item]
        if [t for t in ORDER if t in tags] != list(dict.fromkeys(tags)):
            problems.append(f"{where}: children out of order: {tags}")
        declared = {d.get("identifier"): d for d in item.iter(f"{QTI}responseDeclaration", f"{QTI}outcomeDeclaration")}
        for interaction in item.iter(f"{QTI}choiceInteraction", f"{QTI}matchInteraction",
                                     f"{QTI}extendedTextInteraction"):
            if interaction.get("responseIdentifier") not in declared:
                problems.append(f"{where}: interaction without its responseDeclaration")
        for reference in item.iter(f"{QTI}variable", f"{QTI}correct", f"{QTI}mapResponse", f"{QTI}setOutcomeValue"):
            if reference.get("identifier") not in declared:
                problems.append(f"{where}: {reference.tag} refers to undeclared {reference.get('identifier')}")
        choices = {c.get("identifier") for c in item.iter(f"{QTI}simpleChoice", f"{QTI}simpleAssociableChoice")}
        for value in item.iter(f"{QTI}value", f"{QTI}mapEntry"):
            key = value.get("mapKey") if value.tag == f"{QTI}mapEntry" else value.text
            in_key = value.getparent().tag in (f"{QTI}correctResponse", f"{QTI}mapping")
            if in_key and key and not set(key.split()) <= choices:
                problems.append(f"{where}: {key} names no choice")
        for block in item.iter(f"{QTI}rubricBlock"):
            if block.get("view") != "scorer":
                problems.append(f"{where}: rubric not limited to scorers")
        for element in item.iter():
            if isinstance(element.tag, str) and element.tag.endswith("script"):
                problems.append(f"{where}: a script element")
    return problems


@pytest.mark.slow
def test_structure_of_the_bundled_and_hostile_packages(bundled: Workspace, tmp_path: Path) -> None:
    hostile = load_workspace([hostile_workspace(tmp_path / "ws")])
    for workspace in (bundled, hostile):
        files = qti_files(write_qti21(export_of(workspace)[1]).data)
        assert structure(files) == []
        assert list(files)[0] == "imsmanifest.xml"


@pytest.mark.skipif(not os.environ.get("QUIZGEN_QTI21_XSD"), reason="set QUIZGEN_QTI21_XSD to a local QTI 2.1 XSD")
def test_items_validate_against_a_local_xsd(bundled: Workspace) -> None:
    schema = etree.XMLSchema(etree.parse(os.environ["QUIZGEN_QTI21_XSD"]))
    for name, data in qti_files(write_qti21(export_of(bundled)[1]).data).items():
        if name.startswith("items/"):
            schema.assertValid(etree.fromstring(data))


def test_zip_bytes_are_deterministic(mini: Workspace) -> None:
    first = write_qti21(export_of(mini, seed=3)[1]).data
    assert write_qti21(export_of(mini, seed=3)[1]).data == first


# --- response processing, evaluated ----------------------------------------------------------------


def score(item: etree._Element, response: list[str]) -> float:
    """SCORE after responseProcessing, for the subset quizgen writes."""
    declaration = item.find(f"{QTI}responseDeclaration")
    correct = [v.text for v in declaration.iter(f"{QTI}value")]
    mapping = declaration.find(f"{QTI}mapping")

    def map_response() -> float:
        entries = {e.get("mapKey"): float(e.get("mappedValue")) for e in mapping.iter(f"{QTI}mapEntry")}
        total = sum(entries.get(value, float(mapping.get("defaultValue", "0"))) for value in set(response))
        total = max(total, float(mapping.get("lowerBound", "-inf")))
        return min(total, float(mapping.get("upperBound", "inf")))

    def evaluate(expression: etree._Element) -> float | bool:
        tag = expression.tag.replace(QTI, "")
        if tag == "baseValue":
            return float(expression.text)
        if tag == "mapResponse":
            return map_response()
        if tag == "match":
            return sorted(response) == sorted(correct)
        if tag == "equal":
            left, right = (evaluate(e) for e in expression)
            return left == right
        raise AssertionError(f"unexpected expression {tag}")

    result = 0.0
    for rule in item.find(f"{QTI}responseProcessing"):
        tag = rule.tag.replace(QTI, "")
        if tag == "setOutcomeValue" and rule.get("identifier") == "SCORE":
            result = float(evaluate(rule[0]))
        elif tag == "responseCondition":
            branch = rule.find(f"{QTI}responseIf")
            chosen = branch if evaluate(branch[0]) else rule.find(f"{QTI}responseElse")
            result = float(evaluate(chosen.find(f"{QTI}setOutcomeValue")[0]))
    return result


def bank_score(mini: Workspace, entry: dict, policy: Policy, ticked: list[str] | None = None,
               right_rows: int = 0) -> float:
    """What the bank gives the same answer: the question's own scoring table from the registry under
    `policy`, applied by the one scoring rule (quizgen.types.scoring) — never a second implementation."""
    bank = mini.banks[0]
    question = next(q for q in bank.questions if q.id == entry["id"])
    kind = type_of(question)
    table = kind.scoring(question, bank.view, kind.policy({**bank.scoring, **policy}))
    if ticked is not None:  # letters as printed on the variant → bank indices of the choices
        return earned(table, {"choices": [str(entry["choice_order"][LETTERS.index(letter)]) for letter in ticked]})
    given = {}
    for number, original in enumerate(entry["row_order"]):
        slot = table.slot(f"row{original}")
        given[slot.key] = [slot.best[0]] if number < right_rows else []
    return earned(table, given)


@pytest.mark.parametrize("policy", [{}, STRICT_ROWS])
def test_response_processing_scores_as_the_bank(mini: Workspace, policy: Policy) -> None:
    drawn, export = export_of(mini, seed=2, policy=policy)
    files = qti_files(write_qti21(export).data)
    expected = expected_answers(drawn)
    checked = 0
    for item_export in export.items:
        qid = item_export.common.id
        item = etree.fromstring(files[f"items/{qid}.xml"])
        entry = expected[qid]
        points = float(entry["points"])
        if entry["type"] in ("single-choice", "multiple-select"):
            letters = [c.get("identifier") for c in item.iter(f"{QTI}simpleChoice")]
            assert [v.text for v in item.find(f"{QTI}responseDeclaration").iter(f"{QTI}value")] == entry["correct"]
            for size in range(len(letters) + 1):
                for ticked in combinations(letters, size):
                    if entry["type"] == "single-choice" and size != 1:
                        continue
                    want = bank_score(mini, entry, policy, ticked=list(ticked))
                    assert score(item, list(ticked)) == pytest.approx(want, abs=1e-4), (qid, ticked)
                    checked += 1
        elif entry["type"] in ("matching", "claim-classification"):
            stems = [c.get("identifier") for c in item.find(f".//{QTI}matchInteraction")[0]]
            correct = [v.text for v in item.find(f"{QTI}responseDeclaration").iter(f"{QTI}value")]
            accepted = {e.get("mapKey") for e in item.iter(f"{QTI}mapEntry")}  # also-accepted answers score too
            answers = [c.get("identifier") for c in item.find(f".//{QTI}matchInteraction")[1]]
            wrong_answer = {stem: next(a for a in answers if f"{stem} {a}" not in accepted) for stem in stems}
            for right_rows in range(len(stems) + 1):
                response = correct[:right_rows] + [f"{s} {wrong_answer[s]}" for s in stems[right_rows:]]
                want = bank_score(mini, entry, policy, right_rows=right_rows)
                assert score(item, response) == pytest.approx(want, abs=1e-4), (qid, response)
                checked += 1
        elif entry["type"] == "true-false":
            assert score(item, ["TRUE" if entry["correct"] else "FALSE"]) == points
            assert score(item, ["FALSE" if entry["correct"] else "TRUE"]) == 0
    assert checked > 20


def test_essay_has_a_scorer_only_rubric(mini: Workspace) -> None:
    files = qti_files(write_qti21(export_of(mini)[1]).data)
    essay = etree.fromstring(files["items/q-short.xml"])
    rubric = essay.find(f".//{QTI}rubricBlock")
    assert rubric.get("view") == "scorer"
    assert "Nomme une source primaire" in etree.tostring(rubric, encoding="unicode")
    assert essay.find(f".//{QTI}extendedTextInteraction").get("expectedLines") == "4"


def test_classification_categories_take_many_claims(mini: Workspace) -> None:
    files = qti_files(write_qti21(export_of(mini)[1]).data)
    item = etree.fromstring(files["items/q-classify.xml"])
    categories = item.find(f"{QTI}itemBody/{QTI}matchInteraction")[1]
    assert [c.get("matchMax") for c in categories] == ["0"] * 4
    assert [c.text for c in categories] == ["Exacte", "Inexacte", "Trompeuse", "Invérifiable"]
