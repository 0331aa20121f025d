"""Offline sessions: akshare is never imported, bundled fixtures load through the same normalization,
concept names resolve to eastmoney boards, and the samples cover what issues 4 and 5 need."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from tools.market_data import MarketData, UnknownBoard, resolve_board
from tools.market_data.fixtures import Fixtures

REPO = Path(__file__).resolve().parent.parent
KNOWN_TICKERS = REPO / "data" / "samples" / "source" / "known_tickers.tsv"


@pytest.fixture(scope="module")
def md(tmp_path_factory):
    return MarketData(tmp_path_factory.mktemp("offline") / "market_cache", offline=True)


def test_offline_session_never_imports_akshare(tmp_path):
    script = textwrap.dedent(f"""
        import sys
        attempts = []
        class Guard:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] == "akshare":
                    attempts.append(name)
                return None
        sys.meta_path.insert(0, Guard())
        from tools.market_data import MarketData
        md = MarketData({str(tmp_path / "cache")!r}, offline=True)
        md.stock_master(); md.concept_constituents("自动驾驶"); md.industry_constituents("半导体")
        md.fund_holdings("990001", 2024); md.fund_nav("990001"); md.etf_history("510300")
        md.index_history("沪深300"); md.money_supply(); md.us_treasury_10y(); md.stock_news("人形机器人")
        try:
            md.fund_nav("123456")
        except Exception as err:
            print(type(err).__name__)
        print("akshare" in sys.modules, attempts)
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["MarketDataUnavailable", "False []"]


def test_every_fixture_loads_through_normalization_marked_as_sample(md):
    entries = Fixtures().entries()
    assert len(entries) >= 100
    for entry in entries:
        frame = md.load(entry.dataset, **entry.args)
        prov = frame.attrs["provenance"]
        assert prov["source"] == "fixture" and prov["sample"] is entry.sample, entry
        assert not frame.empty or entry.dataset == "fund_holdings", entry
        assert not any(frame[c].dtype == object for c in frame.columns), entry  # typed, parquet-safe


@pytest.mark.parametrize("name, board", [
    ("自动驾驶", "无人驾驶"), ("智能驾驶", "无人驾驶"), ("算力", "算力概念"), ("AI算力", "算力概念"),
    ("ai算力", "算力概念"), ("低空经济", "低空经济"), ("人形机器人", "人形机器人"), ("人形机器人概念", "人形机器人"),
    ("ＣＰＯ", "CPO概念"), ("eVTOL", "飞行汽车(eVTOL)"), ("飞行汽车（eVTOL）", "飞行汽车(eVTOL)"),
])
def test_concept_names_resolve_to_fixture_boards(md, name, board):
    boards = md.concept_boards()["name"].tolist()
    assert "自动驾驶" not in boards and "算力" not in boards
    assert md.resolve_concept(name) == board


def test_concept_constituents_for_names_the_board_it_used(md):
    board, members = md.concept_constituents_for("自动驾驶")
    assert board == "无人驾驶" and members.attrs["provenance"]["requested"] == "自动驾驶" and len(members) >= 8


def test_alias_falls_through_to_the_next_board_in_order():
    assert resolve_board("低空经济", ["飞行汽车(eVTOL)", "无人机"]) == "飞行汽车(eVTOL)"


def test_unknown_board_lists_close_matches(md):
    with pytest.raises(UnknownBoard) as info:
        md.concept_constituents("人形机器")
    assert "人形机器人" in info.value.suggestions and "人形机器人" in str(info.value)
    with pytest.raises(UnknownBoard) as info:
        md.concept_constituents("量子通信网络")
    assert info.value.suggestions == [] and "量子通信网络" in str(info.value)


def test_concept_constituents_are_real_companies_consistent_with_the_master(md):
    master = md.stock_master().set_index("code")["name"]
    known = dict(line.split("\t") for line in KNOWN_TICKERS.read_text(encoding="utf-8").splitlines()
                 if line and not line.startswith("#"))
    for concept in ("人形机器人", "低空经济", "AI算力", "自动驾驶"):
        members = md.concept_constituents(concept)
        assert len(members) >= 8
        for code, name in zip(members["code"], members["name"]):
            assert master[code] == name
            assert known.get(code, name) == name  # same pairing as the sample corpus


def test_fund_fixtures_support_style_metrics(md):
    funds = md.fund_list()
    sample_funds = funds[funds["name"].str.contains("样例")]
    assert len(sample_funds) >= 6
    kinds = set(sample_funds["fund_type"])
    assert any(k.startswith("债券") for k in kinds) and any(k.startswith("FOF") for k in kinds)
    books = {}
    for code in sample_funds["code"]:
        holdings = pd.concat([md.fund_holdings(code, 2024), md.fund_holdings(code, 2025)])
        books[code] = {q: set(g["code"]) for q, g in holdings.groupby("quarter")}
        if holdings.empty:
            continue
        periods = sorted(holdings["period_end"].unique())
        assert len(periods) >= 4 and all((b - a).days < 100 for a, b in zip(periods, periods[1:]))
        nav = md.fund_nav(code)
        assert nav["date"].min() <= periods[0] - pd.Timedelta(days=60) and nav["date"].max() >= periods[-1]
        for stock, rows in holdings.groupby("code"):  # market value = shares x that quarter's close
            valuation = md.stock_valuation(stock).set_index("date")
            for _, row in rows.iterrows():
                close = valuation.loc[:row["period_end"], "close"].iloc[-1]
                assert row["value_10k"] == pytest.approx(row["shares_10k"] * close, rel=2e-3)
    assert books["990004"] == {} and books["990005"] == {}  # bond fund, FOF: no stocks
    rotating = list(books["990001"].values())
    assert all(not (a & b) for a, b in zip(rotating, rotating[1:]))  # a whole new book every quarter
    stable = md.fund_holdings("990002", 2024)
    assert stable.groupby("code")["shares_10k"].nunique().eq(1).all()  # same shares: pure price drift


def test_per_stock_attributes_and_growth_are_there(md):
    valuation = md.stock_valuation("600519")
    assert {"market_cap", "pe_ttm", "pb", "close"} <= set(valuation.columns) and valuation["market_cap"].gt(0).all()
    growth = md.stock_financials("2024-03-31")
    assert growth["net_profit_yoy_pct"].notna().mean() > 0.9 and "600519.SH" in set(growth["code"])


def test_macro_etf_and_index_fixtures_cover_the_strategy_signals(md):
    money = md.money_supply()
    assert len(money) >= 36 and money["month"].diff().dropna().dt.days.between(28, 31).all()
    assert money[["m1_yoy", "m2_yoy"]].notna().all().all()
    for frame in (md.pmi(), md.cpi(), md.ppi()):
        assert len(frame) >= 36
    assert md.us_treasury_10y()["us_10y"].between(0.5, 6).all()
    names = " ".join(md.etf_list()["name"])
    for word in ("A500", "半导体", "新能源", "人工智能", "红利"):
        assert word in names
    for index in ("沪深300", "中证1000", "国证成长", "国证价值"):
        history = md.index_history(index, "2024-01-01", "2024-12-31")
        assert len(history) > 200 and history["date"].min() >= pd.Timestamp("2024-01-01")
    assert len(md.etf_history("512050")) > 100


def test_text_fixtures_are_marked_as_samples(md):
    news = md.stock_news("人形机器人")
    assert news["title"].str.startswith("【样例】").all() and news["url"].str.startswith("https://example.com/").all()
    reports = md.research_reports("300308.SZ")
    assert reports["broker"].eq("样例证券").all() and reports["fy1_year"].iloc[0] == 2025


def test_industry_boards_by_eastmoney_name_shenwan_code_or_shenwan_name(md):
    em = md.industry_constituents("半导体")
    assert em.attrs["provenance"]["board"] == "半导体" and "688041.SH" in set(em["code"])
    by_name = md.industry_constituents("种子", source="sw")
    by_code = md.industry_constituents("850111.si", source="sw")
    assert by_name.attrs["provenance"]["board"] == "850111.SI" and by_name["code"].tolist() == by_code["code"].tolist()
    level1 = md.industry_constituents("801080", source="sw")
    assert level1["weight_pct"].notna().all() and level1.attrs["provenance"]["dataset"] == "sw_index_components"
    with pytest.raises(UnknownBoard):
        md.industry_constituents("造船", source="em")


@pytest.mark.parametrize("spelling", ["sz399370", "399370", "399370.SZ", "国证成长"])
def test_index_spellings_reach_the_same_series(md, spelling):
    history = md.index_history(spelling)
    assert history.attrs["provenance"]["args"] == {"symbol": "sz399370"} and len(history) > 800


def test_index_weights_accept_names_and_codes(md):
    assert md.index_weights("A500")["index_code"].eq("000510").all()
    assert md.index_weights("000300.SH")["weight_pct"].sum() > 20
    holdings = md.fund_holdings(990001, "2024")
    assert holdings["fund_code"].eq("990001").all() and holdings.attrs["provenance"]["source"] == "fixture"


def test_every_company_in_the_fixtures_is_real_under_its_real_name(md):
    """Codes and names in every fixture agree with the bundled A-share master (tools/tickers/master.py).
    688411 海博思创 listed in 2025, after the bundled snapshot: it is the one code allowed to be absent."""
    tickers = pytest.importorskip("tools.tickers")
    master = tickers.StockMaster.bundled()
    checked = 0
    for entry in Fixtures().entries():
        frame = md.load(entry.dataset, **entry.args)
        if not {"code", "name"} <= set(frame.columns) or entry.dataset.startswith(("fund_list", "etf_")):
            continue
        for code, name in zip(frame["code"], frame["name"]):
            if code.endswith((".SH", ".SZ", ".BJ")) and code != "688411.SH":
                assert master.name_of(code) == name, (entry.dataset, code, name)
                checked += 1
    assert checked > 300
