"""Migration stairway on both databases: every revision goes up, down and up again, with data."""

from __future__ import annotations

import asyncio
import warnings
from datetime import UTC, date, datetime
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    Date,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Text,
    func,
    select,
)
from sqlalchemy.sql.schema import Column

from storage import Database
from storage.database import alembic_config

Dump = dict[str, list[dict[str, Any]]]
# Values the schema's CHECK constraints ask for; every other required column gets a plain one.
CHECKED = {("tasks", "status"): "open"}
WHEN = datetime(2022, 7, 7, 2, 0, tzinfo=UTC)


def _value(connection: Connection, metadata: MetaData, column: Column[Any]) -> Any:
    """A value for a required column: the first row of the table it points to, or a plain
    value of its type."""
    if (column.table.name, column.name) in CHECKED:
        return CHECKED[(column.table.name, column.name)]
    for key in column.foreign_keys:
        target = metadata.tables[key.column.table.name].c[key.column.name]
        return connection.execute(select(func.min(target))).scalar_one()
    kind = column.type
    if isinstance(kind, Boolean):
        return True
    if isinstance(kind, DateTime):
        return WHEN
    if isinstance(kind, Date):
        return date(2022, 7, 7)
    if isinstance(kind, Integer | Float):
        return 1
    if isinstance(kind, JSON):
        return []
    if isinstance(kind, String | Text):
        return "Khối thi đua"[: kind.length or None]
    raise AssertionError(f"no sample value for {column.table.name}.{column.name} ({kind!r})")


def _reflect(connection: Connection) -> MetaData:
    """The tables as the database has them (columns and constraints are all this needs)."""
    metadata = MetaData()
    with warnings.catch_warnings():  # SQLAlchemy does not reflect SQLite's index on lower(...)
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based")
        metadata.reflect(connection)
    return metadata


def _fill(connection: Connection) -> None:
    """One row in every empty table, parents first, with every required column set."""
    metadata = _reflect(connection)
    for table in metadata.sorted_tables:
        if table.name == "alembic_version":
            continue
        if connection.execute(select(func.count()).select_from(table)).scalar_one():
            continue
        row = {
            column.name: _value(connection, metadata, column)
            for column in table.columns
            if not column.nullable  # the id too: one row a table, so 1 is free
        }
        connection.execute(table.insert().values(**row))


def _dump(connection: Connection) -> Dump:
    """Every row of every table, as dicts of column name to value (dates read back as text on
    SQLite compare equal across steps, which is all this needs)."""
    metadata = _reflect(connection)
    return {
        table.name: sorted(
            (dict(row._mapping) for row in connection.execute(select(table))), key=repr
        )
        for table in metadata.sorted_tables
        if table.name != "alembic_version"
    }


def _kept(full: Dump, narrower: Dump) -> Dump:
    """``full`` restricted to the tables and columns of ``narrower``."""
    columns = {name: set(rows[0]) if rows else set() for name, rows in narrower.items()}
    return {
        name: sorted(
            ({k: v for k, v in row.items() if k in columns[name]} for row in rows), key=repr
        )
        for name, rows in full.items()
        if name in narrower
    }


async def test_every_revision_goes_up_down_and_up_again_with_data_in_every_table(
    database_url: str,
) -> None:
    config = alembic_config(database_url)
    revisions = [s.revision for s in ScriptDirectory.from_config(config).walk_revisions()][::-1]
    assert revisions[0] == "0001"
    database = Database(database_url)

    async def run(step: Any) -> Any:
        async with database.engine.begin() as connection:
            return await connection.run_sync(step)

    try:
        previous: Dump = {}
        for i, revision in enumerate(revisions):
            below = revisions[i - 1] if i else "base"
            await asyncio.to_thread(command.upgrade, config, revision)
            assert _kept(await run(_dump), previous) == previous, revision  # upgrading kept all
            await run(_fill)  # the tables this revision made get a row too
            at_revision = await run(_dump)
            assert all(at_revision.values()), revision  # no table is left empty
            await asyncio.to_thread(command.downgrade, config, below)
            down = await run(_dump)
            assert down == _kept(at_revision, down), revision  # going down kept the rest
            await asyncio.to_thread(command.upgrade, config, revision)
            again = await run(_dump)
            assert _kept(again, down) == down, revision  # and going up again lost nothing
            assert set(again) == set(at_revision), revision
            previous = again
        assert len(at_revision) >= 13  # every table of the head schema held a row
    finally:
        await database.dispose()


async def test_going_below_0008_is_refused_while_an_attendance_keeps_only_a_name(
    database_url: str,
) -> None:
    config = alembic_config(database_url)
    database = Database(database_url)

    async def run(step: Any) -> Any:
        async with database.engine.begin() as connection:
            return await connection.run_sync(step)

    def set_label(label: str | None) -> Any:
        def step(
            connection: Connection,
        ) -> None:  # organisation_id is NULL, as /org remove leaves it
            attendees = _reflect(connection).tables["meeting_attendees"]
            connection.execute(attendees.update().values(organisation_id=None, label=label))

        return step

    try:
        await asyncio.to_thread(command.upgrade, config, "0008")
        await run(_fill)
        await run(set_label("Hội CTĐ"))
        refused = r"attendances of removed organisations \(1\) would lose their names"
        with pytest.raises(CommandError, match=refused):
            await asyncio.to_thread(command.downgrade, config, "0007")
        dump = await run(_dump)
        assert [row["label"] for row in dump["meeting_attendees"]] == ["Hội CTĐ"]  # still 0008
        await run(set_label(None))
        await asyncio.to_thread(command.downgrade, config, "0007")  # nothing to lose now
    finally:
        await database.dispose()


def _insert(connection: Connection, table: str, **values: Any) -> int:
    """A row of ``table`` with ``values``, every other required column set; its id."""
    metadata = _reflect(connection)
    columns = metadata.tables[table].columns
    row = {c.name: _value(connection, metadata, c) for c in columns if not c.nullable}
    row.pop("id", None)
    row.update(values)
    inserted = connection.execute(metadata.tables[table].insert().values(**row))
    return int(inserted.inserted_primary_key[0])


async def test_0012_keeps_the_own_notes_of_whoever_keeps_some_in_their_private_chat(
    database_url: str,
) -> None:
    config = alembic_config(database_url)
    database = Database(database_url)

    async def run(step: Any) -> Any:
        async with database.engine.begin() as connection:
            return await connection.run_sync(step)

    def people(connection: Connection) -> dict[int, Any]:
        persons = _reflect(connection).tables["persons"]
        found = connection.execute(select(persons.c.telegram_id, persons.c.selected_chat_id))
        return {telegram_id: chosen for telegram_id, chosen in found.all()}

    def world(connection: Connection) -> dict[str, int]:
        ids = {"group": _insert(connection, "chats", telegram_id=-100, type="supergroup")}
        for name, telegram_id in (("notes", 1), ("tasks", 2), ("nothing", 3), ("chose", 4)):
            ids[name] = _insert(connection, "chats", telegram_id=telegram_id, type="private")
            _insert(connection, "persons", telegram_id=telegram_id, selected_chat_id=None)
        _insert(connection, "decisions", chat_id=ids["notes"], number=1)
        _insert(connection, "tasks", chat_id=ids["tasks"], number=1, status="done")
        _insert(connection, "tasks", chat_id=ids["group"], number=1)  # in the group: not theirs
        _insert(connection, "tasks", chat_id=ids["chose"], number=1)
        persons = _reflect(connection).tables["persons"]
        connection.execute(
            persons.update().where(persons.c.telegram_id == 4).values(selected_chat_id=ids["group"])
        )
        return ids

    try:
        await asyncio.to_thread(command.upgrade, config, "0011")
        ids = await run(world)
        await asyncio.to_thread(command.upgrade, config, "0012")
        assert await run(people) == {1: ids["notes"], 2: ids["tasks"], 3: None, 4: ids["group"]}
        await asyncio.to_thread(command.downgrade, config, "0011")
        assert await run(people) == {1: None, 2: None, 3: None, 4: ids["group"]}
    finally:
        await database.dispose()


async def test_going_below_0014_is_refused_while_an_open_task_has_parts_done(
    database_url: str,
) -> None:
    config = alembic_config(database_url)
    database = Database(database_url)

    async def run(step: Any) -> Any:
        async with database.engine.begin() as connection:
            return await connection.run_sync(step)

    def set_part_done(status: str) -> Any:
        def step(connection: Connection) -> None:  # the one task's one part said done
            tables = _reflect(connection).tables
            connection.execute(tables["task_assignees"].update().values(done_at=WHEN))
            connection.execute(tables["tasks"].update().values(status=status))

        return step

    try:
        await asyncio.to_thread(command.upgrade, config, "0014")
        await run(_fill)
        await run(set_part_done("open"))
        refused = r"assignees of open tasks have said their part done \(1\)"
        with pytest.raises(CommandError, match=refused):
            await asyncio.to_thread(command.downgrade, config, "0013")
        dump = await run(_dump)
        assert [row["done_at"] is not None for row in dump["task_assignees"]] == [True]
        await run(set_part_done("done"))  # a closed task: only who did which part goes
        await asyncio.to_thread(command.downgrade, config, "0013")
        assert "done_at" not in (await run(_dump))["task_assignees"][0]
    finally:
        await database.dispose()
