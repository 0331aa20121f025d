"""`.xlsx` wherever a command writes a table, through the real CLI: Chinese headers, numbers as numbers."""

from __future__ import annotations

import math

import openpyxl
import pytest
from typer.testing import CliRunner

from agents.fund_style.glossary import SAMPLE_NOTICE
from tests.conftest import SAMPLES
from touyan.cli import app


def _cli(home, *args):
    return CliRunner().invoke(app, ["--data-dir", str(home), *args])


def _rows(sheet, header_row):
    header = [c.value for c in sheet[header_row]]
    rows = []
    for values in sheet.iter_rows(min_row=header_row + 1, values_only=True):
        if values[0] is None:  # the blank row before the notes
            break
        rows.append(dict(zip(header, values)))
    return rows


def test_fund_style_xlsx(tmp_path):
    target = tmp_path / "out" / "基金风格.xlsx"
    result = _cli(tmp_path / "home", "fund-style", "990001", "990002", "--xlsx", str(target), "--engine", "extractive")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["基金风格", "调仓明细"]
    funds = book["基金风格"]
    assert funds["A1"].value == SAMPLE_NOTICE
    rows = {r["基金代码"]: r for r in _rows(funds, 2)}
    assert rows["990001"]["风格标签"] == "风格轮动型" and rows["990002"]["风格标签"] == "风格稳定型"
    assert rows["990001"]["平均轮动收益（每期）"] == pytest.approx(-0.043, abs=5e-4)
    assert rows["990002"]["平均轮动收益（每期）"] is None  # no trading: n/a, left empty
    assert isinstance(rows["990001"]["平均主动轮动幅度（0–2）"], float) and rows["990001"]["置信度（0–1）"] == 0.9
    legend = [c.value for c in funds["A"] if isinstance(c.value, str)]
    assert any(v.startswith("平均主动轮动幅度（0–2）：") for v in legend)
    steps = _rows(book["调仓明细"], 2)
    assert len(steps) == 10 and all(isinstance(s["估算换手"], (int, float)) for s in steps)


def test_xlsx_to_a_path_that_cannot_be_written_is_one_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = _cli(tmp_path / "home", "fund-style", "990001", "--xlsx", str(blocker / "x.xlsx"), "--engine", "extractive")
    assert result.exit_code == 1 and "无法写出" in result.output and "Traceback" not in result.output


def test_strategy_out_writes_xlsx(tmp_path):
    out = tmp_path / "out"
    result = _cli(tmp_path / "home", "strategy", "--engine", "extractive", "--out", str(out), "--funds", "990001")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out / "strategy.xlsx")
    assert book.sheetnames[:3] == ["组合", "信号", "历史检验"] and "基金风格" in book.sheetnames
    positions = _rows(book["组合"], 2)
    assert math.isclose(sum(p["权重"] for p in positions), 1.0) and book["组合"]["D3"].number_format == "0.00%"
    hits = _rows(book["历史检验"], 2)
    assert all(isinstance(h["样本月数"], int) and 0 <= h["命中率"] <= 1 for h in hits)


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("xlsx") / "home"
    for name in ("20250326_华泰证券_宁德时代储能价格战压制短期盈利弹性.pdf", "20250218_广发证券_储能行业2025年投资策略.txt"):
        assert _cli(home, "ingest", str(SAMPLES / name)).exit_code == 0
    return home


def test_search_xlsx_has_the_hits_with_pdf_pages(home, tmp_path):
    target = tmp_path / "hits.xlsx"
    result = _cli(home, "search", "储能 价格战", "-k", "5", "--json", "--xlsx", str(target))
    assert result.exit_code == 0, result.output
    import json

    hits = json.loads(result.stdout)["hits"]
    rows = _rows(openpyxl.load_workbook(target)["检索结果"], 1)
    assert [r["研报 ID"] for r in rows] == [h["report_id"] for h in hits] and len(rows) == 5
    assert all(r["页（PDF 页码）"] == h["page"] + 1 and r["页索引（从 0 起）"] == h["page"] for r, h in zip(rows, hits))
    assert all(isinstance(r["相关度分数"], float) for r in rows) and rows[0]["排名"] == 1


def test_search_xlsx_with_no_hits_still_writes_the_header(home, tmp_path):
    target = tmp_path / "none.xlsx"
    result = _cli(home, "search", "储能", "--broker", "中信证券", "--xlsx", str(target))
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(target)["检索结果"]
    assert sheet["A1"].value == "排名" and sheet["A2"].value is None
