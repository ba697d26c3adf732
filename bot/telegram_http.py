"""The HTTP client under python-telegram-bot: aiohttp instead of PTB's default, httpx.

python-telegram-bot sends every Bot API call through a ``BaseRequest`` and lets the
application choose it. Its own is ``HTTPXRequest``; the same maintainers keep an aiohttp one in
``ptbcontrib``, which is published on GitHub only (not on PyPI), so this module is our own,
written against PTB's ``BaseRequest`` contract. aiohttp is a dependency already (the webhook
server). Measured with ``bench/e2e.py``: httpx's connection pool checks every idle connection
before each request and runs each call through several layers of anyio; the whole HTTP exchange
was the largest share of the CPU the bot spends on an update.

Calls go out as JSON bodies (Telegram accepts JSON, forms and multipart alike), except uploads,
which are multipart forms as with PTB's own client.

Timeouts keep PTB's meaning: ``read_timeout`` (per call: ``getUpdates`` adds its long-poll
time), ``connect_timeout`` and ``pool_timeout`` (waiting for a free connection). aiohttp has no
write timeout of its own; every call's whole exchange is bounded by the sum of the four (16 s
with PTB's defaults; 31 s for an upload, whose write timeout is 20 s: the bot uploads exports
of a few hundred kilobytes at most).

Errors are raised as PTB raises them (``TimedOut``, ``NetworkError``), with aiohttp's exception
as the cause: :data:`NOT_SENT` lists the causes after which the request surely never reached
Telegram (``bot.telegram_calls.may_retry`` depends on telling them apart).
"""

from __future__ import annotations

import json
import logging
import os
import re
import ssl
import urllib.request
from functools import cache
from typing import Any

import aiohttp
import certifi
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.request import BaseRequest, RequestData
from yarl import URL

log = logging.getLogger(__name__)
_JSON = {"Content-Type": "application/json"}
# aiohttp writes the URL into some of its messages; the URL holds the bot's token.
_TOKEN = re.compile(r"/bot[^/\s]*")
# The connection was never made, or no pooled connection became free in time: the request did
# not leave. (``ConnectionTimeoutError`` covers both waits; aiohttp raises
# ``ClientConnectorError`` for refused connections and failed name look-ups.)
NOT_SENT: tuple[type[BaseException], ...] = (
    aiohttp.ClientConnectorError,
    aiohttp.ConnectionTimeoutError,
)


@cache
def proxy_for(scheme: str, host: str) -> str | None:
    """The proxy the environment (``HTTPS_PROXY``, ``NO_PROXY``...) sets for a host, as httpx
    reads it. Read once per host: aiohttp's own ``trust_env`` reads it (and ``~/.netrc``) in a
    worker thread on every request, two thread hand-offs per Bot API call."""
    if urllib.request.proxy_bypass(host):
        return None
    proxies = urllib.request.getproxies()
    return proxies.get(scheme) or proxies.get("all")


def trusted_certificates() -> ssl.SSLContext:
    """The certificates Telegram's server is checked against, as httpx (PTB's default) checks
    them: certifi's bundle, or the files ``SSL_CERT_FILE``/``SSL_CERT_DIR`` name. (aiohttp alone
    would take the system's store, which a slim container image may lack.)"""
    if os.environ.get("SSL_CERT_FILE") or os.environ.get("SSL_CERT_DIR"):
        return ssl.create_default_context()  # OpenSSL reads both variables itself
    return ssl.create_default_context(cafile=certifi.where())


def _timeout(value: object, default: float | None) -> float | None:
    """A call's own timeout, or this client's when the call left it to PTB's default."""
    return default if value is BaseRequest.DEFAULT_NONE else value  # type: ignore[return-value]


class AiohttpRequest(BaseRequest):
    """A ``BaseRequest`` on an ``aiohttp.ClientSession`` with a bounded connection pool."""

    @staticmethod
    def parse_json_payload(payload: bytes) -> dict[str, Any]:
        """The answer's JSON, or PTB's ``TelegramError("Invalid server response")``, as PTB's
        own; without its ERROR line and traceback for each answer that is not JSON (a proxy's
        502 page, a wrong TELEGRAM_API_BASE_URL), which the error raised already describes."""
        try:
            result: dict[str, Any] = json.loads(payload.decode("utf-8", "replace"))
        except ValueError as exc:
            log.debug("the Bot API answered with something other than JSON: %.300r", payload)
            raise TelegramError("Invalid server response") from exc
        return result

    def __init__(
        self,
        connection_pool_size: int = 1,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read = read_timeout
        self._write = write_timeout
        self._connect = connect_timeout
        self._pool = pool_timeout
        self._media_write = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        """See :attr:`telegram.request.BaseRequest.read_timeout`."""
        return self._read

    async def initialize(self) -> None:
        """Open the session (again, after a shutdown)."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size, ssl=trusted_certificates()),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """One HTTP exchange: the status and the body, or PTB's ``TimedOut``/``NetworkError``."""
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized")
        files = request_data.multipart_data if request_data else None
        read = _timeout(read_timeout, self._read)
        write = _timeout(write_timeout, self._media_write if files else self._write)
        connect = _timeout(connect_timeout, self._connect)
        pool = _timeout(pool_timeout, self._pool)
        parts = (read, write, connect, pool)
        timeout = aiohttp.ClientTimeout(
            total=None if None in parts else sum(p for p in parts if p is not None),
            connect=None if connect is None or pool is None else connect + pool,
            sock_connect=connect,
            sock_read=read,
        )
        data: aiohttp.FormData | bytes | None = None
        headers = None
        if files:
            data = aiohttp.FormData(request_data.json_parameters if request_data else {})
            for name, (filename, content, mime_type) in files.items():
                data.add_field(name, content, filename=filename, content_type=mime_type)
        elif request_data is not None:
            # A JSON body, which the Bot API accepts as well as a form: encoding a form quotes
            # the text byte by byte in Python, JSON is encoded in C.
            data, headers = json.dumps(request_data.parameters).encode(), _JSON
        target = URL(url)
        proxy = proxy_for(target.scheme, target.host or "")
        try:
            async with self._session.request(
                method, target, data=data, headers=headers, timeout=timeout, proxy=proxy
            ) as answer:
                return answer.status, await answer.read()
        except TimeoutError as error:  # aiohttp's timeouts derive from it
            raise TimedOut(_described(error)) from error
        except aiohttp.ClientError as error:
            raise NetworkError(_described(error)) from error


def _described(error: BaseException) -> str:
    """aiohttp's error as PTB's message: its class (which says what happened when aiohttp's text
    is empty) and its text, without the token."""
    return f"aiohttp.{type(error).__name__}: {_TOKEN.sub('/bot…', str(error))}"
