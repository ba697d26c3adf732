"""The catalogs: every key in both languages, every sentence renders with its variables."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from babel.messages.pofile import read_po

from bot.deadlines import parse_deadline, reading_order
from bot.i18n import LANGUAGES, LOCALES, Catalogs

_VARIABLE = re.compile(r"\{(\w+)\}")


def catalog_keys(language: str) -> dict[str, list[str]]:
    """Each key of a catalog with the texts of its translations."""
    with (LOCALES / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po)
    out: dict[str, list[str]] = {}
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        out[key] = list(texts)
    return out


def test_every_key_exists_in_every_language_with_the_same_variables() -> None:
    keys = {lang: catalog_keys(lang) for lang in LANGUAGES}
    assert set(keys["vi"]) == set(keys["en"])
    for key in keys["vi"]:
        variables = {
            lang: {v for t in keys[lang][key] for v in _VARIABLE.findall(t)} for lang in LANGUAGES
        }
        assert variables["vi"] == variables["en"], key
        assert all(text.strip() for lang in LANGUAGES for text in keys[lang][key]), key


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_sentence_renders(language: str) -> None:
    t = Catalogs("vi").get(language)
    for key, texts in catalog_keys(language).items():
        names = {v for text in texts for v in _VARIABLE.findall(text)}
        rendered = t(key, **dict.fromkeys(names, "X"))
        assert rendered != key
        assert "{" not in rendered


def test_plurals_follow_each_language() -> None:
    catalogs = Catalogs("vi")
    assert catalogs.get("en").plural("tasks.header.open", 1) == "<b>1 open task</b>"
    assert catalogs.get("en").plural("tasks.header.open", 2) == "<b>2 open tasks</b>"
    assert catalogs.get("vi").plural("tasks.header.open", 2) == "<b>2 việc đang mở</b>"


def test_dates_and_deadlines_are_shown_as_people_read_them() -> None:
    catalogs = Catalogs("vi")
    vi, en = catalogs.get("vi"), catalogs.get("en")
    assert vi.date(date(2022, 7, 31)) == "Chủ Nhật, 31/07/2022"
    assert en.date(date(2022, 7, 31)) == "Sun 31 Jul 2022"
    friday_5pm = datetime(2022, 7, 8, 10, 0, tzinfo=UTC)  # 17:00 in Vietnam
    assert vi.due(friday_5pm, "time", "Asia/Ho_Chi_Minh") == "Thứ Sáu, 08/07/2022 17:00"
    assert en.due(friday_5pm, "day", "Asia/Ho_Chi_Minh") == "Fri 8 Jul 2022"


def test_unknown_language_falls_back_to_the_default() -> None:
    assert Catalogs("en").get("fr").language == "en"
    assert Catalogs("vi").get(None).language == "vi"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("instant", "precision"),
    [
        (datetime(2027, 3, 3, 17, 0, tzinfo=UTC), "day"),  # 4 March: read 4/3 month first?
        (datetime(2027, 6, 30, 16, 59, 59, tzinfo=UTC), "period"),
        (datetime(2026, 12, 10, 10, 0, tzinfo=UTC), "time"),
    ],
)
def test_a_typed_deadline_reads_back_as_itself(
    language: str, instant: datetime, precision: str
) -> None:
    # What the warning of an ambiguous deadline tells to send, "/deadline 3 4 March 2027", sets
    # that deadline without a question in a chat of its language.
    zone = "Asia/Ho_Chi_Minh"
    t = Catalogs("vi").get(language)
    now = datetime(2026, 12, 7, 7, 48, tzinfo=UTC)
    typed = t.typed_due(instant, precision, zone)
    read = parse_deadline(typed, now=now, tz=zone, languages=reading_order(language))
    assert read.deadline is not None, typed
    local = instant.astimezone(ZoneInfo(zone))
    said = (read.deadline.local_date, read.deadline.local_time, read.confirm_reasons, read.title)
    clock = local.time() if precision == "time" else None
    assert said == (local.date(), clock, (), ""), typed
