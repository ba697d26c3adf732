"""``followup parse``: show what the deadline parser understands, for people and for scripts.

One text gives one JSON object; ``--jsonl`` reads one JSON object per line (``text`` and optional
``now``, ``tz``, ``lang``, ``id``) and writes one result per line, in order, never stopping on a
bad line. Sentences here are English on purpose: this is a developer tool, not the bot's voice.
"""

from __future__ import annotations

import json
from datetime import datetime, tzinfo
from typing import Any, TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ._fallback import warm_up
from ._model import ParseResult
from ._parser import parse_deadline

_ERRORS = {
    "impossible_date": "{detail!r} is not a real date.",
    "impossible_time": "{detail!r} is not a real time of day.",
}
_NOTHING = "No deadline found in the text."
_LANGS = {"vi": ("vi",), "en": ("en",), "vi,en": ("vi", "en"), "en,vi": ("en", "vi")}


class InputError(ValueError):
    """A request the parser cannot even start on (bad time zone, date-time or language)."""


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InputError(f"Unknown time zone {name!r}.") from exc


def _now(value: str | None, clock_now: datetime, zone: tzinfo) -> datetime:
    if value is None:
        return clock_now
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"'now' must be an ISO-8601 date-time, not {value!r}.") from exc
    # A naive "now" is read as wall-clock time in the chat's zone, as a secretary would mean it.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def _languages(value: str) -> tuple[str, ...]:
    try:
        return _LANGS[value.replace(" ", "")]
    except KeyError as exc:
        raise InputError(f"Language must be 'vi', 'en' or 'vi,en', not {value!r}.") from exc


def to_json(result: ParseResult) -> dict[str, Any]:
    """Render a parse result as the JSON object ``followup parse`` prints."""
    deadline = result.deadline
    out: dict[str, Any] = {
        "date": deadline.local_date.isoformat() if deadline else None,
        "time": deadline.local_time.strftime("%H:%M") if deadline and deadline.local_time else None,
        "due_utc": deadline.due_utc.isoformat() if deadline else None,
        "precision": deadline.precision.value if deadline else None,
        "due_text": deadline.text if deadline else None,
        "span": list(result.span) if result.span else None,
        "title": result.title,
        "confirm": result.confirm,
        "confirm_reasons": list(result.confirm_reasons),
    }
    if result.error is not None:
        out["error"] = _ERRORS.get(result.error, _NOTHING).format(detail=result.error_detail)
        out["error_code"] = result.error
    elif deadline is None:
        out["error"] = _NOTHING
    return out


def _one(text: str, now: str | None, tz: str, lang: str, clock_now: datetime) -> dict[str, Any]:
    zone = _zone(tz)
    moment, languages = _now(now, clock_now, zone), _languages(lang)
    return to_json(parse_deadline(text, now=moment, tz=zone, languages=languages))


Defaults = dict[str, str | None]  # "now", "tz", "lang" given on the command line


def _line(raw: str, number: int, defaults: Defaults, clock_now: datetime) -> dict[str, Any]:
    try:
        request = json.loads(raw)
    except json.JSONDecodeError:
        request = None
    if not isinstance(request, dict) or not isinstance(request.get("text"), str):
        return {"line": number, "error": f"Line {number} is not a JSON object with a text."}
    options = {key: request.get(key, default) for key, default in defaults.items()}
    if not all(isinstance(value, str | None) for value in options.values()):
        return {"line": number, "error": "'now', 'tz' and 'lang' must be strings."}
    tz, lang = options["tz"] or "Asia/Ho_Chi_Minh", options["lang"] or "vi,en"
    try:
        out = _one(request["text"], options["now"], tz, lang, clock_now)
    except InputError as exc:
        out = {"line": number, "error": str(exc)}
    return out if "id" not in request else {"id": request["id"], **out}


def run_parse(
    text: str | None,
    *,
    jsonl: bool,
    now: str | None,
    tz: str,
    lang: str,
    clock_now: datetime,
    stdin: TextIO,
    stdout: TextIO,
) -> int:
    """Print what the parser reads; 0 when a deadline was found (always in JSONL mode)."""
    if jsonl:
        warm_up()  # pay dateparser's import once, before the first line
        defaults: Defaults = {"now": now, "tz": tz, "lang": lang}
        for number, raw in enumerate(stdin, start=1):
            out = _line(raw, number, defaults, clock_now)
            stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        stdout.flush()
        return 0
    try:
        out = _one(stdin.read() if text is None else text, now, tz, lang, clock_now)
    except InputError as exc:
        stdout.write(json.dumps({"error": str(exc)}, ensure_ascii=False) + "\n")
        return 2
    stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return 0 if out["date"] is not None else 1
