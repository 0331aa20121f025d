"""Consensus across brokers: numbers checked against values computed by hand here."""

from __future__ import annotations

import math

import pytest

from agents.consensus.aggregate import build_consensus, primary_ticker, rating_bucket, stance_of
from agents.consensus.render import render_markdown
from agents.summarize.models import CitedPoint, EpsForecast, ReportSummary, ReportViews


def report(report_id, broker, date, subject, tickers, rating, tp, eps, arguments=(), risks=()):
    return ReportSummary(
        report_id=report_id, source=f"{report_id}.pdf", page_count=10, title=f"{broker}研报", broker=broker,
        date=date, tickers=tickers, subject=subject,
        views=ReportViews(rating=rating, rating_page=0, target_price=tp, target_price_page=0 if tp else None,
                          eps_forecasts=[EpsForecast(year=y, eps=v, page=3) for y, v in eps]),
        core_arguments=[CitedPoint(text=t, pages=p) for t, p in arguments],
        risks=[CitedPoint(text=t, pages=p) for t, p in risks])


CATL = "宁德时代(300750.SZ)"


def topic(result, name):
    """The topic view that covers `name` (topics with identical points are merged: "需求、储能")."""
    (view,) = [t for t in result.topics if name in t.topic.split("、")]
    return view


@pytest.fixture()
def reports():
    return [
        report("r_citic", "中信证券", "2025-03-18", CATL, ["300750.SZ"], "买入", 320.0,
               [("2025E", 11.8), ("2026E", 14.0)],
               arguments=[("储能需求超预期，海外大储订单饱满", [2])], risks=[("原材料价格大幅波动", [9])]),
        report("r_htsc", "华泰证券", "2025-03-26", CATL, ["300750.SZ"], "增持", 280.0, [("2025E", 11.2)],
               arguments=[("储能价格战加剧，短期盈利承压", [1, 4])], risks=[("海外政策变化", [8])]),
        report("r_cms", "招商证券", "2025-03-20", "比亚迪(002594.SZ)", ["002594.SZ"], "强烈推荐", 400.0,
               [("2025E", 15.0)], arguments=[("储能业务受益海外需求景气", [3])]),
    ]


def test_target_price_and_eps_only_from_the_same_stock(reports):
    result = build_consensus(reports)
    assert result.ticker == "300750.SZ"
    tp = result.target_price
    mean = (320 + 280) / 2
    std = math.sqrt(((320 - mean) ** 2 + (280 - mean) ** 2) / (2 - 1))
    assert (tp.n, tp.min, tp.max, tp.median) == (2, 280, 320, 300)
    assert tp.spread == pytest.approx(320 / 280 - 1)
    assert tp.std == pytest.approx(std) and tp.cv == pytest.approx(std / mean)
    assert {(v.broker, v.report_id, v.value, v.page) for v in tp.values} == {
        ("中信证券", "r_citic", 320, 0), ("华泰证券", "r_htsc", 280, 0)}

    eps = {e.year: e for e in result.eps_dispersion}
    assert set(eps) == {"2025E", "2026E"}
    e = eps["2025E"]
    eps_mean = (11.8 + 11.2) / 2
    eps_std = math.sqrt(((11.8 - eps_mean) ** 2 + (11.2 - eps_mean) ** 2) / 1)
    assert e.n == 2 and e.mean == pytest.approx(eps_mean) and e.median == pytest.approx(eps_mean)
    assert e.std == pytest.approx(eps_std) and e.cv == pytest.approx(eps_std / eps_mean)
    assert eps["2026E"].n == 1 and eps["2026E"].std is None and eps["2026E"].cv is None
    assert any("r_cms" in note and "002594.SZ" in note for note in result.notes)


def test_rating_buckets_keep_the_brokers_word(reports):
    reports[1] = reports[1].model_copy(update={"views": reports[1].views.model_copy(update={"rating": "审慎增持"})})
    dist = build_consensus(reports).rating_distribution
    assert dist.counts == {"买入": 1, "增持": 1, "中性": 0, "减持": 0, "卖出": 0}
    assert {(v.broker, v.rating, v.bucket) for v in dist.votes} == {("中信证券", "买入", "买入"),
                                                                    ("华泰证券", "审慎增持", "增持")}


@pytest.mark.parametrize("word, bucket", [
    ("强烈推荐", "买入"), ("强烈推荐-A", "买入"), ("买入（维持）", "买入"), ("维持“买入”评级", "买入"),
    ("推荐", "增持"), ("谨慎推荐", "增持"), ("审慎增持", "增持"), ("跑赢行业", "增持"), ("优于大市", "增持"),
    ("持有", "中性"), ("标配", "中性"), ("回避", "减持"), ("卖出", "卖出"), ("Outperform", "增持"),
    ("看看再说", None), (None, None),
])
def test_rating_bucket_mapping(word, bucket):
    assert rating_bucket(word) == bucket


def test_divergent_topic_when_stances_conflict(reports):
    result = build_consensus(reports)
    storage = topic(result, "储能")
    assert storage.status == "divergence" and storage in result.divergence
    assert {(p.broker, p.report_id, p.stance, tuple(p.pages)) for p in storage.points} == {
        ("中信证券", "r_citic", "positive", (2,)), ("华泰证券", "r_htsc", "negative", (1, 4))}
    assert "招商证券" not in storage.brokers  # its views are about another stock


def test_consensus_topic_when_two_brokers_agree(reports):
    reports[1] = reports[1].model_copy(update={"core_arguments": [CitedPoint(text="储能出货加速，海外订单放量", pages=[2])]})
    storage = topic(build_consensus(reports), "储能")
    assert storage.status == "consensus" and storage.stance == "positive"


def test_a_listed_risk_is_not_a_divergence(reports):
    reports[1] = reports[1].model_copy(update={"core_arguments": [], "risks": [CitedPoint(text="储能需求不及预期", pages=[8])]})
    assert topic(build_consensus(reports), "储能").status == "mixed"  # 中信 argues up, 华泰 only hedges
    reports[0] = reports[0].model_copy(update={"core_arguments": [CitedPoint(text="储能价格战承压", pages=[2])]})
    storage = topic(build_consensus(reports), "储能")
    assert (storage.status, storage.stance) == ("consensus", "negative")


def test_topics_with_the_same_points_are_merged(reports):
    names = {t.topic for t in build_consensus(reports).topics}
    assert "竞争、盈利" in names and "竞争" not in names  # only 华泰's price-war point mentions either


def test_unverified_points_are_ignored(reports):
    bad = CitedPoint(text="储能价格战加剧，短期盈利承压", pages=[1], verified=False)
    reports[1] = reports[1].model_copy(update={"core_arguments": [bad]})
    assert topic(build_consensus(reports), "储能").status == "single"


@pytest.mark.parametrize("text, stance", [
    ("储能需求超预期", "positive"), ("储能价格战承压", "negative"), ("行业景气下行", "negative"),
    ("行业景气度回升，受益明显", "positive"), ("关注海外建厂进展", "neutral"),
])
def test_stance_lexicon(text, stance):
    assert stance_of(text) == stance


def test_dissenter_is_named_with_its_own_points(reports):
    reports.append(report("r_gj", "国金证券", "2025-03-28", CATL, ["300750.SZ"], "中性", 200.0, [("2025E", 9.5)],
                          arguments=[("储能价格战导致单位盈利下滑", [5])]))
    result = build_consensus(reports)
    assert result.target_price.median == 280  # 200, 280, 320
    (dissent,) = result.dissenters
    assert dissent.broker == "国金证券"
    assert any(r == f"目标价 200 元较中位数 280 元低 {1 - 200 / 280:.1%}" for r in dissent.reasons)
    assert any("中性" in r for r in dissent.reasons)
    assert dissent.points and all(p.report_id == "r_gj" for p in dissent.points)


def test_primary_ticker_of_a_report():
    peers = ["300750.SZ", "002594.SZ", "300014.SZ"]
    assert primary_ticker(report("a", "x", None, "宁德时代深度报告", peers, "买入", 320.0, [])) == "300750.SZ"
    assert primary_ticker(report("b", "x", None, "储能行业策略", peers, "增持", None, [])) is None
    assert primary_ticker(report("c", "x", None, "比亚迪(002594.SZ)", peers, "买入", None, [])) == "002594.SZ"
    assert primary_ticker(report("d", "x", None, "点评", ["300750.SZ"], "买入", None, [])) == "300750.SZ"


def test_two_brokers_have_no_odd_one_out(reports):
    assert build_consensus(reports).dissenters == []


def test_latest_report_per_broker_counts(reports):
    older = report("r_citic_old", "中信证券", "2024-10-30", CATL, ["300750.SZ"], "增持", 250.0, [("2025E", 10.0)])
    result = build_consensus([older] + reports)
    assert "r_citic_old" not in result.report_ids
    assert result.target_price.min == 280
    assert any("r_citic_old" in note for note in result.notes)


def test_industry_reports_get_no_target_price():
    industry = [report("i1", "广发证券", "2025-02-18", "储能行业", [], "买入", None, []),
                report("i2", "申万宏源", "2025-03-10", "储能行业", [], "看看再说", None, [])]
    result = build_consensus(industry, subject="储能行业")
    assert result.ticker is None and result.target_price is None and result.eps_dispersion == []
    assert result.rating_distribution.counts["买入"] == 1
    assert any("无法归类" in note for note in result.notes)


def test_markdown_tables_and_citations(reports):
    md = render_markdown(build_consensus(reports))
    assert md.startswith("# 卖方观点汇总：宁德时代(300750.SZ)")
    assert "| 买入 | 1 | 中信证券（买入）[中信证券 · r_citic · p.0] |" in md
    assert "| 2 | 280.00 | 320.00 | 300.00 | 300.00 | 14.3% |" in md
    assert "| 2025E | 2 | 11.50 |" in md
    divergence = md[md.index("## 分歧"):]
    assert "**储能**" in divergence
    assert "[华泰证券 · r_htsc · p.1][华泰证券 · r_htsc · p.4]" in divergence
    assert "## 共识" in md and md.index("## 共识") < md.index("## 分歧")
