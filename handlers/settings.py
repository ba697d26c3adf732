"""``/settings``: the chat's reminder settings, changed with buttons (and the zone by text)."""

from __future__ import annotations

from telegram import Chat as TelegramChat
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.context import FollowUpContext
from bot.domain import Chat
from bot.i18n import Translator
from bot.services.chats import SettingChanged
from bot.text import first_word
from handlers import views
from handlers.common import acting, answers_user_errors, command_text, edit_pressed, reply
from handlers.replies import announce, translator

SETTINGS = ("settings", "caidat")
PREFIX = "set:"
_BUTTONS = rf"^{PREFIX}(morning:[+-]1|quiet|digest|weekend|holidays|lang:[a-z]{{2}})$"


def settings_text(t: Translator, chat: Chat, *, private: bool = False) -> str:
    """The chat's settings in words, headed for a group or for one's own private chat (whose
    settings are its own: /settings is not relayed to the group chosen with /group)."""
    quiet = (
        t("settings.quiet_off")
        if chat.quiet_start == chat.quiet_end
        else f"{chat.quiet_start:02d}:00–{chat.quiet_end:02d}:00"
    )
    return t(
        "settings.show",
        header=t("settings.header_private") if private else t("settings.header_group"),
        language=t(f"settings.lang.{chat.language}"),
        zone=chat.timezone,
        morning=f"{chat.morning_hour:02d}:00",
        quiet=quiet,
        digest=t("settings.on") if chat.digest_enabled else t("settings.off"),
        days_off=days_off_text(t, chat),
        plan=views.plan_in_words(t, chat.reminder_offsets),
    )


def days_off_text(t: Translator, chat: Chat) -> str:
    """The chat's days off in words: "thứ Bảy, Chủ nhật, ngày lễ VN"."""
    parts = [t("settings.days_off.weekend")] if chat.weekends_off else []
    if chat.holiday_country:
        parts.append(t("settings.days_off.holidays", country=chat.holiday_country))
    return ", ".join(parts) or t("settings.days_off.none")


def changed_text(t: Translator, result: SettingChanged, *, private: bool = False) -> str:
    """The settings after a change, with what a new zone did to the deadlines, if anything."""
    zone = result.chat.timezone
    notes = [
        t.plural(key, count, zone=zone)
        for key, count in (
            ("settings.zone_dates", result.dates_kept),
            ("settings.zone_times", result.times_kept),
        )
        if count
    ]
    return "\n\n".join([settings_text(t, result.chat, private=private), *notes])


def settings_keyboard(t: Translator, chat: Chat) -> InlineKeyboardMarkup:
    """One tap per change."""

    def button(text: str, data: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(text, callback_data=PREFIX + data)

    digest = t("settings.digest_off") if chat.digest_enabled else t("settings.digest_on")
    weekend = t("settings.weekend_off") if chat.weekends_off else t("settings.weekend_on")
    holidays = t("settings.holidays_off") if chat.holiday_country else t("settings.holidays_on")
    return InlineKeyboardMarkup(
        [
            [
                button(t("settings.earlier"), "morning:-1"),
                button(t("settings.later"), "morning:+1"),
            ],
            [button(t("settings.quiet_next"), "quiet"), button(digest, "digest")],
            [button(weekend, "weekend"), button(holidays, "holidays")],
            [button("Tiếng Việt", "lang:vi"), button("English", "lang:en")],
        ]
    )


def _private(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == TelegramChat.PRIVATE


@answers_user_errors
async def show_settings(update: Update, context: FollowUpContext) -> None:
    """Show the settings, or change one given as text (``/settings tz Asia/Bangkok``)."""
    message = update.effective_message
    assert message is not None  # CommandHandler only fires on messages
    name, value = first_word(command_text(message))
    services, ctx, private = context.services, await acting(update, context), _private(update)
    if name:
        result = await services.chats.change_setting(ctx, name.lower(), value)
        t = services.catalogs.get(result.chat.language)
        text, chat = changed_text(t, result, private=private), result.chat
    else:
        shown = await services.chats.settings(ctx)
        chat, t = shown.chat, services.catalogs.get(shown.chat.language)
        text = settings_text(t, chat, private=private)
        if not shown.can_change:  # the buttons would only refuse them: say who may instead
            await reply(update, f"{text}\n\n{t('settings.read_only')}")
            return
    await reply(update, text, settings_keyboard(t, chat))


@answers_user_errors
async def press_setting(update: Update, context: FollowUpContext) -> None:
    """A settings button: change it, then show the settings as they are now."""
    query = update.callback_query
    assert query is not None  # CallbackQueryHandler guarantees it
    name, _, value = (query.data or "").removeprefix(PREFIX).partition(":")
    result = await context.services.chats.change_setting(await acting(update, context), name, value)
    t = translator(context, result.chat)
    await announce(update, context, result.chat, lambda any_t: any_t("settings.saved"))
    text = changed_text(t, result, private=_private(update))
    await edit_pressed(update, context, text, settings_keyboard(t, result.chat))


def setup() -> list[BaseHandler[Update, FollowUpContext, None]]:
    """The handlers of this module."""
    return [
        CommandHandler(SETTINGS, show_settings),
        # Only the data settings_keyboard() puts on its buttons: a forged value (an hour in
        # another script's digits...) is answered as a stale button; typed, it is read as text.
        CallbackQueryHandler(press_setting, pattern=_BUTTONS),
    ]
