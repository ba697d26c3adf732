"""The wire format: envelope, errors, the three ways to encode a call, and the HTTP driver."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import pytest

from bot.sandbox import Sandbox

TOKEN = "123456:SANDBOX-TOKEN"  # the token the conftest's sandbox accepts

Session = aiohttp.ClientSession


async def _call(http: Session, url: str, **kwargs: Any) -> tuple[int, dict[str, Any]]:
    async with http.post(url, **kwargs) as response:
        return response.status, await response.json()


async def test_get_me_works_with_get_and_any_case(sandbox: Sandbox, http: Session) -> None:
    async with http.get(f"{sandbox.root_url}/bot{TOKEN}/GETME") as response:
        body = await response.json()
    assert response.status == 200
    assert body["ok"] is True
    assert body["result"]["username"] == "followup_sandbox_bot"


@pytest.mark.parametrize(
    ("path", "status", "description"),
    [
        ("/bot999:WRONG/getMe", 401, "Unauthorized"),
        (f"/bot{TOKEN}/sendPigeon", 404, "Not Found"),
        (f"/bot{TOKEN}/sendMessage?chat_id=42&text=hi", 400, "Bad Request: chat not found"),
        (f"/bot{TOKEN}/getUpdates?offset=abc", 400, "Bad Request: invalid offset specified"),
    ],
)
async def test_errors_use_telegrams_envelope(
    sandbox: Sandbox, http: Session, path: str, status: int, description: str
) -> None:
    assert await _call(http, sandbox.root_url + path) == (
        status,
        {"ok": False, "error_code": status, "description": description},
    )


async def test_form_json_and_query_bodies_mean_the_same(
    sandbox: Sandbox, http: Session, world: dict[str, Any]
) -> None:
    url = f"{sandbox.root_url}/bot{TOKEN}/sendMessage"
    chat = world["group"]["id"]
    markup = {"inline_keyboard": [[{"text": "Xong", "callback_data": "done:1"}]]}
    form = {"chat_id": str(chat), "text": "A", "reply_markup": json.dumps(markup)}
    await _call(http, url, data=form)
    await _call(http, url, json={"chat_id": chat, "text": "B", "reply_markup": markup})
    await _call(http, url, params=form | {"text": "C"})
    shown = sandbox.transcript(chat)
    assert [(m["text"], m["reply_markup"]) for m in shown] == [(t, markup) for t in "ABC"]
    assert sandbox.calls[0] == (
        "sendMessage",
        {"chat_id": chat, "text": "A", "reply_markup": markup},
    )


async def test_multipart_upload_by_attach_uri(
    sandbox: Sandbox, http: Session, world: dict[str, Any]
) -> None:
    form = aiohttp.FormData()
    form.add_field("chat_id", str(world["private"]["id"]))
    form.add_field("document", "attach://file1")
    form.add_field("file1", b"%PDF-1.4", filename="bien-ban.pdf", content_type="application/pdf")
    status, body = await _call(http, f"{sandbox.root_url}/bot{TOKEN}/sendDocument", data=form)
    assert status == 200
    document = body["result"]["document"]
    assert (document["file_name"], document["mime_type"], document["file_size"]) == (
        "bien-ban.pdf",
        "application/pdf",
        8,
    )


async def test_faults_keep_the_envelope(
    sandbox: Sandbox, http: Session, world: dict[str, Any]
) -> None:
    url = f"{sandbox.root_url}/bot{TOKEN}/getChat?chat_id={world['group']['id']}"
    sandbox.inject_fault("getChat", "429", retry_after=7)
    sandbox.inject_fault("getChat", "502")
    assert await _call(http, url) == (
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 7",
            "parameters": {"retry_after": 7},
        },
    )
    async with http.post(url) as response:
        assert (response.status, response.content_type) == (502, "text/html")
    assert (await _call(http, url))[0] == 200
    with pytest.raises(ValueError, match="unknown fault kind"):
        sandbox.inject_fault("getChat", "418")


async def test_a_bot_in_another_process_can_be_driven_over_http(
    sandbox: Sandbox, http: Session
) -> None:
    driver, api = f"{sandbox.root_url}/sandbox", f"{sandbox.root_url}/bot{TOKEN}"
    _, lan = await _call(http, f"{driver}/users", json={"first_name": "Lan", "username": "lan"})
    lan_id = lan["result"]["id"]
    group_body = {"title": "Tổ 2", "member_ids": [lan_id], "admin_ids": [lan_id]}
    _, group = await _call(http, f"{driver}/chats", json=group_body)
    chat = group["result"]["id"]
    said = {"user_id": lan_id, "text": "/task @lan gửi biên bản"}
    _, message = await _call(http, f"{driver}/chats/{chat}/messages", json=said)
    assert [e["type"] for e in message["result"]["entities"]] == ["bot_command", "mention"]

    waiting = asyncio.create_task(_call(http, f"{driver}/chats/{chat}/wait", json={"count": 1}))
    keyboard = {"inline_keyboard": [[{"text": "Xong", "callback_data": "done:1"}]]}
    reply = {"chat_id": chat, "text": "Đã giao", "reply_markup": keyboard}
    _, sent = await _call(http, f"{api}/sendMessage", json=reply)
    _, waited = await waiting
    assert [m["text"] for m in waited["result"]] == ["Đã giao"]

    press = {"user_id": lan_id, "message_id": sent["result"]["message_id"], "data": "done:1"}
    _, clicked = await _call(http, f"{driver}/chats/{chat}/click", json=press)
    _, updates = await _call(http, f"{api}/getUpdates")
    assert updates["result"][-1]["callback_query"]["id"] == clicked["result"]["callback_query_id"]
    async with http.get(f"{driver}/chats/{chat}/transcript") as response:
        transcript = (await response.json())["result"]
    assert [m["text"] for m in transcript] == ["/task @lan gửi biên bản", "Đã giao"]


async def test_http_driver_reports_mistakes(sandbox: Sandbox, http: Session) -> None:
    driver = f"{sandbox.root_url}/sandbox"
    status, body = await _call(
        http, f"{driver}/chats/-5/messages", json={"user_id": 1, "text": "x"}
    )
    assert (status, body["ok"]) == (400, False)
    assert "no chat with id -5" in body["description"]
    _, group = await _call(http, f"{driver}/chats", json={"title": "Trống"})
    chat = group["result"]["id"]
    status, body = await _call(http, f"{driver}/chats/{chat}/wait", json={"timeout": 0})
    assert status == 408
    assert "got 0" in body["description"]
