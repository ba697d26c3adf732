"""Webhook, web server and log format settings: defaults, and one sentence per mistake."""

from __future__ import annotations

import pytest

from bot.errors import ConfigurationError
from bot.settings import load_settings

NAMES = (
    "WEBHOOK_URL",
    "WEBHOOK_SECRET",
    "WEB_LISTEN",
    "WEB_PORT",
    "LOG_FORMAT",
    "TELEGRAM_API_BASE_URL",
)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # type: ignore[arg-type]  # a Path


def test_defaults_poll_and_serve_health_locally() -> None:
    settings = load_settings()
    assert settings.webhook_url is None
    assert settings.webhook_secret is None
    assert (settings.web_listen, settings.web_port, settings.log_format) == (
        "127.0.0.1",
        8080,
        "text",
    )


def test_webhook_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.org/telegram")
    monkeypatch.setenv("WEBHOOK_SECRET", "abc_DEF-123")
    monkeypatch.setenv("WEB_PORT", "8443")
    monkeypatch.setenv("LOG_FORMAT", "JSON")
    settings = load_settings()
    assert settings.webhook_path == "/telegram"
    assert settings.webhook_secret is not None
    assert settings.webhook_secret.get_secret_value() == "abc_DEF-123"
    assert "abc_DEF-123" not in repr(settings)
    assert (settings.web_port, settings.log_format) == (8443, "json")


def test_plain_http_is_for_a_sandbox_or_a_local_bot_api_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:8081")
    monkeypatch.setenv("WEBHOOK_URL", "http://10.0.0.5:8080/telegram")
    monkeypatch.setenv("WEBHOOK_SECRET", "s")
    assert load_settings().webhook_url == "http://10.0.0.5:8080/telegram"


@pytest.mark.parametrize(
    ("values", "sentence"),
    [
        (
            {"WEBHOOK_URL": "https://bot.example.org/t"},
            "WEBHOOK_SECRET must be set when WEBHOOK_URL is",
        ),
        ({"WEBHOOK_URL": "bot.example.org"}, "WEBHOOK_URL must be the public https:// address"),
        (
            {"WEBHOOK_URL": "http://bot.example.org/t", "WEBHOOK_SECRET": "s"},
            "WEBHOOK_URL must start with https://: Telegram posts updates only to https "
            "addresses (e.g. https://bot.example.org/t)",
        ),
        (
            {"WEBHOOK_URL": "https://b.example.org/t", "WEBHOOK_SECRET": "có dấu"},
            "WEBHOOK_SECRET must be 1 to 256 letters, digits, _ or -",
        ),
        ({"WEBHOOK_SECRET": "x" * 257}, "WEBHOOK_SECRET must be 1 to 256"),
        ({"WEB_PORT": "http"}, "WEB_PORT must be a port number from 1 to 65535"),
        ({"WEB_PORT": "70000"}, "WEB_PORT must be a port number from 1 to 65535"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT must be text"),
    ],
)
def test_a_wrong_value_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, values: dict[str, str], sentence: str
) -> None:
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError) as caught:
        load_settings()
    assert str(caught.value).startswith(sentence)
    assert str(caught.value).endswith(".")
    assert "\n" not in str(caught.value)
    assert "có dấu" not in str(caught.value)
