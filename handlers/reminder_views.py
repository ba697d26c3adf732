"""Rendering reminders and the deadline buttons."""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from string import Formatter
from zoneinfo import ZoneInfo

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain import ReminderKind, Task
from bot.i18n import Translator
from bot.reminders.distance import distance
from bot.services.deadlines import DeadlineChanged, PromptOvertaken
from bot.services.reminders import ReminderItem, ReminderMessage, private_recipients
from handlers.common import plain
from handlers.relay import for_group
from handlers.views import (
    COMPACT_FROM,
    DONE_PREFIX,
    OTHER_READING_REASONS,
    assignees_html,
    confirm_lines,
    done_keyboard,
    due_html,
    fitting,
    in_rows,
    progress_line,
    short,
)

SNOOZE_PREFIX = "snooze:"
CHANGE_PREFIX = "change:"
KEEP_PREFIX = "keep:"
MAX_TEXT = 4096
# Left free in every reminder message for a line added when it is sent (the topic is gone).
NOTE_ROOM = 300
MAX_ITEMS = 25  # three buttons a task; Telegram allows 100 buttons in a keyboard
CONFIRM_REASONS = ("past", "today", "far", "year", "ambiguous")  # the deadline.confirm.* warnings


def when_html(t: Translator, item: ReminderItem, message: ReminderMessage) -> str:
    """How far the deadline is from the message, in calendar days of the chat whether it is a
    date or a time of day (:func:`~bot.reminders.distance.distance`): "7 days left", "due
    today", "overdue by 2 days"; a time of day less than a day away says its time: "due
    tomorrow at 06:00", "overdue since 17:00", "overdue since 22:00 yesterday"."""
    task = item.task
    assert task.due is not None  # only tasks with a deadline are reminded
    away = distance(task.due, message.fire_at, message.chat.timezone)
    clock = away.local.strftime("%H:%M")
    # An overdue notice is sent at the deadline, but its minute is rounded down: a deadline
    # with seconds (in 2 hours, from 16:55:18) is still a few seconds ahead of the message.
    if not away.passed and item.kind is not ReminderKind.OVERDUE:
        if away.days == 0:
            return t("reminder.today")
        if away.days == 1 and away.near:  # the evening before a 06:00 deadline: no day left
            return t("reminder.tomorrow", time=clock)
        return t.plural("reminder.left", away.days)
    if away.late == 0:  # a date is due until its day is over
        timed = task.due.precision == "time"
        return t("reminder.overdue_since", time=clock) if timed else t("reminder.today")
    if away.late == 1 and away.near:
        return t("reminder.overdue_yesterday", time=clock)
    return t.plural("reminder.overdue", away.late)


def item_html(t: Translator, item: ReminderItem, message: ReminderMessage) -> str:
    """One task of a reminder: number, title, who (mentioned so they are notified), when. Of a
    task for several, only those whose part is left are named, and how many are done."""
    task = item.task
    when = when_html(t, item, message)
    if not task.due_confirmed:  # listed by the weekly digest while its deadline waits
        when += " · " + t("reminder.unconfirmed")
    assignees = assignees_html(t, task.awaited)
    if progress := progress_line(t, task, named=False):
        assignees += f"\n   {progress}"
    return t(
        "reminder.item",
        number=task.number,
        title=escape(task.title),
        assignees=assignees,
        due=due_html(t, task, message.chat.timezone),
        when=when,
    )


def task_buttons(t: Translator, task: Task, compact: bool = False) -> list[InlineKeyboardButton]:
    """Done, snooze a day, change the deadline; ``compact`` among many tasks
    (:data:`~handlers.views.COMPACT_FROM`): only done and snooze, as short as a phone needs
    them, the message's legend saying how to change a deadline."""
    n = task.number
    if compact:
        return [
            InlineKeyboardButton(
                t("button.done_short", number=n), callback_data=f"{DONE_PREFIX}{n}"
            ),
            InlineKeyboardButton(
                t("button.snooze_short", number=n), callback_data=f"{SNOOZE_PREFIX}{n}"
            ),
        ]
    return [
        InlineKeyboardButton(t("button.done_n", number=n), callback_data=f"{DONE_PREFIX}{n}"),
        InlineKeyboardButton(t("button.snooze", number=n), callback_data=f"{SNOOZE_PREFIX}{n}"),
        InlineKeyboardButton(t("button.change", number=n), callback_data=f"{CHANGE_PREFIX}{n}"),
    ]


def reminder_messages(
    t: Translator, message: ReminderMessage
) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    """The reminder as one message, split only where Telegram's limits force it."""
    if message.unanswered:
        return [unanswered_message(t, item.task, message.chat.timezone) for item in message.items]
    header = t("digest.header") if message.digest else t("reminder.header")
    if message.late:
        local = message.fire_at.astimezone(ZoneInfo(message.chat.timezone))
        header += "\n" + t("reminder.late", when=local.strftime("%H:%M %d/%m/%Y"))
    compact = len(message.items) >= COMPACT_FROM
    first = message.items[0].task.number if message.items else 0
    legend = [t("reminder.buttons_legend", number=first)] if compact else []
    chunks: list[tuple[list[str], list[InlineKeyboardButton]]] = [([header], [])]
    for item in message.items:
        line = item_html(t, item, message)
        lines, buttons = chunks[-1]
        full = "\n\n".join([*lines, line, *legend])
        if len(lines) > MAX_ITEMS or len(full) > MAX_TEXT - NOTE_ROOM:  # the header, items
            chunks.append(([header], []))
            lines, buttons = chunks[-1]
        lines.append(line)
        buttons += task_buttons(t, item.task, compact)
    if message.long_overdue:  # counted under the last part, with the list that shows them
        chunks[-1][0].append(t.plural("digest.long_overdue", len(message.long_overdue)))
    per_row = 4 if compact else 3
    return [
        (
            "\n\n".join([*lines, *legend]),
            InlineKeyboardMarkup(in_rows(buttons, per_row)) if buttons else None,
        )
        for lines, buttons in chunks
    ]


def unanswered_message(
    t: Translator, task: Task, timezone: str
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The notice that nobody said in a day which organisation a name of ``/task`` is: the task
    was recorded with it as typed, how to settle it, and the task as its confirmation shows it,
    with the same buttons."""
    typed = [a for a in task.assignees if a.is_name_only]
    lines = [
        t.plural("draft.kept", len(typed), names=assignees_html(t, typed), number=task.number),
        f"<b>{escape(short(task.title, 200))}</b>",
        t("task.assignees", assignees=assignees_html(t, task.assignees)),
        t("task.due", due=due_html(t, task, timezone)),
        t("draft.kept_fix", number=task.number),
    ]
    if task.due is not None:
        lines[3] += " " + t("task.due_text", text=escape(task.due.text))
    keyboard = done_keyboard(t, task) if task.due_confirmed else confirm_keyboard(t, task)
    return "\n".join(lines), keyboard


def confirm_keyboard(t: Translator, task: Task) -> InlineKeyboardMarkup:
    """Keep the deadline as understood, or change it."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t("button.keep"), callback_data=f"{KEEP_PREFIX}{task.number}"),
                InlineKeyboardButton(
                    t("button.change", number=task.number),
                    callback_data=f"{CHANGE_PREFIX}{task.number}",
                ),
            ]
        ]
    )


def deadline_changed(t: Translator, result: DeadlineChanged) -> str:
    """The answer to ``/deadline``: the new deadline with the words it was read from, the one it
    replaced, and what to check about it."""
    task, tz = result.task, result.chat.timezone
    assert task.due is not None  # /deadline has just set it
    previous = result.previous
    before = escape(t.due(previous.utc, previous.precision, tz)) if previous else None
    text = t(
        "deadline.changed",
        number=task.number,
        title=escape(task.title),
        due=due_html(t, task, tz),
        text=escape(task.due.text),
        before=before or t("task.no_deadline"),
    )
    warnings = confirm_lines(
        t, result.chat, result.confirm_reasons, result.alternative, task.number
    )
    return "\n".join([text, *warnings])


def deadline_prompt(t: Translator, task: Task, mention: str | None) -> str:
    """The question the "Change" button puts to a manager: the task's new deadline, as a reply.
    In a group it names them (``mention``): the reply field opens for them only."""
    text = t("deadline.prompt", number=task.number, title=escape(short(task.title, 100)))
    return f"{mention} {text}" if mention else text


def prompt_markup(t: Translator) -> ForceReply:
    """What opens the reply field under the question, for the person it names (selective),
    with an example of an answer in it."""
    return ForceReply(selective=True, input_field_placeholder=t("deadline.prompt.placeholder"))


def prompt_overtaken(t: Translator, result: PromptOvertaken) -> str:
    """The answer to a reply to a deadline question overtaken by another change."""
    task = result.task
    due = due_html(t, task, result.chat.timezone)
    return t("deadline.prompt.overtaken", number=task.number, due=due)


def kept_in_message(
    t: Translator, languages: Iterable[Translator], text_html: str, number: int, name: str
) -> str:
    """A task's message once its deadline was kept: the "check this deadline" warnings (in
    whichever language the message was written) give way to a line saying who kept it."""
    # Compared as HTML, not as plain text: a line of a user's text that only reads like a
    # warning holds a tag (a bold title going on from the line above), and stays.
    languages = list(languages)
    reasons = (*CONFIRM_REASONS, "on_hold", "on_hold_digest")
    warnings = {c(f"deadline.confirm.{r}") for c in languages for r in reasons}
    others = [
        as_sent(c.template(f"deadline.confirm.{reason}_other"))
        for c in languages
        for reason in OTHER_READING_REASONS
    ]

    def is_warning(line: str) -> bool:
        return line in warnings or any(other.fullmatch(line) for other in others)

    lines = [line for line in text_html.split("\n") if not is_warning(line.strip())]
    kept = t("deadline.kept_by", number=number, name=escape(name))
    if plain(kept) not in map(plain, lines):  # a second press adds it once
        lines.append(kept)
    return "\n".join(lines)


def as_sent(template: str) -> re.Pattern[str]:
    """A catalog sentence as it reads once its variables are filled in, each with text that
    holds no tag: escaped, a user's text holds none, so no line of it matches a sentence with
    a tag in it."""
    parts = []
    for literal, name, _, _ in Formatter().parse(template):
        parts.append(re.escape(literal))
        if name is not None:
            parts.append("[^<>\n]*")
    return re.compile("".join(parts))


def private_copies(
    t: Translator, message: ReminderMessage
) -> dict[int, tuple[str, InlineKeyboardMarkup | None]]:
    """For each person assignee who started the bot and did not leave the group, their own
    items, to send privately (in ``t``'s language; :func:`handlers.reminders` picks each
    person's), with the group's buttons for the items shown: they act on the group from the
    private chat (``handlers.group_choice``)."""
    items: dict[int, list[ReminderItem]] = {}
    if message.unanswered:  # for the group's secretaries, who settle the names there
        return {}
    for item in message.items:
        for person in private_recipients(item.task) - message.gone:
            items.setdefault(person, []).append(item)
    key = "digest.private" if message.digest else "reminder.private"  # as the group's is titled
    header = t(key, group=escape(message.chat.title or ""))
    return {person: _private_copy(t, header, theirs, message) for person, theirs in items.items()}


def _private_copy(
    t: Translator, header: str, items: list[ReminderItem], message: ReminderMessage
) -> tuple[str, InlineKeyboardMarkup | None]:
    parts = [header, *(item_html(t, item, message) for item in items)]
    # As many as fit in a message and under Telegram's 100 buttons; the rest are counted.
    kept = min(fitting(parts), MAX_ITEMS)
    shown = [item.task for item in items[:kept]]
    lines = parts[: 1 + kept]
    if kept < len(items):
        lines.append(t.plural("list.more", len(items) - kept))
    compact = len(shown) >= COMPACT_FROM
    if compact:  # the legend says what the short buttons do
        lines.append(t("reminder.buttons_legend", number=shown[0].number))
    text = "\n\n".join(lines)
    buttons = [b for task in shown for b in task_buttons(t, task, compact)]
    keyboard = InlineKeyboardMarkup(in_rows(buttons, 4 if compact else 3)) if buttons else None
    return text, for_group(keyboard, message.chat.id)
