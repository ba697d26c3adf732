"""``followup db upgrade | current | backup FILE``: the schema and the data, for the operator."""

from __future__ import annotations

import shlex
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import make_url

from bot.errors import DatabaseError
from bot.ops import messages as m
from storage import Database
from storage.database import folder_problem
from storage.maintenance import SchemaState, describe_revision, schema_state


class BackupError(Exception):
    """The backup was refused or failed; ``str(exc)`` says why and what to do."""


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL; None for PostgreSQL and for an in-memory database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def missing_file(url: str) -> Path | None:
    """The SQLite file the URL names when it does not exist yet (so that nothing creates it)."""
    path = sqlite_path(url)
    return path if path is not None and not path.exists() else None


async def _state(database: Database) -> SchemaState:
    try:
        return await schema_state(database)
    finally:
        await database.dispose()


async def show_current(url: str, out: TextIO) -> int:
    """Print the applied and the head revision; 0 when up to date, 1 when not."""
    if (path := missing_file(url)) is not None:
        if (problem := folder_problem(path.parent)) is not None:
            raise DatabaseError(problem)
        print(m.DB_NO_FILE.format(path=path), file=out)
        return 1
    database = Database(url)
    state = await _state(database)
    current, head = (describe_revision(database, rev) for rev in (state.current, state.head))
    print(m.DB_CURRENT.format(url=database.safe_url, current=current, head=head), file=out)
    if not state.known:
        print(m.SCHEMA_UNKNOWN_ADVICE, file=out)
        return 1
    if state.up_to_date:
        print(m.DB_UP_TO_DATE, file=out)
        return 0
    print(m.DB_PENDING.format(count=len(state.pending)), file=out)
    return 1


async def upgrade(url: str, out: TextIO) -> int:
    """Apply the pending migrations and say from which revision to which."""
    database = Database(url)
    before = await _state(database)
    if not before.known:
        print(m.SCHEMA_UNKNOWN.format(current=before.current, head=before.head), file=out)
        print(m.SCHEMA_UNKNOWN_ADVICE, file=out)
        return 1
    if before.up_to_date:
        revision = describe_revision(database, before.head)
        print(m.DB_ALREADY.format(url=database.safe_url, revision=revision), file=out)
        return 0
    try:
        await database.upgrade()
    finally:
        await database.dispose()
    after = await _state(database)
    before_text, after_text = (describe_revision(database, s.current) for s in (before, after))
    print(
        m.DB_UPGRADED.format(url=database.safe_url, before=before_text, after=after_text), file=out
    )
    return 0


def pg_dump_command(url: str, target: str) -> str:
    """The ``pg_dump`` command line for the database of ``url``, without its password."""
    parsed = make_url(url)
    host = parsed.host or parsed.query.get("host")
    args = ["pg_dump", "--format=custom", f"--file={target}"]
    args += [f"--host={host}"] if isinstance(host, str) else []
    args += [f"--port={parsed.port}"] if parsed.port else []
    args += [f"--username={parsed.username}"] if parsed.username else []
    args.append(f"--dbname={parsed.database or ''}")
    return shlex.join(args)


def _verify(target: Path) -> str:
    """Open the copy read-only, run SQLite's integrity check; return its schema revision."""
    with closing(sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True)) as copy:
        (verdict,) = copy.execute("PRAGMA integrity_check").fetchone()
        if verdict != "ok":
            raise sqlite3.DatabaseError(f"integrity check: {verdict}")
        tables = {name for (name,) in copy.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in tables:
            return "none"
        row = copy.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else "none"


def backup_sqlite(source: Path, target: Path) -> str:
    """Copy a live SQLite database with SQLite's online backup API; return the copy's revision.

    The target must be a new file: it is created exclusively before anything is copied, so an
    existing file is never touched. A copy that fails its check is removed.
    """
    if not source.is_file():
        raise BackupError(m.BACKUP_NO_SOURCE.format(path=source))
    try:
        target.open("xb").close()
    except FileExistsError:
        raise BackupError(m.BACKUP_EXISTS.format(target=target)) from None
    except FileNotFoundError:
        raise BackupError(m.BACKUP_NO_FOLDER.format(target=target)) from None
    except OSError as exc:  # no right to write there, a read-only file system, not a folder...
        reason = exc.strerror or str(exc)
        raise BackupError(m.BACKUP_CANNOT_WRITE.format(target=target, reason=reason)) from None
    try:
        source_uri = f"{source.resolve().as_uri()}?mode=rw"  # never create a missing source
        with (
            closing(sqlite3.connect(source_uri, uri=True, timeout=30)) as live,
            closing(sqlite3.connect(target)) as copy,
        ):
            live.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal
        return _verify(target)
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise BackupError(m.BACKUP_BAD_COPY.format(target=target, reason=exc)) from None


def backup(url: str, target: Path, out: TextIO, err: TextIO) -> int:
    """``followup db backup FILE``: 0 when a verified copy was written, 1 otherwise (why, on
    ``err``; PostgreSQL's pg_dump command, on ``out``)."""
    if make_url(url).get_backend_name() != "sqlite":
        command = pg_dump_command(url, str(target))
        print(m.BACKUP_POSTGRES.format(command=command, target=shlex.quote(str(target))), file=out)
        return 1
    source = sqlite_path(url)
    try:
        if source is None:
            raise BackupError(m.BACKUP_MEMORY)
        revision = backup_sqlite(source, target)
    except BackupError as exc:
        print(f"followup db backup: {exc}", file=err)
        return 1
    size = target.stat().st_size
    print(
        m.BACKUP_DONE.format(source=source, target=target, size=size, revision=revision), file=out
    )
    return 0
