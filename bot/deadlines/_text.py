"""Text normalisation that keeps offsets into the user's original text.

Matching runs on a lower-cased NFC copy of the text in which every character maps back to a range
of the original (NFD input from some keyboards composes into fewer characters). Patterns accept
each accented letter either as typed or fully folded ("tối" or "toi"), but never another accent,
so "tới" does not match "tối": that is how the folding collisions stay apart. A tone mark typed
on another vowel of its syllable ("qúy", "hoà") is moved where the patterns have it (``retone``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

_COMBINING_RUN = re.compile(r".[\u0300-\u036f]*", re.DOTALL)
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
_VOWELS = frozenset("aăâeêioôơuưy")
_MARKED = frozenset("ăâêôơư")  # vowels that carry a mark of their own, and take the tone
# A word holding a toned vowel next to another vowel: the only words whose tone may be misplaced.
_V = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
_T = (
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ"
)
_TONED_PAIR = re.compile(f"[{_V}][{_T}]|[{_T}][{_V}]")
_WORD_EDGE = re.compile(r"\w*")


def fold_char(char: str) -> str:
    """Return ``char`` without its diacritics ("ế" -> "e", "đ" -> "d")."""
    if char in "đĐ":
        return "d" if char == "đ" else "D"
    if char.isascii():
        return char
    base = unicodedata.normalize("NFD", char)[0]
    return base if base.isascii() else char


def _split_tone(char: str) -> tuple[str, str]:
    """A letter without its tone mark, and the mark ("" when none)."""
    parts = unicodedata.normalize("NFD", char)
    tone = "".join(c for c in parts if c in _TONES)
    kept = "".join(c for c in parts if c not in _TONES)
    return unicodedata.normalize("NFC", kept), tone


def _tone_position(base: str) -> int | None:
    """Where the tone of a syllable written ``base`` (lower case, no tone) goes, or None when
    it is no Vietnamese syllable."""
    start = 2 if base[:2] in ("qu", "gi") and base[2:3] in _VOWELS else 0
    while start < len(base) and base[start] not in _VOWELS:
        start += 1
    end = start
    while end < len(base) and base[end] in _VOWELS:
        end += 1
    nucleus, final = base[start:end], base[end:]
    if not nucleus or any(c in _VOWELS or not c.isalpha() for c in final):
        return None
    marked = [i for i, c in enumerate(nucleus) if c in _MARKED]
    if marked:
        return start + marked[-1]  # "ươ": on the "ơ"
    if len(nucleus) == 1:
        return start
    if final or len(nucleus) == 3:  # "hoàng", "khuyết"; "hoài", "xoáy"
        return start + len(nucleus) - 2 + (1 if final else 0)
    # Two vowels and nothing after: on the first, "mùa", "tài"; and, of the two spellings taught
    # for "oa", "oe", "uy" ("hòa" or "hoà", "thủy" or "thuỷ"), the one with the tone on the first.
    return start


@lru_cache(maxsize=4096)
def _retone_word(word: str) -> str:
    split = [_split_tone(c) for c in word]
    toned = [i for i, (_, tone) in enumerate(split) if tone]
    if len(toned) != 1 or any(len(b) != 1 for b, _ in split):
        return word
    base = "".join(b for b, _ in split)
    at = _tone_position(base.lower())
    if at is None or at == toned[0]:
        return word
    tone = split[toned[0]][1]
    letters = list(base)
    letters[at] = unicodedata.normalize("NFC", letters[at] + tone)
    moved = "".join(letters)
    return moved if len(moved) == len(word) else word


def retone(text: str) -> str:
    """Put the tone mark of every Vietnamese syllable on the vowel that carries it, the same
    length: "qúy" is "quý", "hoà" is "hòa", "thuỷ" is "thủy" (phones place it either way)."""
    if _TONED_PAIR.search(text) is None:  # most texts: one scan in C
        return text
    out, done = [], 0
    for pair in _TONED_PAIR.finditer(text):
        if pair.start() < done:
            continue  # in the word just done
        start = pair.start()
        while start > done and text[start - 1].isalnum():
            start -= 1
        found = _WORD_EDGE.match(text, pair.start())
        end = found.end() if found is not None else pair.end()
        out += [text[done:start], _retone_word(text[start:end])]
        done = end
    return "".join([*out, text[done:]])


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
    """Lower-case and compose ``text``, remembering where each character came from; tone marks
    go where :func:`retone` puts them, as in the patterns (see :func:`flex`)."""
    if unicodedata.is_normalized("NFC", text):
        lowered = text.lower()
        if len(lowered) == len(text):  # the usual case, done in C: offsets map one to one
            return Normalised(retone(lowered), range(len(text)), len(text), retone(text))
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
    return Normalised(retone("".join(chars)), tuple(starts), len(text), retone("".join(cased)))


def flex(pattern: str) -> str:
    """Let every accented letter of a regex ``pattern`` also match its folded form.

    Patterns keep accented letters out of character classes, so a letter can become a class.
    Tone marks are first put where :func:`retone` puts them, as in a normalised text.
    """
    out: list[str] = []
    for char in retone(pattern):
        base = fold_char(char)
        out.append(f"[{char}{base}]" if base != char else char)
    return "".join(out)


def squash(text: str) -> str:
    """Fold, lower-case and collapse the spaces of a matched word, for table look-ups."""
    return " ".join(fold(text).lower().replace("-", " ").split())
