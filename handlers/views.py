"""Rendering replies: domain results in, Telegram HTML out. User text is always escaped."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain import Assignee, Decision, Task, TaskStatus
from bot.i18n import Translator
from bot.services.decisions import DecisionList
from bot.services.tasks import TaskClosed, TaskRecorded
from bot.text import excerpt

DONE_PREFIX = "done:"
MAX_SHOWN_ASSIGNEES = 12  # keeps every reminder and list item far below Telegram's 4096
MAX_SHOWN_NEW = 8
LIST_BUDGET = 3800  # characters of HTML (more than the text Telegram counts) for a list reply
LIST_ITEM_TEXT = 300


def short(text: str, limit: int = LIST_ITEM_TEXT) -> str:
    """``text`` cut to ``limit`` characters for a list; the full text stays in the record."""
    return excerpt(text, limit)


def fit(t: Translator, parts: list[str], sep: str = "\n\n") -> str:
    """Join a header and list items, leaving out the items Telegram's length limit has no room
    for and saying how many were left out."""
    out, used = [parts[0]], len(parts[0])
    for i, item in enumerate(parts[1:]):
        if used + len(sep) + len(item) > LIST_BUDGET:
            out.append(t.plural("list.more", len(parts) - 1 - i))
            break
        out.append(item)
        used += len(sep) + len(item)
    return sep.join(out)


def person_html(telegram_id: int, name: str, username: str | None) -> str:
    """A mention that notifies the person: their @username, or a link to them by name."""
    if username:
        return f"@{escape(username)}"
    return f'<a href="tg://user?id={telegram_id}">{escape(name)}</a>'


def assignee_html(assignee: Assignee) -> str:
    """A person as a mention that notifies them; an organisation as its name, followed by its
    contact persons, who are notified for it."""
    if assignee.person_telegram_id is not None and assignee.username is None:
        return person_html(assignee.person_telegram_id, assignee.label, None)
    if assignee.contacts:
        people = ", ".join(
            person_html(c.telegram_id, c.name, c.username) for c in assignee.contacts
        )
        return f"{escape(assignee.label)} ({people})"
    return escape(assignee.label)


def assignees_html(t: Translator, assignees: Iterable[Assignee]) -> str:
    """Everyone a task is for, or "nobody yet"."""
    names = [assignee_html(a) for a in assignees]
    if len(names) > MAX_SHOWN_ASSIGNEES:
        more = len(names) - MAX_SHOWN_ASSIGNEES
        names = [*names[:MAX_SHOWN_ASSIGNEES], t.plural("task.more_assignees", more)]
    return ", ".join(names) if names else t("task.nobody")


def due_html(t: Translator, task: Task, timezone: str) -> str:
    """The deadline as people read it, or "no deadline"."""
    if task.due is None:
        return t("task.no_deadline")
    return escape(t.due(task.due.utc, task.due.precision, timezone))


def done_keyboard(t: Translator, task: Task) -> InlineKeyboardMarkup | None:
    """A one-tap "done" button for an open task."""
    if task.status is not TaskStatus.OPEN:
        return None
    button = InlineKeyboardButton(t("button.done"), callback_data=f"{DONE_PREFIX}{task.number}")
    return InlineKeyboardMarkup([[button]])


def task_recorded(t: Translator, result: TaskRecorded) -> str:
    """The confirmation of ``/task``: number, title, who, and the deadline resolved."""
    task, tz = result.task, result.chat.timezone
    lines = [
        t("task.recorded", number=task.number),
        f"<b>{escape(task.title)}</b>",
        t("task.assignees", assignees=assignees_html(t, task.assignees)),
        t("task.due", due=due_html(t, task, tz)),
    ]
    if task.due is not None:
        lines[-1] += " " + t("task.due_text", text=escape(task.due.text))
    else:
        lines.append(t("task.no_deadline_hint"))
    if result.new_organisations:
        lines.append(
            t(
                "task.new_organisations",
                names=", ".join(escape(n) for n in result.new_organisations[:MAX_SHOWN_NEW]),
            )
        )
    lines.extend(t(f"deadline.confirm.{reason}") for reason in result.confirm_reasons)
    return "\n".join(lines)


def task_line(t: Translator, task: Task, timezone: str) -> str:
    """One task in a list."""
    return t(
        "tasks.item",
        number=task.number,
        title=escape(short(task.title)),
        assignees=assignees_html(t, task.assignees),
        due=due_html(t, task, timezone),
    )


def task_closed(t: Translator, result: TaskClosed) -> str:
    """The answer to ``/done`` or to the done button."""
    key = "done.already" if result.already else "done.ok"
    return t(
        key,
        number=result.task.number,
        title=escape(result.task.title),
        name=escape(result.closed_by),
    )


def decision_recorded(t: Translator, decision: Decision) -> str:
    """The confirmation of ``/decision``."""
    return t("decision.recorded", number=decision.number) + "\n" + escape(decision.text)


def decision_list(t: Translator, result: DecisionList) -> str:
    """The latest decisions of a chat."""
    if not result.decisions:
        return t("decisions.empty")
    lines = [t.plural("decisions.header", len(result.decisions))]
    lines += [
        t(
            "decisions.item",
            number=d.number,
            text=escape(short(d.text)),
            date=t.date(
                d.recorded_at.astimezone(ZoneInfo(result.chat.timezone)).date(), weekday=False
            ),
        )
        for d in result.decisions
    ]
    return fit(t, lines)


def organisation_list(t: Translator, orgs: list[tuple[str, list[str]]]) -> str:
    """The member organisations of a chat."""
    if not orgs:
        return t("orgs.empty")
    lines = [t.plural("orgs.header", len(orgs))]
    for name, aliases in orgs:
        alias_text = f" ({escape(short(', '.join(aliases)))})" if aliases else ""
        lines.append(f"• {escape(name)}{alias_text}")
    return fit(t, lines, sep="\n")


def _duration(t: Translator, minutes: int) -> str:
    for unit, size in (("days", 24 * 60), ("hours", 60)):
        if minutes % size == 0:
            return t.plural(f"remind.{unit}", minutes // size)
    return t.plural("remind.minutes", minutes)


def reminder_plan(t: Translator, offsets: tuple[int, ...] | None) -> str:
    """The chat's reminder plan in words."""
    if not offsets:
        return t("remind.default")
    return t("remind.set", plan=", ".join(_duration(t, m) for m in offsets))


def closed_in_message(t: Translator, text_html: str, result: TaskClosed) -> str:
    """A task's message (its confirmation, a reminder) with a line saying who closed it."""
    line = t("done.by", number=result.task.number, name=escape(result.closed_by))
    return f"{text_html}\n\n{line}"


def without_task(keyboard: InlineKeyboardMarkup | None, number: int) -> InlineKeyboardMarkup | None:
    """The keyboard less the buttons that act on task ``number``."""
    if keyboard is None:
        return None
    rows = [
        [b for b in row if not str(b.callback_data or "").endswith(f":{number}")]
        for row in keyboard.inline_keyboard
    ]
    rows = [row for row in rows if row]
    return InlineKeyboardMarkup(rows) if rows else None
