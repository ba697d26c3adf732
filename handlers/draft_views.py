"""Rendering the questions of ``/task`` about organisations, and how they end."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from bot.services.task_drafts import CANCEL, CREATE, DraftDropped, TaskQuestion
from handlers.views import short

PICK_PREFIX = "orgpick:"
PICK_PATTERN = rf"^{PICK_PREFIX}([0-9]{{1,9}}):([0-9]{{1,2}}):([0-9]{{1,9}}|{CREATE}|{CANCEL})$"
BUTTON_NAME = 64  # characters of a name on a button; the phone itself elides what does not fit
# Why a name cannot be created, as the question says it: the refusal of /org add, told as advice
# for the task at hand. Another refusal (none is expected here) is shown as /org add words it.
_UNCREATABLE = {
    "org.cut": "draft.uncreatable_cut",
    "org.no_letters": "draft.uncreatable_no_letters",
}


def question_html(t: Translator, q: TaskQuestion) -> str:
    """Which organisation a name means, for which task."""
    key = "draft.which" if q.candidates else "draft.unknown"
    if not q.candidates and q.uncreatable is not None:
        key = "draft.unknown_uncreatable"  # not "Create it, or cancel?"
    lines = [
        t(key, name=escape(q.name)),
        t("draft.task", title=escape(short(q.title, 200))),
    ]
    if q.more:
        lines.append(t.plural("draft.more", q.more))
    if q.left > 1:
        lines.append(t.plural("draft.left", q.left))
    if (refusal := q.uncreatable) is not None:
        params = {k: escape(v) if isinstance(v, str) else v for k, v in refusal.params.items()}
        lines.append(t(_UNCREATABLE.get(refusal.key, refusal.key), **params))
    lines.append(t("draft.person_hint", name=escape(q.name)))
    return "\n".join(lines)


def question_keyboard(t: Translator, q: TaskQuestion) -> InlineKeyboardMarkup:
    """One button per organisation it may mean, then create it (when it can be), then cancel
    the task."""
    data = f"{PICK_PREFIX}{q.draft_id}:{q.index}:"
    rows = [
        [InlineKeyboardButton(short(name, BUTTON_NAME), callback_data=f"{data}{org_id}")]
        for org_id, name in q.candidates
    ]
    if q.uncreatable is None:
        create = t("draft.create", name=short(q.name, BUTTON_NAME))
        rows.append([InlineKeyboardButton(create, callback_data=data + CREATE)])
    rows.append([InlineKeyboardButton(t("draft.cancel"), callback_data=data + CANCEL)])
    return InlineKeyboardMarkup(rows)


def dropped_html(t: Translator, result: DraftDropped) -> str:
    """The question, once it was cancelled."""
    title = escape(short(result.title, 200))
    return t("draft.cancelled", title=title, name=escape(result.by))
