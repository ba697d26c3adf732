"""Log lines: one per event, JSON when asked, the token and secrets masked wherever they occur."""

from __future__ import annotations

import json
import logging

import pytest

from bot.logs import JsonLineFormatter, Redactor, TextFormatter, configure

TOKEN = "987654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
SECRET = "webhook-secret_0123"


def record(
    message: str, *args: object, exc: BaseException | None = None, **extra: object
) -> logging.LogRecord:
    rec = logging.LogRecord("bot.test", logging.ERROR, __file__, 1, message, args, None)
    if exc is not None:
        rec.exc_info = (type(exc), exc, exc.__traceback__)
    rec.__dict__.update(extra)
    return rec


def failure() -> BaseException:
    try:
        raise RuntimeError(f"POST https://api.telegram.org/bot{TOKEN}/setWebhook {SECRET}")
    except RuntimeError as exc:
        return exc


@pytest.fixture
def redact() -> Redactor:
    return Redactor([SECRET, None, ""])


def test_json_line_has_time_level_logger_message_and_extras(redact: Redactor) -> None:
    line = JsonLineFormatter(redact).format(record("gửi %s", "báo cáo", update_id=7))
    assert "\n" not in line
    event = json.loads(line)
    assert list(event)[:4] == ["time", "level", "logger", "message"]
    assert event["time"].endswith("+00:00")
    assert (event["level"], event["logger"], event["message"]) == (
        "ERROR",
        "bot.test",
        "gửi báo cáo",
    )
    assert event["update_id"] == 7


@pytest.mark.parametrize("formatter", [JsonLineFormatter, TextFormatter])
def test_token_and_secret_are_masked_everywhere(
    redact: Redactor, formatter: type[JsonLineFormatter] | type[TextFormatter]
) -> None:
    rec = record(
        f"calling {TOKEN} with %s", {"secret_token": SECRET}, exc=failure(), url=f"/bot{TOKEN}/x"
    )
    line = formatter(redact).format(rec)
    assert "\n" not in line
    assert TOKEN not in line
    assert TOKEN.split(":")[1] not in line
    assert SECRET not in line
    assert line.count("<token>") == 3  # message, extra, traceback
    assert line.count("<secret>") == 2  # the argument, the traceback


def test_text_line_is_one_line_with_extras(redact: Redactor) -> None:
    line = TextFormatter(redact).format(record("hai\ndòng", update_id=7))
    assert "\n" not in line
    assert line.split(" ", 1)[1] == "ERROR bot.test: hai\\ndòng update_id=7"


@pytest.mark.parametrize(("level", "shown"), [("INFO", False), ("WARNING", False), ("DEBUG", True)])
def test_the_scheduler_s_line_for_each_run_shows_only_at_debug(level: str, shown: bool) -> None:
    # APScheduler logs three INFO lines a minute for the reminder sweep of an idle bot.
    try:
        configure(level)
        for name in ("apscheduler.executors.default", "apscheduler.scheduler"):
            assert logging.getLogger(name).isEnabledFor(logging.INFO) is shown
            assert logging.getLogger(name).isEnabledFor(logging.WARNING)
    finally:
        configure("WARNING")
