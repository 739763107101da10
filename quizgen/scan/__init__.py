"""Scannable sheets read back: the reader of scans and the `quizgen scan` command.

The marks it reads (the QR code's text, where markers and boxes are, the stamp) are in
`quizgen.render.marks`, below both the build that stamps them and this package.

The public functions (what `quizgen scan` calls):

- `images.load_scans(paths)` / `images.rasterise(pdf_bytes, dpi)`: scans as grey images;
- `read.read_page(image, layouts)`: identify a scanned page and read its boxes;
- `batch.read_scans(paths, layouts, progress=...)`: every page of every file, on every core, in order.

Box positions come from `render.pdf.Renderer.pdf_with_boxes` (WeasyPrint's layout). See docs/scanning.md.

Sub-modules are imported on demand: reading needs OpenCV, zxing-cpp and pypdfium2 (the `scan` extra).
"""
