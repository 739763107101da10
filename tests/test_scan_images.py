"""Scan files in, grey images out: PDF pages, JPEG and PNG; everything else is a problem, never a crash."""

import os

import cv2
import numpy as np
import pytest

from quizgen.scan import images
from quizgen.scan.images import load_scans, rasterise
from quizgen.scan.synthetic import images_to_pdf

pytestmark = pytest.mark.slow


def page(value: int, shape=(700, 500)) -> np.ndarray:
    image = np.full(shape, 255, dtype=np.uint8)
    image[100:200, 100:300] = value
    return image


def test_pdf_pages_come_out_in_order_at_the_asked_dpi(tmp_path):
    scan = tmp_path / "copier.pdf"
    scan.write_bytes(images_to_pdf([page(0), page(100), page(200)], dpi=100))
    got = list(load_scans([scan], dpi=50))
    assert [(g.source, g.page, g.problem) for g in got] == [(str(scan), n, None) for n in (1, 2, 3)]
    assert all(g.image is not None and g.image.shape == (350, 250) and g.image.dtype == np.uint8 for g in got)
    assert [int(g.image[75, 100]) for g in got] == pytest.approx([0, 100, 200], abs=8)  # JPEG, resampled
    assert got[1].where == f"{scan} page 2"


def test_jpeg_and_png_photos(tmp_path):
    colour = cv2.cvtColor(page(60), cv2.COLOR_GRAY2BGR)
    colour[300:400, 100:300] = (255, 0, 0)  # blue in BGR: dark once grey
    cv2.imwrite(str(tmp_path / "photo.jpg"), colour)
    cv2.imwrite(str(tmp_path / "photo.PNG"), colour)
    got = list(load_scans([tmp_path / "photo.jpg", tmp_path / "photo.PNG"]))
    assert [g.problem for g in got] == [None, None]
    for g in got:
        assert g.image is not None and g.image.ndim == 2 and g.image.shape == (700, 500)
        assert g.image[150, 150] < 80 and g.image[350, 150] < 60 and g.image[600, 400] > 240
    assert got[0].where == str(tmp_path / "photo.jpg")


def test_every_bad_input_is_a_problem_and_the_batch_goes_on(tmp_path):
    good = tmp_path / "good.png"
    cv2.imwrite(str(good), page(0))
    folder = tmp_path / "folder"
    folder.mkdir()
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    text = tmp_path / "notes.txt"
    text.write_text("QZ1/CZ5-ECL/AB3-XY7/12/2", encoding="utf-8")
    broken_pdf = tmp_path / "broken.pdf"
    broken_pdf.write_bytes(b"%PDF-1.7\n1 0 obj garbage")
    broken_png = tmp_path / "broken.png"
    broken_png.write_bytes(good.read_bytes()[:60])
    broken_jpeg = tmp_path / "broken.jpg"
    broken_jpeg.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 30)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "link.png"
    link.symlink_to(good)
    got = list(load_scans([folder, tmp_path / "missing.pdf", empty, text, broken_pdf, broken_png, broken_jpeg, fifo,
                           link, good]))
    problems = [g.problem for g in got]
    assert [p is None for p in problems] == [False] * 8 + [True, True]
    expected = ["a folder", "cannot be read", "empty", "not a PDF, JPEG or PNG", "not a readable PDF",
                "cannot be decoded", "damaged image header", "not a regular file"]
    for problem, words in zip(problems, expected, strict=False):
        assert problem is not None and words in problem
    assert all(g.image is None for g in got[:8])


def test_size_caps(tmp_path, monkeypatch):
    big = tmp_path / "big.png"
    cv2.imwrite(str(big), np.zeros((3000, 3000), dtype=np.uint8))
    monkeypatch.setattr(images, "MAX_PIXELS", 3000 * 3000 - 1)
    (got,) = load_scans([big])
    assert got.image is None and "megapixels" in got.problem
    monkeypatch.setattr(images, "MAX_FILE_BYTES", big.stat().st_size - 1)
    (got,) = load_scans([big])
    assert got.image is None and "MiB" in got.problem


def test_pdf_page_caps(tmp_path, monkeypatch):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(images_to_pdf([page(0)] * 3, dpi=100))
    monkeypatch.setattr(images, "MAX_PDF_PAGES", 2)
    (got,) = load_scans([scan])
    assert got.image is None and "3 pages" in got.problem
    poster = tmp_path / "poster.pdf"
    poster.write_bytes(images_to_pdf([page(0, (2000, 1500))], dpi=25))  # 2 m tall
    (got,) = load_scans([poster])
    assert got.image is None and "not a sheet of paper" in got.problem


def test_rasterise_gives_grey_pages():
    pdf = images_to_pdf([page(0), page(128)], dpi=100)
    pages = list(rasterise(pdf, 100))
    assert [p.shape for p in pages] == [(700, 500)] * 2 and all(p.dtype == np.uint8 for p in pages)
