"""What reminder messages leave room for."""

from __future__ import annotations

import pytest

from bot.i18n import Catalogs
from handlers.reminder_views import NOTE_ROOM, kept_in_message


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_topic_gone_note_fits_under_a_full_reminder(language: str) -> None:
    note = Catalogs("vi").get(language)("reminder.topic_gone")
    assert len("\n\n" + note) <= NOTE_ROOM


def test_keeping_drops_the_warnings_in_either_language_and_nothing_of_the_users_text() -> None:
    catalogs = Catalogs("vi")
    vi, en = catalogs.get("vi"), catalogs.get("en")
    warning_vi, warning_en = vi("deadline.confirm.past"), en("deadline.confirm.ambiguous")
    # A title that goes on over two lines, the second reading like a warning: it stays.
    text = f"📌 Task #1\n<b>x\n{warning_vi}</b>\n{warning_vi}\n{warning_en}"
    kept = kept_in_message(en, [vi, en], text, 1, "Thư ký <3")
    assert kept == (
        f"📌 Task #1\n<b>x\n{warning_vi}</b>\n"
        + en("deadline.kept_by", number=1, name="Thư ký &lt;3")
    )
    assert kept_in_message(en, [vi, en], kept, 1, "Thư ký <3") == kept
