"""The typed glue between python-telegram-bot and the services.

Handlers reach the services through ``context.services`` (a :class:`FollowUpContext`), never
through untyped ``bot_data`` look-ups.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any, TypeGuard, cast

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.admins import Administrators, Members
from bot.clock import Clock
from bot.i18n import Catalogs
from bot.metrics import Metrics
from bot.reminders.timer import ReminderTimer
from bot.resends import Resends
from bot.services import ChatService, DecisionService, OrganisationService, TaskService
from bot.services.deadlines import DeadlineService
from bot.services.exports import ExportService
from bot.services.forget import ForgetService
from bot.services.group_choice import GroupChoiceService
from bot.services.meetings import MeetingService
from bot.services.reminders import ReminderService
from bot.services.roles import RoleService
from bot.services.task_drafts import TaskDraftService
from bot.services.task_life import TaskLifeService
from bot.telegram_calls import LastCall
from bot.updates import RecentUpdates, UpdateLedger
from storage import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Services:
    """Everything a handler may call."""

    chats: ChatService
    decisions: DecisionService
    tasks: TaskService
    organisations: OrganisationService
    deadlines: DeadlineService
    meetings: MeetingService
    roles: RoleService
    task_life: TaskLifeService
    drafts: TaskDraftService
    exports: ExportService
    reminders: ReminderService
    group_choice: GroupChoiceService
    forget: ForgetService
    timer: ReminderTimer
    catalogs: Catalogs
    clock: Clock
    database: Database
    admins: Administrators
    members: Members
    resends: Resends
    metrics: Metrics = field(default_factory=Metrics)


class FollowUpApplication(Application[Any, Any, Any, Any, Any, Any]):
    """PTB's ``Application`` carrying the services it was built with.

    Every update is counted and timed in the metrics. An update already handled is skipped: with a
    ``ledger`` (webhook mode) handled here or by another replica, otherwise (polling) among the
    last ones this process handled (:mod:`bot.updates` says why memory is enough there). So is
    an update in a chat with no sender (see :func:`unsigned`).
    """

    def __init__(
        self, *, services: Services, last_call: LastCall | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.services = services
        self.last_call = last_call or LastCall()
        self.ledger: UpdateLedger | None = None
        self.recent = RecentUpdates()

    async def process_update(self, update: object) -> None:
        """Handle ``update`` once, timing it."""
        if unsigned(update):
            log.info("update %s in a chat but from nobody: passed over", update.update_id)
            return
        if isinstance(update, Update) and not await self._first_time(update.update_id):
            self.services.metrics.duplicates.inc()
            log.info("update %s was handled already; skipped", update.update_id)
            return
        started = time.perf_counter()
        try:
            await super().process_update(update)
        finally:
            self.services.metrics.handled(update, time.perf_counter() - started)

    async def _first_time(self, update_id: int) -> bool:
        ledger = self.ledger
        if ledger is not None:
            return await ledger.first_time(update_id)
        return self.recent.first_time(update_id)


def unsigned(update: object) -> TypeGuard[Update]:
    """Whether ``update`` is in a chat but names nobody who sent it: a message with neither
    ``from`` nor ``sender_chat``. Telegram sends such messages only in channels, which the bot
    does not ask for; another Bot API server may send one anywhere. Every command acts for
    someone (an anonymous administrator comes from GroupAnonymousBot, a channel from
    Channel_Bot), so such an update is passed over before any handler sees it."""
    return (
        isinstance(update, Update)
        and update.effective_chat is not None
        and update.effective_user is None
    )


class FollowUpContext(
    CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]
):
    """The callback context handlers receive."""

    @property
    def services(self) -> Services:
        """The application's services."""
        return cast(FollowUpApplication, self.application).services
