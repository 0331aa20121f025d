"""Clause-level comparison of claims (tools/claims/facets.py) and the mechanisms behind it: periods anchored
to the report's year, head-final metric compounds, qualifiers and scopes, conditions and attributed views,
bottoming, one topic per subject within a report."""

from __future__ import annotations

import pytest

from tools.claims.compare import conflict
from tools.claims.extract import claim_from_text, extract_claims, metric_of
from tools.claims.facets import facets
from tools.claims.clauses import direction_of, unquoted
from tools.claims.stance import stance_of
from tools.claims.topics import unify_topics
from tools.claims.periods import period_of


def _claim(text: str, year: int = 2025):
    return claim_from_text(text, 0, year)


@pytest.mark.parametrize("text, period", [
    ("我们预计26年公司铜箔出货量增长三成", "2026E"),
    ("我们预计明年焦煤价格回落", "2026E"),
    ("公司今年收入增速有望回到双位数", "2025E"),
    ("三季度单吨盈利有望修复", "2025Q3"),
    ("我们预计全年销量约80万辆", "2025E"),
    ("2024年三季度单吨盈利修复", "2024Q3"),  # a dated quarter keeps its own year
])
def test_periods_anchored_to_the_report_year(text, period):
    assert period_of(text, report_year=2025) == period


@pytest.mark.parametrize("text, metric", [
    ("我们对化工业务的盈利能力更为谨慎", "化工业务盈利能力"),  # through 的
    ("海外收入占比持续提升", "海外收入占比"),  # compound: the last quantity word is the head
    ("价格竞争的激烈程度在下半年可能上升", "价格竞争"),
    ("我们预计一季度产能利用率回升", "产能利用率"),  # a period is not a qualifier
    ("我们预计二季度DDR5 颗粒价格环比上涨", "DDR5颗粒价格"),
])
def test_metric_words(text, metric):
    assert metric_of(text) == metric


def test_a_sentence_holds_several_facets_each_with_its_own_period():
    found = facets(_claim("锂价仍处下行周期，我们预计锂价下半年难以企稳，2025年全年均价同比下降约8%。"))
    assert {(f.metric, f.period, f.direction) for f in found} >= {("锂价格", "2025H2", "down"), ("锂价格", "2025E", "down")}


def test_a_second_clause_disagrees_even_when_the_main_figures_do_not_meet():
    a = _claim("我们判断锂价有望在2025年下半年企稳回升。")
    b = _claim("供给仍在释放，我们预计锂价下半年难以企稳，2025年全年均价同比下降约8%。")
    assert "direction" in conflict(a, b)


def test_a_condition_and_a_denied_premise_are_not_asserted():
    assert unquoted("锂价企稳后，公司存货减值将明显减少").startswith("　" * 5)
    assert "direction" not in conflict(_claim("我们预计2025年锂价企稳回升。"),
                                       _claim("锂价企稳后，公司存货减值将明显减少，利润端压力缓解。"))
    claim = _claim("销量下滑并非需求转弱，而是渠道主动去库存所致，终端动销总体平稳。")
    assert all(f.metric != "销量" for f in facets(claim)) and stance_of(claim.text) == "neutral"


def test_an_attributed_view_is_blanked_like_a_quote():
    text = "市场普遍认为面板价格战已近尾声，我们认为价格战远未结束，全年均价仍将下降10%以上。"
    assert "已近尾声" not in unquoted(text)
    assert stance_of(text) == "negative"


def test_bottoming_agrees_with_a_rise_and_conflicts_with_a_fall():
    rise = _claim("我们预计2025年下半年面板价格有望企稳回升。")
    bottom = _claim("我们预计2025年下半年面板价格企稳。")
    fall = _claim("我们预计2025年下半年面板价格仍将承压下行。")
    assert conflict(rise, bottom) == []
    assert "direction" in conflict(bottom, fall)


@pytest.mark.parametrize("a, b, expected", [
    # different segments sharing a bland word (业务) or a generic part (电池) are different quantities
    ("我们预计2025年工控业务收入增长15%", "我们预计2025年电梯业务收入增长2%", set()),
    ("我们预计2025年动力电池出货量455GWh", "我们预计2025年储能电池出货量约125GWh", set()),
    # the market's figure is not the company's
    ("我们预计2025年全球储能电池出货量超过400GWh", "我们预计公司2025年储能电池出货量约125GWh", set()),
    # a growth rate named 增速 compares with the same quantity's % growth
    ("我们预计2025年新业务价值同比增长20%", "我们预计2025年NBV增速放缓至8%左右", {"value"}),
    # 加速 intensifies the movement after it
    ("二三线产能加速出清，我们判断价格战已接近尾声", "二线厂商依靠地方资金继续扩产", {"direction"}),
])
def test_metric_matching(a, b, expected):
    found = set(conflict(_claim(a), _claim(b)))
    assert expected <= found if expected else found == set()


def test_unlikely_moves_are_negated():
    assert direction_of("下半年转正的概率较低") == "flat"
    assert direction_of("下半年有望转正") == "up"


def test_restatements_of_one_subject_sit_under_one_topic():
    pages = [(0, "投资要点\n光伏玻璃价格战是2025年最大变量：玻璃均价已跌至12元/平附近。"),
             (1, "与部分机构“光伏玻璃价格战对龙头影响有限”的判断不同，我们对公司的盈利能力更为谨慎。\n"
                 "我们预计2025年公司海外收入占比提升至30%。")]
    claims = extract_claims(pages, report_year=2025)
    topics = {c.text[:6]: c.topic for c in claims}
    assert topics["光伏玻璃价格"] == topics["与部分机构“"]
    assert len({c.topic for c in claims}) == 2  # the unrelated claim keeps its own topic
    assert unify_topics([]) == []


def test_a_shared_yearly_figure_list_is_one_claim():
    pages = [(0, "投资要点\n预计2025-2027年归母净利润为20.1/24.3/28.8亿元。"),
             (2, "我们预计公司2025-2027年营业收入分别为180.0/205.0/231.0亿元，归母净利润分别为20.1/24.3/28.8亿元。")]
    claims = extract_claims(pages, report_year=2025)
    profit = [c for c in claims if "归母净利润" in c.metric]
    assert len(profit) == 1 and profit[0].also_pages == [2]
    # the revenue list of the body sentence is a claim of its own (one claim per quantity with its own figures)
    assert [c.metric for c in claims if c is not profit[0]] == ["公司营业收入"]


def test_a_risk_list_under_a_bare_heading_line_gives_no_claims():
    page = ("我们预计2025年公司酒类收入增长10%。\n风险\n1. 宏观消费恢复不及预期，批价大幅波动。\n"
            "2. 直销渠道推进不及预期，费用率上升。")
    claims = extract_claims([(0, page)], report_year=2025)
    assert [c.text for c in claims] == ["我们预计2025年公司酒类收入增长10%。"]



# Paraphrases written for these tests (not from the labelled set): the same kinds of disagreement and of
# agreement in other words, units, periods and segments.
DISAGREE_OR_NOT = [
    ("我们预计公司2025年毛利水平回升至32%左右。", "我们预计2025年公司毛利率约28%，同比基本持平。", True),
    ("我们预计明年公司汽车销量有望达到60万辆。", "预计2026年公司汽车出货量约48万辆。", True),
    ("我们判断二季度面板价格将止跌回升。", "我们预计二季度面板价格仍有下行压力。", True),
    ("公司海外订单增长强劲，我们预计25年海外收入增长30%。", "海外市场需求疲软，我们预计2025年海外收入增速回落至10%。", True),
    ("我们认为行业竞争格局趋于稳定，价格战对公司影响有限。", "我们认为价格战将对公司盈利造成较大冲击。", True),
    ("预计公司2025年净利润同比增长20%。", "我们预计公司2025年净利润同比增长21%。", False),
    ("我们预计2025年公司良率提升至95%。", "我们预计2025年公司良率仍将维持在85%左右。", True),
    ("我们预计2025年装机量同比增长25%，达到200GW。", "我们预计2025年国内光伏新增装机约150GW，同比下滑。", True),
    ("我们预计下半年猪价有望上涨。", "我们判断下半年猪价难以上涨，全年均价同比下降约10%。", True),
    ("我们预计公司2025年单车盈利约1.2万元。", "我们预计2025年公司单车盈利约0.8万元。", True),
    ("我们预计2025年公司资本开支同比下降20%。", "我们预计2025年公司资本开支同比增长10%。", True),
    ("我们预计2025年渗透率提升至40%。", "我们预计2025年渗透率达到41%。", False),
    ("我们预计2025年公司营业收入约120亿元。", "我们预计2026年公司营业收入约150亿元。", False),
    ("公司客流持续恢复，我们预计2025年客流量同比增长15%。", "客流恢复不及预期，我们预计2025年客流同比持平。", True),
    ("我们认为原材料价格下行将推动毛利率修复。", "我们预计原材料成本下降对毛利率的改善幅度有限。", False),
    # growth rates, per-share figures, points, turnarounds
    ("我们预计公司2025年EPS为2.10元。", "我们预计2025年公司每股收益1.80元。", True),
    ("我们预计毛利率有望企稳。", "我们预计毛利率将继续承压。", True),
    ("在手订单增速放缓。", "公司订单加速增长。", True),
    ("行业集中度持续提升，龙头份额扩大。", "行业竞争加剧，龙头份额下滑。", True),
    ("我们预计2025年出口增速回落至5%。", "我们预计2025年出口保持20%以上高增。", True),
    ("我们预计2025年全球人形机器人出货量约2.5万台。", "预计2025年人形机器人销量1.2万台。", True),
    ("我们认为公司盈利拐点已现。", "我们认为公司盈利拐点尚未到来。", True),
    ("我们预计Q2毛利率环比改善。", "我们预计二季度毛利率环比下滑。", True),
    ("我们预计2025年毛利率提升2pct。", "我们预计2025年毛利率下降1个百分点。", True),
    ("我们预计公司2025年营业收入约100亿元。", "我们预计2025年公司营收80亿元。", True),
    ("我们预计2025年营收同比增长20%。", "我们预计2025年收入同比增长19%。", False),
    ("我们预计2025年归母净利润增长20%。", "我们预计2025年归母净利润增长8%。", True),
    ("我们认为公司2025年将实现扭亏。", "我们预计公司2025年仍将亏损，2026年扭亏。", True),
    ("海外业务将成为公司最大增长点。", "我们对海外业务持谨慎态度，关税扰动较大。", True),
    ("我们预计2025年资本开支同比持平。", "我们预计2025年资本开支与上年基本持平。", False),
    # qualitative and timing disagreements
    ("我们预计人形机器人将于2026年进入规模量产阶段。", "我们认为人形机器人规模量产要到2028年之后。", True),
    ("谐波减速器国产替代进度快于预期。", "谐波减速器国产化进度仍慢于预期。", True),
    ("我们看好公司在北美市场的份额提升。", "我们认为公司北美市场份额面临下滑风险。", True),
    ("分歧二：我们认为灵巧手的单机价值量将持续提升。", "灵巧手单机价值量有望随规模化下降。", True),
    ("我们认为新能源车价格战将延续至2026年。", "我们判断新能源车价格战已接近尾声。", True),
    ("我们预计2025年公司单吨净利约500元。", "我们预计2025年公司单吨净利约350元。", True),
    ("我们预计公司2025年资本开支将明显收缩。", "我们预计公司2025年资本开支维持高位。", True),
    ("我们对公司海外扩张持谨慎态度。", "我们看好公司海外扩张带来的增长空间。", True),
]


@pytest.mark.parametrize("a, b, disagree", DISAGREE_OR_NOT)
def test_paraphrased_pairs(a, b, disagree):
    assert bool(conflict(_claim(a), _claim(b))) is disagree


AGREE_OR_UNRELATED = [
    # different subjects with opposite stances
    ("我们看好公司储能业务的高增长。", "动力电池业务受价格战拖累，盈利承压。"),
    ("国内需求回暖，订单明显改善。", "海外需求疲软，出口订单下滑。"),
    ("公司新品放量带动收入高增。", "老产品收入持续下滑。"),
    ("我们预计2025年公司收入增长20%。", "我们预计2025年行业需求下滑5%。"),
    ("公司毛利率有望提升。", "公司费用率上升，拖累净利率。"),
    ("上游原材料价格下跌利好公司盈利。", "下游需求疲软拖累公司收入。"),
    ("我们预计2025年高端产品占比提升。", "我们预计2025年低端产品价格下滑。"),
    ("公司在欧洲市场份额持续提升。", "公司在美国市场受关税冲击，份额下滑。"),
    ("我们认为公司估值处于历史低位，具备安全边际。", "公司短期业绩承压。"),
    ("我们预计公司2025年净利润增长30%。", "我们预计公司2025年经营现金流下降。"),
    ("我们预计2025年公司储能业务收入增长50%。", "我们预计2025年公司动力电池业务收入增长10%。"),
    ("我们看好公司海外业务的长期成长空间。", "海外业务短期受关税扰动，但长期成长逻辑不变。"),
    ("我们预计2025年公司毛利率约30%。", "我们预计2025年公司净利率约12%。"),
    ("我们预计2025年行业需求增长15%。", "我们预计2025年公司收入增长15%左右。"),
    ("公司产品力领先，市场份额持续提升。", "行业竞争加剧，二线厂商份额下滑。"),
    ("我们预计2025年上半年收入同比下降5%，下半年有望转正。", "我们预计2025年下半年收入同比增长8%。"),
    ("短期业绩承压，但我们看好公司中长期发展。", "我们看好公司长期竞争力，维持增持评级。"),
    ("我们预计公司2025年归母净利润为50.2亿元。", "我们预计公司2025年归母净利润为51.0亿元。"),
    ("费用率持续下降，盈利能力稳步提升。", "公司盈利能力有望持续改善。"),
    ("我们预计2025年国内销量增长20%。", "我们预计2025年海外销量下降10%。"),
    ("原材料价格上涨对毛利率形成压力。", "我们预计2025年毛利率同比提升1个百分点。"),
    ("2024年公司收入同比下降8%。", "我们预计2025年公司收入同比增长12%。"),
    ("我们预计2025年公司出货量约30GW，同比增长50%。", "我们预计2025年全球出货量约600GW，同比增长10%。"),
    ("新产品放量带动收入增长。", "公司收入增长主要来自老产品提价。"),
    ("价格战对公司影响有限。", "公司凭借成本优势在价格战中受益。"),
]


@pytest.mark.parametrize("a, b", AGREE_OR_UNRELATED)
def test_paraphrased_non_divergences(a, b):
    assert conflict(_claim(a), _claim(b)) == []



# Stance paraphrases written for these tests: negation reaching its cue, concessions, easing, expenses.
STANCES = [
    ("我们预计2025年公司收入增速放缓至5%，但利润率稳步提升。", "positive"),
    ("受高基数影响，我们预计2025年利润增速回落至个位数。", "negative"),
    ("公司主动收缩低毛利业务，收入短期承压但盈利质量改善。", "positive"),
    ("行业需求仍处底部，短期难见明显改善。", "negative"),
    ("我们认为市场对公司的担忧已充分反映在股价中。", "positive"),
    ("新产能投放后公司将面临折旧压力。", "negative"),
    ("政策落地节奏存在不确定性。", "negative"),
    ("我们预计公司2025年分红比例维持在60%。", "neutral"),
    ("海外收入占比提升带动整体毛利率上行。", "positive"),
    ("我们判断原材料价格上涨将压缩公司毛利率。", "negative"),
    ("公司存货周转天数持续下降，营运效率提升。", "positive"),
    ("我们预计2025年销售费用率同比提升1个百分点，主要因新品推广投入加大。", "negative"),
    ("需求端未见明显恶化。", "positive"),
    ("我们认为公司新业务短期难以形成规模。", "negative"),
    ("我们认为集采对公司的影响已基本出清。", "positive"),
    ("市场担忧关税冲击出口，我们认为公司海外产能布局可对冲大部分影响。", "positive"),
    ("短期看，渠道库存仍偏高，公司收入增速或将放缓。", "negative"),
    ("我们预计2025年公司毛利率同比下降2个百分点。", "negative"),
    ("我们预计公司2025年销售费用率同比下降1个百分点。", "positive"),
    ("尽管行业需求疲软，公司订单依然饱满。", "positive"),
    ("公司新产品上市进度慢于预期。", "negative"),
    ("我们认为公司估值已充分反映悲观预期，下行空间有限。", "positive"),
    ("我们预计2025年公司收入与上年基本持平。", "neutral"),
    ("行业产能过剩的局面短期难以改变。", "negative"),
    ("公司资产负债率进一步下降，财务结构稳健。", "positive"),
    ("减值压力逐步缓解，利润率有望修复。", "positive"),
    ("我们下调公司2025年盈利预测。", "negative"),
    ("我们上调公司2025年盈利预测至60亿元。", "positive"),
    ("海外业务增长不及预期，拖累整体收入。", "negative"),
    ("不良率保持稳定，拨备覆盖率充足。", "positive"),
    ("公司在手订单充足，为全年业绩提供保障。", "positive"),
    ("价格竞争导致公司单价承压，毛利率或进一步下滑。", "negative"),
    ("我们认为公司并未受到行业下行的明显冲击。", "positive"),
    ("新业务仍处于投入期，短期难以贡献利润。", "negative"),
]


@pytest.mark.parametrize("text, stance", STANCES)
def test_paraphrased_stances(text, stance):
    assert _claim(text).stance == stance


@pytest.mark.parametrize("text, stance", [
    ("我们认为当前股价已充分反映渠道扩张预期", "negative"),  # good news priced in: no room left
    ("股价已基本充分反映业绩增长预期", "negative"),
    ("估值已较充分反映行业下行的悲观预期", "positive"),  # bad news priced in
    ("以旧换新补贴陆续到位，家电终端需求逐步释放", "positive"),  # demand released is a rise
    ("公司高端机型持续领跑国内市场", "positive"),
])
def test_priced_in_and_released_demand(text, stance):
    assert stance_of(text) == stance
    assert claim_from_text(text, 0, 2025).stance == stance
