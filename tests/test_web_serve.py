"""`touyan serve`: where it listens and how it refuses to start (no server is started here)."""

from __future__ import annotations

import socket

import pytest
from typer.testing import CliRunner

from touyan.cli import app
from touyan.commands.serve import is_loopback


@pytest.fixture(autouse=True)
def no_key(monkeypatch, tmp_path):
    for name in ("OPENAI_API_KEY", "TOUYAN_OPENAI_API_KEY", "OPENAI_BASE_URL", "TOUYAN_AUTH"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env from the developer's checkout


def serve(home, *args):
    return CliRunner().invoke(app, ["--data-dir", str(home), "serve", *args])


@pytest.fixture()
def busy_port():
    """A port something already listens on (all interfaces)."""
    with socket.socket() as holder:
        holder.bind(("0.0.0.0", 0))
        holder.listen()
        yield holder.getsockname()[1]


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                            ("0.0.0.0", False), ("192.168.1.5", False), ("example.com", False)])
def test_loopback_hosts(host, loopback):
    assert is_loopback(host) is loopback


def test_a_busy_port_is_refused_with_the_fix(tmp_path, busy_port):
    result = serve(tmp_path, "--port", str(busy_port))
    assert result.exit_code == 2 and f"端口 {busy_port} 已被占用" in result.output and "--port" in result.output


def test_listening_beyond_this_machine_needs_auth_and_says_so(tmp_path, busy_port, monkeypatch):
    refused = serve(tmp_path, "--host", "0.0.0.0", "--port", str(busy_port))
    assert refused.exit_code == 2 and refused.output.startswith("拒绝监听 0.0.0.0") and "没有开启登录" in refused.output
    from memory.users import open_users

    users = open_users(tmp_path / "library")
    users.add("alice", "admin")  # a token-only user is enough to start
    users.close()
    monkeypatch.setenv("TOUYAN_AUTH", "1")
    result = serve(tmp_path, "--host", "0.0.0.0", "--port", str(busy_port))
    assert "监听 0.0.0.0，需要登录" in result.output and f"端口 {busy_port} 已被占用" in result.output


def test_default_host_says_nothing_about_the_network(tmp_path, busy_port):
    result = serve(tmp_path, "--port", str(busy_port))
    assert "监听" not in result.output


def test_llm_engine_without_a_key_is_refused(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = serve(tmp_path, "--engine", "llm", "--port", str(port))
    assert result.exit_code == 2 and "OPENAI_API_KEY" in result.output


def test_unknown_engine_is_refused(tmp_path):
    result = serve(tmp_path, "--engine", "gpt")
    assert result.exit_code == 2 and "“gpt”" in result.output and "llm | extractive" in result.output
