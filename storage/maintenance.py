"""Read-only look-ups for the operator's commands: is the database there, how old is its schema,
which chats does the bot serve."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util.exc import CommandError
from sqlalchemy import select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from bot.errors import DatabaseError
from storage.database import Database, alembic_config
from storage.models import ChatRow


@dataclass(frozen=True, slots=True)
class SchemaState:
    """Where the database's schema stands against the migrations this version ships."""

    current: str | None  # None: no migration was ever applied
    head: str
    pending: tuple[str, ...]  # revisions still to apply, oldest first
    known: bool  # False when ``current`` comes from another (newer) version of the bot

    @property
    def up_to_date(self) -> bool:
        """The database is at the head revision."""
        return self.current == self.head


@dataclass(frozen=True, slots=True)
class KnownChat:
    """A chat the database holds as active."""

    telegram_id: int
    type: str
    title: str | None


def _reason(exc: BaseException) -> str:
    return str(getattr(exc, "orig", None) or exc).splitlines()[0]


async def ping(database: Database) -> None:
    """Run ``SELECT 1``, or raise :class:`DatabaseError` saying why the database does not answer."""
    try:
        async with database.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError) as exc:
        raise DatabaseError(
            f"the database at {database.safe_url} does not answer: {_reason(exc)}"
        ) from exc


def _current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def describe_revision(database: Database, revision: str | None) -> str:
    """``0003 (index reminder leases)``: the revision with the first line of its message."""
    if revision is None:
        return "none (empty database)"
    script = ScriptDirectory.from_config(alembic_config(database.url))
    try:
        found = script.get_revision(revision)
    except (CommandError, RevisionError):  # a revision this version does not ship
        found = None
    doc = (found.doc or "").strip().splitlines()[0] if found is not None and found.doc else ""
    doc = textwrap.shorten(doc.rstrip("."), width=60, placeholder="…")
    return f"{revision} ({doc})" if doc else revision


async def schema_state(database: Database) -> SchemaState:
    """The applied revision, the head, and what lies between them."""
    try:
        async with database.engine.connect() as connection:
            current = await connection.run_sync(_current_revision)
    except (SQLAlchemyError, OSError) as exc:
        raise DatabaseError(
            f"the schema version of {database.safe_url} cannot be read: {_reason(exc)}"
        ) from exc
    script = ScriptDirectory.from_config(alembic_config(database.url))
    head = script.get_current_head()
    assert head is not None  # the package ships at least one migration
    try:
        between = script.iterate_revisions(head, current or "base")
        pending = tuple(reversed([rev.revision for rev in between if rev.revision != current]))
    except (CommandError, RevisionError):  # a revision this version does not ship
        return SchemaState(current, head, (), known=False)
    return SchemaState(current, head, pending, known=True)


async def active_chats(database: Database) -> list[KnownChat]:
    """The chats the bot serves (those it has not been removed from), oldest first."""
    query = (
        select(ChatRow.telegram_id, ChatRow.type, ChatRow.title)
        .where(ChatRow.active)
        .order_by(ChatRow.id)
    )
    try:
        async with database.session() as session:
            rows = (await session.execute(query)).all()
    except (SQLAlchemyError, OSError) as exc:
        raise DatabaseError(
            f"the chats of {database.safe_url} cannot be read: {_reason(exc)}"
        ) from exc
    return [KnownChat(int(row.telegram_id), str(row.type), row.title) for row in rows]
