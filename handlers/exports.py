"""``/export`` (``/xuat``): the minutes, the tasks and the deadlines as documents.

``/xuat`` alone answers with a menu, one button per file there is something to put in, rather
than posting every file into the group: on a phone five documents are five downloads that
push the conversation away, and the Markdown and CSV copies repeat the Word and Excel ones.
``/xuat docx``, ``/xuat excel 3``... send the file at once, and the menu's "all" button sends
them all as one album. The documents are the group's, in its language; what is said about them
(the menu, the captions) is in the language of the chat that asked (``handlers.replies``).
"""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputMediaDocument, Message, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.context import FollowUpContext
from bot.exports.bundle import Bundle, ExportFile, available, build
from bot.exports.ical import open_deadlines
from bot.exports.request import FORMATS, ExportData, ExportRequest, parse_request
from bot.exports.text import meeting_name
from bot.i18n import Translator
from handlers.common import answers_user_errors, command_text, reply, request_context
from handlers.meeting_views import MINUTES_PREFIX
from handlers.replies import translator
from handlers.views import in_rows

EXPORT = ("export", "xuat")
ALL = "all"  # the menu's button that sends every file
MENU_ORDER = ("docx", "xlsx", "ics", "md", "csv")  # what a phone user wants first, first
BUTTON_KEYS = {"docx": "button.minutes_docx", "md": "button.minutes_md"}  # also under minutes


def caption(t: Translator, file: ExportFile, data: ExportData) -> str:
    """What a document is, in a line: whose minutes, how many tasks or deadlines."""
    if data.minutes is not None and file.format in ("md", "docx"):
        name = escape(meeting_name(t, data.minutes.meeting))
        return t(f"export.caption.{file.format}", name=name)
    count = len(open_deadlines(data)) if file.format == "ics" else len(data.tasks)
    return t.plural(f"export.caption.{file.format}", count)


def menu_text(t: Translator, data: ExportData) -> str:
    """The question above the menu, naming the meeting whose minutes the buttons send."""
    if data.minutes is None:
        return t("export.menu")
    return t("export.menu_minutes", name=escape(meeting_name(t, data.minutes.meeting)))


def menu_keyboard(t: Translator, data: ExportData, formats: list[str]) -> InlineKeyboardMarkup:
    """A button per format there is something for, two a row, then "all" when several are.

    The minutes' buttons carry the meeting's number, so they keep sending these minutes after
    another meeting is held; the others carry none.
    """
    number = str(data.minutes.meeting.number) if data.minutes is not None else ""
    choices = [f for f in MENU_ORDER if f in formats] + ([ALL] if len(formats) > 1 else [])
    buttons = [
        InlineKeyboardButton(
            t(BUTTON_KEYS.get(choice, f"button.export_{choice}")),
            callback_data=f"{MINUTES_PREFIX}{number}:{choice}",
        )
        for choice in choices
    ]
    return InlineKeyboardMarkup(in_rows(buttons, 2))


async def _send(
    update: Update, message: Message, t: Translator, bundle: Bundle, data: ExportData
) -> None:
    """One document alone, several as one album, in reply to ``message`` (and in its topic)."""
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
    """A button under the minutes or the export menu: send that file (or every file)."""
    query = update.callback_query
    assert query is not None  # CallbackQueryHandler guarantees it, and data matching its pattern
    _, number, choice = str(query.data).split(":")
    request = ExportRequest(FORMATS if choice == ALL else (choice,), number)
    data = await context.services.exports.gather(request_context(update), request)
    t, documents = translator(context, data.chat), context.services.catalogs.get(data.chat.language)
    bundle = build(documents, data, request)  # one format with nothing in it: build() says why
    await query.answer()
    if update.effective_message is not None:  # a reply to the message, in its topic
        await _send(update, update.effective_message, t, bundle, data)


@answers_user_errors
async def export(update: Update, context: FollowUpContext) -> None:
    """Send the files asked for, of a meeting by number; with no format named, the menu."""
    message = update.effective_message
    assert message is not None  # CommandHandler only fires on messages
    request = parse_request(command_text(message))
    chosen = bool(request.formats)
    if not chosen:  # the menu offers every format there is something for
        request = ExportRequest(FORMATS, request.meeting)
    data = await context.services.exports.gather(request_context(update), request)
    t, documents = translator(context, data.chat), context.services.catalogs.get(data.chat.language)
    if chosen:
        await _send(update, message, t, build(documents, data, request), data)
    else:
        keyboard = menu_keyboard(t, data, available(data))
        await reply(update, menu_text(t, data), keyboard, record=False)


def setup() -> list[BaseHandler[Update, FollowUpContext, None]]:
    """The handlers of this module."""
    return [
        CommandHandler(EXPORT, export),
        CallbackQueryHandler(
            press_export, pattern=rf"^{MINUTES_PREFIX}[0-9]{{0,9}}:(md|docx|xlsx|csv|ics|{ALL})$"
        ),
    ]
