"""An impact judgement and the move it judges are one question (tools/claims/impact.py).

Sentences invented for this test (companies, causes and metrics appear in no labelled case): one broker
judges what a cause does to a quantity ("X对Y的影响有限", "我们对Y的判断谨慎"), the other asserts the effect
("X将使Y下降…", "Y同比下降…") or the cause's own move ("碳酸锂价格仍有下行空间"). Reports dated 2025.
"""

from __future__ import annotations

import pytest

from tools.claims.compare import conflict
from tools.claims.metric_identity import _impact_quantity
from tools.claims.extract import claim_from_text
from tools.claims.impact import question, same_question


def _claim(text: str):
    return claim_from_text(text, page=0, report_year=2025)


# (id, broker A, broker B): the same question, opposite stances: a stance divergence.
CONFLICTS = [
    ("same-cause", "我们认为新建产线折旧对2026年公司净利率的摊薄可控。",
     "我们测算新建产线折旧将使2026年公司净利率下降约2个百分点，盈利承压。"),
    ("target-named-as-metric", "我们认为出口退税下调对公司2026年海外收入的影响有限。",
     "受出口退税下调拖累，我们预计2026年公司海外收入同比下降约12%。"),
    ("view-on-target", "运费补贴退坡对冷链物流业务的冲击有限。",
     "我们对公司冷链物流业务的判断较为谨慎，盈利仍将承压。"),
    ("cause-as-move", "市场担忧碳酸锂降价持续，我们认为降价对公司正极材料盈利的影响已基本体现。",
     "碳酸锂价格仍有下行压力，正极材料盈利难言见底。"),
]

# (id, broker A, broker B): not one question, or not opposed.
APART = [
    ("different-causes", "我们认为关税上调对公司出口业务的影响有限。", "汇率波动对公司出口业务的冲击较大。"),
    ("same-view", "原料涨价对公司毛利率的影响可控。", "我们认为原料涨价对公司毛利率的冲击有限。"),
    ("different-periods", "我们认为渠道改革对2026年公司饮料收入的影响有限。",
     "我们预计2027年公司饮料收入同比下降约10%。"),
    ("unrelated-target", "我们认为集采对公司骨科植入物收入的影响有限。", "公司宠物食品收入同比下降约8%，需求偏弱。"),
    # added after the first dev run: a bare 收入 names no segment, a cause that is no move moves nothing
    ("bare-target", "受新品分流影响，2025年收入承压，但我们预计2026年有望重回增长。", "我们预计2025年公司高端线收入同比下降约15%。"),
    ("cause-not-a-move", "自建仓储可以降低运输损耗，同时减少旺季集中发货对运价的冲击。", "全年发货量预计达3.2亿件，仓储利用率持续提升。"),
]

# First run (sentences written before tools/claims/impact.py existed): the stance reader took "降价…的影响已基本
# 体现" for a negative claim; since issue-13k a downside already reflected eases (tools/claims/judgements.py).
KNOWN_GAPS: dict[str, str] = {}


def _param(a: str, b: str, id: str):
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[id])] if id in KNOWN_GAPS else []
    return pytest.param(a, b, id=id, marks=marks)


@pytest.mark.parametrize("a, b", [_param(a, b, i) for i, a, b in CONFLICTS])
def test_one_question_opposite_stances_conflict(a, b):
    x, y = _claim(a), _claim(b)
    assert same_question(x, y, _impact_quantity) and same_question(y, x, _impact_quantity)
    assert "stance" in conflict(x, y, company_report=True)


@pytest.mark.parametrize("a, b", [pytest.param(a, b, id=i) for i, a, b in APART])
def test_other_questions_or_same_view_do_not_conflict(a, b):
    assert conflict(_claim(a), _claim(b), company_report=True) == []


def test_question_reads_cause_and_target():
    q = question("我们认为出口退税下调对公司2026年海外收入的影响有限。")
    assert q is not None and "出口退税" in q.cause and "海外收入" in q.target
    q = question("我们测算新建产线折旧将使2026年公司净利率下降约2个百分点。")
    assert q is not None and "新建产线折旧" in q.cause and "净利率" in q.target
    q = question("我们对公司冷链物流业务的判断较为谨慎。")
    assert q is not None and q.cause == "" and "冷链物流" in q.target
    assert question("我们预计2026年公司海外收入同比下降约12%。") is None
