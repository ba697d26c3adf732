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
(message 1)
[07/07 09:00] bot, message 2:
    📌 Đã ghi việc #1
    gửi báo cáo tài chính
    👤 Giao cho: @hoa_ctd
    📅 Hạn: Thứ Sáu, 15/07/2022 (từ «thứ Sáu tuần sau»)
    [1] ✅ Xong
Thư ký Khối> /ds
(message 3)
[07/07 09:00] bot, message 4:
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
[07/07 09:00] bot, message 2, edited:
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
    assert "Thư ký Khối> /viec @lan: đặt phòng họp ngày mai\n(message 5)\n[07/07 09:00] bot" in text
    assert "📅 Hạn: Thứ Sáu, 08/07/2022 (từ «ngày mai»)\n    [3] ✅ Xong" in text
    # Moving the clock ahead brings the reminders due meanwhile, at their time; the overdue
    # notice waits for Monday (Saturday is a day off).
    after = text.split("Thư ký Khối> :clock +2d\n", 1)[1]
    assert after == (
        """\
[08/07 09:00] bot, message 7:
    ⏰ Nhắc việc

    #2 đặt phòng họp
       👤 @lan
       📅 Thứ Sáu, 08/07/2022 — hạn là hôm nay
    [4] ✅ Xong #2  [5] ⏰ Nhắc lại mai #2  [6] 📅 Đổi hạn #2
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


async def _console(script: str, clock: FakeClock, stdin: io.StringIO | None = None) -> str:
    """What the console prints for ``script`` piped into it (or typed, with ``stdin``)."""
    out = io.StringIO()
    stdin = stdin or io.StringIO(script)
    assert await run_console(Settings(_env_file=None), stdin=stdin, stdout=out, clock=clock) == 0
    return out.getvalue()


async def test_help_lists_the_commands_for_chats_topics_replies_and_lines(
    clock: FakeClock,
) -> None:
    text = await _console(":help\n", clock)
    for line in (
        "    :chats                   the chats you can post in",
        "    :chat 2, :chat private   post in another group, or in your private chat with the bot",
        "    :topic NAME, :topic 1    post in that topic of the group (:topic general: the main",
        "    :reply 5 TEXT            send TEXT as a reply to message 5 (every message shows its",
        "    :multi                   the lines that follow, up to a line :end, are one message",
        "    :clock 2022-07-07 09:00  set that time (or 07/07/2022 09:00): back only before the",
    ):
        assert line in text


SEVERAL_LINES = """\
:multi
/viec @hoa_ctd: gửi báo cáo tài chính ngày mai
/viec @hoa_ctd: đặt phòng họp
  trước thứ Sáu tuần sau
:end
/ds
:multi /xong 1
/xong 2
:end
:multi
/ds
"""


async def test_a_message_of_several_lines(clock: FakeClock) -> None:
    text = await _console(SEVERAL_LINES, clock)
    expected = """\
Thư ký Khối> :multi
(the lines that follow are one message, up to a line :end)
... /viec @hoa_ctd: gửi báo cáo tài chính ngày mai
... /viec @hoa_ctd: đặt phòng họp
...   trước thứ Sáu tuần sau
... :end
(message 1)
[07/07 09:00] bot, message 2:
    📌 Đã ghi việc #1
    gửi báo cáo tài chính
"""
    assert expected in text
    # The indented line continues the task above it, in the same message.
    second = text.split("[07/07 09:00] bot, message 3:\n", 1)[1]
    assert second.startswith("    📌 Đã ghi việc #2\n    đặt phòng họp\n")
    assert "📅 Hạn: Thứ Sáu, 15/07/2022" in second
    listed = "Thư ký Khối> /ds\n(message 4)\n[07/07 09:00] bot, message 5:\n    2 việc đang mở"
    assert listed in text
    # Text after :multi is its first line.
    assert "Thư ký Khối> :multi /xong 1\n(the lines that follow" in text
    assert "... :end\n(message 6)\n[07/07 09:00] bot, message 7:\n    ✅ Việc #1 đã xong" in text
    assert "[07/07 09:00] bot, message 8:\n    ✅ Việc #2 đã xong" in text
    # A message the input ends in is not sent.
    assert text.endswith(
        "Thư ký Khối> :multi\n(the lines that follow are one message, up to a line :end)\n"
        "... /ds\n(not sent: the message begun with :multi had no :end)\n"
    )


class _Terminal(io.StringIO):
    """Input typed at a terminal: the console shows its prompts and echoes nothing."""

    def isatty(self) -> bool:
        return True


async def test_typed_lines_of_a_message_have_their_own_prompt(clock: FakeClock) -> None:
    text = await _console("", clock, stdin=_Terminal(":multi\n/ds\n:end\n:multi\n/ds\n"))
    assert "Thư ký Khối> (the lines that follow are one message, up to a line :end)\n" in text
    assert "\n... ... (message 1)\n" in text
    assert text.endswith("... ... \n(not sent: the message begun with :multi had no :end)\n")


REPLIES = """\
Gửi báo cáo tài chính trước thứ Sáu tuần sau
:reply 1 /viec @hoa_ctd
:reply 9 /ds
:reply
:reply first /ds
:reply 3
:multi
/xong 1
:end
/ds
"""


async def test_replies_to_a_message_by_its_number(clock: FakeClock) -> None:
    text = await _console(REPLIES, clock)
    expected = """\
Thư ký Khối> Gửi báo cáo tài chính trước thứ Sáu tuần sau
(message 1)
Thư ký Khối> :reply 1 /viec @hoa_ctd
(message 2, a reply to message 1)
[07/07 09:00] bot, message 3:
    📌 Đã ghi việc #1
    Gửi báo cáo tài chính
    👤 Giao cho: @hoa_ctd
    📅 Hạn: Thứ Sáu, 15/07/2022"""
    assert expected in text
    usage = (
        "Say which message to reply to, by its number: :reply 3 /viec CTĐ, or :reply 3 "
        "alone to reply with your next message."
    )
    assert "Thư ký Khối> :reply 9 /ds\nThere is no message 9 in this chat.\n" in text
    assert f"Thư ký Khối> :reply\n{usage}\nThư ký Khối> :reply first /ds\n{usage}\n" in text
    assert "Thư ký Khối> :reply 3\nYour next message replies to message 3.\n" in text
    assert "... :end\n(message 4, a reply to message 3)\n" in text
    assert "Thư ký Khối> /ds\n(message 6)\n" in text  # the next one is not a reply


TOPICS = """\
:topic
:topic hoi thao
:topic new Hội thao
/viec @hoa_ctd: in tài liệu ngày mai
:topic general
/viec @hoa_ctd: gửi thư mời ngày mai
:topic
:topic new
:clock +1d
:topic 2
:chat private
:topic
"""


async def test_forum_topics(clock: FakeClock) -> None:
    text = await _console(TOPICS, clock)
    assert "Thư ký Khối> :topic\n→ 1. General\n" in text
    assert (
        "Thư ký Khối> :topic hoi thao\n"
        "There is no topic 'hoi thao' in this group; :topic new hoi thao opens it.\n"
    ) in text
    expected = """\
Thư ký Khối> :topic new Hội thao
Thư ký Khối opens the topic «Hội thao»; you post in it now.
Thư ký Khối › Hội thao> /viec @hoa_ctd: in tài liệu ngày mai
(message 2)
[07/07 09:00] bot, message 3:
    📌 Đã ghi việc #1"""
    assert expected in text
    assert "Thư ký Khối › Hội thao> :topic general\nYou post in «General» now.\n" in text
    assert "Thư ký Khối> :topic\n→ 1. General\n  2. Hội thao\n" in text
    assert "Thư ký Khối> :topic new\nName the new topic: :topic new Hội thao.\n" in text
    # The reminders go to each task's topic; the one posted elsewhere says where.
    after = text.split("Thư ký Khối> :clock +1d\n", 1)[1]
    assert after.startswith("[08/07 09:00] bot, message 6:\n    ⏰ Nhắc việc\n\n    #2 gửi thư mời")
    assert "[08/07 09:00] bot, message 7, in «Hội thao»:\n    ⏰ Nhắc việc\n\n    #1 in" in after
    assert "Thư ký Khối> :topic 2\nYou post in «Hội thao» now.\n" in text
    assert (
        "Thư ký Khối › private> :topic\nA private chat has no topics; :chats lists the groups.\n"
    ) in text


CHATS = """\
:chats
:chat private
/ds
:user hoa
:chats
:chat 1
:user thu ky
:chat new
:chat new Hội Nông dân
:users
/viec @hoa_ctd: nộp báo cáo ngày mai
:chat 3
:chat khoi
:clock +1d
"""


async def test_chats_a_second_group_and_private_chats(clock: FakeClock) -> None:
    title = "Khối thi đua các Hội có tính chất đặc thù số 1"
    text = await _console(CHATS, clock)
    assert f"Thư ký Khối> :chats\n→ 1. {title}\n  private: your private chat with the bot\n" in text
    assert (
        "Thư ký Khối> :chat private\n"
        "You post in «the private chat of Thư ký Khối» now.\n"
        "Thư ký Khối › private> /ds\n(message 1)\n[07/07 09:00] bot, message 2:\n"
    ) in text
    # Speaking as someone else in a private chat is speaking in theirs.
    assert (
        "Thư ký Khối › private> :user hoa\n"
        "You are now Hoa (Hội Chữ thập đỏ), in your private chat with the bot.\n"
        f"Hoa › private> :chats\n  1. {title}\n→ private: your private chat with the bot\n"
        f"Hoa › private> :chat 1\nYou post in «{title}» now.\nHoa> :user thu ky\n"
    ) in text
    assert "Thư ký Khối> :chat new\nGive the new group a title: :chat new Hội Nông dân.\n" in text
    expected = """\
Thư ký Khối> :chat new Hội Nông dân
Thư ký Khối creates the group «Hội Nông dân», with everybody here in it; you post in it now.
Thư ký Khối › Hội Nông dân> :users
→ 1. Thư ký Khối (@thuky_khoi1), owner
  2. Trần Ngọc Nguyên (@nguyen_lhh), member
  3. Hoa (Hội Chữ thập đỏ) (@hoa_ctd), member
Thư ký Khối › Hội Nông dân> /viec @hoa_ctd: nộp báo cáo ngày mai
(message 1)
[07/07 09:00] bot, message 2:
    📌 Đã ghi việc #1
    nộp báo cáo"""
    assert expected in text
    assert (
        "Thư ký Khối › Hội Nông dân> :chat 3\n"
        "There is no chat '3'; :chats lists them, :chat new 3 makes a group.\n"
    ) in text
    # The reminder of the other group arrives all the same, saying where.
    assert (
        f"Thư ký Khối › Hội Nông dân> :chat khoi\nYou post in «{title}» now.\n"
        "Thư ký Khối> :clock +1d\n[08/07 09:00] bot, message 3, in «Hội Nông dân»:\n"
        "    ⏰ Nhắc việc\n"
    ) in text


RELAYED = """\
/ds
:chat private
/nhom
:1
/viec @hoa_ctd: in tài liệu ngày mai
:user hoa
:4
"""


async def test_what_a_private_command_posts_in_the_group_and_whose_buttons(
    clock: FakeClock,
) -> None:
    title = "Khối thi đua các Hội có tính chất đặc thù số 1"
    text = await _console(RELAYED, clock)  # the bot knows the group from its /ds
    # The copy the bot posts in the group is shown where it is, before the private answer.
    assert (
        "Thư ký Khối › private> /viec @hoa_ctd: in tài liệu ngày mai\n(message 3)\n"
        f"[07/07 09:00] bot, message 3, in «{title}»:\n"
    ) in text
    assert "    [5] ✅ Xong\n[07/07 09:00] bot, message 4:\n    📍 " in text
    assert (
        "Hoa › private> :4\n"
        "Hoa (Hội Chữ thập đỏ) is not in «the private chat of Thư ký Khối», where button 4 is.\n"
    ) in text


CLOCK = """\
:clock 2022-07-01 08:00
/viec @hoa_ctd: gửi báo cáo ngày mai
:clock 2022-06-01 09:00
:clock 02/07/2022 09:00
:clock 2022-13-01
:clock yesterday
:clock
"""


async def test_the_clock_is_set_to_a_date_and_time(clock: FakeClock) -> None:
    text = await _console(CLOCK, clock)
    # Before the bot has been told anything, the clock may go back: a real meeting's morning.
    assert (
        "Thư ký Khối> :clock 2022-07-01 08:00\nThe clock is set to Friday 01/07/2022 08:00.\n"
    ) in text
    assert "[01/07 08:00] bot, message 2:" in text
    assert "📅 Hạn: Thứ Bảy, 02/07/2022 (từ «ngày mai»)" in text
    assert (
        "Thư ký Khối> :clock 2022-06-01 09:00\n"
        "The clock stays at Friday 01/07/2022 08:00: it goes back only before the first "
        "message, since the bot's records and the reminders it sent are dated by it. To "
        "replay an earlier day, start a new console and begin with :clock 2022-06-01 09:00.\n"
    ) in text
    # Due on Saturday: reminded on Friday at 09:00, the clock passing it.
    assert (
        "Thư ký Khối> :clock 02/07/2022 09:00\n[01/07 09:00] bot, message 3:\n    ⏰ Nhắc việc\n"
    ) in text
    assert "The clock moved ahead to Saturday 02/07/2022 09:00.\n" in text
    usage = (
        "Say where to move the clock: ahead with :clock +3d (w weeks, d days, h hours, "
        "m minutes), or to a date and time with :clock 2022-07-07 09:00 (or 07/07/2022 09:00)."
    )
    assert f"Thư ký Khối> :clock 2022-13-01\n{usage}\n" in text
    assert f"Thư ký Khối> :clock yesterday\n{usage}\n" in text
    assert "It is Saturday 02/07/2022 09:00 for the bot" in text


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
