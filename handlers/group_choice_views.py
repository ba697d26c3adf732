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
    selected = choices.selected
    if choices.asks:
        current = t("group.current_none")
    elif selected is None:
        current = t("group.current_own")
    elif choices.selected_out:  # chosen before they left: what they send here is refused
        current = t("group.current_out", group=escape(selected.title or ""))
    elif not choices.chosen:  # never chose: their only group
        current = t("group.current_only", group=escape(selected.title or ""))
    else:
        current = t("group.current", group=escape(selected.title or ""))
    text = t("group.list", current=current)
    if not choices.groups:
        text = f"{text}\n\n{t('group.none_found')}"
    return _with_unchecked(t, text, choices)


def ask_text(t: Translator, choices: GroupChoices) -> str:
    """The answer to a private command when no group is chosen and the person is in several:
    nothing was done; which group, then the command again."""
    return _with_unchecked(t, t("group.ask"), choices)


def _with_unchecked(t: Translator, text: str, choices: GroupChoices) -> str:
    if choices.unchecked:  # left out, not shown as if they were none of the person's
        text = f"{text}\n\n{t('group.unchecked_some')}"
    return text


def choices_keyboard(t: Translator, choices: GroupChoices) -> InlineKeyboardMarkup:
    """A button per group the person is in, and their own notes; where their commands go now
    is ticked (nothing is while the bot would ask)."""
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
    own_now = chosen is None and not choices.asks
    own = ("✅ " if own_now else "") + t("button.own_notes")
    rows.append([InlineKeyboardButton(own, callback_data=f"{CHOICE_PREFIX}{OWN_NOTES}")])
    return InlineKeyboardMarkup(rows)
