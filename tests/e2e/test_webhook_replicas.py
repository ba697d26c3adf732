"""Two webhook replicas behind a load balancer, sharing one PostgreSQL: every update handled
once (even those Telegram delivers twice, each time to a different replica), every reminder
sent once."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

import aiohttp
import pytest
from aiohttp import web
from sqlalchemy import func, select
from telegram import Bot

from bot.clock import FakeClock
from bot.sandbox import SECRET_HEADER, Sandbox
from handlers.reminders import deliver_due
from storage import UnitOfWork
from storage.models import ProcessedUpdateRow, TaskRow
from tests.e2e.test_reminders import at
from tests.e2e.webhook import SECRET, Replica, metrics, replica, value

GROUPS, TASKS, LOST = 4, 5, 6


@asynccontextmanager
async def load_balancer(replicas: list[Replica]) -> AsyncIterator[str]:
    """Forwards each update to one replica (by update id), and a repeat delivery to the next."""
    seen: Counter[int] = Counter()
    http = aiohttp.ClientSession()

    async def forward(request: web.Request) -> web.Response:
        body = await request.read()
        update_id = int((await request.json())["update_id"])
        target = replicas[(update_id + seen[update_id]) % len(replicas)]
        seen[update_id] += 1
        headers = {k: v for k, v in request.headers.items() if k in (SECRET_HEADER, "Content-Type")}
        async with http.post(target.webhook, data=body, headers=headers) as answer:
            return web.Response(status=answer.status)

    app = web.Application()
    app.router.add_post("/telegram", forward)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}/telegram"
    finally:
        await runner.cleanup()
        await http.close()


@pytest.mark.parametrize(
    "database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
async def test_two_replicas_handle_each_update_and_send_each_reminder_once(
    database_url: str, clock: FakeClock
) -> None:
    sandbox = Sandbox(clock=clock)
    await sandbox.start()
    async with AsyncExitStack() as stack:
        stack.push_async_callback(sandbox.stop)
        bots = [
            await stack.enter_async_context(replica(sandbox, database_url, clock)) for _ in "ab"
        ]
        lb = await stack.enter_async_context(load_balancer(bots))
        async with Bot(sandbox.bot_token, base_url=f"{sandbox.root_url}/bot") as api:
            await api.set_webhook(lb, secret_token=SECRET, max_connections=8)
        secretary = sandbox.add_user("Thư ký", username="thuky", language_code="vi")
        lan = sandbox.add_user("Lan", username="lan", language_code="vi")
        groups = [sandbox.add_group(f"Nhóm {g}", [lan], [secretary]) for g in range(GROUPS)]
        # Weekends are worked: the reminders counted below stay on the days the plan gives them
        # (a Sunday's would move to Friday: tests/e2e/test_days_off.py).
        for group in groups:
            await sandbox.send_message(group["id"], secretary["id"], "/caidat weekend tắt")
            await sandbox.wait_for_bot_messages(group["id"], 1, timeout=30)
        settings = len(groups)  # updates before the tasks'
        sandbox.lose_webhook_answers(LOST)  # these updates reach both replicas
        for i in range(TASKS):  # the messages come in together, not one answer at a time
            for group in groups:
                text = f"/viec @lan: việc {i} ngày {10 + i}/7"
                await sandbox.send_message(group["id"], secretary["id"], text)
        for group in groups:
            answers = await sandbox.wait_for_bot_messages(group["id"], TASKS, timeout=30)
            assert all(a["text"].startswith("📌 Đã ghi việc #") for a in answers)
        for bot in bots:
            async with asyncio.timeout(10):
                await bot.application.update_queue.join()

        deliveries = sandbox.webhook_deliveries
        assert len(deliveries) == settings + GROUPS * TASKS + LOST
        twice = [i for i, n in Counter(d.update_id for d in deliveries).items() if n == 2]
        assert len(twice) == LOST
        for group in groups:  # one answer per update, one task per answer
            answers = [
                m
                for m in sandbox.transcript(group["id"])
                if m["from"]["is_bot"] and m["text"].startswith("📌")
            ]
            numbers = sorted(int(m["text"].split("#")[1].split()[0]) for m in answers)
            assert numbers == list(range(1, TASKS + 1))
        async with UnitOfWork(bots[0].database) as uow:
            tasks = await uow.session.scalar(select(func.count()).select_from(TaskRow))
            ids = await uow.session.scalar(select(func.count()).select_from(ProcessedUpdateRow))
        assert (tasks, ids) == (GROUPS * TASKS, settings + GROUPS * TASKS)
        scraped = [await metrics(bot.root) for bot in bots]
        handled = [value(s, "followup_updates_total", command="task") for s in scraped]
        skipped = [value(s, "followup_updates_duplicate_total") for s in scraped]
        assert sum(handled) == GROUPS * TASKS
        assert all(n > 0 for n in handled)  # the work was spread
        assert sum(skipped) == LOST

        # First Monday's digest hour, then the last task's first overdue notice: in one jump to
        # 15/7 the digest, sent four days late, would pass over the tasks whose own reminders
        # the other replica had just sent (``DIGEST_NEAR``), or not, as the race went.
        sent = []
        for day in (11, 15):
            clock.set(at(day, 7))
            sent += await asyncio.gather(
                *(deliver_due(bot.application.bot, bot.application.services) for bot in bots)
            )
        for group in groups:
            # By title: two replicas may number a group's tasks in another order than sent.
            reminded = Counter(
                " ".join(line.split(" ")[1:3])
                for m in sandbox.transcript(group["id"])
                if m["text"].startswith(("⏰", "📋"))
                for line in m["text"].splitlines()
                if line.startswith("#")
            )
            # Each task: the day before, the morning of the day, the first overdue notice; the
            # Monday digest (at the morning hour) carries the reminders of its minute (those
            # due 10/7 to 12/7), whichever replica took them, and lists the week's other tasks
            # (due 13/7 and 14/7), named once more. Each row is sent once: the metrics below
            # count them.
            expected = {"việc 0": 3, "việc 1": 3, "việc 2": 3, "việc 3": 4, "việc 4": 4}
            assert reminded == expected, reminded
        scraped = [await metrics(bot.root) for bot in bots]
        rows = sum(value(s, "followup_reminders_sent_total") for s in scraped)
        assert rows == sum(sent)
