"""The Bot API client over real TLS: Telegram's certificate is checked, against certifi's bundle
or the file ``SSL_CERT_FILE`` names (the sandbox speaks plain HTTP, so the e2e tests never
reach this part). A throw-away certificate authority (trustme) signs a local HTTPS server."""

from __future__ import annotations

import json
import ssl
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
import trustme
from aiohttp import web
from telegram.error import NetworkError
from telegram.request import RequestData

from bot.telegram_http import NOT_SENT, AiohttpRequest

ANSWER = {"ok": True, "result": {"id": 1, "is_bot": True, "first_name": "Follow-up"}}


@pytest.fixture
def authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
async def https_root(authority: trustme.CA) -> AsyncIterator[str]:
    """``https://127.0.0.1:<port>`` of a server whose certificate the fake authority signed; it
    answers every call with :data:`ANSWER` and echoes nothing else."""

    async def answer(request: web.Request) -> web.Response:
        await request.read()
        return web.json_response(ANSWER)

    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    app = web.Application()
    app.router.add_post("/{tail:.*}", answer)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=server_context)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"https://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


async def _get_me(root: str) -> tuple[int, bytes]:
    request = AiohttpRequest()
    await request.initialize()
    try:
        return await request.do_request(f"{root}/bot123:ABC/getMe", "POST", RequestData())
    finally:
        await request.shutdown()


async def test_a_certificate_from_ssl_cert_file_is_trusted(
    authority: trustme.CA, https_root: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    authority.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "ca.pem"))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    code, payload = await _get_me(https_root)
    assert code == 200
    assert json.loads(payload) == ANSWER


async def test_an_unknown_authority_is_refused_before_anything_is_sent(
    https_root: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    with pytest.raises(NetworkError) as refused:
        await _get_me(https_root)  # certifi's bundle does not hold the fake authority
    assert isinstance(refused.value.__cause__, aiohttp.ClientConnectorCertificateError)
    assert isinstance(refused.value.__cause__, NOT_SENT)  # a retry may not double anything
    assert "123:ABC" not in refused.value.message
