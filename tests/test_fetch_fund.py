"""`touyan fetch --fund` through the real CLI, then `touyan fund-style` on what it fetched: akshare's answers
replaced by frames of their exact shape (tests/fixtures/akshare, written by hand), the periodic reports
generated as real PDFs in three layouts (tests/support/fund_report_pdfs.py) and served over HTTP."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from typer.testing import CliRunner

from tests.conftest import REPO
from tests.support.file_server import FileServer
from tests.support.fund_report_pdfs import make_fund_report
from tools import fund_reports
from tools.market_data import sources
from touyan.cli import app

FIXTURES = REPO / "tests" / "fixtures" / "akshare"
FUND = "易方达优质精选混合型证券投资基金(QDII)"
REPORTS = {  # report id -> (layout, report name, period words)
    "AN202403291628123401": ("annual", "2023年年度报告", "2023年四季度"),
    "AN202404191630234501": ("quarterly", "2024年第1季度报告", "2024年一季度"),
    "AN202408301632456701": ("plain", "2024年中期报告", "2024年上半年"),
    "AN202410241633567801": ("quarterly", "2024年第3季度报告", "2024年三季度"),
}


def frame_of(name: str, date_column: str | None = None) -> pd.DataFrame:
    frame = pd.DataFrame(json.loads((FIXTURES / name).read_text(encoding="utf-8"))["records"])
    if date_column:
        frame[date_column] = pd.to_datetime(frame[date_column]).dt.date  # akshare returns datetime.date
    return frame


def valuation(symbol: str) -> pd.DataFrame:
    """stock_value_em's shape, one row per business day: prices that move by stock so rotation has a return."""
    days = pd.bdate_range("2023-12-01", "2025-01-31")
    step = 1.0 + (int(symbol) % 7 - 3) / 1000
    close = [100.0 * step ** i for i in range(len(days))]
    return pd.DataFrame({"数据日期": days.date, "当日收盘价": close, "当日涨跌幅": 0.1, "总市值": [c * 1e9 for c in close],
                         "流通市值": [c * 9e8 for c in close], "总股本": 1e9, "流通股本": 9e8, "PE(TTM)": 25.0 + int(symbol) % 30,
                         "PE(静)": 24.0, "市净率": 3.0 + int(symbol) % 5, "PEG值": 1.1, "市现率": 12.0, "市销率": 4.0})


def use_akshare(monkeypatch, announcements=None, fail: BaseException | None = None) -> list[str]:
    calls: list[str] = []

    def answer(name, value):
        def call(*args, **kwargs):
            calls.append(name)
            if fail is not None:
                raise fail
            return value(*args, **kwargs) if callable(value) else value.copy()
        return call

    holdings = frame_of("fund_portfolio_hold_em_110011_2024.json")
    fake = SimpleNamespace(
        fund_name_em=answer("fund_name_em", frame_of("fund_name_em_subset.json")),
        fund_announcement_report_em=answer("fund_announcement_report_em", announcements if announcements is not None
                                           else frame_of("fund_announcement_report_em_110011.json", "公告日期")),
        fund_portfolio_hold_em=answer("fund_portfolio_hold_em",
                                      lambda symbol, date: holdings.copy() if date == "2024" else pd.DataFrame()),
        stock_value_em=answer("stock_value_em", lambda symbol: valuation(symbol)))
    monkeypatch.setattr(sources, "_ak", lambda: fake)
    return calls


@pytest.fixture()
def server(tmp_path, monkeypatch):
    files = {}
    for report_id, (layout, name, period) in REPORTS.items():
        pdf = make_fund_report(tmp_path / f"{report_id}.pdf", layout, FUND, name, period)
        files[f"/pdf/H2_{report_id}_1.pdf"] = pdf.read_bytes()
    with FileServer(files) as s:
        monkeypatch.setattr(fund_reports, "PDF_BASE", s.url("/pdf"))
        yield s


def _cli(home: Path, *args):
    return CliRunner().invoke(app, ["--data-dir", str(home), *args])


def test_fetch_fund_cuts_commentary_and_fund_style_reads_it(tmp_path, monkeypatch, server):
    home = tmp_path / "home"
    use_akshare(monkeypatch)
    result = _cli(home, "fetch", "--fund", "110011", "--delay", "0")
    assert result.exit_code == 0, result.output
    text = result.output
    assert "4 期定期报告" in text and "摘要" not in text and "英文" not in text and "提示性" not in text
    assert "2024Q2 中报" in text and "2024Q2 季报" not in text  # the 中报 covers Q2 with the 展望
    assert "✓ 2024Q3 季报：已切出 运作分析" in text and "本期报告没有展望章节" in text
    assert "✓ 2023Q4 年报：已切出 运作分析" in text and "展望（" in text
    assert "2024 年持仓：3 个报告期，12 行" in text and "持仓股票估值：6/6 只已缓存" in text and "2023 年没有股票持仓数据" in text

    commentary = home / "commentary"
    assert sorted(p.name for p in commentary.glob("110011_*.txt")) == [
        "110011_2023Q4.txt", "110011_2024Q1.txt", "110011_2024Q2.txt", "110011_2024Q3.txt"]
    annual = (commentary / "110011_2023Q4.txt").read_text(encoding="utf-8")
    assert "对组合进行了较大幅度的行业轮动" in annual and "宏观经济有望延续温和复苏" in annual
    assert "第 3 页" not in annual and FUND + "2023年年度报告" not in annual  # footer and running header dropped
    assert "本报告期基金份额净值增长率" not in annual and "估值程序" not in annual  # the next sections are not in
    assert "1,234,567.89" not in annual
    half = (commentary / "110011_2024Q2.txt").read_text(encoding="utf-8")  # unnumbered headings
    assert "以合理价格买入成长" in half and "估值程序" not in half and "保持组合的均衡配置" in half

    styled = _cli(home, "fund-style", "110011", "--engine", "extractive", "--json")
    payload = json.loads(styled.stdout)
    fund = payload["funds"][0]
    assert fund["name"] == "易方达优质精选混合(QDII)" and payload.get("notice") in (None, "")
    assert {r["period"] for r in fund["readings"]} == {"2023Q4", "2024Q1", "2024Q2", "2024Q3"}
    assert all("commentary" in q["source"] and "samples" not in q["source"] for q in fund["qualitative_evidence"])
    steps = fund["metrics"]["steps"]  # computed from the fetched holdings and the cached valuations
    assert [(s["previous"], s["period"]) for s in steps] == [("2024Q1", "2024Q2"), ("2024Q2", "2024Q3")]
    assert all(s["turnover"] > 0.1 and s["drift_coverage"] == 1.0 for s in steps)  # liquor → semiconductors

    again = _cli(home, "fetch", "--fund", "110011", "--delay", "0")
    assert again.exit_code == 0 and again.output.count("已下载并切分过（跳过）") == 4


def test_failures_are_one_line_each(tmp_path, monkeypatch, server):
    import requests

    home = tmp_path / "home"
    use_akshare(monkeypatch, fail=requests.exceptions.ConnectionError(
        "HTTPSConnectionPool(host='fund.eastmoney.com', port=443): Max retries exceeded"))
    offline = _cli(home, "fetch", "--fund", "110011")
    assert offline.exit_code == 1 and "Traceback" not in offline.output
    assert [line for line in offline.output.splitlines() if line.strip()] == [
        "无法获取 110011 的基金列表：网络不可达（fund.eastmoney.com，ConnectionError）。"
        "请检查网络连接；离线时可把基金经理评论放到 <数据目录>/commentary/<基金代码>_<2024Q3>.txt。"]

    use_akshare(monkeypatch, announcements=pd.DataFrame({"基金代码": ["110011"], "公告标题": ["x"]}))
    malformed = _cli(home, "fetch", "--fund", "110011")
    assert malformed.exit_code == 1 and "定期报告列表格式不对（缺少列 公告日期）" in malformed.output
    assert "Traceback" not in malformed.output

    unknown = _cli(home, "fetch", "--fund", "999999")
    assert unknown.exit_code == 1 and "基金代码 999999 不在东方财富的基金列表中" in unknown.output
    assert _cli(home, "fetch", "--fund", "11001X").exit_code == 2
    assert _cli(home, "fetch", "--fund", "110011", "--code", "300750").exit_code == 2


def test_a_dead_link_and_a_pdf_without_the_sections_fail_alone(tmp_path, monkeypatch, server):
    from tests.support.pdfs import WRAPPED, make_pdf

    del server.files["/pdf/H2_AN202404191630234501_1.pdf"]  # Q1: 404
    other = make_pdf(tmp_path / "other.pdf", [["# 关于基金经理变更的公告", WRAPPED], [WRAPPED]])
    server.files["/pdf/H2_AN202410241633567801_1.pdf"] = other.read_bytes()  # Q3: no commentary in it
    use_akshare(monkeypatch)
    result = _cli(tmp_path / "home", "fetch", "--fund", "110011", "--delay", "0", "--since", "2024-04-01")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "2023Q4" not in result.output  # published before --since
    assert "✗ 2024Q1 季报：服务器拒绝（HTTP 404）" in result.output
    assert "✗ 2024Q3 季报：PDF 中没有找到「报告期内基金的投资策略和运作分析」" in result.output
    assert "✓ 2024Q2 中报：已切出" in result.output and "评论已写出 1，已有 0，失败 2" in result.output
    assert [p.name for p in (tmp_path / "home" / "commentary").glob("*.txt")] == ["110011_2024Q2.txt"]


def test_fetch_industry_fetches_the_most_traded_members(tmp_path, monkeypatch):
    """An industry is its eastmoney board's constituents (akshare has no industry-report list), each
    fetched as `fetch --code`, bounded by --limit; an unknown industry and an unreachable network are one line."""
    from tests.test_fetch import recorded_frame

    boards = pd.DataFrame({"排名": [1, 2], "板块名称": ["电池", "白酒"], "板块代码": ["BK1033", "BK0896"]})
    members = pd.DataFrame({"序号": [1, 2, 3], "代码": ["002074", "300750", "300014"],
                            "名称": ["国轩高科", "宁德时代", "亿纬锂能"], "成交额": [1.2e9, 9.8e9, 3.1e9]})
    asked: list[str] = []

    def stock_research_report_em(symbol):
        asked.append(symbol)
        return recorded_frame("http://127.0.0.1:9") if symbol == "300750" else pd.DataFrame()

    monkeypatch.setattr(sources, "_ak", lambda: SimpleNamespace(
        stock_board_industry_name_em=lambda: boards.copy(),
        stock_board_industry_cons_em=lambda symbol: members.copy(),
        stock_research_report_em=stock_research_report_em))
    listed = _cli(tmp_path / "home", "fetch", "--industry", "电池", "--limit", "2", "--list")
    assert listed.exit_code == 0, listed.output
    assert asked == ["300750", "300014"]  # by turnover, two of three
    assert "行业板块「电池」共 3 只成分股，取成交额最大的 2 只" in listed.output and "全球龙头再启航" in listed.output
    assert "东方财富没有列出 300014.SZ 符合条件的研报" in listed.output

    unknown = _cli(tmp_path / "home", "fetch", "--industry", "造船", "--list")
    assert unknown.exit_code == 1 and "未找到行业板块「造船」" in unknown.output and "Traceback" not in unknown.output

    import requests

    def unreachable():
        raise requests.exceptions.ConnectionError("HTTPSConnectionPool(host='push2.eastmoney.com', port=443): Max retries")

    monkeypatch.setattr(sources, "_ak", lambda: SimpleNamespace(stock_board_industry_name_em=unreachable))
    offline = _cli(tmp_path / "home2", "fetch", "--industry", "电池")
    assert offline.exit_code == 1 and [line for line in offline.output.splitlines() if line.strip()] == [
        "无法获取 电池 的行业成分股：网络不可达（push2.eastmoney.com，ConnectionError）。"
        "请检查网络连接；离线时可用 `touyan ingest` 导入本地 PDF。"]
