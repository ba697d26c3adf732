"""Settings read from the environment and from a ``.env`` file.

A wrong or missing value stops the program with one sentence that names the variable
(:func:`load_settings` raises :class:`~bot.errors.ConfigurationError`), never a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from bot.errors import ConfigurationError
from bot.reminders.workdays import country_code

SUPPORTED_LANGUAGES = ("vi", "en")
TELEGRAM_API_ROOT = "https://api.telegram.org"
LOG_FORMATS = ("text", "json")
# The web server's own paths, which the webhook's cannot be.
WEB_PATHS = frozenset({"/healthz", "/metrics"})
# Telegram's rule for a webhook's secret_token: 1 to 256 of these characters.
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


def default_database_url(data_dir: Path = Path("data")) -> str:
    """The embedded default: an SQLite file in a data folder next to where the bot runs."""
    return f"sqlite+aiosqlite:///{data_dir / 'followup.sqlite3'}"


# libpq's sslmode values, which asyncpg's ``ssl`` takes as they are (asyncpg maps a DSN's
# ?sslmode= the same way, but SQLAlchemy hands the URL's query to asyncpg.connect() as keywords).
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
# What asyncpg.connect() takes as a string from the URL's query, and SQLAlchemy's own option.
_ASYNCPG_QUERY = frozenset(
    {
        "ssl",
        "host",
        "port",
        "user",
        "passfile",
        "database",
        "service",
        "servicefile",
        "target_session_attrs",
        "krbsrvname",
        "gsslib",
        "prepared_statement_cache_size",
    }
)
# libpq's certificate options: asyncpg reads them from the environment (PGSSLROOTCERT...).
_LIBPQ_SSL_FILES = ("sslrootcert", "sslcert", "sslkey", "sslcrl", "sslpassword")
_PERCENT_ENCODE = (
    "percent-encode the password's special characters: @ as %40 (and : as %3A, / as %2F, # as %23)"
)


def _parse_url(value: str) -> URL:
    """``make_url(value)``, or a ValueError that quotes no part of the URL (it may hold a
    password)."""
    try:
        url = make_url(value)
    except ValueError:  # SQLAlchemy's int() of the port
        raise ValueError(
            "is not a valid URL: the port after the host's ':' must be a number, e.g. "
            "postgresql://user:password@db.example.org:5432/followup (and an @ in the password "
            "must be percent-encoded as %40)"
        ) from None
    except ArgumentError:
        raise ValueError(
            "is not a valid URL, e.g. postgresql://user:password@db.example.org:5432/followup"
        ) from None
    if url.get_backend_name() == "postgresql":
        if url.host and "@" in url.host:
            raise ValueError(f"has more than one '@': {_PERCENT_ENCODE}")
        if url.port is not None and not 1 <= url.port <= 65535:
            raise ValueError("is not a valid URL: the port must be a number from 1 to 65535")
    return url


def _asyncpg_query(url: URL) -> URL:
    """The URL's query as asyncpg takes it: libpq's ``sslmode`` becomes ``ssl``; a parameter
    asyncpg.connect() would refuse with a TypeError is refused here with a sentence."""
    query = dict(url.query)
    if "sslmode" in query:
        if "ssl" in query:
            raise ValueError("has both ?ssl= and ?sslmode=: keep one of them")
        query["ssl"] = query.pop("sslmode")
    for name in sorted(query):
        if name == "password":  # messages show the URL with its password hidden: not this one
            raise ValueError(
                "has ?password=: put the password before the host instead, as in "
                "postgresql://user:password@host/db (percent-encode @ in it as %40)"
            )
        if name in _LIBPQ_SSL_FILES:
            raise ValueError(
                f"has ?{name}=, which the PostgreSQL driver (asyncpg) does not take in the URL: "
                f"remove it and set the environment variable PG{name.upper()} instead"
            )
        if name not in _ASYNCPG_QUERY:
            raise ValueError(
                f"has ?{name}=, which the PostgreSQL driver (asyncpg) does not take: remove it"
            )
    if "ssl" in query and query["ssl"] not in SSL_MODES:
        raise ValueError(f"has a wrong ?sslmode= (or ?ssl=): use one of {', '.join(SSL_MODES)}")
    if query == dict(url.query):
        return url
    return url.set(query=query)


def async_database_url(value: str) -> str:
    """``value`` with the async driver the project installs (the bot is async), so the plain
    ``sqlite:///`` and ``postgresql://`` URLs a deployer writes work, libpq's ``?sslmode=``
    included; ``ValueError`` with a sentence naming no part of the URL for others."""
    for plain, driver in (
        ("sqlite://", "sqlite+aiosqlite://"),
        ("postgresql://", "postgresql+asyncpg://"),
        ("postgres://", "postgresql+asyncpg://"),
    ):
        if value.startswith(plain):
            value = driver + value.removeprefix(plain)
    if not value.startswith(("sqlite+aiosqlite:///", "postgresql+asyncpg://")):
        raise ValueError("must be an sqlite+aiosqlite:/// or postgresql+asyncpg:// URL")
    url = _parse_url(value)
    if url.get_backend_name() != "postgresql":
        return value
    adapted = _asyncpg_query(url)
    return value if adapted is url else adapted.render_as_string(hide_password=False)


class Settings(BaseSettings):
    """Everything the operator can set. Variable names are the field names in upper case."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = TELEGRAM_API_ROOT
    database_url: str = Field(default_factory=default_database_url)
    default_timezone: str = "Asia/Ho_Chi_Minh"
    default_language: str = "vi"
    default_holidays: str | None = "VN"
    log_level: str = "INFO"
    log_format: str = "text"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = Field(default=None, validate_default=True)
    web_listen: str = "127.0.0.1"
    web_port: int = 8080

    @field_validator("telegram_api_base_url")
    @classmethod
    def _check_root(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError(
                "must be an http:// or https:// address, e.g. https://api.telegram.org"
            )
        # python-telegram-bot's own base_url ends in /bot (the sandbox prints one): the root is
        # what comes before it.
        return value.rstrip("/").removesuffix("/bot").rstrip("/")

    @field_validator("telegram_bot_token")
    @classmethod
    def _check_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        bot_id, _, secret = value.get_secret_value().strip().partition(":")
        if not bot_id.isdigit() or not secret:
            raise ValueError("must look like 123456789:AAE... as BotFather gives it")
        return value

    @field_validator("default_timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("must be an IANA time zone such as Asia/Ho_Chi_Minh") from None
        return value

    @field_validator("default_language")
    @classmethod
    def _check_language(cls, value: str) -> str:
        value = value.strip().lower()  # VI as vi, as LOG_LEVEL=info is INFO
        if value not in SUPPORTED_LANGUAGES:
            raise ValueError(f"must be one of {', '.join(SUPPORTED_LANGUAGES)}")
        return value

    @field_validator("default_holidays")
    @classmethod
    def _check_holidays(cls, value: str | None) -> str | None:
        if value is None or value.strip().lower() in ("", "none"):
            return None
        code = country_code(value)
        if code is None:
            raise ValueError(
                "must be the two-letter code of a country whose public holidays the bot knows "
                "(VN, TH, LA, KH, US...), or none"
            )
        return code

    @field_validator("database_url")
    @classmethod
    def _check_database(cls, value: str) -> str:
        return async_database_url(value)

    @field_validator("log_level")
    @classmethod
    def _check_log_level(cls, value: str) -> str:
        if value.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return value.upper()

    @field_validator("log_format")
    @classmethod
    def _check_log_format(cls, value: str) -> str:
        if value.lower() not in LOG_FORMATS:
            raise ValueError("must be text (one line per event) or json (one JSON object per line)")
        return value.lower()

    @field_validator("webhook_url")
    @classmethod
    def _check_webhook_url(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None or not value.strip():
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(
                "must be the public https:// address Telegram posts updates to, "
                "e.g. https://bot.example.org/telegram"
            )
        # Telegram's own servers post only to https (setWebhook refuses http); a sandbox or a
        # self-hosted Bot API server may post to plain http on a private network.
        if parts.scheme == "http" and info.data.get("telegram_api_base_url") == TELEGRAM_API_ROOT:
            raise ValueError(
                "must start with https://: Telegram posts updates only to https addresses "
                f"(e.g. https://{parts.netloc}{parts.path}); plain http:// is only for a "
                "sandbox or a self-hosted Bot API server set in TELEGRAM_API_BASE_URL"
            )
        if parts.path in WEB_PATHS:
            raise ValueError(
                f"must not end in {parts.path}, which serves health or metrics; use a path "
                "such as /telegram"
            )
        return value.strip()

    @field_validator("webhook_secret")
    @classmethod
    def _check_webhook_secret(
        cls, value: SecretStr | None, info: ValidationInfo
    ) -> SecretStr | None:
        secret = value.get_secret_value().strip() if value is not None else ""
        if not secret:
            if info.data.get("webhook_url"):
                raise ValueError(
                    "must be set when WEBHOOK_URL is, e.g. to the output of `openssl rand -hex 32`"
                )
            return None
        if not _SECRET.fullmatch(secret):
            raise ValueError("must be 1 to 256 letters, digits, _ or - (Telegram's rule)")
        return SecretStr(secret)

    @field_validator("web_port", mode="before")
    @classmethod
    def _check_web_port(cls, value: object) -> int:
        text = str(value).strip()
        if not text.isdigit() or not 1 <= int(text) <= 65535:
            raise ValueError("must be a port number from 1 to 65535, e.g. 8080")
        return int(text)

    @property
    def webhook_path(self) -> str:
        """The path of :attr:`webhook_url`, where the web server takes Telegram's updates."""
        return urlsplit(self.webhook_url or "").path or "/"


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning a validation failure into one clear sentence."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]  # pydantic checks the values
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "settings"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise ConfigurationError(f"{name} {message}.") from None
