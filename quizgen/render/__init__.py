"""HTML templates (sandboxed Jinja) and HTML → PDF (WeasyPrint, in parallel), PDF joining."""
