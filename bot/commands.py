"""The bot's command menu, registered in every language."""

from __future__ import annotations

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
