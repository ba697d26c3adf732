"""Small text helpers shared by the domain and the services."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case ``text`` and strip Vietnamese diacritics, for matching what people type.

    ``đ`` is a letter of its own in Unicode, not ``d`` with a mark, so it is mapped by hand.
    """
    text = clean(text)
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().casefold()


def squash(text: str) -> str:
    """Collapse runs of white space into one space and trim the ends; drop invisible marks."""
    return _SPACES.sub(" ", clean(text)).strip()


def excerpt(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, an ellipsis marking the cut: user text quoted back
    in an answer must leave the answer within Telegram's length limit."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_KEEP_FORMAT = {"\u200c", "\u200d"}  # joiners shape emoji sequences and some scripts


def clean(text: str) -> str:
    """Text as typed, in composed form, without invisible format characters.

    Zero-width spaces, BOMs and direction marks would otherwise make records that look empty or
    names that look the same but do not match.
    """
    text = unicodedata.normalize("NFC", text)
    return "".join(ch for ch in text if ch in _KEEP_FORMAT or unicodedata.category(ch) != "Cf")


def has_visible(text: str) -> bool:
    """True when ``text`` has at least one letter, digit or symbol (an emoji counts)."""
    return any(ch.isalnum() or unicodedata.category(ch).startswith(("S", "P")) for ch in text)


def first_word(text: str) -> tuple[str, str]:
    """The first word of ``text`` and the rest, split at the first run of white space: a
    space or a line break (on a phone, Enter after ``/deadline 3`` is as natural as a space).
    The rest keeps its own line breaks; both are empty when ``text`` is blank."""
    parts = text.strip().split(maxsplit=1)
    return (parts[0] if parts else "", parts[1] if len(parts) > 1 else "")
