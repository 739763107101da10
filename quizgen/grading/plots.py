"""The report's figures, drawn with matplotlib as SVG that is safe and stable to inline in HTML.

* Agg backend, no pyplot (no global figure state); rcParams only inside `rc_context`.
* Byte-deterministic: `svg.hashsalt` fixed, no date in the metadata; text measured with the bundled
  TeX Gyre Heros (put first in matplotlib's font list; DejaVu Sans, shipped with matplotlib, for
  missing glyphs) and written as SVG `<text>` (`svg.fonttype: none`): glyph paths were 2–3× more
  nodes for WeasyPrint to draw. The PDF maps that font name to the bundled file
  (report-print.css); a browser without the font uses its own sans-serif.
* Inline-safe: `_inline` parses matplotlib's SVG and writes it again with ElementTree (every text
  escaped), keeps only the elements in `ALLOWED` (no metadata, no script can come through), flattens
  the empty `<g>` wrappers (fewer nodes: the inline SVG's nodes go through WeasyPrint's HTML
  cascade) and prefixes the ids so several figures can share one HTML page.
* Black-and-white readable: greys, hatching, marker shapes and printed numbers; never colour alone.
* Bank text reaching a figure (technique names, category labels) goes through `plain()`: control
  characters removed, mathtext off (`text.parse_math: False`, so "$" is just a dollar sign).
"""

from __future__ import annotations

import functools
import io
import re
import textwrap
import xml.etree.ElementTree as ET  # noqa: N817
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402  (after choosing the backend)
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from quizgen.core.defaults import templates_dir  # noqa: E402
from quizgen.types import NAMES  # noqa: E402

FONT_FILES = ("texgyreheros-regular.otf", "texgyreheros-bold.otf")
INK = "#111111"
RC: dict[Any, Any] = {  # Any: matplotlib's stubs want literal keys
    "svg.hashsalt": "quizgen-report",
    "svg.fonttype": "none",
    "font.family": ["TeX Gyre Heros", "DejaVu Sans"],
    "font.size": 9,
    "text.parse_math": False,
    "text.usetex": False,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "text.color": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "hatch.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
#: One marker (and fill, for black and white) per question type, in the registry's order: six shapes that
#: stay distinct when printed without colour.
TYPE_MARKERS = dict(zip(NAMES, ("o", "s", "^", "D", "v", "P"), strict=False))
TYPE_FILLS = dict(zip(NAMES, ("white", "0.55", "white", "0.55", "white", "0.55"), strict=False))


@functools.lru_cache(maxsize=1)
def _register_fonts() -> None:
    """Add the bundled fonts and put them first, so a system copy of another version is never preferred."""
    folder = templates_dir() / "fonts"
    for name in FONT_FILES:
        if (folder / name).is_file():
            font_manager.fontManager.addfont(str(folder / name))
    ours = [f for f in font_manager.fontManager.ttflist if str(folder) in f.fname]
    others = [f for f in font_manager.fontManager.ttflist if str(folder) not in f.fname]
    font_manager.fontManager.ttflist = ours + others
    font_manager.fontManager._findfont_cached.cache_clear()  # type: ignore[attr-defined]


def plain(text: str, width: int | None = None) -> str:
    """Bank text made safe for a figure: one line per `width` characters, no control characters."""
    text = " ".join(_CONTROL.sub(" ", text).split())
    return "\n".join(textwrap.wrap(text, width)) if width and text else text


def _svg(figure: Figure, prefix: str) -> str:
    buffer = io.StringIO()
    with matplotlib.rc_context(RC):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight",
                       pad_inches=0.05)
    return _inline(buffer.getvalue(), prefix)


SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)
#: What matplotlib's SVG backend writes for these figures; anything else is dropped.
ALLOWED = {f"{{{SVG}}}{tag}" for tag in ("svg", "g", "defs", "path", "use", "text", "tspan", "clipPath", "rect",
                                          "style", "pattern")}
_HREF = f"{{{XLINK}}}href"
#: style="…" declarations written as attributes instead: WeasyPrint then skips a CSS parse per element.
PRESENTATION = {"fill", "stroke", "stroke-width", "stroke-linejoin", "stroke-linecap", "stroke-dasharray",
                "stroke-dashoffset", "stroke-opacity", "fill-opacity", "opacity", "font-size", "font-family",
                "font-weight", "font-style", "text-anchor"}
_REFERENCE = re.compile(r"url\(#([^)]+)\)")


def _inline(svg: str, prefix: str) -> str:
    """matplotlib's SVG made fit to sit inside HTML: parsed and written again by ElementTree (so every
    text is escaped), only the elements in ALLOWED, `<g>` wrappers that carry nothing but an id
    flattened (each node costs WeasyPrint time), unused ids dropped, used ids prefixed (unique per page)."""
    root = ET.fromstring(svg.encode("utf-8"))
    referenced = set()
    for element in root.iter():
        if _HREF in element.attrib:
            referenced.add(element.attrib[_HREF].lstrip("#"))
        for value in element.attrib.values():
            referenced.update(_REFERENCE.findall(value))
    _flatten(root)
    for element in root.iter():
        ident = element.attrib.pop("id", None)
        if ident in referenced:
            element.set("id", f"{prefix}-{ident}")
        if _HREF in element.attrib:
            element.set(_HREF, f"#{prefix}-{element.attrib[_HREF].lstrip('#')}")
        _presentation_attributes(element)
        for key, value in element.attrib.items():
            if "url(#" in value:
                element.set(key, _REFERENCE.sub(lambda m: f"url(#{prefix}-{m.group(1)})", value))
    root.set("role", "img")
    # ElementTree's prefix registry is global and WeasyPrint re-registers '' when it is imported: claim it again.
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", XLINK)
    return ET.tostring(root, encoding="unicode").strip()


def _presentation_attributes(element: ET.Element) -> None:
    style = element.attrib.pop("style", None)
    if style is None:
        return
    kept = []
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if name in PRESENTATION and name not in element.attrib:
            element.set(name, value)
        elif name:
            kept.append(f"{name}: {value}")
    if kept:
        element.set("style", "; ".join(kept))


def _flatten(parent: ET.Element) -> None:
    children: list[ET.Element] = []
    for child in list(parent):
        if child.tag not in ALLOWED:
            continue  # metadata (title, date) and anything unexpected
        _flatten(child)
        if child.tag == f"{{{SVG}}}g" and set(child.attrib) <= {"id"} and not (child.text or "").strip():
            children.extend(child)
        else:
            children.append(child)
    for child in list(parent):
        parent.remove(child)
    parent.extend(children)


def _figure(width: float, height: float) -> Figure:
    _register_fonts()
    with matplotlib.rc_context(RC):
        return Figure(figsize=(width, height))


def mark_histogram(marks: Sequence[float], scale: int, mean: float, x_label: str, y_label: str,
                   mean_label: str) -> str:
    """Marks on the scale, one bar per tenth of the scale, the mean as a dashed line."""
    with matplotlib.rc_context(RC):
        figure = _figure(6.0, 2.1)
        axes = figure.add_subplot()
        width = scale / 10
        edges = [i * width for i in range(11)]
        axes.hist(marks, bins=edges, color="0.82", edgecolor=INK, linewidth=0.8, hatch="///")
        axes.axvline(mean, color=INK, linestyle=(0, (4, 2)), linewidth=1.2)
        top = axes.get_ylim()[1]
        axes.text(mean, top * 0.97, f" {mean_label}", va="top", ha="left", fontsize=8,
                  bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})
        axes.set_xlim(0, scale)
        axes.set_xticks(edges)
        axes.set_xticklabels([f"{e:g}" for e in edges])
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_xlabel(x_label)
        axes.set_ylabel(y_label)
        return _svg(figure, "histogram")


def facility_discrimination(points: Sequence[tuple[int, float, float, str]], type_labels: dict[str, str],
                            x_label: str, y_label: str) -> str:
    """One marker per question (number printed beside it): facility % × discrimination %, shape by type."""
    with matplotlib.rc_context(RC):
        figure = _figure(6.2, 3.4)
        axes = figure.add_subplot()
        axes.axhspan(-100, 20, color="0.93", zorder=0)
        axes.axhline(20, color="0.45", linestyle=(0, (4, 2)), linewidth=0.8, zorder=1)
        axes.axhline(0, color=INK, linewidth=0.6, zorder=1)
        for facility in (20, 90):
            axes.axvline(facility, color="0.45", linestyle=(0, (1, 2)), linewidth=0.8, zorder=1)
        for qtype in TYPE_MARKERS:
            mine = [p for p in points if p[3] == qtype]
            if not mine:
                continue
            axes.scatter([p[1] for p in mine], [p[2] for p in mine], marker=TYPE_MARKERS[qtype], s=34,
                         facecolor=TYPE_FILLS[qtype],
                         edgecolor=INK, linewidth=0.9, zorder=3, label=plain(type_labels.get(qtype, qtype)))
        for number, x, y, _ in points:
            axes.annotate(str(number), (x, y), xytext=(4, 3), textcoords="offset points", fontsize=7, zorder=4)
        low = min([p[2] for p in points] + [-10.0])
        axes.set_xlim(0, 103)
        axes.set_ylim(max(-100, low - 10), 100)
        axes.set_xlabel(x_label)
        axes.set_ylabel(y_label)
        if points:
            axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, frameon=False, fontsize=7.5)
        return _svg(figure, "scatter")


def heatmap(counts: Sequence[Sequence[int]], row_labels: Sequence[str], column_labels: Sequence[str],
            diagonal: Sequence[tuple[int, int]], x_label: str, y_label: str, prefix: str) -> str:
    """Annotated grey heat-map; `diagonal` cells (right answers) outlined; zeros left blank."""
    rows, columns = len(row_labels), len(column_labels)
    with matplotlib.rc_context(RC):
        figure = _figure(max(3.8, 1.25 + 0.52 * columns), max(2.2, 1.4 + 0.38 * rows))
        axes = figure.add_subplot()
        peak = float(max([max(row) for row in counts if row] + [1]))
        for r, row in enumerate(counts):  # one vector rectangle per cell (imshow would embed a bitmap)
            for c, value in enumerate(row):
                grey = 1 - 0.85 * value / peak
                axes.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, facecolor=(grey, grey, grey), edgecolor="white",
                                         linewidth=1.2))
        axes.set_xlim(-0.5, columns - 0.5)
        axes.set_ylim(rows - 0.5, -0.5)
        for r, row in enumerate(counts):
            for c, value in enumerate(row):
                if value:
                    axes.text(c, r, str(value), ha="center", va="center", fontsize=8,
                              color="white" if value / peak > 0.55 else INK,
                              fontweight="bold" if (r, c) not in diagonal and value / peak > 0.25 else "normal")
        for r, c in diagonal:
            axes.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, edgecolor=INK, linewidth=1.6))
        axes.set_xticks(range(columns))
        axes.set_xticklabels([plain(label, 18) for label in column_labels], rotation=45, ha="right",
                             rotation_mode="anchor", fontsize=7.5)
        axes.set_yticks(range(rows))
        axes.set_yticklabels([plain(label, 28) for label in row_labels], fontsize=7.5)
        axes.tick_params(length=0)
        for side in ("top", "right", "bottom", "left"):
            axes.spines[side].set_visible(False)
        axes.set_xlabel(x_label)
        axes.set_ylabel(y_label)
        return _svg(figure, prefix)
