"""The one factory: builds the database, services and python-telegram-bot ``Application``."""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import ApplicationBuilder, BaseRateLimiter, ContextTypes, Defaults

import handlers
from bot import deadlines
from bot.admins import Administrators, Members
from bot.clock import Clock
from bot.commands import register_menu
from bot.context import FollowUpApplication, FollowUpContext, Services
from bot.i18n import Catalogs
from bot.metrics import Metrics
from bot.processing import PerChatOrder
from bot.rate_limits import PostingLimiter
from bot.reminders.observed import ObservedReminderService, count_planned
from bot.reminders.timer import ReminderTimer
from bot.resends import RESEND_AFTER, Resends
from bot.services import (
    ChatService,
    DecisionService,
    OrganisationService,
    ServiceDeps,
    TaskService,
)
from bot.services.deadlines import DeadlineService
from bot.services.exports import ExportService
from bot.services.forget import ForgetService
from bot.services.group_choice import GroupChoiceService
from bot.services.meetings import MeetingService
from bot.services.old_plans import replan_old_plans
from bot.services.roles import RoleService
from bot.services.task_drafts import TaskDraftService
from bot.services.task_life import TaskLifeService
from bot.settings import Settings
from bot.telegram_calls import LastCall, ObservedRequest
from handlers.reminders import reminder_job
from storage import Database

log = logging.getLogger(__name__)
# Edited messages are asked for only to tell the author an edit changes nothing recorded.
ALLOWED_UPDATES = [
    Update.MESSAGE,
    Update.EDITED_MESSAGE,
    Update.CALLBACK_QUERY,
    Update.MY_CHAT_MEMBER,
]


def build_services(settings: Settings, database: Database, clock: Clock) -> Services:
    """Every service, sharing one database, one clock and one reminder timer."""
    timer = ReminderTimer(clock)
    deps = ServiceDeps(
        database,
        clock,
        settings.default_timezone,
        settings.default_language,
        wakeup=timer,
        default_holidays=settings.default_holidays,
    )
    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
    tasks = TaskService(deps)
    metrics = Metrics()
    count_planned(database, metrics)
    chats = ChatService(deps)
    return Services(
        chats=chats,
        decisions=DecisionService(deps),
        tasks=tasks,
        task_life=TaskLifeService(deps, tasks),
        drafts=TaskDraftService(deps, tasks),
        organisations=OrganisationService(deps),
        deadlines=DeadlineService(deps),
        meetings=MeetingService(deps),
        roles=RoleService(deps),
        exports=ExportService(deps),
        reminders=ObservedReminderService(deps, owner, metrics),
        group_choice=GroupChoiceService(deps),
        forget=ForgetService(deps),
        timer=timer,
        catalogs=Catalogs(settings.default_language),
        clock=clock,
        database=database,
        admins=Administrators(clock),
        members=Members(clock),
        resends=Resends(database, owner, refused=chats.refused),
        metrics=metrics,
    )


def build_application(
    settings: Settings,
    services: Services,
    *,
    token: str,
    rate_limiter: BaseRateLimiter[Any] | None = None,
    polling: bool = True,
    read_timeout: float = 5.0,
    resend_after: Sequence[timedelta] = RESEND_AFTER,
) -> FollowUpApplication:
    """The PTB application wired to the services, talking to the configured Bot API server.

    ``polling=False`` (webhook mode) builds it without an ``Updater``: the web server puts the
    updates Telegram posts into its ``update_queue``. ``read_timeout`` is how many seconds a
    call waits for Telegram's answer before it counts as lost (PTB's default, 5);
    ``resend_after``, the pauses before an answer Telegram did not take is sent again
    (``bot.resends``).
    """
    root = settings.telegram_api_base_url
    metrics, last_call, clock = services.metrics, LastCall(), services.clock
    kwargs = {"services": services, "last_call": last_call}
    builder = (
        ApplicationBuilder()
        .application_class(FollowUpApplication, kwargs=kwargs)
        .context_types(ContextTypes(context=FollowUpContext))
        .token(token)
        .base_url(f"{root}/bot")
        .base_file_url(f"{root}/file/bot")
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                # An answer still goes out when its command was deleted before it: the record
                # was made, and an answer without a quote beats "message to be replied not found".
                allow_sending_without_reply=True,
            )
        )
        .post_init(prepare)
        # Different chats at the same time, each chat's updates in order.
        .concurrent_updates(PerChatOrder())
        # PTB's defaults (256 connections for calls, 1 for getUpdates), with each call observed.
        .request(
            ObservedRequest(
                metrics, last_call, clock, connection_pool_size=256, read_timeout=read_timeout
            )
        )
    )
    if polling:
        builder = builder.get_updates_request(
            ObservedRequest(metrics, last_call, clock, read_timeout=read_timeout)
        )
    else:
        builder = builder.updater(None)
    if rate_limiter is not None:
        builder = builder.rate_limiter(rate_limiter)
    application = builder.build()
    assert isinstance(application, FollowUpApplication)
    application.add_handlers(handlers.all_handlers())
    application.add_error_handler(handlers.on_error)
    metrics.watch_handlers(h for group in application.handlers.values() for h in group)
    metrics.update_queue.set_function(application.update_queue.qsize)
    assert application.job_queue is not None  # the job-queue extra is a dependency
    services.timer.attach(application.job_queue, reminder_job)
    services.resends.attach(application.job_queue, resend_after)
    return application


def default_rate_limiter(**limits: float) -> PostingLimiter:
    """Telegram's limits (30 messages a second, 20 a minute posted into a group, see
    ``bot.rate_limits``), with 429 retries.

    5xx answers and lost connections are retried by the request layer (``ObservedRequest``),
    which can tell whether a call may have been carried out already. ``limits`` override
    AIORateLimiter's own (``group_max_rate=...``), for tests that must not wait on them.
    """
    return PostingLimiter(max_retries=3, **limits)


async def prepare(application: Any) -> None:
    """Start-up work before the first update and the first reminder: plan again the reminders
    an older version planned, register the command menu, compile the deadline grammars."""
    assert isinstance(application, FollowUpApplication)
    services = application.services
    await replan_old_plans(services.database, services.clock)
    await register_menu(application.bot, services.catalogs)
    deadlines.prepare()


def polling_failed(error: TelegramError) -> None:
    """python-telegram-bot's ``error_callback`` for a failed ``getUpdates``: one warning line
    (its own default logs a traceback of several kB on each retry cycle while Telegram is out
    of reach); the traceback stays at DEBUG. The updater tries again by itself, ever more
    slowly (up to every 30 s)."""
    log.warning(
        "getting updates from Telegram failed (%s: %.300s); trying again",
        type(error).__name__,
        error.message,
    )
    log.debug("getUpdates failure", exc_info=error)


@asynccontextmanager
async def running(application: FollowUpApplication) -> AsyncIterator[FollowUpApplication]:
    """Run the application with long polling inside an ``async with`` (tests and the demo)."""
    await application.services.database.upgrade()
    async with application:
        await prepare(application)
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(
            poll_interval=0,
            timeout=10,
            allowed_updates=ALLOWED_UPDATES,
            error_callback=polling_failed,
        )
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()
