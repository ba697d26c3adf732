"""The typed glue between python-telegram-bot and the services.

Handlers reach the services through ``context.services`` (a :class:`FollowUpContext`), never
through untyped ``bot_data`` look-ups.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from telegram.ext import Application, CallbackContext, ExtBot

from bot.admins import Administrators
from bot.clock import Clock
from bot.i18n import Catalogs
from bot.reminders.timer import ReminderTimer
from bot.services import ChatService, DecisionService, OrganisationService, TaskService
from bot.services.deadlines import DeadlineService
from bot.services.exports import ExportService
from bot.services.meetings import MeetingService
from bot.services.reminders import ReminderService
from storage import Database


@dataclass(frozen=True, slots=True)
class Services:
    """Everything a handler may call."""

    chats: ChatService
    decisions: DecisionService
    tasks: TaskService
    organisations: OrganisationService
    deadlines: DeadlineService
    meetings: MeetingService
    exports: ExportService
    reminders: ReminderService
    timer: ReminderTimer
    catalogs: Catalogs
    clock: Clock
    database: Database
    admins: Administrators


class FollowUpApplication(Application[Any, Any, Any, Any, Any, Any]):
    """PTB's ``Application`` carrying the services it was built with."""

    def __init__(self, *, services: Services, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.services = services


class FollowUpContext(
    CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]
):
    """The callback context handlers receive."""

    @property
    def services(self) -> Services:
        """The application's services."""
        return cast(FollowUpApplication, self.application).services
