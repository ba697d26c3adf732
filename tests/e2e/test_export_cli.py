"""``followup export``: the files of ``/export`` from the command line, in a real process."""

from __future__ import annotations

import asyncio
import csv
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from icalendar import Calendar
from openpyxl import load_workbook

from storage import UnitOfWork
from tests.e2e.conftest import Group, Harness
from tests.e2e.test_exports import LEADER, TASKS, TITLE, documents, replay_seed_meeting

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Run:
    """What one ``followup export`` printed and returned."""

    code: int
    stdout: bytes
    stderr: str


async def followup_export(database_url: str, cwd: Path, *args: str) -> Run:
    """``python -m bot export ...`` as an operator would type it, in ``cwd``."""
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)}
    env.pop("TELEGRAM_BOT_TOKEN", None)  # exporting needs no bot
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "bot", "export", *args),
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return Run(process.returncode, out, err.decode())


async def test_cli_writes_the_files_the_chat_gets(
    harness: Harness, group: Group, database_url: str, tmp_path: Path
) -> None:
    await replay_seed_meeting(harness, group)
    (sent,) = await group.say_all(harness.users["secretary"], "/xuat md")
    chat = str(group.id)
    run = await followup_export(database_url, tmp_path, "--chat", chat, "--format", "md")
    assert (run.code, run.stderr.strip()) == (0, "Wrote bien-ban-hop-1.md")
    written = (tmp_path / "bien-ban-hop-1.md").read_bytes()
    assert written == documents(harness, [sent])["bien-ban-hop-1.md"]  # the same file
    assert written.decode().startswith(f"# Biên bản — Cuộc họp #1: {TITLE}\n")

    run = await followup_export(
        database_url, tmp_path, "--chat", chat, "--format", "csv", "--output", "-"
    )
    assert run.code == 0
    assert run.stdout.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(run.stdout.decode("utf-8-sig"), newline="")))
    assert [row[1] for row in rows[1:]] == [title for _, title, _ in TASKS]

    target = tmp_path / "out" / "viec.xlsx"
    target.parent.mkdir()
    args = ("--chat", chat, "--format", "xlsx", "--output", str(target))
    assert (await followup_export(database_url, tmp_path, *args)).code == 0
    sheet = load_workbook(target).active
    assert sheet is not None
    assert sheet["C2"].value == LEADER
    assert sheet["D2"].is_date

    run = await followup_export(
        database_url, tmp_path, "--chat", chat, "--format", "ics", "--output", "-"
    )
    assert len(Calendar.from_ical(run.stdout).walk("VEVENT")) == 4


async def test_cli_errors_are_one_clear_sentence(
    harness: Harness, group: Group, database_url: str, tmp_path: Path
) -> None:
    await group.say(harness.users["secretary"], "/viec @lan: gửi báo cáo trước 17h thứ 6")
    chat = str(group.id)
    tmp_path = tmp_path / "cwd"  # the SQLite database lives in tmp_path itself
    tmp_path.mkdir()
    run = await followup_export(database_url, tmp_path, "--chat", "-42", "--format", "xlsx")
    assert run.code == 1
    assert run.stderr == (
        "followup export: The bot knows no chat with Telegram id -42 in this database "
        "(a group's id is negative, e.g. -1001234567890).\n"
    )
    async with UnitOfWork(harness.database) as uow:  # read-only: the unknown chat stays unknown
        assert await uow.chats.get_by_telegram_id(-42) is None
    run = await followup_export(database_url, tmp_path, "--chat", chat, "--format", "docx")
    assert (run.code, run.stderr) == (
        1,
        f"followup export: Chat {chat} has had no meeting yet, so it has no minutes to export.\n",
    )
    run = await followup_export(
        database_url, tmp_path, "--chat", chat, "--format", "md", "--meeting", "9"
    )
    assert (run.code, run.stderr) == (1, f"followup export: Chat {chat} has no meeting #9.\n")
    run = await followup_export(
        database_url, tmp_path, "--chat", chat, "--format", "csv", "--meeting", "1"
    )
    assert (run.code, run.stderr) == (
        2,
        "followup export: --meeting goes with --format md or docx.\n",
    )
    run = await followup_export(database_url, tmp_path, "--chat", chat, "--format", "pdf")
    assert run.code == 2
    assert "invalid choice: 'pdf'" in run.stderr
    assert os.listdir(tmp_path) == []  # nothing written on any error
