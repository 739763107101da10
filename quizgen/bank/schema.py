"""The JSON Schema of bank files, generated from the model (shipped as docs/bank.schema.json)."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from quizgen.bank.model import AnyFile


def json_schema() -> dict[str, Any]:
    schema = TypeAdapter(AnyFile).json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "quizgen bank file (article, glossary, bank or questions)",
        **schema,
    }
