"""Several senders on one database: every reminder delivered once; a crashed sender's claims are
taken over when their lease runs out."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

from telegram import Bot

from bot.app import build_services
from bot.context import Services
from bot.settings import Settings
from handlers.reminders import deliver_due
from tests.e2e.conftest import Group, Harness
from tests.e2e.test_reminders import at, reminders_in


def replica(harness: Harness) -> Services:
    """A second bot process's services: same database and clock, its own claim owner."""
    settings = Settings(_env_file=None, database_url=harness.database.url)  # type: ignore[call-arg]
    return build_services(settings, harness.database, harness.clock)


async def record_tasks(harness: Harness, groups: list[Group], per_group: int) -> None:
    for group in groups:
        for i in range(per_group):
            # Deadlines on different days: one reminder message each, at 09:00 of its own day.
            await group.say(harness.users["secretary"], f"/viec @lan: việc {i} ngày {10 + i}/7")


async def test_two_senders_deliver_each_reminder_once(harness: Harness) -> None:
    users = harness.users
    groups = [harness.group(f"Nhóm {g}", [users["lan"]], [users["secretary"]]) for g in range(3)]
    await record_tasks(harness, groups, per_group=4)
    other = replica(harness)
    harness.clock.set(at(14, 7))  # every "1 day before" (9/7..12/7) and "morning of" is due
    async with Bot(harness.sandbox.bot_token, base_url=f"{harness.sandbox.root_url}/bot") as bot:
        sent = await asyncio.gather(
            deliver_due(harness.application.bot, harness.application.services),
            deliver_due(bot, other),
        )
    # Each task: the day before, the morning of the day, the overdue notice the next morning;
    # each row sent once.
    assert sum(sent) == 3 * 4 * 3 + 3  # and each group's Monday digest
    for group in groups:
        items = Counter(
            line.split(" ")[0]
            for m in group.bot_messages()
            if m["text"].startswith(("⏰", "📋"))
            for line in m["text"].splitlines()
            if line.startswith("#")
        )
        # None lost. The digest (Monday 09:00) carries the reminders of its minute that the
        # same sender claimed, and lists the week's other tasks: #4 (due 13/7), and a task
        # whose reminder of that minute the other sender took.
        assert all(3 <= items[f"#{n}"] <= 4 for n in range(1, 5))


async def test_a_crashed_senders_claims_are_taken_over(harness: Harness, group: Group) -> None:
    await record_tasks(harness, [group], per_group=1)
    crashed = replica(harness)
    harness.clock.set(at(9, 7))
    claimed = await crashed.reminders.claim()  # it claims, then dies before sending
    assert [len(m.ids) for m in claimed] == [1]
    assert await harness.remind() == 0  # the lease protects the claim for a while
    harness.clock.advance(timedelta(seconds=61))
    assert await harness.remind() == 1  # a minute later, the survivor sends it
    assert len(reminders_in(group)) == 1
    # The crashed sender cannot send it again: its lease is gone.
    assert not await crashed.reminders.renew(claimed[0])
