"""Logging set-up: one line per event, as text or JSON, never the bot token or webhook secret.

Masking happens on the finished line (message, arguments, extras and traceback alike), so no
code path can log a secret by formatting it in a way the mask did not foresee.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

_TOKEN = re.compile(r"\d{3,}:[A-Za-z0-9_-]{20,}")
_STANDARD = frozenset(RESERVED_ATTRS) | {"taskName"}


class Redactor:
    """Masks anything shaped like a bot token (it appears in Bot API URLs), and known secrets."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        # Longest first, so a secret containing another is masked whole.
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        """``text`` with every token and secret replaced by a mask."""
        text = _TOKEN.sub("<token>", text)
        for secret in self._secrets:
            text = text.replace(secret, "<secret>")
        return text


def _extras(record: logging.LogRecord) -> dict[str, Any]:
    """What the caller passed with ``extra=``."""
    return {k: v for k, v in record.__dict__.items() if k not in _STANDARD}


def _iso(record: logging.LogRecord) -> str:
    return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")


class TextFormatter(logging.Formatter):
    """``time level logger: message key=value...`` on one line; a traceback stays on it too."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self._redact = redact

    def format(self, record: logging.LogRecord) -> str:
        """The event as one masked line."""
        line = f"{_iso(record)} {record.levelname} {record.name}: {record.getMessage()}"
        line += "".join(f" {key}={value!r}" for key, value in _extras(record).items())
        if record.exc_info:
            line += " exc_info=" + repr(self.formatException(record.exc_info))
        if record.stack_info:
            line += " stack_info=" + repr(record.stack_info)
        return self._redact(line.replace("\n", "\\n"))


class JsonLineFormatter(JsonFormatter):
    """One JSON object per line: time, level, logger, message, then any extras (and exc_info)."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            json_ensure_ascii=False,
        )
        self._redact = redact

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        """ISO 8601 in UTC, e.g. ``2025-03-03T02:00:00.123+00:00``."""
        return _iso(record)

    def format(self, record: logging.LogRecord) -> str:
        """The event as one masked JSON line."""
        return self._redact(super().format(record))


def configure(level: str = "INFO", fmt: str = "text", redact: Redactor | None = None) -> None:
    """Log to standard error, one line per event (``fmt`` text or json), masked by ``redact``.

    The HTTP client's per-request lines and Alembic's progress stay quiet, and so do
    APScheduler's lines for each run of a job (three a minute when idle) unless ``level`` is
    DEBUG; its warnings and errors (a missed run, a job that failed) still show.
    """
    redact = redact or Redactor()
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLineFormatter(redact) if fmt == "json" else TextFormatter(redact))
    logging.basicConfig(level=level.upper(), handlers=[handler], force=True)
    for noisy in ("httpx", "alembic", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    scheduler = logging.DEBUG if level.upper() == "DEBUG" else logging.WARNING
    logging.getLogger("apscheduler").setLevel(scheduler)
