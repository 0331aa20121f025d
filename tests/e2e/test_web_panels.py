"""The web page's two panels in a real headless Chromium (Debian's package, driven by Playwright's client)
against `touyan serve` in its own process, offline (no key): the concept chain graph in a chat bubble shows
every node of the chain inside its frame, and a report page with a table shows it in the source pane with
its rows and cells intact. Screenshots are kept in out/browser/ (ignored by git) as the test's artifacts."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess

import httpx
import pytest

from tests.conftest import REPO, SAMPLES
from tests.e2e.test_chat_page import BROWSER_ARGS, CHROMIUM, _touyan, _wait_until_up
from tests.e2e.web_support import free_port

ARTIFACTS = REPO / "out" / "browser"
CHAIN_REPORT = "20250312_中信证券_人形机器人产业链深度报告.pdf"
TABLE_REPORT = "20250318_中信证券_宁德时代深度报告全球龙头再启航.pdf"
ROW = re.compile(r"^\s*\|.*\|\s*$")
RULE = re.compile(r"^\s*\|?\s*:?-{3,}")

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed "
                                "(/usr/bin/chromium); install it with scripts/install_browser.sh")


@pytest.fixture()
def served(tmp_path):
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TOUYAN_", "OPENAI_"))}
    env["PYTHONPATH"] = str(REPO)
    subprocess.run(_touyan(home, "ingest", str(SAMPLES / CHAIN_REPORT), str(SAMPLES / TABLE_REPORT)), cwd=tmp_path,
                   env=env, check=True, capture_output=True, timeout=300)
    port, log = free_port(), (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(_touyan(home, "serve", "--port", str(port)), cwd=tmp_path, env=env, stdout=log,
                              stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, server, tmp_path / "serve.log")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def table_page(base: str) -> tuple[str, int, list[list[str]]]:
    """(report id, 0-based page, rows) of the first page of TABLE_REPORT whose text holds a table."""
    report_id = hashlib.sha256((SAMPLES / TABLE_REPORT).read_bytes()).hexdigest()[:16]
    first = httpx.get(f"{base}/api/reports/{report_id}/pages/0", timeout=30).json()
    for number in range(first["page_count"]):
        text = httpx.get(f"{base}/api/reports/{report_id}/pages/{number}", timeout=30).json()["text"]
        rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in text.splitlines()
                if ROW.match(line) and not RULE.match(line)]
        if len(rows) >= 3:
            return report_id, number, rows
    raise AssertionError("the sample report has no page with a table")


def test_chain_graph_fits_its_panel_and_source_tables_keep_their_rows(served):
    from playwright.sync_api import expect, sync_playwright

    base = served
    expect.set_options(timeout=120_000)  # two cores shared with other engineers' jobs
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report_id, number, rows = table_page(base)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(60_000)
        try:
            page.goto(base)
            page.locator("#input").fill("拆解一下人形机器人")
            page.locator("#input").press("Enter")
            frame_box = page.locator("iframe.concept")
            expect(frame_box).to_be_visible()
            graph = page.frame_locator("iframe.concept").locator("svg")
            expect(graph).to_contain_text("上游")
            frame = next(f for f in page.frames if "/concept" in f.url)
            fit = frame.evaluate("""() => {
                const box = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
                return { width: innerWidth, height: innerHeight, svg: box(document.querySelector('svg')),
                         nodes: [...document.querySelectorAll('g.node rect')].map(box) };
            }""")
            full = httpx.get(base + frame.url.split(base, 1)[1].replace("&inline=1", ""), timeout=30).text
            assert len(fit["nodes"]) == full.count('<g class="node">') > 0  # every node of the chain is drawn
            for left, top, right, bottom in [fit["svg"], *fit["nodes"]]:  # and inside the frame's viewport
                assert left >= -0.5 and top >= -0.5 and right <= fit["width"] + 0.5 and bottom <= fit["height"] + 0.5
            frame_box.screenshot(path=str(ARTIFACTS / "chain_graph_panel.png"))

            link = page.locator(".msg.assistant a.cite").first
            expect(link).to_have_text(re.compile(r"^《[^》]+》p\.[1-9]\d*$"))  # 1-based, as a PDF viewer counts

            page.evaluate("([id, n]) => window.SourcePanel.open(id, n)", [report_id, number])
            expect(page.locator("#source-page")).to_have_text(re.compile(rf"^p\.{number + 1}（共 \d+ 页）$"))
            table = page.locator("#source-text table").first
            expect(table.locator("tr")).to_have_count(len(rows))
            for index in (0, len(rows) - 1):  # the first and last rows, each cell in its own column
                expect(table.locator("tr").nth(index).locator("td")).to_have_text(rows[index])
            page.locator("#source").screenshot(path=str(ARTIFACTS / "source_pane_table.png"))
        except Exception:
            page.screenshot(path=str(ARTIFACTS / "panels_failure.png"))
            raise
        finally:
            browser.close()
