"""``followup console``: a scripted conversation in Vietnamese, and a clean exit every way."""

from __future__ import annotations

import asyncio
import io
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.console import run_console
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """\
/viec @hoa_ctd: gửi báo cáo tài chính trước thứ Sáu tuần sau
/ds
:users
:user hoa
:1
:1
:bogus
:user Lan
:join Lan @lan
:user thu ky
/viec @lan: đặt phòng họp ngày mai
:clock +2d
:quit
/ds
"""


def _port_is_closed(root: str) -> bool:
    host, port = root.removeprefix("http://").split(":")
    with socket.socket() as probe:
        return probe.connect_ex((host, int(port))) != 0


async def test_a_scripted_conversation(tmp_path: Path, clock: FakeClock) -> None:
    out = io.StringIO()
    settings = Settings(_env_file=None)
    code = await run_console(settings, stdin=io.StringIO(SCRIPT), stdout=out, clock=clock)
    assert code == 0
    text = out.getvalue()
    assert "You are Thư ký Khối." in text
    expected = """\
Thư ký Khối> /viec @hoa_ctd: gửi báo cáo tài chính trước thứ Sáu tuần sau
[07/07 09:00] bot:
    📌 Đã ghi việc #1
    gửi báo cáo tài chính
    👤 Giao cho: @hoa_ctd
    📅 Hạn: Thứ Sáu, 15/07/2022 (từ «thứ Sáu tuần sau»)
    [1] ✅ Xong
Thư ký Khối> /ds
[07/07 09:00] bot:
    1 việc đang mở

    #1 gửi báo cáo tài chính
       👤 @hoa_ctd · 📅 Thứ Sáu, 15/07/2022
    [2] ✅ Xong #1
Thư ký Khối> :users
→ 1. Thư ký Khối (@thuky_khoi1), administrator
  2. Trần Ngọc Nguyên (@nguyen_lhh), owner
  3. Hoa (Hội Chữ thập đỏ) (@hoa_ctd), member
Thư ký Khối> :user hoa
You are now Hoa (Hội Chữ thập đỏ).
Hoa> :1
(Hoa (Hội Chữ thập đỏ) presses «✅ Xong»)
[07/07 09:00] bot, edited:
    📌 Đã ghi việc #1
    gửi báo cáo tài chính
    👤 Giao cho: @hoa_ctd
    📅 Hạn: Thứ Sáu, 15/07/2022 (từ «thứ Sáu tuần sau»)

    ✅ Việc #1 đã xong — Hoa (Hội Chữ thập đỏ) đánh dấu.
    (pop-up: Đã đánh dấu việc #1 xong.)
Hoa> :1
Button 1 is no longer under its message"""
    assert expected in text
    assert "Hoa> :bogus\nThere is no console command :bogus; :help lists them.\n" in text
    assert "Nobody in the group is called 'Lan'; :users lists them, :join Lan adds them." in text
    assert "Hoa> :join Lan @lan\nLan joins the group.\nLan> :user thu ky\n" in text
    assert "Thư ký Khối> /viec @lan: đặt phòng họp ngày mai\n[07/07 09:00] bot:" in text
    assert "📅 Hạn: Thứ Sáu, 08/07/2022 (từ «ngày mai»)\n    [3] ✅ Xong" in text
    # Moving the clock ahead brings the reminders due meanwhile, at their time.
    after = text.split("Thư ký Khối> :clock +2d\n", 1)[1]
    assert after == (
        """\
[08/07 09:00] bot:
    ⏰ Nhắc việc

    #2 đặt phòng họp
       👤 @lan
       📅 Thứ Sáu, 08/07/2022 — hạn là hôm nay
    [4] ✅ Xong #2  [5] ⏰ Nhắc lại mai #2  [6] 📅 Đổi hạn #2
[09/07 09:00] bot:
    ⏰ Nhắc việc

    #2 đặt phòng họp
       👤 @lan
       📅 Thứ Sáu, 08/07/2022 — đã quá hạn 1 ngày
    [7] ✅ Xong #2  [8] ⏰ Nhắc lại mai #2  [9] 📅 Đổi hạn #2
The clock moved ahead to Saturday 09/07/2022 09:00.
Thư ký Khối> :quit
"""
    )  # and the line after :quit is not sent
    root = re.search(r"a local sandbox of Telegram \((http://[^)]+)\)", text)
    assert root is not None
    assert _port_is_closed(root[1])
    assert asyncio.all_tasks() == {asyncio.current_task()}


async def test_help_and_the_end_of_input(clock: FakeClock) -> None:
    out = io.StringIO()
    code = await run_console(
        Settings(_env_file=None), stdin=io.StringIO(":help\n"), stdout=out, clock=clock
    )
    assert code == 0
    assert ":clock +3d               move that time ahead" in out.getvalue()
    assert out.getvalue().endswith(":quit                    leave (so do Ctrl-D and Ctrl-C)\n")


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


async def _started_console(tmp_path: Path, *args: str) -> asyncio.subprocess.Process:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PTB_TIMEDELTA": "true"}
    env.pop("DATABASE_URL", None)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "console",
        *args,
        cwd=tmp_path,  # no .env there
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        # Ctrl-C as a terminal sends it, even when the tests run in a background job, whose
        # processes (and their children) ignore SIGINT.
        preexec_fn=_default_sigint,
    )
    assert process.stdout is not None
    async with asyncio.timeout(60):
        while b":help lists them" not in (line := await process.stdout.readline()):
            if not line:  # ended before its greeting (a readline at the end does not wait)
                _, stderr = await process.communicate()
                raise AssertionError(stderr.decode())
    return process


@pytest.mark.parametrize("how", ["eof", "ctrl-c"])
async def test_the_process_ends_cleanly(tmp_path: Path, how: str) -> None:
    process = await _started_console(tmp_path)
    assert process.stdin is not None
    if how == "eof":
        process.stdin.write(b"/ds\n")
        await process.stdin.drain()
        process.stdin.close()
    else:
        process.send_signal(signal.SIGINT)
    async with asyncio.timeout(30):
        stdout, stderr = await process.communicate()
    assert process.returncode == (0 if how == "eof" else 130), stderr.decode()
    assert b"Traceback" not in stderr
    if how == "eof":
        assert "Không có việc nào đang mở" in stdout.decode()


async def test_a_plain_sqlite_url_keeps_the_records_for_the_next_console(tmp_path: Path) -> None:
    """``--database-url`` takes the URL a deployer writes, as ``DATABASE_URL`` does."""
    url = f"sqlite:///{tmp_path / 'kept.sqlite3'}"
    for line, expected in (
        ("/viec @lan: đặt phòng họp ngày mai\n", "Đã ghi việc #1"),
        ("/ds\n", "đặt phòng họp"),
    ):
        process = await _started_console(tmp_path, "--database-url", url)
        async with asyncio.timeout(30):
            stdout, stderr = await process.communicate(line.encode())
        assert process.returncode == 0, stderr.decode()
        assert expected in stdout.decode()


def test_a_database_url_of_another_kind_is_refused_with_what_to_write() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "bot", "console", "--database-url", "mysql://x/y"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "--database-url: must be an sqlite+aiosqlite:/// or postgresql+asyncpg:// URL" in (
        done.stderr
    )
