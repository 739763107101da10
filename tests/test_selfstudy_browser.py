"""The offline self-check page in a real headless Chromium (Debian's, driven by Playwright).

These tests never skip: CI installs chromium (scripts/install-system-deps.sh) and playwright
(the test extras). If the browser is missing, they fail. QUIZGEN_CHROMIUM names another browser
binary (e.g. /usr/bin/chromium-browser, or Playwright's own download). They are `slow`
(docs/testing.md): `pytest -m "not slow"` leaves them out of the quick loop.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from quizgen.bank.dump import content_hash
from quizgen.bank.workspace import Workspace, load_workspace
from quizgen.sheets.build import BuildRequest, build_html
from quizgen.study.selfcheck import quiz_data
from quizgen.variants.draw import Options, make_variant

HERE = Path(__file__).parent
MINI = HERE / "data" / "mini"
BUNDLED = HERE.parent / "questions"

CHROMIUM = os.environ.get("QUIZGEN_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-default-apps"]
SEED = 3

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), (f"chromium is missing at {CHROMIUM}: run scripts/install-system-deps.sh, "
                                     "or set QUIZGEN_CHROMIUM to the browser's path")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def _build(workspace: Workspace, out: Path, seed: int = SEED, **options: Any) -> Path:
    result = build_html(workspace, BuildRequest(out=out, seed=seed, options=Options(**options)))
    return result.folder / "self-check.html"


def _data(workspace: Workspace, seed: int = SEED, **options: Any) -> dict[str, Any]:
    bank = workspace.banks[0]
    return quiz_data(make_variant(bank, Options(**options), seed, content_hash(bank)))


class Session:
    """A page with every request and error recorded; only the file itself may be loaded."""

    def __init__(self, browser: Browser, path: Path, **context: Any):
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(**context)
        self.context.route("**/*", self._route)
        self.page: Page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)

    def _route(self, route: Any) -> None:
        url = route.request.url
        self.requests.append(url)
        if url == self.url:
            route.continue_()
        else:
            route.abort()

    def close(self) -> None:
        assert self.requests == [self.url], f"the page made requests: {self.requests}"
        assert self.errors == [], self.errors
        self.context.close()


@pytest.fixture(scope="module")
def mini_page(tmp_path_factory) -> Path:
    return _build(load_workspace([MINI]), tmp_path_factory.mktemp("html"))


@pytest.fixture(scope="module")
def mini_data() -> dict[str, Any]:
    return _data(load_workspace([MINI]))


def _index(data: dict[str, Any], qid: str) -> int:
    return next(i for i, q in enumerate(data["questions"]) if q["id"] == qid)


def _section(page: Page, data: dict[str, Any], qid: str):
    return page.locator(f"#q{_index(data, qid) + 1}")


def _feedback(page: Page, data: dict[str, Any], qid: str) -> str:
    """The feedback text, non-breaking spaces (French typography) read as spaces."""
    return _section(page, data, qid).locator(".feedback").inner_text().replace("\u00a0", " ")


def test_answer_every_type_check_feedback_and_score(browser, mini_page, mini_data):
    s = Session(browser, mini_page)
    page, data = s.page, mini_data
    assert page.evaluate("document.documentElement.lang") == "fr"
    # the page starts in the Python variant's order
    shown = page.eval_on_selector_all("section.question", "els => els.map(e => e.dataset.qid)")
    assert shown == [q["id"] for q in data["questions"]]

    # single choice, wrong first: the distractor "Le faux dilemme"
    sc = data["questions"][_index(data, "q-choice")]
    wrong = next(n for n, c in enumerate(sc["choices"]) if c["text"] == "Le faux dilemme")
    right = next(n for n, c in enumerate(sc["choices"]) if c["correct"])
    number = _index(data, "q-choice") + 1
    page.click(f"label[for=q{number}-c{wrong}]")
    # multiple select: the two right ones
    ms = data["questions"][_index(data, "q-multi")]
    for n, choice in enumerate(ms["choices"]):
        if choice["correct"]:
            page.click(f"label[for=q{_index(data, 'q-multi') + 1}-c{n}]")
    # true/false
    page.click(f"label[for=q{_index(data, 'q-tf') + 1}-true]")
    # matching: two rows right, one wrong
    mq = data["questions"][_index(data, "q-match")]
    mnum = _index(data, "q-match") + 1
    for n, row in enumerate(mq["rows"]):
        answer = row["answer"] if n < 2 else next(o["key"] for o in mq["options"] if o["key"] not in row["accepted"])
        page.select_option(f"#q{mnum}-r{n}", answer)
    # short answer, typed
    snum = _index(data, "q-short") + 1
    page.fill(f"#q{snum}-text", "Je regarderais les délibérations sur le site de la mairie.")
    # claim classification (ledger verdicts) and fact/opinion: all right
    for qid in ("q-classify", "q-fact"):
        cq = data["questions"][_index(data, qid)]
        cnum = _index(data, qid) + 1
        for n, row in enumerate(cq["rows"]):
            k = [o["key"] for o in cq["options"]].index(row["answer"])
            page.click(f"label[for=q{cnum}-r{n}-{k}]")

    page.click("#check")
    text = _feedback(page, data, "q-choice")
    assert "✘ Faux" in text
    assert "Il n’y a pas deux options opposées." in text  # why_wrong of the chosen distractor
    assert "Réponse attendue : " in text and "Le langage chargé" in text
    assert "« Scandaleuse » et « ruiner » jugent au lieu de décrire." in text  # explanation
    assert "Des mots choisis pour faire réagir plutôt que pour décrire." in text  # technique definition
    assert "✔ Juste" in _feedback(page, data, "q-multi")
    tf = _feedback(page, data, "q-tf")
    assert "✔ Juste" in tf and "Compte rendu du conseil municipal, Mairie (fictive), 2024-03-12" in tf  # sources
    match = _feedback(page, data, "q-match")
    assert "En partie juste" in match and "Présenter deux options comme les seules possibles." in match
    classify = _feedback(page, data, "q-classify")
    assert "✔ Juste" in classify and "https://example.org/tarifs-2019" in classify
    short = _feedback(page, data, "q-short")
    assert "Chercher les délibérations tarifaires depuis 2015" in short and "Explique quoi comparer" in short
    # 0 + 2 + 1 + 2·2/3 + 3 + 2 + 0 (short answer not yet self-assessed)
    assert page.inner_text("#score") == "Score\u00a0: 9,3 / 14\u00a0points"
    assert page.evaluate("document.activeElement.id") == "result"
    missed = page.inner_text("#missed")
    assert f"Question {number}" in missed and f"Question {snum}" in missed

    # self-assessment: ticking the 2-point criterion adds 2 points at once
    page.click(f"label[for=q{snum}-feedback-k1]")
    assert page.inner_text("#score") == "Score\u00a0: 11,3 / 14\u00a0points"
    # fix the single choice and check again: right, and the tick is kept
    page.click(f"label[for=q{number}-c{right}]")
    page.click("#check")
    assert "✔ Juste" in _feedback(page, data, "q-choice")
    assert "Il n’y a pas deux options opposées." not in _feedback(page, data, "q-choice")
    assert page.inner_text("#score") == "Score\u00a0: 12,3 / 14\u00a0points"
    s.close()


def test_restart_reshuffles_with_a_new_seed(browser, mini_page, mini_data):
    s = Session(browser, mini_page)
    page = s.page
    assert page.inner_text("#seed") == str(SEED)
    page.click(f"label[for=q{_index(mini_data, 'q-tf') + 1}-true]")
    page.click("#check")
    assert page.is_visible("#result")
    orders = set()
    for _ in range(4):
        page.click("#restart")
        seed = page.inner_text("#seed")
        assert seed != str(SEED) and seed.isdigit()
        assert f"tirage n° {seed}" in page.inner_text("#status").replace("\u00a0", " ")
        assert not page.is_visible("#result")
        assert page.eval_on_selector_all("input:checked", "els => els.length") == 0
        assert page.eval_on_selector_all(".feedback:not([hidden])", "els => els.length") == 0
        ids = page.eval_on_selector_all("section.question", "els => els.map(e => e.dataset.qid)")
        assert sorted(ids) == sorted(q["id"] for q in mini_data["questions"])
        choice_texts = page.eval_on_selector_all("label[for^=q]", "els => els.map(e => e.textContent).join('|')")
        orders.add((tuple(ids), choice_texts))
    assert len(orders) > 1  # 4 fresh seeds giving the same order of 7 questions and all choices: ~never
    # still gradable after the reshuffle, pinned choice still last
    section = page.locator("section[data-qid=q-choice]")
    assert section.locator("label").last.inner_text().endswith("Aucune de ces réponses")
    section.locator("label", has_text="Le langage chargé").click()
    page.click("#check")
    assert "✔ Juste" in section.locator(".feedback").inner_text()
    s.close()


def test_keyboard_only(browser, mini_page, mini_data):
    s = Session(browser, mini_page)
    page = s.page
    first = mini_data["questions"][0]
    # Tab from the top: the skip link, then the first input of question 1
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")  # skip link → questions
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.tagName, document.activeElement.id]")
    assert focused[0] == "INPUT" and focused[1].startswith("q1-")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # visible focus
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked") is True
    # Tab on to the "Vérifier" button and press Enter
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "check":
            break
    else:
        pytest.fail("Vérifier cannot be reached with Tab")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.is_visible("#q1-feedback")
    assert first["explanation"] in page.inner_text("#q1-feedback")
    assert page.evaluate("document.activeElement.id") == "result"
    # "Recommencer" with Space
    page.keyboard.press("Shift+Tab")  # from the score back to the buttons
    assert page.evaluate("document.activeElement.id") == "restart"
    page.keyboard.press("Space")
    assert page.inner_text("#seed") != str(SEED)
    s.close()


def test_every_control_has_a_label(browser, mini_page):
    s = Session(browser, mini_page)
    page = s.page
    page.click("#check")  # the rubric checkboxes appear with the feedback
    unlabelled = page.eval_on_selector_all(
        "input, select, textarea",
        "els => els.filter(e => !e.labels || e.labels.length === 0 || !e.labels[0].textContent.trim())"
        ".map(e => e.id)")
    assert unlabelled == []
    s.close()


CONTRAST = """() => {
  function rgb(text) { return text.match(/[\\d.]+/g).map(Number); }
  function lum(c) {
    const [r, g, b] = c.slice(0, 3).map(v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }
  function background(el) {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length < 4 || c[3] > 0) return c;
    }
    return [255, 255, 255];
  }
  const worst = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || !el.offsetParent) continue;
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) worst.push([el.tagName, el.className, walker.currentNode.textContent.slice(0, 30), ratio]);
  }
  return worst;
}"""


def test_text_contrast_is_at_least_4_5_to_1(browser, mini_page):
    s = Session(browser, mini_page)
    s.page.click("#check")  # feedback and verdict colours too
    assert s.page.evaluate(CONTRAST) == []
    s.close()


@pytest.mark.parametrize("viewport", [
    {"width": 375, "height": 667},  # phone
    {"width": 640, "height": 400},  # a 1280-pixel window at 200 % zoom
    {"width": 320, "height": 256},  # 1280 at 400 % (WCAG reflow)
])
def test_no_horizontal_scroll_on_small_screens_and_zoom(browser, tmp_path, viewport):
    page_path = _build(load_workspace([BUNDLED]), tmp_path, seed=7)
    s = Session(browser, page_path, viewport=viewport, device_scale_factor=2)
    page = s.page
    page.click("#check")  # with every feedback block open
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], width
    s.close()


INJECTION = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> </script><!-- &amp &lt'


def test_bank_text_cannot_inject_markup_or_script(browser, mini_copy, tmp_path):
    bank = mini_copy / "bank.yaml"
    text = bank.read_text(encoding="utf-8")
    text = text.replace('prompt: "Quel procédé reconnaissez-vous dans cet extrait ?"',
                        f"prompt: '{INJECTION}'")
    text = text.replace('why_wrong: "Il n’y a pas deux options opposées."', f"why_wrong: '{INJECTION}'")
    text = text.replace('title: "La cantine : procédés et faits"', f"title: '{INJECTION}'")
    bank.write_text(text, encoding="utf-8")
    workspace = load_workspace([mini_copy])
    data = _data(workspace)
    page_path = _build(workspace, tmp_path / "out")
    s = Session(browser, page_path)
    page = s.page
    number = _index(data, "q-choice") + 1
    wrong = next(n for n, c in enumerate(data["questions"][number - 1]["choices"]) if c["text"] == "Le faux dilemme")
    page.click(f"label[for=q{number}-c{wrong}]")
    page.click("#check")
    assert page.evaluate("window.__pwned") is None
    assert page.eval_on_selector_all("img", "els => els.length") == 0
    assert page.eval_on_selector_all("script", "els => els.length") == 2  # the data and quiz.js, nothing else
    assert page.inner_text(f"#q{number}-prompt") == INJECTION  # shown literally
    assert INJECTION in page.inner_text(f"#q{number}-feedback")
    assert page.inner_text("h1") == INJECTION
    assert page.title().startswith(INJECTION)
    s.close()  # and no request for "x"


def _answer_everything_right(page: Page, data: dict[str, Any]) -> None:
    for i, q in enumerate(data["questions"]):
        qid = f"q{i + 1}"
        if q["interaction"] == "choice":
            for n, choice in enumerate(q["choices"]):
                if choice["correct"]:
                    page.check(f"#{qid}-c{n}")
        elif q["interaction"] == "truth":
            page.check(f"#{qid}-{'true' if q['answer'] else 'false'}")
        elif q["interaction"] == "rows" and q["options_kind"] == "technique":
            for n, row in enumerate(q["rows"]):
                page.select_option(f"#{qid}-r{n}", row["answer"])
        elif q["interaction"] == "rows":
            for n, row in enumerate(q["rows"]):
                page.check(f"#{qid}-r{n}-{[o['key'] for o in q['options']].index(row['answer'])}")
        else:
            page.fill(f"#{qid}-text", "Ma réponse.")


def test_the_whole_bundled_bank_answered_right_scores_full_marks(browser, tmp_path):
    workspace = load_workspace([BUNDLED])
    data = _data(workspace, seed=21)
    s = Session(browser, _build(workspace, tmp_path, seed=21))
    page = s.page
    assert len(data["questions"]) == len(workspace.banks[0].questions)
    _answer_everything_right(page, data)
    page.click("#check")
    short = [i for i, q in enumerate(data["questions"]) if q["type"] == "short-answer"]
    assert short
    for i in short:  # self-assessment: every criterion met
        for n in range(len(data["questions"][i]["rubric"])):
            page.check(f"#q{i + 1}-feedback-k{n}")
    total = sum(q["points"] for q in data["questions"])
    assert page.inner_text("#score") == f"Score\u00a0: {total} / {total}\u00a0points"
    assert page.inner_text("#missed") == "Aucune question à revoir. Bravo\u00a0!"
    states = page.eval_on_selector_all("section.question", "els => els.map(e => e.dataset.state)")
    assert set(states) == {"right", "self"}
    s.close()


def test_without_javascript_the_page_says_so(browser, mini_page):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(mini_page.resolve().as_uri())
    assert "Cette page a besoin de JavaScript" in page.inner_text("body")
    context.close()


def test_the_page_scores_the_shared_vectors_as_python_does(browser, mini_page):
    """quiz.js applies the scoring tables Python sends with the same rule: tests/data/scoring/*.json."""
    from scoring_vectors import vectors

    s = Session(browser, mini_page)
    cases = vectors(load_workspace([MINI]))
    results = s.page.evaluate(
        "cases => cases.map(([table, given]) => window.quizgenScoring.scoreTable(table, given))",
        [[table, case["given"]] for _, table, case in cases])
    for (name, _, case), result in zip(cases, results, strict=True):
        assert result["earned"] == pytest.approx(case["earned"], abs=1e-6), (name, case.get("why"))
        assert result["state"] == case["state"], (name, case.get("why"))
    s.close()
