"""The live layer without the network: every akshare call in sources.py matches akshare 1.19.5's
signatures, the composite/fallback sources reshape fake akshare answers correctly, and the fixture
recorder writes what the offline layer reads."""

from __future__ import annotations

import ast
import importlib.util
import inspect
import json
import sys
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from tools.market_data import sources
from tools.market_data.fixtures import Fixtures, read_raw
from tools.market_data.normalize import normalize
from tools.market_data.schemas import DATASETS

REPO = Path(__file__).resolve().parent.parent


def akshare_calls() -> list[tuple[str, set[str]]]:
    """(function, keyword names) of every `ak.f(...)` / `_ak().f(...)` call in sources.py."""
    tree = ast.parse(Path(sources.__file__).read_text(encoding="utf-8"))
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if (isinstance(owner, ast.Name) and owner.id == "ak") or (
                    isinstance(owner, ast.Call) and getattr(owner.func, "id", "") == "_ak"):
                calls.append((node.func.attr, {kw.arg for kw in node.keywords}))
    return calls


def test_every_akshare_call_exists_with_those_keywords():
    akshare = pytest.importorskip("akshare")
    calls = akshare_calls()
    assert len(calls) >= 30
    for name, keywords in calls:
        function = getattr(akshare, name, None)
        assert function is not None, f"akshare has no {name}"
        assert keywords <= set(inspect.signature(function).parameters), (name, keywords)


def test_every_dataset_has_a_source_taking_its_arguments():
    assert set(sources.SOURCES) == set(DATASETS)
    for name, spec in DATASETS.items():
        assert tuple(inspect.signature(sources.SOURCES[name]).parameters) == spec.args, name


def fake_akshare(**functions) -> SimpleNamespace:
    return SimpleNamespace(**functions)


def test_stock_master_keeps_exchanges_and_sz_former_names(monkeypatch):
    sh = lambda symbol: pd.DataFrame({"证券代码": ["600519"] if symbol == "主板A股" else ["688017"],  # noqa: E731
                                      "证券简称": ["贵州茅台"] if symbol == "主板A股" else ["绿的谐波"],
                                      "证券全称": ["x"], "公司简称": ["x"], "公司全称": ["x"], "上市日期": ["2001-08-27"]})
    sz = lambda symbol: pd.DataFrame({"板块": ["主板", "主板"], "A股代码": [2, 2050], "A股简称": ["万  科Ａ", "三花智控"],  # noqa: E731
                                      "A股上市日期": ["1991-01-29", "2005-06-07"], "A股总股本": [1, 1],
                                      "A股流通股本": [1, 1], "所属行业": ["K", "C"]})
    bj = lambda: pd.DataFrame({"证券代码": ["920001"], "证券简称": ["纬达光电"], "总股本": [1], "流通股本": [1],  # noqa: E731
                               "上市日期": ["2023-01-01"], "所属行业": ["C"], "地区": ["x"], "报告日期": ["2025-01-01"]})
    changes = lambda symbol: pd.DataFrame({  # noqa: E731
        "变更日期": ["2010-01-01", "2015-01-01"], "证券代码": ["002050", "002050"], "证券简称": ["三花智控", "三花智控"],
        "变更前简称": ["三花股份", "三花股份"], "变更后简称": ["三花股份", "三花智控"]})
    monkeypatch.setattr(sources, "_ak", lambda: fake_akshare(
        stock_info_sh_name_code=sh, stock_info_sz_name_code=sz, stock_info_bj_name_code=bj,
        stock_info_sz_change_name=changes))
    master = normalize("stock_master", sources.fetch("stock_master", {})).set_index("code")
    assert master["exchange"].to_dict() == {"600519.SH": "SH", "688017.SH": "SH", "000002.SZ": "SZ",
                                            "002050.SZ": "SZ", "920001.BJ": "BJ"}
    assert master.loc["002050.SZ", "former_names"] == "三花股份" and master.loc["600519.SH", "former_names"] == ""
    assert master.loc["000002.SZ", "name"] == "万科A"


def test_stock_history_falls_back_to_tencent_in_eastmoney_units(monkeypatch):
    def em(**kwargs):
        raise ConnectionError("push2his.eastmoney.com: Remote end closed connection")

    tx_calls = []

    def tx(symbol, start_date, end_date, adjust, timeout):
        tx_calls.append(symbol)
        return pd.DataFrame({"date": ["2025-06-27", "2025-06-30"], "open": [1400.0, 1410.0],
                             "close": [1410.0, 1405.5], "high": [1415.0, 1412.0], "low": [1398.0, 1401.0],
                             "volume": [3_000_000.0, 2_500_000.0], "turnover": [0.24, 0.2],
                             "amount": [4.2e9, 3.5e9]})

    monkeypatch.setattr(sources, "_ak", lambda: fake_akshare(stock_zh_a_hist=em, stock_zh_a_hist_tx=tx))
    bars = normalize("stock_history", sources.fetch("stock_history", {"symbol": "600519"}))
    assert tx_calls == ["sh600519"]
    assert bars["volume"].tolist() == [30000.0, 25000.0]  # shares -> lots, as eastmoney counts
    assert bars["close"].tolist() == [1410.0, 1405.5] and bars["code"].eq("600519.SH").all()


def test_stock_without_reports_is_an_empty_frame_not_a_failure(monkeypatch):
    def no_reports(symbol):
        raise KeyError("infoCode")

    monkeypatch.setattr(sources, "_ak", lambda: fake_akshare(stock_research_report_em=no_reports))
    assert normalize("research_reports", sources.fetch("research_reports", {"symbol": "920001"})).empty


def load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_recorder_writes_raw_frames_the_offline_layer_prefers(tmp_path, monkeypatch):
    recorder = load_script("record_fixtures")
    samples = Fixtures()

    def fake_fetch(dataset, args):  # akshare's raw frames, as the samples carry them
        entry = samples.find(dataset, args)
        if entry is None:
            raise ConnectionError(f"no network for {dataset}")
        return read_raw(entry.path)

    monkeypatch.setattr(recorder, "fetch", fake_fetch)
    (tmp_path / "MANIFEST.json").write_text(json.dumps({"about": "", "entries": [
        {"dataset": "pmi", "args": {}, "file": "pmi.csv", "function": "macro_china_pmi", "sample": True}]}))
    monkeypatch.setattr(sys, "argv", ["record_fixtures.py", "--out", str(tmp_path), "--funds", "990001,990004",
                                      "--years", "2024"])
    assert recorder.main() == 0
    manifest = json.loads((tmp_path / "MANIFEST.json").read_text(encoding="utf-8"))["entries"]
    recorded = [e for e in manifest if not e["sample"]]
    assert any(e["dataset"] == "pmi" and e["sample"] for e in manifest)  # the sample entry is kept
    assert {e["dataset"] for e in recorded} >= {"pmi", "fund_holdings", "stock_valuation", "stock_financials"}
    assert all(e["recorded_at"] and e["akshare_version"] for e in recorded)
    held = set(read_raw(samples.find("fund_holdings", {"code": "990001", "year": "2024"}).path)["股票代码"])
    valued = {e["args"]["symbol"] for e in recorded if e["dataset"] == "stock_valuation"}
    assert valued == held
    financials = read_raw(tmp_path / next(e["file"] for e in recorded if e["dataset"] == "stock_financials"))
    assert set(financials["股票代码"]) == held  # trimmed to the stocks the funds hold
    funds = read_raw(tmp_path / next(e["file"] for e in recorded if e["dataset"] == "fund_list"))
    assert "990001" in set(funds["基金代码"]) and "990002" not in set(funds["基金代码"])

    from tools.market_data import MarketData

    md = MarketData(tmp_path / "cache", offline=True, fixtures_dir=tmp_path)
    pmi = md.pmi()
    assert pmi.attrs["provenance"]["sample"] is False and pmi.attrs["provenance"]["fetched_at"]
    assert len(md.fund_holdings("990001", 2024)) == 40
