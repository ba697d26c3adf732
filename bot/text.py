"""Small text helpers shared by the domain and the services."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case ``text`` and strip Vietnamese diacritics, for matching what people type.

    ``đ`` is a letter of its own in Unicode, not ``d`` with a mark, so it is mapped by hand.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().casefold()


def squash(text: str) -> str:
    """Collapse runs of white space into one space and trim the ends."""
    return _SPACES.sub(" ", text).strip()
