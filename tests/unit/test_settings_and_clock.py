"""Settings fail with one sentence naming the variable; the fake clock only goes forward."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.cli import main
from bot.clock import FakeClock, SystemClock
from bot.errors import ConfigurationError
from bot.settings import load_settings


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    for name in (
        "TELEGRAM_BOT_TOKEN",
        "TELEGRAM_API_BASE_URL",
        "DATABASE_URL",
        "DEFAULT_TIMEZONE",
        "DEFAULT_LANGUAGE",
        "DEFAULT_HOLIDAYS",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # type: ignore[arg-type]  # a Path


def test_defaults() -> None:
    settings = load_settings()
    assert settings.telegram_bot_token is None
    assert settings.telegram_api_base_url == "https://api.telegram.org"
    assert settings.database_url.startswith("sqlite+aiosqlite:///")
    assert (settings.default_timezone, settings.default_language) == ("Asia/Ho_Chi_Minh", "vi")
    assert settings.default_holidays == "VN"


@pytest.mark.parametrize(
    ("variable", "value", "sentence"),
    [
        ("DEFAULT_TIMEZONE", "Mars/Olympus", "DEFAULT_TIMEZONE must be an IANA time zone"),
        ("DEFAULT_LANGUAGE", "fr", "DEFAULT_LANGUAGE must be one of vi, en."),
        ("TELEGRAM_BOT_TOKEN", "not-a-token", "TELEGRAM_BOT_TOKEN must look like"),
        ("TELEGRAM_API_BASE_URL", "api.telegram.org", "TELEGRAM_API_BASE_URL must be an http"),
        ("DATABASE_URL", "mysql://x", "DATABASE_URL must be an sqlite+aiosqlite"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL must be one of DEBUG"),
        ("DEFAULT_HOLIDAYS", "Vietnam", "DEFAULT_HOLIDAYS must be the two-letter code"),
    ],
)
def test_a_wrong_value_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, sentence: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigurationError) as caught:
        load_settings()
    assert str(caught.value).startswith(sentence)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("sqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        ("postgresql://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgres://u@h/db", "postgresql+asyncpg://u@h/db"),
    ],
)
def test_plain_database_urls_get_the_async_driver(
    monkeypatch: pytest.MonkeyPatch, given: str, used: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", given)
    assert load_settings().database_url == used


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgresql://u@h/db?sslmode=require", "postgresql+asyncpg://u@h/db?ssl=require"),
        (
            "postgres://u:p%40w@h:5432/db?sslmode=verify-full",
            "postgresql+asyncpg://u:p%40w@h:5432/db?ssl=verify-full",
        ),
        ("postgresql://u@h/db?ssl=disable", "postgresql+asyncpg://u@h/db?ssl=disable"),
        ("postgresql://u:pa:ss/x@h/db", "postgresql+asyncpg://u:pa:ss/x@h/db"),
    ],
)
def test_libpq_sslmode_becomes_asyncpg_ssl(
    monkeypatch: pytest.MonkeyPatch, given: str, used: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", given)
    assert load_settings().database_url == used


@pytest.mark.parametrize(
    ("value", "sentence"),
    [
        (
            "postgresql://followup:Pa@ssw0rd@127.0.0.1:5432/followup",
            "DATABASE_URL has more than one '@': percent-encode the password's special "
            "characters: @ as %40",
        ),
        (
            "postgresql://u:Pa5sw0rd@host:port/db",
            "DATABASE_URL is not a valid URL: the port after the host's ':' must be a number",
        ),
        (
            "postgresql://postgres:Pa5sw0rd@127.0.0.1:54 32/qa3",
            "DATABASE_URL is not a valid URL: the port after the host's ':' must be a number",
        ),
        ("postgresql://u:Pa5sw0rd@h:70000/db", "DATABASE_URL is not a valid URL: the port must"),
        (
            "postgresql://u:Pa5sw0rd@h/db?sslmode=yes",
            "DATABASE_URL has a wrong ?sslmode= (or ?ssl=): use one of disable, allow, prefer,",
        ),
        (
            "postgresql://u:Pa5sw0rd@h/db?sslmode=require&ssl=require",
            "DATABASE_URL has both ?ssl= and ?sslmode=",
        ),
        (
            "postgresql://u:Pa5sw0rd@h/db?sslmode=verify-ca&sslrootcert=/etc/ca.pem",
            "DATABASE_URL has ?sslrootcert=, which the PostgreSQL driver (asyncpg) does not take "
            "in the URL: remove it and set the environment variable PGSSLROOTCERT instead.",
        ),
        (
            "postgresql://u@h/db?password=Pa5sw0rd",
            "DATABASE_URL has ?password=: put the password before the host instead",
        ),
        (
            "postgresql://u:Pa5sw0rd@h/db?connect_timeout=10",
            "DATABASE_URL has ?connect_timeout=, which the PostgreSQL driver (asyncpg) does not",
        ),
    ],
)
def test_a_wrong_database_url_is_one_sentence_without_the_password(
    monkeypatch: pytest.MonkeyPatch, value: str, sentence: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", value)
    with pytest.raises(ConfigurationError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith(sentence)
    assert "\n" not in message
    for part in ("Pa5sw0rd", "Pa@ssw0rd", "ssw0rd", "Pa"):
        assert part not in message


def test_dot_env_file_is_read(tmp_path: object) -> None:
    with open(".env", "w", encoding="utf-8") as env:
        env.write("DEFAULT_LANGUAGE=en\nTELEGRAM_API_BASE_URL=http://127.0.0.1:8081/\n")
    settings = load_settings()
    assert settings.default_language == "en"
    assert settings.telegram_api_base_url == "http://127.0.0.1:8081"


@pytest.mark.parametrize(
    ("given", "root"),
    [
        ("http://127.0.0.1:8081/bot", "http://127.0.0.1:8081"),
        ("http://127.0.0.1:8081/bot/", "http://127.0.0.1:8081"),
        ("https://proxy.example.org/tg/bot", "https://proxy.example.org/tg"),
        ("https://proxy.example.org/robot", "https://proxy.example.org/robot"),
    ],
)
def test_a_bot_api_address_ending_in_bot_is_its_root(
    monkeypatch: pytest.MonkeyPatch, given: str, root: str
) -> None:
    # python-telegram-bot's base_url convention, which the sandbox's banner prints.
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", given)
    assert load_settings().telegram_api_base_url == root


@pytest.mark.parametrize(("given", "used"), [("th", "TH"), ("none", None), ("", None)])
def test_the_default_holidays_are_a_country_or_none(
    monkeypatch: pytest.MonkeyPatch, given: str, used: str | None
) -> None:
    monkeypatch.setenv("DEFAULT_HOLIDAYS", given)
    assert load_settings().default_holidays == used


def test_fake_clock_moves_only_forward() -> None:
    clock = FakeClock(datetime(2022, 7, 7, 2, 0, tzinfo=UTC))
    assert clock.advance(timedelta(hours=1)) == datetime(2022, 7, 7, 3, 0, tzinfo=UTC)
    with pytest.raises(ValueError, match="backwards"):
        clock.advance(timedelta(seconds=-1))
    with pytest.raises(ValueError, match="timezone-aware"):
        FakeClock(datetime(2022, 7, 7))  # noqa: DTZ001 - the point of the test
    assert SystemClock().now().tzinfo is UTC


def test_the_language_is_read_in_any_case(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEFAULT_LANGUAGE", "VI")
    assert load_settings().default_language == "vi"


@pytest.mark.parametrize(
    ("command", "said"),
    [
        ("run", ".env in the current folder"),
        ("check", "Exit code 0: all is well"),
        ("sandbox", "token 123456:SANDBOX-TOKEN"),
        ("sandbox", "default: 8081"),
        ("webhook", "delete goes back to polling"),
    ],
)
def test_each_command_s_help_says_what_it_does(
    command: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as leaving:
        main([command, "--help"])
    assert leaving.value.code == 0
    assert said in " ".join(capsys.readouterr().out.split())


def test_a_webhook_path_the_web_server_uses_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # `followup check` reads the same settings as `followup run`, so it refuses it too.
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.org/healthz")
    monkeypatch.setenv("WEBHOOK_SECRET", "abc")
    with pytest.raises(ConfigurationError) as caught:
        load_settings()
    assert str(caught.value) == (
        "WEBHOOK_URL must not end in /healthz, which serves health or metrics; use a path such "
        "as /telegram."
    )
