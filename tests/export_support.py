"""Shared by the export tests: variants, a hostile bank, readers of each format back into
quizgen's answer shape, the QTI structural checker, and the two independent GIFT parsers."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import yaml
from lxml import etree

from quizgen.bank.dump import content_hash
from quizgen.bank.workspace import Workspace
from quizgen.export.from_bank import Policy, export_variant
from quizgen.export.items import Export
from quizgen.variants.draw import Options, Variant, make_variant, manifest_questions

HERE = Path(__file__).parent
MINI = HERE / "data" / "mini"
GIFT_PEGJS = HERE / "js" / "node_modules" / "gift-pegjs"
QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"

# Everything that has broken an export somewhere: CDATA end, markup, GIFT's special characters,
# a weight or format marker at the start, a backslash, an entity, a control character, a bidi override.
HOSTILE = "]]> <script>alert(1)</script> {x} ~y =z #h a: b \\n & &amp; \u202eRTL\u202c %50% [plain] -> «q»"
HOSTILE_CONTROL = HOSTILE + "\x01\x1b"
# Bidi controls left open or closing nothing (issue 12 row 15): each exported text must keep them to itself.
UNBALANCED_PUBLISHER = "AFP\u202e"  # an RLO never closed: the date printed after it would read backwards
UNBALANCED_CHOICE = "\u202cfermé \u2067ouvert"  # a PDF with nothing to close, then an RLI never closed


NO_OPTIONS = Options()


def variant(workspace: Workspace, options: Options = NO_OPTIONS, seed: int = 1) -> Variant:
    bank = workspace.banks[0]
    return make_variant(bank, options, seed, content_hash(bank))


def export_of(workspace: Workspace, options: Options = NO_OPTIONS, seed: int = 1,
              policy: Policy | None = None) -> tuple[Variant, Export]:
    drawn = variant(workspace, options, seed)
    return drawn, export_variant(drawn, policy)


def hostile_workspace(target: Path) -> Path:
    """The mini bank with hostile text in every kind of field, including a grounded excerpt."""
    shutil.copytree(MINI, target)
    article = target / "articles" / "ecole.txt"
    article.write_text(article.read_text(encoding="utf-8") + f"\nUn passage piégé {HOSTILE} fin.\n", encoding="utf-8")
    data = yaml.safe_load((target / "bank.yaml").read_text(encoding="utf-8"))
    questions = {q["id"]: q for q in data["questions"]}
    for question in questions.values():
        question["prompt"] = f"{question['prompt']} {HOSTILE_CONTROL}"
        question["explanation"] = f"{question['explanation']} {HOSTILE}"
    questions["q-choice"]["excerpts"] = [f"passage piégé {HOSTILE} fin"]
    questions["q-choice"]["choices"][0]["text"] = f"%50% {HOSTILE}"
    questions["q-choice"]["choices"][1]["why_wrong"] = f"[plain] {HOSTILE}"
    questions["q-choice"]["choices"][2]["text"] = UNBALANCED_CHOICE
    questions["q-multi"]["choices"][2]["text"] = f"[html]<b>{HOSTILE}"
    questions["q-short"]["model_answer"] = HOSTILE
    questions["q-short"]["rubric"][0]["criterion"] = HOSTILE
    questions["q-fact"]["categories"][0]["label"] = f"Fait {HOSTILE}"
    questions["q-fact"]["items"][0]["excerpt"] = f"passage piégé {HOSTILE}"
    data["claims"][1]["sources"][0]["url"] = "https://example.org/a?b=1&c={2}#~x:y]]>"
    data["claims"][1]["sources"][0]["title"] = HOSTILE
    data["claims"][1]["sources"][0]["publisher"] = UNBALANCED_PUBLISHER
    article_file = target / "articles" / "ecole.yaml"
    article_file.write_text(article_file.read_text(encoding="utf-8").replace(
        'publisher: "Journal de l’école (fictif)"', f'publisher: "Journal{UNBALANCED_PUBLISHER}"'), encoding="utf-8")
    (target / "bank.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000),
                                      encoding="utf-8")
    return target


def normal(text: str) -> str:
    """Text as compared across formats: NFC, any run of spaces (non-breaking too) as one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


# --- expected answers, in quizgen's answer shape -----------------------------------------------------


def expected_answers(drawn: Variant) -> dict[str, Any]:
    """Question id → the manifest's correct answer (letters, True/False, row → letter or category id)."""
    return {entry["id"]: entry for entry in manifest_questions(drawn)}


def row_answer_to_manifest(drawn: Variant, question_id: str, answer_text: str, labels: dict[str, str]) -> str:
    """A matching/classification answer text → the manifest's letter (matching) or category id."""
    entry = expected_answers(drawn)[question_id]
    # Moodle and GIFT answers are plain text shown through tag stripping: < > are written ‹ ›.
    identifier = labels[normal(answer_text.replace("‹", "<").replace("›", ">"))]
    if entry["type"] == "matching":
        return next(letter for letter, tid in entry["options"].items() if tid == identifier)
    return identifier


def labels_of(drawn: Variant, question_id: str) -> dict[str, str]:
    """Normalised answer text → technique id or category id, as the export writes them."""
    from quizgen.core.labels import Texts
    from quizgen.types.claim_classification import TYPE as CLASSIFICATION

    bank = drawn.bank
    texts = Texts(drawn.language, bank.language)  # the export sets the language's typography, as the PDFs do
    question = next(q for q in bank.questions if q.id == question_id)
    if question.type == "matching":
        return {normal(texts.t(bank.glossary[tid].name)): tid
                for tid in {p.technique for p in question.pairs} | set(question.distractors)}
    assert question.type == "claim-classification"
    return {normal(CLASSIFICATION.label(cid, question, texts)): cid for cid in CLASSIFICATION.categories(question)}


# --- Moodle XML read back ----------------------------------------------------------------------------


def moodle_answers(data: bytes, drawn: Variant) -> dict[str, Any]:
    """Each question of a Moodle XML file as quizgen's answer shape (by idnumber)."""
    found: dict[str, Any] = {}
    for question in etree.fromstring(data).iter("question"):
        kind = question.get("type")
        ident = (question.findtext("idnumber") or "").strip()
        if kind == "multichoice":
            letters = [chr(65 + i) for i, a in enumerate(question.findall("answer")) if float(a.get("fraction")) > 0]
            found[ident] = letters
        elif kind == "truefalse":
            right = next(a for a in question.findall("answer") if a.get("fraction") == "100")
            found[ident] = right.findtext("text").strip() == "true"
        elif kind == "matching":
            labels = labels_of(drawn, ident)
            rows = [s for s in question.findall("subquestion") if (s.findtext("text") or "").strip()]
            found[ident] = {str(n): row_answer_to_manifest(drawn, ident, s.findtext("answer/text"), labels)
                            for n, s in enumerate(rows, 1)}
        elif kind == "essay":
            found[ident] = None
    return found


# --- GIFT parsers ------------------------------------------------------------------------------------


def gift_pegjs(text: str) -> list[dict[str, Any]]:
    """gift-pegjs (npm) run by node: the parsed questions, or an AssertionError with its message."""
    result = subprocess.run(["node", str(HERE / "js" / "parse-gift.js")], input=text.encode("utf-8"),
                            capture_output=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


def gift_pegjs_available() -> bool:
    return GIFT_PEGJS.is_dir() and shutil.which("node") is not None


# --- QTI 2.1 -----------------------------------------------------------------------------------------


def qti_files(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
