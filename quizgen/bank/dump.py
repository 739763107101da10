"""A bank as plain JSON data, and the content hash that names its variants (same bank → same codes)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from quizgen.bank.workspace import Bank
from quizgen.types.fields import PLAIN

FORMAT_VERSION = 1


def plain(value: Any) -> Any:
    """Model dump → JSON data, with plain texts back as strings (not {'*': text})."""
    if isinstance(value, dict):
        if set(value) == {PLAIN}:
            return value[PLAIN]
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def _dump(item: Any) -> Any:
    return plain(item.model_dump(mode="json", exclude_none=True))


def bank_data(bank: Bank) -> dict[str, Any]:
    """Everything the bank says, as versioned JSON data (`quizgen export --format json`)."""
    article = bank.article
    used = {t for q in bank.questions for t in q.techniques}
    return {
        "format": "quizgen-bank",
        "version": FORMAT_VERSION,
        "id": bank.id,
        "title": plain(bank.title),
        "language": bank.language,
        "instructions": plain(bank.instructions),
        "files": list(bank.files),
        "article": {
            "id": article.id,
            "path": article.path,
            "text_path": article.text_path,
            "title": article.title,
            "language": article.language,
            "author": article.author,
            "publisher": article.publisher,
            "date": article.date,
            "url": article.url,
            "note": plain(article.note),
            "paragraphs": list(article.paragraphs),
        },
        "glossary": [_dump(t) | {"used": t.id in used} for t in bank.glossary.values()],
        "claims": [_dump(c) for c in bank.claims.values()],
        "presets": [_dump(p) for p in bank.presets],
        "questions": [_dump(q) for q in bank.questions],
    } | ({"scoring": dict(bank.scoring)} if bank.scoring else {}) | (
        # Only when set: the content hash (hence the variant codes) of other banks stays the same.
        {"self_check_instructions": plain(bank.self_check_instructions)} if bank.self_check_instructions else {}) | (
        {"booklet_instructions": plain(bank.booklet_instructions)} if bank.booklet_instructions else {})


def content_hash(bank: Bank) -> str:
    """Hash of what the bank says, not of where its files are: the same anywhere."""
    data = bank_data(bank)
    for key in ("files",):
        data.pop(key)
    for key in ("path", "text_path"):
        data["article"].pop(key)
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
