"""Migration stairway on both databases: every revision goes up, down and up again, with data."""

from __future__ import annotations

import asyncio

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text

from storage import Database
from storage.database import alembic_config

CHAT = (
    "INSERT INTO chats (telegram_id, type, title, timezone, language, active, morning_hour, "
    "quiet_start, quiet_end, digest_enabled, next_task_number, next_decision_number, "
    "next_meeting_number, created_at, updated_at) VALUES (-1001, 'supergroup', 'Khối', "
    "'Asia/Ho_Chi_Minh', 'vi', true, 9, 21, 7, true, 1, 1, 1, '2022-07-07 02:00:00+00', "
    "'2022-07-07 02:00:00+00')"
)


async def test_every_revision_goes_up_down_and_up_again(database_url: str) -> None:
    config = alembic_config(database_url)
    revisions = [s.revision for s in ScriptDirectory.from_config(config).walk_revisions()][::-1]
    assert revisions[0] == "0001"
    database = Database(database_url)
    try:
        for i, revision in enumerate(revisions):
            below = revisions[i - 1] if i else "base"
            await asyncio.to_thread(command.upgrade, config, revision)
            if i == 0:
                async with database.engine.begin() as connection:
                    await connection.execute(text(CHAT))
            await asyncio.to_thread(command.downgrade, config, below)
            await asyncio.to_thread(command.upgrade, config, revision)
            if i == 0:  # downgrading the first revision drops the tables: put the row back
                async with database.engine.begin() as connection:
                    await connection.execute(text(CHAT))
            async with database.engine.connect() as connection:
                titles = (await connection.execute(text("SELECT title FROM chats"))).all()
            assert titles == [("Khối",)], revision  # the data survived every later step
    finally:
        await database.dispose()
