"""A kept claim without a side of its own takes its report's outlook (tools/claims/stance_kept.py), and the
data the stance estimates are measured on (scripts/stance_data.py)."""

from __future__ import annotations

import pytest

from scripts import stance_data
from tools.claims.model import Claim
from tools.claims.stance_kept import with_outlook


def _claim(text: str, stance: str = "neutral", direction: str | None = None) -> Claim:
    return Claim(text=text, page=0, topic="盈利", metric="净利润", stance=stance, direction=direction)


@pytest.mark.parametrize("outlook", ["positive", "negative"])
def test_a_kept_claim_without_a_side_argues_the_rating(outlook):
    assert with_outlook(_claim("我们预计红海航线全面复航的时间不早于2026年下半年"), outlook).stance == outlook


@pytest.mark.parametrize("claim", [
    _claim("预计全年吨价同比基本持平"),  # a held level is the claim
    _claim("我们预计经营利润率保持稳定"),
    _claim("预计收入与上年相当", direction="flat"),
    _claim("订单同比增长30%", stance="positive"),  # a side of its own stands
    _claim("毛利率同比下滑2个百分点", stance="negative"),
])
def test_levels_and_stated_sides_stand(claim):
    assert with_outlook(claim, "positive") is claim


def test_a_neutral_outlook_lends_nothing():
    claim = _claim("我们预计红海航线全面复航的时间不早于2026年下半年")
    assert with_outlook(claim, "neutral") is claim


def test_only_the_dev_half_is_read():
    numbers = [int(stance_data._CASE_NO.match(f.name)[1]) for f in stance_data.dev_case_files()]
    assert numbers and all(n % 2 == 1 for n in numbers)


def test_the_sentence_holding_a_quote_is_cut_at_sentence_ends():
    page = "公司收入稳定。市场担忧价格战，我们认为龙头\n受影响有限，份额提升。下一句。"
    assert stance_data.sentence_of(page, "龙头受影响有限") == "市场担忧价格战，我们认为龙头受影响有限，份额提升。"
    assert stance_data.sentence_of(page, "不在页上") == "不在页上"


def test_every_invented_sentence_is_labelled():
    rows = stance_data.invented()
    assert len(rows) >= 60
    assert all(r["stance"] in ("positive", "negative", "neutral") and r["text"] and r["kind"] for r in rows)


@pytest.mark.parametrize("rating, stance", [("买入", "positive"), ("减持", "negative"), ("中性", "neutral")])
def test_extracted_claims_carry_it(rating, stance):
    from tools.claims.extract import claim_from_text, extract_claims

    sentence = "我们预计2026年产能利用率约为85%。"
    assert claim_from_text(sentence, 0, 2025).stance == "neutral"  # the rule reader alone finds no side
    pages = [(0, f"某某证券 公司点评\n投资评级：{rating}（维持）\n{sentence}\n")]
    assert [(c.text, c.stance) for c in extract_claims(pages, report_year=2025)] == [(sentence, stance)]
