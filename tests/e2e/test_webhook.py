"""Webhook mode end to end: the sandbox posts updates to the bot's web server, which checks the
secret, handles each update once, and serves /healthz and /metrics."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from telegram import Bot

from bot.app import build_application, build_services
from bot.clock import FakeClock
from bot.reminders.timer import SWEEP_JOB
from bot.sandbox import SECRET_HEADER, Sandbox
from bot.settings import Settings
from bot.updates import UpdateLedger
from bot.web.health import database_check
from bot.web.server import serving
from storage import Database, UnitOfWork
from storage.models import ProcessedUpdateRow, TaskRow
from tests.e2e.conftest import Group, Harness
from tests.e2e.test_reminders import at, reminders_in
from tests.e2e.webhook import SECRET, Replica, get, metrics, post, replica, value


@pytest.fixture
async def hooked(database_url: str, clock: FakeClock) -> AsyncIterator[tuple[Harness, Replica]]:
    """A bot in webhook mode, registered with the sandbox, and the usual three users."""
    sandbox = Sandbox(clock=clock)
    await sandbox.start()
    try:
        async with replica(sandbox, database_url, clock) as bot:
            async with Bot(sandbox.bot_token, base_url=f"{sandbox.root_url}/bot") as api:
                await api.set_webhook(bot.webhook, secret_token=SECRET)
            harness = Harness(sandbox, bot.database, clock, bot.application)
            harness.users = {
                "secretary": sandbox.add_user("Thư ký", username="thuky", language_code="vi"),
                "lan": sandbox.add_user("Lan", username="lan", language_code="vi"),
            }
            yield harness, bot
    finally:
        await sandbox.stop()


def bloc(harness: Harness) -> Group:
    users = harness.users
    return harness.group("Khối thi đua số 1", [users["lan"]], [users["secretary"]])


async def test_updates_arrive_by_webhook_and_health_and_metrics_say_so(
    hooked: tuple[Harness, Replica],
) -> None:
    harness, bot = hooked
    group = bloc(harness)
    answer = await group.say(harness.users["secretary"], "/viec @lan: gửi báo cáo ngày 10/7")
    assert answer.startswith("📌 Đã ghi việc #1")
    await group.say(harness.users["lan"], "/ds")
    status, body = await get(f"{bot.root}/healthz")
    report = json.loads(body)
    assert status == 200, report
    assert report["status"] == "ok"
    assert report["database"] == {"ok": True}
    assert report["scheduler"] == {"ok": True, "running": True, "reminder_sweep": True}
    assert report["telegram"]["ok"] is True
    assert report["telegram"]["last_call"]["method"] == "sendMessage"
    samples = await metrics(bot.root)
    assert value(samples, "followup_updates_total", command="task") == 1
    assert value(samples, "followup_updates_total", command="tasks") == 1  # typed as /ds
    assert value(samples, "followup_update_handling_seconds_count", command="task") == 1
    assert value(samples, "followup_reminders_planned_total") >= 3  # the plan and the digest
    assert value(samples, "followup_telegram_requests_total", result="ok") >= 2
    assert value(samples, "followup_updates_duplicate_total") == 0
    assert value(samples, "followup_update_queue_size") == 0


async def test_a_request_without_the_right_secret_is_refused(
    hooked: tuple[Harness, Replica],
) -> None:
    harness, bot = hooked
    group = bloc(harness)
    message = await harness.sandbox.send_message(group.id, harness.users["lan"]["id"], "/ds")
    await harness.sandbox.wait_for_bot_messages(group.id)
    forged = {"update_id": 9999, "message": message}
    assert await post(bot.webhook, forged) == 403
    assert await post(bot.webhook, forged, {SECRET_HEADER: "wrong"}) == 403
    assert await post(bot.webhook, forged, {SECRET_HEADER: SECRET[:-1]}) == 403
    assert await post(bot.webhook, [1, 2], {SECRET_HEADER: SECRET}) == 400
    samples = await metrics(bot.root)
    assert value(samples, "followup_updates_total", command="tasks") == 1  # only the real one
    assert len(group.bot_messages()) == 1


async def test_an_update_delivered_twice_is_handled_once(hooked: tuple[Harness, Replica]) -> None:
    harness, bot = hooked
    group = bloc(harness)
    harness.sandbox.lose_webhook_answers(1)  # Telegram never saw the 200: it posts again
    await group.say(harness.users["secretary"], "/viec @lan: gửi báo cáo ngày 10/7")
    first, second = await harness.sandbox.wait_for_webhook_deliveries(2)
    assert first.update_id == second.update_id
    assert (first.status, second.status) == (200, 200)
    async with asyncio.timeout(5):
        await bot.application.update_queue.join()  # both deliveries went through the bot
    assert value(await metrics(bot.root), "followup_updates_duplicate_total") == 1
    assert len(group.bot_messages()) == 1
    async with UnitOfWork(harness.database) as uow:
        tasks = await uow.session.scalar(select(func.count()).select_from(TaskRow))
        ids = await uow.session.scalar(select(func.count()).select_from(ProcessedUpdateRow))
    assert (tasks, ids) == (1, 1)


async def test_a_message_of_several_commands_delivered_twice_is_handled_once(
    hooked: tuple[Harness, Replica],
) -> None:
    harness, bot = hooked
    group = bloc(harness)
    harness.sandbox.lose_webhook_answers(1)
    notes = "/viec @lan: gửi báo cáo ngày 10/7\n/viec @lan: gửi ảnh ngày 11/7"
    await group.say_all(harness.users["secretary"], notes, count=2)
    first, second = await harness.sandbox.wait_for_webhook_deliveries(2)
    assert first.update_id == second.update_id
    async with asyncio.timeout(5):
        await bot.application.update_queue.join()
    assert value(await metrics(bot.root), "followup_updates_duplicate_total") == 1
    assert len(group.bot_messages()) == 2  # one answer a line, once
    async with UnitOfWork(harness.database) as uow:
        tasks = await uow.session.scalar(select(func.count()).select_from(TaskRow))
    assert tasks == 2


async def test_health_turns_503_when_a_check_fails(hooked: tuple[Harness, Replica]) -> None:
    harness, bot = hooked
    harness.sandbox.inject_fault("getMe", "500", times=4)  # the request layer tries four times
    with pytest.raises(Exception, match="Internal Server Error"):
        await bot.application.bot.get_me()
    status, body = await get(f"{bot.root}/healthz")
    report = json.loads(body)
    assert status == 503
    assert report["status"] == "unhealthy"
    assert report["telegram"]["last_call"] == {
        "method": "getMe",
        "at": harness.clock.now().isoformat(),
        "ok": False,
        "error": "HTTP 500",
    }
    await bot.application.bot.get_me()  # Telegram answers again
    assert (await get(f"{bot.root}/healthz"))[0] == 200
    assert bot.application.job_queue is not None
    [sweep] = bot.application.job_queue.get_jobs_by_name(SWEEP_JOB)
    sweep.schedule_removal()
    status, body = await get(f"{bot.root}/healthz")
    assert status == 503
    assert json.loads(body)["scheduler"] == {"ok": False, "running": True, "reminder_sweep": False}


async def test_an_unreachable_database_is_reported() -> None:
    nowhere = Database("postgresql+asyncpg://postgres@127.0.0.1:1/followup")
    try:
        report = await database_check(nowhere)
    finally:
        await nowhere.dispose()
    assert report["ok"] is False
    assert report["error"]


async def test_reminder_metrics_count_sent_late_failed_and_429s(
    hooked: tuple[Harness, Replica],
) -> None:
    harness, bot = hooked
    group = bloc(harness)
    await group.say(harness.users["secretary"], "/caidat weekend tắt")  # Saturday is worked
    await group.say(harness.users["secretary"], "/viec @lan: gửi báo cáo ngày 10/7")
    harness.sandbox.inject_fault("sendMessage", "429", retry_after=5)
    assert await harness.at(at(9, 7)) == 1  # the day before: refused with a 429, kept
    assert reminders_in(group) == []
    assert await harness.at(at(9, 7, 9, 10)) == 1  # sent ten minutes after its time: late
    assert len(reminders_in(group)) == 1
    samples = await metrics(bot.root)
    assert value(samples, "followup_telegram_429_total") == 1
    assert value(samples, "followup_reminders_failed_total", reason="retry") == 1
    assert value(samples, "followup_reminders_sent_total") == 1
    assert value(samples, "followup_reminders_late_total") == 1
    harness.clock.set(at(10, 7, 8, 0))  # the morning-of reminder is due at 09:00
    assert value(await metrics(bot.root), "followup_reminders_due") == 0
    harness.clock.advance(timedelta(hours=2))
    assert value(await metrics(bot.root), "followup_reminders_due") == 1
    await harness.remind()
    assert value(await metrics(bot.root), "followup_reminders_late_total") == 2  # an hour late


async def test_polling_mode_serves_health_and_metrics_only(
    database_url: str, clock: FakeClock
) -> None:
    sandbox = Sandbox(clock=clock)
    await sandbox.start()
    settings = Settings(
        _env_file=None,
        telegram_api_base_url=sandbox.root_url,
        database_url=database_url,  # type: ignore[call-arg]
    )
    database = Database(database_url)
    await database.upgrade()
    application = build_application(
        settings, build_services(settings, database, clock), token=sandbox.bot_token
    )
    try:
        async with serving(application, settings, port=0) as root:
            assert (await get(f"{root}/healthz"))[0] == 200
            assert "followup_updates_total" in (await get(f"{root}/metrics"))[1]
            assert await post(f"{root}/telegram", {}) == 404
            await sandbox.wait_for_calls("getUpdates")
    finally:
        await sandbox.stop()
        await database.dispose()


async def test_handled_update_ids_are_forgotten_after_a_day(
    database: Database, clock: FakeClock
) -> None:
    ledger = UpdateLedger(database, clock)
    assert await ledger.first_time(1)
    assert not await ledger.first_time(1)
    clock.advance(timedelta(hours=23))
    assert await ledger.first_time(2)
    clock.advance(timedelta(hours=2))
    assert await ledger.prune() == 1  # update 1, recorded 25 hours ago
    assert not await ledger.first_time(2)
    assert await ledger.first_time(1)
