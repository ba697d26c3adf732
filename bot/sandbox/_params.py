"""Reading Bot API parameters from a request, whatever way the client encoded them.

Telegram accepts a query string, ``application/x-www-form-urlencoded``, ``multipart/form-data`` and
``application/json``. python-telegram-bot sends forms in which strings are raw and every other
value (numbers, booleans, objects such as ``reply_markup``) is JSON-encoded, so the accessors here
decode a value according to the type the method expects, not according to how it arrived.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from aiohttp import BodyPartReader, web

from bot.sandbox._errors import bad_request

_NUMERIC_KEY = re.compile(r"(_id|_time|^offset|^limit|^timeout)$")


@dataclass(frozen=True)
class UploadedFile:
    """One file part of a multipart request."""

    filename: str
    content: bytes
    content_type: str | None


class Params:
    """The parameters of one call, with typed accessors that raise Telegram's 400 errors."""

    def __init__(self, values: dict[str, Any], files: dict[str, UploadedFile] | None = None):
        self.values = values
        self.files = files or {}

    def has(self, name: str) -> bool:
        """Tell whether the parameter was sent."""
        return name in self.values or name in self.files

    def get_str(self, name: str, default: str | None = None) -> str | None:
        """Return a string parameter (numbers from JSON bodies are turned into text)."""
        value = self.values.get(name)
        if value is None:
            return default
        if isinstance(value, str):
            return value
        return json.dumps(value) if isinstance(value, dict | list) else str(value)

    def get_int(self, name: str, default: int | None = None) -> int | None:
        """Return an integer parameter, or 400 if it is not a number."""
        value = self.values.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return int(value)
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def require_int(self, name: str) -> int:
        """Return a mandatory integer parameter, or 400 if it is missing."""
        value = self.get_int(name)
        if value is None:
            raise bad_request(f"{name} is empty")
        return value

    def get_bool(self, name: str, default: bool = False) -> bool:
        """Return a boolean parameter (``true``/``false``/``1``/``0``)."""
        value = self.values.get(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() in {"true", "1"}

    def get_json(self, name: str) -> Any:
        """Return an object parameter, decoding it if it arrived as JSON text."""
        value = self.values.get(name)
        if not isinstance(value, str):
            return value
        if value == "":
            return None
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {name} JSON object") from None

    def plain(self) -> dict[str, Any]:
        """Return the values with JSON-looking strings decoded, for the ``calls`` log."""
        out: dict[str, Any] = {}
        for key, value in self.values.items():
            out[key] = _decode_loosely(key, value) if isinstance(value, str) else value
        for key, file in self.files.items():
            out[key] = {"filename": file.filename, "size": len(file.content)}
        return out


def _decode_loosely(key: str, value: str) -> Any:
    """Decode objects, arrays, booleans and numeric fields; leave text such as "123" alone."""
    if value[:1] in {"{", "["} or value in {"true", "false"}:
        try:
            return json.loads(value)
        except ValueError:
            return value
    if _NUMERIC_KEY.search(key) and value.lstrip("-").isdigit():
        return int(value)
    return value


async def read_params(request: web.Request) -> Params:
    """Collect the parameters of a Bot API request from its query string and body."""
    values: dict[str, Any] = dict(request.query)
    files: dict[str, UploadedFile] = {}
    if request.content_type == "application/json":
        body = await request.text()
        if body.strip():
            try:
                decoded = json.loads(body)
            except ValueError:
                raise bad_request("can't parse JSON request body") from None
            if not isinstance(decoded, dict):
                raise bad_request("JSON request body must be an object")
            values.update(decoded)
    elif request.content_type == "multipart/form-data":
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            if part.filename is not None:
                content = bytes(await part.read(decode=True))
                ctype = part.headers.get("Content-Type")
                files[part.name] = UploadedFile(part.filename, content, ctype)
            else:
                values[part.name] = await part.text()
    elif request.can_read_body:
        values.update(dict(await request.post()))
    return Params(values, files)
