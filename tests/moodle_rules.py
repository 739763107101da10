"""What Moodle's importer requires of a Moodle XML file, checked independently of quizgen's writer.

Written from Moodle's own code, read as reference (none of it copied):
- question/format/xml/format.php: import_question dispatch (types), import_headers (name,
  idnumber, defaultgrade), import_truefalse (answer texts 'true'/'false'), import_match
  (subquestion text + answer text, trimmed), import_essay (responsefieldlines, graderinfo),
  import_category; every <text> is trimmed on import;
- question/format.php importprocess: each answer fraction must be within 1e-5 of
  question_bank::fraction_options_full() (question/engine/bank.php), else the question is
  refused; a save_question_options() notice stops the import of every following question;
  duplicate idnumbers in a category are silently dropped;
- qtype_multichoice save_question_options: ≥ 2 non-empty answers; single → the best answer is
  100 % (fractionsnomax); multiple → positive fractions add up to 100 % after rounding to 2
  decimals (fractionsaddwrong);
- qtype_match: a stem with text needs an answer (nomatchinganswer notice); the edit form asks
  for ≥ 2 stems and ≥ 3 answers; identical answer texts are merged (array_search), so two
  answers that differ only by spaces or Unicode normalisation would show as two choices that
  look the same;
- import_text_with_files: @@PLUGINFILE@@/name must have its <file name="name"> in the same field.
"""

from __future__ import annotations

import re
import unicodedata

from lxml import etree

FRACTIONS = [100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5,
             11.11111, 10, 5, 0]
ALLOWED = FRACTIONS + [-f for f in FRACTIONS if f]
TYPES = {"category", "multichoice", "truefalse", "matching", "essay", "description"}
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _text(element: etree._Element | None, path: str = "text") -> str:
    if element is None:
        return ""
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""


def _fraction(value: str) -> float | None:
    number = float(value)
    for allowed in ALLOWED:
        if abs(number - allowed) <= 1e-5 * 100:
            return allowed
    return None


def check(data: bytes) -> list[str]:
    """Every rule broken, as readable messages (empty: Moodle would import the file as it is)."""
    problems: list[str] = []
    root = etree.fromstring(data)  # raises on a file that is not well-formed
    if root.tag != "quiz":
        return [f"root element is <{root.tag}>, not <quiz>"]
    if CONTROL.search(data.decode("utf-8")):
        problems.append("a control character is in the file")
    category = None
    idnumbers: dict[str | None, set[str]] = {}
    for number, question in enumerate(root.iter("question"), 1):
        kind = question.get("type")
        where = f"question {number} ({kind})"
        if kind not in TYPES:
            problems.append(f"{where}: type not imported by core Moodle")
            continue
        if kind == "category":
            category = _text(question.find("category"))
            if not category.startswith("$course$/"):
                problems.append(f"{where}: category path '{category}' does not start with $course$/")
            continue
        if category is None:
            problems.append(f"{where}: comes before any category")
        name = _text(question.find("name"))
        where = f"{where} '{name}'"
        if not name or len(name) > 255 or "<" in name:
            problems.append(f"{where}: a name must be 1-255 characters, without tags")
        idnumber = (question.findtext("idnumber") or "").strip()
        if idnumber:
            seen = idnumbers.setdefault(category, set())
            if idnumber in seen:
                problems.append(f"{where}: idnumber '{idnumber}' twice in category {category}")
            seen.add(idnumber)
        for field in question.iter("questiontext", "generalfeedback", "feedback", "graderinfo", "subquestion",
                                   "answer", "info"):
            text = _text(field)
            for reference in re.findall(r"@@PLUGINFILE@@/([^\"'<>\s]+)", text):
                if reference not in {f.get("name") for f in field.findall("file")}:
                    problems.append(f"{where}: @@PLUGINFILE@@/{reference} has no <file> in its field")
        if kind != "description":
            grade = question.findtext("defaultgrade")
            if grade is None or float(grade) < 0:
                problems.append(f"{where}: defaultgrade missing or negative")
        problems += RULES.get(kind, lambda q, w: [])(question, where)
    return problems


def _multichoice(question: etree._Element, where: str) -> list[str]:
    problems = []
    answers = [a for a in question.findall("answer") if _text(a)]
    if len(answers) < 2:
        problems.append(f"{where}: fewer than 2 non-empty answers")
    fractions = []
    for answer in answers:
        value = _fraction(answer.get("fraction", "0"))
        if value is None:
            problems.append(f"{where}: fraction {answer.get('fraction')} is not in Moodle's list")
        else:
            fractions.append(value)
    single = (question.findtext("single") or "true").strip() not in ("false", "0", "")
    if fractions and single and max(fractions) != 100:
        problems.append(f"{where}: single answer, but no answer is worth 100 % (fractionsnomax)")
    if fractions and not single and round(sum(f for f in fractions if f > 0) / 100, 2) != 1:
        problems.append(f"{where}: positive fractions add up to {sum(f for f in fractions if f > 0)} % "
                        "(fractionsaddwrong)")
    return problems


def _truefalse(question: etree._Element, where: str) -> list[str]:
    answers = question.findall("answer")
    texts = sorted(_text(a) for a in answers)
    problems = []
    if texts != ["false", "true"]:
        problems.append(f"{where}: answer texts {texts} are not exactly 'true' and 'false'")
    if sorted(float(a.get("fraction", "0")) for a in answers) != [0, 100]:
        problems.append(f"{where}: one answer must be worth 100 and the other 0")
    return problems


def _matching(question: etree._Element, where: str) -> list[str]:
    problems = []
    subs = question.findall("subquestion")
    stems = [(_text(s), _text(s, "answer/text")) for s in subs]
    with_text = [stem for stem in stems if stem[0]]
    answers = [answer for _, answer in stems if answer]
    if len(with_text) < 2 or len(answers) < 3:
        problems.append(f"{where}: {len(with_text)} stems and {len(answers)} answers; Moodle needs ≥ 2 and ≥ 3")
    for _, answer in with_text:
        if not answer:
            problems.append(f"{where}: a stem has no answer (nomatchinganswer)")
    by_key: dict[str, set[str]] = {}
    for answer in answers:
        by_key.setdefault(" ".join(unicodedata.normalize("NFC", answer).split()), set()).add(answer)
    for variants in by_key.values():
        if len(variants) > 1:
            problems.append(f"{where}: answers {sorted(variants)} look the same but Moodle would show them apart")
    return problems


def _essay(question: etree._Element, where: str) -> list[str]:
    problems = []
    lines = question.findtext("responsefieldlines")
    if lines is None or not lines.strip().isdigit() or int(lines) < 1:
        problems.append(f"{where}: responsefieldlines must be a positive number")
    if question.find("graderinfo") is None:
        problems.append(f"{where}: no graderinfo (the rubric)")
    return problems


RULES = {"multichoice": _multichoice, "truefalse": _truefalse, "matching": _matching, "essay": _essay}
