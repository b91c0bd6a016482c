"""Who sees what is not yet published."""

from __future__ import annotations

from domain.users import User


def sees_unpublished(viewer: User | None) -> bool:
    """Unpublished courses and projects, and everything in them, exist only for administrators."""
    return viewer is not None and viewer.is_admin
