"""IMS QTI 2.1 content package (zip with imsmanifest.xml) for QTI-reading platforms.

- single choice, multiple select, true/false → choiceInteraction (pinned choices `fixed`);
- matching and claim classification → matchInteraction, stems and answers as two
  simpleMatchSets; answers take unlimited matches (`matchMax="0"`), as a category takes many claims;
- short answer and a true/false justification → extendedTextInteraction, with the rubric and
  model answer in a `rubricBlock view="scorer"` (only markers see it);
- response processing written out in full (no template URIs), scoring as the bank does:
  partial credit by a mapping with lower bound 0, all-or-nothing by comparing with the correct
  response, per-row by a mapping over directed pairs (also-accepted answers included);
- deterministic zip: fixed timestamps and permissions, files in a fixed order.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

from lxml import etree

from quizgen.export.items import Export, Written
from quizgen.types.lms_items import (
    ChoiceItem,
    Common,
    DescriptionItem,
    EssayItem,
    Item,
    MatchItem,
    Text,
    TrueFalseItem,
    answer_label,
    clean,
)

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP_XSD = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: the same bytes on every run


def ncname(ident: str) -> str:
    """A bank id as an XML identifier (NCName): ids may start with a digit, identifiers may not."""
    return ident if ident[:1].isalpha() or ident[:1] == "_" else f"Q{ident}"


def _q(tag: str) -> str:
    return f"{{{QTI}}}{tag}"


def _sub(parent: etree._Element, tag: str, attributes: dict[str, str] | None = None,
         text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, _q(tag), attributes or {})
    if text is not None:
        element.text = clean(text)
    return element


def _number(value: float) -> str:
    return f"{value:.6g}"


def _flow(parent: etree._Element, text: Text) -> None:
    """Append quizgen's safe XHTML (escaped author text in p, blockquote, ul, a…) as QTI content."""
    if not text.html:
        return
    wrapper = etree.fromstring(f'<div xmlns="{QTI}">{text.html}</div>'.encode())
    if wrapper.text:
        # Bare inline text (an answer, a label): kept as text of the parent.
        parent.text = (parent.text or "") + wrapper.text
    for child in wrapper:
        parent.append(child)


class _Item:
    """One assessmentItem document."""

    def __init__(self, common: Common, adaptive: bool = False) -> None:
        self.common = common
        self.root = etree.Element(_q("assessmentItem"), nsmap={None: QTI, "xsi": XSI})
        self.root.set(f"{{{XSI}}}schemaLocation", f"{QTI} {QTI_XSD}")
        self.root.set("identifier", ncname(common.id))
        self.root.set("title", clean(common.name))
        self.root.set("adaptive", "true" if adaptive else "false")
        self.root.set("timeDependent", "false")
        self.declarations = etree.SubElement(self.root, _q("placeholder"))  # response declarations go here

    def response(self, cardinality: str, base_type: str, correct: Sequence[str] = ()) -> etree._Element:
        declaration = etree.Element(_q("responseDeclaration"), identifier="RESPONSE", cardinality=cardinality,
                                    baseType=base_type)
        if correct:
            values = _sub(declaration, "correctResponse")
            for value in correct:
                _sub(values, "value", text=value)
        self.declarations.addprevious(declaration)
        return declaration

    def outcomes(self, feedback_cardinality: str | None = None) -> None:
        for identifier, default in (("SCORE", 0.0), ("MAXSCORE", self.common.points)):
            outcome = etree.Element(_q("outcomeDeclaration"), identifier=identifier, cardinality="single",
                                    baseType="float")
            _sub(_sub(outcome, "defaultValue"), "value", text=_number(default))
            self.declarations.addprevious(outcome)
        if feedback_cardinality:
            self.declarations.addprevious(etree.Element(_q("outcomeDeclaration"), identifier="FEEDBACK",
                                                        cardinality=feedback_cardinality, baseType="identifier"))
        if self.common.feedback:
            self.declarations.addprevious(etree.Element(_q("outcomeDeclaration"), identifier="EXPLANATION",
                                                        cardinality="single", baseType="identifier"))

    def body(self) -> etree._Element:
        self.declarations.getparent().remove(self.declarations)
        body = _sub(self.root, "itemBody")
        _flow(_sub(body, "div", {"class": "question"}), self.common.text)
        return body

    def processing(self, score_rules: list[etree._Element], feedback: bool = False) -> None:
        processing = _sub(self.root, "responseProcessing")
        for rule in score_rules:
            processing.append(rule)
        if feedback:
            set_feedback = _sub(processing, "setOutcomeValue", {"identifier": "FEEDBACK"})
            _sub(set_feedback, "variable", {"identifier": "RESPONSE"})
        if self.common.feedback:
            explanation = _sub(processing, "setOutcomeValue", {"identifier": "EXPLANATION"})
            _sub(explanation, "baseValue", {"baseType": "identifier"}, "EXPLANATION")

    def explanation(self) -> None:
        if self.common.feedback:
            modal = _sub(self.root, "modalFeedback", {"outcomeIdentifier": "EXPLANATION", "identifier": "EXPLANATION",
                                                      "showHide": "show"})
            _flow(modal, self.common.feedback)

    def bytes(self) -> bytes:
        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _set_score(expression: etree._Element) -> etree._Element:
    rule = etree.Element(_q("setOutcomeValue"), identifier="SCORE")
    rule.append(expression)
    return rule


def _if_else(condition: etree._Element, then_value: float) -> etree._Element:
    """SCORE = then_value if condition, else 0."""
    rule = etree.Element(_q("responseCondition"))
    branch = _sub(rule, "responseIf")
    branch.append(condition)
    _sub(_sub(branch, "setOutcomeValue", {"identifier": "SCORE"}), "baseValue", {"baseType": "float"},
         _number(then_value))
    _sub(_sub(_sub(rule, "responseElse"), "setOutcomeValue", {"identifier": "SCORE"}), "baseValue",
         {"baseType": "float"}, "0")
    return rule


def _matches_correct() -> etree._Element:
    match = etree.Element(_q("match"))
    _sub(match, "variable", {"identifier": "RESPONSE"})
    _sub(match, "correct", {"identifier": "RESPONSE"})
    return match


def _map_response() -> etree._Element:
    return etree.Element(_q("mapResponse"), identifier="RESPONSE")


def _mapping(declaration: etree._Element, entries: list[tuple[str, float]], upper: float) -> None:
    mapping = _sub(declaration, "mapping", {"lowerBound": "0", "upperBound": _number(upper), "defaultValue": "0"})
    for key, value in entries:
        _sub(mapping, "mapEntry", {"mapKey": key, "mappedValue": _number(value)})


def _letters(count: int) -> list[str]:
    return [chr(65 + i) if i < 26 else f"C{i + 1}" for i in range(count)]


def choice_item(item: ChoiceItem) -> bytes:
    common = item.common
    document = _Item(common)
    ids = _letters(len(item.answers))
    correct = [ident for ident, answer in zip(ids, item.answers, strict=True) if answer.correct]
    declaration = document.response("single" if item.single else "multiple", "identifier", correct)
    has_feedback = any(answer.feedback for answer in item.answers)
    document.outcomes(("single" if item.single else "multiple") if has_feedback else None)
    if item.single or item.policy == "all-or-nothing":
        rules = [_if_else(_matches_correct(), common.points)]
    else:  # partial: each right tick +points/n, each wrong tick -points/n, never below 0
        _mapping(declaration, [(ident, answer.fraction * common.points)
                               for ident, answer in zip(ids, item.answers, strict=True)], common.points)
        rules = [_set_score(_map_response())]
    body = document.body()
    interaction = _sub(body, "choiceInteraction", {"responseIdentifier": "RESPONSE", "shuffle": "true",
                                                   "maxChoices": "1" if item.single else "0"})
    for ident, answer, pinned in zip(ids, item.answers, item.pinned, strict=True):
        choice = _sub(interaction, "simpleChoice", {"identifier": ident, "fixed": "true" if pinned else "false"})
        _flow(choice, answer.text)
        if answer.feedback:
            inline = _sub(choice, "feedbackInline", {"outcomeIdentifier": "FEEDBACK", "identifier": ident,
                                                     "showHide": "show"})
            _flow(inline, Text(answer.feedback.plain, " — " + answer.feedback.html))
    document.processing(rules, feedback=has_feedback)
    document.explanation()
    return document.bytes()


def true_false_item(item: TrueFalseItem) -> bytes:
    common = item.common
    document = _Item(common)
    document.response("single", "identifier", ["TRUE" if item.answer else "FALSE"])
    document.outcomes()
    body = document.body()
    interaction = _sub(body, "choiceInteraction", {"responseIdentifier": "RESPONSE", "shuffle": "false",
                                                   "maxChoices": "1"})
    for ident, label in zip(("TRUE", "FALSE"), item.labels, strict=True):
        _sub(interaction, "simpleChoice", {"identifier": ident, "fixed": "true"}, label)
    document.processing([_if_else(_matches_correct(), common.points)])
    document.explanation()
    return document.bytes()


def match_item(item: MatchItem) -> bytes:
    common = item.common
    document = _Item(common)
    stems = [f"S{n}" for n in range(1, len(item.stems) + 1)]
    labels = list(dict.fromkeys([answer_label(option) for option in item.options]
                                + [answer_label(s.answer) for s in item.stems]
                                + [answer_label(a) for s in item.stems for a in s.also_accept]))
    answer_id = {label: f"T{n}" for n, label in enumerate(labels, 1)}
    correct = [f"{stem} {answer_id[answer_label(s.answer)]}" for stem, s in zip(stems, item.stems, strict=True)]
    declaration = document.response("multiple", "directedPair", correct)
    document.outcomes()
    rows = len(item.stems)
    accepted = [(f"{stem} {answer_id[answer_label(label)]}")
                for stem, s in zip(stems, item.stems, strict=True) for label in (s.answer, *s.also_accept)]
    if item.policy == "all-or-nothing":
        _mapping(declaration, [(pair, 1.0) for pair in accepted], float(rows))
        equal = etree.Element(_q("equal"), toleranceMode="exact")
        equal.append(_map_response())
        _sub(equal, "baseValue", {"baseType": "float"}, _number(rows))
        rules = [_if_else(equal, common.points)]
    else:
        _mapping(declaration, [(pair, common.points / rows) for pair in accepted], common.points)
        rules = [_set_score(_map_response())]
    body = document.body()
    interaction = _sub(body, "matchInteraction", {"responseIdentifier": "RESPONSE", "shuffle": "true",
                                                  "maxAssociations": str(rows)})
    left = _sub(interaction, "simpleMatchSet")
    for stem, s in zip(stems, item.stems, strict=True):
        choice = _sub(left, "simpleAssociableChoice", {"identifier": stem, "matchMax": "1"})
        _flow(choice, s.text)
    right = _sub(interaction, "simpleMatchSet")
    for label in labels:
        # "0": unlimited — a category takes every claim that belongs to it.
        _sub(right, "simpleAssociableChoice", {"identifier": answer_id[label], "matchMax": "0",
                                               "fixed": "true" if item.classification else "false"}, label)
    document.processing(rules)
    document.explanation()
    return document.bytes()


def essay_item(item: EssayItem) -> bytes:
    common = item.common
    document = _Item(common)
    document.response("single", "string")
    document.outcomes()
    body = document.body()
    rubric = _sub(body, "rubricBlock", {"view": "scorer"})
    _flow(rubric, item.grader_info)
    attributes = {"responseIdentifier": "RESPONSE"}
    if item.lines:
        attributes["expectedLines"] = str(item.lines)
    _sub(body, "extendedTextInteraction", attributes)
    document.processing([])  # scored by a person; processing only shows the explanation afterwards
    document.explanation()
    return document.bytes()


def description_item(item: DescriptionItem) -> bytes:
    document = _Item(item.common)
    document.body()
    return document.bytes()


def item_bytes(item: Item) -> bytes:
    if isinstance(item, ChoiceItem):
        return choice_item(item)
    if isinstance(item, TrueFalseItem):
        return true_false_item(item)
    if isinstance(item, MatchItem):
        return match_item(item)
    if isinstance(item, EssayItem):
        return essay_item(item)
    return description_item(item)


def _all_items(export: Export) -> list[Item]:
    return [export.article, *export.items]


def _test(export: Export, hrefs: dict[str, str]) -> bytes:
    """An assessmentTest with one section per skill, items in the export's order."""
    root = etree.Element(_q("assessmentTest"), nsmap={None: QTI, "xsi": XSI},
                         identifier=ncname(f"test-{export.bank_id}"), title=clean(export.title))
    root.set(f"{{{XSI}}}schemaLocation", f"{QTI} {QTI_XSD}")
    outcome = _sub(root, "outcomeDeclaration", {"identifier": "SCORE", "cardinality": "single", "baseType": "float"})
    _sub(_sub(outcome, "defaultValue"), "value", text="0")
    part = _sub(root, "testPart", {"identifier": "part-1", "navigationMode": "nonlinear",
                                   "submissionMode": "simultaneous"})
    sections: dict[str, etree._Element] = {}
    for item in _all_items(export):
        key = item.common.category[-1] if len(item.common.category) > 2 else "article"
        if key not in sections:
            sections[key] = _sub(part, "assessmentSection", {"identifier": ncname(f"section-{key}"),
                                                             "title": clean(key), "visible": "true"})
        ident = ncname(item.common.id)
        _sub(sections[key], "assessmentItemRef", {"identifier": ident, "href": "../" + hrefs[ident]})
    processing = _sub(root, "outcomeProcessing")
    total = _sub(processing, "setOutcomeValue", {"identifier": "SCORE"})
    _sub(_sub(total, "sum"), "testVariables", {"variableIdentifier": "SCORE"})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _manifest(export: Export, hrefs: dict[str, str], test_href: str) -> bytes:
    def cp(tag: str) -> str:
        return f"{{{CP}}}{tag}"

    root = etree.Element(cp("manifest"), nsmap={None: CP, "xsi": XSI}, identifier=ncname(f"manifest-{export.bank_id}"))
    root.set(f"{{{XSI}}}schemaLocation", f"{CP} {CP_XSD}")
    metadata = etree.SubElement(root, cp("metadata"))
    etree.SubElement(metadata, cp("schema")).text = "QTIv2.1 Package"
    etree.SubElement(metadata, cp("schemaversion")).text = "1.0.0"
    etree.SubElement(root, cp("organizations"))
    resources = etree.SubElement(root, cp("resources"))
    for ident, href in hrefs.items():
        resource = etree.SubElement(resources, cp("resource"), identifier=f"res-{ident}",
                                    type="imsqti_item_xmlv2p1", href=href)
        etree.SubElement(resource, cp("file"), href=href)
    test = etree.SubElement(resources, cp("resource"), identifier="res-test", type="imsqti_test_xmlv2p1",
                            href=test_href)
    etree.SubElement(test, cp("file"), href=test_href)
    for ident in hrefs:
        etree.SubElement(test, cp("dependency"), identifierref=f"res-{ident}")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def package(files: dict[str, bytes]) -> bytes:
    """A zip whose bytes depend only on `files`: fixed dates and permissions, names in the given order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


def write_qti21(export: Export) -> Written:
    items: dict[str, bytes] = {}
    hrefs: dict[str, str] = {}
    for item in _all_items(export):
        ident = ncname(item.common.id)
        href = f"items/{ident}.xml"
        hrefs[ident] = href
        items[href] = item_bytes(item)
    test_href = f"tests/{ncname(export.bank_id)}.xml"
    files = {"imsmanifest.xml": _manifest(export, hrefs, test_href), test_href: _test(export, hrefs), **items}
    return Written(package(files), tuple(export.notes), "application/zip", ".zip")
