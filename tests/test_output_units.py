"""Fund-style and strategy output a person reads: units, a definition per metric, n/a where a figure is
undefined, and the sample-data notice first — through the real CLI on the bundled fixtures."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import shutil

from typer.testing import CliRunner

from agents.fund_style.glossary import SAMPLE_NOTICE
from agents.strategy.graph import graph
from agents.strategy.render import to_markdown
from tests.conftest import make_context
from tools.market_data import MarketData
from tools.market_data.fixtures import BUNDLED_FIXTURES, MANIFEST
from touyan.cli import app


def _cli(tmp_path, *args):
    return CliRunner().invoke(app, ["--data-dir", str(tmp_path / "home"), *args])


def test_fund_that_never_rotates_shows_na_not_zero(tmp_path):
    result = _cli(tmp_path, "fund-style", "990002", "--engine", "extractive")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "+0.00%" not in text and "为正的比例 0%" not in text
    assert "轮动收益 n/a：各期之间没有主动调仓" in text
    row = next(line for line in text.splitlines() if line.startswith("│ 990002"))
    assert "n/a" in row  # the table's rotation-return cell
    payload = json.loads(_cli(tmp_path, "fund-style", "990002", "--json", "--engine", "extractive").stdout)
    metrics = payload["funds"][0]["metrics"]
    assert metrics["mean_rotation_return"] is None and metrics["positive_rotation_share"] is None
    assert metrics["untraded_steps"] == ["2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2"]


def test_rotating_fund_keeps_its_rotation_return_with_units(tmp_path):
    result = _cli(tmp_path, "fund-style", "990001", "--engine", "extractive")
    assert result.exit_code == 0, result.output
    assert "平均 -4.30%/期，为正的比例 50%" in result.stdout
    assert "平均主动轮动幅度 0.756（无量纲，0–2" in result.stdout
    assert "成长暴露（0–1）" in result.stdout and "前十大重仓占净值 68.7%" in result.stdout


def test_fund_style_terminal_output_starts_with_the_notice_and_defines_each_column(tmp_path):
    result = _cli(tmp_path, "fund-style", "990001", "990002", "--engine", "extractive")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == SAMPLE_NOTICE
    for legend in ("平均主动轮动幅度（0–2）：无量纲；", "平均轮动收益（每期 %）：", "置信度（0–1）："):
        assert any(line.strip().startswith(legend) for line in lines), legend


def test_fund_style_json_and_csv_carry_the_notice(tmp_path):
    payload = json.loads(_cli(tmp_path, "fund-style", "990001", "--json", "--engine", "extractive").stdout)
    assert list(payload)[:2] == ["schema_version", "notice"] and payload["notice"] == SAMPLE_NOTICE
    out = tmp_path / "styles.csv"
    assert _cli(tmp_path, "fund-style", "990001", "--csv", str(out), "--engine", "extractive").exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0]["sample_data"] == "yes"


def test_strategy_markdown_starts_with_the_notice_and_gives_units(tmp_path):
    out = tmp_path / "out"
    result = _cli(tmp_path, "strategy", "--engine", "extractive", "--out", str(out), "--funds", "990001")
    assert result.exit_code == 0, result.output
    md = (out / "strategy.md").read_text(encoding="utf-8").splitlines()
    assert md[0].startswith("# 核心+卫星配置建议") and md[2].startswith("> **⚠ 样例数据：宏观与行情数据、基金持仓与评论")
    text = "\n".join(md)
    assert "| 宏观择时（equity_timing） | 看多（仓位 1） | 75% |" in text
    assert "| 大小盘（size_view） | 小盘占优 | +3.0 个百分点 |" in text
    assert "| 成长价值（growth_value_view） | 中性 | 0 分 |" in text
    assert "- 大小盘：M1同比较三个月前的变化（百分点）" in text and "命中率 = 命中月数 ÷ 有明确方向的月数" in text
    assert "权重：占组合总资产的比例" in text and "风格轮动型" in text and "style-rotation" not in text
    proposal = json.loads((out / "strategy.json").read_text(encoding="utf-8"))
    assert list(proposal)[0] == "notice" and proposal["sample_data"] is True
    assert result.stdout.index("样例数据") < result.stdout.index("组合")  # the terminal shows it first too


def test_strategy_on_recorded_data_has_no_notice(sample_library, tmp_path):
    """The notice follows the data: the same fixtures marked as recorded (sample: false) carry none."""
    fixtures = tmp_path / "fixtures"
    shutil.copytree(BUNDLED_FIXTURES, fixtures)
    manifest = json.loads((fixtures / MANIFEST).read_text(encoding="utf-8"))
    for entry in manifest["entries"]:
        entry["sample"] = False
    (fixtures / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    ctx = make_context(sample_library, engine="extractive")
    ctx.shared._market = MarketData(tmp_path / "cache", offline=True, fixtures_dir=fixtures)
    proposal = asyncio.run(graph.ainvoke({"fund_codes": []}, context=ctx))["proposal"]
    assert proposal.notice is None and not proposal.sample_data
    assert "样例数据" not in to_markdown(proposal)
