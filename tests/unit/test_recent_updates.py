"""The in-memory guard against an update served twice when polling."""

from __future__ import annotations

from bot.updates import RecentUpdates


def test_an_id_passes_once_while_it_is_among_the_last_kept() -> None:
    recent = RecentUpdates(keep=3)
    assert [recent.first_time(i) for i in (7, 8, 7, 9, 8)] == [True, True, False, True, False]
    assert recent.first_time(10)  # 7 is now the oldest of four: forgotten
    assert recent.first_time(7)
    assert not recent.first_time(10)


def test_an_id_below_the_last_one_still_passes() -> None:
    # After a week without updates Telegram picks the next id at random, maybe a lower one.
    recent = RecentUpdates()
    assert recent.first_time(500_000)
    assert recent.first_time(12)
