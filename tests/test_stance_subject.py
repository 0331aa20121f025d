"""Stance for the subject (issue 13, invented4's error classes): what a price means depends on who buys it, a
verdict of worth, a peer comparison, a sized level, a rival held back, a one-off, the report's own revision.
Made-up companies and figures, phrased as sell-side notes phrase them; none is a labelled case's sentence nor a
sentence of evals/stance/invented4.jsonl."""

from __future__ import annotations

import pytest

from tools.claims.extract import claim_from_text
from tools.claims.stance_kept import with_outlook
from tools.claims.subject_costs import for_industry, industry_of


def _kept(text: str, industry: str | None = None) -> str:
    """The stance of `text` read as one kept claim of a 买入 report on a subject of `industry`."""
    with for_industry(industry):
        return with_outlook(claim_from_text(text, 0), "positive").stance


@pytest.mark.parametrize("text, industry, stance", [
    ("燃煤价格同比上涨15%", "煤炭", "positive"),
    ("燃煤价格同比上涨15%", "公用事业", "negative"),
    ("国际油价较三季度高点回落约12%", "交通运输", "positive"),
    ("首套房贷利率下调至3.05%", "房地产", "positive"),
    ("多家银行下调存款利率20bp", "银行", "positive"),
    ("焦煤价格持续下行，四季度均价环比下降6%", "钢铁", "positive"),  # the bare 均价 is the input's
    ("玉米采购价同比下降8%", "农林牧渔", "positive"),  # the buyer's side of the trade
    ("按揭贷款利率降至历史低位", "房地产", "positive"),  # a level's height × the sense of what stands there
])
def test_a_price_is_good_for_who_sells_it_and_bad_for_who_buys_it(text, industry, stance):
    assert _kept(text, industry) == stance


@pytest.mark.parametrize("text, industry, stance", [
    ("煤电装机同比增长8%", "公用事业", "positive"),  # a power producer's capacity, not the price of its coal
    ("储能锂电池价格下降约10%", "电力设备", "negative"),  # the battery's price, not lithium's
])
def test_an_input_counts_only_through_its_price(text, industry, stance):  # guards: read the same on main
    assert _kept(text, industry) == stance


def test_the_industry_is_read_from_the_cover_header():
    assert industry_of("国盛证券 | 公司点评 | 公用事业\n华电国际（600027）\n…") == "公用事业"
    assert industry_of("东兴证券 | 公司研究 | 钢铁行业\n…") == "钢铁"
    assert industry_of("某某证券 | 公司点评 | 家电\n…") == "家用电器"  # a broker's sector shorthand
    assert industry_of("证券研究报告·公司点评报告·燃气Ⅱ\n…") == "公用事业"
    assert industry_of("某某证券 | 公司研究\n…") is None


@pytest.mark.parametrize("text, stance", [
    ("部分出口产品退税率上调2个百分点", "positive"),  # a tax rebate is income, not a tax
    ("营收同比增长20%，但扣非净利润仅增长2%", "negative"),  # 仅 sizes the rise as small
    ("行业景气并未出现明显下滑", "positive"),  # what did not come is the fall, not the 景气
    ("市场预期公司新品将快速放量，而我们认为渠道铺货节奏偏慢", "negative"),
    ("我们认为订单回暖仍需时间", "negative"),
    ("补贴政策对终端需求的提振作用有限", "negative"),
    ("COR同比下降1.1pct", "positive"),
    ("下游需求明显转弱", "negative"),
])
def test_limits_delays_rebuttals_and_costs(text, stance):
    assert _kept(text) == stance


@pytest.mark.parametrize("text, stance", [
    ("续约价格降幅好于市场预期", "positive"),  # better is good news whatever moved
    ("行业需求承压，公司销量表现优于同行", "positive"),
    ("竞争对手新产线的投产时间推迟至2027年", "positive"),
    ("净利润增长主要来自一次性资产处置收益", "negative"),
    ("需求韧性较强，维持增持评级，小幅下调2026年收入预测至85亿元", "negative"),
])
def test_verdicts_peers_rivals_one_offs_and_revisions(text, stance):
    assert _kept(text) == stance


@pytest.mark.parametrize("text", [
    "四季度净利率为8.1%，与三季度大致相同",
    "营收同比下降0.2%，与去年基本持平",
    "我们的收入预测与万得一致预期基本一致",
])
def test_a_result_sized_against_a_benchmark_is_a_level(text):
    assert _kept(text) == "neutral"


def test_a_judgement_still_speaks_beside_a_sized_level():  # a guard: 改善 is a judgement, not a bare move
    assert _kept("毛利率同比改善，与去年同期基本持平的费用率一起推动利润增长") == "positive"


@pytest.mark.parametrize("text, industry, stance", [
    ("海外新矿集中投产，全球铁矿石供应宽松", "钢铁", "positive"),  # ample supply of what it buys
    ("受安监趋严影响，主产区焦煤供给收缩", "钢铁", "negative"),
    ("海外新矿集中投产，全球铁矿石供应宽松", "有色金属", "negative"),  # not its input: ample supply is a glut
    ("受安监趋严影响，主产区焦煤供给收缩", None, "positive"),
])
def test_the_supply_of_an_input_is_read_for_who_buys_it(text, industry, stance):
    assert _kept(text, industry) == stance


@pytest.mark.parametrize("text, industry, stance", [
    ("供给端，我们预计明年国内电解铝产量同比增长约2%", "有色金属", "negative"),  # more supply of what it sells
    ("供给侧来看，2026年行业新增产能约200万吨，同比下降三成", "基础化工", "positive"),
    ("供给端，我们预计明年国内电解铝产量同比增长约2%", "汽车", "positive"),  # more of what it buys
    ("需求端，我们预计明年国内电解铝消费量同比增长约2%", "有色金属", "positive"),
])
def test_a_volume_after_a_supply_side_lead_is_the_markets_supply(text, industry, stance):
    assert _kept(text, industry) == stance
