"""Run the grammar over a text and keep the longest non-overlapping pieces."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ._handlers_date import HANDLERS as DATE_HANDLERS
from ._handlers_lunar import HANDLERS as LUNAR_HANDLERS
from ._handlers_time import HANDLERS as TIME_HANDLERS
from ._piece import Context, Groups, Handler, Piece
from ._rules import CompiledRule, Grammar
from ._text import fold, squash
from ._title import announced

HANDLERS: dict[str, Handler] = DATE_HANDLERS | TIME_HANDLERS | LUNAR_HANDLERS
_PREVIOUS_WORD = re.compile(r"(\w+)[\s&\-]*$")
_LOOK_BACK = 24  # characters enough to see the previous word
_SHORT = 512  # texts up to this length are scanned whole
# In longer texts at most this many characters around anchors are read, the last ones first:
# the deadline of a task sits at its end, and a text dense with dates is not a task anyway.
_BUDGET = 512
_REACH = 64  # longer than any phrase a rule matches ("the day after tomorrow at 5:30 pm")
_SPACE = re.compile(r"\s")
_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")


def _windows(text: str, grammar: Grammar) -> list[tuple[int, int]]:
    """Parts of a long text worth scanning: around digits and words the rules know.

    Every rule would otherwise walk the whole text; a single scan for anchors keeps a 10,000
    character message at a few milliseconds.
    """
    if len(text) <= _SHORT:
        return [(0, len(text))]
    windows: list[tuple[int, int]] = []
    for hit in grammar.anchor.finditer(text):
        start, end = max(0, hit.start() - _REACH), min(len(text), hit.end() + _REACH)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    kept: list[tuple[int, int]] = []
    budget = _BUDGET
    for start, end in reversed(windows):
        if budget <= 0:
            break
        start = max(start, end - budget)
        budget -= end - start
        kept.append((start, _snap_forward(text, end)))
    return kept[::-1]


def _snap_forward(text: str, end: int) -> int:
    """Move a window's end to a space: a regex sees before its start but not past its end."""
    found = _SPACE.search(text, end, end + _REACH)
    return min(len(text), end + _REACH) if found is None else found.start()


def _previous_word(text: str, start: int) -> str:
    found = _PREVIOUS_WORD.search(text, max(0, start - _LOOK_BACK), start)
    return squash(found.group(1)) if found else ""


@lru_cache(maxsize=4096)  # the words of a language are few, and folding one costs a Python loop
def _folded(word: str) -> str:
    return fold(word)


def _matches(text: str, grammar: Grammar) -> list[tuple[int, int, CompiledRule, re.Match[str]]]:
    found = []
    for start, end in _windows(text, grammar):
        words = {_folded(word) for word in _WORD.findall(text, start, end)}
        digits = _DIGIT.search(text, start, end) is not None
        for compiled in grammar.rules:
            if not compiled.may_match(words, digits):  # most rules: see CompiledRule
                continue
            for match in compiled.regex.finditer(text, start, end):
                # A window cut inside a word must not make its end look like a word boundary.
                cut = match.end() < len(text) and text[match.end()].isalnum()
                if match.end() > match.start() and not cut:
                    found.append((match.start(), match.end(), compiled, match))
    # Longest first; among equals, the rule listed first (more specific rules come first).
    found.sort(key=lambda m: (m[0] - m[1], m[2].order, m[0]))
    return found


def scan(text: str, grammar: Grammar, ctx: Context, cased: str = "") -> list[Piece]:
    """Return the pieces of deadline in a normalised text, in reading order, never overlapping.

    ``cased`` is the same text before lower-casing (see Normalised.cased); without it, rules
    that check the text as typed see the lower-cased text.
    """
    cased = cased or text
    taken = bytearray(len(text))
    pieces: list[Piece] = []
    for start, end, compiled, match in _matches(text, grammar):
        if any(taken[start:end]):
            continue
        rule = compiled.rule
        if compiled.typed is not None and compiled.typed.match(cased, start) is None:
            continue
        before = _previous_word(text, start) if rule.not_after or rule.doubtful_after else ""
        if before in rule.not_after:
            continue
        groups = Groups(
            match.groupdict(), compiled.group_slots, rule.fixed, grammar.values, match.group()
        )
        piece = HANDLERS[rule.kind](groups, ctx)
        if piece is None:
            continue
        if before in rule.doubtful_after:
            piece = replace(piece, ambiguous=True, alternative=None)
        needs = piece.tentative and piece.kind != "time"  # see Piece.tentative
        if needs and not announced(text, start, end, grammar, piece.alone):
            piece = Piece("aside")  # it keeps its words from being read another way
        taken[start:end] = b"\x01" * (end - start)
        pieces.append(piece.at(start, end))
    return sorted(pieces, key=lambda p: p.start)
