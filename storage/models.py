"""The database schema as typed SQLAlchemy 2 models. These classes never leave ``storage``."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, cast

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    func,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base: every datetime column is an aware UTC instant."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
    }


class ChatRow(Base):
    __tablename__ = "chats"
    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    type: Mapped[str] = mapped_column(String(16))
    title: Mapped[str | None] = mapped_column(String(255))
    timezone: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    morning_hour: Mapped[int] = mapped_column(Integer, default=9)
    quiet_start: Mapped[int] = mapped_column(Integer, default=21)
    quiet_end: Mapped[int] = mapped_column(Integer, default=7)
    digest_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    reminder_offsets: Mapped[list[int] | None] = mapped_column(JSON)  # minutes before; None=default
    # Days off: this country's public holidays (None: none), and Saturday and Sunday.
    holiday_country: Mapped[str | None] = mapped_column(String(8), server_default="VN")
    weekends_off: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    next_task_number: Mapped[int] = mapped_column(Integer, default=1)
    next_decision_number: Mapped[int] = mapped_column(Integer, default=1)
    next_meeting_number: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class PersonRow(Base):
    __tablename__ = "persons"
    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    username: Mapped[str | None] = mapped_column(String(64), index=True)
    first_name: Mapped[str] = mapped_column(String(255))
    last_name: Mapped[str | None] = mapped_column(String(255))
    language_code: Mapped[str | None] = mapped_column(String(16))
    is_bot: Mapped[bool] = mapped_column(Boolean, default=False)
    private_chat: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The group a secretary works on from a private chat with the bot.
    selected_chat_id: Mapped[int | None] = mapped_column(
        ForeignKey("chats.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime]


# @username lookups ignore case, as Telegram does: ``lower(username) = ?`` reads this index.
Index("ix_persons_username_folded", func.lower(PersonRow.username))


class ChatMemberRow(Base):
    __tablename__ = "chat_members"
    chat_id: Mapped[int] = mapped_column(
        ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(16), default="member")
    last_seen_at: Mapped[datetime]


class OrganisationRow(Base):
    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("chat_id", "folded_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    folded_name: Mapped[str] = mapped_column(String(255))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime]


class OrganisationContactRow(Base):
    __tablename__ = "organisation_contacts"
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )


class TaskDraftRow(Base):
    """A ``/task`` waiting for its secretary to say which organisation a name means."""

    __tablename__ = "task_drafts"
    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
    payload: Mapped[dict[str, Any]]


class MeetingRow(Base):
    __tablename__ = "meetings"
    __table_args__ = (UniqueConstraint("chat_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    message_thread_id: Mapped[int | None] = mapped_column(BigInteger)
    opened_by: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]


class MeetingAttendeeRow(Base):
    __tablename__ = "meeting_attendees"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    # The organisation's name once it is removed (organisation_id is then NULL): the minutes
    # still say who came.
    label: Mapped[str | None] = mapped_column(String(255))


class DecisionRow(Base):
    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("chat_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    source_message_id: Mapped[int | None] = mapped_column(BigInteger)
    message_thread_id: Mapped[int | None] = mapped_column(BigInteger)
    recorded_at: Mapped[datetime]


class TaskRow(Base):
    __tablename__ = "tasks"
    __table_args__ = (
        UniqueConstraint("chat_id", "number"),
        CheckConstraint("status IN ('open', 'done', 'cancelled')", name="status"),
        Index("ix_tasks_chat_status", "chat_id", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open")
    due_utc: Mapped[datetime | None]
    due_precision: Mapped[str | None] = mapped_column(String(8))
    due_text: Mapped[str | None] = mapped_column(Text)
    due_confirmed: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    done_by: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    source_message_id: Mapped[int | None] = mapped_column(BigInteger)
    message_thread_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    done_at: Mapped[datetime | None]
    recurrence: Mapped[str | None] = mapped_column(String(200))  # an RFC 5545 RRULE; None = once
    # The occurrence of a recurring task this one was created from when that one was closed.
    previous_id: Mapped[int | None] = mapped_column(
        ForeignKey("tasks.id", ondelete="SET NULL"), index=True, unique=True
    )
    assignees: Mapped[list[TaskAssigneeRow]] = relationship(
        cascade="all, delete-orphan", order_by="TaskAssigneeRow.position", lazy="selectin"
    )


class TaskAssigneeRow(Base):
    __tablename__ = "task_assignees"
    __table_args__ = (
        CheckConstraint("NOT (person_id IS NOT NULL AND organisation_id IS NOT NULL)", name="one"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(255))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    username: Mapped[str | None] = mapped_column(String(64))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    # A task for several assignees is done part by part: when this one said its part done, and
    # who did (the assignee, a contact of the organisation, or a secretary).
    done_at: Mapped[datetime | None]
    done_by: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))


class TaskNoteRow(Base):
    __tablename__ = "task_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    at: Mapped[datetime]
    text: Mapped[str] = mapped_column(Text)


class DeadlinePromptRow(Base):
    """A question the bot put when a manager pressed "Change" under a task: which deadline
    task ``task_id`` should have. A reply to message ``message_id`` of chat ``asked_in`` (the
    task's chat, or a private chat acting on it) answers it. ``due_*``: the deadline when it
    was asked, so that an answer to a question overtaken by another change is not applied."""

    __tablename__ = "deadline_prompts"
    __table_args__ = (UniqueConstraint("asked_in", "message_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    asked_in: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"))
    message_id: Mapped[int] = mapped_column(BigInteger)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    asked_by: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    due_utc: Mapped[datetime | None]
    due_precision: Mapped[str | None] = mapped_column(String(8))
    due_text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]


class ForgetQuestionRow(Base):
    """A ``/forget`` question. Its two buttons carry ``token``, and the first press of either
    answers it (``answer``: "deleted" or "cancelled"), so no later press of them acts. When
    the chat is deleted, its questions stay behind detached and anonymous (no chat, no asker:
    ``ChatRepository.forget``) until pruned a day after they were asked, so that a late press
    is told the deletion happened."""

    __tablename__ = "forget_questions"
    token: Mapped[str] = mapped_column(String(32), primary_key=True)
    chat_id: Mapped[int | None] = mapped_column(
        ForeignKey("chats.id", ondelete="CASCADE"), index=True
    )
    asker: Mapped[int | None] = mapped_column(BigInteger)  # Telegram user id; 0: any admin
    asked_at: Mapped[datetime] = mapped_column(index=True)
    answer: Mapped[str | None] = mapped_column(String(16))


class ProcessedUpdateRow(Base):
    """Update ids already handled, so an update Telegram delivers twice is handled once."""

    __tablename__ = "processed_updates"
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    handled_at: Mapped[datetime] = mapped_column(index=True)


class ReminderRow(Base):
    __tablename__ = "reminders"
    __table_args__ = (
        Index("ix_reminders_pending", "sent_at", "fire_at"),
        Index("ix_reminders_claimed_until", "claimed_until"),
        # Those an older version planned without their steps (bot.services.old_plans).
        Index(
            "ix_reminders_old_plans",
            "chat_id",
            postgresql_where=text("step IS NULL AND sent_at IS NULL"),
            sqlite_where=text("step IS NULL AND sent_at IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int | None] = mapped_column(
        ForeignKey("tasks.id", ondelete="CASCADE"), index=True
    )
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    fire_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_until: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    last_error: Mapped[str | None] = mapped_column(Text)
    # Which step of its task's plan (``bot.reminders.plan.plan``) for which deadline: a new plan
    # for the same deadline (a change of the chat's settings) does not send that step again.
    step: Mapped[int | None] = mapped_column(Integer)
    due_at: Mapped[datetime | None]


class PendingAnswerRow(Base):
    """An answer Telegram did not take, waiting to be sent again (``bot.resends``): the
    arguments of its ``sendMessage`` call as JSON (``call``), the tries made in the background
    so far, when the next one is due, and when it is given up. A sender holds it (a lease, as
    reminders are held) while it tries. ``chat_id`` is the chat's row when the chat is
    recorded: deleting the chat (``/forget``) takes the answer with it."""

    __tablename__ = "pending_answers"
    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int | None] = mapped_column(
        ForeignKey("chats.id", ondelete="CASCADE"), index=True
    )
    call: Mapped[dict[str, Any]]
    tries: Mapped[int] = mapped_column(Integer, default=0)
    next_at: Mapped[datetime] = mapped_column(index=True)
    give_up_at: Mapped[datetime]
    claimed_until: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(64))


class AuditEventRow(Base):
    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    at: Mapped[datetime]
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]


def table_of(model: type[Base]) -> Table:
    """The Core table of a model, for statements that need none of the ORM's work."""
    return cast(Table, model.__table__)
