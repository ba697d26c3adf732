"""The minutes of a meeting as a Word document (``.docx``), written with python-docx."""

from __future__ import annotations

import io

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from bot.domain import Minutes
from bot.exports.text import meeting_name, meeting_when, task_cells, task_columns
from bot.i18n import Translator

_LANGUAGE_TAGS = {"vi": "vi-VN", "en": "en-GB"}


def _labelled(paragraph: Paragraph, label: str, value: str) -> None:
    paragraph.add_run(label).bold = True
    paragraph.add_run(value)


def _tasks_table(t: Translator, minutes: Minutes, table: Table) -> None:
    for cell, text in zip(table.rows[0].cells, task_columns(t), strict=True):
        _labelled(cell.paragraphs[0], text, "")
    for row in task_cells(t, minutes):
        cells = table.add_row().cells  # type: ignore[no-untyped-call]  # python-docx leaves it unannotated
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def minutes_docx(t: Translator, minutes: Minutes) -> bytes:
    """Title, date, attendees, the decisions as a bulleted list and the tasks as a table."""
    meeting = minutes.meeting
    title = t("export.minutes.title", name=meeting_name(t, meeting))
    document = Document()
    document.core_properties.title = title
    document.core_properties.language = _LANGUAGE_TAGS.get(t.language, t.language)
    document.core_properties.created = meeting.started_at
    document.add_heading(title, level=0)
    when = meeting_when(t, meeting, minutes.chat.timezone)
    _labelled(document.add_paragraph(), t("export.label.when") + ": ", when)
    attendees = ", ".join(minutes.attendees) or t("minutes.nobody")
    _labelled(document.add_paragraph(), t("export.label.attendees") + ": ", attendees)
    document.add_heading(t.plural("export.minutes.decisions", len(minutes.decisions)), level=1)
    for decision in minutes.decisions:
        label = t("export.decision", number=decision.number) + ". "
        _labelled(document.add_paragraph(style="List Bullet"), label, decision.text)
    document.add_heading(t.plural("export.minutes.tasks", len(minutes.tasks)), level=1)
    if minutes.tasks:
        table = document.add_table(rows=1, cols=len(task_columns(t)))
        table.style = "Table Grid"
        _tasks_table(t, minutes, table)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
