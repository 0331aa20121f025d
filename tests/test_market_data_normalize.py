"""Normalization of frames shaped as akshare 1.19.5 returns them (column names from its source)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from tools.market_data.codes import canonical_stock_code, pad6
from tools.market_data.errors import SchemaDriftError
from tools.market_data.normalize import normalize, target_columns
from tools.market_data.schemas import DATASETS


def research_frame(first_year: int) -> pd.DataFrame:
    """stock_research_report_em: the forecast columns are named after the API's current year."""
    y = first_year
    return pd.DataFrame({
        "序号": [1, 2], "股票代码": ["300308", "2050"], "股票简称": ["中际旭创", "三花智控"],
        "报告名称": ["光模块龙头", "执行器放量"], "东财评级": ["买入", "增持"], "机构": ["甲证券", "乙证券"],
        "近一月个股研报数": [5, 2],
        f"{y}-盈利预测-收益": [4.5, 0.9], f"{y}-盈利预测-市盈率": [28.0, 31.0],
        f"{y + 1}-盈利预测-收益": [6.2, 1.05], f"{y + 1}-盈利预测-市盈率": [20.3, 26.6],
        f"{y + 2}-盈利预测-收益": [7.6, 1.22], f"{y + 2}-盈利预测-市盈率": [16.6, 22.9],
        "行业": ["通信设备", "家电行业"], "日期": [dt.date(2025, 3, 18), dt.date(2025, 3, 12)],
        "报告PDF链接": ["https://pdf.dfcfw.com/pdf/H3_AP1_1.pdf", "https://pdf.dfcfw.com/pdf/H3_AP2_1.pdf"],
    })


@pytest.mark.parametrize("first_year", [2025, 2026])
def test_year_named_forecast_columns_map_to_relative_years(first_year):
    raw = research_frame(first_year)
    # akshare's order is this year, next, the one after; shuffle to prove the mapping reads the year.
    raw = raw[list(raw.columns[:7]) + list(reversed(raw.columns[7:13])) + list(raw.columns[13:])]
    out = normalize("research_reports", raw)
    row = out.set_index("code").loc["300308.SZ"]
    assert (row["eps_fy1"], row["eps_fy2"], row["eps_fy3"]) == (4.5, 6.2, 7.6)
    assert (row["pe_fy1"], row["pe_fy3"]) == (28.0, 16.6)
    assert out["fy1_year"].tolist() == [first_year, first_year]
    assert list(out["date"]) == sorted(out["date"])  # sorted by date
    assert out.set_index("code").loc["002050.SZ", "name"] == "三花智控"  # code lost its zeros: padded


def test_shenwan_date_suffixed_columns_map_by_position():
    """sw_index_third_cons names growth columns after the latest report dates; the suffix moves each quarter."""
    raw = pd.DataFrame({
        "序号": [1], "股票代码": ["000998.SZ"], "股票简称": ["隆平高科"], "纳入时间": ["2021-07-30"],
        "申万1级": ["农林牧渔"], "申万2级": ["种植业"], "申万3级": ["种子"], "价格": [12.3], "市盈率": [60.1],
        "市盈率ttm": [55.0], "市净率": [2.1], "股息率": ["0.52%"], "市值（亿元）": [160.2],
        "归母净利润同比增长(03-31)": [34.4], "归母净利润同比增长(12-31)": [-8.7],
        "营业收入同比增长（03-31）": ["-13.42%"], "营业收入同比增长(12-31)": [-15.0],
    })
    out = normalize("sw_third_constituents", raw).iloc[0]
    assert out["net_profit_yoy_pct_latest"] == 34.4 and out["net_profit_yoy_pct_prev"] == -8.7
    assert out["revenue_yoy_pct_latest"] == -13.42 and out["revenue_yoy_pct_prev"] == -15.0
    assert out["market_cap_100m"] == 160.2  # the old header 市值（亿元） is an alias of 市值
    assert out["dividend_yield_pct"] == 0.52
    assert out["code"] == "000998.SZ"


def fund_holdings_frame(weight_column: str = "占净值比例") -> pd.DataFrame:
    return pd.DataFrame({
        "序号": [1, 2, 3], "股票代码": ["600519", "00700", "300750"], "股票名称": ["贵州茅台", "腾讯控股", "宁德时代"],
        weight_column: [9.8, 7.1, 6.5], "持股数": [16.4, 120.0, 300.0], "持仓市值": [29548.9, 45000.0, 52000.0],
        "季度": ["2024年1季度股票投资明细", "2024年1季度股票投资明细", "2024年2季度股票投资明细"],
    })


@pytest.mark.parametrize("renamed", ["占净值 比例", "占净值比例(%)"])
def test_renamed_column_is_found_through_aliases(renamed):
    out = normalize("fund_holdings", fund_holdings_frame(renamed))
    assert out["weight_pct"].tolist() == [9.8, 7.1, 6.5]


def test_fund_holdings_codes_quarters_and_period_ends():
    out = normalize("fund_holdings", fund_holdings_frame())
    assert out["code"].tolist() == ["600519.SH", "0700.HK", "300750.SZ"]  # 00700 is Tencent, not 000700.SZ
    assert out["quarter"].tolist() == ["2024Q1", "2024Q1", "2024Q2"]
    assert out["period_end"].tolist() == [pd.Timestamp("2024-03-31")] * 2 + [pd.Timestamp("2024-06-30")]


def test_missing_required_column_raises_schema_drift_naming_everything():
    raw = fund_holdings_frame().rename(columns={"股票代码": "证券代码X"})
    with pytest.raises(SchemaDriftError) as info:
        normalize("fund_holdings", raw)
    err = info.value
    assert err.dataset == "fund_holdings" and err.missing == ["股票代码"]
    assert "证券代码X" in err.seen and "fund_holdings" in str(err) and "股票代码" in str(err)


def test_missing_optional_column_becomes_a_typed_empty_column():
    raw = pd.DataFrame({"净值日期": ["2024-01-03", "2024-01-02"], "单位净值": ["1.01", "1.00"]})
    out = normalize("fund_nav", raw)
    assert out["daily_return_pct"].isna().all() and out["daily_return_pct"].dtype == "float64"
    assert out["nav"].tolist() == [1.00, 1.01]  # sorted by date, numbers from text


def test_no_data_frame_without_columns_gives_typed_empty_frame():
    out = normalize("etf_history", pd.DataFrame())
    assert out.empty and list(out.columns) == target_columns(DATASETS["etf_history"])
    assert str(out["date"].dtype).startswith("datetime64")


def test_month_labels_become_month_starts_oldest_first():
    raw = pd.DataFrame({"月份": ["2022年10月份", "2022年09月份", "2022年1月份"], "制造业-指数": [49.2, 50.1, 50.1],
                        "制造业-同比增长": [-4.1, -1.0, -1.4], "非制造业-指数": [48.7, 50.6, 51.1],
                        "非制造业-同比增长": [-7.1, -4.0, -1.4]})
    out = normalize("pmi", raw)
    assert out["month"].tolist() == [pd.Timestamp("2022-01-01"), pd.Timestamp("2022-09-01"), pd.Timestamp("2022-10-01")]
    assert out["manufacturing"].tolist() == [50.1, 50.1, 49.2]


def test_mixed_type_object_columns_become_strings_and_survive_parquet(tmp_path):
    """stock_individual_info_em-like mixed objects: a str column holding numbers, text and dates."""
    raw = pd.DataFrame({"基金代码": [1, "000002", 3.0], "拼音缩写": ["HXCZ", 12, None],
                        "基金简称": ["华夏成长混合", dt.date(2024, 1, 2), 5], "基金类型": ["混合型-偏股", "债券型", 7]})
    out = normalize("fund_list", raw)
    assert out["code"].tolist() == ["000001", "000002", "000003"]
    assert out["name"].tolist() == ["华夏成长混合", "2024-01-02", "5"]
    assert out["pinyin_abbr"].isna().tolist() == [False, False, True]
    out.to_parquet(tmp_path / "f.parquet")
    assert pd.read_parquet(tmp_path / "f.parquet")["name"].tolist() == out["name"].tolist()


def test_stock_names_lose_full_width_spaces_and_letters():
    raw = pd.DataFrame({"code": ["000002", "600519", "920001"], "name": ["万  科Ａ", "贵州茅台", "纬达光电"],
                        "former_names": ["万 科|万  科Ａ", None, ""]})
    out = normalize("stock_master", raw)
    assert out["former_names"].tolist() == ["万科", "", ""]  # cleaned, without the current name
    assert out.set_index("code")["name"].to_dict() == {"000002.SZ": "万科A", "600519.SH": "贵州茅台",
                                                       "920001.BJ": "纬达光电"}
    assert out.set_index("code").loc["920001.BJ", "exchange"] == "BJ"
    assert list(out.columns) == ["code", "symbol", "name", "name_raw", "exchange", "former_names", "list_date", "status"]
    assert set(out["status"]) == {"listed"}  # a list without a status column is a list of listed companies
    assert out.set_index("code").loc["000002.SZ", "name_raw"] == "万  科Ａ"


@pytest.mark.parametrize("raw, expected", [
    ("600519", "600519.SH"), (2050, "002050.SZ"), ("2050", "002050.SZ"), ("sh600519", "600519.SH"),
    ("600519.SS", "600519.SH"), ("sz000001", "000001.SZ"), ("430047", "430047.BJ"), ("920001", "920001.BJ"),
    ("00700", "0700.HK"), ("9880.HK", "9880.HK"), ("688017.sh", "688017.SH"), (None, None), (float("nan"), None),
])
def test_canonical_stock_codes(raw, expected):
    assert canonical_stock_code(raw) == expected


def test_pad6_keeps_six_digit_codes_and_pads_short_ones():
    assert [pad6(v) for v in (1, "1", "510300", 159919.0, "159919.0", None, "")] == [
        "000001", "000001", "510300", "159919", "159919", None, None]


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_every_dataset_normalizes_akshares_empty_answer(dataset):
    out = normalize(dataset, pd.DataFrame())
    assert out.empty and set(target_columns(DATASETS[dataset])) <= set(out.columns)
    assert not any(out[c].dtype == object for c in out.columns)
