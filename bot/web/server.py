"""The bot's one web server: Telegram's webhook (when set), ``/healthz`` and ``/metrics``.

Webhook mode follows python-telegram-bot's custom-webhook pattern: the application is built
without an ``Updater`` and the server puts each update Telegram posts into its
``update_queue``, answering 200 at once; PTB's own webhook server could not also serve the
health and metrics endpoints. In polling mode the server serves only those two.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError
from telegram import Update

from bot.app import ALLOWED_UPDATES, polling_failed, prepare
from bot.context import FollowUpApplication
from bot.errors import ConfigurationError
from bot.settings import WEB_PATHS, Settings
from bot.updates import PRUNE_EVERY, UpdateLedger
from bot.web.health import DATABASE_TIMEOUT, health
from storage import UnitOfWork

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
APPLICATION = web.AppKey("application", FollowUpApplication)
SECRET = web.AppKey("secret", bytes)
RESERVED = WEB_PATHS  # refused in WEBHOOK_URL by the settings too


async def _webhook(request: web.Request) -> web.Response:
    """Take one update from Telegram: check the secret, queue the update, answer 200."""
    given = request.headers.get(SECRET_HEADER, "").encode()
    if not hmac.compare_digest(given, request.app[SECRET]):
        log.warning(
            "refused a webhook request from %s: wrong or missing secret token", request.remote
        )
        return web.Response(status=403, text="wrong or missing secret token")
    application = request.app[APPLICATION]
    try:
        update = Update.de_json(await request.json(), application.bot)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        log.warning("refused a webhook request that is not an update: %s", type(exc).__name__)
        return web.Response(status=400, text="not a Telegram update")
    await application.update_queue.put(update)
    return web.Response()


async def _healthz(request: web.Request) -> web.Response:
    healthy, report = await health(request.app[APPLICATION])
    return web.json_response(report, status=200 if healthy else 503)


async def _metrics(request: web.Request) -> web.Response:
    application = request.app[APPLICATION]
    services = application.services
    try:  # the backlog is read at each scrape; a slow database must not hang the scrape
        async with asyncio.timeout(DATABASE_TIMEOUT), UnitOfWork(services.database) as uow:
            services.metrics.reminders_due.set(await uow.reminders.count_due(services.clock.now()))
    except (TimeoutError, SQLAlchemyError, OSError) as exc:
        log.warning("metrics: the reminder backlog could not be read: %s", type(exc).__name__)
    body, content_type = services.metrics.render()
    response = web.Response(body=body)
    response.headers["Content-Type"] = content_type
    return response


def build_web_app(application: FollowUpApplication, settings: Settings) -> web.Application:
    """The routes: the webhook at WEBHOOK_URL's path (when set), ``/healthz``, ``/metrics``."""
    app = web.Application()
    app[APPLICATION] = application
    app.router.add_get("/healthz", _healthz)
    app.router.add_get("/metrics", _metrics)
    if settings.webhook_url is not None:
        if settings.webhook_path in RESERVED:
            raise ConfigurationError(
                f"WEBHOOK_URL must not end in {settings.webhook_path}, which serves "
                "health or metrics; use a path such as /telegram."
            )
        assert settings.webhook_secret is not None  # the settings require it with the URL
        app[SECRET] = settings.webhook_secret.get_secret_value().encode()
        app.router.add_post(settings.webhook_path, _webhook)
    return app


async def _prune(context: Any) -> None:
    application = context.application
    assert isinstance(application, FollowUpApplication)
    assert application.ledger is not None
    removed = await application.ledger.prune()
    log.debug("forgot %s handled update ids", removed)


@asynccontextmanager
async def serving(
    application: FollowUpApplication, settings: Settings, port: int | None = None
) -> AsyncIterator[str]:
    """Run the bot and its web server; yield the server's root URL. Stops cleanly on exit.

    With WEBHOOK_URL set, updates come from the webhook and each is handled once across
    replicas (see :mod:`bot.updates`); otherwise the bot polls. ``port`` overrides WEB_PORT
    (0 picks a free one, for tests).
    """
    webhook = settings.webhook_url is not None
    web_app = build_web_app(application, settings)
    async with application:
        if webhook:
            services = application.services
            application.ledger = UpdateLedger(services.database, services.clock)
            assert application.job_queue is not None  # the job-queue extra is a dependency
            application.job_queue.run_repeating(
                _prune, interval=PRUNE_EVERY, first=PRUNE_EVERY, name="processed-updates-prune"
            )
        runner = web.AppRunner(web_app, access_log=None, shutdown_timeout=2.0)
        try:
            await runner.setup()
            # The port first: a busy one stops the start before the bot has told Telegram
            # anything or run a job (webhook updates that come meanwhile wait in the queue).
            url = await _listen(runner, settings, settings.web_port if port is None else port)
            await prepare(application)
            await application.start()
            if not webhook:
                assert application.updater is not None  # built with one for polling
                await application.updater.start_polling(
                    allowed_updates=ALLOWED_UPDATES, error_callback=polling_failed
                )
            mode = f"webhook {settings.webhook_url}" if webhook else "polling"
            log.info("bot running (%s); health and metrics at %s", mode, url)
            yield url
        finally:
            await runner.cleanup()  # no new updates first, then finish the queued ones
            if application.updater is not None and application.updater.running:
                await application.updater.stop()
            if application.running:
                await application.stop()


async def _listen(runner: web.AppRunner, settings: Settings, port: int) -> str:
    site = web.TCPSite(runner, settings.web_listen, port)
    try:
        await site.start()
    except OSError as exc:
        # asyncio's strerror: "error while attempting to bind on address (...): <the reason>"
        reason = (exc.strerror or str(exc)).rpartition("): ")[2]
        raise ConfigurationError(
            f"WEB_LISTEN {settings.web_listen} and WEB_PORT {port} cannot be listened on "
            f"({reason}); choose a free port (WEB_PORT in .env) or another address."
        ) from None
    host, bound = runner.addresses[0][:2]
    return f"http://[{host}]:{bound}" if ":" in host else f"http://{host}:{bound}"


async def serve_forever(application: FollowUpApplication, settings: Settings) -> None:
    """``followup run``: serve until SIGINT or SIGTERM, then stop cleanly."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with serving(application, settings):
        await stop.wait()
