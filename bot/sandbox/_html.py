"""Telegram's ``parse_mode=HTML``: validate the markup and turn it into plain text plus entities.

Only the tags Telegram documents are accepted, they must nest and close properly, and every ``<``,
``>`` or ``&`` that is not part of a tag or of an entity (``&lt;``, ``&gt;``, ``&amp;``, ``&quot;``
or a numeric one) is an error, as is any other malformed markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from bot.sandbox._errors import ApiError, bad_request
from bot.sandbox._text import sort_entities, utf16_len

UserLookup = Callable[[int], dict[str, Any] | None]

_SIMPLE = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "tg-spoiler": "spoiler", "code": "code", "pre": "pre",
}  # fmt: skip
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_MENTION_PREFIX = "tg://user?id="


@dataclass
class _Open:
    """A start tag waiting for its end tag."""

    tag: str
    entity: dict[str, Any] | None
    start: int


@dataclass
class _State:
    parts: list[str] = field(default_factory=list)
    position: int = 0
    stack: list[_Open] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)


class _TelegramHTML(HTMLParser):
    """Tokenises with the standard library and applies Telegram's rules to each token."""

    def __init__(self, source: str, lookup_user: UserLookup) -> None:
        super().__init__(convert_charrefs=False)
        self._source = source
        self._lookup_user = lookup_user
        self._line_starts = [0]
        for index, char in enumerate(source):
            if char == "\n":
                self._line_starts.append(index + 1)
        self.state = _State()

    def fail(self, detail: str, skipped: str = "") -> ApiError:
        """Build the error for the current token (plus ``skipped`` text) with its byte offset."""
        line, column = self.getpos()
        index = self._line_starts[line - 1] + column
        offset = len(self._source[:index].encode()) + len(skipped.encode())
        return bad_request(f"can't parse entities: {detail} at byte offset {offset}")

    def _append(self, text: str) -> None:
        self.state.parts.append(text)
        self.state.position += utf16_len(text)

    def handle_data(self, data: str) -> None:
        """Keep text, refusing characters that should have been escaped."""
        for char, escape in (("<", "&lt;"), (">", "&gt;"), ("&", "&amp;")):
            if char in data:
                skipped = data[: data.index(char)]
                raise self.fail(f'unescaped character "{char}", write it as "{escape}"', skipped)
        self._append(data)

    def handle_entityref(self, name: str) -> None:
        """Accept the four named entities Telegram supports."""
        if name not in _NAMED:
            raise self.fail(f'unsupported HTML entity "&{name};"')
        self._append(_NAMED[name])

    def handle_charref(self, name: str) -> None:
        """Accept decimal and hexadecimal character references."""
        try:
            code = int(name[1:], 16) if name[:1] in {"x", "X"} else int(name)
            self._append(chr(code))
        except (ValueError, OverflowError):
            raise self.fail(f'invalid character reference "&#{name};"') from None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open an entity for one of Telegram's tags."""
        entity = self._entity_for(tag, dict(attrs))
        self.state.stack.append(_Open(tag, entity, self.state.position))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Telegram has no self-closing tags."""
        raise self.fail(f'unsupported self-closing tag "{tag}"')

    def handle_endtag(self, tag: str) -> None:
        """Close the innermost open tag, which must be ``tag``."""
        if not self.state.stack:
            raise self.fail(f'unexpected end tag "{tag}"')
        top = self.state.stack[-1]
        if top.tag != tag:
            raise self.fail(f'unmatched end tag, expected "</{top.tag}>", found "</{tag}>"')
        self.state.stack.pop()
        length = self.state.position - top.start
        if top.entity is not None and length > 0:
            self.state.entities.append({**top.entity, "offset": top.start, "length": length})

    def handle_comment(self, data: str) -> None:
        """Comments are not part of Telegram's HTML."""
        raise self.fail("unsupported comment")

    def handle_decl(self, decl: str) -> None:
        """Declarations are not part of Telegram's HTML."""
        raise self.fail("unsupported declaration")

    def handle_pi(self, data: str) -> None:
        """Processing instructions are not part of Telegram's HTML."""
        raise self.fail("unsupported processing instruction")

    def unknown_decl(self, data: str) -> None:
        """CDATA and the like are not part of Telegram's HTML."""
        raise self.fail("unsupported declaration")

    def _entity_for(self, tag: str, attrs: dict[str, str | None]) -> dict[str, Any] | None:
        if tag == "code" and self.state.stack and self.state.stack[-1].tag == "pre":
            css = attrs.get("class") or ""
            pre = self.state.stack[-1].entity
            if pre is not None and css.startswith("language-"):
                pre["language"] = css.removeprefix("language-")
            return None
        if tag in _SIMPLE:
            return {"type": _SIMPLE[tag]}
        if tag == "span":
            if attrs.get("class") != "tg-spoiler":
                raise self.fail('tag "span" must have class "tg-spoiler"')
            return {"type": "spoiler"}
        if tag == "blockquote":
            return {"type": "expandable_blockquote" if "expandable" in attrs else "blockquote"}
        if tag == "tg-emoji":
            if not attrs.get("emoji-id"):
                raise self.fail('tag "tg-emoji" must have attribute "emoji-id"')
            return {"type": "custom_emoji", "custom_emoji_id": attrs["emoji-id"]}
        if tag == "a":
            return self._link_entity(attrs.get("href"))
        raise self.fail(f'unsupported start tag "{tag}"')

    def _link_entity(self, href: str | None) -> dict[str, Any] | None:
        if not href:
            return None
        if href.startswith(_MENTION_PREFIX):
            user_id = href.removeprefix(_MENTION_PREFIX)
            user = self._lookup_user(int(user_id)) if user_id.isdigit() else None
            return {"type": "text_mention", "user": user} if user else None
        return {"type": "text_link", "url": href}

    def finish(self) -> tuple[str, list[dict[str, Any]]]:
        """Flush the tokenizer and check that every tag was closed."""
        self.close()
        if self.state.stack:
            tag = self.state.stack[-1].tag
            raise self.fail(f'can\'t find end tag corresponding to start tag "{tag}"')
        return "".join(self.state.parts), sort_entities(self.state.entities)


def parse_html(source: str, lookup_user: UserLookup) -> tuple[str, list[dict[str, Any]]]:
    """Return the plain text and the entities Telegram derives from ``source``."""
    parser = _TelegramHTML(source, lookup_user)
    parser.feed(source)
    return parser.finish()
