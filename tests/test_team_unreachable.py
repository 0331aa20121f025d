"""A configured team server that does not answer: every command says so in one line, names the server
(host and port) and never its password, exits 3, before any connection pool would wait out its timeout.
No server is needed: nothing listens on the port."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.support.services import free_port

TOUYAN = str(Path(sys.executable).parent / "touyan")
PASSWORD = "s3cret-Passw0rd"
COMMANDS = [("threads",), ("search", "储能"), ("reports", "list"), ("jobs",), ("worker", "--burst"),
            ("ingest", "--queue", str(SAMPLES)), ("ingest", str(SAMPLES)),
            ("summarize", str(SAMPLES), "--out", "out", "--engine", "extractive"), ("library", "migrate", "--to", "team")]


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("home")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TOUYAN_", "OPENAI_"))}
    return {**clean, "TOUYAN_HOME": str(home), "TOUYAN_CHROMA_URL": f"http://127.0.0.1:{free_port()}",
            "TOUYAN_CATALOG_URL": f"postgresql://touyan:{PASSWORD}@127.0.0.1:{free_port()}/touyan"}


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_unreachable_postgres_is_one_line_without_the_password(env, args):
    done = subprocess.run([TOUYAN, *args], env=env, cwd=env["TOUYAN_HOME"], capture_output=True, text=True, timeout=120)
    shown = done.stdout + done.stderr
    assert done.returncode == 3, shown
    assert "Traceback" not in shown and PASSWORD not in shown
    port = env["TOUYAN_CATALOG_URL"].rsplit(":", 1)[1].split("/")[0]
    # libpq's own reason: a pool that waited out its timeout says only "couldn't get a connection after N sec"
    assert f"127.0.0.1:{port}" in shown and "TOUYAN_CATALOG_URL" in shown and "Connection refused" in shown


def test_unreachable_chroma_server_is_one_line(env):
    embedded_catalog = {k: v for k, v in env.items() if k != "TOUYAN_CATALOG_URL"}
    done = subprocess.run([TOUYAN, "search", "储能"], env=embedded_catalog, cwd=env["TOUYAN_HOME"], capture_output=True,
                          text=True, timeout=60)
    shown = done.stdout + done.stderr
    assert done.returncode == 3 and "Traceback" not in shown, shown
    assert "Chroma 服务器" in shown and "TOUYAN_CHROMA_URL" in shown and "模型端点" not in shown
