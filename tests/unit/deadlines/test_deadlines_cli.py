"""``followup parse``: one JSON object per text, one JSON line per input line."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from typing import Any

from bot.deadlines.cli import run_parse

CLOCK = datetime(2022, 7, 7, 3, 0, tzinfo=UTC)  # 10:00 in Ho Chi Minh City


def _run(
    text: str | None,
    stdin: str = "",
    *,
    jsonl: bool = False,
    now: str | None = None,
    tz: str = "Asia/Ho_Chi_Minh",
    lang: str = "vi,en",
) -> tuple[int, list[dict[str, Any]]]:
    out = io.StringIO()
    code = run_parse(
        text,
        jsonl=jsonl,
        now=now,
        tz=tz,
        lang=lang,
        clock_now=CLOCK,
        stdin=io.StringIO(stdin),
        stdout=out,
    )
    return code, [json.loads(line) for line in out.getvalue().splitlines()]


def test_single_text() -> None:
    code, [out] = _run("gửi báo cáo trước 17h thứ 6")
    assert code == 0
    assert out["date"] == "2022-07-08"
    assert out["time"] == "17:00"
    assert out["due_utc"] == "2022-07-08T10:00:00+00:00"
    assert out["precision"] == "time"
    assert out["span"] == [18, 27]
    assert out["title"] == "gửi báo cáo"
    assert out["confirm"] is False
    assert out["confirm_reasons"] == []
    assert "error" not in out


def test_now_option_and_naive_now_in_chat_zone() -> None:
    _, [out] = _run("cuối tháng", now="2022-08-10T09:00")
    assert out["date"] == "2022-08-31"


def test_errors_are_english_sentences() -> None:
    code, [out] = _run("31/02")
    assert code == 1
    assert out["error"] == "'31/02' is not a real date."
    code, [out] = _run("khi nào xong thì báo")
    assert code == 1
    assert out["error"] == "No deadline found in the text."
    assert out["date"] is None


def test_bad_options() -> None:
    assert _run("mai", tz="Mars/Olympus")[0] == 2
    assert _run("mai", lang="fr")[0] == 2
    assert _run("mai", now="yesterday")[0] == 2


def test_jsonl_keeps_order_and_survives_bad_lines() -> None:
    lines = [
        json.dumps({"text": "cuối tháng 7", "id": 7}),
        "not json",
        "",
        json.dumps({"text": "9h", "now": "2022-07-07T08:00:00+07:00"}),
        json.dumps({"text": "next Friday", "lang": "en", "tz": "Europe/Berlin"}),
        json.dumps({"text": "x", "tz": "Nowhere/Else"}),
        json.dumps(["text"]),
        json.dumps({"text": "x", "now": 5}),
    ]
    code, out = _run(None, "\n".join(lines) + "\n", jsonl=True, now="2022-07-07T10:00:00+07:00")
    assert code == 0
    assert len(out) == len(lines)
    assert out[0]["id"] == 7
    assert out[0]["date"] == "2022-07-31"
    assert "error" in out[1]
    assert "error" in out[2]
    assert (out[3]["date"], out[3]["time"]) == ("2022-07-07", "09:00")
    assert out[4]["date"] == "2022-07-15"
    assert all("error" in o for o in out[5:])
