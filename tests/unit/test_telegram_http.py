"""The proxy and the certificates the aiohttp client takes, as httpx (PTB's default) did.

The exchanges themselves (JSON bodies, file uploads, timeouts, lost connections) run against the
sandbox in ``tests/e2e`` (``test_faults.py``, ``test_exports.py``...)."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import certifi
import pytest

from bot.telegram_http import proxy_for, trusted_certificates


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


def test_telegram_is_checked_against_certifi_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    context = trusted_certificates()
    assert context.verify_mode is ssl.CERT_REQUIRED
    assert context.check_hostname
    assert context.cert_store_stats()["x509_ca"] > 100  # certifi's bundle, not an empty store


def test_ssl_cert_file_replaces_the_bundle(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bundle = Path(certifi.where()).read_text()
    first = bundle[bundle.index("-----BEGIN CERTIFICATE-----") :]
    first = first[: first.index("-----END CERTIFICATE-----") + len("-----END CERTIFICATE-----")]
    (tmp_path / "ca.pem").write_text(first + "\n")
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "ca.pem"))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    assert trusted_certificates().cert_store_stats()["x509_ca"] == 1
