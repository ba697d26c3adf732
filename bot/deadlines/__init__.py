"""Deadline understanding: find the deadline in a task text (the examples in
tests/unit/deadlines/corpus.tsv fix the meaning).

Pure: no Telegram, no database, no system clock; "now" is always passed in.
"""

from ._model import Deadline, ParseResult, Precision
from ._parser import parse_deadline, prepare, reading_order
from ._shift import Shift, apply_shift, parse_shift

__all__ = [
    "Deadline",
    "ParseResult",
    "Precision",
    "Shift",
    "apply_shift",
    "parse_deadline",
    "parse_shift",
    "prepare",
    "reading_order",
]
