"""``followup db upgrade | current | backup`` on real SQLite and PostgreSQL databases."""

from __future__ import annotations

import asyncio
import io
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text

from bot.cli import main
from bot.domain import ChatRef
from bot.errors import DatabaseError
from bot.ops import db
from storage import Database, UnitOfWork
from storage.database import alembic_config

NOW = datetime(2022, 7, 7, 2, 0, tzinfo=UTC)
# The packaged migrations: their head, its description's first words, and how many there are.
_SCRIPTS = ScriptDirectory.from_config(alembic_config("sqlite://"))
HEAD = str(_SCRIPTS.get_current_head())
HEAD_DOC = " ".join(str(getattr(_SCRIPTS.get_revision(HEAD), "doc", "")).split()[:4])
MIGRATIONS = len(list(_SCRIPTS.walk_revisions()))


async def run(action: object, *args: object) -> tuple[int, str]:
    out = io.StringIO()
    code = await action(*args, out)  # type: ignore[operator]
    return code, out.getvalue()


async def stamp(url: str, revision: str) -> None:
    database = Database(url)
    try:
        async with database.engine.begin() as connection:
            await connection.execute(
                text("UPDATE alembic_version SET version_num = :r"), {"r": revision}
            )
    finally:
        await database.dispose()


async def test_current_and_upgrade_walk_from_an_empty_database_to_the_head(
    database_url: str,
) -> None:
    code, out = await run(db.show_current, database_url)
    assert code == 1
    if database_url.startswith("sqlite"):  # no file yet, and looking does not create one
        assert "There is no database yet at" in out
        assert db.missing_file(database_url) is not None
    else:
        assert "current revision: none (empty database)" in out
        assert f"An upgrade is pending ({MIGRATIONS} migration(s)); run `followup db" in out
    await asyncio.to_thread(command.upgrade, alembic_config(database_url), "0001")
    code, out = await run(db.show_current, database_url)
    assert code == 1
    assert f"head revision:    {HEAD} ({HEAD_DOC}" in out
    assert f"An upgrade is pending ({MIGRATIONS - 1} migration(s)); run `followup db" in out
    code, out = await run(db.upgrade, database_url)
    assert code == 0
    assert f"from 0001 (Initial schema: chats, persons, organisations, meetings,…) to {HEAD}" in out
    code, out = await run(db.show_current, database_url)
    assert (code, out.splitlines()[-1]) == (0, "The schema is up to date.")
    code, out = await run(db.upgrade, database_url)
    assert code == 0
    assert f"was already at the head revision, {HEAD}" in out


async def test_a_revision_from_a_newer_version_is_explained_not_applied(
    database_url: str,
) -> None:
    database = Database(database_url)
    await database.upgrade()
    await database.dispose()
    await stamp(database_url, "9999")
    code, out = await run(db.show_current, database_url)
    assert code == 1
    assert "current revision: 9999" in out
    assert "A newer version of the bot has migrated this database" in out
    code, out = await run(db.upgrade, database_url)
    assert code == 1
    assert "the database is at revision 9999, which this version of followup does not know" in out
    with pytest.raises(DatabaseError, match="Can't locate revision identified by '9999'"):
        await Database(database_url).upgrade()  # what `followup run` says, not a traceback


async def test_sqlite_backup_copies_a_live_database_with_its_wal(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'live.sqlite3'}"
    database = Database(url)
    await database.upgrade()
    async with UnitOfWork(database) as uow:
        await uow.chats.upsert(
            ChatRef(-100123, "supergroup", "Khối thi đua"),
            timezone="Asia/Ho_Chi_Minh",
            language="vi",
            now=NOW,
        )
        await uow.commit()
    # The bot is still connected: the chat may sit in the -wal file only, which a file copy
    # of live.sqlite3 would miss.
    assert (tmp_path / "live.sqlite3-wal").stat().st_size > 0
    target = tmp_path / "backup.sqlite3"
    out = io.StringIO()
    assert db.backup(url, target, out, out) == 0
    assert f"passes SQLite's integrity check and is at revision {HEAD}" in out.getvalue()
    await database.dispose()
    with closing(sqlite3.connect(target)) as copy:
        assert copy.execute("SELECT title FROM chats").fetchall() == [("Khối thi đua",)]
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert not (tmp_path / "backup.sqlite3-wal").exists()


async def test_sqlite_backup_never_overwrites_and_explains_refusals(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'live.sqlite3'}"
    existing = tmp_path / "old.sqlite3"
    existing.write_bytes(b"an earlier backup")
    out, err = io.StringIO(), io.StringIO()
    assert db.backup(url, tmp_path / "x.sqlite3", out, err) == 1  # no database yet
    database = Database(url)
    await database.upgrade()
    await database.dispose()
    assert db.backup(url, existing, out, err) == 1
    assert existing.read_bytes() == b"an earlier backup"
    assert db.backup(url, tmp_path / "missing" / "b.sqlite3", out, err) == 1
    (tmp_path / "garbage.sqlite3").write_bytes(b"not a database" * 100)
    garbage_url = f"sqlite+aiosqlite:///{tmp_path / 'garbage.sqlite3'}"
    assert db.backup(garbage_url, tmp_path / "g.sqlite3", out, err) == 1
    assert not (tmp_path / "g.sqlite3").exists()  # a failed copy is removed
    assert db.backup("sqlite+aiosqlite://", tmp_path / "m.sqlite3", out, err) == 1
    (tmp_path / "a-file").write_text("not a folder")
    assert db.backup(url, tmp_path / "a-file" / "b.sqlite3", out, err) == 1
    assert out.getvalue() == ""  # the reasons go to standard error
    lines = err.getvalue().splitlines()
    assert (
        lines[0]
        == f"followup db backup: there is no database at {tmp_path / 'live.sqlite3'} to back up."
    )
    assert lines[1] == (
        f"followup db backup: {existing} already exists; choose a new file name "
        "(a backup never overwrites)."
    )
    assert lines[2].endswith("missing/b.sqlite3 does not exist; create it first.")
    assert "g.sqlite3 failed its check (file is not a database) and was removed." in lines[3]
    assert lines[4] == "followup db backup: an in-memory database cannot be backed up."
    assert lines[5] == (
        f"followup db backup: {tmp_path / 'a-file' / 'b.sqlite3'} cannot be written (Not a "
        "directory); choose a place this user can write in (nothing was written)."
    )


def test_postgresql_backup_prints_pg_dump_without_the_password(tmp_path: Path) -> None:
    url = "postgresql+asyncpg://followup:s3cret@db:5432/followup"
    out = io.StringIO()
    assert db.backup(url, tmp_path / "nightly backup.dump", out, out) == 1
    printed = out.getvalue()
    assert "s3cret" not in printed
    assert (
        f"pg_dump --format=custom '--file={tmp_path}/nightly backup.dump' --host=db --port=5432 "
        "--username=followup --dbname=followup" in printed
    )
    assert "nothing was written" in printed
    assert not (tmp_path / "nightly backup.dump").exists()


async def test_db_commands_through_the_command_line(
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env from the working copy
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert await asyncio.to_thread(main, ["db", "current"]) == 1
    assert await asyncio.to_thread(main, ["db", "upgrade"]) == 0
    assert await asyncio.to_thread(main, ["db", "current"]) == 0
    backup_code = await asyncio.to_thread(main, ["db", "backup", "b.dump"])
    printed = capsys.readouterr().out
    assert "The schema is up to date." in printed
    if database_url.startswith("sqlite"):
        assert "There is no database yet" in printed
        assert backup_code == 0
        assert (tmp_path / "b.dump").exists()
    else:
        assert "An upgrade is pending" in printed
        assert backup_code == 1
        assert "pg_dump --format=custom --file=b.dump" in printed


@pytest.mark.postgres
@pytest.mark.parametrize("sslmode", ["disable", "prefer"])
async def test_a_libpq_sslmode_in_the_url_works(
    postgres_url: str,
    sslmode: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Managed PostgreSQL providers give URLs in libpq's form; asyncpg takes ?ssl=, not ?sslmode=.
    monkeypatch.chdir(tmp_path)
    plain = postgres_url.replace("postgresql+asyncpg://", "postgresql://", 1)
    monkeypatch.setenv("DATABASE_URL", f"{plain}?sslmode={sslmode}")
    assert await asyncio.to_thread(main, ["db", "upgrade"]) == 0
    assert await asyncio.to_thread(main, ["db", "current"]) == 0
    assert "The schema is up to date." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("folder", "sentence"),
    [
        (
            "a-file/data",
            "of the SQLite database cannot be created (Not a directory); create it, or set "
            "DATABASE_URL (or --database-url) to a file in a folder this user can write in",
        ),
        ("/proc/self", "of the SQLite database is not writable by this user; let this user"),
    ],
)
@pytest.mark.parametrize(
    "command", [["db", "upgrade"], ["db", "current"], ["run"], ["console", "--database-url"]]
)
def test_an_sqlite_folder_that_cannot_be_written_is_one_sentence(
    folder: str,
    sentence: str,
    command: list[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a-file").write_text("not a folder")
    url = f"sqlite:///{folder}/followup.sqlite3"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:SANDBOX-TOKEN")
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:9")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    argv = [*command, url] if command[-1] == "--database-url" else command
    assert main(argv) == 2
    err = capsys.readouterr().err
    shown = folder if folder.startswith("/") else str(tmp_path / folder)
    assert err == f"followup: the folder {shown} {sentence}" + err.split(sentence, 1)[1]
    assert len(err.splitlines()) == 1


def test_a_backup_that_cannot_be_written_says_so_on_standard_error(tmp_path: Path) -> None:
    live = tmp_path / "live.sqlite3"
    sqlite3.connect(live).close()
    (tmp_path / "a-file").write_text("not a folder")
    done = subprocess.run(
        [sys.executable, "-m", "bot", "db", "backup", "a-file/b.sqlite3"],
        cwd=tmp_path,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{live}"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == (
        "followup db backup: a-file/b.sqlite3 cannot be written (Not a directory); choose a "
        "place this user can write in (nothing was written).\n"
    )


def test_no_message_shows_the_database_password(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Whatever a driver's message quotes (here the database is named like the password), the
    # password is masked; SQLAlchemy's own rendering hides only the URL's password field.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", "postgresql://followup:Hoi2024x@127.0.0.1:9/Hoi2024x")
    assert main(["db", "current"]) == 2
    printed = capsys.readouterr()
    assert "Hoi2024x" not in printed.out + printed.err
    assert printed.err.startswith("followup: the ")


def test_check_names_an_sqlite_folder_that_cannot_be_created_and_creates_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a-file").write_text("not a folder")
    monkeypatch.setenv("DATABASE_URL", "sqlite:///a-file/data/followup.sqlite3")
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    main(["check"])
    out = " ".join(capsys.readouterr().out.split())
    assert (
        f"!! the folder {tmp_path / 'a-file' / 'data'} of the SQLite database cannot be created "
        "(Not a directory)" in out
    )
    assert "there is no database yet" not in out
    monkeypatch.setenv("DATABASE_URL", "sqlite:///new/data/followup.sqlite3")
    main(["check"])
    assert "there is no database yet at new/data/followup.sqlite3" in capsys.readouterr().out
    assert not (tmp_path / "new").exists()
