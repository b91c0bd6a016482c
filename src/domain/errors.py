"""Errors raised by the domain and the use cases.

Each names what went wrong in the platform's words; the HTTP layer alone decides how a
client sees it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FieldProblem:
    """One problem with one input field, named by its path (`title`, `items[2].title`)."""

    field: str
    message: str


class DomainError(Exception):
    """Base of every error a use case may raise on purpose."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(DomainError):
    """The named row does not exist, or the caller may not know that it does."""


class Conflict(DomainError):
    """The change clashes with existing data (a unique value, an order, a reference)."""


class Unauthenticated(DomainError):
    """No valid credentials were presented."""


class Forbidden(DomainError):
    """The caller is known but may not do this."""


@dataclass(eq=False)
class InvalidInput(DomainError):
    """Input that is well-formed but breaks a rule; `problems` names the fields."""

    detail: str
    problems: tuple[FieldProblem, ...] = field(default=())

    def __post_init__(self) -> None:
        super().__init__(self.detail)

    @classmethod
    def for_field(cls, name: str, message: str) -> InvalidInput:
        return cls(f"{name}: {message}", (FieldProblem(name, message),))


class PayloadTooLarge(DomainError):
    """The uploaded content is larger than its cap."""


class UnsupportedMediaType(DomainError):
    """The uploaded content is of a type the platform does not accept."""


class TooManyAttempts(DomainError):
    """Too many attempts in a short time; the caller may retry after `retry_after` seconds."""

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class UpstreamError(DomainError):
    """A service the platform depends on (Cloudinary, Gemini) failed."""

    def __init__(self, upstream: str, detail: str) -> None:
        super().__init__(detail)
        self.upstream = upstream


class UpstreamUnavailable(UpstreamError):
    """The upstream is rate limiting or temporarily down; retrying later may work."""

    def __init__(self, upstream: str, detail: str, retry_after: int | None = None) -> None:
        super().__init__(upstream, detail)
        self.retry_after = retry_after


class UpstreamFailed(UpstreamError):
    """The upstream answered with an error or with something unusable."""


class ServiceNotConfigured(DomainError):
    """An optional capability is switched off because its settings are missing."""
