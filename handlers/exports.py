"""``/export`` (``/xuat``): the minutes, the tasks and the deadlines as documents."""

from __future__ import annotations

from html import escape

from telegram import InputMediaDocument, Message, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.context import FollowUpContext
from bot.exports.bundle import Bundle, ExportFile, build
from bot.exports.ical import open_deadlines
from bot.exports.request import ExportData, ExportRequest, parse_request
from bot.exports.text import meeting_name
from bot.i18n import Translator
from handlers.common import answers_user_errors, command_text, reply, request_context
from handlers.meeting_views import MINUTES_PREFIX

EXPORT = ("export", "xuat")


def caption(t: Translator, file: ExportFile, data: ExportData) -> str:
    """What a document is, in a line: whose minutes, how many tasks or deadlines."""
    if data.minutes is not None and file.format in ("md", "docx"):
        name = escape(meeting_name(t, data.minutes.meeting))
        return t(f"export.caption.{file.format}", name=name)
    count = len(open_deadlines(data)) if file.format == "ics" else len(data.tasks)
    return t.plural(f"export.caption.{file.format}", count)


async def _send(update: Update, t: Translator, bundle: Bundle, data: ExportData) -> None:
    """One document alone, several as one album, in the chat and topic the command came from."""
    message = update.effective_message
    assert message is not None  # CommandHandler only fires on messages
    if len(bundle.files) == 1:
        (file,) = bundle.files
        await message.reply_document(
            file.content, filename=file.name, caption=caption(t, file, data), do_quote=True
        )
    else:
        media = [
            InputMediaDocument(f.content, filename=f.name, caption=caption(t, f, data))
            for f in bundle.files
        ]
        await message.reply_media_group(media, do_quote=True)
    if bundle.left_out:
        reasons = " ".join(t(key) for key in bundle.left_out)
        await reply(update, t("export.left_out", reasons=reasons))


@answers_user_errors
async def press_export(update: Update, context: FollowUpContext) -> None:
    """A button under the minutes: send that meeting's minutes as a document, in reply."""
    query = update.callback_query
    assert query is not None  # CallbackQueryHandler guarantees it, and data matching its pattern
    _, number, format = str(query.data).split(":")
    request = ExportRequest((format,), number)
    data = await context.services.exports.gather(request_context(update), request)
    t = context.services.catalogs.get(data.chat.language)
    (file,) = build(t, data, request).files  # one format, or build() said why not
    await query.answer()
    if isinstance(query.message, Message):  # a reply to the minutes, in their topic
        await query.message.reply_document(
            file.content, filename=file.name, caption=caption(t, file, data), do_quote=True
        )


@answers_user_errors
async def export(update: Update, context: FollowUpContext) -> None:
    """Send the files asked for: every kind by default, or one format, of a meeting by number."""
    message = update.effective_message
    assert message is not None  # CommandHandler only fires on messages
    request = parse_request(command_text(message))
    data = await context.services.exports.gather(request_context(update), request)
    t = context.services.catalogs.get(data.chat.language)
    await _send(update, t, build(t, data, request), data)


def setup() -> list[BaseHandler[Update, FollowUpContext, None]]:
    """The handlers of this module."""
    return [
        CommandHandler(EXPORT, export),
        CallbackQueryHandler(press_export, pattern=rf"^{MINUTES_PREFIX}\d{{1,9}}:(md|docx)$"),
    ]
