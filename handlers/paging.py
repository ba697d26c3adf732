"""Long lists shown a page at a time, with ◀ ``2/5`` ▶ buttons that edit the message in place.

A page button's callback data says everything needed to draw the page again, so it survives a
restart and any replica can answer it (PTB's ``arbitrary_callback_data`` keeps its objects in
memory unless a persistence is set up; plain strings need neither)::

    pg:<kind>:<chat tag>:<page>:<argument>

``kind`` is the list (:data:`KINDS`), ``chat tag`` a short digest of the chat the list was sent
in (a button that turns up in another chat is refused rather than answered with that chat's
list), ``page`` counts from 1, and ``argument`` is the list's filter, search words or task
number, folded to ASCII when that is needed to fit Telegram's 64 bytes.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from bot.text import fold
from handlers.relay import data_room

PREFIX = "pg:"
LIST_BUDGET = 3800  # characters of HTML (more than the text Telegram counts) for a list reply
KINDS = {"t": "tasks", "f": "find", "d": "decisions", "o": "orgs", "h": "history"}
_DATA = re.compile(r"pg:([tfdoh]):([0-9a-z]{1,7}):([1-9][0-9]{0,3}):([^\n]{0,50})")
# Items on one page: what a phone shows without much scrolling. Pages are cut earlier when the
# items are long, to stay inside Telegram's 4096 characters.
PAGE_SIZE = {"t": 8, "f": 8, "d": 10, "o": 25, "h": 15}


@dataclass(frozen=True, slots=True)
class PageRef:
    """Which page of which list of which chat a button asks for."""

    kind: str
    tag: str
    page: int  # from 1
    argument: str = ""

    @property
    def data(self) -> str:
        """The button's callback data."""
        return f"{PREFIX}{self.kind}:{self.tag}:{self.page}:{self.argument}"

    def to(self, page: int) -> PageRef:
        """The same list at another page."""
        return PageRef(self.kind, self.tag, page, self.argument)


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a list: its text and where it sits among the pages."""

    text: str
    number: int  # from 1, after clamping to the pages there are
    count: int
    start: int  # index of the page's first item in the whole list
    end: int


def base36(value: int) -> str:
    """A non-negative number in base 36 (``int(text, 36)`` reads it back): short button data."""
    digits = ""
    while value:
        value, rest = divmod(value, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[rest] + digits
    return digits or "0"


def chat_tag(chat_id: int) -> str:
    """A short, stable digest of a chat id; not a secret, only a check of where a button is.
    (Its digits run least significant first, as the buttons already in chats carry them.)"""
    return base36(zlib.crc32(str(chat_id).encode()))[::-1]


def parse(data: str) -> PageRef | None:
    """The page a button's data asks for, or None when the data is not one of ours."""
    match = _DATA.fullmatch(data)
    if match is None:
        return None
    kind, tag, page, argument = match.groups()
    return PageRef(kind, tag, int(page), argument)


def ref_for(kind: str, tag: str, page: int, argument: str) -> PageRef:
    """The page with its argument as typed when that fits in a button, else folded to ASCII
    (shorter, and the services fold what they compare anyway)."""
    ref = PageRef(kind, tag, page, argument)
    return ref if fits(ref) else PageRef(kind, tag, page, fold(argument))


def fits(ref: PageRef) -> bool:
    """Whether the button's data is within Telegram's limit."""
    room = data_room()  # Telegram's 64 bytes, less a private chat's group prefix
    return len(ref.data.encode()) <= room and _DATA.fullmatch(ref.data) is not None


def spans(items: list[str], size: int, room: int, sep: str) -> list[tuple[int, int]]:
    """Cut ``items`` into pages of at most ``size`` items and ``room`` characters."""
    out: list[tuple[int, int]] = []
    start, used = 0, 0
    for i, item in enumerate(items):
        cost = len(sep) + len(item)
        if i > start and (i - start >= size or used + cost > room):
            out.append((start, i))
            start, used = i, 0
        used += cost
    out.append((start, len(items)))
    return out


def page_of(t: Translator, header: str, items: list[str], ref: PageRef, sep: str = "\n\n") -> Page:
    """Page ``ref.page`` of a list (the last one if the list has shrunk since).

    When the list's argument is too long for a button (a very long search), there are no page
    buttons: the first page says how many items it leaves out instead.
    """
    room = LIST_BUDGET - len(header) - 120  # the page line, "… and N more", a margin
    cuts = spans(items, PAGE_SIZE[ref.kind], room, sep)
    if not fits(ref):
        cuts = cuts[:1]
    number = min(ref.page, len(cuts))
    start, end = cuts[number - 1]
    parts = [header, *items[start:end]]
    if not fits(ref) and end < len(items):
        parts.append(t.plural("list.more", len(items) - end))
    return Page(sep.join(parts), number, len(cuts), start, end)


def keyboard(
    t: Translator,
    ref: PageRef,
    page: Page,
    rows: list[list[InlineKeyboardButton]] | None = None,
) -> InlineKeyboardMarkup | None:
    """The list's own buttons, then ◀ page ▶ when there is more than one page."""
    rows = list(rows or [])
    if page.count > 1:
        here = ref.to(page.number)
        label = t("page.of", page=page.number, count=page.count)
        nav = [InlineKeyboardButton(label, callback_data=here.data)]
        if page.number > 1:
            nav.insert(0, InlineKeyboardButton("◀", callback_data=ref.to(page.number - 1).data))
        if page.number < page.count:
            nav.append(InlineKeyboardButton("▶", callback_data=ref.to(page.number + 1).data))
        rows.append(nav)
    return InlineKeyboardMarkup(rows) if rows else None
