"""One report's view restated in other words on another page takes one topic (agents.consensus.restated).
The sentences are invented in the style of broker reports, not taken from the labelled cases."""

import numpy as np

from agents.consensus.aggregate import build_consensus
from agents.consensus.claim_similarity import sentence_vectors
from agents.consensus.restated import PLACES, RESTATED, own_view, restated_pairs, restated_topics
from agents.summarize.models import ReportSummary
from tools.claims.extract import claim_from_text
from tools.claims.model import Claim
from tools.claims.topics import unify_topics

# The cover's headline and the forecast section's sentence: one view, which the word rules file under two topics.
COVER = "预计2026年公司收入将突破100亿元。"
BODY = "在新产能全面释放的假设下，我们测算公司2026年营业收入有望达到百亿元规模。"


def _alike(texts: list[str]) -> np.ndarray:
    """An encoder that finds every sentence the same: only the guards keep two views apart."""
    return np.tile(np.array([1.0, 0.0], dtype=np.float32), (len(texts), 1))


def _claims(*texts_pages: tuple[str, int]) -> list[Claim]:
    return unify_topics([claim_from_text(t, p) for t, p in texts_pages])


def test_the_rules_file_the_restatement_under_two_topics():
    cover, body = _claims((COVER, 0), (BODY, 5))
    assert cover.topic != body.topic


def test_the_shipped_encoder_puts_the_restatement_under_one_topic():
    cover, body = restated_topics(_claims((COVER, 0), (BODY, 5)), sentence_vectors)
    assert cover.topic == body.topic != "其他"


def test_two_sentences_of_one_page_are_two_statements():
    assert restated_pairs(_claims((COVER, 2), (BODY, 2)), _alike) == []


def test_other_years_are_two_views():
    claims = _claims(("预计2025年公司出货量达到50GWh。", 0), ("预计2026年公司出货量达到80GWh。", 4))
    assert restated_pairs(claims, _alike) == []


def test_other_parts_of_the_year_are_two_views():
    claims = _claims(("三季度公司收入同比下滑，渠道仍在去库存。", 0), ("我们预计公司全年收入仍将实现小幅增长。", 4))
    assert restated_pairs(claims, _alike) == []


def test_figures_with_none_in_common_are_two_views():
    claims = _claims(("基准情形下，预计公司营收增长12%。", 0), ("乐观情形下，预计公司营收增长18%。", 4))
    assert restated_pairs(claims, _alike) == []


def test_a_risk_against_the_view_is_another_view():
    claims = _claims(("海外市场拓展顺利，外销收入保持高增长。", 0), ("海外需求疲软，外销收入增速明显放缓。", 4))
    assert {c.stance for c in claims} == {"positive", "negative"}
    assert restated_pairs(claims, _alike) == []


def test_a_thread_by_meaning_holds_at_most_places_claims():
    texts = ["公司盈利能力有望持续提升。", "随着高毛利新品占比提高，公司净利率将逐年提升。", "公司价格体系稳定，终端动销良好。",
             "公司降本增效成效显著，费用率持续下降。", "公司渠道库存处于低位，补库需求将带动出货。"]
    claims = [claim_from_text(t, page).model_copy(update={"topic": topic})
              for page, (t, topic) in enumerate(zip(texts, ["盈利能力", "价格", "成本", "需求", "竞争"]))]
    topics = [c.topic for c in restated_topics(claims, _alike)]
    assert max(topics.count(t) for t in topics) <= PLACES


def test_no_encoder_changes_nothing():
    claims = _claims((COVER, 0), (BODY, 5))
    assert restated_topics(claims, None) == claims


def test_the_consensus_shows_one_report_view_under_one_topic():
    summary = ReportSummary(report_id="r1", source="r1.pdf", page_count=8, title="某证券研报", broker="某证券",
                            claims=_claims((COVER, 0), (BODY, 5)))
    topics = build_consensus([summary], encode=sentence_vectors).topics
    assert [[p.text for p in t.points] for t in topics] == [[COVER, BODY]]


# The body argues the cover's view with its premise first: the view after 我们预计 is what is compared.
SOFTWARE_COVER = "AI应用落地带动订阅收入加速增长。"
SOFTWARE_BODY = "随着大模型功能嵌入核心产品，付费用户数与客单价同步提升，我们预计订阅收入增速将进一步加快。"


def test_the_own_view_leaves_the_premise_out():
    assert own_view(SOFTWARE_BODY) == "订阅收入增速将进一步加快"
    assert own_view("公司是行业龙头地位稳固。") == "公司是行业龙头地位稳固"  # no turn: the whole sentence
    assert own_view("我们认为影响有限。") == "我们认为影响有限。"  # too short alone: the sentence


def test_a_view_argued_with_its_premise_is_a_restatement():
    cover, body = _claims((SOFTWARE_COVER, 0), (SOFTWARE_BODY, 6))
    assert cover.topic != body.topic
    vectors = sentence_vectors([SOFTWARE_COVER, SOFTWARE_BODY])
    assert float(vectors[0] @ vectors[1]) < RESTATED  # the whole sentences are not close enough
    assert len({c.topic for c in restated_topics([cover, body], sentence_vectors)}) == 1


def test_a_restatement_brings_its_thread_along():
    cover = claim_from_text("公司仓储业务量价齐升，盈利持续改善。", 0).model_copy(update={"topic": "盈利能力"})
    body = claim_from_text("冷库出租率稳步提升，冷链收入有望保持较快增长。", 3).model_copy(update={"topic": "需求"})
    tied = claim_from_text("新建冷库投产后冷库出租率仍维持高位。", 5).model_copy(update={"topic": "需求"})  # 冷库出租率: a rule's thread

    def encode(texts: list[str]) -> np.ndarray:  # the cover and the body (and their clauses) alike, the third apart
        return np.array([[1.0, 0.0] if t in cover.text + body.text else [0.0, 1.0] for t in texts])

    assert restated_pairs([cover, body, tied], encode) == [(1.0, 0, 1)]
    assert len({c.topic for c in restated_topics([cover, body, tied], encode)}) == 1


def test_a_figure_rounded_in_the_summary_is_the_forecast_tables_figure():
    claims = _claims(("预计2026年公司营收同比增长约18%，规模约320亿元。", 0),
                     ("我们预测公司2026年营业收入为31,960百万元，同比增长17.6%。", 6))
    assert restated_pairs(claims, _alike) != []


def test_a_figure_that_rounds_elsewhere_is_another_figure():
    claims = _claims(("预计2026年公司营收同比增长约18%。", 0), ("我们预测公司2026年营业收入同比增长16.4%。", 6))
    assert restated_pairs(claims, _alike) == []


# A bullet's label and clause on the cover; the body paragraph argues it and ends on the same clause.
BULLET = "毛利率：企稳回升。"
ARGUED = "原材料价格回落叠加高端产品占比提升，三季度公司毛利率已企稳回升。"


def test_a_bullet_restated_by_the_last_clause_of_its_paragraph_takes_one_topic():
    cover, body = _claims((BULLET, 0), (ARGUED, 5))
    assert cover.topic != body.topic
    cover, body = restated_topics([cover, body], sentence_vectors)
    assert cover.topic == body.topic


def test_the_view_clauses_read_the_label_as_subject_and_leave_reasons_out():
    from agents.consensus.restated import view_clauses

    assert view_clauses(BULLET) == ["毛利率企稳回升"]
    assert view_clauses("我们预计随着运力恢复，公司客座率将持续提升。") == ["公司客座率将持续提升"]


def test_the_two_halves_of_a_business_are_two_views():
    claims = _claims(("国内订单保持较快增长。", 0), ("海外订单保持较快增长。", 4))
    assert restated_pairs(claims, _alike) == []
    claims = _claims(("线上渠道收入快速增长。", 0), ("线下门店收入快速增长。", 4))
    assert restated_pairs(claims, _alike) == []


def test_an_answer_keeps_its_questions_subject():
    assert own_view("客流能否回暖？我们认为拐点已现。") == "客流回暖，拐点已现"
    assert own_view("关税影响几何？我们测算冲击可控。") == "关税影响，冲击可控"


def test_a_view_put_as_an_answer_is_restated_by_the_body():
    claims = _claims(("客流能否回暖？我们认为拐点已现。", 0), ("随着新店爬坡和会员活动加码，我们判断公司门店客流已迎来回暖拐点。", 5))
    assert restated_pairs(claims, sentence_vectors) != []
