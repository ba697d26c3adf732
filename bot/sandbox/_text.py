"""Plain-text rules: UTF-16 offsets, length limits and the entities Telegram finds by itself."""

from __future__ import annotations

import re
from typing import Any

from bot.sandbox._errors import bad_request

MAX_TEXT = 4096
MAX_CAPTION = 1024

# Telegram recognises these in any message text, whoever sent it.
_AUTO_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("bot_command", re.compile(r"(?<![\w/@])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])")),
    ("mention", re.compile(r"(?<![\w@/])@[A-Za-z0-9_]{3,32}(?!\w)")),
    ("hashtag", re.compile(r"(?<![\w#])#\w*[^\W\d]\w*")),
    ("url", re.compile(r"(?<![\w@])https?://[^\s<>\"]+[^\s<>\".,;:!?)\]]")),
)
# An automatic entity is not added inside one of these explicit ones.
_OPAQUE = {"code", "pre", "text_link", "text_mention", "url", "mention", "bot_command"}


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def check_text(text: str | None, *, caption: bool = False) -> str:
    """Apply Telegram's length rules to a parsed text (or caption) and return it."""
    if caption:
        text = text or ""
        if len(text) > MAX_CAPTION:
            raise bad_request("message caption is too long")
        return text
    if text is None or not text.strip():
        raise bad_request("message text is empty")
    if len(text) > MAX_TEXT:
        raise bad_request("message is too long")
    return text


def sort_entities(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Order entities the way Telegram does: by offset, outer ones first."""
    return sorted(entities, key=lambda e: (int(e["offset"]), -int(e["length"])))


def add_auto_entities(text: str, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return ``entities`` plus the commands, mentions, hashtags and URLs found in ``text``."""
    found = list(entities)
    spans = [(e["offset"], e["offset"] + e["length"]) for e in entities if e["type"] in _OPAQUE]
    for kind, pattern in _AUTO_PATTERNS:
        for match in pattern.finditer(text):
            start = utf16_len(text[: match.start()])
            end = start + utf16_len(match.group())
            if any(start < s_end and s_start < end for s_start, s_end in spans):
                continue
            found.append({"type": kind, "offset": start, "length": end - start})
            spans.append((start, end))
    return sort_entities(found)
