"""The marks of a scannable page, shared by the build that stamps them and the reader that finds them.

- `identity.py`: which sheet a page is (the QR code's text, `PageIdentity`, and its strict parser);
- `layout.py`: where the corner markers, the QR code and the answer boxes are on a page (`PageLayout`),
  from the boxes WeasyPrint laid out (`layouts_from_render`); JSON for the class set's manifest;
- `stamp.py`: `stamp_pages(pdf_bytes, identities)` draws the markers and QR code on rendered pages.

They live below `sheets/` (which stamps and records them) and `scan/` (which reads them back), and
need only pikepdf and segno: building a class set never imports OpenCV or zxing-cpp.
"""
