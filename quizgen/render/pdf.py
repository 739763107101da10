"""HTML → PDF with WeasyPrint: the only module that imports it.

Bank text is escaped before it gets here; the URL fetcher is the second line of
defence: only files inside the template folders may be read, nothing else
(no http(s), no file: elsewhere, no data: smuggling of attachments).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from quizgen.core.problems import RenderFailed
from quizgen.render.laid_out import PT_PER_CSS_PX, LaidOutBox, RenderedWithBoxes

__all__ = ["LaidOutBox", "RenderedWithBoxes", "Renderer", "TemplateAssetsOnly"]


def _quick_import() -> None:
    """Import WeasyPrint without `ctypes.util.find_library`, which it calls for every library name it
    tries first (`libpango-1.0-0`, `pango-1.0-0`…): 22 calls, each running `ldconfig -p` or gcc in a
    subprocess, 0.2–0.6 s of every render worker's start-up. On Linux the names WeasyPrint tries
    last (`libpango-1.0.so.0`…) are the sonames that `find_library` would have returned, loaded the
    same way by the dynamic loader, so the same libraries are loaded. Anything else — another
    system, an error, HarfBuzz's subsetter not found (its absence changes the PDFs) — and WeasyPrint
    is forgotten and imported again the normal way, with its normal messages."""
    if not sys.platform.startswith("linux") or "weasyprint" in sys.modules:
        return
    import ctypes.util

    normal_lookup = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None  # put back as soon as WeasyPrint is in
    try:
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from weasyprint.text import ffi
        complete = ffi.harfbuzz_subset is not None
    except Exception:  # whatever went wrong, the normal import below says it (or works)
        complete = False
    finally:
        ctypes.util.find_library = normal_lookup
    if not complete:
        for name in [name for name in sys.modules if name == "weasyprint" or name.startswith("weasyprint.")]:
            del sys.modules[name]


_quick_import()

import weasyprint  # noqa: E402  (after _quick_import on purpose)
from weasyprint.css import AnonymousStyle  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402


class TemplateAssetsOnly(weasyprint.URLFetcher):
    """Serve files from the template folders (layered like the templates); refuse everything else."""

    def __init__(self, folders: tuple[Path, ...]):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, timeout=2)
        self.folders = tuple(folder.resolve() for folder in folders)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> weasyprint.urls.URLFetcherResponse:
        path = self._allowed_path(url)
        if path is None:
            self.refused.append(url)
            raise ValueError(f"quizgen refuses to load {url!r}: only template assets may be loaded")
        return weasyprint.urls.URLFetcherResponse(url, body=path.read_bytes(), headers={})

    def _allowed_path(self, url: str) -> Path | None:
        parsed = urlparse(url)
        if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
            return None
        wanted = Path(unquote(parsed.path)).resolve()
        for folder in self.folders:
            if wanted.is_relative_to(folder):
                relative = wanted.relative_to(folder)
                for candidate_root in self.folders:  # a user folder may override one asset only
                    candidate = (candidate_root / relative).resolve()
                    if candidate.is_relative_to(candidate_root) and candidate.is_file():
                        return candidate
        return None


@dataclass
class Renderer:
    """Holds what can be reused between documents: fonts and parsed CSS (~8 % faster)."""

    folders: tuple[Path, ...]
    stylesheet: Path

    def __post_init__(self) -> None:
        self.fetcher = TemplateAssetsOnly(self.folders)
        self.font_config = FontConfiguration()
        self._css: dict[str, weasyprint.CSS] = {}
        self._base = weasyprint.CSS(
            string=self.stylesheet.read_text(encoding="utf-8"),
            base_url=self.stylesheet.parent.as_uri() + "/",
            url_fetcher=self.fetcher, font_config=self.font_config,
        )

    def _page_css(self, page_css: str) -> weasyprint.CSS:
        if page_css not in self._css:
            self._css[page_css] = weasyprint.CSS(string=page_css, url_fetcher=self.fetcher,
                                                 font_config=self.font_config)
        return self._css[page_css]

    def pdf(self, html: str, page_css: str, identifier: str, tagged: bool = True) -> bytes:
        """Render one document. `identifier` fixes the PDF /ID so output is reproducible.

        `tagged`: a structure tree for screen readers (~6 % of a worksheet's time). Only documents
        joined into a class set go without: the join cannot keep their trees anyway."""
        try:
            document = weasyprint.HTML(
                string=html, base_url=self.folders[0].as_uri() + "/", url_fetcher=self.fetcher,
            )
            result = document.write_pdf(
                stylesheets=[self._base, self._page_css(page_css)],
                font_config=self.font_config,
                pdf_identifier=hashlib.sha256(identifier.encode()).hexdigest()[:32].encode(),
                pdf_tags=tagged,
            )
        except Exception as error:  # WeasyPrint raises many kinds; a person needs one message
            raise RenderFailed(f"WeasyPrint could not render the PDF: {error}") from error
        assert isinstance(result, bytes)
        return result

    def pdf_with_boxes(self, html: str, page_css: str, identifier: str, tagged: bool = True) -> RenderedWithBoxes:
        """Render like `pdf` (same bytes) and also return where every `data-box` element was laid out.

        Positions come from WeasyPrint's own layout (each page's box tree), never from guesses.
        """
        options = {"stylesheets": [self._base, self._page_css(page_css)], "pdf_tags": tagged}
        try:
            document = weasyprint.HTML(
                string=html, base_url=self.folders[0].as_uri() + "/", url_fetcher=self.fetcher,
            ).render(font_config=self.font_config, **options)
            result = document.write_pdf(
                pdf_identifier=hashlib.sha256(identifier.encode()).hexdigest()[:32].encode(), **options,
            )
        except Exception as error:  # WeasyPrint raises many kinds; a person needs one message
            raise RenderFailed(f"WeasyPrint could not render the PDF: {error}") from error
        assert isinstance(result, bytes)
        sizes = tuple((page.width * PT_PER_CSS_PX, page.height * PT_PER_CSS_PX) for page in document.pages)
        boxes = tuple(box for index, page in enumerate(document.pages) for box in _data_boxes(index, page))
        return RenderedWithBoxes(result, sizes, boxes)


def _data_boxes(index: int, page: weasyprint.Page) -> list[LaidOutBox]:
    found = []
    for box in page._page_box.descendants():  # noqa: SLF001 (the layout tree is only reachable there)
        element = getattr(box, "element", None)
        if element is None or element.get("data-box") is None:
            continue
        # Anonymous boxes (line boxes, text) and ::before/::after boxes share their element: skip them.
        if isinstance(box.style, AnonymousStyle) or "::" in (box.element_tag or ""):
            continue
        px = PT_PER_CSS_PX
        found.append(LaidOutBox(
            index, element.get("data-box"), element.get("data-box-kind") or "choice",
            box.border_box_x() * px, box.border_box_y() * px, box.border_width() * px, box.border_height() * px,
        ))
    return found

