"""The main job: bank → variant → HTML → PDFs + manifest, written atomically."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .export import content_hash
from .output import write_folder
from .problems import UsageProblem
from .templating import TemplateSet, page_css, render_html
from .variants import Options, Variant, fresh_seed, make_variant, manifest
from .workspace import Bank, Workspace

WORKSHEET_PDF = "worksheet.pdf"
ANSWER_KEY_PDF = "answer-key.pdf"
MANIFEST = "manifest.json"


@dataclass
class BuildRequest:
    out: Path = Path("output")
    seed: int | None = None
    options: Options = field(default_factory=Options)
    paper: str = "a4"
    force: bool = False
    templates: Path | None = None
    bank: str | None = None
    emit_html: bool = False


@dataclass
class BuildResult:
    folder: Path
    files: list[str]
    variant: Variant


def choose_bank(workspace: Workspace, bank_id: str | None) -> Bank:
    ids = [bank.id for bank in workspace.banks]
    if bank_id is None:
        if len(ids) == 1:
            return workspace.banks[0]
        raise UsageProblem(f"this workspace has {len(ids)} banks ({', '.join(ids) or 'none'}); "
                           "choose one with --bank ID.")
    for bank in workspace.banks:
        if bank.id == bank_id:
            return bank
    raise UsageProblem(f"no bank '{bank_id}'; banks here: {', '.join(ids) or 'none'}.")


def template_set(request: BuildRequest) -> TemplateSet:
    """--templates, else a templates/ folder in the working folder (as `quizgen init` makes), else the defaults."""
    user = request.templates
    if user is None and Path("templates").is_dir():
        user = Path("templates")
    return TemplateSet.with_override(user)


def prepare(workspace: Workspace, request: BuildRequest,
            templates: TemplateSet | None = None) -> tuple[Variant, dict[str, str]]:
    """Everything up to HTML, without WeasyPrint: the variant and its two HTML documents."""
    if request.paper not in ("a4", "letter"):
        raise UsageProblem("--paper must be a4 or letter.")
    bank = choose_bank(workspace, request.bank)
    seed = fresh_seed() if request.seed is None else request.seed
    variant = make_variant(bank, request.options, seed, content_hash(bank))
    templates = templates or template_set(request)
    html = {kind: render_html(variant, kind, templates, request.paper) for kind in ("worksheet", "key")}
    return variant, html


def build(workspace: Workspace, request: BuildRequest) -> BuildResult:
    from .render_pdf import Renderer  # WeasyPrint only when rendering: check/stats start fast

    templates = template_set(request)
    variant, html = prepare(workspace, request, templates)
    renderer = Renderer(templates.folders, templates.find("style.css"))
    files: dict[str, bytes] = {
        WORKSHEET_PDF: renderer.pdf(html["worksheet"], page_css(variant, "worksheet", request.paper),
                                    f"{variant.code}/worksheet"),
        ANSWER_KEY_PDF: renderer.pdf(html["key"], page_css(variant, "key", request.paper),
                                     f"{variant.code}/key"),
    }
    if request.emit_html:
        files["worksheet.html"] = html["worksheet"].encode("utf-8")
        files["answer-key.html"] = html["key"].encode("utf-8")
    listed = {"worksheet": WORKSHEET_PDF, "answer_key": ANSWER_KEY_PDF}
    data = manifest(variant, listed) | {"paper": request.paper}
    files[MANIFEST] = (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")
    folder = request.out / f"{variant.bank.id}-{variant.code}"
    write_folder(folder, files, force=request.force)
    return BuildResult(folder, sorted(files), variant)


SELF_CHECK_HTML = "self-check.html"


def build_html(workspace: Workspace, request: BuildRequest) -> BuildResult:
    """The offline self-check: one self-contained HTML file (plus the manifest) per variant."""
    from .selfstudy import render_quiz

    bank = choose_bank(workspace, request.bank)
    seed = fresh_seed() if request.seed is None else request.seed
    variant = make_variant(bank, request.options, seed, content_hash(bank))
    files: dict[str, bytes] = {SELF_CHECK_HTML: render_quiz(variant, template_set(request)).encode("utf-8")}
    data = manifest(variant, {"self_check": SELF_CHECK_HTML})
    files[MANIFEST] = (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")
    folder = request.out / f"{variant.bank.id}-{variant.code}"
    write_folder(folder, files, force=request.force)
    return BuildResult(folder, sorted(files), variant)
