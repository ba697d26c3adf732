"""The proxy the aiohttp client takes from the environment, as httpx (PTB's default) did.

The exchanges themselves (JSON bodies, file uploads, timeouts, lost connections) run against the
sandbox in ``tests/e2e`` (``test_faults.py``, ``test_exports.py``...)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.telegram_http import proxy_for


@pytest.fixture(autouse=True)
def _fresh_lookups() -> Iterator[None]:
    proxy_for.cache_clear()
    yield
    proxy_for.cache_clear()


def _clear(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def test_no_proxy_when_none_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    _clear(monkeypatch)
    assert proxy_for("https", "api.telegram.org") is None


def test_https_proxy_applies_to_telegram(monkeypatch: pytest.MonkeyPatch) -> None:
    _clear(monkeypatch)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    assert proxy_for("https", "api.telegram.org") == "http://proxy.example:3128"
    assert proxy_for("http", "api.telegram.org") is None  # HTTP_PROXY is another variable


def test_all_proxy_is_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    _clear(monkeypatch)
    monkeypatch.setenv("ALL_PROXY", "http://proxy.example:3128")
    assert proxy_for("https", "api.telegram.org") == "http://proxy.example:3128"


def test_no_proxy_exempts_a_host(monkeypatch: pytest.MonkeyPatch) -> None:
    _clear(monkeypatch)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "localhost,telegram-bot-api.internal")
    assert proxy_for("https", "telegram-bot-api.internal") is None
    assert proxy_for("https", "api.telegram.org") == "http://proxy.example:3128"
