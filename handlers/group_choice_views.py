"""Rendering ``/group``: where the private commands act now, and the groups to choose from."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from bot.services.group_choice import GroupChoices

CHOICE_PREFIX = "grp:"
OWN_NOTES = "none"


def choices_text(t: Translator, choices: GroupChoices) -> str:
    """Where the private commands act now, and what may be chosen."""
    if choices.selected is None:
        current = t("group.current_own")
    elif choices.selected_out:  # chosen before they left: what they send here is refused
        current = t("group.current_out", group=escape(choices.selected.title or ""))
    else:
        current = t("group.current", group=escape(choices.selected.title or ""))
    text = t("group.list", current=current)
    if not choices.groups:
        text = f"{text}\n\n{t('group.none_found')}"
    if choices.unchecked:  # left out, not shown as if they were none of the person's
        text = f"{text}\n\n{t('group.unchecked_some')}"
    return text


def choices_keyboard(t: Translator, choices: GroupChoices) -> InlineKeyboardMarkup:
    """A button per group the person is in, the chosen one ticked, and their own notes."""
    chosen = choices.selected.id if choices.selected else None
    rows = [
        [
            InlineKeyboardButton(
                ("✅ " if group.id == chosen else "") + (group.title or str(group.telegram_id)),
                callback_data=f"{CHOICE_PREFIX}{group.id}",
            )
        ]
        for group in choices.groups
    ]
    own = ("✅ " if chosen is None else "") + t("button.own_notes")
    rows.append([InlineKeyboardButton(own, callback_data=f"{CHOICE_PREFIX}{OWN_NOTES}")])
    return InlineKeyboardMarkup(rows)
