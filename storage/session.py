"""What a repository may ask of its session: the part of SQLAlchemy's ``AsyncSession`` they use.

On PostgreSQL the session is an ``AsyncSession``; on SQLite it is
:class:`storage.inline_sqlite.InlineSession`, the same methods over a synchronous ``Session``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol, TypeVar, TypeVarTuple, overload

from sqlalchemy import Connection, Engine, Executable, Result, ScalarResult
from sqlalchemy.sql.selectable import TypedReturnsRows

_T = TypeVar("_T")
_Ts = TypeVarTuple("_Ts")
OneRow = Mapping[str, Any] | None  # the parameters of one statement
Params = OneRow | Sequence[Mapping[str, Any]]  # ... or of one for each set ("executemany")


class UnitSession(Protocol):
    """The session of one unit of work (:class:`storage.UnitOfWork`)."""

    @overload
    async def execute(
        self, statement: TypedReturnsRows[*_Ts], params: Params = None
    ) -> Result[*_Ts]: ...

    @overload
    async def execute(
        self, statement: Executable, params: Params = None
    ) -> Result[*tuple[Any, ...]]: ...

    async def execute(self, statement: Executable, params: Params = None) -> Result[Any]: ...

    async def scalar(
        self, statement: Executable, params: Mapping[str, Any] | None = None
    ) -> Any: ...

    @overload
    async def scalars(
        self, statement: TypedReturnsRows[_T], params: Params = None
    ) -> ScalarResult[_T]: ...

    @overload
    async def scalars(self, statement: Executable, params: Params = None) -> ScalarResult[Any]: ...

    async def scalars(self, statement: Executable, params: Params = None) -> ScalarResult[Any]: ...

    async def get(self, entity: type[_T], ident: Any) -> _T | None: ...

    async def get_one(self, entity: type[_T], ident: Any) -> _T: ...

    def add(self, instance: object) -> None: ...

    async def delete(self, instance: object) -> None: ...

    async def flush(self) -> None: ...

    def expunge_all(self) -> None: ...

    def get_bind(self) -> Engine | Connection: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...

    async def close(self) -> None: ...
