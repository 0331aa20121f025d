"""End to end with sign-in (TOUYAN_AUTH=1): `touyan serve` in its own process, a user made with `touyan users
add`, and a real headless Chromium: the page sends a signed-out browser to the sign-in page, a wrong password
is said on the page, and once signed in the chat works (its POSTs carry the CSRF token) until signing out."""

from __future__ import annotations

import os
import re
import subprocess

import pytest

from tests.conftest import REPO, SAMPLES
from tests.e2e.test_chat_page import BROWSER_ARGS, CHROMIUM, REPORTS, _touyan, _wait_until_up
from tests.e2e.web_support import free_port

PASSWORD = "correct horse battery"
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")


@pytest.fixture()
def served(tmp_path):
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TOUYAN_", "OPENAI_"))}
    env |= {"PYTHONPATH": str(REPO), "TOUYAN_AUTH": "1"}
    subprocess.run(_touyan(home, "ingest", str(SAMPLES / REPORTS[0])), cwd=tmp_path, env=env, check=True,
                   capture_output=True, timeout=300)
    subprocess.run(_touyan(home, "users", "add", "alice", "--password-stdin"), cwd=tmp_path, env=env, check=True,
                   capture_output=True, timeout=60, input=PASSWORD + "\n", text=True)
    port, log = free_port(), tmp_path / "serve.log"
    with log.open("w") as handle:
        server = subprocess.Popen(_touyan(home, "serve", "--port", str(port)), cwd=tmp_path, env=env,
                                  stdout=handle, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, server, log, "/login")  # /api/info needs a session
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_sign_in_chat_and_sign_out_in_a_browser(served):
    from playwright.sync_api import expect, sync_playwright

    base = served
    expect.set_options(timeout=60_000)
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        try:
            page = browser.new_page()
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(base)
            expect(page).to_have_url(f"{base}/login")
            page.locator("#name").fill("alice")
            page.locator("#password").fill("not the password")
            page.locator("#login button").click()
            expect(page.locator("#problem")).to_contain_text("用户名或密码不对")

            page.locator("#password").fill(PASSWORD)
            page.locator("#login button").click()
            expect(page).to_have_url(f"{base}/")
            expect(page.locator("#account-name")).to_have_text("alice")
            page.locator("#input").fill("拆解一下低空经济")
            page.locator("#input").press("Enter")
            answer = page.locator(".msg.assistant").last
            expect(answer).not_to_have_class(re.compile("streaming"), timeout=120_000)
            expect(answer.locator(".body")).to_contain_text("低空经济")
            # The concept graph's frame loads with the session too (a GET: SameSite=Lax sends the cookie).
            expect(page.frame_locator("iframe.concept").locator("svg")).to_contain_text("上游")
            expect(page.locator("#threads li")).to_have_count(1)
            cookies = {c["name"]: c for c in page.context.cookies()}
            assert cookies["touyan_session"]["httpOnly"] and cookies["touyan_session"]["sameSite"] == "Lax"

            page.locator("#logout").click()
            expect(page).to_have_url(f"{base}/login")
            page.goto(base)
            expect(page).to_have_url(f"{base}/login")  # the session ended on the server too
        finally:
            browser.close()
    assert errors == []
