"""``followup check``: is everything in place for the bot to run, and what to do if not.

Settings, the database and its schema, the token and the bot's privacy mode, then, in every
group the database knows, the bot's status and rights there. Nothing is changed: no migration
is applied and no SQLite file is created.
"""

from __future__ import annotations

from typing import TextIO

from sqlalchemy.engine import make_url
from telegram import Bot, ChatFullInfo, ChatMember
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    TelegramError,
)

from bot.errors import DatabaseError
from bot.ops import messages as m
from bot.ops.db import missing_file
from bot.ops.report import Level, Report
from bot.settings import Settings
from storage import Database
from storage.database import folder_problem
from storage.maintenance import KnownChat, active_chats, describe_revision, ping, schema_state

SETTINGS, DATABASE, TELEGRAM, CHATS = "Settings", "Database", "Telegram", "Chats"
GROUP_TYPES = frozenset({"group", "supergroup"})


async def run_check(settings: Settings, out: TextIO) -> int:
    """Run every check, print the report, return its exit code (0, 1 or 2)."""
    report = Report()
    url = make_url(settings.database_url).render_as_string(hide_password=True)
    values = {"database": url, "api": settings.telegram_api_base_url}
    values.update(timezone=settings.default_timezone, language=settings.default_language)
    report.add(SETTINGS, Level.OK, m.SETTINGS_OK.format(**values))
    chats = await _check_database(settings.database_url, report)
    bot = await _check_telegram(settings, report)
    try:
        if bot is None:
            report.add(CHATS, Level.NOTE, m.CHATS_SKIPPED.format(reason="no bot to ask"))
        elif chats is None:
            report.add(CHATS, Level.NOTE, m.CHATS_SKIPPED.format(reason="no database to read"))
        else:
            await _check_chats(bot, chats, report)
    finally:
        if bot is not None:
            await bot.shutdown()
    report.render(out)
    return report.exit_code


async def _check_database(url: str, report: Report) -> list[KnownChat] | None:
    """Reachable, schema current; return the active chats (None when they cannot be read)."""
    if (path := missing_file(url)) is not None:
        if (problem := folder_problem(path.parent)) is not None:
            report.add(DATABASE, Level.ATTENTION, f"{problem}.")
            return None
        report.add(
            DATABASE,
            Level.ATTENTION,
            m.NO_DATABASE_FILE.format(path=path),
            m.NO_DATABASE_FILE_ADVICE,
        )
        return None
    database = Database(url)
    try:
        await ping(database)
        report.add(DATABASE, Level.OK, m.DATABASE_OK.format(dialect=database.dialect, url=url))
        state = await schema_state(database)
        if not state.known:
            text = m.SCHEMA_UNKNOWN.format(current=state.current, head=state.head)
            report.add(DATABASE, Level.ATTENTION, text, m.SCHEMA_UNKNOWN_ADVICE)
            return None
        if state.pending:
            revisions = ", ".join(describe_revision(database, rev) for rev in state.pending)
            text = m.SCHEMA_PENDING.format(count=len(state.pending), revisions=revisions)
            report.add(DATABASE, Level.ATTENTION, text, m.SCHEMA_PENDING_ADVICE)
            if state.current is None:
                return None  # no tables yet
        else:
            revision = describe_revision(database, state.current)
            report.add(DATABASE, Level.OK, m.SCHEMA_OK.format(revision=revision))
        return await active_chats(database)
    except DatabaseError as exc:
        advice = m.DATABASE_DOWN_ADVICE.get(database.dialect, "")
        report.add(DATABASE, Level.ATTENTION, f"{exc}.", advice)
        return None
    finally:
        await database.dispose()


async def _check_telegram(settings: Settings, report: Report) -> Bot | None:
    """The token, the bot's identity and privacy mode; return the initialised bot, if any."""
    if settings.telegram_bot_token is None:
        report.add(TELEGRAM, Level.CONFIG, m.NO_TOKEN, m.NO_TOKEN_ADVICE)
        return None
    api = settings.telegram_api_base_url
    bot = Bot(settings.telegram_bot_token.get_secret_value(), base_url=f"{api}/bot")
    try:
        await bot.initialize()  # calls getMe
    except TelegramError as exc:
        await bot.shutdown()  # initialize() opened the HTTP client before getMe failed
        if isinstance(exc, InvalidToken):
            text, advice = m.TOKEN_REFUSED.format(api=api), m.TOKEN_REFUSED_ADVICE
            report.add(TELEGRAM, Level.CONFIG, text, advice)
        elif isinstance(exc, NetworkError):
            text = m.API_UNREACHABLE.format(api=api, reason=exc.message)
            report.add(TELEGRAM, Level.ATTENTION, text, m.API_UNREACHABLE_ADVICE)
        else:
            report.add(TELEGRAM, Level.ATTENTION, m.API_ERROR.format(api=api, reason=exc.message))
        return None
    me = bot.bot
    who = m.TOKEN_OK.format(username=me.username, name=me.full_name, id=me.id)
    report.add(TELEGRAM, Level.OK, who)
    if not me.can_join_groups:
        report.add(TELEGRAM, Level.ATTENTION, m.NO_GROUPS, m.NO_GROUPS_ADVICE)
    if me.can_read_all_group_messages:
        report.add(TELEGRAM, Level.ATTENTION, m.PRIVACY_OFF, m.PRIVACY_OFF_ADVICE)
    else:
        report.add(TELEGRAM, Level.OK, m.PRIVACY_ON)
    await _check_webhook(bot, settings, report)
    return bot


async def _check_webhook(bot: Bot, settings: Settings, report: Report) -> None:
    """Whether Telegram's webhook agrees with WEBHOOK_URL: polling removes a registered webhook
    (python-telegram-bot's start-up), and with none registered a webhook bot gets nothing."""
    try:
        info = await bot.get_webhook_info()
    except TelegramError as exc:
        report.add(TELEGRAM, Level.ATTENTION, m.WEBHOOK_UNKNOWN.format(reason=exc.message))
        return
    expected, pending = settings.webhook_url, info.pending_update_count
    if not info.url:
        if expected is None:
            report.add(TELEGRAM, Level.OK, m.WEBHOOK_NONE)
        else:
            text = m.WEBHOOK_MISSING.format(url=expected, pending=pending)
            report.add(TELEGRAM, Level.ATTENTION, text, m.WEBHOOK_SET_ADVICE)
        return
    if expected is None:
        text = m.WEBHOOK_UNEXPECTED.format(url=info.url)
        report.add(TELEGRAM, Level.ATTENTION, text, m.WEBHOOK_UNEXPECTED_ADVICE)
        return
    if info.url != expected:
        text = m.WEBHOOK_OTHER.format(url=info.url, expected=expected)
        report.add(TELEGRAM, Level.ATTENTION, text, m.WEBHOOK_SET_ADVICE)
    else:
        report.add(TELEGRAM, Level.OK, m.WEBHOOK_OK.format(url=info.url, pending=pending))
    if info.last_error_date is not None:
        date = info.last_error_date.isoformat(timespec="seconds")
        text = m.WEBHOOK_FAILING.format(date=date, reason=info.last_error_message)
        report.add(TELEGRAM, Level.ATTENTION, text, m.WEBHOOK_FAILING_ADVICE)


async def _check_chats(bot: Bot, chats: list[KnownChat], report: Report) -> None:
    groups = [chat for chat in chats if chat.type in GROUP_TYPES]
    if not groups:
        report.add(CHATS, Level.NOTE, m.NO_CHATS, m.NO_CHATS_ADVICE)
        return
    counted = m.CHATS_COUNTED.format(groups=len(groups), private=len(chats) - len(groups))
    report.add(CHATS, Level.NOTE, counted)
    for chat in groups:
        await _check_chat(bot, chat, report)


def _name(title: str | None, telegram_id: int) -> str:
    return f"«{title}» ({telegram_id})" if title else f"the group {telegram_id}"


async def _check_chat(bot: Bot, chat: KnownChat, report: Report) -> None:
    """The bot's status and rights in one group, from getChat and getChatMember."""
    name = _name(chat.title, chat.telegram_id)
    try:
        info = await bot.get_chat(chat.telegram_id)
        member = await bot.get_chat_member(chat.telegram_id, bot.id)
    except ChatMigrated as exc:
        text = m.CHAT_MIGRATED.format(chat=name, new_id=exc.new_chat_id)
        report.add(CHATS, Level.NOTE, text, m.CHAT_MIGRATED_ADVICE)
        return
    except Forbidden as exc:
        text = m.CHAT_GONE.format(chat=name, reason=exc.message.removeprefix("Forbidden: "))
        report.add(CHATS, Level.ATTENTION, text, m.CHAT_GONE_ADVICE)
        return
    except BadRequest as exc:
        if "chat not found" in exc.message.lower():
            text = m.CHAT_NOT_FOUND.format(chat=name)
            report.add(CHATS, Level.NOTE, text, m.CHAT_NOT_FOUND_ADVICE)
            return
        report.add(CHATS, Level.ATTENTION, m.CHAT_ERROR.format(chat=name, reason=exc.message))
        return
    except TelegramError as exc:
        report.add(CHATS, Level.ATTENTION, m.CHAT_ERROR.format(chat=name, reason=exc.message))
        return
    _report_rights(_name(info.title or chat.title, chat.telegram_id), info, member, report)
    if info.is_forum:
        report.add(CHATS, Level.NOTE, m.CHAT_FORUM.format(chat=name))


def _report_rights(name: str, info: ChatFullInfo, member: ChatMember, report: Report) -> None:
    """What the bot may do in the group, as Telegram decides it from its status."""
    permissions = info.permissions
    if member.status in (ChatMember.ADMINISTRATOR, ChatMember.OWNER):
        can_pin = getattr(member, "can_pin_messages", True) is not False
        pin = m.CAN_PIN if can_pin else m.CANNOT_PIN
        report.add(CHATS, Level.OK, m.CHAT_ADMIN.format(chat=name, pin=pin))
    elif member.status == ChatMember.RESTRICTED:
        if not getattr(member, "can_send_messages", False):
            text = m.CHAT_RESTRICTED.format(chat=name)
            report.add(CHATS, Level.ATTENTION, text, m.CHAT_RESTRICTED_ADVICE)
            return
        pin = m.CAN_PIN if getattr(member, "can_pin_messages", False) else m.CANNOT_PIN
        report.add(CHATS, Level.OK, m.CHAT_MEMBER.format(chat=name, pin=pin))
    elif member.status == ChatMember.MEMBER:
        if permissions is not None and permissions.can_send_messages is False:
            text = m.CHAT_MUTED_FOR_MEMBERS.format(chat=name)
            report.add(CHATS, Level.ATTENTION, text, m.CHAT_MUTED_FOR_MEMBERS_ADVICE)
            return
        can_pin = permissions is not None and bool(permissions.can_pin_messages)
        pin = m.CAN_PIN if can_pin else m.CANNOT_PIN
        report.add(CHATS, Level.OK, m.CHAT_MEMBER.format(chat=name, pin=pin))
    else:  # left or kicked, though still listed as active
        text = m.CHAT_GONE.format(chat=name, reason=f"its status there is {member.status}")
        report.add(CHATS, Level.ATTENTION, text, m.CHAT_GONE_ADVICE)
