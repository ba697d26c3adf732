"""Application services: each public method is one use case and one transaction."""

from bot.services.base import RequestContext, ServiceDeps
from bot.services.chats import ChatService
from bot.services.decisions import DecisionService
from bot.services.organisations import OrganisationService
from bot.services.tasks import TaskRecorded, TaskService

__all__ = [
    "ChatService",
    "DecisionService",
    "OrganisationService",
    "RequestContext",
    "ServiceDeps",
    "TaskRecorded",
    "TaskService",
]
