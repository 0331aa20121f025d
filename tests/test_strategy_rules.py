"""Allocation weights, ETF choice and the rationale guard: pure functions, hand-checked cases."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import pandas as pd
import pytest

from agents.strategy.allocation import Candidate, allocate, to_basis_points
from agents.strategy.etfs import largest_etfs, theme_of_text, tracked_index
from agents.strategy.guard import Allowed, MaterialPage, figures_with_roundings, guard_text
from agents.strategy.models import Citation, RationaleDraft
from agents.strategy.views import industry_rating

A500 = Candidate("512050", "A500ETF华夏", "core", "etf", "core")


def fund(code: str) -> Candidate:
    return Candidate(code, f"基金{code}", "core", "fund", "rotation")


def sat(code: str, score: int = 1, cap: float = 0.0) -> Candidate:
    return Candidate(code, f"ETF{code}", "satellite", "etf", "view", score=score, market_cap=cap)


def _points(allocation) -> dict[str, int]:
    return {c.code: bp for c, bp in allocation.weights}


def test_worked_example_from_the_docstring():
    result = allocate("long", A500, [fund("990001")], [sat("512480", score=2), sat("512100")])
    assert _points(result) == {"512050": 4000, "990001": 2000, "512480": 2667, "512100": 1333}


def test_flat_timing_holds_cash_and_drops_satellites():
    result = allocate("flat", A500, [fund("990001")], [sat("512480")])
    points = _points(result)
    assert points["CASH"] == 3000 and "512480" not in points
    assert points["512050"] + points["990001"] == 7000
    assert any("不配置卫星" in n for n in result.notes)


def test_unknown_timing_is_treated_as_flat_and_said_so():
    result = allocate("unknown", A500, [], [])
    assert _points(result) == {"512050": 7000, "CASH": 3000} and result.notes


def test_no_satellite_candidates_moves_their_share_to_the_core():
    assert _points(allocate("long", A500, [], [])) == {"512050": 10000}


def test_missing_core_etf_goes_to_funds_or_cash_and_is_partial():
    with_funds = allocate("long", None, [fund("990001"), fund("990003")], [sat("512480")])
    assert _points(with_funds) == {"990001": 3000, "990003": 3000, "512480": 4000} and with_funds.partial
    without = allocate("long", None, [], [sat("512480")])
    assert _points(without) == {"512480": 4000, "CASH": 6000} and without.partial


def test_at_most_five_satellites_by_score_then_scale():
    satellites = [sat(f"5100{i:02d}", score=1, cap=float(i)) for i in range(7)] + [sat("512480", score=3)]
    chosen = [c.code for c, _ in allocate("long", A500, [], satellites).weights if c.role == "satellite"]
    assert chosen == ["512480", "510006", "510005", "510004", "510003"]


@pytest.mark.parametrize("timing,n_funds,scores", list(itertools.product(
    ["long", "flat", "unknown"], [0, 1, 2, 3, 4], [[], [1], [1, 1, 1], [3, 1, 2, 1], [1, 1, 1, 1, 1, 1, 2]])))
def test_weights_always_sum_to_exactly_one(timing, n_funds, scores):
    result = allocate(timing, A500, [fund(f"99000{i}") for i in range(n_funds)],
                      [sat(f"5120{i:02d}", s) for i, s in enumerate(scores)])
    points = [bp for _, bp in result.weights]
    assert sum(points) == 10000 and all(bp > 0 for bp in points)
    assert math.fsum(bp / 10000 for bp in points) == 1.0


def test_largest_remainder_rounding():
    assert to_basis_points([Fraction(1, 3)] * 3) == [3334, 3333, 3333]
    assert to_basis_points([Fraction(2, 3), Fraction(1, 3)]) == [6667, 3333]


def test_largest_etf_per_tracked_index():
    etfs = pd.DataFrame({"code": ["512050", "159352", "515030", "516160", "512760", "512480"],
                         "name": ["A500ETF华夏", "A500ETF南方", "新能源车ETF华夏", "新能源ETF南方", "芯片ETF国泰", "半导体ETF国联安"],
                         "market_cap": [3e10, 2.5e10, 6e9, 5e9, 1.2e10, 1.5e10], "amount": [1, 9, 1, 1, 1, 1]})
    picks = largest_etfs(etfs)
    assert picks["中证A500"].code == "512050" and picks["中证A500"].candidates == 2  # by scale, not turnover
    assert picks["新能源车"].code == "515030" and picks["新能源"].code == "516160"  # longest keyword wins
    assert picks["半导体"].code == "512480" and picks["半导体"].candidates == 2
    assert tracked_index("样例货币ETF") is None


def test_industry_themes_and_ratings_from_page_text():
    assert theme_of_text("AI算力产业链跟踪报告") == "人工智能" and theme_of_text("储能行业") == "新能源"
    assert theme_of_text("贵州茅台年报点评") is None
    pages = [(0, "行业评级：增持（维持）\n投资要点"), (2, "投资建议：维持储能行业“增持”评级，重点推荐阳光电源。")]
    assert industry_rating(pages, "储能行业2025年投资策略")[:3] == ("新能源", "增持", 2)
    assert industry_rating([(0, "行业评级：中性（维持）")], "光伏行业供给侧改革跟踪")[:3] == ("光伏", "中性", 0)
    assert industry_rating([(0, "投资评级：买入（维持）目标价：320元")], "宁德时代深度报告") is None  # a company rating


# -- guard ----------------------------------------------------------------------------------------
PAGE_TEXT = "我们测算2024年半导体设备国产化率约20%，预计2025年提升至25%以上。投资建议：维持半导体设备行业“增持”评级。"


def _allowed() -> Allowed:
    facts = "卫星：半导体ETF国联安（512480）权重 26.67% —— 半导体行业观点。大小盘（2024-06）：M1同比 2.5%，变化 +1.5 个百分点。"
    citation = Citation(report_id="r1", title="半导体设备国产化率持续提升", broker="海通证券", page=2)
    return Allowed(figures=figures_with_roundings(facts), codes=frozenset({"512480", "512050"}),
                   weights_pct=figures_with_roundings("26.67 40 60"), signals={"size_view": "大小盘", "大小盘": "大小盘"},
                   pages={("R1", 2): MaterialPage("R1", citation, PAGE_TEXT)})


@pytest.mark.parametrize("sentence,reason", [
    ("建议配置 45% 的半导体ETF [信号:size_view]。", "配置比例"),
    ("半导体ETF可提高到 45% 的仓位 [R1 p.2]。", "配置比例"),
    ("可同时关注样例成长混合（990099） [信号:size_view]。", "代码"),
    ("M1同比已升至 3.1% [信号:size_view]。", "数字"),
    ("国产化率预计 2026 年达到 40% [R1 p.2]。", "数字"),  # 2026 is neither computed nor on the cited page
    ("国产化率提升 [R1 p.3]。", "未提供"),
    ("小盘占优 [信号:momentum]。", "不存在的信号"),
])
def test_guard_drops_sentences_stating_what_code_did_not_compute(sentence, reason):
    result = guard_text("半导体ETF国联安（512480）权重 26.67% [信号:大小盘]。" + sentence, _allowed())
    assert result.kept == 1 and len(result.dropped) == 1 and reason in result.dropped[0]
    assert "45" not in result.text and "990099" not in result.text and "3.1" not in result.text


def test_guard_keeps_computed_and_cited_figures_and_renders_markers():
    text = ("M1同比 2.5%，三个月变化 +1.5 个百分点，小盘占优 [信号:size_view]。"
            "海通证券测算国产化率约20%，2025年提升至25%以上 [R1 p.2]。半导体ETF配置 26.7% [信号:大小盘]。")
    result = guard_text(text, _allowed())
    assert result.dropped == [] and result.kept == 3
    # [R1 p.2] is page index 2; a person reads it as the PDF viewer's p.3
    assert "[信号：大小盘]" in result.text and "[海通证券《半导体设备国产化率持续提升》 · p.3]" in result.text
    assert [c.page for c in result.cited] == [2]


def test_rationale_schema_has_text_fields_only():
    def walk(schema: dict, defs: dict):
        for name, prop in schema.get("properties", {}).items():
            yield name, prop
            ref = prop.get("$ref") or prop.get("items", {}).get("$ref")
            if ref:
                yield from walk(defs[ref.split("/")[-1]], defs)

    schema = RationaleDraft.model_json_schema()
    fields = list(walk(schema, schema.get("$defs", {})))
    assert {n for n, _ in fields} == {"paragraphs", "topic", "text"}
    assert all(p.get("type") in ("string", "array", None) for _, p in fields)
    assert not any(word in n for n, _ in fields for word in ("weight", "code", "number", "ratio", "pct"))


def test_fund_style_results_are_read_through_the_narrow_protocol():
    from agents.strategy.funds import check_against_fund_list, fund_view, is_rotation

    class Result:  # shaped like agents.fund_style's FundStyleResult
        code, label, confidence, status = "990003", "style-rotation", 0.72, "partial"
        growth_value_tilt, size_tilt = "balanced", "switching"

    view = fund_view(Result())
    assert (view.code, view.label, view.confidence, view.partial) == ("990003", "style-rotation", 0.72, True)
    assert view.detail == "成长价值 均衡，大小盘 切换" and is_rotation(view)
    assert not is_rotation(fund_view({"code": "990002", "label": "style-stable"}))
    funds = pd.DataFrame({"code": ["990003"], "name": ["样例大小盘轮动股票"]})
    kept, notes = check_against_fund_list([view, fund_view({"code": "123456", "label": "style-rotation"})], funds)
    assert [(v.code, v.name) for v in kept] == [("990003", "样例大小盘轮动股票")]
    assert notes == ["基金代码 123456 不在基金列表中，未纳入组合。"]
