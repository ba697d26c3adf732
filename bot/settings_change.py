"""What each ``/settings`` change does to a chat's settings (pure)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain import Chat, Due
from bot.errors import InvalidInput
from bot.i18n import LANGUAGES
from bot.reminders.workdays import country_code
from bot.text import fold

DEFAULT_COUNTRY = "VN"  # whose public holidays are days off, unless the operator says otherwise
# Quiet hours a button cycles through: (start, end); equal hours mean "no quiet hours".
QUIET_PRESETS = ((21, 7), (22, 6), (20, 8), (0, 0))
# Typed values, compared without diacritics ("tắt" and "tat" alike).
ON_WORDS = ("on", "bat", "yes", "co")
OFF_WORDS = ("off", "tat", "no", "none", "khong")
_HOUR = re.compile(r"(?P<hour>\d{1,2})(?:h|g|:00)?", re.IGNORECASE)
_QUIET = re.compile(
    r"(?P<start>\d{1,2})(?:h|g|:00)?\s*[-–—]\s*(?P<end>\d{1,2})(?:h|g|:00)?", re.IGNORECASE
)


def settings_of(chat: Chat) -> dict[str, object]:
    """The chat's settings as the audit trail records them."""
    return {
        "timezone": chat.timezone,
        "language": chat.language,
        "morning_hour": chat.morning_hour,
        "quiet": [chat.quiet_start, chat.quiet_end],
        "digest": chat.digest_enabled,
        "holidays": chat.holiday_country,
        "weekends_off": chat.weekends_off,
    }


def due_in_zone(due: Due, old: str, new: str) -> Due:
    """The deadline as the chat means it once its zone is ``new`` instead of ``old``.

    A date or a period ("by 15/7", "end of July") is a day on the group's calendar: it keeps
    its local date and wall-clock time (the end of that day) in the new zone, so its instant
    moves. A time of day ("Friday 17:00") was said as a moment: it keeps its instant.
    """
    if due.precision == "time":
        return due
    local = due.utc.astimezone(ZoneInfo(old))
    wall = datetime.combine(local.date(), local.time(), tzinfo=ZoneInfo(new))
    return replace(due, utc=wall.astimezone(UTC))


def _zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput("settings.bad_zone", zone=value[:60]) from None
    return value


def _quiet(chat: Chat, value: str) -> tuple[int, int]:
    """The quiet hours ``value`` says ("22-6", "22h-6h", "off"); none: the next preset."""
    if not value:  # the button
        now = (chat.quiet_start, chat.quiet_end)
        index = QUIET_PRESETS.index(now) + 1 if now in QUIET_PRESETS else 0
        return QUIET_PRESETS[index % len(QUIET_PRESETS)]
    if fold(value) in OFF_WORDS:
        return (0, 0)
    said = _QUIET.fullmatch(value)
    start, end = (int(said["start"]), int(said["end"])) if said else (-1, -1)
    if not (0 <= start < 24 and 0 <= end < 24) or start == end:
        raise InvalidInput("settings.quiet_usage", value=value[:40])
    return start, end


def _digest(chat: Chat, value: str) -> bool:
    """Whether ``value`` ("on", "off") turns the digest on; none: the other way (the button)."""
    word = fold(value)
    if not word:
        return not chat.digest_enabled
    if word in ON_WORDS or word in OFF_WORDS:
        return word in ON_WORDS
    raise InvalidInput("settings.digest_usage", value=value[:40])


def _weekends_off(chat: Chat, value: str) -> bool:
    """Whether ``value`` makes Saturday and Sunday days off ("on") or working days ("off");
    none: the other way (the button)."""
    word = fold(value)
    if not word:
        return not chat.weekends_off
    if word in ON_WORDS or word in OFF_WORDS:
        return word in ON_WORDS
    raise InvalidInput("settings.weekend_usage", value=value[:40])


def _holidays(chat: Chat, value: str, default: str | None) -> str | None:
    """The country whose public holidays ``value`` makes days off ("VN", "TH"), or none
    ("off"); no value: none if the chat has some, else ``default``'s (Vietnam's if the
    operator's default is none) (the button)."""
    if not value:
        return None if chat.holiday_country else default or DEFAULT_COUNTRY
    code = country_code(value)  # before the words for none: "NO" is Norway
    if code is None and fold(value) not in OFF_WORDS:
        raise InvalidInput("settings.holidays_usage", value=value[:40])
    return code


def _morning(chat: Chat, value: str) -> int:
    """The morning hour ``value`` says: one hour on or back ("+1", "-1", the buttons), or an
    hour ("8", "8h", "08:00")."""
    if value in ("+1", "-1"):
        return (chat.morning_hour + int(value)) % 24
    said = _HOUR.fullmatch(value)
    if said is None or int(said["hour"]) > 23:
        raise InvalidInput("settings.morning_usage", value=value[:40])
    return int(said["hour"])


def apply_setting(
    chat: Chat, name: str, value: str, default_holidays: str | None = DEFAULT_COUNTRY
) -> Chat:
    """``chat`` with one setting changed, or :class:`InvalidInput` saying how to say it.

    A button sends no value where it steps through the choices (quiet hours, digest, days
    off); a value typed after ``/settings`` is what is set. ``default_holidays``: the country
    whose holidays the holidays button turns on (the operator's default for new chats)."""
    if name == "morning":
        return replace(chat, morning_hour=_morning(chat, value))
    if name == "quiet":
        start, end = _quiet(chat, value)
        return replace(chat, quiet_start=start, quiet_end=end)
    if name == "digest":
        return replace(chat, digest_enabled=_digest(chat, value))
    if name in ("weekend", "weekends"):
        return replace(chat, weekends_off=_weekends_off(chat, value))
    if name == "holidays":
        return replace(chat, holiday_country=_holidays(chat, value, default_holidays))
    if name == "lang" and value in LANGUAGES:
        return replace(chat, language=value)
    if name == "tz" and value:
        return replace(chat, timezone=_zone(value))
    raise InvalidInput("settings.usage")
