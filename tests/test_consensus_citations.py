"""Every number in a consensus is on the page it cites (issue 13): the checker, and the real pipeline on
labelled cases of the dev half (odd ids)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from evals.scorers.aggregation_citations import cited_numbers

PAGES = {"r1": {0: "华泰证券 买入（维持） 目标价280.00元 现价245.60元", 1: "营业收入（百万元） 362,013 398,500",
                2: "我们预计储能毛利率约22%。"}}


def consensus(**parts) -> dict:
    return {"rating_distribution": {"votes": []}, "target_price": None, "upside": [], "eps_dispersion": [],
            "forecast_dispersion": [], "claim_divergences": [], "topics": []} | parts


def test_figures_and_claims_on_their_pages_pass():
    c = consensus(rating_distribution={"votes": [{"report_id": "r1", "rating": "买入", "page": 0}]},
                  target_price={"values": [{"report_id": "r1", "value": 280.0, "page": 0}]},
                  upside=[{"report_id": "r1", "target_price": 280.0, "current_price": 245.6, "target_page": 0,
                           "current_page": 0}],
                  forecast_dispersion=[{"metric": "营业收入", "year": "2025E",
                                        "values": [{"report_id": "r1", "value": 3620.13, "page": 1}]}],
                  topics=[{"points": [{"report_id": "r1", "pages": [2], "text": "我们预计储能毛利率约22%。"}]}])
    assert cited_numbers(c, PAGES) == (6, [])


@pytest.mark.parametrize("part, expected", [
    ({"target_price": {"values": [{"report_id": "r1", "value": 320.0, "page": 0}]}}, "目标价 320"),
    ({"target_price": {"values": [{"report_id": "r1", "value": 280.0, "page": 2}]}}, "目标价 280"),
    ({"target_price": {"values": [{"report_id": "r1", "value": 280.0, "page": None}]}}, "无引用页"),
    ({"eps_dispersion": [{"year": "2025E", "values": [{"report_id": "r1", "value": 3620.13, "page": 1}]}]}, "EPS"),
    ({"claim_divergences": [{"claims": [{"report_id": "r1", "page": 2, "text": "毛利率约25%"}]}]}, "分歧观点"),
    ({"rating_distribution": {"votes": [{"report_id": "r1", "rating": "增持", "page": 0}]}}, "评级"),
])
def test_a_figure_or_claim_off_its_page_is_named(part, expected):
    checked, missing = cited_numbers(consensus(**part), PAGES)
    assert checked == 1 and len(missing) == 1 and expected in missing[0]


@pytest.mark.parametrize("case_id", ["agg-01-", "agg-39-", "agg-63-"])
def test_consensus_of_a_labelled_case_cites_only_what_its_pages_say(case_id):
    from agents.consensus.aggregate import build_consensus
    from evals.labelled.schema import load_aggregation
    from evals.solvers.aggregation_labelled import load_case, report_pages, summarize_report

    ids = [c.id for c in load_aggregation() if c.id.startswith(case_id)]
    case = load_case(ids[0])
    ctx = SimpleNamespace(engine="extractive")  # the offline path reads nothing else of a Context
    summaries = [asyncio.run(summarize_report(r, ctx)) for r in case.reports]
    result = build_consensus(summaries, ticker=case.subject.get("code"),
                             subject=case.subject.get("name") or case.subject.get("topic"))
    checked, missing = cited_numbers(result.model_dump(mode="json"),
                                     {r.id: dict(report_pages(r)) for r in case.reports})
    assert checked > 10 and missing == []
