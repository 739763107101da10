"""Turn pydantic's validation errors into `Problem`s a teacher can act on."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError

from quizgen.bank import model
from quizgen.bank.model import FILE_MODELS, AnyFile, Strict
from quizgen.bank.yamlsource import PathKey, YamlDocument
from quizgen.core.problems import Problem, suggest
from quizgen.types import TYPES, containers, fields

_FILE_ADAPTER: TypeAdapter[Any] = TypeAdapter(AnyFile)


def validate_document(document: YamlDocument) -> tuple[Strict | None, list[Problem]]:
    data = document.data
    if not isinstance(data, dict):
        shape = {type(None): "empty", list: "a list", str: "a single text"}.get(type(data), "not a mapping")
        return None, [Problem(document.path, document.line_of(()), (
            f"the file is {shape}; a bank file is a block of fields starting with "
            "'kind:' (bank, questions, glossary or article). See docs/bank-format.md."))]
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in FILE_MODELS:
        hint = suggest(kind, list(FILE_MODELS)) if isinstance(kind, str) else ""
        where = document.line_of(("kind",)) if "kind" in data else 1
        if "kind" not in data:
            said = "the file has no 'kind:' line."
        elif kind is None:
            said = "the 'kind:' line is empty."
        elif isinstance(kind, (list, dict)):
            said = "'kind:' must be a single word, not a list or a block."
        else:
            said = f"'kind: {kind}' is not a kind of file."
        return None, [Problem(document.path, where, (
            f"{said}{hint} Start the file with kind: bank, questions, glossary or article."))]
    try:
        parsed = _FILE_ADAPTER.validate_python(data)
    except ValidationError as error:
        # Pydantic puts the union tag (the file's kind) first: drop it, it is not a key of the data.
        items = [item | {"loc": tuple(item["loc"])[1:]} for item in error.errors()]
        problems = sorted({_explain(item, document) for item in items if not _long_enough(item, document)})
        seen = {problem.line for problem in problems}
        return None, problems + [p for p in _loose_booleans(document) if p.line not in seen]
    # Valid for the model: later checks still run (a loose boolean hides nothing else).
    return parsed, _loose_booleans(document)


_BOOLEAN_WORDS = {"true", "false"}


def _loose_booleans(document: YamlDocument) -> list[Problem]:
    """`answer: yes`: YAML 1.1 reads yes/no/on/off as true/false, YAML 1.2 tools (and editors' schema
    checks) read them as text. Only true and false mean the same everywhere. (Where text is
    expected, the model itself refuses the boolean: "must be text, but YAML reads a bare 'no'…".)"""
    problems = []
    for path, scalar in document.scalars.items():
        if scalar.quoted or scalar.raw.lower() in _BOOLEAN_WORDS:
            continue
        value = document.value_at(path)
        if isinstance(value, bool):
            field = path[-1] if path and isinstance(path[-1], str) else None
            name = f"'{field}'" if field else "this value"
            problems.append(Problem(document.path, scalar.line, (
                f"{name} must be true or false, not '{scalar.raw}': some YAML tools read yes, no, on and off as "
                f"true or false, others as text. Write {'true' if value else 'false'}.")))
    return problems


def data_path(loc: tuple[Any, ...], data: Any) -> PathKey:
    """Pydantic's loc without the union tags it inserts ('bank', 'single-choice'…)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        inside_dict = isinstance(node, dict) and part in node
        inside_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if inside_dict or inside_list:
            node = node[part]
            path.append(part)
    return tuple(path)



def _long_enough(item: Any, document: YamlDocument) -> bool:
    """A list in the file that has enough items, reported too short anyway: pydantic counts only the items
    of a tuple that validated, so an invalid item would give a second message, with a wrong count."""
    if item["type"] != "too_short":
        return False
    written = _written_length(data_path(tuple(item["loc"]), document.data), document)
    return written is not None and written >= (item.get("ctx") or {}).get("min_length", 0)


def _written_length(path: PathKey, document: YamlDocument) -> int | None:
    """How many items the list at `path` has in the file (None: not a list there)."""
    written = document.value_at(path)
    return len(written) if isinstance(written, list) else None


def _explain(item: Any, document: YamlDocument) -> Problem:
    loc = tuple(item["loc"])
    path = data_path(loc, document.data)
    kind = item["type"]
    value = item.get("input")
    ctx = item.get("ctx") or {}
    field = path[-1] if path and isinstance(path[-1], str) else None
    name = f"'{field}'" if field else "this value"
    scalar = document.scalars.get(path)
    raw = scalar.raw if scalar else repr(value)
    line = document.line_of(path)

    if kind == "missing":
        missing = loc[-1]
        message = f"missing required field '{missing}'; add a line '{missing}: …' here."
        if missing in {"author", "publisher", "date", "url"}:
            message += " Write null when it is unknown."
    elif kind == "extra_forbidden":
        line = document.key_lines.get(path, line)
        allowed = _allowed_fields(item, document)
        message = f"unknown field '{field}'.{suggest(str(field), allowed)}"
        if allowed:
            message += " Allowed here: " + ", ".join(allowed) + "."
    elif kind in ("string_type", "text_type") and not (kind == "text_type" and isinstance(value, dict)):
        message = _not_text(name, value, raw)
    elif kind == "bool_type":
        message = (f"{name} must be true or false, not '{raw}'. Write true (for « oui ») or false "
                   "(for « non »), without quotes.")
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        hint = " Remove the quotes." if scalar and scalar.quoted else ""
        message = f"{name} must be a whole number, not '{raw}'.{hint}"
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = {"greater_than_equal": "at least", "less_than_equal": "at most",
                 "greater_than": "more than", "less_than": "less than"}[kind]
        limit = next(iter(ctx.values()))
        message = f"{name} must be {bound} {limit} (it is {raw})."
    elif kind == "literal_error":
        expected = [part.strip(" '") for part in str(ctx.get("expected", "")).replace(" or ", ",").split(",")]
        message = (f"'{raw}' is not allowed for {name}.{suggest(str(value), expected)} "
                   f"Use one of: {', '.join(e for e in expected if e)}.")
    elif kind == "union_tag_invalid":
        expected = [part.strip(" '") for part in str(ctx.get("expected_tags", "")).split(",")]
        discriminator = str(ctx.get("discriminator", "")).strip("'")
        line = document.line_of((*path, discriminator))
        message = (f"'{ctx.get('tag')}' is not a known {discriminator}.{suggest(str(ctx.get('tag')), expected)} "
                   f"Use one of: {', '.join(expected)}.")
    elif kind == "union_tag_not_found":
        message = f"missing field '{str(ctx.get('discriminator', '')).strip(chr(39))}' (the question type)."
    elif kind == "too_short":
        has = _written_length(path, document)  # the file's items, not only those that validated
        has = ctx.get("actual_length") if has is None else has
        message = f"{name} needs at least {ctx.get('min_length')} item(s); it has {has}."
    elif kind == "string_pattern_mismatch":
        message = _pattern_message(name, raw, str(ctx.get("pattern", "")))
    elif kind == "empty_required":
        message = f"{name} is empty; write it (it is required: sheets print it)."
    elif kind == "list_type":
        message = f"{name} must be a list: one item per line, each starting with '- '."
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        message = f"{name} must be a block of fields (key: value lines), not '{raw}'."
    else:
        text = f"{str(item['msg']).rstrip('.')}."
        message = text if field is None else f"{name}: {text}"
    return Problem(document.path, line, message)


def _allowed_fields(item: Any, document: YamlDocument) -> list[str]:
    """The fields of the model that refused `item`, found from the data around it."""

    loc = tuple(item["loc"])
    parent = data_path(loc[:-1], document.data)
    node: Any = document.data
    for part in parent:
        node = node[part]
    candidates: list[Any] = []
    if isinstance(node, dict) and node.get("type") in TYPES:
        candidates.append(TYPES[node["type"]].model)
    if not candidates:
        owner = next((p for p in reversed(parent) if isinstance(p, str)), None)
        by_container = {
            "sources": fields.Source, "claims": fields.Claim, "presets": model.Preset,
            "techniques": fields.Technique, "excerpts": fields.Excerpt, "excerpt": fields.Excerpt,
            **containers(),
        }
        if owner is None and isinstance(node, dict):
            candidates.append(FILE_MODELS.get(node.get("kind", ""), model.BankFile))
        elif owner in by_container:
            candidates.append(by_container[owner])
    return [name for cls in candidates for name in cls.model_fields]


def _not_text(name: str, value: Any, raw: str) -> str:
    if isinstance(value, bool):
        return (f"{name} must be text, but YAML reads a bare '{raw}' as "
                f"{'true' if value else 'false'}. Put it in quotes: \"{raw}\".")
    if isinstance(value, (int, float)):
        return f"{name} must be text, not the number {raw}. Put it in quotes: \"{raw}\"."
    if value is None:
        return f"{name} is empty; write the text, or remove the line."
    if isinstance(value, list):
        return f"{name} must be text, not a list."
    return f"{name} must be text (or fr:/en: translations)."


def _pattern_message(name: str, raw: str, pattern: str) -> str:
    if "https?" in pattern:
        return f"{name} must be a web address starting with http:// or https:// (got '{raw}')."
    if r"\d{4}" in pattern:
        return f"{name} must be a date written YYYY-MM-DD, YYYY-MM or YYYY (got '{raw}')."
    return (f"'{raw}' is not a valid id for {name}: use letters, digits and - _ . only, "
            "no spaces or accents.")
