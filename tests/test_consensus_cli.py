"""`touyan consensus` through the real CLI: the market side is akshare's stock_profit_forecast_ths replaced by a
frame of its exact shape (tests/fixtures/akshare, written by hand), the library side the real consensus agent
over the two sample 宁德时代 reports ingested into a fresh library (extractive engine)."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.conftest import REPO, SAMPLES
from tools.market_data import sources
from touyan.cli import app

THS = json.loads((REPO / "tests" / "fixtures" / "akshare" / "stock_profit_forecast_ths_300750.json")
                 .read_text(encoding="utf-8"))["records"]
CATL = ["20250318_中信证券_宁德时代深度报告全球龙头再启航.pdf", "20250326_华泰证券_宁德时代储能价格战压制短期盈利弹性.pdf"]


def use_ths(monkeypatch, answer) -> list[tuple[str, str]]:
    calls = []

    def stock_profit_forecast_ths(symbol: str, indicator: str):
        calls.append((symbol, indicator))
        if isinstance(answer, BaseException):
            raise answer
        return answer.copy()

    monkeypatch.setattr(sources, "_ak", lambda: SimpleNamespace(stock_profit_forecast_ths=stock_profit_forecast_ths))
    return calls


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("consensus") / "home"
    result = CliRunner().invoke(app, ["--data-dir", str(home), "ingest", *[str(SAMPLES / name) for name in CATL]])
    assert result.exit_code == 0, result.output
    return home


def _cli(home, *args):
    return CliRunner().invoke(app, ["--data-dir", str(home), "consensus", *args])


def test_market_next_to_library(home, monkeypatch, tmp_path):
    calls = use_ths(monkeypatch, pd.DataFrame(THS))
    result = _cli(home, "300750", "--json", "--engine", "extractive", "--xlsx", str(tmp_path / "c.xlsx"))
    assert result.exit_code == 0, result.output
    assert calls == [("300750", "预测年报每股收益")]
    payload = json.loads(result.stdout[: result.stdout.rindex("}") + 1])
    years = {row["year"]: row for row in payload["years"]}
    assert years["2025"]["market_brokers"] == 31 and years["2025"]["market_mean"] == 15.02
    library = payload["library"]
    assert set(library["brokers"]) == {"中信证券", "华泰证券"}
    for stats in library["eps_dispersion"]:  # every library figure is the agent's, the gap is computed from both
        row = years[stats["year"][:4]]
        assert row["library_mean"] == stats["mean"] and row["library_brokers"] == stats["n"]
        if row["market_mean"] is not None:
            assert row["gap"] == pytest.approx(stats["mean"] / row["market_mean"] - 1)
    assert any(row["library_mean"] is not None and row["market_mean"] is not None for row in years.values())
    sheet = load_workbook(tmp_path / "c.xlsx").active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[:3] == ["年度", "市场机构数", "市场EPS均值（元）"]
    by_year = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert by_year["2025"][1] == 31 and by_year["2025"][2] == 15.02  # numbers, not text

    text = _cli(home, "宁德时代", "--engine", "extractive")
    assert text.exit_code == 0 and "15.02" in text.output and "2025E" in text.output
    assert "中信证券" in text.output and "华泰证券" in text.output


def test_bad_input_is_one_line(home, monkeypatch):
    import requests

    use_ths(monkeypatch, requests.exceptions.ConnectionError(
        "HTTPSConnectionPool(host='basic.10jqka.com.cn', port=443): Max retries exceeded"))
    offline = _cli(home, "300750", "--engine", "extractive")
    assert offline.exit_code == 1 and "Traceback" not in offline.output
    assert [line for line in offline.output.splitlines() if line.strip()] == [
        "无法获取 300750.SZ 的市场一致预期：网络不可达（basic.10jqka.com.cn，ConnectionError）。"
        "请检查网络连接；本地研报库的券商观点可在 `touyan chat` 中对比。"]

    use_ths(monkeypatch, pd.DataFrame({"年度": ["2025"], "均值": [1.0]}))
    malformed = _cli(home, "300750", "--engine", "extractive")
    assert malformed.exit_code == 1 and "市场一致预期格式不对（缺少列 预测机构数" in malformed.output

    use_ths(monkeypatch, ValueError("No tables found"))
    html = _cli(home, "300750", "--engine", "extractive")
    # "；缓存中没有" follows when no earlier test of this module cached the stock (run alone, or on another worker)
    assert html.exit_code == 1 and re.search(r"同花顺返回的内容无法解析（ValueError: No tables found(；缓存中没有)?）", html.output)

    assert "无法识别的 A 股代码" in _cli(home, "ABCDEF").output
