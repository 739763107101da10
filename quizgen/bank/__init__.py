"""Reading banks: YAML with line numbers → validated, frozen models → checks.

Grounding, answer keys, sources, and the item-writing lint.
"""
