"""What each ``/settings`` change does to a chat's settings (pure)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain import Chat, Due
from bot.errors import InvalidInput
from bot.i18n import LANGUAGES
from bot.text import fold

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


def _morning(chat: Chat, value: str) -> int:
    """The morning hour ``value`` says: one hour on or back ("+1", "-1", the buttons), or an
    hour ("8", "8h", "08:00")."""
    if value in ("+1", "-1"):
        return (chat.morning_hour + int(value)) % 24
    said = _HOUR.fullmatch(value)
    if said is None or int(said["hour"]) > 23:
        raise InvalidInput("settings.morning_usage", value=value[:40])
    return int(said["hour"])


def apply_setting(chat: Chat, name: str, value: str) -> Chat:
    """``chat`` with one setting changed, or :class:`InvalidInput` saying how to say it.

    A button sends no value where it steps through the choices (quiet hours, digest); a value
    typed after ``/settings`` is what is set."""
    if name == "morning":
        return replace(chat, morning_hour=_morning(chat, value))
    if name == "quiet":
        start, end = _quiet(chat, value)
        return replace(chat, quiet_start=start, quiet_end=end)
    if name == "digest":
        return replace(chat, digest_enabled=_digest(chat, value))
    if name == "lang" and value in LANGUAGES:
        return replace(chat, language=value)
    if name == "tz" and value:
        return replace(chat, timezone=_zone(value))
    raise InvalidInput("settings.usage")
