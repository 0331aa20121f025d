"""The API key never leaves the process: a provider that echoes it in a 401 gets it redacted from every
file (summary outputs, SQLite checkpoints), the terminal and the web page's SSE events; and `.env` is
read from the data directory or --env-file only, never from the current directory.

The key is random per test and not shaped like a key (no `sk-`), so only the configured-secret
redaction can catch it; key-shaped strings are covered separately.
"""

from __future__ import annotations

import hashlib
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from pydantic import SecretStr
from typer.testing import CliRunner

from agents.llm.config import LLMConfig
from tests.conftest import SAMPLES, make_context
from tests.support.openai_server import OpenAIServer
from tests.support.openai_wire import Reply
from tools.errors import brief, first_line, redact, register_secrets
from touyan.cli import app
from touyan.settings import load_settings

REPORT = "20250326_华泰证券_宁德时代储能价格战压制短期盈利弹性.pdf"
ENV_NAMES = ("OPENAI_API_KEY", "TOUYAN_OPENAI_API_KEY", "OPENAI_BASE_URL", "TOUYAN_OPENAI_BASE_URL", "TOUYAN_HOME")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture()
def key() -> str:
    return f"tk{secrets.token_hex(20)}"  # 42 characters no key pattern matches


def echo_key(key: str):
    """A provider that rejects the key and quotes it back, as some do."""
    def reply(body: dict) -> Reply:
        tools = {t["function"]["name"] for t in body.get("tools", [])}
        if "SummarizeReports" in tools and body["messages"][-1]["role"] == "user":  # the supervisor routes
            return Reply.tool_call("SummarizeReports", {"query": "宁德时代 储能", "limit": 1})
        return Reply.error(401, message=f"Incorrect API key provided: {key}. Check your key at the console.")
    return reply


def files_containing(needle: str, *folders: Path) -> list[str]:
    """Every file under `folders` whose bytes contain `needle` (SQLite databases and WAL files included)."""
    return [str(p) for folder in folders for p in folder.rglob("*")
            if p.is_file() and needle.encode() in p.read_bytes()]


def assert_key_was_sent(server: OpenAIServer, key: str) -> None:
    """The test is only meaningful if the provider really got the key and answered with it."""
    sent = hashlib.sha256(f"Bearer {key}".encode()).hexdigest()
    assert server.chat_requests and all(r.auth_sha256 == sent for r in server.chat_requests)


def test_key_echoed_in_a_401_appears_in_no_file_and_no_output(tmp_path, monkeypatch, key):
    home, out = tmp_path / "home", tmp_path / "out"
    with OpenAIServer(echo_key(key)) as server:
        monkeypatch.setenv("OPENAI_API_KEY", key)
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("TOUYAN_MAX_RETRIES", "0")
        runner = CliRunner()
        summarized = runner.invoke(app, ["--data-dir", str(home), "summarize", str(SAMPLES / REPORT), "--out",
                                         str(out), "--engine", "llm"])
        chatted = runner.invoke(app, ["--data-dir", str(home), "chat", "--engine", "llm"],
                                input="总结一下宁德时代的储能研报\n/exit\n")
        assert_key_was_sent(server, key)
    terminal = summarized.output + chatted.output
    assert summarized.exit_code == 5 and "401" in summarized.output, summarized.output  # 5: the endpoint refuses us
    assert "401" in chatted.output, chatted.output  # the routing fallback and the tool both say the key was refused
    assert key not in terminal
    assert "401" in (out / "index.csv").read_text(encoding="utf-8")  # one line naming OPENAI_API_KEY
    assert (home / "checkpoints.sqlite3").exists()
    assert files_containing(key, home, out) == []
    # the checkpoint kept the failure (the tool's error message and the node's error), only without the key
    assert files_containing("Incorrect API key provided: ***", home)


def test_web_error_events_do_not_carry_the_key(sample_library, tmp_path, key):
    from fastapi.testclient import TestClient

    from touyan.web import create_app

    home = tmp_path / "home"
    with OpenAIServer(echo_key(key)) as server:
        config = LLMConfig(model="test-model", base_url=server.base_url, api_key=SecretStr(key), max_retries=0,
                           timeout_s=10.0)
        with TestClient(create_app(make_context(sample_library, engine="llm", llm=config), home)) as client:
            thread_id = client.post("/api/threads").json()["thread_id"]
            response = client.post(f"/api/threads/{thread_id}/messages", json={"text": "总结宁德时代的研报"})
            history = client.get(f"/api/threads/{thread_id}").text
        assert_key_was_sent(server, key)
    assert "401" in response.text  # the turn says the endpoint refused the key (rules route, tool fails on one line)
    assert key not in response.text + history
    assert files_containing(key, home) == []


def test_unhandled_exception_is_printed_redacted(tmp_path, key):
    """The entry point's last resort: a traceback no command caught still loses the key."""
    script = ("import typer\nfrom touyan.cli import App\nfrom tools.errors import register_secrets\n"
              f"register_secrets({key!r})\napp = App()\n"
              f"@app.command()\ndef boom():\n    raise RuntimeError('provider said: {key} and sk-abcdef1234567890')\n"
              "app()\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                            cwd=Path(__file__).resolve().parent.parent)
    assert result.returncode == 1 and "RuntimeError: provider said: *** and sk-***" in result.stderr
    assert key not in result.stdout + result.stderr and "Traceback" in result.stderr


@pytest.mark.parametrize("text, expected", [
    ("401: Incorrect API key provided: sk-proj-abcDEF1234567890xyz", "401: Incorrect API key provided: sk-***"),
    ("header Authorization: Bearer abc.DEF-123_456789", "header Authorization: Bearer ***"),
    ("GET /v1/x?api_key=abcd1234&model=m", "GET /v1/x?api_key=***&model=m"),
    ('{"apiKey": "zz-99887766"}', '{"apiKey": "***"}'),
    ("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig-nature_x", "token ***"),
    ("模型超时（60 秒），请稍后重试", "模型超时（60 秒），请稍后重试"),  # ordinary text is untouched
    ("task-skeleton and desk-top stay", "task-skeleton and desk-top stay"),
])
def test_key_shaped_strings_are_masked(text, expected):
    assert redact(text) == expected


def test_configured_secrets_are_masked_in_every_form(key):
    odd = f"{key[:10]}+/={key[10:]}"  # a key with characters a URL escapes
    register_secrets(odd, "short")  # "short" is too short to be a key: redacting it would eat ordinary words
    exc = RuntimeError(f"bad key {odd} (in a URL: ?k={quote(odd, safe='')})\nsecond line {odd}")
    assert first_line(exc) == "bad key *** (in a URL: ?k=***)"
    assert brief(exc, limit=11) == "RuntimeError: bad key ***"
    assert redact("a short answer") == "a short answer"


def test_env_file_in_the_current_directory_is_ignored(tmp_path, monkeypatch):
    home, elsewhere = tmp_path / "home", tmp_path / "downloaded-reports"
    home.mkdir()
    elsewhere.mkdir()
    (elsewhere / ".env").write_text("OPENAI_BASE_URL=http://attacker.example/v1\nOPENAI_API_KEY=planted\n")
    monkeypatch.chdir(elsewhere)
    settings = load_settings(home=home)
    assert settings.openai_base_url is None and settings.openai_api_key is None
    (home / ".env").write_text("OPENAI_BASE_URL=http://127.0.0.1:9/v1\nTOUYAN_HOME=/somewhere/else\n")
    settings = load_settings(home=home)
    assert settings.openai_base_url == "http://127.0.0.1:9/v1" and settings.home == home  # .env cannot move home


def test_env_file_option(tmp_path):
    chosen = tmp_path / "touyan.env"
    chosen.write_text("TOUYAN_MODEL=from-env-file\n")
    assert load_settings(env_file=chosen, home=tmp_path).model == "from-env-file"
    missing = CliRunner().invoke(app, ["--env-file", str(tmp_path / "nope.env"), "threads"])
    assert missing.exit_code == 2 and "--env-file" in missing.output and "不存在" in missing.output


def test_the_key_goes_only_to_the_data_directorys_endpoint(tmp_path, monkeypatch, key):
    """A .env in the folder the command runs from cannot redirect the key (issue 11's reproduction)."""
    home, cwd = tmp_path / "home", tmp_path / "reports"
    home.mkdir()
    cwd.mkdir()
    with OpenAIServer(echo_key(key)) as good, OpenAIServer(echo_key(key)) as planted:
        (home / ".env").write_text(f"OPENAI_API_KEY={key}\nOPENAI_BASE_URL={good.base_url}\nTOUYAN_MAX_RETRIES=0\n")
        (cwd / ".env").write_text(f"OPENAI_BASE_URL={planted.base_url}\n")
        monkeypatch.chdir(cwd)
        result = CliRunner().invoke(app, ["--data-dir", str(home), "chat", "--engine", "llm"], input="你好\n/exit\n")
        assert good.chat_requests and not planted.requests, result.output
    assert key not in result.output


def test_log_records_and_their_tracebacks_are_redacted(key):
    import logging

    from tools.errors import RedactingFilter

    register_secrets(key)
    try:
        raise RuntimeError(f"provider said {key}")
    except RuntimeError:
        record = logging.LogRecord("uvicorn.error", logging.ERROR, __file__, 1, "Exception with %s", (key,),
                                   sys.exc_info())
    assert RedactingFilter().filter(record)
    text = logging.Formatter().format(record)
    assert "Exception with ***" in text and "RuntimeError: provider said ***" in text and key not in text
