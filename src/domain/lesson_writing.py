"""What a written lesson must look like: the format rules as data, and the check of an answer.

The rules are given to the model in the prompt; the check is what an answer must pass
before it may replace a lesson's content. The check is deliberately more generous than the
rules (a lesson of 800 words is fine), but never repairs anything: a missing or different
title is a failed answer, not something to patch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class LessonFormat:
    """The shape asked of every written lesson."""

    sections: tuple[str, ...]
    min_words: int
    max_words: int


LESSON_FORMAT: Final = LessonFormat(
    sections=("Overview", "Key Concepts", "Step-by-step", "Code Examples", "Pitfalls", "Exercises"),
    min_words=900,
    max_words=1400,
)

# What an answer must stay within to be accepted: generous bounds around the target.
ACCEPTED_MIN_WORDS: Final = 300
ACCEPTED_MAX_WORDS: Final = 4000

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_ATX_H1 = re.compile(r"^ {0,3}#(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT_H1_UNDERLINE = re.compile(r"^ {0,3}=+[ \t]*$")
# A tag as a Markdown renderer sees one: the name right after `<` or `</` (so `a < b` is prose).
_HTML = re.compile(r"<!--|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")


def _prose_lines(markdown: str) -> list[str]:
    """The lines outside fenced code blocks, with inline code spans blanked out.

    Code is where `# comment` lines and `<tags>` legitimately live.
    """
    lines: list[str] = []
    fence: str | None = None
    for line in markdown.splitlines():
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)[0] * len(opening.group(1))
            continue
        if fence is not None:
            if line.strip().startswith(fence) and line.strip().strip(fence[0]) == "":
                fence = None
            continue
        lines.append(_INLINE_CODE.sub(" ", line))
    return lines


def _h1_titles(lines: list[str]) -> list[str]:
    titles: list[str] = []
    previous = ""
    for line in lines:
        atx = _ATX_H1.match(line)
        if atx:
            titles.append((atx.group(1) or "").strip())
        elif _SETEXT_H1_UNDERLINE.match(line) and previous.strip():
            titles.append(previous.strip())
        previous = line
    return titles


def _same_title(found: str, expected: str) -> bool:
    return " ".join(found.split()) == " ".join(expected.split())


def count_words(text: str) -> int:
    return len(text.split())


def _title_problem(lines: list[str], title: str) -> str | None:
    h1s = _h1_titles(lines)
    if not h1s:
        return "the answer has no H1 title"
    if len(h1s) > 1:
        return f"the answer has {len(h1s)} H1 titles instead of one"
    if not _same_title(h1s[0], title):
        return "the answer's H1 title is not the lesson title"
    return None


def lesson_markdown_problem(markdown: str, title: str) -> str | None:
    """Why `markdown` cannot be stored as the lesson titled `title`; None when it can."""
    text = markdown.strip()
    if not text:
        return "the answer is empty"
    lines = _prose_lines(text)
    title_problem = _title_problem(lines, title)
    if title_problem is not None:
        return title_problem
    if any(_HTML.search(line) for line in lines):
        return "the answer contains raw HTML"
    words = count_words(text)
    if not ACCEPTED_MIN_WORDS <= words <= ACCEPTED_MAX_WORDS:
        return f"the answer has {words} words, outside {ACCEPTED_MIN_WORDS}..{ACCEPTED_MAX_WORDS}"
    return None
