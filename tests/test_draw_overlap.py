"""Questions that can give each other away never share a sheet when the pool allows it (issue 11,
second review C4): computed from claims and grounded excerpt spans, reported when unavoidable."""

from __future__ import annotations

import io
import json
import textwrap
from pathlib import Path

import pytest

from quizgen.bank.dump import content_hash
from quizgen.bank.workspace import Bank, load_workspace
from quizgen.types.fields import Excerpt
from quizgen.variants.draw import DRAW_ATTEMPTS, Options, class_variants, make_variant, manifest
from quizgen.variants.overlap import Apart, Footprint, _spans, footprint, shared

ARTICLE = """\
Le pont de la discorde
Alpha dit que le pont sera fini en mai. Beta répond que le chantier a deux ans de retard.
Gamma annonce une hausse de 10 % des impôts.
Le maire affirme que la ville compte 40 000 habitants.
Selon lui, la dette a baissé.
"""


def _question(qid: str, skill: str, *, excerpt: str | None = None, claims: tuple[str, ...] = ()) -> str:
    lines = [f"  - id: {qid}", "    type: true-false", f"    skill: {skill}", "    difficulty: 1",
             f'    prompt: "Affirmation {qid}."', "    answer: true", '    explanation: "Parce que."']
    if excerpt:
        lines.append(f'    excerpts: ["{excerpt}"]')
    if claims:
        lines.append(f"    claims: [{', '.join(claims)}]")
    return "\n".join(lines)


#: a1/a2 quote overlapping spans of §2; b quotes another sentence of §2 (no overlap with them);
#: c1/c2 use claim K1; d quotes §3 right up to K1's excerpt (adjacent, not overlapping); e's rows
#: and f use claim K2. Largest sheet without overlap: 5 questions (one of each pair, b, d).
QUESTIONS = [
    _question("a1", "identify-technique", excerpt="le pont sera fini en mai"),
    _question("a2", "fact-or-opinion", excerpt="Alpha dit que le pont sera fini"),
    _question("b", "identify-technique", excerpt="le chantier a deux ans de retard"),
    _question("c1", "verify-claim", claims=("K1",)),
    _question("c2", "evaluate-source", claims=("K1",)),
    _question("d", "fact-or-opinion", excerpt="Gamma annonce"),
    textwrap.dedent("""\
      - id: e
        type: claim-classification
        skill: evaluate-source
        difficulty: 1
        prompt: "Classez."
        items:
          - claim: K2
          - claim: K3
        explanation: "Voir le registre."
    """).rstrip().replace("\n", "\n  ").join(["  ", ""]),
    _question("f", "verify-claim", claims=("K2",)),
]

#: Quotes the whole of §2, so it overlaps a1, a2 and b: a draw that takes it first gets stuck.
HUB = _question("hub", "identify-technique", excerpt="Alpha dit que le pont sera fini en mai. Beta répond que le "
                                                     "chantier a deux ans de retard.")

SOURCE = '      - {title: "Registre municipal", publisher: "Mairie (fictive)", date: 2024-03-12}'
CLAIMS = "\n".join(
    f'  - id: {cid}\n    excerpt: "{excerpt}"\n    verdict: accurate\n    explanation: "Vérifié."\n'
    f"    sources:\n{SOURCE}"
    for cid, excerpt in (("K1", "une hausse de 10 % des impôts"), ("K2", "la ville compte 40 000 habitants"),
                         ("K3", "la dette a baissé")))


def write_bank(root: Path, count: int, only: tuple[str, ...] = ()) -> Path:
    """The bank of QUESTIONS, with a preset of `count` questions (of `only`, with HUB, if given)."""
    questions = [*QUESTIONS, HUB] if only else QUESTIONS
    listed = f"    questions: [{', '.join(only)}]\n" if only else ""
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "pont.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "articles" / "pont.yaml").write_text(
        'kind: article\nid: pont\ntitle: "Le pont"\nlanguage: fr\nauthor: null\npublisher: null\n'
        'date: null\nurl: null\ntext: pont.txt\n', encoding="utf-8")
    (root / "bank.yaml").write_text(
        f'kind: bank\nid: pont\ntitle: "Le pont"\nlanguage: fr\narticle: articles/pont.yaml\n'
        f"claims:\n{CLAIMS}\n"
        f'presets:\n  - id: feuille\n    title: "Feuille"\n    count: {count}\n{listed}'
        f"questions:\n" + "\n".join(questions) + "\n", encoding="utf-8")
    return root


@pytest.fixture()
def bank(tmp_path: Path) -> Bank:
    return load_workspace([write_bank(tmp_path / "ws", 5)]).banks[0]


def pairs(bank: Bank) -> set[frozenset[str]]:
    return {frozenset((o.first, o.second)) for o in Apart.of(bank.questions, bank).pairs}


def test_overlap_is_a_shared_claim_or_overlapping_spans_of_one_paragraph(bank):
    assert pairs(bank) == {frozenset(("a1", "a2")), frozenset(("c1", "c2")), frozenset(("e", "f"))}
    overlaps = {frozenset((o.first, o.second)): o.shared for o in Apart.of(bank.questions, bank).pairs}
    assert overlaps[frozenset(("a1", "a2"))] == ("§2",)
    assert overlaps[frozenset(("c1", "c2"))] == ("claim K1", "§3")
    assert overlaps[frozenset(("e", "f"))] == ("claim K2", "§4"), "a classification row's claim counts"


def test_each_rule_on_its_own():
    same_claim = shared(Footprint(frozenset({"K1"}), ()), Footprint(frozenset({"K1", "K2"}), ()))
    assert same_claim == ("claim K1",)
    assert shared(Footprint(frozenset(), ((2, 0, 10),)), Footprint(frozenset(), ((2, 9, 20),))) == ("§2",)
    assert shared(Footprint(frozenset(), ((2, 0, 10),)), Footprint(frozenset(), ((2, 10, 20),))) == (), "adjacent"
    assert shared(Footprint(frozenset(), ((2, 10, 20),)), Footprint(frozenset(), ((2, 0, 10),))) == (), "either way"
    assert shared(Footprint(frozenset(), ((2, 0, 10),)), Footprint(frozenset(), ((3, 0, 10),))) == ()
    assert shared(Footprint(frozenset({"K1"}), ()), Footprint(frozenset({"K2"}), ())) == ()


def test_spans_are_found_in_the_first_and_last_paragraph_and_at_each_occurrence(bank):
    """The title and the closing paragraph are paragraphs too, and an excerpt quoted twice in its paragraph
    overlaps whatever quotes either occurrence (mutation-testing survivors, docs/testing.md)."""
    folded = ("Le pont", "la dette, la dette et encore la dette", "Fin.")
    assert list(_spans(Excerpt(text="Le pont", paragraph=1), folded)) == [(1, 0, 7)]
    assert list(_spans(Excerpt(text="Fin.", paragraph=3), folded)) == [(3, 0, 4)]
    assert list(_spans(Excerpt(text="la dette", paragraph=2), folded)) == [(2, 0, 8), (2, 10, 18), (2, 29, 37)]
    row = next(q for q in bank.questions if q.id == "e")  # its rows use K2 (§4) and K3, the last paragraph
    assert (5, 11, 28) in footprint(row, bank).spans


def test_no_sheet_holds_both_questions_of_a_pair(bank):
    conflicting = pairs(bank)
    drawn = set()
    for seed in range(200):
        variant = make_variant(bank, Options(preset="feuille"), seed, content_hash(bank))
        ids = {p.question.id for p in variant.questions}
        assert len(ids) == 5
        assert not [pair for pair in conflicting if pair <= ids], (seed, ids)
        assert variant.overlaps == () and manifest(variant, {})["overlaps"] == []
        drawn.add(frozenset(ids))
    # c1 and f (both verify-claim) would leave evaluate-source out: the draw covers every skill too.
    assert drawn == {frozenset(sheet) for sheet in ({"a1", "b", "c1", "d", "e"}, {"a2", "b", "c1", "d", "e"},
                                                     {"a1", "b", "c2", "d", "f"}, {"a2", "b", "c2", "d", "f"})}


def test_same_seed_same_draw(bank):
    def draw(seed: int) -> dict:
        return manifest(make_variant(bank, Options(preset="feuille"), seed, content_hash(bank)), {})

    assert all(draw(seed) == draw(seed) for seed in range(30))


def test_a_seed_draws_the_same_sheet_from_one_version_to_the_next(bank):
    """A manifest's seed rebuilds its sheet: the draw may not spend more randomness than it did (retrying
    a draw that already covered every skill, or drawing without taking skills in turn, shifts the order)."""
    sheets = {seed: [p.question.id for p in make_variant(bank, Options(preset="feuille"), seed, "h").questions]
              for seed in range(3)}
    assert sheets == {0: ["a1", "e", "b", "d", "c1"], 1: ["a2", "d", "c2", "b", "f"], 2: ["d", "c2", "b", "f", "a1"]}


def test_a_preset_that_cannot_avoid_an_overlap_says_so(tmp_path):
    bank = load_workspace([write_bank(tmp_path / "ws", 6)]).banks[0]
    for seed in range(30):
        variant = make_variant(bank, Options(preset="feuille"), seed, content_hash(bank))
        assert len(variant.questions) == 6, "the sheet is filled all the same"
        assert len(variant.overlaps) == 1, "one overlap is the fewest six questions can have"
        data = manifest(variant, {})["overlaps"]
        assert data == [{"questions": [variant.overlaps[0].first, variant.overlaps[0].second],
                         "shared": list(variant.overlaps[0].shared)}]
        assert variant.drawn_from == 8


def test_a_draw_that_gets_stuck_tries_again(tmp_path):
    """From hub, a1, b, d, three questions apart are a1, b, d; a first pick of hub leaves only d."""
    bank = load_workspace([write_bank(tmp_path / "ws", 3, ("hub", "a1", "b", "d"))]).banks[0]
    for seed in range(40):
        variant = make_variant(bank, Options(preset="feuille"), seed, content_hash(bank))
        assert {p.question.id for p in variant.questions} == {"a1", "b", "d"}, seed


def test_the_draw_gives_up_after_a_bounded_number_of_attempts(tmp_path, monkeypatch):
    import quizgen.variants.draw as draw

    bank = load_workspace([write_bank(tmp_path / "ws", 6)]).banks[0]
    calls = []
    real = draw._stratified
    monkeypatch.setattr(draw, "_stratified", lambda *args: calls.append(1) or real(*args))
    make_variant(bank, Options(preset="feuille"), 1, content_hash(bank))
    assert len(calls) == DRAW_ATTEMPTS


@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_cli_notes_an_unavoidable_overlap_and_the_manifest_lists_it(tmp_path, monkeypatch, fmt):
    from click.testing import CliRunner

    from quizgen.cli import cli

    _no_rendering(monkeypatch)
    write_bank(tmp_path / "ws", 6)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "ws", "--preset", "feuille", "--seed", "3", "--format", fmt,
                                      "--jobs", "1", "--out", "out", "-q"])
    assert result.exit_code == 0, result.output
    assert "Note: 1 pair of questions on this sheet can give each other away (a shared claim" in result.stderr
    assert "No draw of 6 of the 8 matching questions kept them apart" in result.stderr
    data = json.loads((Path(result.stdout.strip()) / "manifest.json").read_text())
    assert len(data["overlaps"]) == 1


def _no_rendering(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blank pages instead of WeasyPrint: these tests are about the draw, not the layout."""
    import pikepdf

    from quizgen.render.pdf import Renderer

    blank = pikepdf.new()
    blank.add_blank_page()
    buffer = io.BytesIO()
    blank.save(buffer)
    monkeypatch.setattr(Renderer, "pdf", lambda self, html, css, identifier, tagged=True: buffer.getvalue())


def test_cli_says_nothing_when_the_draw_kept_them_apart(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from quizgen.cli import cli

    write_bank(tmp_path / "ws", 5)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "ws", "--preset", "feuille", "--seed", "3", "--format", "html",
                                      "--out", "out", "-q"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert json.loads((Path(result.stdout.strip()) / "manifest.json").read_text())["overlaps"] == []


def test_class_set_reports_overlaps_once_for_its_sheets(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from quizgen.cli import cli

    _no_rendering(monkeypatch)
    write_bank(tmp_path / "ws", 6)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", "ws", "--preset", "feuille", "--seed", "3", "--variants", "3",
                                      "--jobs", "1", "--out", "out", "-q"])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("can give each other away") == 1
    data = json.loads((Path(result.stdout.strip()) / "manifest.json").read_text())
    assert len(data["overlaps"]) == 1
    sheets = [{q["id"] for q in entry["questions"]} for entry in data["variants"]]
    assert all(set(data["overlaps"][0]["questions"]) <= ids for ids in sheets)


def test_a_sheet_of_every_matching_question_lists_its_overlaps_without_a_note(bank):
    from quizgen.variants.draw import overlap_note

    variant = make_variant(bank, Options(), 1, content_hash(bank))
    assert len(variant.overlaps) == 3 and variant.drawn_from is None
    assert overlap_note(variant) is None
    assert len(manifest(variant, {})["overlaps"]) == 3


def test_class_set_sheets_keep_the_first_sheets_questions(bank):
    variants = class_variants(bank, Options(preset="feuille"), 4, content_hash(bank), 5)
    assert all(v.overlaps == () for v in variants)


@pytest.mark.parametrize("preset", ["controle-15", "lecon-55", "devoir-maison"])
def test_bundled_presets_fill_without_overlap(bundled, preset):
    """Every preset of the bundled bank, seeds 1-50: full, no overlap, every skill it can cover."""
    bank = bundled.banks[0]
    spec = next(p for p in bank.presets if p.id == preset)
    for seed in range(1, 51):
        variant = make_variant(bank, Options(preset=preset), seed, content_hash(bank))
        assert len(variant.questions) == spec.count, seed
        assert variant.overlaps == (), (seed, variant.overlaps)
        assert len({p.question.skill for p in variant.questions}) == 4, seed


def test_bundled_bank_pairs_the_reviews_named_are_computed(bundled):
    """The give-aways of review-2026-11-30-followup.md « Items that share an excerpt on one sheet »."""
    found = pairs(bundled.banks[0])
    for pair in [("ver-c6-claims-age", "ver-c6-newstart-now"), ("ver-c6-claims-age", "ver-cc-aging"),
                 ("fo-single-photo-interpretation", "fo-cc-fact-opinion-analysis"),
                 ("ver-c2-trace-quote", "ver-cc-intro"), ("tech-tf-escalade-heading", "tech-sa-escalade-heading"),
                 ("tech-houthis-exaggeration", "tech-match-us-europe")]:
        assert frozenset(pair) in found, pair


def test_the_overlap_note_names_three_pairs_and_counts_the_rest(bank):
    """The note a teacher reads when a draw could not keep questions apart, for 1 to 4 pairs (mutation-testing
    survivors: the plural, the first three shown, 'and N more')."""
    from dataclasses import replace

    from quizgen.variants.draw import overlap_note

    variant = make_variant(bank, Options(), 1, content_hash(bank))
    three = variant.overlaps
    assert len(three) == 3 and len(variant.questions) == 8

    def note(pairs: tuple) -> str:
        return overlap_note(replace(variant, overlaps=pairs, drawn_from=12)).split(" (a shared claim", 1)

    tail = ("; all are in manifest.json under 'overlaps'. No draw of 8 of the 12 matching questions kept them "
            "apart: ask for fewer (--count) or add questions to the bank.")
    assert note(three[:1]) == ["1 pair of questions on this sheet can give each other away",
                               ", or the same words quoted): a1 and a2 (§2)" + tail]
    assert note(three[:2])[0] == "2 pairs of questions on this sheet can give each other away"
    shown = "a1 and a2 (§2); c1 and c2 (claim K1, §3); e and f (claim K2, §4)"
    assert note(three)[1] == f", or the same words quoted): {shown}{tail}"
    assert note((*three, three[0]))[1] == f", or the same words quoted): {shown}; and 1 more{tail}"
