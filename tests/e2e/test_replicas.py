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
from handlers.reminders import deliver, deliver_due
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
    # Every "1 day before" and "morning of" is due (on Friday 8/7 for those falling on the
    # weekend), and the overdue notices of the next working mornings.
    harness.clock.set(at(14, 7))
    async with Bot(harness.sandbox.bot_token, base_url=f"{harness.sandbox.root_url}/bot") as bot:
        sent = await asyncio.gather(
            deliver_due(harness.application.bot, harness.application.services),
            deliver_due(bot, other),
        )
    # Each task: the day before, the morning of the day, the overdue notice the next working
    # morning (the task due Sunday 10/7 has its first two on Friday, as one); each row sent once.
    assert sum(sent) == 3 * (4 * 3 - 1) + 3  # and each group's Monday digest
    for group in groups:
        items = Counter(
            line.split(" ")[0]
            for m in group.bot_messages()
            if m["text"].startswith(("⏰", "📋"))
            for line in m["text"].splitlines()
            if line.startswith("#")
        )
        # None lost, none twice. The digest (Monday 09:00) carries the reminders of its minute
        # (#1 to #3), whichever sender took them, and lists the week's other task: #4 (due
        # 13/7), named once more.
        assert items == {"#1": 2, "#2": 3, "#3": 3, "#4": 4}


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


async def test_a_task_whose_reminder_another_sender_took_is_not_named_in_the_digest_too(
    harness: Harness, group: Group
) -> None:
    secretary = harness.users["secretary"]
    await group.say(secretary, "/viec @lan: in tài liệu thứ Hai tuần sau")  # reminded Monday 09:00
    await group.say(secretary, "/viec @lan: đặt phòng thứ Tư tuần sau")  # the week's, in the digest
    await harness.at(at(10, 7, 20))  # the day before #1
    seen = len(group.bot_messages())
    other = replica(harness)
    harness.clock.set(at(11, 7))
    # The other sender takes the Monday digest alone (its claim limit reached: the same happens
    # to one sender whose batch ends there); this one takes #1's reminder of that minute.
    [digest] = await other.reminders.claim(limit=1)
    assert digest.digest
    assert await harness.remind() == 1
    async with Bot(harness.sandbox.bot_token, base_url=f"{harness.sandbox.root_url}/bot") as bot:
        await deliver(bot, other, digest)
    texts = [m["text"] for m in group.bot_messages()[seen:]]
    assert len(texts) == 2
    assert sum(f"#{n} " in text for text in texts for n in (1, 2)) == 2  # each task once
