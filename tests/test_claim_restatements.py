"""A view stated on the cover and restated in the body is one claim under one topic (tools/claims/topics.py)."""

from tools.claims.extract import extract_claims
from tools.claims.model import Claim
from tools.claims.restate import restatement, restates
from tools.claims.metric_identity import one_quantity_links
from tools.claims.topics import unify_topics

COVER = ("某某乳业（600000）\n评级：买入\n投资要点：\n"
         "量：我们预计全年液奶销量有望增长3%左右；\n"
         "价：市场担忧终端促销加码拖累产品结构，我们认为公司高端化方向不变。\n"
         "成本：原奶价格下行的红利有望延续至2026年上半年。\n")
BODY = ("1. 销量：基数走低，四季度回暖\n"
        "受消费偏弱影响，三季度液奶销量同比下滑2.1%，但四季度基数较低，我们预计全年液奶销量有望增长3%左右。\n"
        "2. 吨价：高端化方向不变\n"
        "市场担忧终端促销加码将拖累产品结构。我们认为公司高端化方向不变：新渠道的高端产品占比更高，"
        "大单品铺货仍在扩张。我们预计全年吨价同比提升2%-3%，高端产品是吨价提升的主要来源。\n")
COSTS = "3. 成本：红利延续\n我们认为原奶价格下行的红利有望延续至2026年上半年，毛利率仍有提升空间。\n"


def claims():
    return extract_claims([(0, COVER), (1, BODY), (2, COSTS)], report_year=2025)


def holding(found, words):
    return [c for c in found if words in c.text]


def test_the_cover_bullet_and_the_body_sentence_restating_it_are_one_claim():
    found = claims()
    volume = holding(found, "液奶销量有望增长3%左右")
    assert len(volume) == 1 and {volume[0].page, *volume[0].also_pages} == {0, 1}
    costs = holding(found, "红利有望延续至2026年上半年")
    assert len(costs) == 1 and {costs[0].page, *costs[0].also_pages} == {0, 2}


def test_a_cover_bullet_restated_by_a_body_paragraph_shares_the_topic_of_its_claim():
    found = claims()
    worry = holding(found, "高端化方向不变")
    price = holding(found, "吨价同比提升2%-3%")
    assert worry and len(price) == 1
    assert {c.topic for c in worry + price} == {price[0].topic}


def test_every_merged_page_holds_the_restatement():
    pages = {0: COVER, 1: BODY, 2: COSTS}
    for claim in claims():
        assert claim.text in pages[claim.page]
        for page in claim.also_pages:
            assert any(restates(claim.text, line) for line in pages[page].replace("。", "。\n").split("\n") if line)


def test_two_views_on_one_page_do_not_merge():
    page = ("我们预计2025年公司储能电池出货量同比增长40%，海外订单占比持续提升。"
            "我们预计2025年公司动力电池出货量同比增长15%，国内份额保持稳定。")
    found = extract_claims([(1, page)], report_year=2025)
    assert len(holding(found, "储能电池出货量")) == 1 and len(holding(found, "动力电池出货量")) == 1


def test_the_same_words_about_another_year_or_figure_are_not_a_restatement():
    assert not restates("我们预计2025年销量同比增长5%", "我们预计2026年销量同比增长5%")
    assert not restates("我们预计全年吨价同比提升约2%", "我们预计全年吨价同比提升约4%")
    assert restates("价：我们预计全年吨价同比提升约2%", "受益于结构升级，我们预计全年吨价同比提升约2%。")


def test_opposite_stances_or_directions_never_merge():
    up = Claim(text="我们认为行业需求将逐季回暖并带动出货增长", page=0, stance="positive", direction="up")
    down = Claim(text="我们认为行业需求将逐季回落并拖累出货增长", page=1, stance="negative", direction="down")
    assert restatement(up, down) is None
    assert restatement(up, up.model_copy(update={"page": 0})) is None  # one page: two sentences, two claims


def test_restating_claims_from_the_model_sit_under_one_topic():
    cover = Claim(text="价：市场担忧促销加码，我们认为公司高端化方向不变", page=0, topic="其他")
    body = Claim(text="市场担忧促销加码将拖累结构，我们认为公司高端化方向不变，吨价仍将提升", page=1, topic="价格")
    assert {c.topic for c in unify_topics([cover, body])} == {"价格"}


def test_one_quantity_restated_in_other_words_sits_under_one_topic():
    # the cover's margin and the body's margin of one segment, worded apart on two pages: one thread
    cover = Claim(text="我们预计2026年储能毛利率约22%", page=0, topic="盈利预测", metric="储能毛利率")
    body = Claim(text="价格竞争加剧，储能业务毛利率承压", page=2, topic="竞争格局", metric="储能业务毛利率")
    assert {c.topic for c in unify_topics([cover, body], one_quantity_links([cover, body]))} == {"盈利预测"}


def test_two_generic_quantities_are_not_one_thread_by_their_word_alone():
    revenue = Claim(text="预计2026年营业收入同比增长12%", page=0, topic="盈利预测", metric="营业收入")
    other = Claim(text="海外市场拓展带动营业收入增长", page=3, topic="海外", metric="营业收入")
    assert one_quantity_links([revenue, other]) == []
