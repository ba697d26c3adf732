"""The reminder engine: what to remind and when (``plan``), and the timer that wakes it."""
