"""Scans as grey images: PDF pages rasterised with pypdfium2, JPEG/PNG photos decoded with OpenCV.

Scans are untrusted files: only regular files are read, each at most `MAX_FILE_BYTES`, a PDF at
most `MAX_PDF_PAGES` pages, an image at most `MAX_PIXELS`; anything else is a `ScanImage` with a
problem a person can act on, never an exception, so one bad file does not stop a batch.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import cv2
import numpy as np
import pypdfium2 as pdfium

MAX_FILE_BYTES = 200 * 1024 * 1024  # a copier's 120-page PDF at 300 dpi is ~60 MB
MAX_PDF_PAGES = 2000
MAX_PIXELS = 60_000_000  # a 50-megapixel phone photo; an A4 page at 600 dpi is 35 Mpx
MAX_PAGE_PT = 1700  # an A2 side; larger "pages" would be rasterised to huge images
DEFAULT_DPI = 200


@dataclass(frozen=True)
class ScanImage:
    source: str  # the file as the user named it
    page: int  # 1-based page in a PDF; 1 for an image file
    image: np.ndarray | None  # 2-D uint8 grey, or None with a problem
    problem: str | None = None
    from_pdf: bool = False

    @property
    def where(self) -> str:
        """For messages: 'scans.pdf page 3', or 'photo.jpg'."""
        return f"{self.source} page {self.page}" if self.from_pdf else self.source


def rasterise(pdf_bytes: bytes, dpi: int = DEFAULT_DPI) -> Iterator[np.ndarray]:
    """Each page of a PDF as a grey uint8 image at `dpi` (pages larger than A2 are refused)."""
    document = pdfium.PdfDocument(pdf_bytes)
    try:
        if len(document) > MAX_PDF_PAGES:
            raise ValueError(f"{len(document)} pages: more than {MAX_PDF_PAGES}, split the file")
        for index in range(len(document)):
            page = document[index]
            try:
                width, height = page.get_size()
                if max(width, height) > MAX_PAGE_PT:
                    raise ValueError(f"page {index + 1} is {width / 72 * 25.4:.0f}×{height / 72 * 25.4:.0f} mm, "
                                     "larger than A2")
                bitmap = page.render(scale=dpi / 72, grayscale=True, may_draw_forms=False)
                yield _grey(bitmap.to_numpy())
            finally:
                page.close()
    finally:
        document.close()


def _grey(array: np.ndarray) -> np.ndarray:
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[:, :, 0]
    if array.ndim == 3:  # pdfium may hand back BGR(x) even when asked for grey
        array = cv2.cvtColor(array, cv2.COLOR_BGRA2GRAY if array.shape[2] == 4 else cv2.COLOR_BGR2GRAY)
    return np.ascontiguousarray(array, dtype=np.uint8)


@dataclass(frozen=True)
class ScanPage:
    """One page of a scan file, not loaded yet: cheap to send to a worker process."""

    source: str
    page: int  # 1-based
    kind: Literal["pdf", "image"] | None  # None with a problem
    problem: str | None = None


def load_scans(paths: Iterable[str | os.PathLike[str]], dpi: int = DEFAULT_DPI) -> Iterator[ScanImage]:
    """Every page of every scan file, in order: PDF (each page at `dpi`), JPEG, PNG.

    A file that cannot be used yields one ScanImage with `problem` set; a PDF page that cannot be
    rasterised yields that page's problem and the next pages still come.
    """
    try:
        for entry in list_pages(paths):
            yield load_page(entry, dpi)
    finally:
        _close_cached()


def list_pages(paths: Iterable[str | os.PathLike[str]]) -> Iterator[ScanPage]:
    """The pages of every scan file (a PDF is opened to count them, nothing is rasterised)."""
    for path in paths:
        name = os.fspath(path)
        data, problem = _read_capped(Path(name))
        if problem:
            yield ScanPage(name, 1, None, problem)
            continue
        assert data is not None
        if data.startswith(b"%PDF-"):
            yield from _pdf_entries(name, data)
        elif data.startswith(b"\xff\xd8\xff") or data.startswith(b"\x89PNG\r\n\x1a\n"):
            yield ScanPage(name, 1, "image")
        else:
            yield ScanPage(name, 1, None, f"{name}: not a PDF, JPEG or PNG file; scan to PDF, or photograph to "
                                          "JPEG or PNG")


def load_page(entry: ScanPage, dpi: int = DEFAULT_DPI) -> ScanImage:
    """The grey image of one listed page (the open PDF is kept for the next page of the same file)."""
    if entry.kind is None:
        return ScanImage(entry.source, entry.page, None, entry.problem, from_pdf=False)
    if entry.kind == "image":
        data, problem = _read_capped(Path(entry.source))
        if problem:
            return ScanImage(entry.source, 1, None, problem)
        assert data is not None
        return _decode_image(entry.source, data)
    document = _cached_pdf(entry.source)
    if isinstance(document, str):
        return ScanImage(entry.source, entry.page, None, document, from_pdf=True)
    return _pdf_page(entry.source, document, entry.page - 1, dpi)


_cached: tuple[str, pdfium.PdfDocument] | None = None


def _cached_pdf(name: str) -> pdfium.PdfDocument | str:
    """The PDF, opened once per process for all its pages (a copier's file is tens of MB)."""
    global _cached
    if _cached is not None and _cached[0] == name:
        return _cached[1]
    _close_cached()
    data, problem = _read_capped(Path(name))
    if problem:
        return problem
    try:
        document = pdfium.PdfDocument(data)
    except Exception as error:  # pdfium's errors are not typed beyond PdfiumError
        return f"{name}: not a readable PDF ({error}); export the scan again"
    _cached = (name, document)
    return document


def _close_cached() -> None:
    global _cached
    if _cached is not None:
        _cached[1].close()
        _cached = None


def _pdf_entries(name: str, data: bytes) -> Iterator[ScanPage]:
    try:
        document = pdfium.PdfDocument(data)
    except Exception as error:  # pdfium's errors are not typed beyond PdfiumError
        yield ScanPage(name, 1, None, f"{name}: not a readable PDF ({error}); export the scan again")
        return
    try:
        count = len(document)
    finally:
        document.close()
    if count == 0:
        yield ScanPage(name, 1, None, f"{name}: the PDF has no pages")
    elif count > MAX_PDF_PAGES:
        yield ScanPage(name, 1, None, f"{name}: {count} pages, more than {MAX_PDF_PAGES}; split the file")
    else:
        yield from (ScanPage(name, index + 1, "pdf") for index in range(count))


def _read_capped(path: Path) -> tuple[bytes | None, str | None]:
    try:
        info = path.stat()  # follows a symbolic link to its target, which must be a regular file too
    except OSError as error:
        return None, f"{path}: cannot be read ({error.strerror or error})"
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        return None, f"{path}: {kind}; give the scan files themselves"
    if info.st_size > MAX_FILE_BYTES:
        return None, (f"{path}: {info.st_size / 1e6:.0f} MB, more than the {MAX_FILE_BYTES // 1024**2} MiB "
                      "accepted; split the scan into several files")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return None, f"{path}: cannot be read ({error.strerror or error})"
    if len(data) > MAX_FILE_BYTES:  # grew since stat
        return None, f"{path}: more than {MAX_FILE_BYTES // 1024**2} MiB; split the scan into several files"
    if not data:
        return None, f"{path}: the file is empty"
    return data, None


def _pdf_page(name: str, document: pdfium.PdfDocument, index: int, dpi: int) -> ScanImage:
    try:
        page = document[index]
        try:
            width, height = page.get_size()
            if max(width, height) > MAX_PAGE_PT or min(width, height) <= 0:
                return ScanImage(name, index + 1, None,
                                 f"{name} page {index + 1}: {width / 72 * 25.4:.0f}×{height / 72 * 25.4:.0f} mm, "
                                 "not a sheet of paper", from_pdf=True)
            bitmap = page.render(scale=dpi / 72, grayscale=True, may_draw_forms=False)
            return ScanImage(name, index + 1, _grey(bitmap.to_numpy()), from_pdf=True)
        finally:
            page.close()
    except Exception as error:
        return ScanImage(name, index + 1, None, f"{name} page {index + 1}: cannot be rasterised ({error})",
                         from_pdf=True)


def _decode_image(name: str, data: bytes) -> ScanImage:
    size = _image_size(data)
    if size is None:
        return ScanImage(name, 1, None, f"{name}: damaged image header; export the photo again")
    width, height = size
    if width * height > MAX_PIXELS:
        return ScanImage(name, 1, None, f"{name}: {width}×{height} pixels, more than {MAX_PIXELS // 1_000_000} "
                                        "megapixels; reduce the photo's size")
    # IMREAD_GRAYSCALE applies the photo's EXIF orientation; the reader copes with any turn anyway.
    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
    if image is None:
        return ScanImage(name, 1, None, f"{name}: the image cannot be decoded (damaged file?)")
    return ScanImage(name, 1, image)


def _image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG or JPEG header, read before decoding (decompression bombs)."""
    if data.startswith(b"\x89PNG"):
        if len(data) < 24 or data[12:16] != b"IHDR":
            return None
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            return None
        marker = data[index + 1]
        if marker == 0xFF:  # fill byte before a marker
            index += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            index += 2
            continue
        length = int.from_bytes(data[index + 2:index + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # start of frame
            return int.from_bytes(data[index + 7:index + 9], "big"), int.from_bytes(data[index + 5:index + 7], "big")
        index += 2 + length
    return None
