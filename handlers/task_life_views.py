"""Rendering a task's life: filtered lists, search results, changes and history."""

from __future__ import annotations

from html import escape
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain import HistoryEntry, Task, TaskStatus
from bot.i18n import Translator
from bot.services.deadline_record import recorded_due
from bot.services.task_life import Found, MyTasks, TaskChanged, TaskHistory, TaskList
from handlers import paging
from handlers.common import plain, text_room
from handlers.paging import PageRef
from handlers.reminder_views import confirm_keyboard
from handlers.views import (
    DONE_PREFIX,
    awaited_html,
    confirm_lines,
    done_keyboard,
    due_repeats_html,
    in_rows,
    progress_line,
    short,
    task_line,
)

Rendered = tuple[str, InlineKeyboardMarkup | None]
# A note is quoted back this far at most, less when the rest of the answer is long (see
# note_quote). The whole note stays in the record.
NOTE_SHOWN = 1000


def status_suffix(t: Translator, task: Task) -> str:
    """`` ✅ done`` or `` ✖️ cancelled`` after a closed task; nothing after an open one."""
    return "" if task.status is TaskStatus.OPEN else " " + t(f"status.{task.status.value}")


def done_rows(t: Translator, tasks: list[Task]) -> list[list[InlineKeyboardButton]]:
    """A one-tap "done" button for each open task shown, two a row."""
    buttons = [
        InlineKeyboardButton(
            t("button.done_n", number=task.number), callback_data=f"{DONE_PREFIX}{task.number}"
        )
        for task in tasks
        if task.status is TaskStatus.OPEN
    ]
    return in_rows(buttons, 2)


def task_list(t: Translator, result: TaskList, ref: PageRef) -> Rendered:
    """A page of ``/tasks`` with or without a filter, with done and page buttons."""
    tz = result.chat.timezone
    if not result.tasks:
        if result.which in ("open", "mine", "overdue", "all"):
            return t(f"tasks.empty.{result.which}"), None
        return t("tasks.empty.org", name=escape(result.which)), None
    if result.which in ("open", "mine", "overdue", "all"):
        header = t.plural(f"tasks.header.{result.which}", len(result.tasks))
    else:
        header = t.plural("tasks.header.org", len(result.tasks), name=escape(result.which))
    items = [task_line(t, task, tz, status_suffix(t, task)) for task in result.tasks]
    page = paging.page_of(t, header, items, ref)
    shown = result.tasks[page.start : page.end]
    return page.text, paging.keyboard(t, ref, page, done_rows(t, shown))


def my_tasks(t: Translator, result: MyTasks, ref: PageRef) -> Rendered:
    """A page of ``/tasks mine`` in a private chat: the person's tasks under the name of their
    group (their own notes last), with page buttons only. A done button there would carry
    the same number for several groups, so closing is left to the group, or to /group."""
    # Groups Telegram could not be asked about are left out: said atop every page.
    unchecked = f"\n{t('group.unchecked_some')}" if result.unchecked else ""
    if not result.sections:
        return t("tasks.empty.mine_everywhere") + unchecked, None
    heads, items = [], []
    for chat, tasks in result.sections:
        if chat.id == result.chat.id:  # the private chat itself
            head = t("tasks.mine_own")
        else:
            head = t("tasks.mine_group", group=escape(chat.title or ""))
        for i, task in enumerate(tasks):
            line = task_line(t, task, chat.timezone)
            heads.append(head)
            items.append(line if i else f"{head}\n{line}")
    header = t.plural("tasks.header.mine_everywhere", len(items)) + unchecked
    # Room for a group's name said again atop a page that starts inside its tasks.
    room = paging.LIST_BUDGET - len(header) - max(map(len, heads)) - 120
    cuts = paging.spans(items, paging.PAGE_SIZE[ref.kind], room, "\n\n")
    number = min(ref.page, len(cuts))
    start, end = cuts[number - 1]
    shown = items[start:end]
    if start and heads[start - 1] == heads[start]:
        shown[0] = f"{heads[start]}\n{shown[0]}"
    page = paging.Page("\n\n".join([header, *shown]), number, len(cuts), start, end)
    return page.text, paging.keyboard(t, ref, page)


def found(t: Translator, result: Found, ref: PageRef) -> Rendered:
    """A page of what ``/find`` found: tasks first, then decisions."""
    words = escape(result.words[:80])
    if not result.tasks and not result.decisions:
        return t("find.nothing", words=words), None
    tz = result.chat.timezone
    items = [task_line(t, task, tz, status_suffix(t, task)) for task in result.tasks]
    items += [
        t("minutes.decision", number=d.number, text=escape(short(d.text))) for d in result.decisions
    ]
    page = paging.page_of(t, t("find.header", words=words), items, ref)
    shown = result.tasks[page.start : page.end]
    return page.text, paging.keyboard(t, ref, page, done_rows(t, shown))


def task_changed(t: Translator, result: TaskChanged) -> str:
    """The task after ``/edit``, ``/assign``, ``/note``, ``/cancel`` or ``/reopen``."""
    task = result.task
    names = escape(", ".join(result.parts))  # the parts reopened, for "changed.reopen_part"
    lines = [
        t(f"changed.{result.action}", number=task.number, names=names),
        f"<b>{escape(task.title)}</b>" + status_suffix(t, task),
        t("task.assignees", assignees=awaited_html(t, task)),
    ]
    if progress := progress_line(t, task):
        lines.append(progress)
    if result.action == "edit":
        lines.extend(edited_due_lines(t, result))
    else:
        lines.append(t("task.due", due=due_repeats_html(t, task, result.chat.timezone)))
    if task.recurrence and result.action in ("cancel", "reopen"):
        lines.append(series_line(t, result))
    if result.action == "note":  # what was stored, for a secretary who cannot scroll back
        lines.insert(2, note_quote(result.note, "\n".join(lines)))  # under the title
    elif result.note:  # the reason given to /cancel, under the title too
        head = t("changed.reason", reason="")
        quote = note_quote(result.note, "\n".join([*lines, head]))
        lines.insert(2, t("changed.reason", reason=quote))
    return "\n".join(lines)


def note_quote(note: str, rest: str) -> str:
    """The note as a quote, cut to what Telegram's limit leaves beside ``rest`` of the answer
    (a title and organisation names at their longest leave less than ``NOTE_SHOWN``), and
    beside the group's name when the answer goes to a private chat about a group."""
    room = text_room() - len(plain(rest)) - len("\n")  # Telegram counts the text, not the HTML
    # At least the "…" that says a note was stored, should the rest leave no room at all.
    return f"<blockquote>{escape(short(note, max(1, min(room, NOTE_SHOWN))))}</blockquote>"


def edited_due_lines(t: Translator, result: TaskChanged) -> list[str]:
    """After ``/edit``: the deadline its wording set, with what to check about it, or that the
    deadline stayed as it was (the secretary sees the edit did not move it), with how to set
    the other one its wording names."""
    task = result.task
    due = due_repeats_html(t, task, result.chat.timezone)
    if not result.new_deadline:
        if task.due is None:
            return [t("changed.due_none")]
        if (other := result.other_deadline) is None:
            return [t("changed.due_kept", due=due)]
        # The deadline the wording names is not set, but one tap copies the command that would.
        new = escape(t.due(other.utc, other.precision, result.chat.timezone))
        phrase = escape(other.text)
        return [t("changed.due_kept_other", due=due, new=new, number=task.number, phrase=phrase)]
    assert task.due is not None  # /edit has just set it
    lines = [t("changed.due_new", due=due) + " " + t("task.due_text", text=escape(task.due.text))]
    reasons, other = result.confirm_reasons, result.alternative
    return lines + confirm_lines(t, result.chat, reasons, other, task.number)


def reopened_in_message(t: Translator, text_html: str, result: TaskChanged, name: str) -> str:
    """A /done confirmation once its reopen button was pressed: a line says who reopened the
    task, or the parts of it."""
    number = result.task.number
    if result.action == "reopen_part":
        names = escape(", ".join(result.parts))
        return f"{text_html}\n\n" + t(
            "reopened.part_by", number=number, names=names, name=escape(name)
        )
    return f"{text_html}\n\n" + t("reopened.by", number=number, name=escape(name))


def reopened_popup(t: Translator, result: TaskChanged) -> str:
    """The pop-up of the reopen button."""
    if result.action == "reopen_part":
        names = ", ".join(result.parts)
        return t("button.part_reopened", number=result.task.number, names=names)
    return t("button.reopened", number=result.task.number)


def changed_keyboard(t: Translator, result: TaskChanged) -> InlineKeyboardMarkup | None:
    """The done button; after an ``/edit`` whose deadline is to be checked, keep and change."""
    task = result.task
    if result.new_deadline and not task.due_confirmed:  # set only on an open task
        return confirm_keyboard(t, task)
    return done_keyboard(t, task)


def series_line(t: Translator, result: TaskChanged) -> str:
    """What cancelling or reopening an occurrence does to its series."""
    if result.following is not None:
        return t("changed.series_goes_on", number=result.following.number)
    if result.action == "cancel":
        return t("changed.series_stopped")
    return t("changed.series_resumes")


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []


def _deadline(t: Translator, after: dict[str, object], timezone: str) -> str:
    """A deadline set, as the task shows it (a week later "thứ 6" says no longer which
    Friday), with the words it was given in. Entries written before the audit kept the
    precision: a deadline at 23:59:59 local was given as a day."""
    text = escape(str(after.get("text") or "—"))
    due = recorded_due(after, timezone)
    if due is None:
        return text
    shown = escape(t.due(due.utc, due.precision, timezone))
    return f"{shown} {t('task.due_text', text=text)}"


def _entry(t: Translator, entry: HistoryEntry, timezone: str) -> str:
    local = entry.at.astimezone(ZoneInfo(timezone))
    after, before = entry.after or {}, entry.before or {}
    details = {
        "create": lambda: escape(short(str(after.get("title", "")), 120)),
        "edit": lambda: escape(short(str(after.get("title", "")), 120)),
        "assign": lambda: escape(", ".join(str(a) for a in _list(after.get("assignees")))),
        "done_part": lambda: escape(", ".join(str(a) for a in _list(after.get("parts")))),
        "reopen_part": lambda: escape(", ".join(str(a) for a in _list(after.get("parts")))),
        "deadline": lambda: _deadline(t, after, timezone),
        "due_zone": lambda: escape(str(after.get("timezone") or "")),
        "note": lambda: escape(short(str(after.get("text", "")), 200)),
        "recur_next": lambda: f"#{after.get('number')}",
        "recur_from": lambda: f"#{after.get('previous')}",
    }
    detail = details.get(entry.action, lambda: "")()
    action = t(f"history.{entry.action}") if t.has(f"history.{entry.action}") else entry.action
    line = t(
        "history.item",
        when=t.date(local.date(), weekday=False) + local.strftime(" %H:%M"),
        who=escape(entry.actor or t("history.someone")),
        action=action,
    )
    if after.get("series") == "stopped":
        return f"{line}: {t('history.series_stopped')}"
    if entry.action in ("done", "cancel", "reopen") and before.get("status"):
        if left := _list(after.get("parts_left")):  # closed whole, these parts not done
            names = escape(short(", ".join(map(str, left)), 200))
            return f"{line} {t('history.parts_left', names=names)}"
        reason = after.get("reason")  # given to /cancel
        return f"{line}: {escape(short(str(reason), 200))}" if reason else line
    return f"{line}: {detail}" if detail else line


def history(t: Translator, result: TaskHistory, ref: PageRef) -> Rendered:
    """A page of every change of a task, oldest first."""
    task, tz = result.task, result.chat.timezone
    head = t("history.header", number=task.number, title=escape(short(task.title, 120)))
    page = paging.page_of(t, head, [_entry(t, e, tz) for e in result.entries], ref, sep="\n")
    return page.text, paging.keyboard(t, ref, page, done_rows(t, [task]))
