"""The minutes of a meeting as Markdown (CommonMark with a GitHub-style table).

Markdown is plain text with a few marks, so it is written here rather than with a library; user
text has the characters that would start a mark escaped.
"""

from __future__ import annotations

import re

from bot.domain import Minutes
from bot.exports.text import (
    change_lines,
    latest_note,
    meeting_name,
    meeting_when,
    one_line,
    task_cells,
    task_columns,
)
from bot.i18n import Translator

_MARKS = re.compile(r"([\\`*_\[\]<>|~])")


def escape(text: str) -> str:
    """User text on one line, its Markdown marks escaped, so it shows as typed."""
    return _MARKS.sub(r"\\\1", one_line(text))


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _task_rows(t: Translator, minutes: Minutes) -> list[str]:
    """The table's rows; a task's latest progress note in italics after its title."""
    rows = []
    for task, cells in zip(minutes.tasks, task_cells(t, minutes), strict=True):
        cells = [escape(cell) for cell in cells]
        note = latest_note(t, minutes, task)
        if note is not None:
            cells[1] += f" — *{escape(note)}*"
        rows.append(_row(cells))
    return rows


def minutes_markdown(t: Translator, minutes: Minutes) -> str:
    """Group, title, date, secretary, attendees and absentees, the decisions as a list, the
    tasks as a table and the deadlines changed during the meeting as a list."""
    meeting = minutes.meeting
    lines = ["# " + escape(t("export.minutes.title", name=meeting_name(t, meeting)))]
    labels = [
        ("export.label.group", escape(minutes.chat.title or "")),
        ("export.label.when", meeting_when(t, meeting, minutes.chat.timezone)),
        ("export.label.secretary", escape(minutes.secretary or "")),
        ("export.label.attendees", escape(", ".join(minutes.attendees) or t("minutes.nobody"))),
        ("export.label.absent", escape(", ".join(minutes.absent))),
    ]
    # Two spaces end a line inside a paragraph.
    lines += ["", "  \n".join(f"**{t(key)}:** {value}" for key, value in labels if value), ""]
    if minutes.decisions:
        lines += ["## " + t.plural("export.minutes.decisions", len(minutes.decisions)), ""]
        lines += [
            f"- **{t('export.decision', number=d.number)}.** {escape(d.text)}"
            for d in minutes.decisions
        ]
    else:
        lines.append(t("minutes.no_decisions"))
    lines.append("")
    if minutes.tasks:
        lines += ["## " + t.plural("export.minutes.tasks", len(minutes.tasks)), ""]
        lines += [_row(task_columns(t)), "| ---: | --- | --- | --- | --- |"]
        lines += _task_rows(t, minutes)
    else:
        lines.append(t("minutes.no_tasks"))
    if minutes.changes:
        lines += ["", "## " + t("export.minutes.changed"), ""]
        lines += [f"- {escape(line)}" for line in change_lines(t, minutes)]
    return "\n".join(lines).rstrip() + "\n"
