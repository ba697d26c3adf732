"""``followup check`` against the sandbox and a real database: what it finds, what it advises."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text
from telegram import Bot

from bot.cli import main
from bot.clock import FakeClock
from bot.domain import ChatRef
from bot.ops.check import run_check
from bot.sandbox import Sandbox
from bot.settings import Settings
from storage import Database, UnitOfWork
from storage.database import alembic_config
from tests.e2e.conftest import Group, Harness


def settings_for(sandbox: Sandbox, database_url: str, token: str | None = None) -> Settings:
    return Settings(
        _env_file=None,
        telegram_api_base_url=sandbox.root_url,
        database_url=database_url,  # type: ignore[call-arg]
        telegram_bot_token=token or sandbox.bot_token,
    )


async def check(settings: Settings) -> tuple[int, str]:
    out = io.StringIO()
    code = await run_check(settings, out)
    return code, " ".join(out.getvalue().split())  # one line: wrapping does not matter


async def recorded(harness: Harness, title: str, *, is_forum: bool = False) -> Group:
    """A group the bot has seen (the secretary listed its tasks there)."""
    users = harness.users
    chat = harness.sandbox.add_group(
        title, members=[users["lan"]], admins=[users["secretary"]], is_forum=is_forum
    )
    group = Group(harness, chat)
    await group.say(users["secretary"], "/ds")
    return group


async def test_all_is_well_with_the_bot_member_or_admin(
    harness: Harness, database_url: str
) -> None:
    member = await recorded(harness, "Khối thi đua số 1")
    admin = await recorded(harness, "Ban chấp hành")
    await harness.sandbox.set_member_status(
        admin.id, harness.sandbox.bot, "administrator", can_pin_messages=False
    )
    forum = await recorded(harness, "Diễn đàn", is_forum=True)
    code, out = await check(settings_for(harness.sandbox, database_url))
    assert code == 0, out
    assert "the database answers" in out
    assert "the schema is up to date, at revision 0016" in out
    assert "the bot is @followup_sandbox_bot (Follow-up Sandbox" in out
    assert "privacy mode is on" in out
    assert "the database knows 3 active group(s) and 0 private chat(s)" in out
    assert (
        f"ok «Khối thi đua số 1» ({member.id}): the bot is a member, not an administrator; it "
        "can post its answers and reminders and pin messages. That is all it needs." in out
    )
    assert (
        f"ok «Ban chấp hành» ({admin.id}): the bot is an administrator; it can post its answers "
        "and reminders; it cannot pin messages (nothing it does needs that), and it sees every "
        "message" in out
    )
    assert f"«Diễn đàn» ({forum.id}) is a forum: the bot answers in the topic" in out
    assert out.endswith("All is well.")


async def test_rights_problems_are_explained(harness: Harness, database_url: str) -> None:
    sandbox, bot = harness.sandbox, harness.sandbox.bot
    restricted = await recorded(harness, "Bị hạn chế")
    await sandbox.set_member_status(restricted.id, bot, "restricted", can_send_messages=False)
    kicked = await recorded(harness, "Đã xoá bot")
    await sandbox.set_member_status(kicked.id, bot, "kicked")
    muted = await recorded(harness, "Chỉ quản trị viên")
    sandbox.set_chat_permissions(muted.id, can_send_messages=False, can_pin_messages=False)
    async with UnitOfWork(harness.database) as uow:  # a group deleted since
        ref = ChatRef(-1009999, "supergroup", "Nhóm cũ")
        await uow.chats.upsert(
            ref, timezone="Asia/Ho_Chi_Minh", language="vi", now=harness.clock.now()
        )
        await uow.commit()
    code, out = await check(settings_for(sandbox, database_url))
    assert code == 1, out
    assert (
        f"!! «Bị hạn chế» ({restricted.id}): the bot is restricted and may not send messages, so "
        "its answers and reminders cannot be posted. → Lift the restriction" in out
    )
    assert (
        f"!! «Đã xoá bot» ({kicked.id}): the bot is no longer in the group (bot was kicked from "
        "the supergroup chat); reminders cannot reach it. → If the group still uses the bot, "
        "add it back." in out
    )
    assert (
        f"!! «Chỉ quản trị viên» ({muted.id}): members may not send messages there and the bot "
        "is not an administrator" in out
    )
    assert "→ Make the bot an administrator of the group, or let members send messages" in out
    assert "-- «Nhóm cũ» (-1009999): Telegram does not know this chat any more" in out
    assert out.endswith("3 thing(s) need attention (marked !!).")


async def test_a_migrated_group_is_a_note(harness: Harness, database_url: str) -> None:
    users = harness.users
    chat = harness.sandbox.add_group("Nhóm thường", [users["lan"]], [users["secretary"]], "group")
    await Group(harness, chat).say(users["secretary"], "/ds")
    harness.sandbox.inject_fault("getChat", "migrate")
    code, out = await check(settings_for(harness.sandbox, database_url))
    assert code == 0, out
    assert f"-- «Nhóm thường» ({chat['id']}) became a supergroup, with the new id -100" in out


@pytest.fixture
async def sandbox(clock: FakeClock) -> AsyncIterator[Sandbox]:
    box = Sandbox(clock=clock, privacy_mode=False)
    await box.start()
    try:
        yield box
    finally:
        await box.stop()


async def test_privacy_off_and_a_pending_migration_need_attention(
    sandbox: Sandbox, database_url: str
) -> None:
    await asyncio.to_thread(command.upgrade, alembic_config(database_url), "0015")
    code, out = await check(settings_for(sandbox, database_url))
    assert code == 1, out
    assert "!! 1 migration(s) to apply: 0016 (An index of the reminders an older version" in out
    assert (
        "→ Back the database up (`followup db backup FILE`), then run `followup db upgrade`" in out
    )
    assert "!! privacy mode is off: the bot receives every message" in out
    assert "the database knows no group yet" in out
    database = Database(database_url)
    try:  # the check changed nothing
        async with database.engine.connect() as connection:
            version = await connection.execute(text("SELECT version_num FROM alembic_version"))
            assert version.scalar_one() == "0015"
    finally:
        await database.dispose()


async def test_a_wrong_or_missing_token_is_a_configuration_error(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'nowhere' / 'bot.sqlite3'}"
    code, out = await check(settings_for(sandbox, url, token="42:WRONG"))
    assert code == 2, out
    assert f"XX the Bot API at {sandbox.root_url} refused TELEGRAM_BOT_TOKEN." in out
    assert "!! there is no database yet at" in out
    assert not (tmp_path / "nowhere").exists()  # the check creates nothing
    no_token = settings_for(sandbox, url).model_copy(update={"telegram_bot_token": None})
    code, out = await check(no_token)
    assert code == 2
    assert "XX TELEGRAM_BOT_TOKEN is not set" in out
    assert "run `followup console`" in out
    assert out.endswith(
        "The configuration is wrong (marked XX): fix it first, then run the check again."
    )


async def test_an_unreachable_database_and_bot_api_are_explained(tmp_path: Path) -> None:
    closed = Sandbox()
    root = await closed.start()
    await closed.stop()  # nothing listens there any more
    settings = Settings(
        _env_file=None,
        telegram_api_base_url=root,
        database_url="postgresql+asyncpg://followup:secret@127.0.0.1:9/followup",  # type: ignore[call-arg]
        telegram_bot_token="123456:SANDBOX-TOKEN",
    )
    code, out = await check(settings)
    assert code == 1, out
    assert "secret" not in out
    assert (
        "!! the database at postgresql+asyncpg://followup:***@127.0.0.1:9/followup does not answer"
        in out
    )
    assert "→ Check DATABASE_URL (host, port, database name, user, password)" in out
    assert f"!! the Bot API at {root} cannot be reached" in out
    assert "-- the chats are not checked: no bot to ask." in out


async def test_the_webhook_is_compared_with_webhook_url(
    sandbox: Sandbox, database_url: str
) -> None:
    # Polling removes a registered webhook; a webhook bot with none registered gets nothing.
    polling = settings_for(sandbox, database_url)
    hook = "https://bot.example.org/telegram"
    webhook = polling.model_copy(update={"webhook_url": hook})
    code, out = await check(polling)
    assert "ok no webhook is registered: `followup run` gets the updates by polling." in out
    code, out = await check(webhook)
    assert code == 1, out
    assert (
        f"!! WEBHOOK_URL is set to {hook}, but no webhook is registered: Telegram posts no "
        "updates to the bot (0 waiting). → Run `followup webhook set` once" in out
    )
    async with Bot(sandbox.bot_token, base_url=f"{sandbox.root_url}/bot") as bot:
        await bot.set_webhook(hook, secret_token="abc")
        code, out = await check(polling)
        assert code == 1, out
        assert (
            f"!! a webhook is registered at {hook}, but WEBHOOK_URL is not set: `followup run` "
            "would poll, and starting to poll removes that webhook" in out
        )
        assert "`followup webhook delete` removes it." in out
        code, out = await check(webhook)
        assert f"ok the webhook is registered at WEBHOOK_URL {hook} (0 update(s) waiting)." in out
        other = webhook.model_copy(update={"webhook_url": "https://bot.example.org/other"})
        code, out = await check(other)
        assert code == 1, out
        assert (
            f"!! the webhook is registered at {hook}, not at WEBHOOK_URL "
            "https://bot.example.org/other." in out
        )
        await bot.delete_webhook()


async def test_run_refuses_to_poll_over_a_registered_webhook(
    sandbox: Sandbox,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    hook = "https://bot.example.org/telegram"
    async with Bot(sandbox.bot_token, base_url=f"{sandbox.root_url}/bot") as bot:
        await bot.set_webhook(hook, secret_token="abc")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", sandbox.root_url)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", sandbox.bot_token)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    monkeypatch.delenv("WEBHOOK_URL", raising=False)
    assert await asyncio.to_thread(main, ["run"]) == 2
    assert capsys.readouterr().err == (
        f"followup: a webhook is registered at {hook}, but WEBHOOK_URL is not set: polling "
        "would remove it, and a webhook bot would get nothing more; set WEBHOOK_URL and "
        "WEBHOOK_SECRET as for that bot, or run `followup webhook delete` to poll instead.\n"
    )
    assert sandbox.webhook_url == hook  # still registered
