"""What counts as a claim: the report's own forward-looking judgement or forecast, not a reported result, a
sensitivity, a conditional risk, or a view it attributes to the company, the market or another institution.

Sentences invented for this test (companies, metrics and wording of no labelled case), written before the decision
(tools/claims/worthy.py) was first run on them, for reports dated 2025. Each non-claim names the reason it is none.
"""

from __future__ import annotations

import pytest

from tools.claims.extract import claim_from_text, extract_claims
from tools.claims.worthy import worthiness

YEAR = 2025

NOT_CLAIMS = [
    ("if-then-risk", "若海外需求持续低迷，公司出口收入或将同比下滑10%以上。", "conditional"),
    ("if-margin", "如果硅料价格进一步下跌，组件企业的毛利率将被压缩至5%以下。", "conditional"),
    ("once-tender", "一旦集采扩围至全部省份，公司该产品单价可能下降30%。", "conditional"),
    ("management-said", "管理层表示，公司2026年资本开支计划约为15亿元，将主要投向海外基地。", "attributed"),
    ("company-preannounce", "公司公告称，预计2025年归母净利润同比增长40%-50%。", "attributed"),
    ("association-forecast", "据中汽协预测，2026年国内新能源车销量将达到1800万辆。", "attributed"),
    ("other-brokers", "部分机构认为四季度铜价将回落至7万元/吨。", "attributed"),
    ("consensus", "市场一致预期公司2026年净利润为32亿元。", "attributed"),
    ("ministry-plan", "根据工信部规划，到2027年行业产能利用率将提升至80%以上。", "attributed"),
    ("reported-ytd", "前三季度公司毛利率为23.4%，同比提升1.8个百分点。", "reported"),
    ("sensitivity", "测算显示，人民币每升值1%，公司毛利率下降约0.3个百分点。", "sensitivity"),
    # the legend page's rating and risk-grade definitions
    ("legend-rating", "中性——预计未来6个月内，股价表现介于市场指数±5%之间；", "not_a_statement"),
    ("legend-underweight", "低配：预计行业弱于整体市场表现", "not_a_statement"),  # any of the cover's rating words
    ("legend-risk", "B——较高风险，未来6个月投资收益率的波动大于沪深300指数波动；", "not_a_statement"),
]

CLAIMS = [
    ("own-forecast", "我们预计2026年公司出口收入同比增长12%。"),
    ("likely", "公司四季度毛利率有望环比提升至25%。"),
    ("judge-industry", "我们判断行业产能利用率将于2026年回升至75%。"),
    ("guidance-then-own", "管理层指引偏保守，我们预计公司2026年净利润可达35亿元。"),
    ("against-institutions", "不同于部分机构认为铜价将回落，我们认为四季度铜价或维持在8万元/吨以上。"),
    ("even-if", "我们认为，即便需求承压，公司毛利率仍将保持在30%左右。"),
    ("or-will", "受益于产品结构优化，公司2025年净利率或提升至12%。"),
    ("no-figure", "铜价上行周期有望延续，公司盈利弹性较大。"),
]


def _found(text: str):
    return [c for c in extract_claims([(0, text)], report_year=YEAR) if c.text.strip("。") in text]


@pytest.mark.parametrize(("text", "reason"), [pytest.param(t, r, id=i) for i, t, r in NOT_CLAIMS])
def test_no_view_of_the_report_is_no_claim(text, reason):
    assert _found(text) == []
    verdict = worthiness(text, claim_from_text(text, 0, YEAR), report_year=YEAR)
    assert (verdict.claim, verdict.reason) == (False, reason)


@pytest.mark.parametrize("text", [pytest.param(t, id=i) for i, t in CLAIMS])
def test_the_reports_own_forecasts_and_judgements_are_claims(text):
    assert _found(text)
    verdict = worthiness(text, claim_from_text(text, 0, YEAR), report_year=YEAR)
    assert verdict.claim, verdict.reason


# Results stated with no period of their own and no forward word (a second batch, written before its first run).
UNDATED_RESULTS = [
    ("margin-yoy", "公司综合毛利率为31.2%，同比提升2.4个百分点。"),
    ("quarter-profit", "单季度实现归母净利润5.6亿元，环比增长18%。"),
    ("backlog", "截至9月末，公司在手订单约120亿元，同比增长25%。"),
    ("share-already", "公司海外收入占比已提升至42%。"),
]

UNDATED_VIEWS = [
    ("result-judged", "公司综合毛利率同比提升2.4个百分点，盈利能力持续改善。"),
    ("forward-yoy", "我们预计公司毛利率将同比提升2个百分点。"),
    ("share-ahead", "公司海外收入占比有望提升至50%。"),
]


@pytest.mark.parametrize("text", [pytest.param(t, id=i) for i, t in UNDATED_RESULTS])
def test_a_result_stated_without_a_period_is_reported(text):
    verdict = worthiness(text, claim_from_text(text, 0, YEAR), report_year=YEAR)
    assert (verdict.claim, verdict.reason) == (False, "reported")


@pytest.mark.parametrize("text", [pytest.param(t, id=i) for i, t in UNDATED_VIEWS])
def test_a_result_judged_or_a_move_ahead_stays_a_claim(text):
    assert worthiness(text, claim_from_text(text, 0, YEAR), report_year=YEAR).claim


# A fourth batch, written before its first run: a clause that only sets the time (X后, 自X以来) judges nothing, and a
# year nearly over (a report of November) stated as a result with no forward word is reported.
def _verdict(text: str, month: int | None = None):
    return worthiness(text, claim_from_text(text, 0, YEAR), report_year=YEAR, report_month=month)


@pytest.mark.parametrize("text", [
    pytest.param("价格下调后，公司上半年销量同比增长20%。", id="after-cut"),
    pytest.param("自集采落地以来，前三季度公司该产品收入同比下降12%，占比降至18%。", id="since"),
])
def test_a_clause_that_only_sets_the_time_judges_nothing(text):
    assert _verdict(text, 11).reason == "reported"


def test_a_year_nearly_over_stated_as_a_result_is_reported():
    assert _verdict("2025年动力煤均价约700元/吨，同比下降约15%。", 11).reason == "reported"


@pytest.mark.parametrize(("text", "month"), [
    pytest.param("2025年动力煤均价约700元/吨，同比下降约15%。", 3, id="year-ahead"),
    pytest.param("2025年动力煤均价有望回落至700元/吨。", 11, id="forward-word"),
    pytest.param("2026年动力煤均价约650元/吨，同比下降约7%。", 11, id="next-year"),
])
def test_a_year_still_ahead_stays_a_claim(text, month):
    assert _verdict(text, month).claim


def test_a_note_on_what_the_model_leaves_out_is_kept_as_a_claim():
    text = "储能业务短期难以形成规模收入，我们暂不纳入盈利预测。"
    verdict = worthiness(text, claim_from_text(text, 0, YEAR), report_year=YEAR)
    assert verdict.claim
