"""The minutes of a meeting as a Word document (``.docx``), written with python-docx.

Laid out as a Vietnamese administrative record (biên bản) is: A4, margins of 2 cm (3 cm on the
binding side), Times New Roman 13 pt (Decree 30/2020/NĐ-CP asks for 13–14 pt), the national
header of the decree in a Vietnamese chat (``letterhead``; the group's name alone in an English
one), the title, who kept the minutes, who was present and which organisations were absent,
and a place for the secretary and the chair to sign. The chair's name is left for a hand to
write: the bot is never told who chaired.

Headings are bold Normal paragraphs rather than the template's Title and Heading styles: those
name theme fonts (Calibri Light, in blue), which a font set on the style does not override.
"""

from __future__ import annotations

import io
from typing import cast

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph

from bot.domain import Minutes
from bot.exports.letterhead import add_letterhead
from bot.exports.text import (
    change_lines,
    latest_note,
    meeting_name,
    meeting_when,
    task_cells,
    task_columns,
)
from bot.i18n import Translator

_LANGUAGE_TAGS = {"vi": "vi-VN", "en": "en-GB"}
_FONT, _SIZE, _TITLE_SIZE, _NOTE_SIZE = "Times New Roman", Pt(13), Pt(14), Pt(11)
_A4 = (Mm(210), Mm(297))
_MARGINS = {"top": Cm(2), "bottom": Cm(2), "left": Cm(3), "right": Cm(2)}
_NATIONAL_HEADER = frozenset({"vi"})  # the languages whose minutes open with the decree's header
_SIGNING_SPACE = 3  # empty lines between "THƯ KÝ" and the name, for the signature


def _labelled(paragraph: Paragraph, label: str, value: str) -> None:
    paragraph.add_run(label).bold = True
    paragraph.add_run(value)


def _bold(document: DocxDocument, text: str, centred: bool = False) -> Paragraph:
    """A heading: bold, kept on the page of what follows it."""
    paragraph = document.add_paragraph()
    paragraph.add_run(text).bold = True
    paragraph.paragraph_format.keep_with_next = True
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def _set_up(document: DocxDocument, t: Translator, minutes: Minutes, title: str) -> None:
    """A4 page, margins, font, and the file's properties (python-docx's template says it
    wrote them: author "python-docx", a comment, a date in 2013)."""
    section = document.sections[0]
    section.page_width, section.page_height = _A4
    for side, length in _MARGINS.items():
        setattr(section, f"{side}_margin", length)
    normal = cast(ParagraphStyle, document.styles["Normal"])
    normal.font.name, normal.font.size = _FONT, _SIZE
    properties = document.core_properties
    properties.author = properties.last_modified_by = minutes.chat.title or t("export.author")
    properties.title, properties.comments = title, ""
    properties.language = _LANGUAGE_TAGS.get(t.language, t.language)
    properties.created = minutes.meeting.started_at
    properties.modified = minutes.meeting.ended_at or minutes.meeting.started_at


def _title(document: DocxDocument, t: Translator, minutes: Minutes, title: str) -> None:
    """In Vietnamese, the national header, then "BIÊN BẢN HỌP" and which meeting; in English
    (read by partners abroad, say), the group and the title: no national name nor motto."""
    if t.language not in _NATIONAL_HEADER:
        if minutes.chat.title:
            _bold(document, minutes.chat.title)
        _bold(document, title, centred=True).runs[0].font.size = _TITLE_SIZE
        return
    add_letterhead(document, t, minutes)
    heading = _bold(document, t("export.minutes.heading"), centred=True)
    heading.runs[0].font.size = _TITLE_SIZE
    heading.paragraph_format.space_before = Pt(18)
    _bold(document, meeting_name(t, minutes.meeting), centred=True)


def _head(document: DocxDocument, t: Translator, minutes: Minutes, title: str) -> None:
    """The title, then when, who kept the minutes, who came and who did not."""
    _title(document, t, minutes, title)
    lines = [
        ("export.label.when", meeting_when(t, minutes.meeting, minutes.chat.timezone)),
        ("export.label.secretary", minutes.secretary),
        ("export.label.attendees", ", ".join(minutes.attendees) or t("minutes.nobody")),
        ("export.label.absent", ", ".join(minutes.absent)),
    ]
    for key, value in lines:
        if value:
            _labelled(document.add_paragraph(), t(key) + ": ", value)


def _decisions(document: DocxDocument, t: Translator, minutes: Minutes) -> None:
    if not minutes.decisions:
        document.add_paragraph(t("minutes.no_decisions"))
        return
    _bold(document, t.plural("export.minutes.decisions", len(minutes.decisions)))
    for decision in minutes.decisions:
        label = t("export.decision", number=decision.number) + ". "
        _labelled(document.add_paragraph(style="List Bullet"), label, decision.text)


def _tasks(document: DocxDocument, t: Translator, minutes: Minutes) -> None:
    """The tasks as a table; a task's latest progress note in italics under its title."""
    if not minutes.tasks:
        document.add_paragraph(t("minutes.no_tasks"))
        return
    _bold(document, t.plural("export.minutes.tasks", len(minutes.tasks)))
    table = document.add_table(rows=1, cols=len(task_columns(t)))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, task_columns(t), strict=True):
        _labelled(cell.paragraphs[0], text, "")
    for task, row in zip(minutes.tasks, task_cells(t, minutes), strict=True):
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
        note = latest_note(t, minutes, task)
        if note is not None:
            run = cells[1].add_paragraph().add_run(note)
            run.italic, run.font.size = True, _NOTE_SIZE


def _changes(document: DocxDocument, t: Translator, minutes: Minutes) -> None:
    """The deadlines of earlier tasks changed during the meeting, as a bulleted list."""
    if minutes.changes:
        _bold(document, t("export.minutes.changed"))
        for line in change_lines(t, minutes):
            document.add_paragraph(line, style="List Bullet")


def _signatures(document: DocxDocument, t: Translator, minutes: Minutes) -> None:
    """Secretary on the left, chair on the right, as Vietnamese minutes are signed."""
    document.add_paragraph()
    table: Table = document.add_table(rows=1, cols=2)
    signers = (("export.signature.secretary", minutes.secretary), ("export.signature.chair", None))
    for cell, (key, name) in zip(table.rows[0].cells, signers, strict=True):
        lines = [cell.paragraphs[0]]
        lines[0].add_run(t(key)).bold = True
        lines.append(cell.add_paragraph())
        lines[1].add_run(t("export.signature.hint")).italic = True
        lines += [cell.add_paragraph() for _ in range(_SIGNING_SPACE)]
        lines.append(cell.add_paragraph())
        lines[-1].add_run(name or "").bold = True
        for paragraph in lines:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def minutes_docx(t: Translator, minutes: Minutes) -> bytes:
    """The header and title, date, secretary, attendees and absentees, the decisions as a
    bulleted list, the tasks as a table, the deadlines changed during the meeting, and the
    signatures."""
    title = t("export.minutes.title", name=meeting_name(t, minutes.meeting))
    document = Document()
    _set_up(document, t, minutes, title)
    _head(document, t, minutes, title)
    _decisions(document, t, minutes)
    _tasks(document, t, minutes)
    _changes(document, t, minutes)
    _signatures(document, t, minutes)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
