"""Last resort: plain ``dateparser`` on a short text in which the grammar found nothing.

dateparser reads many things as dates that are not ("15.08" as 15:08, "12" as the 12th, "9h" as
19:00), so it is only asked when the text looks like a date to begin with (a month or weekday name,
or a year-first numeric date such as 2022/08/15), and its answer always asks for confirmation.
Imported lazily: importing dateparser costs ~0.2 s, and most texts never need it.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import Any

from ._lang_en import WORDS as EN_WORDS
from ._model import Precision

_MAX_LENGTH = 40
_NAMES = sorted({*EN_WORDS["mname"], *EN_WORDS["wd"]} - {"may"}, key=len, reverse=True)
_LOOKS_LIKE_DATE = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(n) for n in _NAMES) + r")(?!\w)|\d{4}[/.]\d{1,2}[/.]\d{1,2}",
    re.IGNORECASE,
)
_HAS_CLOCK = re.compile(r"\d\s*(?::\d\d|[ap]\.?m\.?)", re.IGNORECASE)


def _settings(local_now: datetime) -> dict[str, Any]:
    # dateparser issue 1092: with TIMEZONE and PREFER_DATES_FROM=future it can skip a day, so it
    # gets the chat's wall-clock time as a naive RELATIVE_BASE and we attach the zone ourselves.
    naive_base = local_now.replace(tzinfo=None)
    return {
        "DATE_ORDER": "DMY",
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": naive_base,
        "RETURN_AS_TIMEZONE_AWARE": False,
        # No "timestamp" parser: a bare number is never a deadline.
        "PARSERS": ["relative-time", "absolute-time"],
    }


def warm_up() -> None:
    """Import dateparser and load its language data, so the first real parse is fast."""
    # dateparser ships no type hints (types-dateparser would add them).
    from dateparser.date import DateDataParser  # type: ignore[import-untyped]

    base = datetime(2000, 1, 1, tzinfo=UTC)  # any moment will do for warming up
    DateDataParser(languages=["vi", "en"], settings=_settings(base)).get_date_data("Aug 3 2000")


def parse_with_dateparser(
    text: str, local_now: datetime, languages: tuple[str, ...]
) -> tuple[date, time | None, Precision] | None:
    """Return (date, time, precision) dateparser reads in ``text``, or None."""
    if len(text) > _MAX_LENGTH or not _LOOKS_LIKE_DATE.search(text):
        return None
    from dateparser.date import DateDataParser

    codes = [code for code in languages if code in ("vi", "en")] or ["en"]
    data = DateDataParser(languages=codes, settings=_settings(local_now)).get_date_data(text)
    found = data.date_obj
    if found is None:
        return None
    if _HAS_CLOCK.search(text):
        return found.date(), found.time().replace(second=0, microsecond=0), Precision.TIME
    return found.date(), None, Precision.DAY
