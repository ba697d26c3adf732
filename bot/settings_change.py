"""What each ``/settings`` change does to a chat's settings (pure)."""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain import Chat
from bot.errors import InvalidInput
from bot.i18n import LANGUAGES

# Quiet hours a button cycles through: (start, end); equal hours mean "no quiet hours".
QUIET_PRESETS = ((21, 7), (22, 6), (20, 8), (0, 0))


def settings_of(chat: Chat) -> dict[str, object]:
    """The chat's settings as the audit trail records them."""
    return {
        "timezone": chat.timezone,
        "language": chat.language,
        "morning_hour": chat.morning_hour,
        "quiet": [chat.quiet_start, chat.quiet_end],
        "digest": chat.digest_enabled,
    }


def _zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput("settings.bad_zone", zone=value[:60]) from None
    return value


def apply_setting(chat: Chat, name: str, value: str) -> Chat:
    """``chat`` with one setting changed, or :class:`InvalidInput` saying how to say it."""
    if name == "morning" and value in ("+1", "-1"):
        return replace(chat, morning_hour=(chat.morning_hour + int(value)) % 24)
    if name == "quiet":
        now = (chat.quiet_start, chat.quiet_end)
        index = QUIET_PRESETS.index(now) + 1 if now in QUIET_PRESETS else 0
        start, end = QUIET_PRESETS[index % len(QUIET_PRESETS)]
        return replace(chat, quiet_start=start, quiet_end=end)
    if name == "digest":
        return replace(chat, digest_enabled=not chat.digest_enabled)
    if name == "lang" and value in LANGUAGES:
        return replace(chat, language=value)
    if name == "tz" and value:
        return replace(chat, timezone=_zone(value))
    raise InvalidInput("settings.usage")
