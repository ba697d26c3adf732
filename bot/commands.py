"""The bot's command menu, registered in every language."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from telegram import Bot, BotCommand

from bot.i18n import LANGUAGES, Catalogs

# The commands shown in Telegram's menu; each has a "menu.<name>" description in the catalogs.
MENU = (
    "meeting",
    "task",
    "tasks",
    "done",
    "deadline",
    "decision",
    "decisions",
    "minutes",
    "endmeeting",
    "export",
    "orgs",
    "remind",
    "settings",
    "group",
    "lang",
    "help",
)


def menu(catalogs: Catalogs, language: str) -> list[BotCommand]:
    """The menu in one language."""
    t = catalogs.get(language)
    return [BotCommand(name, t(f"menu.{name}")) for name in MENU]


async def register_menu(bot: Bot, catalogs: Catalogs) -> None:
    """Register the menu for Vietnamese and English users, and the default language for others."""
    for language in LANGUAGES:
        await bot.set_my_commands(menu(catalogs, language), language_code=language)
    await bot.set_my_commands(menu(catalogs, catalogs.default_language))


def nearest_command(typed: str, names: Iterable[str]) -> str | None:
    """The command of ``names`` that ``typed`` (a name without its slash) was most likely
    meant to be, or None when none is close: a letter too many, too few or swapped.

    Among close names, one that ``typed`` begins with, or that begins with it, comes first:
    ``dss`` is ``ds`` with a letter too many rather than ``dsqd`` with one changed.
    """
    typed = typed.lower()
    close = difflib.get_close_matches(typed, sorted(names), n=3, cutoff=0.75)
    prefixed = [n for n in close if n.startswith(typed) or typed.startswith(n)]
    found = prefixed or close
    return found[0] if found else None
