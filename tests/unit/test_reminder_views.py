"""What reminder messages leave room for."""

from __future__ import annotations

import pytest

from bot.i18n import Catalogs
from handlers.reminder_views import NOTE_ROOM


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_topic_gone_note_fits_under_a_full_reminder(language: str) -> None:
    note = Catalogs("vi").get(language)("reminder.topic_gone")
    assert len("\n\n" + note) <= NOTE_ROOM
