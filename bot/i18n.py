"""Translations: gettext catalogs (``bot/locales/<lang>/LC_MESSAGES/messages.po``) read with Babel.

Message ids are keys (``task.recorded``), not English sentences, so that a test can check that
every key exists in every language. Variables use ``str.format`` names: ``{number}``.
The catalogs are compiled in memory at start-up, so no ``.mo`` file needs building or shipping.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALES = Path(__file__).parent / "locales"
LANGUAGES = ("vi", "en")
DATE_FORMATS = {"vi": "EEEE, dd/MM/yyyy", "en": "EEE d MMM yyyy"}
SHORT_DATE_FORMATS = {"vi": "dd/MM/yyyy", "en": "d MMM yyyy"}
# A date as a command may give it back, read as that date without a doubt in a chat of the
# language: an English chat may write the month first, so "4/3" would be asked about there.
TYPED_DATE_FORMATS = {"vi": "d/M/yyyy", "en": "d MMMM yyyy"}


@lru_cache(maxsize=4096)
def _format_date(day: date, pattern: str, language: str) -> str:
    """Babel's formatting, remembered: a list shows the same few dates again and again, and
    Babel parses the pattern and looks the locale up on every call."""
    return format_date(day, pattern, locale=language)


def load_catalog(language: str) -> Translations:
    """Read one language's ``.po`` file and compile it in memory."""
    with (LOCALES / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


class Translator:
    """Renders the catalog's sentences and dates in one language."""

    def __init__(self, language: str, translations: Translations) -> None:
        self.language = language
        self._translations = translations

    def __call__(self, key: str, /, **params: object) -> str:
        """The sentence for ``key`` with its variables filled in."""
        return self._translations.gettext(key).format(**params)

    def template(self, key: str) -> str:
        """The sentence for ``key`` with its ``{variables}`` left in."""
        return self._translations.gettext(key)

    def plural(self, key: str, count: int, /, **params: object) -> str:
        """The sentence for ``key`` in the plural form that fits ``count``."""
        return self._translations.ngettext(key, key + ".plural", count).format(
            count=count, **params
        )

    def has(self, key: str) -> bool:
        """True when the catalog translates ``key``."""
        return self._translations.gettext(key) != key

    def date(self, day: date, *, weekday: bool = True) -> str:
        """A date as people of this language read it: ``Chủ Nhật, 31/07/2022``."""
        formats = DATE_FORMATS if weekday else SHORT_DATE_FORMATS
        return _format_date(day, formats[self.language], self.language)

    def due(self, instant: datetime, precision: str, timezone: str) -> str:
        """A deadline in the chat's zone, with its time only when one was given."""
        local = instant.astimezone(ZoneInfo(timezone))
        text = self.date(local.date())
        if precision == "time":
            text += local.strftime(" %H:%M")
        return text

    def typed_due(self, instant: datetime, precision: str, timezone: str) -> str:
        """A deadline as it is typed after ``/deadline <n>`` to set it: ``30/6/2027``,
        ``4 March 2027 17:00``."""
        local = instant.astimezone(ZoneInfo(timezone))
        text = _format_date(local.date(), TYPED_DATE_FORMATS[self.language], self.language)
        if precision == "time":
            text += local.strftime(" %H:%M")
        return text


class Catalogs:
    """Every language's translator, loaded once."""

    def __init__(self, default_language: str) -> None:
        self.default_language = default_language
        self._translators = {lang: Translator(lang, load_catalog(lang)) for lang in LANGUAGES}

    def get(self, language: str | None) -> Translator:
        """The translator for ``language``, or the default one."""
        return self._translators.get(language or "", self._translators[self.default_language])
