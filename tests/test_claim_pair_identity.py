"""Which two claims are about the same question: compared only on one period (a year is not its quarter or its
second half; a timing claim "要到2027年" is no period of a quantity, its year is the answer) and one quantity (毛利率
is not 净利率, 出货量 is not 收入, a segment is not the company).

Pairs invented for this test, written before it was first run, for company reports dated 2025.
"""

from __future__ import annotations

import pytest

from tools.claims.compare import conflict
from tools.claims.extract import claim_from_text

YEAR = 2025

APART = [
    ("quarter-vs-year", "我们预计2025年四季度公司毛利率约为20%。", "我们预计2025年公司毛利率约为26%。"),
    ("half-vs-year", "我们预计下半年公司出货量同比增长5%。", "我们预计2025年全年公司出货量同比增长20%。"),
    ("gross-vs-net", "我们预计公司2026年毛利率将提升至28%。", "我们预计公司2026年净利率将下降至9%。"),
    ("segment-vs-company", "我们预计公司储能业务毛利率2026年将下降至18%。", "我们预计公司2026年整体毛利率将提升至25%。"),
    ("volume-vs-revenue", "我们预计公司2026年出货量同比增长30%。", "我们预计公司2026年营业收入同比增长10%。"),
    ("next-year-vs-this", "我们预计公司2026年毛利率约为22%。", "我们预计公司2025年毛利率约为27%。"),
]

MEET = [
    ("same-year-value", "我们预计2026年公司毛利率约为22%。", "我们预计2026年公司毛利率有望达到28%。", "value"),
    ("same-half-value", "我们预计2025年下半年公司出货量同比增长5%。", "我们预计下半年公司出货量同比增长25%。", "value"),
    ("timing-apart", "我们预计红海航线复航时点在2026年。", "我们认为红海航线复航要到2028年之后。", "value"),
    ("turning-point", "我们认为行业需求拐点有望在2026年出现。", "我们判断行业需求拐点要到2028年才会出现。", "value"),
]


@pytest.mark.parametrize(("a", "b"), [pytest.param(a, b, id=i) for i, a, b in APART])
def test_different_periods_or_quantities_are_not_compared(a, b):
    assert conflict(claim_from_text(a, 0, YEAR), claim_from_text(b, 0, YEAR), company_report=True) == []


@pytest.mark.parametrize(("a", "b", "kind"), [pytest.param(a, b, k, id=i) for i, a, b, k in MEET])
def test_one_question_on_one_period_is_compared(a, b, kind):
    assert kind in conflict(claim_from_text(a, 0, YEAR), claim_from_text(b, 0, YEAR), company_report=True)


# Horizons (a third batch, written before its first run): a long-run view and a near-term one answer two questions.
HORIZONS_APART = [
    ("long-vs-year", "我们认为长期来看公司毛利率有望回升至30%以上。", "我们预计2025年公司毛利率将下降至22%。"),
    ("long-vs-short", "中长期看，行业需求仍将稳步增长。", "我们预计短期行业需求承压。"),
]
HORIZONS_MEET = [
    ("short-vs-near", "我们认为短期内行业需求承压。", "我们判断近期行业需求已企稳回升。"),
    ("long-vs-long", "我们认为长期看行业竞争格局将持续优化。", "我们认为长期来看行业竞争格局将趋于恶化。"),
]


@pytest.mark.parametrize(("a", "b"), [pytest.param(a, b, id=i) for i, a, b in HORIZONS_APART])
def test_a_long_run_view_does_not_meet_a_near_term_one(a, b):
    assert conflict(claim_from_text(a, 0, YEAR), claim_from_text(b, 0, YEAR), company_report=True) == []


@pytest.mark.parametrize(("a", "b"), [pytest.param(a, b, id=i) for i, a, b in HORIZONS_MEET])
def test_views_on_one_horizon_meet(a, b):
    assert conflict(claim_from_text(a, 0, YEAR), claim_from_text(b, 0, YEAR), company_report=True)


def test_a_timing_claim_has_no_period_of_its_own():
    # "要到2027年": the year is when the turn comes (the claim's value), not the period a quantity is measured over
    claim = claim_from_text("我们判断行业需求拐点要到2027年才会出现。", 0, YEAR)
    assert claim.period is None and claim.value is not None and claim.value.unit == "年"


@pytest.mark.parametrize("guided", [
    "▌产能规划：公司指引2026年出货量同比增长约40%，我们审慎测算2026年出货量同比增长约25%。",
    "盈利展望：管理层预计2026年出货量同比增长约40%，我们保守估计2026年出货量同比增长约25%。",
])
def test_company_guidance_after_a_section_lead_is_not_the_reports_figure(guided):
    # The company's guidance opens the sentence after its section lead; the report's own (hedged) estimate is 25%.
    ours = claim_from_text(guided, 0, YEAR)
    theirs = claim_from_text("我们预计公司2026年出货量同比增长约24%。", 0, YEAR)
    assert conflict(ours, theirs, company_report=True) == []
