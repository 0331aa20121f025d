"""`touyan fetch` through the real CLI: akshare's listing replaced by an answer of its exact shape
(tests/fixtures/akshare), PDFs served by a real HTTP server on 127.0.0.1, the real library underneath."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from typer.testing import CliRunner

from tests.conftest import REPO
from tests.support.file_server import FileServer
from tools.downloads import Downloader
from tools.market_data import sources
from touyan.cli import app

LISTING = json.loads((REPO / "tests" / "fixtures" / "akshare" / "stock_research_report_em_300750.json")
                     .read_text(encoding="utf-8"))
CORPUS = REPO / "data" / "layout_corpus"
CITIC, HTSC, GTJA, OLD = (f"/pdf/H3_{code}_1.pdf" for code in ("AP202504031650000001", "AP202503191640000002",
                                                               "AP202503111630000003", "AP202406201600000004"))


def recorded_frame(base: str) -> pd.DataFrame:
    frame = pd.DataFrame([{k: (v.replace("{base}", base) if isinstance(v, str) else v) for k, v in row.items()}
                          for row in LISTING["records"]])
    frame["日期"] = pd.to_datetime(frame["日期"]).dt.date  # akshare returns datetime.date
    return frame


def use_akshare(monkeypatch, answer) -> list[str]:
    """akshare's stock_research_report_em answering with `answer` (a frame, or an exception to raise)."""
    calls: list[str] = []

    def stock_research_report_em(symbol: str):
        calls.append(symbol)
        if isinstance(answer, BaseException):
            raise answer
        return answer.copy()

    monkeypatch.setattr(sources, "_ak", lambda: SimpleNamespace(stock_research_report_em=stock_research_report_em))
    return calls


def _cli(home: Path, *args):
    return CliRunner().invoke(app, ["--data-dir", str(home), "fetch", *args])


@pytest.fixture()
def server():
    files = {CITIC: (CORPUS / "lc04.pdf").read_bytes(), HTSC: (CORPUS / "lc01.pdf").read_bytes(),
             OLD: (CORPUS / "lc02.pdf").read_bytes()}  # GTJA's link is dead (404)
    with FileServer(files, cut_first={HTSC: 20_000}) as s:
        yield s


def test_fetch_downloads_resumes_checks_and_ingests(tmp_path, monkeypatch, server):
    home = tmp_path / "home"
    calls = use_akshare(monkeypatch, recorded_frame(server.url("")))
    result = _cli(home, "--code", "300750", "--since", "2025-01-01", "--delay", "0")
    assert calls == ["300750"]
    assert result.exit_code == 1, result.output  # the dead link fails alone; the others are in the library
    text = result.output
    assert "钠电池产业化提速" not in text  # before --since
    assert "✓ 2025-03-19 华泰证券《全球龙头再启航，储能打开第二曲线》：已入库（5 页，断点续传）" in text
    assert "✗ 2025-03-11 国泰君安《海外产能加速落地，盈利韧性凸显》：服务器拒绝（HTTP 404）" in text
    assert "股票不一致：列表为 宁德时代（300750.SZ），PDF 为 贵州茅台（600519.SH）" in text  # lc04 is not a CATL report
    assert text.count("⚠ 列表与 PDF 不一致") == 2  # lc04: stock and title; lc01 agrees with its listing
    assert "已入库 2，已在库中 0，失败 1" in text
    assert (HTSC, "bytes=20000-") in server.requests  # resumed where the cut left it, not from zero

    folder = home / "downloads" / "research" / "300750"
    record = json.loads((folder / "AP202503191640000002.json").read_text(encoding="utf-8"))
    pdf = folder / "AP202503191640000002" / "20250319_华泰证券_全球龙头再启航，储能打开第二曲线.pdf"
    assert record["sha256"] == hashlib.sha256((CORPUS / "lc01.pdf").read_bytes()).hexdigest()
    assert record["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest() and record["differences"] == []
    assert record["listing"]["forecasts"]["2026"] == {"eps": 17.92, "pe": 14.6}
    assert not list(folder.rglob("*.part"))

    found = CliRunner().invoke(app, ["--data-dir", str(home), "search", "储能 第二曲线", "--ticker", "300750", "--json"])
    titles = {h["title"] for h in json.loads(found.stdout)["hits"]}
    assert "全球龙头再启航，储能打开第二曲线" in titles

    pdf_requests = len(server.requests)
    again = _cli(home, "--code", "300750", "--since", "2025-01-01", "--delay", "0")
    assert "已在库中（跳过下载）" in again.output and "已入库 0，已在库中 2，失败 1" in again.output
    assert server.paths_requested()[pdf_requests:] == [GTJA]  # only the failed one is asked for again


def test_same_pdf_already_in_the_library_is_not_ingested_twice(tmp_path, monkeypatch, server):
    home = tmp_path / "home"
    own = tmp_path / "mine" / "华泰_宁德时代.pdf"
    own.parent.mkdir()
    own.write_bytes((CORPUS / "lc01.pdf").read_bytes())
    assert CliRunner().invoke(app, ["--data-dir", str(home), "ingest", str(own)]).exit_code == 0
    use_akshare(monkeypatch, recorded_frame(server.url("")))
    result = _cli(home, "--code", "宁德时代", "--broker", "华泰", "--since", "2025-01-01", "--delay", "0")
    assert result.exit_code == 0, result.output
    assert "同一份 PDF 已在库中，未重复入库" in result.output and "已入库 0，已在库中 1，失败 0" in result.output


def test_list_only_and_broker_alias(tmp_path, monkeypatch, server):
    use_akshare(monkeypatch, recorded_frame(server.url("")))
    result = _cli(tmp_path / "home", "--code", "300750.SZ", "--broker", "华泰", "--list")
    assert result.exit_code == 0, result.output
    assert "全球龙头再启航" in result.output and "钠电池产业化提速" in result.output
    assert "中信证券" not in result.output and "国泰君安" not in result.output
    assert "17.92" in result.output and server.requests == []  # forecasts shown, nothing downloaded


def test_unreachable_network_is_one_line(tmp_path, monkeypatch):
    import requests

    use_akshare(monkeypatch, requests.exceptions.ConnectionError(
        "HTTPSConnectionPool(host='reportapi.eastmoney.com', port=443): Max retries exceeded with url: /report/list"))
    result = _cli(tmp_path / "home", "--code", "300750")
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == ["无法获取 300750.SZ 的研报列表：网络不可达（reportapi.eastmoney.com，ConnectionError）。"
                     "请检查网络连接；离线时可用 `touyan ingest` 导入本地 PDF。"]


@pytest.mark.parametrize("answer,expected", [
    (ValueError("Expecting value: line 1 column 1 (char 0)"), "东方财富返回的内容无法解析"),
    (pd.DataFrame({"序号": [1], "股票代码": ["300750"]}), "研报列表格式不对（缺少列"),
])
def test_malformed_akshare_answer_is_one_line(tmp_path, monkeypatch, answer, expected):
    use_akshare(monkeypatch, answer)
    result = _cli(tmp_path / "home", "--code", "300750")
    assert result.exit_code == 1 and expected in result.output and "Traceback" not in result.output
    assert len([line for line in result.output.splitlines() if line.strip()]) == 1


def test_bad_arguments(tmp_path):
    assert "无法识别的 A 股代码" in _cli(tmp_path / "home", "--code", "ABCDEF").output
    assert _cli(tmp_path / "home", "--code", "300750", "--since", "2025/01/01").exit_code == 2


def test_a_page_that_is_not_a_pdf_fails_alone(tmp_path):
    with FileServer({"/x.pdf": b"<html>login</html>"}) as s, Downloader(delay=0) as d:
        with pytest.raises(Exception, match="不是完整的 PDF"):
            d.fetch(s.url("/x.pdf"), tmp_path / "x.pdf")
    assert list(tmp_path.iterdir()) == []


def test_requests_are_spaced_by_the_delay(tmp_path):
    now, pauses = [0.0], []

    def sleep(seconds):
        pauses.append(seconds)
        now[0] += seconds

    pdf = (CORPUS / "lc03.pdf").read_bytes()
    with FileServer({"/a.pdf": pdf, "/b.pdf": pdf}) as s, Downloader(delay=2.0, sleep=sleep, clock=lambda: now[0]) as d:
        d.fetch(s.url("/a.pdf"), tmp_path / "a.pdf")
        now[0] += 0.5
        got = d.fetch(s.url("/b.pdf"), tmp_path / "b.pdf")
    assert pauses == [1.5] and got.sha256 == hashlib.sha256(pdf).hexdigest()
