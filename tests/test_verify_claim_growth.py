"""A model's claim keeps its verified text and figure, but not a computed field it supplied."""
from agents.summarize.verify import check_claims
from tools.claims.model import Claim, ClaimValue

PAGE = "我们预计公司2025年营业收入为120亿元，同比增长20%。"


def _claim(growth):
    value = ClaimValue(text="120亿元", min=120, max=120, unit="亿元", growth=growth)
    return Claim(text="我们预计公司2025年营业收入为120亿元", page=1, metric="营业收入", period="2025E", value=value)


def test_growth_from_a_model_is_dropped():
    kept = check_claims([_claim(85.0)], {1: PAGE}, [])
    assert len(kept) == 1 and kept[0].verified
    assert kept[0].value.growth is None
    assert kept[0].value.min == 120


def test_unsupported_claim_is_flagged_not_kept():
    flagged = []
    assert check_claims([_claim(None).model_copy(update={"text": "公司2025年营业收入将翻倍至300亿元"})], {1: PAGE}, flagged) == []
    assert len(flagged) == 1
