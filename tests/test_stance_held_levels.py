"""Levels that lean, rank or come late (tools/claims/polarity.py): a level is neutral only when it is just a
level. Flat with a lean (持平略增, 稳中有升), a rank among peers (行业最低) and a good turn dated later
(底部要到明年才会出现) each say which side the figure is on; so does a falling trend that ends (下滑趋势止跌), a
conceded threat that shrinks (虽然仍有压力，但幅度缩小), and the clause before a silent view, read through its own
turn. Made-up companies and figures, phrased as sell-side notes phrase them; none is a labelled case's sentence."""

from __future__ import annotations

import pytest

from tools.claims.extract import claim_from_text
from tools.claims.stance_kept import with_outlook


def _kept(text: str, outlook: str = "positive") -> str:
    """The stance of `text` read as one kept claim, as the pipeline reads it."""
    return with_outlook(claim_from_text(text, 0, 2025, outlook), outlook).stance


@pytest.mark.parametrize("text, stance", [
    ("我们预计2026年公司空调内销量同比持平略增", "positive"),
    ("我们预计明年集团客户数稳中有升", "positive"),
    ("我们预计2026年公司冷柜出口量同比持平略降", "negative"),
    ("我们预计明年管理费用率稳中有降", "positive"),  # an expense leaning down is good news
])
def test_a_flat_call_with_a_lean_takes_the_side_it_leans_to(text, stance):
    assert _kept(text) == stance


def test_a_plain_flat_call_stays_neutral():  # a guard: holds before the change too
    assert _kept("我们预计2026年公司冷柜出口量同比基本持平") == "neutral"


@pytest.mark.parametrize("text, stance", [
    ("我们预计2026年公司综合融资成本约3.1%，仍处于行业最低水平", "positive"),
    ("公司净息差为1.45%，处于同业最低水平", "negative"),
    ("我们预计公司2026年人均创收约85万元，保持行业最高水平", "positive"),
])
def test_a_rank_among_peers_reads_by_what_is_ranked(text, stance):
    assert _kept(text, "neutral") == stance


@pytest.mark.parametrize("text", [
    "我们认为行业库存去化仍不充分，面板价格的底部或要到明年下半年才会出现",
    "我们判断渠道去库尚未结束，公司收入的拐点要到2027年才能看到",
])
def test_a_good_turn_dated_later_is_a_delay(text):
    assert _kept(text, "neutral") == "negative"


@pytest.mark.parametrize("text", [
    "我们预计门店客流的下滑趋势将在明年二季度止跌",
    "随着库存去化，行业价格的下行态势有望在年内扭转",
])
def test_a_falling_trend_that_ends_is_good_news(text):
    assert _kept(text, "neutral") == "positive"


def test_a_conceded_threat_that_shrinks_eases():
    assert _kept("虽然下半年仍有存货跌价的压力，但幅度较上半年明显缩小", "neutral") == "positive"


def test_the_clause_before_a_silent_view_speaks_through_its_own_turn():
    text = "虽然二季度毛利率环比下滑，但新签订单饱满，我们判断高端产品收入占比明年将超过三成"
    assert _kept(text, "neutral") == "positive"


@pytest.mark.parametrize("text", [
    "储能业务短期难以形成规模收入，我们暂不纳入盈利预测",
    "新产线投产时间仍有不确定性，我们在盈利模型中暂不考虑其贡献",
    "海外渠道尚在搭建，我们暂不将出口业务作为核心假设",
])
def test_a_note_on_what_the_model_leaves_out_is_neutral(text):
    assert _kept(text) == "neutral"
