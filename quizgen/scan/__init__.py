"""Machine-readable sheets: corner markers and a QR code stamped on each page, and the reader of scans.

The public functions (what `quizgen scan` and the build call):

- `layout.page_layout(width, height, boxes)` / `layout.layouts_from_render(...)`: where things are on a page;
- `stamp.stamp_pages(pdf_bytes, identities)`: draw the markers and QR code on rendered pages;
- `images.load_scans(paths)` / `images.rasterise(pdf_bytes, dpi)`: scans as grey images;
- `read.read_page(image, layouts)`: identify a scanned page and read its boxes;
- `batch.read_scans(paths, layouts, progress=...)`: every page of every file, on every core, in order.

Box positions come from `render.pdf.Renderer.pdf_with_boxes` (WeasyPrint's layout). See docs/scanning.md.

Sub-modules are imported on demand: stamping needs only pikepdf and segno, reading needs
OpenCV, zxing-cpp and pypdfium2 (the `scan` extra).
"""
