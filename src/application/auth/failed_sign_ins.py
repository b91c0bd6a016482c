"""Failed password checks, counted per account and per client address, with the policy's limits."""

from __future__ import annotations

import logging
import math

from application.auth.policy import AuthPolicy
from application.ports.clock import Clock
from application.ports.login_throttle import LoginThrottle
from domain.errors import TooManyAttempts

logger = logging.getLogger(__name__)


def account_key(login: str) -> str:
    return f"account:{login.strip().lower()}"


def address_key(address: str) -> str:
    return f"address:{address}"


class FailedSignIns:
    """Refuses password checks for an account or address past its limit, and counts failures."""

    def __init__(self, throttle: LoginThrottle, clock: Clock, policy: AuthPolicy) -> None:
        self._throttle = throttle
        self._clock = clock
        self._policy = policy

    def _limits(self, account: str, address: str | None) -> dict[str, int]:
        limits = {account_key(account): self._policy.max_failures_per_account}
        if address:
            limits[address_key(address)] = self._policy.max_failures_per_address
        return limits

    async def ensure_allowed(self, account: str, address: str | None) -> None:
        now = self._clock.now()
        locked_until = await self._throttle.locked_until(list(self._limits(account, address)), now)
        if locked_until is not None:
            retry_after = max(1, math.ceil((locked_until - now).total_seconds()))
            logger.warning(
                "sign-in refused: too many failures", extra={"account": account, "client": address}
            )
            raise TooManyAttempts("Too many failed sign-in attempts; try again later", retry_after)

    async def record(self, account: str, address: str | None) -> None:
        logger.info("sign-in failed", extra={"account": account, "client": address})
        now = self._clock.now()
        for key, limit in self._limits(account, address).items():
            await self._throttle.record_failure(key, limit=limit, window=self._policy.failure_window, now=now)

    async def clear(self, account: str) -> None:
        await self._throttle.clear(account_key(account))
