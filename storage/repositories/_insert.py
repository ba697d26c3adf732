"""``INSERT ... ON CONFLICT DO NOTHING`` for both backends.

First contact with a chat or a person can come from several updates (or replicas) at once; a
read-then-insert would let all but one fail on the unique constraint.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage.models import Base
from storage.session import UnitSession


async def insert_ignoring_conflict(session: UnitSession, model: type[Base], **values: Any) -> bool:
    """Insert a row unless one with the same unique key exists; True if it was inserted."""
    bind = session.get_bind()
    insert = pg_insert if bind.dialect.name == "postgresql" else sqlite_insert
    result = await session.execute(insert(model).values(**values).on_conflict_do_nothing())
    inserted: int = result.rowcount  # type: ignore[attr-defined]  # an INSERT's CursorResult
    return inserted == 1
