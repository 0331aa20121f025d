"""A rebuttal whose rebutted view another broker holds is one divergence between the two (tools/claims/rebuttal.py)."""

from agents.consensus.claim_views import claim_divergences
from tools.claims.model import Claim
from tools.claims.rebuttal import holds_rebutted_view, rebutted_view

REBUTTAL = Claim(text="市场担忧扩产带来的折旧压力将持续侵蚀利润，我们认为2026年新增折旧对毛利率的拖累有限。", page=0,
                 topic="盈利能力", metric="毛利率", period="2026E", stance="positive", self_declared=True)
HOLDER = Claim(text="盈利能力：扩产后折旧压力仍大，将持续侵蚀利润。", page=1, topic="盈利能力", stance="negative")
BYSTANDER = Claim(text="海外客户认证推进顺利，12英寸硅片出货量有望持续提升。", page=1, topic="需求", stance="negative")


def test_the_rebutted_view_is_the_words_after_its_attribution():
    assert rebutted_view(REBUTTAL.text) == "扩产带来的折旧压力将持续侵蚀利润"
    assert rebutted_view("我们与市场的分歧在于：市场认为国际气价回落将扩大平台交易气利润，我们认为…") == "国际气价回落将扩大平台交易气利润"
    assert rebutted_view("与部分投资者的担忧不同，我们认为摊薄可控。") is None  # the view is not named


def test_a_holder_repeats_the_view_on_the_other_side():
    assert holds_rebutted_view(REBUTTAL, HOLDER)
    assert not holds_rebutted_view(REBUTTAL, BYSTANDER)  # another topic
    assert not holds_rebutted_view(REBUTTAL, HOLDER.model_copy(update={"stance": "positive"}))  # the same side
    assert not holds_rebutted_view(REBUTTAL, HOLDER.model_copy(update={"period": "2027E"}))  # another year
    quoted = HOLDER.model_copy(update={"text": "市场担忧扩产带来的折旧压力将持续侵蚀利润，但我们认为公司成本领先。"})
    assert not holds_rebutted_view(REBUTTAL, quoted)  # the other report rebuts the same worry: it does not hold it


def test_rebuttal_pairs_with_the_holder_else_stands_against_the_market():
    paired = claim_divergences([("华安证券", "r1", REBUTTAL), ("国信证券", "r2", HOLDER)])
    assert [(d.against, [c.report_id for c in d.claims], d.types) for d in paired] == \
        [(None, ["r1", "r2"], ["stance", "self_declared"])]
    alone = claim_divergences([("华安证券", "r1", REBUTTAL), ("国信证券", "r2", BYSTANDER)])
    assert [(d.against, len(d.claims)) for d in alone] == [("市场", 1)]
