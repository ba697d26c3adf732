"""Rendering replies: domain results in, Telegram HTML out. User text is always escaped."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.assignees import shown_once
from bot.domain import Assignee, Chat, Decision, Due, Task, TaskStatus
from bot.exports.text import unconfirmed
from bot.i18n import Translator
from bot.recurrence import describe
from bot.services.decisions import DecisionList
from bot.services.tasks import TaskClosed, TaskRecorded, TasksClosed
from bot.text import excerpt
from handlers import paging
from handlers.common import plain
from handlers.paging import LIST_BUDGET, PageRef

DONE_PREFIX = "done:"
REOPEN_PREFIX = "reopen:"  # the undo button under a /done confirmation
MAX_CALLBACK_DATA = 64  # bytes, Telegram's limit
# The buttons that act on one task (done, snooze, change or keep its deadline).
TASK_BUTTON_PREFIXES = (DONE_PREFIX, "snooze:", "change:", "keep:")
MAX_SHOWN_ASSIGNEES = 12
MAX_SHOWN_CONTACTS = 3  # an organisation's contacts named; the others are counted ("+2")
# Characters (as Telegram counts them: no tags) a task's assignees take in a message at most
# (the first always fits: a name of 200 and three contacts of 129). Beside a title of 1000
# characters, eight new organisations' names of 100 and two warnings, the answer to /task is
# about 3300 characters (tests/e2e/test_assignee_lines.py): room is left for a repeat rule and
# a meeting's line.
ASSIGNEES_BUDGET = 1200
MAX_SHOWN_NEW = 8
MAX_PARTS_NAMED = 8  # parts of a task for several named in a line; the others are counted
LIST_ITEM_TEXT = 300
MAX_MESSAGE = 4096  # characters of a message, as Telegram counts them


def short(text: str, limit: int = LIST_ITEM_TEXT) -> str:
    """``text`` cut to ``limit`` characters for a list; the full text stays in the record."""
    return excerpt(text, limit)


def fit(
    t: Translator,
    parts: list[str],
    sep: str = "\n\n",
    more: str = "list.more",
    budget: int = LIST_BUDGET,
) -> str:
    """Join a header and list items, leaving out the items Telegram's length limit (or
    ``budget`` characters) has no room for and saying how many were left out (``more``: the
    plural key that says it, and where to see them all)."""
    kept = fitting(parts, sep, budget)
    out = parts[: 1 + kept]
    if kept < len(parts) - 1:
        out.append(t.plural(more, len(parts) - 1 - kept))
    return sep.join(out)


def fitting(parts: list[str], sep: str = "\n\n", budget: int = LIST_BUDGET) -> int:
    """How many of the items after the header :func:`fit` keeps."""
    used = len(parts[0])
    for i, item in enumerate(parts[1:]):
        if used + len(sep) + len(item) > budget:
            return i
        used += len(sep) + len(item)
    return len(parts) - 1


def person_html(telegram_id: int, name: str, username: str | None) -> str:
    """A mention that notifies the person: their @username, or a link to them by name."""
    if username:
        return f"@{escape(username)}"
    return f'<a href="tg://user?id={telegram_id}">{escape(name)}</a>'


def assignee_html(t: Translator, assignee: Assignee) -> str:
    """A person as a mention that notifies them; an organisation as its name, followed by its
    first contact persons, who are notified for it, and how many others it has."""
    if assignee.person_telegram_id is not None and assignee.username is None:
        return person_html(assignee.person_telegram_id, assignee.label, None)
    if assignee.contacts:
        shown = assignee.contacts[:MAX_SHOWN_CONTACTS]
        people = [person_html(c.telegram_id, c.name, c.username) for c in shown]
        if len(assignee.contacts) > len(shown):
            people.append(t("task.more_contacts", count=len(assignee.contacts) - len(shown)))
        return f"{escape(assignee.label)} ({', '.join(people)})"
    return escape(assignee.label)


def assignees_html(t: Translator, assignees: Iterable[Assignee]) -> str:
    """Everyone a task is for, each person once, as many as :data:`ASSIGNEES_BUDGET` holds
    (the first always fits), then how many others; or "nobody yet"."""
    names = [assignee_html(t, a) for a in shown_once(assignees, MAX_SHOWN_CONTACTS)]
    shown: list[str] = []
    used = 0
    for name in names[:MAX_SHOWN_ASSIGNEES]:
        used += len(plain(name)) + len(", ")
        if shown and used > ASSIGNEES_BUDGET:
            break
        shown.append(name)
    if len(shown) < len(names):
        shown.append(t.plural("task.more_assignees", len(names) - len(shown)))
    return ", ".join(shown) if shown else t("task.nobody")


def labels_html(t: Translator, assignees: Iterable[Assignee]) -> str:
    """Assignees by name only (nobody is notified), the first :data:`MAX_PARTS_NAMED`, then
    how many others."""
    labels = [escape(a.label) for a in assignees]
    shown = labels[:MAX_PARTS_NAMED]
    if len(labels) > len(shown):
        shown.append(t.plural("task.more_assignees", len(labels) - len(shown)))
    return ", ".join(shown)


def awaited_html(t: Translator, task: Task) -> str:
    """Who a task is for, as :func:`assignees_html` names them; of a task for several in
    progress, only those whose part is left (those done are in :func:`progress_line`)."""
    return assignees_html(t, task.parts_left if task.in_progress else task.assignees)


def progress_line(t: Translator, task: Task, named: bool = True) -> str:
    """ "✅ Done 2/6: …" under a task for several in progress (the names of those done, unless
    not ``named``: a reminder names only who it reminds), or nothing."""
    if not task.in_progress:
        return ""
    done, total = len(task.parts_done), len(task.assignees)
    if not named:
        return t("task.parts_count", done=done, total=total)
    return t("task.parts_done", done=done, total=total, names=labels_html(t, task.parts_done))


def due_html(t: Translator, task: Task, timezone: str) -> str:
    """The deadline as people read it, or "no deadline"."""
    if task.due is None:
        return t("task.no_deadline")
    return escape(t.due(task.due.utc, task.due.precision, timezone))


# The reasons to ask whose warning may name the other reading (``deadline.confirm.*_other``).
OTHER_READING_REASONS = ("ambiguous", "today", "past")


def confirm_lines(
    t: Translator, chat: Chat, reasons: Iterable[str], alternative: Due | None, number: int
) -> list[str]:
    """The warnings that ask to check a deadline (``deadline.confirm.*``). An ambiguous one
    names the other reading when the words allow exactly one, with the command that sets it;
    so does a deadline today or past when there is no ambiguity and the words give another
    (the end of next month for "cuối tháng" typed on the 31st: see ParseResult.alternative)."""
    reasons, timezone = list(reasons), chat.timezone
    named = (
        "ambiguous"
        if "ambiguous" in reasons
        else next((r for r in reasons if r in OTHER_READING_REASONS), None)
    )
    lines = []
    for reason in reasons:
        if reason == named and alternative is not None:
            other = escape(t.due(alternative.utc, alternative.precision, timezone))
            phrase = escape(t.typed_due(alternative.utc, alternative.precision, timezone))
            key = f"deadline.confirm.{reason}_other"
            lines.append(t(key, other=other, number=number, phrase=phrase))
        else:
            lines.append(t(f"deadline.confirm.{reason}"))
    # A deadline to check is not reminded until it is kept or changed (planning.plan_reminders):
    # say so, or a question left unanswered silently means no reminders at all. The weekly
    # digest is no reminder of the task: it still lists it, marked (reminder.unconfirmed), so
    # that the week's list is whole and the question comes back; the line says that too.
    hold = "deadline.confirm.on_hold_digest" if chat.digest_enabled else "deadline.confirm.on_hold"
    return [*lines, t(hold)] if lines else lines


def repeats_html(t: Translator, task: Task, timezone: str) -> str:
    """How often a recurring task repeats ("every month on the 5th"), or nothing."""
    if not task.recurrence:
        return ""
    month = task.due.utc.astimezone(ZoneInfo(timezone)).month if task.due else None
    return escape(describe(t, task.recurrence, month))


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
    ]
    if result.maybe_for is not None:
        name, label = (escape(x) for x in result.maybe_for)
        lines.append(t("task.maybe_for", name=name, number=task.number, label=label))
    lines.append(t("task.due", due=due_html(t, task, tz)))
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
    if task.recurrence and result.then is not None:
        then = escape(t.due(result.then.utc, result.then.precision, tz))
        lines.append(t("task.repeats", rule=repeats_html(t, task, tz), due=then))
    lines += confirm_lines(t, result.chat, result.confirm_reasons, result.alternative, task.number)
    if result.late_for is not None:
        lines.append(t("task.late_for_meeting", number=result.late_for.number))
    return "\n".join(lines)


def task_line(
    t: Translator, task: Task, timezone: str, suffix: str = "", *, overdue: bool = False
) -> str:
    """One task in a list, ``suffix`` after its deadline (of a task for several in progress,
    who is left, then a line for who is done); ``overdue`` marks it so after its deadline."""
    due = due_repeats_html(t, task, timezone)
    # A doubtful reading still asked about, not a settled deadline: marked as the weekly
    # digest marks it, after "overdue" under the same one warning sign.
    if overdue and unconfirmed(task):
        due += " · " + t("tasks.overdue_unconfirmed")
    elif overdue:
        due += " · " + t("meeting.overdue")
    elif unconfirmed(task):
        due += " · " + t("reminder.unconfirmed")
    line = t(
        "tasks.item",
        number=task.number,
        title=escape(short(task.title)),
        assignees=awaited_html(t, task),
        due=due,
    )
    line += suffix
    progress = progress_line(t, task)
    return f"{line}\n   {progress}" if progress else line


def due_repeats_html(t: Translator, task: Task, timezone: str) -> str:
    """The deadline, followed by how often the task repeats when it does."""
    due = due_html(t, task, timezone)
    if not task.recurrence:
        return due
    return f"{due} · " + t("task.repeats_short", rule=repeats_html(t, task, timezone))


def task_closed(t: Translator, result: TaskClosed) -> str:
    """The answer to ``/done`` or to the done button: the task closed (with the parts left
    open, when a secretary closed it whole), or parts of it done and who is left."""
    if result.partial:
        return parts_done(t, result)
    key = "done.already" if result.already else "done.ok"
    text = t(
        key,
        number=result.task.number,
        title=escape(result.task.title),
        name=escape(result.closed_by),
    )
    swept = ""
    if result.swept:
        left, total = len(result.swept), len(result.task.assignees)
        swept = t("done.swept", left=left, total=total, names=labels_html(t, result.swept))
    return "\n".join(filter(None, (text, swept, following_line(t, result))))


def parts_done(t: Translator, result: TaskClosed) -> str:
    """A task for several, some of its parts done by ``/done``: whose, and who is left."""
    task, names = result.task, labels_html(t, result.parts)
    number, title = task.number, escape(task.title)
    if result.already:
        lines = [t("done.part_already", names=names, number=number, title=title)]
    else:
        name = escape(result.closed_by)
        lines = [t("done.part", names=names, number=number, title=title, name=name)]
    left, total, waiting = len(task.parts_left), len(task.assignees), task.parts_left
    lines.append(t("done.parts_left", left=left, total=total, names=labels_html(t, waiting)))
    if result.may_close_all and not result.already:
        lines.append(t("done.close_all", number=number))
    return "\n".join(lines)


def part_popup(t: Translator, result: TaskClosed) -> str:
    """The pop-up of the done button that did (or had done) the presser's part of a task."""
    task, names = result.task, plain(labels_html(t, result.parts))
    if result.already:
        return t("done.part_already_short", number=task.number, names=names)
    left, total = len(task.parts_left), len(task.assignees)
    return t("button.part_done_ok", number=task.number, names=names, left=left, total=total)


# From this many tasks in one message (a reminder, a /done of several), full-width buttons for
# each would be a wall on a phone: they say only "✅ #N", "↩️ #N"..., four a row (in_rows).
COMPACT_FROM = 4


def in_rows(buttons: list[InlineKeyboardButton], per_row: int) -> list[list[InlineKeyboardButton]]:
    """``buttons`` laid out ``per_row`` to a row."""
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


def closed_keyboard(t: Translator, outcome: TasksClosed) -> InlineKeyboardMarkup | None:
    """Under ``/done``: a button that reopens each task it just closed, or the parts it just
    said done (a slip of the finger is undone in one tap), then the done button of the next
    occurrence of a recurring task."""
    closed = [result for result in outcome.closed if not result.already]
    compact = len(closed) >= COMPACT_FROM
    label = "button.reopen_short" if compact else "button.reopen"
    buttons = [
        InlineKeyboardButton(t(label, number=result.task.number), callback_data=reopen_data(result))
        for result in closed
    ]
    rows = in_rows(buttons, 4 if compact else 2)
    one = outcome.closed[0] if len(outcome.closed) == 1 else None
    if one is not None and one.following_new and one.following is not None:
        n = one.following.number  # beside another task's button: the number says which
        done = InlineKeyboardButton(t("button.done_n", number=n), callback_data=f"{DONE_PREFIX}{n}")
        rows.append([done])
    return InlineKeyboardMarkup(rows) if rows else None


def reopen_data(result: TaskClosed) -> str:
    """What the reopen button under ``/done`` carries: the task's number, and the parts it said
    done when it left the task open (when they fit Telegram's 64 bytes; without them, the
    button reopens the presser's own parts)."""
    data = f"{REOPEN_PREFIX}{result.task.number}"
    if not result.partial:
        return data
    parts = f"{data}:" + ",".join(str(a.id) for a in result.newly)
    return parts if len(parts.encode()) <= MAX_CALLBACK_DATA else data


def tasks_closed(t: Translator, outcome: TasksClosed) -> str:
    """The answer to ``/done 2 3``: each task closed, then each number refused and why."""
    lines = [task_closed(t, result) for result in outcome.closed]
    for refused in outcome.refused:
        params = {k: escape(v) if isinstance(v, str) else v for k, v in refused.params.items()}
        lines.append("❗ " + t(refused.key, **params))
    return "\n".join(lines)


def following_line(t: Translator, result: TaskClosed) -> str:
    """ "Next: #12, due …" after closing an occurrence of a recurring task, or nothing."""
    following = result.following
    if following is None:
        return ""
    key = "done.next" if result.following_new else "done.next_exists"
    due = due_html(t, following, result.chat.timezone)
    line = t(key, number=following.number, due=due)
    if result.following_overdue:
        line += " " + t("done.next_overdue", number=following.number)
    return line


def decision_recorded(t: Translator, decision: Decision) -> str:
    """The confirmation of ``/decision``."""
    return t("decision.recorded", number=decision.number) + "\n" + escape(decision.text)


def decision_list(
    t: Translator, result: DecisionList, ref: PageRef
) -> tuple[str, InlineKeyboardMarkup | None]:
    """A page of the latest decisions of a chat."""
    meeting = result.meeting
    if not result.decisions:
        if meeting is not None:
            return t("decisions.empty.meeting", number=meeting.number), None
        return t("decisions.empty"), None
    zone = ZoneInfo(result.chat.timezone)
    header = t.plural("decisions.header", len(result.decisions))
    if meeting is not None:
        count = len(result.decisions)
        header = t.plural("decisions.header.meeting", count, number=meeting.number)
    items = [
        t(
            "decisions.item",
            number=d.number,
            text=escape(short(d.text)),
            date=t.date(d.recorded_at.astimezone(zone).date(), weekday=False),
        )
        for d in result.decisions
    ]
    page = paging.page_of(t, header, items, ref)
    return page.text, paging.keyboard(t, ref, page)


def organisation_list(
    t: Translator, orgs: list[tuple[str, list[str]]], ref: PageRef
) -> tuple[str, InlineKeyboardMarkup | None]:
    """A page of the member organisations of a chat."""
    if not orgs:
        return t("orgs.empty"), None
    lines = []
    for name, aliases in orgs:
        alias_text = f" ({escape(short(', '.join(aliases)))})" if aliases else ""
        lines.append(f"• {escape(name)}{alias_text}")
    page = paging.page_of(t, t.plural("orgs.header", len(orgs)), lines, ref, sep="\n")
    return page.text, paging.keyboard(t, ref, page)


def _duration(t: Translator, minutes: int) -> str:
    for unit, size in (("days", 24 * 60), ("hours", 60)):
        if minutes % size == 0:
            return t.plural(f"remind.{unit}", minutes // size)
    return t.plural("remind.minutes", minutes)


def reminder_plan(t: Translator, offsets: tuple[int, ...] | None) -> str:
    """The confirmation of ``/remind``: the chat's new plan, and that open tasks follow it."""
    if not offsets:
        return t("remind.default")
    return t("remind.set", plan=", ".join(_duration(t, m) for m in offsets))


def plan_in_words(t: Translator, offsets: tuple[int, ...] | None) -> str:
    """The chat's reminder plan as the settings show it (nothing was re-planned)."""
    if not offsets:
        return t("settings.plan_default")
    return t("settings.plan_set", plan=", ".join(_duration(t, m) for m in offsets))


def closed_in_message(t: Translator, text_html: str, result: TaskClosed) -> str:
    """A task's message (its confirmation, a reminder) with a line saying who closed it."""
    line = t("done.by", number=result.task.number, name=escape(result.closed_by))
    if result.swept:  # closed whole: which parts nobody had said done
        left, total = len(result.swept), len(result.task.assignees)
        line += "\n" + t("done.swept", left=left, total=total, names=labels_html(t, result.swept))
    following = following_line(t, result)
    return f"{text_html}\n\n{line}" + (f"\n{following}" if following else "")


def part_done_in_message(t: Translator, text_html: str, result: TaskClosed) -> str | None:
    """A task's message with a line saying whose part of it was just done, and by whom; None
    when Telegram's limit leaves no room for one more (the pop-up said it)."""
    task = result.task
    line = t(
        "done.part_by",
        number=task.number,
        names=labels_html(t, result.parts),
        name=escape(result.closed_by),
        left=len(task.parts_left),
        total=len(task.assignees),
    )
    # Under the lines the message already has of done tasks and parts; apart from the rest.
    sep = "\n" if plain(text_html.rpartition("\n")[2]).startswith("✅") else "\n\n"
    text = text_html + sep + line
    return text if len(plain(text)) <= MAX_MESSAGE else None


def without_task(
    keyboard: InlineKeyboardMarkup | None,
    number: int,
    prefixes: Iterable[str] = TASK_BUTTON_PREFIXES,
) -> InlineKeyboardMarkup | None:
    """The keyboard less the buttons that act on task ``number`` (page buttons stay), or only
    those of ``prefixes``."""
    if keyboard is None:
        return None
    acting = {f"{prefix}{number}" for prefix in prefixes}

    def acts(data: str) -> bool:  # "reopen:5:12": a button for parts of task 5
        return data in acting or data.rpartition(":")[0] in acting

    rows = [
        [b for b in row if not acts(str(b.callback_data or ""))] for row in keyboard.inline_keyboard
    ]
    rows = [row for row in rows if row]
    return InlineKeyboardMarkup(rows) if rows else None
