"""The JSON Schema of bank files, generated from the model (shipped as docs/bank.schema.json).

Pydantic describes the file kinds and question types as `oneOf` + an OpenAPI `discriminator`.
Generic validators (jsonschema, VS Code's YAML extension, check-jsonschema) ignore the
discriminator: one wrong field in one question then fails every branch of `oneOf`, and the error
points at the whole document ("is not valid under any of the given schemas"). `if`/`then` on
`kind` and `type` instead lets them pick the one branch that applies and report the field.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from quizgen.bank.model import AnyFile


def json_schema() -> dict[str, Any]:
    schema = _without_discriminators(TypeAdapter(AnyFile).json_schema())
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "quizgen bank file (article, glossary, bank or questions)",
        **schema,
    }


def _without_discriminators(node: Any) -> Any:
    if isinstance(node, list):
        return [_without_discriminators(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _without_discriminators(value) for key, value in node.items()}
    discriminator = node.pop("discriminator", None)
    if discriminator is None:
        return node
    node.pop("oneOf", None)
    return node | _if_then(discriminator["propertyName"], discriminator["mapping"])


def _if_then(field: str, mapping: dict[str, str]) -> dict[str, Any]:
    """`field` must be one of the tags; each tag's definition applies when `field` has that value."""
    return {
        "type": "object",
        "required": [field],
        "properties": {field: {"enum": list(mapping)}},
        "allOf": [
            {"if": {"properties": {field: {"const": tag}}, "required": [field]}, "then": {"$ref": reference}}
            for tag, reference in mapping.items()
        ],
    }
