"""One notion of "the same claim" (tools/claims/restate.py), used by the extraction to merge and by the topics to
link. Sentences invented for this test (forklifts, cold storage, separators: no labelled case); reports dated 2025."""

from __future__ import annotations

from tools.claims.extract import claim_from_text, extract_claims
from tools.claims.restate import figures, restatement


def _on(page: int, text: str):
    return claim_from_text(text, page=page, report_year=2025)


def test_a_cover_bullet_and_its_body_sentence_are_one_claim():
    cover = _on(0, "出货：全年叉车出货量有望增长12%左右。")
    body = _on(1, "受益于海外渠道拓展，我们预计全年叉车出货量有望增长12%左右。")
    assert restatement(cover, body) == "same"


def test_thousands_separators_name_the_same_figure():
    assert figures("归母净利润为1,350百万元") == figures("归母净利润为1350百万元") == figures("归母净利润为13.5亿元")
    cover = _on(0, "我们预计2026年公司归母净利润为1,350百万元。")
    body = _on(1, "维持盈利预测，我们预计2026年公司归母净利润为1350百万元。")
    assert restatement(cover, body) == "same"


def test_the_same_metric_period_and_value_in_other_words_is_one_claim():
    cover = _on(0, "隔膜：2026年公司隔膜出货量预计达45亿平方米。")
    body = _on(1, "海外客户持续放量，2026年公司隔膜出货量将达到45亿平方米。")
    assert restatement(cover, body) == "same"


def test_a_restatement_that_adds_a_figure_is_two_claims_of_one_thread():
    cover = _on(0, "我们预计2026年冷库出租率回升至约85%。")
    body = _on(1, "我们预计2026年冷库出租率回升至约85%，公司仓储收入同比增长约9%。")
    assert restatement(cover, body) == "part"


def test_other_figures_or_opposed_stances_are_two_views():
    assert restatement(_on(0, "我们预计2026年公司毛利率提升至约31%。"), _on(1, "我们预计2026年公司毛利率提升至约33%。")) is None
    assert restatement(_on(0, "我们认为海外订单将逐季回暖并带动出货增长。"),
                       _on(1, "我们认为海外订单将逐季回落并拖累出货增长。")) is None


def test_extraction_merges_the_same_claim_and_keeps_the_fuller_one_under_the_same_topic():
    pages = [(0, "投资要点\n我们预计2026年冷库出租率回升至约85%。\n出货：全年叉车出货量有望增长12%左右。"),
             (1, "受益于海外渠道拓展，我们预计全年叉车出货量有望增长12%左右。\n"
                 "我们预计2026年冷库出租率回升至约85%，公司仓储收入同比增长约9%。")]
    claims = extract_claims(pages, report_year=2025)
    forklifts = [c for c in claims if "叉车" in c.text]
    assert len(forklifts) == 1 and forklifts[0].also_pages == [1]
    storage = [c for c in claims if "冷库" in c.text]
    assert len(storage) == 2 and len({c.topic for c in storage}) == 1


def test_a_figure_added_as_a_fact_is_context_not_a_second_claim():
    # written after the first dev run of restate.py (a capacity figure split a cover bullet from its body sentence)
    cover = _on(0, "叉车：全年叉车出货量有望增长12%左右。")
    body = _on(1, "我们预计全年叉车出货量有望增长12%左右，公司叉车年产能8万台，弹性较大。")
    assert restatement(cover, body) == "same"


def test_a_bullet_title_and_its_paragraph_sentence_on_one_page_are_one_claim():
    # broker summary pages open each paragraph with a ▌ title restating its view; the figures follow in the sentence
    title = _on(0, "▌青花20批价企稳。")
    body = _on(0, "中秋国庆期间青花20批价稳定在380元附近，我们判断春节前批价将在380-400元区间企稳。")
    assert restatement(title, body) == "same" and restatement(body, title) == "same"
    assert restatement(_on(0, "▌青花20批价企稳。"), _on(0, "我们判断春节前青花20批价仍有下行压力。")) is None


def test_two_quarters_without_a_year_are_two_readings():
    second = claim_from_text("二季度冷库出租率环比提升。", page=0)  # no report year: no period read
    fourth = claim_from_text("四季度冷库出租率有望进一步提升。", page=3)
    assert (second.metric, second.period) == (fourth.metric, fourth.period)
    assert restatement(second, fourth) is None
