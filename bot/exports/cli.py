"""``followup export``: the files of ``/export``, written from the command line.

It only reads: the chat is found by its Telegram id, nothing is recorded. The sentences here are
English on purpose, like ``followup parse``: this is a tool for whoever runs the bot.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from sqlalchemy.exc import SQLAlchemyError

from bot.clock import SystemClock
from bot.errors import DatabaseError, UserError
from bot.exports.request import FORMATS, MINUTES_FORMATS, ExportRequest
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.exports.bundle import ExportFile

BINARY_FORMATS = frozenset({"docx", "xlsx"})
_SENTENCES = {
    "export.unknown_chat": "The bot knows no chat with Telegram id {chat} in this database "
    "(a group's id is negative, e.g. -1001234567890).",
    "meeting.none_yet": "Chat {chat} has had no meeting yet, so it has no minutes to export.",
    "meeting.not_found": "Chat {chat} has no meeting #{number}.",
    "number.invalid.minutes": "--meeting takes a meeting number such as 3, not {text!r}.",
    "export.no_tasks": "Chat {chat} has no tasks yet, so there is nothing to export.",
    "export.no_deadlines": "No open task of chat {chat} has a deadline, "
    "so the calendar would be empty.",
}


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``export`` and its options to the ``followup`` command."""
    export = commands.add_parser("export", help="write a chat's minutes, tasks or deadlines")
    export.add_argument("--chat", type=int, required=True, help="the chat's Telegram id")
    export.add_argument("--format", required=True, choices=FORMATS, help="the kind of file")
    export.add_argument("--meeting", help="md and docx: the meeting's number (default: latest)")
    export.add_argument(
        "--output", help="the file to write, - for standard output (default: the chat's name)"
    )


def sentence(error: UserError, chat: int) -> str:
    """The one-sentence explanation of why the export cannot be made."""
    template = _SENTENCES.get(error.key, "The export cannot be made ({key}).")
    return template.format(**{**error.params, "chat": chat, "key": error.key})


def run_export(args: argparse.Namespace, settings: Settings, stdout: BinaryIO) -> int:
    """Write the file; 0 when written, 1 when the chat's records cannot make it, 2 for usage."""
    if args.meeting is not None and args.format not in MINUTES_FORMATS:
        print("followup export: --meeting goes with --format md or docx.", file=sys.stderr)
        return 2
    if args.output == "-" and args.format in BINARY_FORMATS and stdout.isatty():
        print(
            f"followup export: a .{args.format} file is binary; give --output PATH, "
            "or send standard output to a file or a pipe.",
            file=sys.stderr,
        )
        return 2
    try:
        file = asyncio.run(_make(args, settings))
    except UserError as exc:
        print(f"followup export: {sentence(exc, args.chat)}", file=sys.stderr)
        return 1
    if args.output == "-":
        stdout.write(file.content)
        stdout.flush()
        return 0
    path = Path(args.output or file.name)
    try:
        path.write_bytes(file.content)
    except OSError as exc:
        print(f"followup export: cannot write {path}: {exc.strerror}.", file=sys.stderr)
        return 1
    print(f"Wrote {path}", file=sys.stderr)
    return 0


async def _make(args: argparse.Namespace, settings: Settings) -> ExportFile:
    """Read the chat's records and make the one file asked for."""
    # The document libraries and the database are loaded only when an export runs.
    from bot.exports.bundle import build
    from bot.i18n import Catalogs
    from bot.services.base import ServiceDeps
    from bot.services.exports import ExportService
    from storage import Database

    database = Database(settings.database_url)
    deps = ServiceDeps(
        database, SystemClock(), settings.default_timezone, settings.default_language
    )
    request = ExportRequest((args.format,), args.meeting or "")
    try:
        data = await ExportService(deps).gather_for_chat(args.chat, request)
        t = Catalogs(settings.default_language).get(data.chat.language)
        (file,) = build(t, data, request).files
        return file
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise DatabaseError(
            f"the database at {database.safe_url} cannot be read: {reason}"
        ) from exc
    finally:
        await database.dispose()
