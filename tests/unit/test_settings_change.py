"""What one ``/settings`` change does (pure): typed values set, buttons step, a new zone keeps
the local date of a day or period deadline and the instant of a timed one."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain import Chat, Due
from bot.errors import InvalidInput
from bot.settings_change import apply_setting, due_in_zone

CHAT = Chat(1, -100, "G", "Asia/Ho_Chi_Minh", "vi", True)
VN, TOKYO, NEW_YORK = (ZoneInfo(z) for z in ("Asia/Ho_Chi_Minh", "Asia/Tokyo", "America/New_York"))


def end_of_day(day: int, month: int, zone: ZoneInfo) -> datetime:
    return datetime(2022, month, day, 23, 59, 59, tzinfo=zone).astimezone(UTC)


@pytest.mark.parametrize(
    ("precision", "new", "expected"),
    [
        ("day", "Asia/Tokyo", end_of_day(15, 7, TOKYO)),
        ("period", "Asia/Tokyo", end_of_day(15, 7, TOKYO)),
        ("day", "America/New_York", end_of_day(15, 7, NEW_YORK)),  # west: later, same date
        ("time", "Asia/Tokyo", end_of_day(15, 7, VN)),
    ],
)
def test_due_in_zone(precision: str, new: str, expected: datetime) -> None:
    due = Due(end_of_day(15, 7, VN), precision, "15/7")
    assert due_in_zone(due, "Asia/Ho_Chi_Minh", new) == Due(expected, precision, "15/7")


def test_due_in_zone_follows_daylight_saving_of_the_date() -> None:
    winter = Due(datetime(2022, 12, 31, 23, 59, 59, tzinfo=VN).astimezone(UTC), "period", "H2")
    moved = due_in_zone(winter, "Asia/Ho_Chi_Minh", "America/New_York")
    assert moved.utc == datetime(2023, 1, 1, 4, 59, 59, tzinfo=UTC)  # EST, not EDT
    # And in summer EDT: one offset for every date (today's, say) fails one of the two.
    summer = Due(datetime(2022, 7, 31, 23, 59, 59, tzinfo=VN).astimezone(UTC), "period", "July")
    moved = due_in_zone(summer, "Asia/Ho_Chi_Minh", "America/New_York")
    assert moved.utc == datetime(2022, 8, 1, 3, 59, 59, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "value", "field", "expected"),
    [
        ("digest", "off", "digest_enabled", False),
        ("digest", "tắt", "digest_enabled", False),
        ("digest", "on", "digest_enabled", True),
        ("digest", "", "digest_enabled", False),  # the button turns it around
        ("quiet", "23-6", "quiet_start", 23),
        ("quiet", "22h - 5h", "quiet_end", 5),
        ("quiet", "off", "quiet_start", 0),
        ("quiet", "", "quiet_start", 22),  # the button: the next preset after 21-7
        ("morning", "8", "morning_hour", 8),
        ("morning", "+1", "morning_hour", 10),
        ("weekend", "tắt", "weekends_off", False),  # reminders on Saturday and Sunday too
        ("weekend", "on", "weekends_off", True),
        ("weekend", "", "weekends_off", False),  # the button turns it around
        ("holidays", "th", "holiday_country", "TH"),
        ("holidays", "VNM", "holiday_country", "VN"),
        ("holidays", "NO", "holiday_country", "NO"),  # Norway, not "no"
        ("holidays", "tắt", "holiday_country", None),
        ("holidays", "", "holiday_country", None),  # the button: off, then Vietnam's
    ],
)
def test_typed_values_are_set_and_buttons_step(
    name: str, value: str, field: str, expected: object
) -> None:
    assert getattr(apply_setting(CHAT, name, value), field) == expected


def test_the_holidays_button_turns_on_the_operators_country() -> None:
    off = apply_setting(CHAT, "holidays", "off")
    assert apply_setting(off, "holidays", "").holiday_country == "VN"
    assert apply_setting(off, "holidays", "", "TH").holiday_country == "TH"
    assert apply_setting(off, "holidays", "", None).holiday_country == "VN"


@pytest.mark.parametrize(
    ("name", "value", "key"),
    [
        ("quiet", "25-6", "settings.quiet_usage"),
        ("quiet", "7-7", "settings.quiet_usage"),
        ("quiet", "soon", "settings.quiet_usage"),
        ("digest", "maybe", "settings.digest_usage"),
        ("morning", "24", "settings.morning_usage"),
        ("weekend", "sometimes", "settings.weekend_usage"),
        ("holidays", "Mars", "settings.holidays_usage"),
        ("holidays", "Việt Nam", "settings.holidays_usage"),
        ("colour", "blue", "settings.usage"),
    ],
)
def test_values_not_understood_are_refused_with_their_usage(
    name: str, value: str, key: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        apply_setting(CHAT, name, value)
    assert refused.value.key == key
