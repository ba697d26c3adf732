"""Dockerfile, docker-compose.yml and .env.example agree with the code they deploy.

No Docker engine runs here: these read the files as Docker would and check every name they
use against the settings and the command line, and run the image's health check command.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli import _parser
from bot.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]
# The folders a path the README quotes from the repository starts with.
TOP_FOLDERS = frozenset({"bot", "storage", "handlers", "tests", "bench", "shared", ".ci", "docs"})
# Settings the ops-web branch adds to bot/settings.py (webhook, web server, log format). Known
# here by name so that this test passes before and after that merge; once merged they are
# ordinary fields and this set only repeats them.
PENDING = frozenset({"WEBHOOK_URL", "WEBHOOK_SECRET", "WEB_LISTEN", "WEB_PORT", "LOG_FORMAT"})
SETTINGS = frozenset(name.upper() for name in Settings.model_fields)
EXAMPLE_LINE = re.compile(r"#? ?([A-Z][A-Z0-9_]*)=(.*)")


def env_example() -> dict[str, str]:
    """Every ``KEY=value`` of .env.example, the ones commented out as examples included."""
    found = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if match := EXAMPLE_LINE.fullmatch(line.strip()):
            found[match[1]] = match[2]
    return found


def dockerfile_instruction(name: str) -> str:
    """The text of an instruction of the run stage, continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    [value] = re.findall(rf"^{name} (.+)$", text.split("AS build", 1)[1], re.MULTILINE)
    return value


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text("utf-8"))
    return loaded


def loaded_from(
    tmp_path: Path, values: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> Settings:
    """Settings read from an env file holding ``values``, with no variable of the test's own."""
    for name in SETTINGS | PENDING:
        monkeypatch.delenv(name, raising=False)
    env_file = tmp_path / "values.env"
    env_file.write_text("".join(f"{k}={v}\n" for k, v in values.items()), encoding="utf-8")
    return load_settings(_env_file=env_file)


def test_env_example_documents_every_setting_and_nothing_else() -> None:
    keys = set(env_example())
    assert SETTINGS - keys == set(), "settings missing from .env.example"
    assert PENDING - keys == set(), "ops-web settings missing from .env.example"
    assert keys - SETTINGS - PENDING == set(), "keys of .env.example that are no setting"


def test_env_example_values_are_valid_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    values = env_example()
    settings = loaded_from(tmp_path, values, monkeypatch)
    for name in SETTINGS:
        value = getattr(settings, name.lower())
        if name == "TELEGRAM_BOT_TOKEN":
            assert value is None  # left empty on purpose
        else:
            shown = value.get_secret_value() if hasattr(value, "get_secret_value") else value
            assert str(shown) == values[name], name
    # The file as it is, read the way the bot reads .env, is valid too.
    assert load_settings(_env_file=ROOT / ".env.example").default_language == "vi"


def test_compose_runs_the_bot_with_postgresql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = compose()["services"]
    bot, db = services["bot"], services["db"]
    command = bot["command"]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert command[0] in scripts
    assert _parser().parse_args(command[1:]).command == "run"
    assert bot["env_file"] == ".env"
    assert bot["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert db["image"] == "postgres:16"
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in db["volumes"])
    assert set(compose()["volumes"]) == {volume.split(":")[0] for volume in db["volumes"]}
    environment = {key: str(value) for key, value in bot["environment"].items()}
    assert set(environment) <= SETTINGS | PENDING
    settings = loaded_from(tmp_path, environment, monkeypatch)
    assert settings.database_url.startswith("postgresql+asyncpg://")
    # The bot reaches the db service with the credentials that service is created with.
    user, password, name = (db["environment"][f"POSTGRES_{k}"] for k in ("USER", "PASSWORD", "DB"))
    assert settings.database_url == f"postgresql+asyncpg://{user}:{password}@db:5432/{name}"


def test_the_image_runs_a_real_console_script(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = json.loads(dockerfile_instruction("CMD"))
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert command[0] in scripts
    assert _parser().parse_args(command[1:]).command == "run"
    assert dockerfile_instruction("USER") == "followup"  # not root
    variables = dict(re.findall(r"(\w+)=(\S+)", dockerfile_instruction("ENV")))
    assert set(variables) - {"PYTHONUNBUFFERED"} <= SETTINGS | PENDING
    settings = loaded_from(tmp_path, variables, monkeypatch)
    assert settings.database_url == "sqlite+aiosqlite:////data/followup.sqlite3"


class _Health(BaseHTTPRequestHandler):
    status = 200

    def do_GET(self) -> None:
        self.send_response(self.status if self.path == "/healthz" else 404)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def health_server() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def run_health_check(port: int) -> int:
    """Run the HEALTHCHECK command of the Dockerfile with WEB_PORT set; return its exit code."""
    options_and_command = dockerfile_instruction("HEALTHCHECK")
    command = json.loads(options_and_command.split("CMD", 1)[1])
    assert command[0] == "python"
    env = {"WEB_PORT": str(port), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, *command[1:]], env=env, capture_output=True).returncode


def test_the_health_check_asks_healthz_on_web_port(health_server: ThreadingHTTPServer) -> None:
    port = health_server.server_address[1]
    assert run_health_check(port) == 0
    _Health.status = 503
    try:
        assert run_health_check(port) == 1
    finally:
        _Health.status = 200
    health_server.shutdown()
    health_server.server_close()
    assert run_health_check(port) == 1  # nothing listens


def test_the_readme_points_only_at_files_in_the_repository() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quoted = re.findall(r"`([^`\s]+)`", readme)
    local = {q.rstrip(".,:;") for q in quoted if q.split("/")[0] in TOP_FOLDERS and "/" in q}
    assert local, "the README names no repository file at all?"
    missing = sorted(p for p in local if not (ROOT / p.split("{")[0]).exists())
    assert missing == []


def test_the_readme_keeps_its_two_set_up_commands() -> None:
    # CI (.ci/run) runs the same test command; people copy these two as they are.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 -m venv .venv && . .venv/bin/activate && pip install -e . && followup demo" in (
        readme
    )
    tests = "pytest -n auto"
    venv = "python3 -m venv .venv && . .venv/bin/activate"
    assert f'{venv} && pip install -e ".[test]" && {tests}' in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip().endswith(f"\n{tests}")
