"""Run the grammar over a text and keep the longest non-overlapping pieces."""

from __future__ import annotations

import re

from ._handlers_date import HANDLERS as DATE_HANDLERS
from ._handlers_time import HANDLERS as TIME_HANDLERS
from ._piece import Context, Groups, Handler, Piece
from ._rules import CompiledRule, Grammar
from ._text import squash

HANDLERS: dict[str, Handler] = DATE_HANDLERS | TIME_HANDLERS
_PREVIOUS_WORD = re.compile(r"(\w+)[\s&\-]*$")
_LOOK_BACK = 24  # characters enough to see the previous word


def _previous_word(text: str, start: int) -> str:
    found = _PREVIOUS_WORD.search(text, max(0, start - _LOOK_BACK), start)
    return squash(found.group(1)) if found else ""


def _matches(text: str, grammar: Grammar) -> list[tuple[int, int, CompiledRule, re.Match[str]]]:
    found = []
    for compiled in grammar.rules:
        for match in compiled.regex.finditer(text):
            if match.end() > match.start():
                found.append((match.start(), match.end(), compiled, match))
    # Longest first; among equals, the rule listed first (more specific rules come first).
    found.sort(key=lambda m: (m[0] - m[1], m[2].order, m[0]))
    return found


def scan(text: str, grammar: Grammar, ctx: Context) -> list[Piece]:
    """Return the pieces of deadline in a normalised text, in reading order, never overlapping."""
    taken = bytearray(len(text))
    pieces: list[Piece] = []
    for start, end, compiled, match in _matches(text, grammar):
        if any(taken[start:end]):
            continue
        rule = compiled.rule
        if rule.not_after and _previous_word(text, start) in rule.not_after:
            continue
        groups = Groups(match.groupdict(), compiled.group_slots, rule.fixed, grammar.values,
                        match.group())
        piece = HANDLERS[rule.kind](groups, ctx)
        if piece is None:
            continue
        taken[start:end] = b"\x01" * (end - start)
        pieces.append(piece.at(start, end))
    return sorted(pieces, key=lambda p: p.start)
