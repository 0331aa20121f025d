"""The metric identity of two brokers' claims: the learned veto (tools.claims.metric_model) and the qualifier and
quantity names brokers use for one quantity (tools.claims.metric_identity). Sentences invented for the tests."""

from tools.claims.compare import conflict
from tools.claims.extract import claim_from_text
from tools.claims.metric_identity import quantity_tie
from tools.claims.metric_model import FEATURES, one_quantity, pair_features, score, weights


def claims(a: str, b: str):
    return claim_from_text(a, 1, 2025), claim_from_text(b, 1, 2025)


def test_the_weights_name_every_feature_and_the_veto_lies_under_the_threshold():
    model = weights()
    assert set(model["weights"]) == set(FEATURES)
    assert 0 < model["veto"] < model["threshold"] < 1


def test_features_are_measures_in_the_unit_interval():
    a, b = claims("我们预计2025年公司毛利率约22%。", "我们预计2025年公司毛利率约18%，同比下降2个百分点。")
    features = pair_features(a, b, company_report=True)
    assert len(features) == len(FEATURES) and all(0.0 <= x <= 1.0 for x in features)


def test_shared_wording_raises_the_score():
    model = weights()
    base = [0.0] * len(FEATURES)
    shared = base.copy()
    shared[FEATURES.index("common_run")] = 1.0
    assert score(shared, model) > score(base, model)


def test_one_quantity_in_two_wordings_scores_above_the_threshold():
    a, b = claims("我们预计2025年公司归母净利润约12.0亿元。", "我们预计2025年公司净利润约15.0亿元。")
    assert one_quantity(a, b, company_report=True) >= weights()["threshold"]


def test_unrelated_quantities_score_under_the_veto():
    a, b = claims("我们预计钢铁行业需求仍将承压，螺纹钢价格或继续下行。", "随着高端产品放量，我们预计2025年公司吨钢毛利有望提升至300元。")
    assert one_quantity(a, b, company_report=True) < weights()["veto"]


def test_a_rule_tie_the_wording_does_not_support_is_vetoed():
    # A power price and the profit it feeds: the wording scores under the veto, and the price named in the profit
    # claim's premise (考虑到…) is no named subject (it is argued where the report states it), so nothing ties them.
    a, b = claims("2026年煤电年度长协电价同比下降约5%，综合上网电价降幅约2%。",
                  "考虑到煤价下行与容量电费增加，我们预计2026年公司归母净利润约140亿元，利润仍将保持增长。")
    assert quantity_tie(a, b, company_report=True) == ""
    assert one_quantity(a, b, company_report=True) < weights()["veto"]
    assert conflict(a, b, company_report=True) == []


def test_net_profit_with_or_without_its_parent_share_is_one_quantity():
    a, b = claims("我们预计2025年公司归母净利润约12.0亿元。", "我们预计2025年公司净利润约15.0亿元。")
    assert conflict(a, b, company_report=True) == ["value"]


def test_the_overall_margin_is_the_company_margin():
    a, b = claims("我们预计2025年公司综合毛利率约18%。", "我们预计2025年公司毛利率约22%。")
    assert conflict(a, b, company_report=True) == ["value"]
