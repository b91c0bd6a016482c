"""A course document exercising every field, for the export/import tests."""

from __future__ import annotations

from typing import Any

DOCUMENT: dict[str, Any] = {
    "format": "ahc.course",
    "version": 1,
    "course": {
        "title": "Python Basics",
        "description": "Learn Python — from zero.",
        "difficulty_level": "beginner",
        "is_published": True,
    },
    "sections": [
        {
            "title": "Getting Started",
            "section_order": 1,
            "lessons": [
                {
                    "title": "Installing Python",
                    "content": "# Installing Python\n\nUse `uv`.",
                    "lesson_order": 1,
                },
                {"title": "Variables", "content": "", "lesson_order": 3},
            ],
        },
        {"title": "Nothing here yet", "section_order": 2, "lessons": []},
        {
            "title": "Control Flow",
            "section_order": 5,
            "lessons": [
                {"title": "Loops", "content": "# Loops\n\n```python\nfor x in y: ...\n```", "lesson_order": 1}
            ],
        },
    ],
}
