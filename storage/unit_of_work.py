"""One transaction per update or job: the unit of work opens it, repositories use it."""

from __future__ import annotations

import logging
from types import TracebackType

from storage.database import Database
from storage.repositories.answers import PendingAnswerRepository
from storage.repositories.audit import AuditRepository
from storage.repositories.chats import ChatRepository
from storage.repositories.decisions import DecisionRepository
from storage.repositories.drafts import DraftRepository
from storage.repositories.meetings import MeetingRepository
from storage.repositories.organisations import OrganisationRepository
from storage.repositories.persons import PersonRepository
from storage.repositories.prompts import PromptRepository
from storage.repositories.questions import ForgetQuestionRepository
from storage.repositories.reminders import ReminderRepository
from storage.repositories.requests import RequestRepository
from storage.repositories.tasks import TaskRepository
from storage.repositories.updates import ProcessedUpdateRepository
from storage.session import UnitSession

log = logging.getLogger(__name__)


class UnitOfWork:
    """An async context manager around one session; nothing is written unless :meth:`commit`.

    On SQLite it first waits for the writer's turn, and its commit shares a ``COMMIT`` with
    the units that finish close to it (:mod:`storage.inline_sqlite`).
    """

    session: UnitSession

    def __init__(self, database: Database) -> None:
        self._database = database

    async def __aenter__(self) -> UnitOfWork:
        self.session = await self._database.unit_session()
        self.chats = ChatRepository(self.session)
        self.persons = PersonRepository(self.session)
        self.organisations = OrganisationRepository(self.session)
        self.decisions = DecisionRepository(self.session)
        self.meetings = MeetingRepository(self.session)
        self.tasks = TaskRepository(self.session)
        self.audit = AuditRepository(self.session)
        self.reminders = ReminderRepository(self.session)
        self.updates = ProcessedUpdateRepository(self.session)
        self.drafts = DraftRepository(self.session)
        self.prompts = PromptRepository(self.session)
        self.forget_questions = ForgetQuestionRepository(self.session)
        self.answers = PendingAnswerRepository(self.session)
        self.requests = RequestRepository(self.session, self.chats, self.persons)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self.session.rollback()  # a no-op after commit; undoes everything otherwise
        except Exception:
            if exc is None:
                raise
            # The error that ended the unit says more than the rollback's own (a savepoint that
            # SQLite's rollback of the whole transaction took with it, say).
            log.warning("rollback after %s failed", type(exc).__name__, exc_info=True)
        finally:
            await self.session.close()

    async def commit(self) -> None:
        """Make everything done in this unit permanent."""
        await self.session.commit()
