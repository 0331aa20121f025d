"""Claims, their values and stances, and when two brokers' claims conflict (tools/claims)."""

from __future__ import annotations

import pytest

from agents.consensus.claim_views import claim_divergences, claim_topics
from tools.claims.compare import conflict
from tools.claims.extract import asserted_part, claim_from_text, extract_claims
from tools.claims.clauses import direction_of
from tools.claims.stance import self_declared, stance_of
from tools.claims.periods import period_of
from tools.claims.values import main_value


@pytest.mark.parametrize("text, low, high, unit", [
    ("储能毛利率有望保持在25%以上", 25, None, "%"),
    ("毛利率将下降4至5个百分点至约22%", 22, 22, "%"),
    ("预计2025年出货约2.5万台", 25000, 25000, "台"),
    ("归母净利润分别为12,480/13,720/14,860百万元", 1.248e10, 1.248e10, "元"),
    ("收入同比下滑5%左右", -5, -5, "%"),
    ("ASP同比下降3%-5%", -5, -3, "%"),
    ("不良率控制在1.5%以下", None, 1.5, "%"),
])
def test_values_become_comparable_ranges(text, low, high, unit):
    v = main_value(text).value
    assert (v.min, v.max, v.unit) == (pytest.approx(low) if low is not None else None,
                                      pytest.approx(high) if high is not None else None, unit)


def test_periods():
    assert period_of("预计2025至2027年归母净利润为620.3/730.6/845.2亿元", 12, report_year=2025, slash=True) == "2025E"
    assert period_of("原奶价格有望在2025年下半年企稳回升") == "2025H2"
    assert period_of("下半年有望企稳", report_year=2025) == "2025H2"
    assert period_of("2024年公司份额约38%", report_year=2025) == "2024A"


@pytest.mark.parametrize("text, stance", [
    ("价格战对龙头影响有限", "positive"),  # 有限 limits a downside
    ("新品对收入的拉动有限", "negative"),  # 有限 limits an upside
    ("虽然息差仍在下行，但降幅有望收窄", "positive"),  # the clause after 但 is the report's view
    ("我们并非看空公司长期品牌价值", "positive"),
    ("短期波动不改长期向好趋势", "positive"),
    ("资产质量并未恶化", "positive"),
    ("与部分机构“影响有限”的判断不同，我们对盈利能力更为谨慎", "negative"),  # a quoted view is not ours
    ("液态奶收入预计同比持平", "neutral"),
])
def test_stance_handles_negation_contrast_and_quotes(text, stance):
    assert stance_of(text) == stance


def test_direction_and_self_declared():
    assert direction_of("继续大幅下降的空间有限") == "flat"
    assert direction_of("我们预计原奶价格下半年难以企稳") == "down"
    assert self_declared("市场担忧关税冲击，我们认为影响可控")
    assert self_declared("我们的分歧主要在于储能")
    assert not self_declared("我们对公司技术领先地位没有分歧")
    assert not self_declared("我们对动力业务的判断与市场基本一致")


def _claim(text, page=0):
    return claim_from_text(text, page, 2025)


@pytest.mark.parametrize("a, b, expected", [
    ("储能毛利率有望保持在25%以上", "我们预计2025年储能业务毛利率将下降至约22%", {"value"}),
    ("我们预计2025年全球人形机器人出货量约2.5万台", "我们预计2025年人形机器人出货量约1.2万台", {"value"}),
    ("我们预计2025年储能电池出货量约130GWh", "我们预计2025年储能电池出货量约125GWh", set()),  # near-tie
    ("我们预计2025年归母净利润933.6亿元", "我们预计2025年归母净利润93,360百万元", set()),  # same value, other unit
    ("我们预计2025年毛利率约22%", "我们预计2026年毛利率约25%", set()),  # different periods
    ("我们预计2025年NOR价格上涨5-10%", "我们预计2025年NOR价格同比持平", {"direction"}),
])
def test_conflicts(a, b, expected):
    found = set(conflict(_claim(a), _claim(b)))
    assert expected <= found if expected else found == set()


def test_divergences_pairs_and_one_sided_self_declared():
    claims = [("甲证券", "r1", _claim("价格战对龙头影响有限，储能毛利率有望保持在25%以上")),
              ("乙证券", "r2", _claim("我们预计2025年储能毛利率约22%，价格战冲击较大")),
              ("乙证券", "r2", _claim("与市场不同，我们认为海外订单落地将晚于预期"))]
    found = claim_divergences(claims)
    pair = [d for d in found if d.against is None]
    assert len(pair) == 1 and "value" in pair[0].types and {c.broker for c in pair[0].claims} == {"甲证券", "乙证券"}
    alone = [d for d in found if d.against == "市场"]
    assert len(alone) == 1 and alone[0].claims[0].text.startswith("与市场不同")
    topics = claim_topics(claims, found)
    listed = [p.text for t in topics for p in t.points]
    assert len(listed) == len(set(listed)) == 3  # each claim once, under one topic


def test_extract_skips_risks_ratings_and_restatements():
    pages = [(0, "投资要点\n我们预计2025年储能毛利率约22%。\n维持“增持”评级，目标价280元。\n风险提示：价格战加剧；需求不及预期。"),
             (1, "我们预计2025年储能毛利率约22%。\n2024年公司实现收入100亿元。")]
    claims = extract_claims(pages, report_year=2025)
    assert [c.text for c in claims] == ["我们预计2025年储能毛利率约22%。"]
    assert claims[0].also_pages == [1]


@pytest.mark.parametrize("text, kept", [
    ("盈利预测与评级：我们预计2026年营业收入为88.0/97.5亿元，对应EPS 1.10/1.25元，维持“增持”评级。",
     "我们预计2026年营业收入为88.0/97.5亿元，对应EPS 1.10/1.25元"),
    ("估值：有投资者给出的60元目标价偏乐观，我们认为现价已反映出口修复预期，暂不给予目标价。",
     "我们认为现价已反映出口修复预期"),
    ("目标价45元，较当前股价有约18%的上涨空间，首次覆盖给予“买入”评级。", ""),
    ("我们预计明年单吨盈利有望回升至300元。", "我们预计明年单吨盈利有望回升至300元。"),  # nothing to take out
])
def test_rating_and_target_clauses_leave_the_forecast_beside_them(text, kept):
    from tools.claims.extract import asserted_part

    assert asserted_part(text) == kept


def test_a_forecast_in_a_rating_sentence_is_a_claim_and_verbatim():
    page = "投资建议：预计2026-2027年归母净利润18.6/21.9亿元，对应PE 15/13倍，首次覆盖，给予“买入”评级。"
    claims = extract_claims([(0, page)], report_year=2026)
    assert [c.text for c in claims] == ["预计2026-2027年归母净利润18.6/21.9亿元，对应PE 15/13倍"]
    assert claims[0].text in page and claims[0].period == "2026E"


def test_a_sentence_without_a_subject_of_its_own_stays_in_the_thread_before_it():
    # The second sentence names no quantity (topic 其他): it elaborates the first and joins its topic.
    page = "我们预计今年水泥需求将同比下降8%左右。基建托底作用有所减弱，地产新开工继续探底。\n另起一段：我们看好公司海外份额提升。"
    claims = extract_claims([(0, page)], report_year=2026)
    topics = {c.text[:6]: c.topic for c in claims}
    assert topics["我们预计今年"] == "需求" and topics["基建托底作用"] == "需求"
    assert topics["另起一段：我"] == "海外"  # a subject of its own: its own topic


@pytest.mark.parametrize("cover, stance", [
    ("评级：买入（维持）", "positive"),
    ("评级：增持（下调）", "neutral"),  # the forecast is the lowered number behind a cut
    ("评级：中性（维持）", "neutral"),
    ("评级：减持（首次）", "negative"),
    ("", "positive"),  # no rating on the cover
])
def test_a_bare_forecast_figure_reads_as_the_reports_outlook(cover, stance):
    page = f"某某证券 | 公司点评\n{cover}\n盈利预测：预计2026年归母净利润36.5亿元，EPS 1.20元。"
    claims = extract_claims([(0, page)], report_year=2026)
    assert [(c.metric, c.stance) for c in claims] == [("归母净利润", stance)]


def test_the_outlook_never_overrides_the_claims_own_words():
    page = "评级：增持（下调）\n我们预计2026年归母净利润增长12%至36.5亿元，海外订单放量。"
    assert [c.stance for c in extract_claims([(0, page)], report_year=2026)] == ["positive"]


def test_a_reported_result_is_not_a_view_but_a_judgement_on_it_is():
    page = ("公司2026年上半年实现营业收入420.5亿元，同比增长18.3%；归母净利润31.2亿元，同比增长25.0%。"
            "上半年综合毛利率为12.4%，同比下降0.8个百分点，主要原因是低毛利的海外项目占比提升，以及原料采购价格偏高。"
            "\n海外份额稳步提升，上半年国内订单同比增长30%。"
            "\n我们预计2026年归母净利润68.0亿元，同比增长20%。")
    texts = [c.text for c in extract_claims([(0, page)], report_year=2026)]
    assert not any("420.5" in t or "31.2" in t or "12.4%" in t for t in texts)  # results, their reasons
    assert any("份额稳步提升" in t for t in texts)  # a judgement without a figure of its own
    assert any("68.0亿元" in t for t in texts)  # a forecast


def test_rating_reasons_and_numbered_heading_lines_are_not_claims():
    assert asserted_part("考虑到公司成长性下降、估值中枢下移，我们下调至“增持”评级。") == ""
    page = "2、成本：降本路径清晰，领先优势稳固\n推荐：行业基本面向好，行业指数领先沪深300指数；"
    assert extract_claims([(0, page)], report_year=2026) == []


def test_a_view_argued_in_several_sentences_is_one_disagreement_per_claim_not_one_per_sentence():
    restated = ["我们预计2025年出货量增长20%至120万台", "出货量稳步增长，渠道扩张顺利", "海外出货量快速增长",
                "出货量增长主要来自新品"]
    claims = [("甲证券", "r1", _claim(t)) for t in restated]
    claims.append(("乙证券", "r2", _claim("我们下调2025年出货量预期至90万台，同比下降10%")))
    found = claim_divergences(claims)
    cut = claims[-1][2].text
    assert 1 <= sum(any(c.text == cut for c in d.claims) for d in found) <= 2
    assert "value" in found[0].types  # the figures that conflict come first


def test_sensitivities_figureless_revisions_results_against_expectations_and_bare_headings_are_not_views():
    page = ("铜价每上涨1,000元/吨，公司年度归母净利润相应增加约8亿元。\n"
            "我们下调铜价假设，相应下调公司盈利预测。\n"
            "铜价上行周期开启\n"
            "公司2026年上半年实现归母净利润50.2亿元，同比增长12.0%，符合我们预期，矿产铜产量稳步提升。\n"
            "我们预计2026年归母净利润105.0亿元，同比增长15%。")
    texts = [c.text for c in extract_claims([(0, page)], report_year=2026)]
    assert len(texts) == 1 and "105.0亿元" in texts[0]


def test_a_stance_alone_adds_nothing_to_a_claim_already_set_against_that_report():
    claims = [("甲证券", "r1", _claim("我们预计2025年海外销量达到55万辆，出海加速")),
              ("乙证券", "r2", _claim("我们预计2025年海外销量约46万辆，与2024年基本持平")),
              ("乙证券", "r2", _claim("出口国报废税上调对公司海外销量构成压力"))]
    found = claim_divergences(claims)
    assert [d.types for d in found] == [["value"]]
