"""``python -m bot``: the same as the ``followup`` command."""

from bot.cli import main

raise SystemExit(main())
