"""``followup sandbox`` on a busy or invalid port: one sentence, no traceback."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _followup(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "sandbox", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_busy_port_is_one_sentence() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = _followup("--port", str(port))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        f"followup sandbox: cannot listen on 127.0.0.1 port {port} (address already in use); "
        "choose another --port (or --host), and set TELEGRAM_API_BASE_URL to match.\n"
    )


def test_a_port_out_of_range_is_refused_by_the_arguments() -> None:
    done = _followup("--port", "99999")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1] == (
        "followup sandbox: error: argument --port: '99999' is not a port number from 0 to 65535"
    )
