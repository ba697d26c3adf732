"""The domain's plain records. Nothing here imports ``telegram`` or ``sqlalchemy``."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from bot.text import clean


class TaskStatus(enum.StrEnum):
    """Where a task stands."""

    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class ReminderKind(enum.StrEnum):
    """Why a reminder goes out."""

    BEFORE = "before"
    DUE = "due"
    OVERDUE = "overdue"
    DIGEST = "digest"
    SNOOZE = "snooze"  # "⏰ Tomorrow": asked for by someone who answers for the task
    # Not a reminder of the deadline: the group is told that the task was recorded after a day
    # with a name nobody said which organisation it is, kept as typed (bot.task_draft). A replica
    # older than this kind cannot read its rows: upgrade every replica together.
    UNANSWERED = "unanswered"


@dataclass(frozen=True, slots=True)
class ChatRef:
    """A chat as an update shows it."""

    telegram_id: int
    type: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class PersonRef:
    """A Telegram user as an update shows it."""

    telegram_id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    is_bot: bool = False

    @property
    def display_name(self) -> str:
        """First and last name as Telegram shows them, without invisible marks: a direction
        override in a name would turn the rest of the line it is shown in around."""
        return clean(" ".join(part for part in (self.first_name, self.last_name) if part))


@dataclass(frozen=True, slots=True)
class Chat:
    """A group (or private chat) the bot serves."""

    id: int
    telegram_id: int
    title: str | None
    timezone: str
    language: str
    active: bool
    morning_hour: int = 9
    quiet_start: int = 21
    quiet_end: int = 7
    reminder_offsets: tuple[int, ...] | None = None  # minutes before; None = the default plan
    digest_enabled: bool = True
    # Days off, when nothing goes out (bot.reminders.workdays): the public holidays of this
    # country (an ISO code; None: none), and Saturday and Sunday unless the chat works them.
    holiday_country: str | None = "VN"
    weekends_off: bool = True


@dataclass(frozen=True, slots=True)
class ChatContents:
    """How many records of each main kind a chat holds (what deleting it would delete)."""

    tasks: int
    decisions: int
    meetings: int
    organisations: int


class ForgetAnswer(enum.StrEnum):
    """How a ``/forget`` question was answered (by the first press of one of its buttons)."""

    DELETED = "deleted"  # also every other question about the chat, once it is deleted
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class ForgetQuestion:
    """A ``/forget`` question, as its buttons name it: by ``token``."""

    token: str
    chat_id: int | None  # None once the chat was deleted
    asker: int | None  # Telegram user id, 0 for any administrator; None once the chat was deleted
    asked_at: datetime
    answer: ForgetAnswer | None  # None: still open


@dataclass(frozen=True, slots=True)
class Contact:
    """A person who answers for an organisation: reminders mention them."""

    telegram_id: int
    name: str
    username: str | None = None
    private_chat: bool = False
    person_id: int | None = None


@dataclass(frozen=True, slots=True)
class Assignee:
    """Who a task is for: a person, an organisation, or a @username not yet seen."""

    label: str
    person_id: int | None = None
    person_telegram_id: int | None = None
    username: str | None = None
    organisation_id: int | None = None
    private_chat: bool = False  # the person started the bot, so it may write to them privately
    contacts: tuple[Contact, ...] = ()  # an organisation's contact persons
    # Of a task for several: when this assignee's part was said done, and by whom (a person's
    # id). A task for one is done or not as a whole, and leaves these empty.
    done_at: datetime | None = None
    done_by: int | None = None
    # Its row once stored: which part a button or a change acts on (not who it stands for, so
    # two reads of one assignee compare equal whatever rows they came from).
    id: int | None = field(default=None, compare=False)

    @property
    def is_organisation(self) -> bool:
        """True when the assignee is an organisation of the group."""
        return self.organisation_id is not None

    @property
    def is_name_only(self) -> bool:
        """True when only a name is left, with no person, organisation or @username behind it:
        a ``/task`` question about it went unanswered (``bot.task_draft``), or the organisation
        it was is removed (``/org remove``). It stands for no one the bot can notify."""
        return self.person_id is None and self.username is None and self.organisation_id is None


@dataclass(frozen=True, slots=True)
class Due:
    """A deadline: the instant, what the user said, and how precise it is."""

    utc: datetime
    precision: str  # "time", "day" or "period"
    text: str


@dataclass(frozen=True, slots=True)
class Task:
    """An assignment recorded in a chat, numbered per chat."""

    id: int
    chat_id: int
    number: int
    title: str
    status: TaskStatus
    due: Due | None
    assignees: tuple[Assignee, ...] = field(default=())
    due_confirmed: bool = True
    created_at: datetime | None = None
    done_at: datetime | None = None
    meeting_id: int | None = None
    thread_id: int | None = None
    recurrence: str | None = None

    @property
    def shared(self) -> bool:
        """True when the task is for several assignees, each of whom does a part of it: each
        says its part done, and the task is done with the last part."""
        return len(self.assignees) > 1

    @property
    def parts_done(self) -> tuple[Assignee, ...]:
        """The assignees of a shared task whose part is done (none for a task not shared)."""
        return tuple(a for a in self.assignees if a.done_at is not None) if self.shared else ()

    @property
    def parts_left(self) -> tuple[Assignee, ...]:
        """The assignees of a shared task whose part is not done yet; all of them otherwise."""
        if not self.shared:
            return self.assignees
        return tuple(a for a in self.assignees if a.done_at is None)

    @property
    def in_progress(self) -> bool:
        """True for a shared task with some parts done and some not: it is shown with who is
        left and who is done."""
        return 0 < len(self.parts_done) < len(self.assignees)

    @property
    def awaited(self) -> tuple[Assignee, ...]:
        """Who reminders name and notify: the parts left, or every assignee when none is left
        (an open task is kept with one part left at least, see ``bot.services.parts``)."""
        return self.parts_left or self.assignees


@dataclass(frozen=True, slots=True)
class DeadlinePrompt:
    """The question "which deadline for this task?" put to a manager who pressed its
    "Change" button; a reply to it by them is the answer."""

    id: int
    chat_id: int  # the task's chat
    asked_in: int  # the chat the question is in: the task's, or a private chat acting on it
    task_id: int
    asked_by: int
    asker_name: str
    due: Due | None  # the task's deadline when it was asked


@dataclass(frozen=True, slots=True)
class Decision:
    """A decision recorded in a chat, numbered per chat."""

    id: int
    chat_id: int
    number: int
    text: str
    recorded_at: datetime
    recorded_by: str | None = None
    meeting_id: int | None = None


class Role(enum.StrEnum):
    """What a person may do in a chat beyond reading."""

    MEMBER = "member"
    SECRETARY = "secretary"


class Standing(enum.StrEnum):
    """Where a person stands in a group now, as Telegram says when asked (``getChatMember``).

    Only ``ADMIN`` and ``MEMBER`` let them reach the group from their private chat: when
    Telegram cannot be asked, they are not taken to be in it.
    """

    ADMIN = "admin"  # the group's creator or one of its administrators
    MEMBER = "member"  # a member (a restricted one too, while still in the group)
    OUT = "out"  # left, removed or banned
    NO_BOT = "no_bot"  # Telegram refuses to answer: the bot itself is no longer in the group
    UNKNOWN = "unknown"  # Telegram could not be asked (a network error, Telegram down)

    @property
    def is_in(self) -> bool:
        """Whether the person is in the group now."""
        return self in (Standing.ADMIN, Standing.MEMBER)


@dataclass(frozen=True, slots=True)
class Meeting:
    """A meeting of a chat (or of one forum topic), numbered per chat."""

    id: int
    chat_id: int
    number: int
    title: str
    started_at: datetime
    ended_at: datetime | None = None
    thread_id: int | None = None

    @property
    def is_open(self) -> bool:
        """True until the meeting is ended."""
        return self.ended_at is None


@dataclass(frozen=True, slots=True)
class DeadlineChange:
    """A task's deadline before and after a change (None: it had none), and when it changed
    (the latest change, when several are told as one)."""

    task: Task
    before: Due | None
    after: Due | None
    at: datetime


@dataclass(frozen=True, slots=True)
class Minutes:
    """Everything the minutes of one meeting say, in the order they say it."""

    chat: Chat
    meeting: Meeting
    attendees: tuple[str, ...]  # organisations and persons present, as shown
    decisions: tuple[Decision, ...]
    tasks: tuple[Task, ...]
    # The chat's organisations not recorded present (empty when nobody was recorded at all).
    absent: tuple[str, ...] = ()
    secretary: str | None = None  # who opened the meeting: the one who recorded it
    notes: Mapping[int, TaskNote] = field(default_factory=dict)  # task id -> its latest note
    # Task id -> the deadline decided at the meeting and the one it was changed to since, for
    # the tasks of the minutes whose deadline changed after the meeting.
    decided: Mapping[int, DeadlineChange] = field(default_factory=dict)
    # The deadlines of other tasks changed during the meeting, by task number.
    changes: tuple[DeadlineChange, ...] = ()


@dataclass(frozen=True, slots=True)
class TaskNote:
    """A progress note on a task."""

    at: datetime
    author: str | None
    text: str


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One change in a record's audit trail: who, when, what, before and after."""

    at: datetime
    actor: str | None
    action: str
    before: dict[str, object] | None
    after: dict[str, object] | None
