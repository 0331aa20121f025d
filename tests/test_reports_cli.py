"""`touyan reports list/show/rm` and the trusted-search options of `touyan search`, through the real CLI
on the real chromadb and the offline embedding model (issue 17 items 2 and 3)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.conftest import SAMPLES, write_report
from touyan.cli import app

CHIP = ["华泰证券 公司点评\n所属行业：电子\n中芯国际(688981.SH) 产能利用率回升，国产替代深化，晶圆代工订单饱满。",
        "晶圆代工价格企稳，折旧压力仍在。成熟制程需求回暖，先进制程扩产持续。",
        "中芯国际产能利用率回升至九成，折旧高峰将在两年后过去。"]
SAMPLE_FILES = ("20250320_华泰证券_人形机器人量产节奏再审视.pdf", "20250312_中信证券_人形机器人产业链深度报告.pdf",
                "20250218_广发证券_储能行业2025年投资策略.txt")


def _cli(home, *args):
    return CliRunner().invoke(app, ["--data-dir", str(home), *args], catch_exceptions=False)


@pytest.fixture()
def home(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    write_report(folder, "20250213_华泰证券_中芯国际点评.txt", CHIP)
    for name in SAMPLE_FILES:
        (folder / name).write_bytes((SAMPLES / name).read_bytes())
    home = tmp_path / "home"
    assert _cli(home, "ingest", str(folder)).exit_code == 0
    return home


def _ids(home, *filters) -> dict[str, str]:
    payload = json.loads(_cli(home, "reports", "list", "--json", *filters).stdout)
    assert payload["count"] == len(payload["reports"])
    return {r["title"]: r["report_id"] for r in payload["reports"]}


def test_list_filters_by_broker_alias_code_dates_type_and_industry(home, tmp_path):
    everything = _ids(home)
    assert len(everything) == 4
    assert set(_ids(home, "--broker", "华泰")) == {"中芯国际点评", "人形机器人量产节奏再审视"}
    assert set(_ids(home, "--code", "688981")) == {"中芯国际点评"}
    assert set(_ids(home, "--from", "2025-03-01", "--to", "2025-03-15")) == {"人形机器人产业链深度报告"}
    assert set(_ids(home, "--type", "深度")) == {"人形机器人产业链深度报告"}
    assert set(_ids(home, "--industry", "电子")) == {"中芯国际点评"}
    table = _cli(home, "reports", "list", "--broker", "华泰证券股份有限公司")
    assert table.exit_code == 0 and "2 份（券商=华泰证券）" in table.stdout
    assert everything["中芯国际点评"] in table.stdout and everything["储能行业2025年投资策略"] not in table.stdout

    rows = list(csv.DictReader(io.StringIO(_cli(home, "reports", "list", "--csv", "--broker", "中信").stdout)))
    assert [r["title"] for r in rows] == ["人形机器人产业链深度报告"] and rows[0]["broker"] == "中信证券"
    target = tmp_path / "library.xlsx"
    assert _cli(home, "reports", "list", "--xlsx", str(target)).exit_code == 0
    sheet = openpyxl.load_workbook(target)["研报库"]
    assert sheet["A1"].value == "研报 ID" and sheet.max_row >= 5
    pages = [c.value for c in sheet["I"][1:5]]
    assert all(isinstance(p, int) for p in pages)  # numbers as numbers


def test_a_filter_that_matches_nothing_says_which(home, tmp_path):
    result = _cli(home, "reports", "list", "--broker", "国信")
    assert result.exit_code == 0 and "国信证券" in result.output and "库中的券商" in result.output
    result = _cli(home, "reports", "list", "--industry", "银行")
    assert "行业=银行" in result.output and "电子" in result.output  # the industries the library does have
    empty = _cli(tmp_path / "empty", "reports", "list")
    assert "研报库为空" in empty.output
    bad = _cli(home, "reports", "list", "--from", "2025-02-30")
    assert bad.exit_code == 2 and "日期无效" in bad.output and "Traceback" not in bad.output
    both = _cli(home, "reports", "list", "--json", "--csv")
    assert both.exit_code == 2 and "只能选一个" in both.output


def test_show_reports_metadata_counts_and_sources(home):
    rid = _ids(home)["人形机器人量产节奏再审视"]
    shown = _cli(home, "reports", "show", rid[:8])
    assert shown.exit_code == 0, shown.output
    assert "华泰证券" in shown.stdout and "完整入库" in shown.stdout and "不一致" not in shown.stdout
    assert "人形机器人量产节奏再审视.pdf" in shown.stdout
    info = json.loads(_cli(home, "reports", "show", rid, "--json").stdout)
    assert info["chunks"] == info["chunks_stored"] == info["keyword_rows"] == info["vectors"] > 0
    assert info["metadata"]["broker"]["value"] == "华泰证券" and info["metadata"]["broker"]["page"] == 0


@pytest.mark.parametrize("given", ["0000000000000000", "abc", "中文"])
def test_unknown_ids_are_one_clear_line(home, given):
    for command in (["show", given], ["rm", given]):
        result = _cli(home, "reports", *command)
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert "没有" in result.output and len(result.output.strip().splitlines()) == 1, result.output


def test_rm_removes_catalog_keyword_rows_and_vectors_together(home):
    ids = _ids(home)
    rid = ids["中芯国际点评"]
    result = _cli(home, "reports", "rm", rid, "nope-not-an-id")
    assert result.exit_code == 1  # one id was unknown …
    assert "已删除" in result.output and "中芯国际点评" in result.output and "nope-not-an-id" in result.output
    assert rid not in _ids(home).values()  # … the other was removed anyway
    db = sqlite3.connect(home / "library" / "catalog.sqlite3")
    try:
        for table in ("reports", "pages", "chunks", "sources", "report_tickers", "dup_signatures"):
            assert db.execute(f"SELECT count(*) FROM {table} WHERE report_id = ?", (rid,)).fetchone() == (0,), table
        fts = db.execute("SELECT count(*) FROM chunks_fts").fetchone()[0]
        chunks = db.execute("SELECT count(*) FROM chunks").fetchone()[0]
    finally:
        db.close()
    assert fts == chunks
    found = json.loads(_cli(home, "search", "中芯国际 产能利用率", "--json", "--no-floor", "-k", "50").stdout)
    assert rid not in {h["report_id"] for h in found["hits"]}
    from memory.embeddings import make_embedding_function
    from tests.reliability.library_checks import raw_state

    state = raw_state(home / "library", make_embedding_function("use"))
    assert rid not in state.vector_reports and state.vectors == state.expected_chunks


def test_search_broker_alias_industry_and_precise_empty_lines(home):
    hits = json.loads(_cli(home, "search", "人形机器人 量产", "--broker", "华泰", "--json").stdout)["hits"]
    assert hits and {h["broker"] for h in hits} == {"华泰证券"}
    chips = json.loads(_cli(home, "search", "产能利用率", "--industry", "电子", "--json").stdout)
    assert {h["title"] for h in chips["hits"]} == {"中芯国际点评"} and chips["filters"]["industry"] == "电子"
    _cli(home, "search", "产能利用率", "--industry", "电子", "--xlsx", str(home / "chips.xlsx"))
    from openpyxl import load_workbook
    notes = " ".join(str(c.value) for row in load_workbook(home / "chips.xlsx").active.iter_rows() for c in row)
    assert "industry=电子" in notes and "report_ids" not in notes  # the filter given, not the ids it selected
    nothing = _cli(home, "search", "储能", "--broker", "国信")
    assert nothing.exit_code == 0 and "没有符合筛选条件" in nothing.output and "券商=国信证券" in nothing.output
    assert "研报库为空" not in nothing.output


def test_off_topic_query_is_not_enough_relevant_and_no_floor_shows_hits(home):
    result = _cli(home, "search", "红烧肉怎么做才好吃")
    assert result.exit_code == 0 and "没有足够相关的内容" in result.output and "--no-floor" in result.output
    payload = json.loads(_cli(home, "search", "红烧肉怎么做才好吃", "--json").stdout)
    assert payload["hits"] == [] and payload["note"].startswith("没有足够相关的内容")
    assert payload["relevance_floor"] == 0.16
    everything = json.loads(_cli(home, "search", "红烧肉怎么做才好吃", "--json", "--no-floor").stdout)
    assert everything["hits"] and everything["relevance_floor"] is None


def test_one_hit_per_page_by_default_and_sort_by_date(home):
    query = ["search", "人形机器人 谐波减速器 丝杠 国产化", "-k", "20", "--json", "--no-floor"]
    default = json.loads(_cli(home, *query).stdout)["hits"]
    pages = [(h["report_id"], h["page"]) for h in default]
    assert len(pages) == len(set(pages))
    every = json.loads(_cli(home, *query, "--all-chunks").stdout)["hits"]
    assert len({(h["report_id"], h["page"]) for h in every}) < len(every)  # the corpus does have pages with 2+ hits
    by_date = json.loads(_cli(home, *query, "--sort", "date").stdout)["hits"]
    dates = [h["date"] for h in by_date]
    assert dates == sorted(dates, reverse=True) and {h["chunk_id"] if "chunk_id" in h else h["text"] for h in by_date} \
        == {h["text"] for h in default}  # the same hits, newest first
    bad = _cli(home, "search", "储能", "--sort", "newest")
    assert bad.exit_code == 2 and "relevance" in bad.output and "date" in bad.output


def test_stock_column_shows_only_a_covered_stock_not_a_mentioned_one(home):
    row = next(csv.DictReader(io.StringIO(_cli(home, "reports", "list", "--csv", "--broker", "广发").stdout)))
    mentioned = row["tickers"].split()
    assert not row["stock"] and mentioned  # an industry strategy covers no stock yet names several
    wide = CliRunner().invoke(app, ["--data-dir", str(home), "reports", "list", "--broker", "广发"], env={"COLUMNS": "300"})
    assert wide.exit_code == 0 and not any(code in wide.stdout for code in mentioned), wide.stdout
