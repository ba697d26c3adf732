"""The ``followup`` command: run, webhook, demo, console, check, db, export, parse and sandbox."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.clock import SystemClock
from bot.errors import ConfigurationError, DatabaseError
from bot.exports import cli as export_cli
from bot.logs import Redactor, configure
from bot.settings import Settings, async_database_url, load_settings

NO_TOKEN = """\
No bot token is set, so there is no Telegram bot to run.

To run the bot for real:
  1. In Telegram, open @BotFather, send /newbot and follow its questions.
  2. Put the token it gives you in the environment or in a .env file:
       TELEGRAM_BOT_TOKEN=123456789:AAE...
  3. Run `followup run` again, and add the bot to your group.

To try the bot now, offline and with no token, run `followup demo`.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="followup", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run_help = "run the bot: long polling, or a webhook when WEBHOOK_URL is set"
    sub.add_parser(
        "run",
        help=run_help,
        description=f"{run_help[0].upper()}{run_help[1:]}. Settings come from the environment "
        "and from .env in the current folder; the schema is brought up to date first. "
        "Stop with Ctrl-C or SIGTERM.",
    )
    webhook = sub.add_parser(
        "webhook",
        help="register the webhook with Telegram (set|delete|info)",
        description="Register the webhook with Telegram, once for all replicas: set posts "
        "WEBHOOK_URL and WEBHOOK_SECRET to Telegram, delete goes back to polling, info shows "
        "what Telegram has (URL, pending updates, its last delivery error).",
    )
    webhook.add_argument(
        "action",
        choices=("set", "delete", "info"),
        help="set: register WEBHOOK_URL; delete: remove it; info: show Telegram's state",
    )
    webhook.add_argument(
        "--drop-pending-updates", action="store_true", help="forget updates waiting until now"
    )
    demo = sub.add_parser("demo", help="replay the seed meeting of 07/7/2022 in the sandbox")
    demo.add_argument(
        "--database-url", type=_database_url, help="keep the demo's records in this database"
    )
    parse = sub.add_parser("parse", help="show what the bot understands of a deadline")
    parse.add_argument("text", nargs="?", help="the text to read (omit with --jsonl)")
    parse.add_argument("--jsonl", action="store_true", help="read JSON lines from standard input")
    parse.add_argument("--now", help="the reference instant, ISO 8601 (default: now)")
    parse.add_argument("--tz", help="the chat's time zone (default: DEFAULT_TIMEZONE)")
    parse.add_argument("--lang", help="vi, en or vi,en (default: DEFAULT_LANGUAGE)")
    export_cli.add_parser(sub)
    sandbox = sub.add_parser(
        "sandbox",
        help="run the local Bot API sandbox on its own",
        description="Run the local Bot API sandbox (token 123456:SANDBOX-TOKEN), then run the "
        "bot against it with TELEGRAM_API_BASE_URL=http://127.0.0.1:8081 "
        "TELEGRAM_BOT_TOKEN=123456:SANDBOX-TOKEN followup run.",
    )
    sandbox.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1")
    sandbox.add_argument(
        "--port", type=_port, default=8081, help="default: 8081; 0 picks a free port"
    )
    _ops_parsers(sub)
    return parser


def _ops_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``check``, ``db`` and ``console``: the operator's and the newcomer's commands."""
    check_help = "check settings, database, token, webhook and the bot's rights in chats"
    sub.add_parser(
        "check",
        help=check_help,
        description=f"{check_help[0].upper()}{check_help[1:]}, changing nothing, and say what "
        "to do. Exit code 0: all is well; 1: something needs attention; 2: the configuration "
        "is wrong.",
    )
    db = sub.add_parser("db", help="the database: upgrade, current, backup")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply the pending migrations")
    db_sub.add_parser("current", help="show the current and the head revision")
    backup = db_sub.add_parser("backup", help="copy the SQLite database into a new file")
    backup.add_argument("file", type=Path, help="the new file to write (never overwritten)")
    console = sub.add_parser("console", help="chat with the bot in the terminal, offline")
    console.add_argument(
        "--database-url", type=_database_url, help="keep the records in this database"
    )


def _database_url(value: str) -> str:
    """A ``--database-url``: checked and given its async driver as ``DATABASE_URL`` is."""
    try:
        return async_database_url(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _port(value: str) -> int:
    from bot.sandbox.__main__ import port_number

    return port_number(value)


def _token(settings: Settings) -> str | None:
    if settings.telegram_bot_token is None:
        print(NO_TOKEN, file=sys.stderr)
        return None
    return settings.telegram_bot_token.get_secret_value()


def _run(settings: Settings) -> int:
    from bot.app import build_application, build_services, default_rate_limiter
    from bot.startup import preflight
    from bot.web.server import serve_forever
    from storage import Database

    if (token := _token(settings)) is None:
        return 2
    database = Database(settings.database_url)
    asyncio.run(preflight(settings, database, token))
    services = build_services(settings, database, SystemClock())
    application = build_application(
        settings,
        services,
        token=token,
        rate_limiter=default_rate_limiter(),
        polling=settings.webhook_url is None,
    )
    asyncio.run(serve_forever(application, settings))
    return 0


def _webhook(args: argparse.Namespace, settings: Settings) -> int:
    from bot.webhook_cli import run_webhook

    if (token := _token(settings)) is None:
        return 2
    drop = args.drop_pending_updates
    return asyncio.run(run_webhook(args.action, settings, token, drop_pending=drop, out=sys.stdout))


def _parse(args: argparse.Namespace, settings: Settings) -> int:
    from bot.deadlines.cli import run_parse

    if args.text is None and not args.jsonl:
        print(
            "followup parse: give a text, or --jsonl to read lines from standard input",
            file=sys.stderr,
        )
        return 2
    return run_parse(
        args.text,
        jsonl=args.jsonl,
        now=args.now,
        tz=args.tz or settings.default_timezone,
        lang=args.lang or settings.default_language,
        clock_now=SystemClock().now(),
        stdin=sys.stdin,
        stdout=sys.stdout,
    )


def _sandbox(args: argparse.Namespace) -> int:
    from bot.sandbox.__main__ import main as sandbox_main

    return sandbox_main(["--host", args.host, "--port", str(args.port)])


def _ops(args: argparse.Namespace, settings: Settings) -> int:
    from bot.ops import db

    if args.command == "check":
        from bot.ops.check import run_check

        return asyncio.run(run_check(settings, sys.stdout))
    if args.command == "console":
        from bot.console import run_console

        return asyncio.run(run_console(settings, database_url=args.database_url))
    if args.db_command == "backup":
        return db.backup(settings.database_url, args.file, sys.stdout, sys.stderr)
    command = db.upgrade if args.db_command == "upgrade" else db.show_current
    return asyncio.run(command(settings.database_url, sys.stdout))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = _parser().parse_args(argv)
    # python-telegram-bot 22 gives durations (RetryAfter.retry_after...) as timedeltas with this.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    redact = Redactor()
    try:
        settings = load_settings()
        secrets = (settings.telegram_bot_token, settings.webhook_secret)
        # The database's password too, should a driver's message ever quote it (long enough
        # not to mask ordinary words).
        password = make_url(settings.database_url).password
        redact = Redactor(
            [*(s.get_secret_value() for s in secrets if s is not None)]
            + ([password] if isinstance(password, str) and len(password) >= 6 else [])
        )
        # Their output is the point: keep the logs out of it.
        quiet = args.command in ("demo", "parse", "check", "db", "console", "export")
        configure("WARNING" if quiet else settings.log_level, settings.log_format, redact)
        if args.command == "run":
            return _run(settings)
        if args.command == "webhook":
            return _webhook(args, settings)
        if args.command == "demo":
            from bot.demo import run_demo

            return asyncio.run(run_demo(settings, database_url=args.database_url))
        if args.command == "parse":
            return _parse(args, settings)
        if args.command == "export":
            return export_cli.run_export(args, settings, sys.stdout.buffer)
        if args.command in ("check", "db", "console"):
            return _ops(args, settings)
        return _sandbox(args)
    except (ConfigurationError, DatabaseError) as exc:
        print(f"followup: {redact(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
