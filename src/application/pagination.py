"""Paging of lists: a window asked for, and a window of results with the full count."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Generic, TypeVar

DEFAULT_LIMIT: Final = 20
MAX_LIMIT: Final = 100

T = TypeVar("T")


@dataclass(frozen=True)
class PageRequest:
    skip: int = 0
    limit: int = DEFAULT_LIMIT


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
