"""Metamorphic tests of claim reading: the same view worded the way different brokers word it must read the
same, and a view that differs in exactly one field (period, scope, direction, value, stance) must read
differently in that field.

Sentences are written for these tests in the style of Chinese sell-side reports (report-date-relative years,
pct / ppt, 百万元 tables, YoY, 分别…), not taken from the labelled aggregation set. The reports are dated 2025.
"""

from __future__ import annotations

from itertools import combinations

import pytest

from tools.claims.compare import conflict, same_metric
from tools.claims.extract import claim_from_text, split_metric
from tools.claims.facets import facets

YEAR = 2025
ALL = ("metric", "period", "direction", "value", "stance")


def _claim(text: str):
    return claim_from_text(text, page=0, report_year=YEAR)


def _value(claim):
    v = claim.value
    return None if v is None else (v.min and round(v.min, 6), v.max and round(v.max, 6), v.unit, v.rate)


def _field(claim, name: str):
    return _value(claim) if name == "value" else getattr(claim, name)


def _facts(claim) -> list[tuple]:
    """Every clause's (quantity word, period, direction, value): what a two-metric sentence asserts."""
    out = []
    for f in facets(claim):
        v = f.value
        out.append((split_metric(f.metric)[0], f.period, f.direction,
                    None if v is None else (v.min, v.max, v.unit, v.rate)))
    return sorted(out, key=repr)


# (id, sentences meaning the same, fields that must read the same, expected values of some fields)
SAME = [
    ("growth-rate", ["我们预计2026年公司营业收入同比增长15%。", "预计公司2026年营收同比+15%。",
                     "我们预计公司2026年营业收入较上年提升15%。", "预计2026年公司营收增速为15%。"],
     ALL, {"period": "2026E", "direction": "up", "value": (15.0, 15.0, "%", True), "stance": "positive"}),
    ("margin-points", ["我们预计2025年公司毛利率提升2个百分点。", "预计25年公司毛利率同比+2pct。",
                       "我们预计公司2025年毛利率同比提升2pct。", "预计2025年公司毛利率同比上行2ppt。"],
     ALL, {"period": "2025E", "direction": "up", "value": (2.0, 2.0, "pct", True), "stance": "positive"}),
    ("year-forms", ["我们预计2026年公司归母净利润为12.5亿元。", "我们预计公司26年归母净利润为12.5亿元。",
                    "我们预计公司明年归母净利润为12.5亿元。", "我们预计公司2026E归母净利润为12.5亿元。"],
     ("metric", "period", "value"), {"period": "2026E", "value": (1.25e9, 1.25e9, "元", False)}),
    ("money-units", ["预计2025年公司归母净利润达到12.5亿元。", "预计2025年公司归母净利润达到1,250百万元。",
                     "预计2025年公司归母净利润达到125,000万元。", "预计2025年公司归母净利润达到12.5亿。"],
     ("metric", "period", "value"), {"value": (1.25e9, 1.25e9, "元", False)}),
    ("hedges", ["我们预计2025年公司储能电池出货量将达到80GWh。", "2025年公司储能电池出货量有望达到80GWh。",
                "我们判断2025年公司储能电池出货量将达到80GWh。", "2025年公司储能电池出货量预计将达80GWh。"],
     ALL, {"period": "2025E", "value": (80.0, 80.0, "GWh", False)}),
    ("below-expectations", ["公司海外订单增长不及预期。", "公司海外订单增长低于预期。",
                            "公司海外订单增长弱于预期。", "公司海外订单增长逊于预期。"],
     ("metric", "stance"), {"stance": "negative"}),
    ("limited-impact", ["我们认为关税上调对公司出口业务的影响有限。", "我们认为关税上调对公司出口业务的冲击可控。",
                        "我们认为关税上调对公司出口业务影响较为有限。", "我们判断关税上调对公司出口业务的扰动相对可控。"],
     ("stance",), {"stance": "positive"}),
    ("concession", ["虽然短期原材料价格上涨，但公司通过提价对冲成本压力，毛利率有望保持稳定。",
                    "短期原材料价格上涨，不过公司通过提价对冲成本压力，毛利率有望保持稳定。",
                    "尽管短期原材料价格上涨，公司通过提价对冲成本压力，毛利率有望保持稳定。",
                    "短期原材料价格虽有上涨，但公司通过提价对冲成本压力，毛利率有望保持稳定。"],
     ("stance",), {"stance": "positive"}),
    ("decline-forms", ["我们预计2025年公司归母净利润同比下降10%。", "预计2025年公司归母净利润同比-10%。",
                       "预计2025年公司归母净利润同比下滑10%。", "预计2025年公司归母净利润较上年减少10%。"],
     ALL, {"period": "2025E", "direction": "down", "value": (-10.0, -10.0, "%", True), "stance": "negative"}),
    ("margin-decline", ["受原材料涨价影响，我们预计2025年公司毛利率同比下降1.5个百分点。",
                        "受原材料涨价影响，预计25年公司毛利率同比-1.5pct。",
                        "受原材料涨价影响，预计2025年公司毛利率同比回落1.5ppt。"],
     ALL, {"period": "2025E", "direction": "down", "value": (-1.5, -1.5, "pct", True), "stance": "negative"}),
    ("rise-to", ["我们预计2026年公司储能业务毛利率将提升至25%。", "预计26年公司储能业务毛利率升至25%。",
                 "我们预计公司储能业务毛利率明年有望提升到25%。"],
     ALL, {"period": "2026E", "direction": "up", "value": (25.0, 25.0, "%", True), "stance": "positive"}),
    ("growth-range", ["预计2025年行业需求增速在15%-20%之间。", "预计2025年行业需求增速为15%~20%。",
                      "预计2025年行业需求同比增长15%至20%。"],
     ("metric", "period", "value"), {"period": "2025E", "value": (15.0, 20.0, "%", True)}),
    ("unit-counts", ["预计2025年公司人形机器人出货量达到2.5万台。", "预计2025年公司人形机器人出货量达到25000台。",
                     "预计25年公司人形机器人出货量有望达2.5万台。"],
     ("metric", "period", "value"), {"value": (25000.0, 25000.0, "台", False)}),
    ("price-pressure", ["我们认为下半年碳酸锂价格仍将承压。", "我们判断下半年碳酸锂价格仍有下行压力。",
                        "下半年碳酸锂价格预计继续走弱。", "我们预计下半年碳酸锂价格将延续下跌。"],
     ALL, {"period": "2025H2", "direction": "down", "stance": "negative"}),
    ("not-worse", ["我们认为行业竞争格局并未恶化。", "我们认为行业竞争格局没有出现恶化。",
                   "我们认为行业竞争格局未见明显恶化。", "我们认为行业竞争格局并没有明显恶化。"],
     ("metric", "stance"), {"stance": "positive"}),
    ("this-year", ["我们预计今年公司销量同比增长20%。", "我们预计2025年公司销量同比增长20%。",
                   "我们预计25年公司销量同比增长20%。", "我们预计2025E公司出货量同比增长20%。"],
     ALL, {"period": "2025E", "direction": "up", "value": (20.0, 20.0, "%", True)}),
    ("half-forms", ["我们预计2025年下半年公司毛利率环比改善。", "我们预计25H2公司毛利率环比改善。",
                    "我们预计下半年公司毛利率环比改善。", "我们预计2H25公司毛利率环比改善。"],
     ALL, {"period": "2025H2", "direction": "up", "stance": "positive"}),
    ("quarter-forms", ["我们预计2025年四季度公司销量环比增长10%。", "我们预计25Q4公司销量环比+10%。",
                       "我们预计4Q25公司销量环比增长10%。", "我们预计2025Q4公司销量环比增长10%。"],
     ALL, {"period": "2025Q4", "direction": "up", "value": (10.0, 10.0, "%", True)}),
    ("expense-ratio", ["我们预计2025年公司销售费用率同比下降1个百分点。", "预计25年公司销售费用率同比-1pct。",
                       "我们预计2025年公司销售费用率同比优化1pct。"],
     ALL, {"period": "2025E", "direction": "down", "value": (-1.0, -1.0, "pct", True), "stance": "positive"}),
    ("turnaround", ["我们预计公司2026年实现扭亏为盈。", "预计公司明年实现扭亏。", "我们预计公司26年有望扭亏为盈。"],
     ("period", "stance"), {"period": "2026E", "stance": "positive"}),
    ("flat", ["我们预计2025年公司出货量与上年基本持平。", "我们预计2025年公司出货量同比基本持平。",
              "预计25年公司销量同比持平。"],
     ALL, {"period": "2025E", "direction": "flat", "stance": "neutral"}),
    ("beat", ["我们认为公司新品放量节奏好于预期。", "我们认为公司新品放量节奏快于预期。",
              "我们认为公司新品放量节奏超出预期。", "我们认为公司新品放量节奏超预期。"],
     ("stance",), {"stance": "positive"}),
    ("bottom-and-rise", ["我们判断行业景气度有望触底回升。", "我们认为行业景气度有望见底回升。",
                         "我们判断行业景气度有望企稳回升。", "我们认为行业景气度有望筑底回升。"],
     ("direction", "stance"), {"direction": "up", "stance": "positive"}),
    ("percent-signs", ["我们预计2025年公司营业收入同比增长15.0%。", "我们预计2025年公司营业收入同比增长15％。",
                       "我们预计2025年公司营业收入同比增长15 %。"],
     ALL, {"value": (15.0, 15.0, "%", True)}),
    ("yoy", ["预计2025年公司营业收入同比增长15%。", "预计2025年公司营业收入YoY+15%。",
             "预计2025年公司营业收入+15% YoY。", "预计2025年公司营业收入yoy+15%。"],
     ALL, {"period": "2025E", "direction": "up", "value": (15.0, 15.0, "%", True)}),
    ("forecast-cut", ["我们下调公司2025年归母净利润预测至10.5亿元。", "我们将公司2025年归母净利润预测下调至10.5亿元。",
                      "我们下修公司2025年归母净利润预测至1,050百万元。"],
     ALL, {"period": "2025E", "direction": "down", "value": (1.05e9, 1.05e9, "元", False)}),
    ("overseas-names", ["我们预计2025年公司海外收入同比增长30%。", "我们预计2025年公司境外收入同比增长30%。",
                        "我们预计2025年公司海外业务收入同比增长30%。", "我们预计2025年公司外销收入同比增长30%。"],
     ALL, {"period": "2025E", "direction": "up", "value": (30.0, 30.0, "%", True)}),
    ("margin-names", ["我们预计下半年公司毛利率有望修复。", "我们预计下半年公司毛利水平有望修复。",
                      "我们预计下半年公司毛利率有望回升。", "我们预计下半年公司毛利率有望改善。"],
     ALL, {"period": "2025H2", "direction": "up", "stance": "positive"}),
    ("price-names", ["我们预计2025年公司产品均价同比下降5%。", "我们预计2025年公司产品单价同比下降5%。",
                     "我们预计2025年公司产品价格同比下降5%。", "我们预计2025年公司产品ASP同比下降5%。"],
     ALL, {"period": "2025E", "direction": "down", "value": (-5.0, -5.0, "%", True)}),
    ("volume-names", ["我们预计2025年公司销量达到120万辆。", "我们预计2025年公司交付量达到120万辆。",
                      "我们预计2025年公司出货量达到120万辆。", "我们预计2025年公司整车销量达120万辆。"],
     ("period", "value"), {"value": (1.2e6, 1.2e6, "辆", False)}),
    ("share-names", ["我们预计2025年公司国内市占率将提升至35%。", "我们预计2025年公司国内市场份额将提升至35%。",
                     "我们预计2025年公司国内份额将提升至35%。", "我们预计2025年公司国内市场占有率将提升至35%。"],
     ALL, {"period": "2025E", "direction": "up", "value": (35.0, 35.0, "%", True)}),
    ("however-forms", ["行业需求短期偏弱，但公司在手订单充足，全年业绩有望稳健增长。",
                       "行业需求短期偏弱，然而公司在手订单充足，全年业绩有望稳健增长。",
                       "行业需求短期偏弱，不过公司在手订单充足，全年业绩有望稳健增长。",
                       "虽然行业需求短期偏弱，但公司在手订单充足，全年业绩有望稳健增长。"],
     ("stance",), {"stance": "positive"}),
    ("year-end", ["我们预计到2025年底公司产能将达到50GWh。", "我们预计今年年底公司产能将达到50GWh。",
                  "我们预计25年底公司产能将达50GWh。", "我们预计截至2025年末公司产能将达到50GWh。"],
     ("metric", "period", "value"), {"period": "2025E", "value": (50.0, 50.0, "GWh", False)}),
    ("tonnes", ["预计2025年公司锂盐产量达到10万吨。", "预计2025年公司锂盐产量达到100,000吨。",
                "预计25年公司锂盐产量有望达10万吨。"],
     ("metric", "period", "value"), {"value": (1e5, 1e5, "吨", False)}),
    ("rmb-forms", ["预计2025年公司营业收入达到124.8亿元。", "预计2025年公司营业收入达到12,480百万元。",
                   "预计2025年公司营业收入达到人民币124.8亿元。"],
     ("metric", "period", "value"), {"value": (1.248e10, 1.248e10, "元", False)}),
    ("demand-positive", ["我们预计下半年海外储能需求将保持旺盛。", "我们判断下半年海外储能需求有望维持高景气。",
                         "下半年海外储能需求预计延续强劲。"],
     ("metric", "period", "stance"), {"period": "2025H2", "stance": "positive"}),
]

# A second set, written after the readers were fixed against the one above and run once before any change for
# it: how well the fixes carry to wordings they were not made for (ids "fresh-…").
SAME += [
    ("fresh-year-after-next", ["我们预计2027年公司归母净利润同比增长12%。", "预计27年公司归母净利润YoY+12%。",
                               "我们预计公司后年归母净利润同比增长12%。"],
     ALL, {"period": "2027E", "direction": "up", "value": (12.0, 12.0, "%", True)}),
    ("fresh-cash-flow", ["预计公司2025年经营性现金流净额达到35亿元。", "预计公司2025年经营性现金流净额达到3,500百万元。",
                         "预计公司2025年经营性现金流净额达35亿。"],
     ("metric", "period", "value"), {"value": (3.5e9, 3.5e9, "元", False)}),
    ("fresh-basis-points", ["我们预计2025年公司净利率同比提升0.8个百分点。", "预计25年公司净利率同比+0.8pct。",
                            "预计2025年公司净利率同比+80bp。"],
     ALL, {"period": "2025E", "direction": "up", "value": (0.8, 0.8, "pct", True)}),
    ("fresh-first-quarter", ["我们预计一季度公司毛利率环比下降。", "我们预计25Q1公司毛利率环比下滑。",
                             "我们预计1Q25公司毛利率QoQ回落。"],
     ("metric", "period", "direction", "stance"), {"period": "2025Q1", "direction": "down", "stance": "negative"}),
    ("fresh-pressure-easing", ["我们认为需求端的压力正在缓解。", "我们认为需求端压力逐步缓解。",
                               "我们认为需求端压力有所减轻。"],
     ("stance",), {"stance": "positive"}),
    ("fresh-beat", ["公司三季度业绩大超预期。", "公司三季度业绩显著好于预期。", "公司三季度业绩远超市场预期。"],
     ("stance",), {"stance": "positive"}),
    ("fresh-small-impact", ["我们认为海外关税政策对公司影响较小。", "我们认为海外关税政策对公司影响不大。",
                            "我们认为海外关税政策对公司影响有限。"],
     ("stance",), {"stance": "positive"}),
    ("fresh-squeeze", ["原材料价格上涨挤压公司毛利率。", "原材料涨价侵蚀公司毛利率。", "原材料价格上行压制公司毛利率。"],
     ("stance",), {"stance": "negative"}),
    ("fresh-capex", ["我们预计2025年公司资本开支约80亿元，同比减少20%。", "预计25年公司资本开支约8,000百万元，同比-20%。",
                     "我们预计2025年公司资本开支约80亿元，同比下降20%。"],
     ("metric", "period", "direction", "value"), {"direction": "down", "value": (8e9, 8e9, "元", False)}),
    ("fresh-energy-units", ["预计2025年公司电池出货量为150GWh。", "预计2025年公司电池出货量为150 GWh。",
                            "预计2025年公司电池出货量为150000MWh。"],
     ("metric", "period", "value"), {"value": (150.0, 150.0, "GWh", False)}),
    ("fresh-long-term-intact", ["短期业绩承压，但长期成长逻辑不变。", "短期业绩承压，不改长期成长逻辑。",
                                "虽然短期业绩承压，但长期成长逻辑依旧。"],
     ("stance",), {"stance": "positive"}),
    ("fresh-break-through", ["我们预计2025年公司营收有望突破100亿元。", "预计25年公司营收将超过100亿元。",
                             "预计2025年公司营收将达到100亿元以上。"],
     ("metric", "period", "value"), {"value": (1e10, None, "元", False)}),
    ("fresh-centre-up", ["我们预计2025年下半年猪价中枢将上移。", "预计25H2猪价中枢上行。", "我们预计下半年猪价中枢抬升。"],
     ("period", "direction", "stance"), {"period": "2025H2", "direction": "up", "stance": "positive"}),
    ("fresh-liabilities", ["负债端改善明显。", "负债端明显好转。", "负债端边际改善。"],
     ("stance",), {"stance": "positive"}),
]

# (id, two sentences meaning the same, facts that must read the same): two metrics in one sentence.
TWO_METRICS = [
    ("two-growths", ["我们预计2025年公司营业收入同比增长18%，归母净利润同比增长25%。",
                     "预计25年公司营收同比+18%，归母净利润同比+25%。",
                     "我们预计2025年公司营业收入、归母净利润分别同比增长18%、25%。"]),
    ("two-levels", ["我们预计2025年公司营业收入为124.8亿元，归母净利润为12.5亿元。",
                    "我们预计2025年公司营业收入12,480百万元，归母净利润1,250百万元。",
                    "我们预计2025年公司营业收入和归母净利润分别为124.8亿元和12.5亿元。"]),
    ("volume-and-price", ["我们预计2025年公司销量同比增长20%，产品均价同比下降8%。",
                          "我们预计2025年公司销量同比+20%，均价同比-8%。",
                          "预计2025年公司量增价减，销量同比增长20%，均价同比下降8%。"]),
]

# (id, sentence, the same sentence with exactly one field changed, the field)
DIFFER = [
    ("year", "我们预计2025年公司毛利率为22%。", "我们预计2026年公司毛利率为22%。", "period"),
    ("relative-year", "我们预计今年公司营收同比增长15%。", "我们预计明年公司营收同比增长15%。", "period"),
    ("half-vs-year", "我们预计下半年公司毛利率将回升至20%。", "我们预计全年公司毛利率将回升至20%。", "period"),
    ("quarter", "我们预计2025年三季度公司销量环比增长10%。", "我们预计2025年四季度公司销量环比增长10%。", "period"),
    ("short-year", "预计26年公司归母净利润12亿元。", "预计27年公司归母净利润12亿元。", "period"),
    ("span", "预计2024-2026年公司归母净利润复合增速为20%。", "预计2025-2027年公司归母净利润复合增速为20%。", "period"),
    ("company-vs-industry", "我们预计2025年公司毛利率提升至25%。", "我们预计2025年行业毛利率提升至25%。", "scope"),
    ("region", "我们预计2025年公司海外收入同比增长30%。", "我们预计2025年公司国内收入同比增长30%。", "scope"),
    ("segment", "我们预计2025年公司储能业务毛利率为22%。", "我们预计2025年公司动力电池业务毛利率为22%。", "scope"),
    ("total-vs-segment", "我们预计2025年公司营业收入同比增长20%。", "我们预计2025年公司海外营业收入同比增长20%。", "scope"),
    ("global-vs-domestic", "我们预计2025年全球储能装机同比增长40%。", "我们预计2025年国内储能装机同比增长40%。", "scope"),
    ("price-way", "我们预计2025年碳酸锂价格将继续下行。", "我们预计2025年碳酸锂价格将企稳回升。", "direction"),
    ("margin-sign", "预计25年公司毛利率同比+2pct。", "预计25年公司毛利率同比-2pct。", "direction"),
    ("volume-way", "我们预计2025年公司销量同比增长10%。", "我们预计2025年公司销量同比下降10%。", "direction"),
    ("margin-way", "我们预计下半年公司毛利率环比改善。", "我们预计下半年公司毛利率环比承压。", "direction"),
    ("level-vs-floor", "我们预计2025年公司储能毛利率为22%。", "我们预计2025年公司储能毛利率有望保持在25%以上。", "value"),
    ("units-count", "预计2025年公司人形机器人出货量2.5万台。", "预计2025年公司人形机器人出货量1.2万台。", "value"),
    ("money-mixed", "预计2025年公司归母净利润12.5亿元。", "预计2025年公司归母净利润1,050百万元。", "value"),
    ("growth-value", "预计2025年公司营收同比增长15%。", "预计2025年公司营收同比增长25%。", "value"),
    ("growth-range", "预计2025年公司出货量同比增长30%-35%。", "预计2025年公司出货量同比增长10%-15%。", "value"),
    ("limited-vs-large", "我们认为关税上调对公司出口业务的影响有限。", "我们认为关税上调对公司出口业务的影响较大。", "stance"),
    ("recover-or-not", "我们认为下半年行业需求有望回暖。", "我们认为下半年行业需求难以回暖。", "stance"),
    ("worse-or-not", "我们认为行业竞争格局将进一步恶化。", "我们认为行业竞争格局并未进一步恶化。", "stance"),
    ("beat-or-miss", "公司海外订单增长超预期。", "公司海外订单增长不及预期。", "stance"),
    ("controllable-or-not", "我们认为原材料涨价对公司盈利的冲击可控。", "我们认为原材料涨价对公司盈利的冲击难以消化。", "stance"),
]


DIFFER += [
    ("fresh-expense-line", "我们预计2025年公司销售费用率同比下降1个百分点。", "我们预计2025年公司管理费用率同比下降1个百分点。",
     "scope"),
    ("fresh-region-margin", "预计2025年公司海外毛利率为30%。", "预计2025年公司国内毛利率为30%。", "scope"),
    ("fresh-quarter", "预计2025年一季度公司营收同比增长10%。", "预计2025年二季度公司营收同比增长10%。", "period"),
    ("fresh-short-year", "预计25年公司净利润同比+20%。", "预计26年公司净利润同比+20%。", "period"),
    ("fresh-centre-way", "我们预计明年铜价中枢上移。", "我们预计明年铜价中枢下移。", "direction"),
    ("fresh-margin-sign", "预计2025年公司净利率同比+0.5pct。", "预计2025年公司净利率同比-0.5pct。", "direction"),
    ("fresh-money-mixed", "预计2025年公司营收为100亿元。", "预计2025年公司营收为8,000百万元。", "value"),
    ("fresh-growth-value", "预计2025年行业需求同比增长5%。", "预计2025年行业需求同比增长15%。", "value"),
    ("fresh-beat-or-miss", "公司三季度业绩大超预期。", "公司三季度业绩大幅低于预期。", "stance"),
    ("fresh-small-or-large", "我们认为反倾销调查对公司影响较小。", "我们认为反倾销调查对公司影响较大。", "stance"),
    ("fresh-pressure-way", "我们认为需求端压力正在缓解。", "我们认为需求端压力正在加大。", "stance"),
    ("fresh-landscape", "我们认为行业竞争格局持续优化。", "我们认为行业竞争格局持续恶化。", "stance"),
]


# Fresh wordings still read wrong, kept visible (strict: they fail the suite once they pass). 中枢上移/下移 (a shift of
# the average level) is not read as a movement: taught as one, it admitted claims whose move the clause model
# gives to the wrong quantity (the dev half lost precision), which needs a model of averages and horizons.
_CENTRE = "中枢上移/下移 is not a movement yet (see the comment above)"
KNOWN_GAPS = {"fresh-centre-up": _CENTRE, "fresh-centre-way": _CENTRE}


def _param(*values, id: str):
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[id])] if id in KNOWN_GAPS else []
    return pytest.param(*values, id=id, marks=marks)


@pytest.mark.parametrize("sentences, fields, expected", [_param(s, f, e, id=i) for i, s, f, e in SAME])
def test_paraphrases_read_the_same(sentences, fields, expected):
    claims = [_claim(s) for s in sentences]
    for name, want in expected.items():
        assert [_field(c, name) for c in claims] == [want] * len(claims), name
    for a, b in combinations(claims, 2):
        for name in fields:
            if name == "metric":
                assert same_metric(a, b, company_report=True), (a.metric, b.metric)
            else:
                assert _field(a, name) == _field(b, name), (name, a.text, b.text)
        assert conflict(a, b, company_report=True) == [], (a.text, b.text)


@pytest.mark.parametrize("sentences", [pytest.param(s, id=i) for i, s in TWO_METRICS])
def test_two_metrics_in_one_sentence_read_the_same(sentences):
    claims = [_claim(s) for s in sentences]
    first = _facts(claims[0])
    assert len({f[0] for f in first}) == 2, first  # both quantities are read
    for other in claims[1:]:
        assert _facts(other) == first, other.text
    for a, b in combinations(claims, 2):
        assert conflict(a, b, company_report=True) == [], (a.text, b.text)


@pytest.mark.parametrize("one, other, field", [_param(a, b, f, id=i) for i, a, b, f in DIFFER])
def test_one_changed_field_reads_differently(one, other, field):
    a, b = _claim(one), _claim(other)
    if field == "scope":
        assert not same_metric(a, b, company_report=True), (a.metric, b.metric)
        assert conflict(a, b, company_report=True) == []  # different things: nothing to disagree on
        return
    assert same_metric(a, b, company_report=True), (a.metric, b.metric)
    if field == "period":
        assert a.period and b.period and a.period != b.period
        assert (a.direction, _value(a), a.stance) == (b.direction, _value(b), b.stance)
        return
    assert a.period == b.period
    if field == "direction":
        assert a.direction and b.direction and a.direction != b.direction
        assert conflict(a, b, company_report=True)
    elif field == "value":
        assert _value(a) != _value(b)
        assert "value" in conflict(a, b, company_report=True)
    else:
        assert {a.stance, b.stance} == {"positive", "negative"}
        assert "stance" in conflict(a, b, company_report=True)


def test_the_set_is_large_enough():
    assert len(SAME) + len(TWO_METRICS) + len(DIFFER) >= 40
