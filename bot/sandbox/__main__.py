"""Run the sandbox on its own: ``python -m bot.sandbox --port 8081``."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys

from bot.sandbox import Sandbox


def port_number(value: str) -> int:
    """A ``--port``: a number from 0 (a free port) to 65535."""
    if not value.strip().isdigit() or not 0 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number from 0 to 65535")
    return int(value)


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bot.sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=port_number, default=8081, help="0 picks a free port")
    parser.add_argument("--token", default="123456:SANDBOX-TOKEN")
    parser.add_argument("--username", default="followup_sandbox_bot")
    parser.add_argument(
        "--enforce-limits",
        action="store_true",
        help="answer 429 beyond 30 messages/s in all or 20 messages/min per group",
    )
    return parser.parse_args(argv)


async def _serve(args: argparse.Namespace) -> None:
    sandbox = Sandbox(
        bot_token=args.token, bot_username=args.username, enforce_limits=args.enforce_limits
    )
    root = await sandbox.start(host=args.host, port=args.port)
    # The token is a fake made for this server, so printing it leaks nothing.
    print(f"Sandbox Bot API: {root}  token: {sandbox.bot_token}", flush=True)
    print(f"  python-telegram-bot: base_url={root}/bot   driver: {root}/sandbox/", flush=True)
    if args.enforce_limits:
        print("  Telegram's rate limits are enforced (429 retry after N)", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        await sandbox.stop()


def main(argv: list[str] | None = None) -> int:
    """Serve until interrupted; 2, with one sentence on standard error, when the address
    cannot be listened on."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    args = _parse_args(argv)
    try:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(_serve(args))
    except OSError as exc:  # the port is taken, the host is not this machine's...
        # asyncio's strerror: "error while attempting to bind on address (...): <the reason>"
        reason = (exc.strerror or str(exc)).rpartition("): ")[2]
        print(
            f"followup sandbox: cannot listen on {args.host} port {args.port} ({reason}); "
            "choose another --port (or --host), and set TELEGRAM_API_BASE_URL to match.",
            file=sys.stderr,
        )
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
