"""The validated bank as documented, versioned JSON (`quizgen export --format json`)."""

from __future__ import annotations

from typing import Any

from quizgen.bank.dump import bank_data
from quizgen.bank.workspace import Bank


def export_bank(bank: Bank) -> dict[str, Any]:
    return bank_data(bank)
