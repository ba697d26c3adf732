"""Recurring tasks: what people say ("every month on the 5th", "hằng quý"), the RFC 5545 rule
it means, and the series' dates. Pure: no Telegram, no database, no clock ("today" is passed in).
"""

from ._phrases import Pattern, Phrase, find_phrase
from ._series import DAYS, Shape, build_rule, first_date, next_after, shape
from ._words import describe

__all__ = [
    "DAYS",
    "Pattern",
    "Phrase",
    "Shape",
    "build_rule",
    "describe",
    "find_phrase",
    "first_date",
    "next_after",
    "shape",
]
