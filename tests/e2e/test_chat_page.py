"""End to end: `touyan serve` in its own process, a real headless Chromium (Debian's package, driven by
Playwright's client) and the LLM engine pointed at the local OpenAI-compatible test server."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import REPO, SAMPLES
from tests.e2e.chat_script import ANSWER_HEAD, ConceptTurnScript
from tests.e2e.web_support import free_port
from tests.support.openai_server import OpenAIServer

CHROMIUM = Path("/usr/bin/chromium") if Path("/usr/bin/chromium").exists() else shutil.which("chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
REPORTS = ["20250305_国泰君安_低空经济产业链全景图谱.pdf", "20250312_中信证券_人形机器人产业链深度报告.pdf"]
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--no-first-run"]
QUESTION = "拆解一下低空经济"
COMPANY = re.compile(r"([\u4e00-\u9fff]{2,})\(\d{6}\.[A-Z]{2}\)")

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed "
                                "(/usr/bin/chromium); install it with scripts/install_browser.sh")


def _touyan(home: Path, *args: str, **popen) -> list[str]:
    return [sys.executable, "-m", "touyan.cli", "--data-dir", str(home), *args]


@pytest.fixture()
def served(tmp_path):
    """A data dir with two sample reports, the scripted LLM server, and `touyan serve` on a free port."""
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TOUYAN_", "OPENAI_"))}
    env["PYTHONPATH"] = str(REPO)
    subprocess.run(_touyan(home, "ingest", *(str(SAMPLES / r) for r in REPORTS)), cwd=tmp_path, env=env,
                   check=True, capture_output=True, timeout=300)
    # Slow enough to watch: the agent works for a while, then the answer streams token by token.
    with OpenAIServer(ConceptTurnScript("低空经济", draft_delay_s=1.5), tokens_per_s=40) as llm:
        env |= {"OPENAI_API_KEY": "sk-e2e-test", "OPENAI_BASE_URL": llm.base_url, "TOUYAN_MODEL": "test-model",
                "TOUYAN_MAX_RETRIES": "0"}
        port = free_port()
        log = (tmp_path / "serve.log").open("w")
        server = subprocess.Popen(_touyan(home, "serve", "--port", str(port)), cwd=tmp_path, env=env,
                                  stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base, server, tmp_path / "serve.log")
            yield base, llm
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()


def _wait_until_up(base: str, server: subprocess.Popen, log: Path, path: str = "/api/info") -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"touyan serve exited:\n{log.read_text(encoding='utf-8')}")
        try:
            if httpx.get(f"{base}{path}", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"touyan serve did not come up:\n{log.read_text(encoding='utf-8')}")


def test_chat_page_end_to_end(served):
    from playwright.sync_api import expect, sync_playwright

    base, llm = served
    expect.set_options(timeout=60_000)  # two cores shared by the browser, the server and its models
    ARTIFACTS.mkdir(exist_ok=True)
    requests, console_errors = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            page.set_default_timeout(30_000)
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: console_errors.append(str(e)))
            page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
            page.goto(base)
            expect(page.locator("#banner")).to_contain_text("llm")  # a key is configured: no offline banner

            page.locator("#input").fill(QUESTION)
            page.locator("#input").press("Enter")
            expect(page.locator(".msg.user").first).to_have_text(QUESTION)
            # The agent indicator while the concept agent works.
            expect(page.locator(".agent.running")).to_have_text("概念拆解 工作中…")
            expect(page.locator("#status")).to_contain_text("概念拆解")
            # Tokens stream: the answer grows while the bubble is still streaming.
            streaming = page.locator(".msg.assistant.streaming .body")
            expect(streaming).to_contain_text(ANSWER_HEAD.format(concept="低空经济")[:6])
            seen = len(streaming.inner_text())
            page.wait_for_function("n => { const b = document.querySelector('.msg.assistant.streaming .body');"
                                   " return b !== null && b.textContent.length > n; }", arg=seen)

            answer = page.locator(".msg.assistant").last
            expect(answer).not_to_have_class(re.compile("streaming"), timeout=60_000)
            expect(answer.locator(".agent")).to_have_text("概念拆解 ✓")
            # The concept graph inline.
            graph = page.frame_locator("iframe.concept").locator("svg")
            expect(graph).to_be_visible()
            expect(graph).to_contain_text("上游")

            # A citation opens the cited page in the side panel; that page names the cited company.
            link = answer.locator("a.cite").first
            company = COMPANY.search(link.locator("xpath=ancestor::li").inner_text()).group(1)
            expect(graph).to_contain_text(company)
            link.click()
            expect(page.locator("#source")).to_be_visible()
            expect(page.locator("#source-title")).to_contain_text("低空经济产业链全景图谱")
            expect(page.locator("#source-page")).to_contain_text(f"p.{int(link.get_attribute('data-page')) + 1}（")
            expect(link).to_have_text(re.compile(rf"^《[^》]+》p\.{int(link.get_attribute('data-page')) + 1}$"))
            expect(page.locator("#source-text")).to_contain_text(company)
            expect(page.locator("#source-text mark").first).to_have_text(company)  # the cited name, highlighted
            cited_page = int(link.get_attribute("data-page"))
            expect(page.locator("#source-file")).to_have_attribute(  # the original PDF, opened at that page
                "href", re.compile(rf"^api/reports/[0-9a-f]{{16}}/file#page={cited_page + 1}$"))
            answer_text = answer.locator(".body").text_content()
            page.screenshot(path=str(ARTIFACTS / "chat.png"))

            # Reload: the thread is stored and shown again, graph and citations included.
            page.reload()
            expect(page.locator("#threads a").first).to_have_text(QUESTION)
            expect(page.locator(".msg.user")).to_have_text([QUESTION])
            expect(page.locator(".msg.assistant .body")).to_have_text([answer_text])
            expect(page.frame_locator("iframe.concept").locator("svg")).to_contain_text(company)
            expect(page.locator(".msg.assistant a.cite").first).to_have_attribute("data-page", re.compile(r"\d+"))

            # Bad input gets a clear answer and sends nothing: an empty message, a 50k-character paste.
            page.locator("#input").press("Enter")
            expect(page.locator("#counter")).to_have_text("请输入问题。")
            page.locator("#input").fill("研" * 50_000)
            page.locator("#input").press("Enter")
            expect(page.locator("#counter")).to_contain_text("消息过长（50000 字）")
            expect(page.locator("#input")).to_have_value("研" * 50_000)  # kept, to be shortened
            expect(page.locator(".msg.user")).to_have_count(1)
        except Exception:
            page.screenshot(path=str(ARTIFACTS / "failure.png"))  # what the page showed when it failed
            raise
        finally:
            browser.close()
    assert len(llm.chat_requests) == 3  # supervisor → concept draft → streamed answer; nothing after
    assert all(url.startswith((base, "data:", "about:")) for url in requests), requests  # nothing from a CDN
    # The browser logs the refused 50k paste (HTTP 413) as a failed load; anything else is a bug.
    assert [e for e in console_errors if "status of 413" not in e] == []
