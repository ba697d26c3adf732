"""What a hostile or careless user can make Telegram deliver: texts from every Unicode plane,
invisible and right-to-left characters, HTML and Markdown look-alikes, up to 4096 characters,
formatting entities anywhere, and callback data of up to 64 bytes."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import strategies as st

JSON = dict[str, Any]
MAX_TEXT = 4096  # what Telegram delivers in one message
MAX_DATA = 64  # bytes of callback data

ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
RIGHT_TO_LEFT = ["\u200f", "\u202e", "\u2067", "\u061c", "مرحبا", "שלום", "\u202a\u202c"]
HTML_LIKE = [
    "<b>", "</b>", "<i>x</i>", "&amp;", "&lt;", "&", "<", ">", '<a href="tg://user?id=1">',
    "</a>", "<script>", "<br/>", "&#0;", "&#x1F600;", "<tg-spoiler>", '"', "'", "<!--", "&nbsp;",
]  # fmt: skip
MARKDOWN_LIKE = ["*đậm*", "_nghiêng_", "`mã`", "```", "[liên kết](http://example.com)", "~~",
                 "||ẩn||", "\\", "__", "> trích"]  # fmt: skip
WORDS = [
    "@lan", "@thuky", "@nguoila", "@khongco_ai", "Lan", "Hội A", "HA", "tất cả", "all", ":",
    ",", "|", ";", "1", "2", "3", "99999999999", "-1", "0", "١", "thứ 6", "31/7", "ngày mai",
    "tomorrow", "cuối tháng", "9h", "17:30", "http://example.com/a:b", "#tag", "\n", " ", "en",
    "vi", "them", "add", "xoa", "remove", "on", "off", "tat", "bat", "7", "Asia/Ho_Chi_Minh",
    "😀", "𝔘𝔫𝔦", "𠀀", "👨‍👩‍👧", "e\u0301", "ǅ", "Ⅻ", "٣", "\t",
]  # fmt: skip
FRAGMENTS = ZERO_WIDTH + RIGHT_TO_LEFT + HTML_LIKE + MARKDOWN_LIKE + WORDS
# Every plane, no surrogates (they cannot travel as UTF-8) and no control characters (Telegram's
# servers remove them; line breaks and tabs come from FRAGMENTS).
ANY_CHARACTER = st.characters(exclude_categories=("Cs", "Cc"))
FORMATS = ("bold", "italic", "underline", "strikethrough", "spoiler", "code", "pre",
           "text_link", "text_mention", "blockquote")  # fmt: skip


def _long(unit: str, times: int) -> str:
    return (unit * times)[:MAX_TEXT]


fragment = st.one_of(st.sampled_from(FRAGMENTS), st.text(ANY_CHARACTER, min_size=1, max_size=20))
argument = st.one_of(
    st.builds(
        lambda parts, sep: sep.join(parts),
        st.lists(fragment, max_size=10),
        st.sampled_from([" ", "", "\n", ", "]),
    ),
    st.builds(_long, fragment, st.integers(50, MAX_TEXT)),
)
# What may come between the command and its argument, or after the command itself.
suffix = st.sampled_from(["", "@followup_sandbox_bot", "@FOLLOWUP_SANDBOX_BOT", "@other_bot"])
separator = st.sampled_from([" ", "\n", "", "  ", "\u200b", ":"])


def command_text(command: str, after: str, sep: str, arg: str) -> str:
    """``/command@bot<sep>argument``, cut to what Telegram delivers."""
    return f"/{command}{after}{sep}{arg}"[:MAX_TEXT]


def utf16_offset(text: str, index: int) -> int:
    """The UTF-16 offset of code point ``index`` (entities never split a character)."""
    return len(text[:index].encode("utf-16-le")) // 2


@st.composite
def formatting(draw: st.DrawFn, text: str, mention_id: int) -> list[JSON]:
    """Up to three formatting entities over whole characters of ``text``, anywhere."""
    entities: list[JSON] = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        kind = draw(st.sampled_from(FORMATS))
        offset = utf16_offset(text, start)
        entity: JSON = {"type": kind, "offset": offset}
        entity["length"] = utf16_offset(text, end) - offset
        if kind == "text_link":
            entity["url"] = draw(st.sampled_from(["http://example.com", "tg://user?id=1"]))
        elif kind == "text_mention":
            entity["user"] = {"id": mention_id}
        entities.append(entity)
    return entities


def _fits(data: str) -> bool:
    return 1 <= len(data.encode()) <= MAX_DATA


@st.composite
def _cut(draw: st.DrawFn, valid: st.SearchStrategy[str]) -> str:
    """A valid datum cut anywhere, with anything after the cut (``done:`` + junk...)."""
    datum = draw(valid)
    tail = draw(st.one_of(st.sampled_from(WORDS), st.text(ANY_CHARACTER, max_size=40)))
    return datum[: draw(st.integers(0, len(datum)))] + tail


def callback_data(patterns: list[re.Pattern[str]]) -> st.SearchStrategy[str]:
    """Data a button could carry: matching a handler's pattern, a matching datum cut and
    followed by anything, or anything at all; always 1 to 64 bytes, as Telegram carries it."""
    valid = st.one_of(*(st.from_regex(p, fullmatch=True) for p in patterns))
    return st.one_of(valid, _cut(valid), st.text(ANY_CHARACTER, min_size=1, max_size=64)).filter(
        _fits
    )


@st.composite
def command_message(
    draw: st.DrawFn, commands: list[str], mention_id: int
) -> tuple[str, list[JSON]]:
    """``/command`` of ``commands`` with anything after it, and formatting entities over it."""
    text = command_text(
        draw(st.sampled_from(commands)), draw(suffix), draw(separator), draw(argument)
    )
    return text, draw(formatting(text, mention_id))
