"""Collecting every problem with an input before refusing it, so a client fixes all at once."""

from __future__ import annotations

from collections.abc import Sequence

from domain.errors import FieldProblem, InvalidInput


def reject_problems(problems: Sequence[FieldProblem]) -> None:
    """Raise InvalidInput naming every problem, when there is any."""
    if problems:
        detail = "; ".join(f"{p.field}: {p.message}" for p in problems)
        raise InvalidInput(detail, tuple(problems))


def bulk_prefix(index: int) -> str:
    """Field names of a bulk item: `items[3].` + `title`."""
    return f"items[{index}]."
