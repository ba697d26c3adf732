"""A stored rule in the chat's language: "every month on the 5th", "ngày 5 hằng tháng"."""

from __future__ import annotations

import calendar
from datetime import date

from babel.dates import format_date, get_day_names, get_month_names

from bot.i18n import Translator

from ._series import shape

_DAY_MONTH = {"vi": "dd/MM", "en": "d MMMM"}


def _ordinal(day: int) -> str:
    """The English ordinal suffix's catalog variant (``st``, ``nd``, ``rd`` or ``th``)."""
    if 11 <= day % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def describe(t: Translator, rule: str, due_month: int | None = None) -> str:
    """How often the task repeats, in words; ``due_month`` (of its current due date) tells a
    quarter's end from the end of another month."""
    found = shape(rule)
    if found is None:
        return t("recur.other")
    day = found.monthday
    if found.freq == "DAILY":
        return t("recur.daily")
    if found.freq == "WEEKLY":
        weekday = found.weekday if found.weekday is not None else 6
        return t("recur.weekly", weekday=get_day_names("wide", locale=t.language)[weekday])
    if found.freq == "YEARLY":
        month = found.month or 12
        last = calendar.monthrange(2001, month)[1]
        if day is None or (month == 2 and (day == -1 or day >= 29)):
            return t("recur.yearly_last", month=get_month_names("wide", locale=t.language)[month])
        shown = date(2001, month, last if day == -1 else min(day, last))
        return t("recur.yearly", date=format_date(shown, _DAY_MONTH[t.language], t.language))
    period = "quarterly" if found.freq == "QUARTERLY" else "monthly"
    if day is None or day == -1:
        quarter_end = due_month in (3, 6, 9, 12) or due_month is None
        ends = period == "monthly" or quarter_end
        return t(f"recur.{period}_last" if ends else "recur.quarterly_month_last")
    if found.short_months:
        return t(f"recur.{period}_short", day=day)
    return t(f"recur.{period}.{_ordinal(day)}", day=day)
