"""How long sessions live and how many failed sign-ins are tolerated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class AuthPolicy:
    session_lifetime: timedelta
    max_failures_per_account: int
    max_failures_per_address: int
    failure_window: timedelta
