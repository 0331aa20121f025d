"""tools.tickers: code spellings, name resolution, the bundled snapshot, search and mentions."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json

import pandas as pd
import pytest

from tests.conftest import REPO, SAMPLES
from tools.tickers import (COLUMNS, MASTER_CSV, Security, StockMaster, TickerError, canonical_code, master_frame,
                           normalize_code, normalize_name)


@pytest.fixture(scope="module")
def master() -> StockMaster:
    return StockMaster.bundled()


# --- syntax -----------------------------------------------------------------------------------

@pytest.mark.parametrize("raw,expected", [
    ("600519", "600519.SH"), ("600519.SH", "600519.SH"), ("sh600519", "600519.SH"),
    ("SH600519", "600519.SH"), ("600519.SS", "600519.SH"), ("600519.XSHG", "600519.SH"),
    (" 600519 ", "600519.SH"), ("６００５１９", "600519.SH"), ("000001.XSHE", "000001.SZ"),
    ("sz000001", "000001.SZ"), ("300750", "300750.SZ"), ("430047.BJ", "430047.BJ"),
    ("BJ430047", "430047.BJ"), ("920002", "920002.BJ"), ("688017.sh", "688017.SH"),
    ("2498.HK", "2498.HK"), ("02498.HK", "2498.HK"), ("HK2498", "2498.HK"), ("HK.00700", "0700.HK"),
    ("EH.O", "EH.US"), ("HSAI.N", "HSAI.US"), ("NVDA.US", "NVDA.US"), ("US.NVDA", "NVDA.US"),
    ("000001.SH", None),  # suffix contradicts the prefix: that is the SSE index
    ("123456", None), ("600519.HK", None), ("USAC", None), ("贵州茅台", None), ("", None),
])
def test_normalize_code(raw, expected):
    assert normalize_code(raw) == expected


@pytest.mark.parametrize("raw", ["600519.SH", "sh600519", "02498.HK", "EH.O", "000001.SH", "123456"])
def test_normalize_code_agrees_with_report_metadata(raw):
    assert normalize_code(raw) == canonical_code(raw)


@pytest.mark.parametrize("raw,expected", [
    ("万  科Ａ", "万科A"), ("柳\u3000工", "柳工"), ("五 粮 液", "五粮液"), ("ＴＣＬ科技", "TCL科技"), ("*ST星源", "*ST星源"),
])
def test_normalize_name(raw, expected):
    assert normalize_name(raw) == expected


# --- resolution -------------------------------------------------------------------------------

@pytest.mark.parametrize("query,code", [
    ("600519", "600519.SH"), ("sh600519", "600519.SH"), ("600519.XSHG", "600519.SH"),
    ("贵州茅台", "600519.SH"), ("茅台", "600519.SH"), ("宁王", "300750.SZ"), ("宁德时代", "300750.SZ"),
    ("万  科Ａ", "000002.SZ"), ("万科A", "000002.SZ"), ("万科", "000002.SZ"), ("京东方", "000725.SZ"),
    ("柳    工", "000528.SZ"), ("拓普", "601689.SH"), ("绿的谐波", "688017.SH"),
    ("贵州茅台(600519)", "600519.SH"), ("贵州茅台（600519.SH）", "600519.SH"), ("茅台 (sh600519)", "600519.SH"),
])
def test_resolve(master, query, code):
    assert master.resolve(query).code == code
    assert master.lookup(query).code == code


@pytest.mark.parametrize("query,reason", [
    ("688999", "688999.SH 不在 2023-10-19 的股票列表中，运行 touyan data refresh 更新"),
    ("688999.SH", "不在 2023-10-19 的股票列表中"), ("华芯动力(688999.SH)", "不在 2023-10-19 的股票列表中"),
    ("000001.SH", "不是有效的A股代码"), ("123456", "不是有效的A股代码"),
    ("8888.HK", "8888.HK 不在 2025-06-30 的港股/美股名录中，运行 touyan data refresh --hk --us 更新"),
    ("ZZZZ.O", "港股/美股名录"), ("", "为空"), ("完全不存在的公司", "未找到"),
])
def test_resolve_rejects(master, query, reason):
    with pytest.raises(TickerError, match=reason):
        master.resolve(query)
    assert master.lookup(query) is None


def test_ambiguous_short_name_lists_candidates(master):
    with pytest.raises(TickerError, match="多只") as info:
        master.resolve("平安")
    assert {"000001.SZ", "601318.SH"} <= {s.code for s in info.value.candidates}
    assert "平安银行(000001.SZ)" in str(info.value)


def test_name_shared_by_two_listed_companies_is_ambiguous(master):
    with pytest.raises(TickerError) as info:
        master.resolve("三维股份")
    assert len(info.value.candidates) == 2


def test_misspelled_name_suggests_the_right_one(master):
    with pytest.raises(TickerError, match="未找到") as info:
        master.resolve("贵州茅苔")
    assert info.value.candidates[0].code == "600519.SH"
    assert info.value.query == "贵州茅苔"


def test_foreign_codes_only_unverified_when_asked(master):
    security = master.resolve("08888.HK", allow_foreign=True)
    assert security == Security("8888.HK", None, "HK")
    assert not master.exists("8888.HK") and "8888.HK" not in master


def test_hk_and_us_listings_are_validated_in_one_code_format(master):
    assert master.resolve("HK09868") == master.resolve("9868.HK")
    assert master.resolve("09868.HK").name == "小鹏汽车"  # the exchange's 小鹏汽车-W, class mark dropped
    assert master.resolve("EH.O").code == master.resolve("EH.US").code == "EH.US"
    assert master.verify("2498.HK", "速腾聚创").exchange == "HK"
    with pytest.raises(TickerError, match="代码与名称不符"):
        master.verify("9868.HK", "蔚来")


def test_a_company_listed_twice_is_named_by_its_first_market(master):
    assert master.resolve("宁德时代").code == "300750.SZ" and master.exists("3750.HK")
    assert master.resolve("小鹏汽车").code == "9868.HK" and master.exists("XPEV.US")
    text = "宁德时代与小鹏汽车、药明合联(2268.HK)和优必选；ARM架构"
    assert [(s.code, text[a:b]) for s, a, b in master.find_mentions(text)] == [
        ("300750.SZ", "宁德时代"), ("9868.HK", "小鹏汽车"), ("2268.HK", "药明合联"), ("9880.HK", "优必选")]


def test_st_flag(master):
    st = next(s for s in master if s.name.startswith("*ST"))
    assert st.st and not master.resolve("600519").st


def test_verify_code_against_name(master):
    assert master.verify("600519", "茅台").code == "600519.SH"
    assert master.verify("000002.SZ", "万  科Ａ").name == "万科A"
    with pytest.raises(TickerError, match="代码与名称不符") as info:
        master.verify("600519.SH", "五粮液")
    assert info.value.candidates[0].name == "贵州茅台"
    with pytest.raises(TickerError, match="代码与名称不符"):
        master.resolve("五粮液(600519.SH)")


def test_delisted_names_resolve_but_are_marked(master):
    old = master.resolve("000527")  # 美的电器, merged into 美的集团
    assert old.delisted
    assert not master.resolve("000333").delisted


def test_exists_and_name_of(master):
    assert master.exists("sh600519") and "600519.SH" in master
    assert master.name_of("000002") == "万科A"
    assert master.name_of("688999.SH") is None and not master.exists("688999")


# --- the bundled snapshot ---------------------------------------------------------------------

def test_bundled_snapshot_sanity(master):
    with MASTER_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    codes = [r["code"] for r in rows]
    assert len(rows) >= 5000 and len([s for s in master if s.exchange in ("SH", "SZ", "BJ")]) == len(rows)
    assert len(set(codes)) == len(codes)
    for row in rows:
        assert normalize_code(row["code"]) == row["code"]
        assert row["code"] == f"{row['symbol']}.{row['exchange']}"
        assert row["name"] == normalize_name(row["name"]) and row["name"]
        assert row["status"] in ("listed", "delisted")
    by_exchange = {ex: sum(r["exchange"] == ex for r in rows) for ex in ("SH", "SZ", "BJ")}
    assert by_exchange["SH"] > 2000 and by_exchange["SZ"] > 2000 and by_exchange["BJ"] > 100
    expected = {"600519.SH": "贵州茅台", "300750.SZ": "宁德时代", "000001.SZ": "平安银行",
                "688017.SH": "绿的谐波", "002050.SZ": "三花智控", "601689.SH": "拓普集团"}
    assert {code: master.name_of(code) for code in expected} == expected
    assert "688999.SH" not in master


def test_meta_describes_the_file():
    meta = json.loads(MASTER_CSV.with_suffix(".meta.json").read_text(encoding="utf-8"))
    assert meta["sha256"] == hashlib.sha256(MASTER_CSV.read_bytes()).hexdigest()
    with MASTER_CSV.open(encoding="utf-8", newline="") as handle:
        assert meta["rows"] == sum(1 for _ in csv.DictReader(handle))
    assert meta["source"]["package"] and meta["source"]["version"] and meta["source"]["path"]
    assert meta["licence"] and meta["data_date"] and meta["build_command"]
    assert StockMaster.bundled() is StockMaster.bundled()


def test_build_script_rules_on_adata_shaped_rows():
    spec = importlib.util.spec_from_file_location("build_stock_master", REPO / "scripts" / "build_stock_master.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    raw = ("stock_code,short_name,list_date2\n000002,万  科Ａ,1991-01-29\n000003,PT金田A,\n000018,神城A退,1992-01-01\n"
           "833874,泰祥股份,2020-07-27\n301192,泰祥股份,2022-08-11\n603033,三维股份,2016-12-07\n"
           "831834,三维股份,2022-08-22\n201872,招港B,\n").encode()
    frame, dropped = build.adata_frame(raw)
    status = dict(zip(frame["code"], frame["status"]))
    assert status == {"000002.SZ": "listed", "000003.SZ": "delisted", "000018.SZ": "delisted",
                      "833874.BJ": "delisted", "301192.SZ": "listed", "603033.SH": "listed", "831834.BJ": "listed"}
    assert frame.set_index("code").loc["000002.SZ", ["name", "name_raw"]].tolist() == ["万科A", "万  科Ａ"]
    assert [d.split()[0] for d in dropped] == ["201872"]


def test_committed_csv_is_already_normalized():
    df = pd.read_csv(MASTER_CSV, dtype=str, keep_default_na=False)
    assert tuple(df.columns) == COLUMNS
    pd.testing.assert_frame_equal(master_frame(df), df, check_dtype=False)


# --- refresh from a frame ---------------------------------------------------------------------

def test_from_frame_takes_akshare_code_name():
    df = pd.DataFrame({"code": ["000002", "600519", "920002"], "name": ["万  科Ａ", "贵州茅台", "示例北交所公司"]})
    fresh = StockMaster.from_frame(df, source="akshare stock_info_a_code_name")
    assert len(fresh) == 3 and fresh.resolve("万科").code == "000002.SZ"
    assert fresh.resolve("920002").exchange == "BJ"
    with pytest.raises(TickerError, match="300750.SZ 不在当前的股票列表中，运行 touyan data refresh 更新"):
        fresh.resolve("300750")
    dated = StockMaster.from_frame(df, source="akshare", data_date="2025-06-30")
    with pytest.raises(TickerError, match="不在 2025-06-30 的股票列表中"):
        dated.resolve("300750")


@pytest.mark.parametrize("df,message", [
    (pd.DataFrame({"code": ["600519", "sh600519"], "name": ["贵州茅台", "贵州茅台"]}), "duplicate"),
    (pd.DataFrame({"code": ["123456"], "name": ["无效"]}), "unrecognized"),
    (pd.DataFrame({"symbol": ["600519"], "name": ["贵州茅台"]}), "code and name"),
])
def test_from_frame_rejects_bad_frames(df, message):
    with pytest.raises(ValueError, match=message):
        StockMaster.from_frame(df, source="test")


def test_frame_with_a_hong_kong_list_validates_hk_codes():
    df = pd.DataFrame({"code": ["600519.SH", "09880.HK"], "name": ["贵州茅台", "优必选"],
                       "former_names": ["", "优必选科技| "]})
    fresh = StockMaster.from_frame(df, source="test")
    assert fresh.resolve("HK9880") == Security("9880.HK", "优必选", "HK", ("优必选科技",))
    assert fresh.resolve("优必选科技").code == "9880.HK"  # a former name
    with pytest.raises(TickerError, match="不在当前的港股/美股名录中"):
        fresh.resolve("2498.HK")


# --- search and mentions ----------------------------------------------------------------------

def test_search(master):
    assert master.search("宁德")[0].code == "300750.SZ"
    hits = master.search("60051", limit=3)
    assert len(hits) == 3 and all(s.code.startswith("60051") for s in hits)
    assert [s.code for s in master.search("茅台")] == ["600519.SH"]
    assert master.search("  ") == []


def _sample_sentence(marker: str) -> str:
    text = (SAMPLES / "20250218_广发证券_储能行业2025年投资策略.txt").read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if marker in line)


def test_find_mentions_on_a_sample_sentence(master):
    sentence = _sample_sentence("上游电芯环节")
    found = master.find_mentions(sentence)
    assert [(s.code, sentence[a:b]) for s, a, b in found] == [("300750.SZ", "宁德时代"), ("300014.SZ", "亿纬锂能")]


@pytest.mark.parametrize("text,expected", [
    ("人形机器人产业链的核心是减速器", []),  # 机器人 (300024) is an ordinary word here
    ("机器人(300024)布局人形机器人", [("300024.SZ", "机器人")]),
    ("柳工发布电动装载机", []),  # two-character name without its code
    ("柳工（000528）发布电动装载机", [("000528.SZ", "柳工")]),
    ("调研对象华芯动力(688999.SH)称", []),
    ("京东方A与京东方都是面板龙头", [("000725.SZ", "京东方A"), ("000725.SZ", "京东方")]),
    ("茅台批价企稳", [("600519.SH", "茅台")]),
    ("施工行业与成交行情", []),  # 工行 and 交行 are never looked for in running text
    ("ATCL科技与TCL科技", [("000100.SZ", "TCL科技")]),
    ("华东三花智控有限公司并非三花智控", [("002050.SZ", "三花智控")]),
    ("万  科Ａ与ＴＣＬ科技", [("000100.SZ", "ＴＣＬ科技")]),  # text spacing is not squashed; widths are
])
def test_find_mentions_rules(master, text, expected):
    assert [(s.code, text[a:b]) for s, a, b in master.find_mentions(text)] == expected


def test_find_mentions_on_a_whole_sample_report(master):
    text = (SAMPLES / "20250218_广发证券_储能行业2025年投资策略.txt").read_text(encoding="utf-8")
    codes = {s.code for s, _, _ in master.find_mentions(text)}
    assert {"300750.SZ", "300014.SZ", "300274.SZ"} <= codes
    assert all(master.exists(code) for code in codes)
