"""Every error the bot raises on purpose, in one tree.

::

    FollowUpError
    ├── ConfigurationError       a setting is wrong; the CLI prints its sentence and exits
    ├── DatabaseError            the database cannot be reached or migrated
    ├── AdministratorsNeeded     the rights check needs Telegram's list of administrators
    └── UserError                a request that cannot be done; shown to the user, translated
        ├── NotFound             no such task/decision in this chat
        ├── InvalidInput         the command's text is not understood
        └── NotAllowed           the sender may not do this

A :class:`UserError` carries a catalog key and its variables, never a sentence: the handler layer
translates it into the chat's language.
"""

from __future__ import annotations


class FollowUpError(Exception):
    """The root of the project's own errors."""


class ConfigurationError(FollowUpError):
    """A setting is missing or wrong; ``str(exc)`` is one sentence naming the variable."""


class DatabaseError(FollowUpError):
    """The database cannot be reached, or its schema cannot be brought up to date."""


class AdministratorsNeeded(FollowUpError):
    """The sender has no role in the database that allows the request, and whether they
    administer the chat is not known yet: the handler layer asks Telegram and runs the request
    again. Raised inside the transaction, so that nothing is written and no lock is held while
    Telegram is asked."""


class UserError(FollowUpError):
    """A request that cannot be done, described by a catalog key and its variables."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params
        self.language: str | None = None  # set by the unit of work once the chat is known


class NotFound(UserError):
    """The numbered record does not exist in this chat."""


class InvalidInput(UserError):
    """The text of a command could not be understood."""


class NotAllowed(UserError):
    """The sender lacks the right to do this."""
