"""Storage on real SQLite and PostgreSQL: migrations, time zones, per-chat numbering."""

from __future__ import annotations

import asyncio
import warnings
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import StatementError

from bot.domain import Assignee, ChatRef, Due, PersonRef, Task, TaskStatus
from bot.task_draft import Draft, Unsettled
from storage import Database, UnitOfWork
from storage.database import alembic_config
from storage.models import Base

NOW = datetime(2022, 7, 7, 2, 0, tzinfo=UTC)


async def make_chat(uow: UnitOfWork, telegram_id: int) -> int:
    chat = await uow.chats.upsert(
        ChatRef(telegram_id, "supergroup", f"Group {telegram_id}"),
        timezone="Asia/Ho_Chi_Minh",
        language="vi",
        now=NOW,
    )
    return chat.id


async def add_task(
    uow: UnitOfWork,
    chat_id: int,
    number: int,
    title: str,
    *,
    due: Due | None = None,
    assignees: list[Assignee] | None = None,
    created_by: int | None = None,
) -> Task:
    """Store the chat's next task, which must be ``number``, straight through the repository."""
    task = await uow.tasks.add(
        chat_id=chat_id,
        title=title,
        due=due,
        assignees=assignees or [],
        created_by=created_by,
        source_message_id=None,
        message_thread_id=None,
        now=NOW,
    )
    assert task.number == number
    return task


EXPRESSION_INDEXES = {"ix_persons_username_folded"}


async def test_migrations_create_exactly_the_models(database: Database) -> None:
    def diff(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based")
            warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expression")
            found = compare_metadata(context, Base.metadata)
        if connection.dialect.name != "sqlite":
            return found
        # SQLAlchemy cannot read an index on an expression back from SQLite: look it up by name.
        names = {r[0] for r in connection.exec_driver_sql("SELECT name FROM sqlite_master")}
        assert names >= EXPRESSION_INDEXES
        return found

    async with database.engine.connect() as connection:
        assert await connection.run_sync(diff) == []
        tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
    assert {
        "chats",
        "persons",
        "organisations",
        "meetings",
        "decisions",
        "tasks",
        "task_assignees",
        "reminders",
        "audit_events",
    } <= tables


async def test_migrations_go_down_and_up_again(database: Database) -> None:
    config = alembic_config(database.url)
    await asyncio.to_thread(command.downgrade, config, "base")
    async with database.engine.connect() as connection:
        tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
    assert tables <= {"alembic_version"}
    await database.upgrade()
    await database.upgrade()  # a second start-up finds nothing to do


async def test_instants_come_back_aware_and_in_utc(database: Database) -> None:
    saigon = timezone(timedelta(hours=7))
    async with UnitOfWork(database) as uow:
        chat_id = await make_chat(uow, -1001)
        due = Due(datetime(2022, 7, 31, 23, 59, 59, tzinfo=saigon), "period", "cuối tháng 7")
        await add_task(uow, chat_id, 1, "t", due=due)
        await uow.commit()
    async with UnitOfWork(database) as uow:
        task = await uow.tasks.get(chat_id, 1)
    assert task is not None
    assert task.due is not None
    assert task.created_at is not None
    assert task.due.utc == datetime(2022, 7, 31, 16, 59, 59, tzinfo=UTC)
    assert task.due.utc.tzinfo is UTC
    assert task.created_at.tzinfo is UTC


async def test_naive_datetimes_are_refused(database: Database) -> None:
    async with UnitOfWork(database) as uow:
        naive = datetime(2022, 7, 7)  # noqa: DTZ001 - the point of the test
        with pytest.raises(StatementError, match="naive"):
            await uow.chats.upsert(ChatRef(-5, "group"), timezone="UTC", language="vi", now=naive)


async def test_numbers_count_per_chat(database: Database) -> None:
    async with UnitOfWork(database) as uow:
        first, second = await make_chat(uow, -1001), await make_chat(uow, -1002)
        numbers = [await uow.chats.next_number(first, "next_task_number") for _ in range(3)]
        numbers.append(await uow.chats.next_number(second, "next_task_number"))
        numbers.append(await uow.chats.next_number(first, "next_decision_number"))
        await uow.commit()
    assert numbers == [1, 2, 3, 1, 1]


async def test_nothing_is_written_without_commit(database: Database) -> None:
    async with UnitOfWork(database) as uow:
        await make_chat(uow, -1001)
    async with UnitOfWork(database) as uow:
        assert await uow.chats.get_by_telegram_id(-1001) is None


async def test_tasks_keep_assignees_in_order_and_close(database: Database) -> None:
    async with UnitOfWork(database) as uow:
        chat_id = await make_chat(uow, -1001)
        lan = await uow.persons.upsert(PersonRef(11, "Lan", username="lan"), NOW)
        org = await uow.organisations.add(chat_id, "Hội Chữ thập đỏ", ["CTĐ"], NOW)
        assignees = [
            Assignee("Hội Chữ thập đỏ", organisation_id=org),
            Assignee("@lan", lan, 11, username="lan"),
        ]
        await add_task(uow, chat_id, 1, "gửi", assignees=assignees, created_by=lan)
        await uow.tasks.set_status(chat_id, 1, TaskStatus.DONE, lan, NOW)
        await uow.commit()
    async with UnitOfWork(database) as uow:
        task = await uow.tasks.get(chat_id, 1)
        assert await uow.organisations.find(chat_id, "ctđ") == (org, "Hội Chữ thập đỏ")
        assert await uow.organisations.find(chat_id, "HOI CHU THAP DO") == (org, "Hội Chữ thập đỏ")
        assert await uow.persons.by_username("LAN") == (lan, 11)
    assert task is not None
    assert [a.label for a in task.assignees] == ["Hội Chữ thập đỏ", "@lan"]
    assert task.assignees[1].person_telegram_id == 11
    assert task.status is TaskStatus.DONE
    assert task.done_at == NOW


async def test_tasks_come_with_their_assignees_and_each_organisations_contacts(
    database: Database,
) -> None:
    # A task, its assignees and their organisations' contacts are read in one statement, a row
    # for each assignee and contact: each task and each contact must still come once, in order.
    async with UnitOfWork(database) as uow:
        chat_id = await make_chat(uow, -1002)
        lan, minh, hoa = [
            await uow.persons.upsert(PersonRef(n, name, username=name.lower()), NOW)
            for n, name in ((11, "Lan"), (12, "Minh"), (13, "Hoa"))
        ]
        red, coop, board = [
            await uow.organisations.add(chat_id, name, [], NOW)
            for name in ("Hội Chữ thập đỏ", "Liên minh HTX", "Ban TĐKT")
        ]
        for org, person in ((red, minh), (red, lan), (coop, hoa)):
            await uow.organisations.link(org, person)
        typed = {
            1: [
                Assignee("Hội Chữ thập đỏ", organisation_id=red),
                Assignee("@lan", lan, 11, username="lan"),
                Assignee("Liên minh HTX", organisation_id=coop),
                Assignee("Ban TĐKT", organisation_id=board),
            ],
            2: [],
            3: [Assignee("Hội Chữ thập đỏ", organisation_id=red), Assignee("@an", username="an")],
            4: [Assignee("@an", username="an")],
        }
        added = {}
        for number, assignees in typed.items():
            due = Due(NOW + timedelta(days=10 - number), "day", "hạn")  # 4 is due first
            added[number] = await add_task(
                uow, chat_id, number, f"việc {number}", due=due, assignees=assignees, created_by=lan
            )
        await uow.commit()
    async with UnitOfWork(database) as uow:
        got = {n: await uow.tasks.get(chat_id, n) for n in typed}
        listed = await uow.tasks.select(chat_id, limit=3)
        by_numbers = await uow.tasks.by_numbers(chat_id, [1, 3])
        exported = await uow.tasks.every_with_meeting(chat_id)
    assert got == added  # read back as add() returned them
    first = added[1].assignees
    assert [a.label for a in first] == ["Hội Chữ thập đỏ", "@lan", "Liên minh HTX", "Ban TĐKT"]
    assert [c.telegram_id for c in first[0].contacts] == [11, 12]  # by person: Lan, then Minh
    assert (first[1].person_telegram_id, first[1].contacts) == (11, ())
    assert [c.name for c in first[2].contacts] == ["Hoa"]
    assert first[3].contacts == ()
    assert added[2].assignees == ()
    assert added[3].assignees[0].contacts == first[0].contacts
    assert added[4].assignees == (Assignee("@an", username="an"),)
    assert [t.number for t in listed] == [4, 3, 2]  # soonest deadline first, three of them
    assert listed == [added[4], added[3], added[2]]
    assert by_numbers == [added[3], added[1]]
    assert [(t.number, meeting) for t, meeting in exported] == [(n, None) for n in (1, 2, 3, 4)]
    assert [t for t, _ in exported] == list(added.values())


async def test_a_username_moves_to_its_newest_holder(database: Database) -> None:
    async with UnitOfWork(database) as uow:
        await uow.persons.upsert(PersonRef(1, "Old", username="lan"), NOW)
        await uow.persons.upsert(PersonRef(2, "New", username="lan"), NOW)
        await uow.commit()
    async with UnitOfWork(database) as uow:
        found = await uow.persons.by_username("lan")
    assert found is not None
    assert found[1] == 2


async def test_sqlite_runs_in_wal_mode_in_a_folder_it_creates(tmp_path: Path) -> None:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'new' / 'data' / 'bot.sqlite3'}")
    try:
        await database.upgrade()
        async with database.engine.connect() as connection:
            mode = (await connection.execute(text("PRAGMA journal_mode"))).scalar_one()
            keys = (await connection.execute(text("PRAGMA foreign_keys"))).scalar_one()
    finally:
        await database.dispose()
    assert (mode, keys) == ("wal", 1)


async def test_drafts_are_kept_per_chat_and_found_when_expired(database: Database) -> None:
    draft = Draft("in tài liệu", None, True, (), (Unsettled("Hội", ((1, "Hội A"),)),))
    async with UnitOfWork(database) as uow:
        chat_id, other_chat = await make_chat(uow, -1), await make_chat(uow, -2)
        lan = await uow.persons.upsert(PersonRef(11, "Lan", "Nguyễn", "lan"), NOW)
        old = await uow.drafts.add(chat_id, lan, draft, NOW, NOW + timedelta(hours=1))
        fresh = await uow.drafts.add(chat_id, lan, draft, NOW, NOW + timedelta(days=1))
        elsewhere = await uow.drafts.add(other_chat, lan, draft, NOW, NOW)
        await uow.commit()
    async with UnitOfWork(database) as uow:
        assert await uow.drafts.claim(other_chat, fresh) is None  # another chat's question
        stored = await uow.drafts.claim(chat_id, fresh)
        assert stored is not None
        assert (stored.draft, stored.creator_name, stored.expires_at) == (
            draft,
            "Lan Nguyễn",
            NOW + timedelta(days=1),
        )
        later = NOW + timedelta(hours=2)
        # Every chat's, the first to expire first; the chat's own list still holds them all.
        assert await uow.drafts.expired(later, 10) == [(other_chat, elsewhere), (chat_id, old)]
        assert await uow.drafts.expired(later, 1) == [(other_chat, elsewhere)]
        assert await uow.drafts.expired(NOW - timedelta(seconds=1), 10) == []
        assert await uow.drafts.next_expiry(later) == NOW + timedelta(days=1)
        assert await uow.drafts.next_expiry(NOW + timedelta(days=1)) is None
        assert [draft_id for draft_id, _ in await uow.drafts.waiting(chat_id)] == [old, fresh]
        await uow.drafts.remove(old)
        await uow.commit()
    async with UnitOfWork(database) as uow:
        assert await uow.drafts.claim(chat_id, old) is None
        assert await uow.drafts.claim(chat_id, fresh) is not None
        assert await uow.drafts.claim(other_chat, elsewhere) is not None  # its own chat's turn
