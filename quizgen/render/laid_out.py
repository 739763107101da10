"""Where WeasyPrint laid out the answer boxes of a document: plain data, without WeasyPrint.

`render.pdf.Renderer.pdf_with_boxes` fills these in a render process; the parent process (which
never imports WeasyPrint, see `render.pool`) receives them with the PDF and computes the page
layouts of a scannable sheet from them (`quizgen.render.marks.layout.layouts_from_render`).
"""

from __future__ import annotations

from dataclasses import dataclass

PT_PER_CSS_PX = 0.75


@dataclass(frozen=True)
class LaidOutBox:
    """One fragment of an element carrying `data-box`: its border box, in PDF points from the page's top-left.

    An element split across lines or pages gives one fragment each (the same `box_id` twice);
    CSS transforms are not applied (do not transform answer boxes).
    """

    page: int  # 0-based page index
    box_id: str  # the element's data-box attribute
    kind: str  # its data-box-kind attribute, "choice" when absent
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class RenderedWithBoxes:
    pdf: bytes
    page_sizes: tuple[tuple[float, float], ...]  # (width, height) in points, per page
    boxes: tuple[LaidOutBox, ...]  # in document order, page by page
