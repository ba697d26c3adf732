"""Logging set-up: one line per event, and never the bot token."""

from __future__ import annotations

import logging
import re

_TOKEN = re.compile(r"\d{3,}:[A-Za-z0-9_-]{20,}")


class RedactTokens(logging.Filter):
    """Replace anything shaped like a bot token (it appears in Bot API URLs) with a mask."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _TOKEN.sub("<token>", record.getMessage())
        record.args = None
        return True


def configure(level: str = "INFO") -> None:
    """Log to standard error, tokens masked; the HTTP client's per-request lines stay quiet."""
    handler = logging.StreamHandler()
    handler.addFilter(RedactTokens())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level.upper(), handlers=[handler], force=True)
    for noisy in ("httpx", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
