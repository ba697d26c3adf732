"""The minutes of a meeting as Markdown (CommonMark with a GitHub-style table).

Markdown is plain text with a few marks, so it is written here rather than with a library; user
text has the characters that would start a mark escaped.
"""

from __future__ import annotations

import re

from bot.domain import Minutes
from bot.exports.text import meeting_name, meeting_when, one_line, task_cells, task_columns
from bot.i18n import Translator

_MARKS = re.compile(r"([\\`*_\[\]<>|~])")


def escape(text: str) -> str:
    """User text on one line, its Markdown marks escaped, so it shows as typed."""
    return _MARKS.sub(r"\\\1", one_line(text))


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def minutes_markdown(t: Translator, minutes: Minutes) -> str:
    """Title, date, attendees, the decisions as a list and the tasks as a table."""
    meeting = minutes.meeting
    attendees = ", ".join(minutes.attendees) or t("minutes.nobody")
    lines = [
        "# " + escape(t("export.minutes.title", name=meeting_name(t, meeting))),
        "",
        f"**{t('export.label.when')}:** {meeting_when(t, meeting, minutes.chat.timezone)}  ",
        f"**{t('export.label.attendees')}:** {escape(attendees)}",
        "",
        "## " + t.plural("export.minutes.decisions", len(minutes.decisions)),
        "",
    ]
    lines += [
        f"- **{t('export.decision', number=d.number)}.** {escape(d.text)}"
        for d in minutes.decisions
    ]
    lines += ["", "## " + t.plural("export.minutes.tasks", len(minutes.tasks)), ""]
    if minutes.tasks:
        lines += [_row(task_columns(t)), "| ---: | --- | --- | --- | --- |"]
        lines += [_row([escape(cell) for cell in row]) for row in task_cells(t, minutes)]
    return "\n".join(lines).rstrip() + "\n"
