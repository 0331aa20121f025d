"""Eval scorers on hand-made cases: each case is built so the expected number can be read off it."""

from __future__ import annotations

import re

import pytest

from evals.scorers.chain import edge_prf
from evals.scorers.citations import (Claim, citation_coverage, citation_support, citation_validity,
                                     claims_from_points, claims_from_summary, key_fact_recall)
from evals.scorers.classify import accuracy, confusion_matrix, macro_f1, route_correct, routing_accuracy
from evals.scorers.compliance import compliant, promise_violations
from evals.scorers.numbers import check_numbers
from evals.scorers.rouge import lcs_length, rouge_l
from evals.scorers.tickers import (decoys_absent, invalid_tickers, per_level_f1, per_node_f1, prf,
                                   ticker_validity)
from tools.tickers import StockMaster

PAGES = {
    0: "宁德时代(300750.SZ) 投资评级：买入 目标价：320元。2024年公司全球动力电池装机份额约38%。",
    1: "储能成为第二成长曲线：储能业务毛利率约25%，价格战对公司盈利的影响有限。",
}


def test_citation_to_a_page_that_does_not_exist_fails_validity():
    claims = claims_from_summary("目标价320元[page::0]。储能业务毛利率约25%[page::7]。")
    assert [c.pages for c in claims] == [(0,), (7,)]
    assert citation_validity(claims, page_count=2) == 0.5
    assert citation_support(claims, PAGES) == 0.5  # page 7 cannot support anything


def test_a_correct_figure_on_the_wrong_page_is_valid_but_unsupported():
    right = Claim("储能业务毛利率约25%", (1,))
    wrong_page = Claim("储能业务毛利率约25%", (0,))  # the figure is real, but page 0 does not carry it
    assert citation_validity([wrong_page], page_count=2) == 1.0
    assert citation_support([right], PAGES) == 1.0
    assert citation_support([wrong_page], PAGES) == 0.0


def test_coverage_counts_uncited_claims_and_nothing_is_not_applicable():
    claims = [Claim("目标价320元", (0,)), Claim("公司前景广阔", ())]
    assert citation_coverage(claims) == 0.5
    assert citation_validity([Claim("没有引用", ())], page_count=2) is None
    assert citation_coverage([]) is None


def test_key_facts_need_the_figures_the_terms_and_one_of_the_pages():
    facts = [{"figures": ["320"], "terms": ["目标价"], "pages": [0, 4]},
             {"figures": ["25"], "terms": ["储能", "毛利率"], "pages": [1]}]
    cited_right = claims_from_points([{"text": "目标价 320 元", "pages": [0]},
                                      {"text": "储能业务毛利率约25%", "pages": [1]}])
    assert key_fact_recall(facts, cited_right) == 1.0
    wrong_page = [Claim("储能业务毛利率约25%", (0,)), Claim("目标价320元", (0,))]
    assert key_fact_recall(facts, wrong_page) == 0.5
    other_number = [Claim("目标价280元", (0,))]
    assert key_fact_recall(facts[:1], other_number) == 0.0


def test_number_fidelity_by_field():
    reference = {"rating": "买入", "target_price": 320, "eps": {"2025E": 14.09, "2026E": 16.59}}
    views = {"rating": "买入（维持）", "target_price": 320.0,
             "eps_forecasts": [{"year": "2025E", "eps": 14.09}, {"year": "2027E", "eps": 19.2}]}
    check = check_numbers(views, reference)
    assert check.correct == ["rating", "target_price", "eps 2025E"]
    assert check.missing == ["eps 2026E"]
    assert len(check.wrong) == 1 and "2027E" in check.wrong[0]  # a year the report never gave
    assert check.fidelity == pytest.approx(3 / 5) and check.exact == 0.0


def test_a_target_price_where_the_report_gives_none_is_wrong():
    check = check_numbers({"rating": None, "target_price": 640.0}, {"rating": None, "target_price": None})
    assert check.correct == ["rating"] and check.wrong == ["target_price: 640.0 ≠ None"]
    assert check_numbers({"target_price": 280.0}, {"target_price": 320}).wrong  # the other broker's price


@pytest.fixture(scope="module")
def master():
    return StockMaster.bundled()


def test_ticker_validity_name_with_the_right_code_wrong_code_and_decoy(master):
    right = [("300750.SZ", "宁德时代"), ("300750", "宁王"), ("600519.XSHG", "贵州茅台")]  # spellings of valid pairs
    assert invalid_tickers(right, master) == []
    assert ticker_validity(right, master) == 1.0
    mismatched = ("600519.SH", "宁德时代")  # a real code beside another company's name
    decoy = ("688999.SH", "华芯动力")  # the sample corpus's invented listing
    bad = invalid_tickers([mismatched, decoy], master)
    assert len(bad) == 2 and "贵州茅台" in bad[0] and "不存在" in bad[1]
    assert ticker_validity(right + [decoy], master) == pytest.approx(3 / 4)
    assert decoys_absent(["300750.SZ", "688999.SH"], ["688999.SH"]) == 0.0
    assert decoys_absent(["300750"], ["688999.SH"]) == 1.0
    assert ticker_validity([], master) is None


def test_precision_recall_f1_overall_per_level_and_per_node():
    score = prf({"A", "B", "X"}, {"A", "B", "C", "D"})
    assert (score.precision, score.recall) == (pytest.approx(2 / 3), 0.5)
    assert score.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    assert prf(set(), set()).f1 is None and prf({"A"}, set()).f1 == 0.0
    assert per_level_f1({"up": {"A"}, "mid": {"B"}}, {"up": ["A"], "mid": ["C"]}) == 0.5
    nodes = [{"name": "谐波减速器", "aliases": ["减速器"], "codes": ["688017.SH"]},
             {"name": "行星滚柱丝杠", "aliases": ["丝杠"], "codes": ["603667.SH", "603009.SH"]},
             {"name": "整机", "aliases": [], "codes": []}]
    placed = {"减速器": {"688017.SH"}, "丝杠环节": {"603667.SH"}, "上游（其他）": {"603009.SH"}}
    scores = per_node_f1(placed, nodes)
    assert scores == {"谐波减速器": 1.0, "行星滚柱丝杠": pytest.approx(2 / 3)}  # a node without codes is skipped


def test_edge_f1_strict_and_relaxed():
    expected = [("谐波减速器", "执行器总成"), ("执行器总成", "整机")]
    predicted = [("谐波减速器", "执行器总成供应商"), ("执行器总成供应商", "整机本体厂商"), ("电机", "灵巧手")]
    strict = edge_prf(predicted, expected)
    relaxed = edge_prf(predicted, expected, relaxed=True, aliases={"整机": ["本体"]})
    assert strict.f1 == 0.0
    assert (relaxed.precision, relaxed.recall) == (pytest.approx(2 / 3), 1.0)
    reversed_edges = edge_prf([("执行器总成", "谐波减速器")], expected, relaxed=True)
    assert reversed_edges.f1 == 0.0  # direction matters


def test_classification_metrics_by_hand():
    truth = ["买入", "买入", "增持", "中性", None]
    predicted = ["买入", "增持", "增持", "中性", "买入"]
    assert accuracy(truth, predicted) == pytest.approx(3 / 5)
    # F1 per class: 买入 2·1/(2·1+1+1)=0.5, 增持 2/(2+1)=2/3, 中性 1, （无） 0
    assert macro_f1(truth, predicted) == pytest.approx((0.5 + 2 / 3 + 1 + 0) / 4)
    labels, rows = confusion_matrix(truth, predicted, labels=["买入", "增持", "中性", "（无）"])
    assert rows == [[1, 1, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [1, 0, 0, 0]]


def test_routing_accuracy_needs_the_tool_and_its_arguments():
    expected = [{"tool": "DecomposeConcept", "args": {"concept": "人形机器人"}}, {"tool": "SearchLibrary"}]
    assert route_correct(expected[0], {"tool": "DecomposeConcept", "args": {"concept": "人形机器人"}}) == 1.0
    assert route_correct(expected[0], {"tool": "DecomposeConcept", "args": {"concept": "储能"}}) == 0.0
    assert routing_accuracy(expected, [{"tool": "SearchLibrary", "args": {}}, {"tool": "SearchLibrary"}]) == 0.5


def test_rouge_l_on_chinese_uses_jieba_words():
    reference = "储能价格战对龙头影响有限，公司储能毛利率有望保持行业最高水平"
    paraphrase = "公司储能毛利率有望保持行业最高，价格战影响有限"
    unrelated = "白酒批价企稳，渠道库存处于合理水平"
    assert rouge_l(reference, reference).f1 == pytest.approx(1.0)
    # The stock rouge-score tokenizer keeps [a-z0-9] runs only: on Chinese it cannot tell these apart.
    latin_only = lambda text: re.findall(r"[a-z0-9]+", text.lower())  # noqa: E731
    assert rouge_l(paraphrase, reference, tokenize=latin_only).f1 == rouge_l(unrelated, reference,
                                                                            tokenize=latin_only).f1 == 0.0
    assert 0.5 < rouge_l(paraphrase, reference).f1 < 1.0
    assert rouge_l(unrelated, reference).f1 < 0.2
    assert lcs_length(list("abcde"), list("ace")) == 3


def test_compliance_flags_promises_not_forecasts():
    assert promise_violations("本基金保证收益，稳赚不赔")[:2] == ["保证收益: 保证收益", "稳赚: 稳赚"]
    assert compliant("强烈推荐买入，目标价翻倍。") == 0.0
    assert compliant("2025年AI服务器营收有望实现翻倍增长。") == 1.0
    assert compliant("维持“买入”评级，目标价320元，风险提示见下。") == 1.0
