"""The bot's web server: Telegram's webhook, ``/healthz`` and ``/metrics``."""
