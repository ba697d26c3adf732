"""How the bot's messages look in a terminal: plain text, links spelled out, numbered buttons."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

JSON = dict[str, Any]
INDENT = " " * 4


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def spell_out_links(text: str, entities: list[JSON]) -> str:
    """Add ``(url)`` after each link's words; Telegram counts entity offsets in UTF-16 units."""
    encoded = _utf16(text)
    links = sorted(
        (e for e in entities if e.get("type") == "text_link"),
        key=lambda e: int(e["offset"]),
        reverse=True,
    )
    for link in links:
        end = (int(link["offset"]) + int(link["length"])) * 2
        encoded = encoded[:end] + _utf16(f" ({link['url']})") + encoded[end:]
    return encoded.decode("utf-16-le")


def body(message: JSON) -> str:
    """The message as its reader sees it: the text, or a document with its caption."""
    if "text" in message:
        return spell_out_links(message["text"], message.get("entities", []))
    parts = []
    if "document" in message:
        document = message["document"]
        parts.append(f"📎 {document.get('file_name', 'file')} ({document.get('file_size', 0)} B)")
    if "caption" in message:
        parts.append(spell_out_links(message["caption"], message.get("caption_entities", [])))
    return "\n".join(parts) or "(a message the console cannot show)"


def buttons(message: JSON) -> list[JSON]:
    """The inline keyboard's buttons, row after row."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button for row in rows for button in row]


def header(message: JSON, zone: tzinfo, edited: bool, elsewhere: str | None = None) -> str:
    """``[07/07 09:01] bot, message 4:`` in the chat's time zone, the message's number (what
    ``:reply`` takes), whether it was edited, and where it is when not where the person posts
    (``, in «Hội thao»``)."""
    stamp = int(message["edit_date"] if edited and "edit_date" in message else message["date"])
    when = datetime.fromtimestamp(stamp, zone).strftime("%d/%m %H:%M")
    where = f", in «{elsewhere}»" if elsewhere else ""
    return f"[{when}] bot, message {message['message_id']}{', edited' if edited else ''}{where}:"


def indented(text: str) -> str:
    """Every line of ``text`` indented under its header."""
    return "\n".join(INDENT + line if line else "" for line in text.splitlines())
