"""Citation checking: parsing `[page::N]`, figures, and the support rules, on hand-made pages and
on the sample report (where the default threshold was measured)."""

from __future__ import annotations

import pytest

from tools.citations import (extract_figures, figure_on_page, ngram_overlap, parse_cited_sentences,
                             verify_point, verify_sentence, verify_summary)
from tests.conftest import SAMPLES

PAGES = {
    0: "宁德时代(300750.SZ) 公司深度报告 投资评级：买入（维持） 目标价：320元",
    1: "公司2024年实现营业收入3620亿元，同比下降9.7%；归母净利润507亿元，同比增长15.0%。",
    2: "储能业务快速增长，2024年储能电池出货量达到93GWh，同比增长30%，海外大储订单饱满。",
    3: "我们预计公司2025-2027年EPS分别为11.8、14.0、16.5元，毛利率维持在23.5%左右。",
}


def test_sentences_split_with_markers_before_or_after_the_full_stop():
    text = "储能出货增长30%[page::2]。净利润增长15%。[page::1][page::1]没有引用的句子。EPS为11.8元 [page::3].\n"
    sentences = parse_cited_sentences(text)
    assert [s.pages for s in sentences] == [[2], [1], [], [3]]
    assert sentences[1].text == "净利润增长15%。"
    assert "[page::" not in "".join(s.text for s in sentences)
    assert "".join(s.raw for s in sentences) == text  # nothing lost or moved


def test_decimal_point_is_not_a_sentence_end():
    sentences = parse_cited_sentences("毛利率23.5%左右[page::3]。")
    assert len(sentences) == 1 and sentences[0].text == "毛利率23.5%左右。"


@pytest.mark.parametrize("text, figures", [
    ("毛利率23.5%，提升1.2个百分点", ["23.5", "1.2"]),
    ("毛利率 23.5 %", ["23.5"]),
    ("目标价３２０元", ["320"]),
    ("营收1,234.50亿元", ["1234.5"]),
    ("目标价320.0元", ["320"]),
    ("增速10-15%，2025E EPS 11.80元", ["10", "15", "2025", "11.8"]),
    ("市场规模1.2万亿，2025年45亿元", ["1.2", "2025", "45"]),
    ("宁德时代(300750.SZ)增长5%[page::12]", ["5"]),
])
def test_extract_figures_normalizes(text, figures):
    assert extract_figures(text) == figures


def test_cited_page_that_does_not_exist():
    v = verify_sentence("储能出货量达到93GWh", [12], PAGES)
    assert not v.verified and v.reason == "引用页 12 不存在"


def test_sentence_without_citation():
    v = verify_sentence("储能出货量达到93GWh", [], PAGES)
    assert not v.verified and v.reason == "缺少引用"


def test_correct_figure_on_the_wrong_page_fails():
    sentence = "2024年储能电池出货量达到93GWh，同比增长30%"
    assert verify_sentence(sentence, [2], PAGES).verified
    wrong = verify_sentence(sentence, [1], PAGES)
    assert not wrong.verified and "93" in wrong.reason and "[1]" in wrong.reason


def test_wrong_figure_on_the_right_page_fails():
    v = verify_sentence("2024年储能电池出货量达到95GWh，同比增长30%", [2], PAGES)
    assert not v.verified and v.reason == "数字 95 不在引用页 [2] 中"


def test_full_width_digits_and_trailing_zeros_match():
    assert verify_sentence("公司目标价为３２０.０元，维持买入评级", [0], PAGES).verified


def test_range_and_percentage_figures_are_checked():
    assert verify_sentence("预计2025-2027年EPS分别为11.8、14.0、16.5元，毛利率约23.5%", [3], PAGES).verified
    bad = verify_sentence("预计2025-2028年EPS分别为11.8、14.0、16.5元，毛利率约23.5%", [3], PAGES)
    assert not bad.verified and "2028" in bad.reason


def test_figures_may_come_from_any_cited_page():
    sentence = "储能出货93GWh，归母净利润507亿元"
    assert verify_sentence(sentence, [1, 2], PAGES).verified
    assert verify_sentence(sentence, [2], PAGES).reason == "数字 507 不在引用页 [2] 中"


def test_unit_conversion_counts_as_the_same_figure():
    pages = {0: "全球市场规模约12000亿元，未来五年复合增速约20%。"}
    assert verify_sentence("全球市场规模约1.2万亿元，复合增速约20%", [0], pages).verified


def test_unsupported_sentence_is_dropped_from_verified_text():
    summary = ("公司2024年营业收入3620亿元，归母净利润507亿元[page::1]。"
               "公司将在北美新建三座超级工厂，并与特斯拉签订十年独家协议[page::2]。"
               "储能电池出货量达到93GWh，同比增长30%。[page::2]")
    result = verify_summary(summary, PAGES)
    assert (result.sentences, result.cited, result.verified, result.dropped) == (3, 3, 2, 1)
    assert "特斯拉" not in result.verified_text
    assert result.verified_text.startswith("公司2024年营业收入3620亿元")
    assert result.verified_text.endswith("同比增长30%。[page::2]")
    assert result.verified_share == pytest.approx(2 / 3)
    (dropped,) = result.unverified
    assert dropped.verification.reason.startswith("与引用页内容重合度")


def test_verify_point_reads_markers_inside_the_text():
    assert verify_point("储能出货量93GWh，同比增长30%[page::2]", [], PAGES).verified
    assert not verify_point("储能出货量93GWh，同比增长30%", [3], PAGES).verified


@pytest.mark.parametrize("value", [320, 320.0, "320.00", "３２０", "320元"])
def test_figure_on_page_accepts_equivalent_forms(value):
    assert figure_on_page(value, PAGES[0])


def test_figure_on_page_rejects_other_numbers():
    assert not figure_on_page(32, PAGES[0])
    assert not figure_on_page(320.5, PAGES[0])
    assert figure_on_page(11.8, PAGES[3]) and not figure_on_page(11.8, PAGES[1])


def test_overlap_ignores_punctuation_and_whitespace():
    assert ngram_overlap("储能 业务，快速  增长！", PAGES[2]) == 1.0
    assert ngram_overlap("。，！", PAGES[2]) == 0.0


# The measurement behind the default threshold (see tools/citations.py): hand-written paraphrases of
# the sample report's pages, the same sentences cited to body pages on other subjects, and claims the
# report never makes.
PARAPHRASES = {
    0: ["中信证券认为2025年将成为人形机器人的量产元年，预计当年全球出货量约2.5万台，2030年突破100万台。",
        "报告指出行星滚柱丝杠、无框力矩电机、谐波减速器和灵巧手合计约占单机成本的50%，弹性最大。",
        "谐波减速器的国产化率已超过六成，国内供应商凭借成本和交付周期优势有望切入海外整机厂供应链。",
        "报告预测绿的谐波2025年EPS为0.62元，维持行业增持评级。"],
    1: ["特斯拉Optimus已在自家工厂开展搬运与分拣测试，计划2025年小批量生产、2026年对外销售。",
        "多模态大模型赋予机器人任务理解与泛化能力，汽车产业链的规模化制造能力也在向机器人迁移。",
        "报告预计单机成本每年下降约20%，到2030年降至12万元左右，与出货量提升形成正循环。",
        "北京、上海、深圳等地陆续设立具身智能创新中心和百亿级产业基金。"],
    2: ["按2025年单机成本30万元测算，执行器相关零部件约占50%，是最值得关注的环节。",
        "国产谐波减速器价格仅为进口产品的50%至60%，交付周期缩短到4周以内。",
        "绿的谐波作为国内谐波减速器龙头，新建产能投产后年产能将超过100万台。",
        "行星滚柱丝杠是国产化率最低、单价最高的零部件，五洲新春依托轴承加工经验切入该领域。"],
    3: ["鸣志电器在空心杯电机领域积累深厚，产品性能对标瑞士Maxon，可批量供货。",
        "兆威机电推出集成空心杯电机与微型齿轮箱的灵巧手模组，单只可实现17个自由度。",
        "六维力传感器单价高、标定难，柯力传感已向整机厂送样，而触觉传感器仍处于早期阶段。",
        "随着下游场景从搬运走向装配，高自由度灵巧手需求将快速提升，空心杯电机与微型丝杠供应商直接受益。"],
    4: ["优必选Walker S系列已进入多家汽车工厂实训，并获得首批量产订单。",
        "拓普集团依托汽车底盘与热管理执行器的平台化能力，已为海外头部客户开发执行器总成。",
        "三花智控凭借热管理阀件的精密制造经验布局机电执行器，是进度最快的执行器供应商之一。",
        "下游应用将按工业先行、商用跟进、家庭最后的顺序展开，汽车制造预计2030年需求占比35%。"],
    5: ["中信证券维持人形机器人行业增持评级，建议遵循先零部件、后整机的投资顺序。",
        "量产初期价值量高、国产替代空间大的上游零部件弹性最大，中后期整机厂将获得更高估值。",
        "报告建议优先选择已进入海外头部整机厂供应链并有量产交付记录的公司，关注2025年下半年定点节奏。",
        "风险包括量产进度不及预期、技术路线变化、降本不及预期、行业竞争加剧以及估值波动。"],
}
WRONG_PAGES = {0: [3, 4], 1: [3, 4], 2: [1, 4], 3: [1, 5], 4: [2, 3], 5: [2, 3]}
UNSUPPORTED = [
    "报告认为人形机器人板块短期估值已充分消化，建议减持相关标的。",
    "英伟达发布的新一代机器人芯片将显著降低整机厂的算力成本。",
    "日本企业在行星滚柱丝杠领域的市场份额正在快速下滑。",
    "报告预计人形机器人单机售价将在三年内跌破五万元。",
    "家庭服务机器人将率先实现大规模商业化落地。",
    "地方政府补贴退坡将导致订单在下半年明显放缓。",
]


@pytest.fixture(scope="module")
def sample_pages():
    from tools.documents import load_document

    pdf = SAMPLES / "20250312_中信证券_人形机器人产业链深度报告.pdf"
    return {p.number: p.text for p in load_document(pdf).pages}


def test_default_threshold_separates_paraphrases_from_wrong_pages(sample_pages):
    own = [(s, p) for p, sents in PARAPHRASES.items() for s in sents]
    assert all(verify_sentence(s, [p], sample_pages).verified for s, p in own)
    wrong = [(s, q) for s, p in own for q in WRONG_PAGES[p]]
    assert not any(verify_sentence(s, [q], sample_pages).verified for s, q in wrong)
    for claim in UNSUPPORTED:
        assert not any(verify_sentence(claim, [q], sample_pages).verified for q in sample_pages)
