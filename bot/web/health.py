"""``/healthz``: is the database reachable, is the scheduler running, did Telegram last answer?

Healthy only when all three hold. Telegram's part is the last Bot API call this process made
(none yet counts as healthy: a webhook replica may stay silent for hours); a failing call makes
the replica unhealthy until a call succeeds again, which the reminder sweep or the next update
brings about.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot.context import FollowUpApplication
from bot.reminders.timer import SWEEP_JOB
from storage import Database

DATABASE_TIMEOUT = 2.0  # seconds for SELECT 1; a health check must answer quickly
JSON = dict[str, Any]


async def database_check(database: Database) -> JSON:
    """``SELECT 1`` within :data:`DATABASE_TIMEOUT`."""
    try:
        async with asyncio.timeout(DATABASE_TIMEOUT), database.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except TimeoutError:
        return {"ok": False, "error": f"no answer within {DATABASE_TIMEOUT:g} s"}
    except (SQLAlchemyError, OSError) as exc:
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True}


def scheduler_check(application: FollowUpApplication) -> JSON:
    """APScheduler (PTB's ``JobQueue``) runs, and the reminder sweep is among its jobs."""
    queue = application.job_queue
    running = queue is not None and queue.scheduler.running
    sweep = queue is not None and bool(queue.get_jobs_by_name(SWEEP_JOB))
    return {"ok": running and sweep, "running": running, "reminder_sweep": sweep}


def telegram_check(application: FollowUpApplication) -> JSON:
    """The last Bot API call's result: method, time, ok, error."""
    last = application.last_call.result
    if last is None:
        return {"ok": True, "last_call": None}
    call: JSON = {"method": last.method, "at": last.at.isoformat(), "ok": last.ok}
    if last.error is not None:
        call["error"] = last.error
    return {"ok": last.ok, "last_call": call}


async def health(application: FollowUpApplication) -> tuple[bool, JSON]:
    """Whether the bot is healthy, and the report ``/healthz`` shows."""
    checks = {
        "database": await database_check(application.services.database),
        "scheduler": scheduler_check(application),
        "telegram": telegram_check(application),
    }
    healthy = all(check["ok"] for check in checks.values())
    return healthy, {"status": "ok" if healthy else "unhealthy", **checks}
