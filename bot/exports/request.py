"""What ``/export`` and ``followup export`` ask for, and what a service gathers for it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from bot.domain import Chat, Minutes, Task, TaskNote
from bot.errors import InvalidInput
from bot.text import fold

FORMATS = ("md", "docx", "xlsx", "csv", "ics")
MINUTES_FORMATS = frozenset({"md", "docx"})
TASK_FORMATS = frozenset({"xlsx", "csv"})
ALIASES = {"markdown": "md", "word": "docx", "excel": "xlsx", "ical": "ics", "icalendar": "ics"}
_MEETING_NUMBER = re.compile(r"#?\d{1,18}", re.ASCII)


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """The formats wanted, in the order they are sent, and which meeting's minutes."""

    formats: tuple[str, ...] = FORMATS
    meeting: str = ""  # the meeting's number as typed; empty for the latest meeting

    @property
    def needs_minutes(self) -> bool:
        """True when a minutes format is wanted."""
        return any(f in MINUTES_FORMATS for f in self.formats)

    @property
    def only_minutes(self) -> bool:
        """True when every format wanted is a minutes format."""
        return all(f in MINUTES_FORMATS for f in self.formats)


def format_of(word: str) -> str | None:
    """``md``, ``.DOCX``, ``word`` or ``Excel`` as a format name; None for anything else."""
    name = fold(word).lstrip(".")
    name = ALIASES.get(name, name)
    return name if name in FORMATS else None


def parse_request(text: str) -> ExportRequest:
    """``""``, ``"docx"``, ``"md 3"`` or ``"#3"``: the formats named (none: the user is to
    choose) and the meeting.

    Anything else is an :class:`InvalidInput` that names the word not understood.
    """
    formats: list[str] = []
    meeting = ""
    for word in text.split():
        name = format_of(word)
        if name is not None:
            if name not in formats:
                formats.append(name)
        elif _MEETING_NUMBER.fullmatch(word) and not meeting:
            meeting = word
        else:
            raise InvalidInput("export.usage", text=word[:50])
    return ExportRequest(tuple(formats), meeting)


@dataclass(frozen=True, slots=True)
class ExportedTask:
    """A task, the number of the meeting it was recorded in (None: outside a meeting) and its
    latest progress note, if any."""

    task: Task
    meeting_number: int | None
    note: TaskNote | None = None


@dataclass(frozen=True, slots=True)
class ExportData:
    """What an export is made of: the minutes (None when none were asked for or there is no
    meeting yet), every task of the chat by number, and when the export was made."""

    chat: Chat
    minutes: Minutes | None
    tasks: tuple[ExportedTask, ...]
    at: datetime
