"""The national header of Vietnamese minutes, as Decree 30/2020/NĐ-CP (Appendix I) lays it out.

A two-column table without borders: on the left the issuing body (here the group) in bold
capitals, a short line centred under it; on the right the national name ("quốc hiệu") in bold
capitals, the motto ("tiêu ngữ") in bold with a line as long as itself under it, and the date
in italics ("Ngày 07 tháng 7 năm 2022": no place, the bot is never told where a meeting was).
"""

from __future__ import annotations

from datetime import date

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt
from docx.table import _Cell

from bot.domain import Minutes
from bot.exports.text import local
from bot.i18n import Translator

# 16 cm: the width of A4 between margins of 3 and 2 cm; the national name needs about 9.
_WIDTHS = (Cm(6), Cm(10))
_CELL_PADDING = Cm(0.38)  # Word's default cell margins, 0.19 cm each side
_BODY_SIZE, _STATE_SIZE, _MOTTO_SIZE = Pt(12), Pt(12), Pt(13)  # the decree: 12-13, 12-13, 13-14
# A capital of 12 pt bold Times New Roman, on average with the spaces between words; the line
# under the issuer is 1/3 to 1/2 as long as the issuer's name (the decree), so a guess will do.
_CAPITAL_WIDTH = Cm(0.27)
_RULE_SHARE = 0.4
_MIN_RULE = Cm(1)
_RULE_HEIGHT = Pt(2)
# What may follow w:pBdr in a w:pPr (ECMA-376 Part 1, 17.3.1.26): it must come before them.
_AFTER_BORDER = (
    *("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct"),
    *("w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd"),
    *("w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents"),
    *("w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap"),
    *("w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
)


def administrative_date(t: Translator, day: date) -> str:
    """``Ngày 07 tháng 7 năm 2022``: a day under 10 and the months 1 and 2 take a leading zero,
    as the decree writes them (so that no digit can be added in front by hand)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return t("export.letterhead.date", day=f"{day.day:02d}", month=month, year=day.year)


def _line(cell: _Cell, text: str, size: Length, first: bool = False) -> None:
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.font.size = True, size


def _short_rule(cell: _Cell, length: Length) -> None:
    """A line ``length`` long, centred under the cell's text: the bottom border of an empty
    paragraph narrowed by its indents. python-docx has no API for borders (nor for drawn
    lines), so the border alone is written as XML; the rest is python-docx's."""
    paragraph = cell.add_paragraph()
    border, bottom = OxmlElement("w:pBdr"), OxmlElement("w:bottom")
    for name, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "auto")):
        bottom.set(qn(f"w:{name}"), value)  # sz: eighths of a point, so a line of 3/4 pt
    border.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(border, *_AFTER_BORDER)
    side = Length(max(0, (cell.width or _WIDTHS[0]) - _CELL_PADDING - length) // 2)
    layout = paragraph.paragraph_format
    layout.left_indent = layout.right_indent = side
    layout.line_spacing, layout.space_before, layout.space_after = _RULE_HEIGHT, 0, 0


def add_letterhead(document: DocxDocument, t: Translator, minutes: Minutes) -> None:
    """The group (if it has a name) beside the national name and motto and the meeting's date."""
    table = document.add_table(rows=1, cols=2)  # the template's default style: no borders
    table.autofit = False
    issuer, state = table.rows[0].cells
    for column, cell, width in zip(table.columns, (issuer, state), _WIDTHS, strict=True):
        column.width = cell.width = width
    if minutes.chat.title:
        name = minutes.chat.title.upper()
        _line(issuer, name, _BODY_SIZE, first=True)
        text_width = _WIDTHS[0] - _CELL_PADDING
        guess = min(len(name) * _CAPITAL_WIDTH, text_width)
        _short_rule(issuer, Length(max(_MIN_RULE, int(guess * _RULE_SHARE))))
    _line(state, t("export.letterhead.country"), _STATE_SIZE, first=True)
    _line(state, t("export.letterhead.motto"), _MOTTO_SIZE)
    state.paragraphs[-1].runs[0].underline = True  # the decree's line, as long as the motto
    day = local(minutes.meeting.started_at, minutes.chat.timezone).date()
    dated = state.add_paragraph()
    dated.alignment = WD_ALIGN_PARAGRAPH.CENTER
    dated.paragraph_format.space_before = Pt(6)
    run = dated.add_run(administrative_date(t, day))
    run.italic, run.font.size = True, _MOTTO_SIZE
