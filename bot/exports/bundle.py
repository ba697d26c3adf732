"""Turning gathered records into the files asked for: names, bytes and what had to be left out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.errors import InvalidInput
from bot.exports.ical import deadlines_ics, open_deadlines
from bot.exports.markdown import minutes_markdown
from bot.exports.request import FORMATS, MINUTES_FORMATS, TASK_FORMATS, ExportData, ExportRequest
from bot.exports.sheet import tasks_csv, tasks_xlsx
from bot.exports.text import local, slug
from bot.exports.word import minutes_docx
from bot.i18n import Translator

MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
}
_RENDER: dict[str, Callable[[Translator, ExportData], bytes]] = {
    "xlsx": tasks_xlsx,
    "csv": tasks_csv,
    "ics": deadlines_ics,
}


@dataclass(frozen=True, slots=True)
class ExportFile:
    """One produced file."""

    format: str
    name: str
    content: bytes

    @property
    def media_type(self) -> str:
        """The file's MIME type."""
        return MEDIA_TYPES[self.format]


@dataclass(frozen=True, slots=True)
class Bundle:
    """The files made, in the order asked, and the catalog keys saying why others were not."""

    files: list[ExportFile] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


def file_name(t: Translator, format: str, data: ExportData) -> str:
    """``bien-ban-hop-3.md``, ``minutes-meeting-3.docx``, ``tasks-2022-07-07.xlsx``..."""
    if format in MINUTES_FORMATS:
        assert data.minutes is not None
        stem = t("export.file.minutes", number=data.minutes.meeting.number)
    else:
        day = local(data.at, data.chat.timezone).date().isoformat()
        key = "export.file.deadlines" if format == "ics" else "export.file.tasks"
        stem = t(key, date=day)
    return f"{slug(stem)}.{format}"


def _missing(format: str, data: ExportData) -> str | None:
    """The catalog key saying why ``format`` cannot be made from ``data``, or None."""
    if format in MINUTES_FORMATS and data.minutes is None:
        return "meeting.none_yet"
    if format in TASK_FORMATS and not data.tasks:
        return "export.no_tasks"
    if format == "ics" and not open_deadlines(data):
        return "export.no_deadlines"
    return None


def available(data: ExportData) -> list[str]:
    """The formats ``data`` has something to put in; none is :class:`InvalidInput`."""
    formats = [format for format in FORMATS if _missing(format, data) is None]
    if not formats:
        raise InvalidInput("export.nothing")
    return formats


def _render(t: Translator, format: str, data: ExportData) -> bytes:
    if format == "md":
        assert data.minutes is not None
        return minutes_markdown(t, data.minutes).encode("utf-8")
    if format == "docx":
        assert data.minutes is not None
        return minutes_docx(t, data.minutes)
    return _RENDER[format](t, data)


def build(t: Translator, data: ExportData, request: ExportRequest) -> Bundle:
    """Every file of ``request`` that ``data`` can fill.

    One format asked for and nothing to put in it is an :class:`InvalidInput` saying why; of
    several, those with nothing to say are left out (and said), and none at all is an error.
    """
    bundle = Bundle()
    for format in request.formats:
        key = _missing(format, data)
        if key is None:
            bundle.files.append(
                ExportFile(format, file_name(t, format, data), _render(t, format, data))
            )
        elif key not in bundle.left_out:
            bundle.left_out.append(key)
    if not bundle.files:
        raise InvalidInput(bundle.left_out[0] if len(bundle.left_out) == 1 else "export.nothing")
    return bundle
