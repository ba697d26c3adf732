"""Text normalisation that keeps offsets into the user's original text.

Matching runs on a lower-cased NFC copy of the text in which every character maps back to a range
of the original (NFD input from some keyboards composes into fewer characters). Patterns accept
each accented letter either as typed or fully folded ("tối" or "toi"), but never another accent,
so "tới" does not match "tối": that is how the folding collisions stay apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

_COMBINING_RUN = re.compile(r".[\u0300-\u036f]*", re.DOTALL)


def fold_char(char: str) -> str:
    """Return ``char`` without its diacritics ("ế" -> "e", "đ" -> "d")."""
    if char in "đĐ":
        return "d" if char == "đ" else "D"
    if char.isascii():
        return char
    base = unicodedata.normalize("NFD", char)[0]
    return base if base.isascii() else char


def fold(text: str) -> str:
    """Fold every character of ``text`` (same length as the input)."""
    return "".join(fold_char(c) for c in text)


@dataclass(frozen=True, slots=True)
class Normalised:
    """A lower-cased NFC copy of a text and the map back to the original offsets."""

    text: str
    starts: Sequence[int]  # original offset where each normalised character starts
    original_length: int
    # The same NFC text before lower-casing, one character for each of ``text``: what a rule that
    # cares about case or accents checks (see Rule.typed).
    cased: str = ""

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalised text back to the original text."""
        orig_start = self.starts[start] if start < len(self.starts) else self.original_length
        orig_end = self.starts[end] if end < len(self.starts) else self.original_length
        return orig_start, orig_end


def normalise(text: str) -> Normalised:
    """Lower-case and compose ``text``, remembering where each character came from."""
    if unicodedata.is_normalized("NFC", text):
        lowered = text.lower()
        if len(lowered) == len(text):  # the usual case, done in C: offsets map one to one
            return Normalised(lowered, range(len(text)), len(text), text)
    chars: list[str] = []
    cased: list[str] = []
    starts: list[int] = []
    for run in _COMBINING_RUN.finditer(text):
        composed = unicodedata.normalize("NFC", run.group())
        for char in composed:
            lower = char.lower()
            # A few characters lower-case to two ("İ"); keeping them as is keeps offsets 1:1.
            chars.append(lower if len(lower) == 1 else char)
            cased.append(char)
            starts.append(run.start())
    return Normalised("".join(chars), tuple(starts), len(text), "".join(cased))


def flex(pattern: str) -> str:
    """Let every accented letter of a regex ``pattern`` also match its folded form.

    Patterns keep accented letters out of character classes, so a letter can become a class.
    """
    out: list[str] = []
    for char in pattern:
        base = fold_char(char)
        out.append(f"[{char}{base}]" if base != char else char)
    return "".join(out)


def squash(text: str) -> str:
    """Fold, lower-case and collapse the spaces of a matched word, for table look-ups."""
    return " ".join(fold(text).lower().replace("-", " ").split())
