"""Every sentence ``followup check`` and ``followup db`` print, with its advice.

Plain English for the operator's terminal (the bot's users get Vietnamese or English through the
catalogs; these are not for them). A finding says what was found; its advice, printed after an
arrow, says what to do about it.
"""

from __future__ import annotations

# --- followup check: settings ------------------------------------------------------------------
SETTINGS_OK = (
    "the settings are valid: DATABASE_URL {database}, TELEGRAM_API_BASE_URL {api}, "
    "DEFAULT_TIMEZONE {timezone}, DEFAULT_LANGUAGE {language}."
)
NO_TOKEN = "TELEGRAM_BOT_TOKEN is not set, so there is no bot to check."
NO_TOKEN_ADVICE = (
    "Create a bot with @BotFather (/newbot) and put its token in .env: "
    "TELEGRAM_BOT_TOKEN=123456789:AAE... To try the bot without one, run `followup console`."
)

# --- followup check: database ------------------------------------------------------------------
NO_DATABASE_FILE = "there is no database yet at {path}."
NO_DATABASE_FILE_ADVICE = "`followup db upgrade` creates it; so does the first `followup run`."
DATABASE_OK = "the database answers ({dialect}, {url})."
DATABASE_DOWN_ADVICE = {
    "sqlite": "Check that the file and its folder can be read and written by this user.",
    "postgresql": (
        "Check DATABASE_URL (host, port, database name, user, password) and that the "
        "PostgreSQL server is running and accepts connections from here."
    ),
}
SCHEMA_OK = "the schema is up to date, at revision {revision}."
SCHEMA_PENDING = "{count} migration(s) to apply: {revisions}."
SCHEMA_PENDING_ADVICE = (
    "Back the database up (`followup db backup FILE`), then run `followup db upgrade`; "
    "`followup run` also applies them when it starts."
)
SCHEMA_UNKNOWN = (
    "the database is at revision {current}, which this version of followup does not know "
    "(its newest is {head})."
)
SCHEMA_UNKNOWN_ADVICE = (
    "A newer version of the bot has migrated this database: run that version, or restore a "
    "backup made before the upgrade."
)

# --- followup check: Telegram ------------------------------------------------------------------
TOKEN_REFUSED = "the Bot API at {api} refused TELEGRAM_BOT_TOKEN."
TOKEN_REFUSED_ADVICE = (
    "Check the token with @BotFather (/mybots → your bot → API Token); a revoked token must "
    "be replaced in .env."
)
API_UNREACHABLE = "the Bot API at {api} cannot be reached: {reason}."
API_UNREACHABLE_ADVICE = "Check the network, and TELEGRAM_API_BASE_URL if you changed it."
API_ERROR = "the Bot API at {api} answered: {reason}."
TOKEN_OK = "the token is accepted: the bot is @{username} ({name}, id {id})."
NO_GROUPS = "the bot cannot be added to groups."
NO_GROUPS_ADVICE = "In @BotFather: /mybots → your bot → Bot Settings → Allow Groups? → Turn on."
PRIVACY_ON = (
    "privacy mode is on: where it is not an administrator, the bot receives only commands, "
    "replies to its messages and mentions, which is all it needs."
)
PRIVACY_OFF = (
    "privacy mode is off: the bot receives every message of every group it is in, though it "
    "needs only commands and replies."
)
PRIVACY_OFF_ADVICE = (
    "In @BotFather: /mybots → your bot → Bot Settings → Group Privacy → Turn on. Telegram "
    "applies the change to a group when the bot is removed from it and added back."
)

# --- followup check: chats ---------------------------------------------------------------------
WEBHOOK_NONE = "no webhook is registered: `followup run` gets the updates by polling."
WEBHOOK_OK = "the webhook is registered at WEBHOOK_URL {url} ({pending} update(s) waiting)."
WEBHOOK_UNEXPECTED = (
    "a webhook is registered at {url}, but WEBHOOK_URL is not set: `followup run` would poll, "
    "and starting to poll removes that webhook (a webhook replica would then get nothing)."
)
WEBHOOK_UNEXPECTED_ADVICE = (
    "If the bot runs with a webhook, set WEBHOOK_URL and WEBHOOK_SECRET here as there; if not, "
    "`followup webhook delete` removes it."
)
WEBHOOK_MISSING = (
    "WEBHOOK_URL is set to {url}, but no webhook is registered: Telegram posts no updates "
    "to the bot ({pending} waiting)."
)
WEBHOOK_OTHER = "the webhook is registered at {url}, not at WEBHOOK_URL {expected}."
WEBHOOK_SET_ADVICE = "Run `followup webhook set` once (not on each replica's start)."
WEBHOOK_FAILING = "Telegram's last delivery to the webhook failed at {date}: {reason}."
WEBHOOK_FAILING_ADVICE = (
    "Check that the address reaches the bot's web server (WEB_LISTEN and WEB_PORT behind your "
    "reverse proxy) with a valid certificate; `followup webhook info` shows the state again."
)
WEBHOOK_UNKNOWN = "the webhook's state cannot be read: {reason}."
CHATS_SKIPPED = "the chats are not checked: {reason}."
NO_CHATS = "the database knows no group yet."
NO_CHATS_ADVICE = "Add the bot to your group and send /help there."
CHATS_COUNTED = "the database knows {groups} active group(s) and {private} private chat(s)."
CHAT_ADMIN = (
    "{chat}: the bot is an administrator; it can post its answers and reminders{pin}, and it "
    "sees every message of the group (privacy mode does not apply to administrators)."
)
CHAT_MEMBER = (
    "{chat}: the bot is a member, not an administrator; it can post its answers and "
    "reminders{pin}. That is all it needs."
)
CAN_PIN = " and pin messages"
CANNOT_PIN = "; it cannot pin messages (nothing it does needs that)"
CHAT_MUTED_FOR_MEMBERS = (
    "{chat}: members may not send messages there and the bot is not an administrator, so "
    "its answers and reminders cannot be posted."
)
CHAT_MUTED_FOR_MEMBERS_ADVICE = (
    "Make the bot an administrator of the group, or let members send messages again "
    "(group settings → Permissions)."
)
CHAT_RESTRICTED = (
    "{chat}: the bot is restricted and may not send messages, so its answers and reminders "
    "cannot be posted."
)
CHAT_RESTRICTED_ADVICE = (
    "Lift the restriction (group settings → Permissions → Exceptions → the bot) or make the "
    "bot an administrator."
)
CHAT_GONE = "{chat}: the bot is no longer in the group ({reason}); reminders cannot reach it."
CHAT_GONE_ADVICE = (
    "If the group still uses the bot, add it back. If not, there is nothing to do: the bot "
    "stops reminding the group after its next reminder fails."
)
CHAT_MIGRATED = "{chat} became a supergroup, with the new id {new_id}."
CHAT_MIGRATED_ADVICE = (
    "Nothing to do while the bot is in it: its records move to the new id with the next "
    "reminder or command there."
)
CHAT_NOT_FOUND = "{chat}: Telegram does not know this chat any more; it may have been deleted."
CHAT_NOT_FOUND_ADVICE = CHAT_GONE_ADVICE
CHAT_ERROR = "{chat}: Telegram answered: {reason}."
CHAT_FORUM = (
    "{chat} is a forum: the bot answers in the topic where it is asked, and posts "
    "reminders in the General topic."
)

# --- followup check: summary -------------------------------------------------------------------
ALL_WELL = "All is well."
NEEDS_ATTENTION = "{count} thing(s) need attention (marked !!)."
CONFIG_ERRORS = "The configuration is wrong (marked XX): fix it first, then run the check again."

# --- followup db -------------------------------------------------------------------------------
DB_CURRENT = "database: {url}\ncurrent revision: {current}\nhead revision:    {head}"
DB_UP_TO_DATE = "The schema is up to date."
DB_PENDING = "An upgrade is pending ({count} migration(s)); run `followup db upgrade`."
DB_NO_FILE = "There is no database yet at {path}; `followup db upgrade` creates it."
DB_UPGRADED = "Upgraded {url} from {before} to {after}."
DB_ALREADY = "{url} was already at the head revision, {revision}; nothing to do."
BACKUP_DONE = (
    "Backed up {source} to {target} ({size} bytes); the copy opens, passes SQLite's "
    "integrity check and is at revision {revision}."
)
BACKUP_EXISTS = "{target} already exists; choose a new file name (a backup never overwrites)."
BACKUP_NO_FOLDER = "the folder of {target} does not exist; create it first."
BACKUP_CANNOT_WRITE = (
    "{target} cannot be written ({reason}); choose a place this user can write in "
    "(nothing was written)."
)
BACKUP_NO_SOURCE = "there is no database at {path} to back up."
BACKUP_MEMORY = "an in-memory database cannot be backed up."
BACKUP_BAD_COPY = "the copy at {target} failed its check ({reason}) and was removed."
BACKUP_POSTGRES = (
    "DATABASE_URL names a PostgreSQL database; back it up with PostgreSQL's own tool, "
    "pg_dump (nothing was written). For example:\n\n  {command}\n\n"
    "pg_dump asks for the password, or reads it from PGPASSWORD or ~/.pgpass. "
    "Restore with: pg_restore --clean --dbname=... {target}"
)
