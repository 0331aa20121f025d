"""A model's rating survives only as one rating word equal to the cover's rating field: a word that occurs
on the rating-legend page (every rating word does) or the prompt's list of ratings copied back is replaced
by the cover's rating, or dropped when the cover has none, and the replacement is flagged."""

from __future__ import annotations

import pytest

from agents.summarize.extractive import complete_draft
from agents.summarize.models import ReportMeta, ReportViews, SummaryDraft
from agents.summarize.verify import build_summary

COVER = ("宁德时代（300750.SZ）\n储能业务盈利能力稳健\n投资评级：增持（维持）\n目标价：280.00元\n当前股价：231.50元\n"
         "我们预计储能电池毛利率维持在22%左右。")
NO_RATING_COVER = "宁德时代（300750.SZ）\n储能行业周报\n我们预计储能电池毛利率维持在22%左右。"
BODY = "公司储能电池出货量同比增长，海外订单饱满。"
LEGEND = ("投资评级说明\n买入：未来6个月内股价相对强于大盘15%以上；增持：相对强于大盘5%～15%；"
          "中性：相对大盘在-5%～5%之间；减持：相对弱于大盘5%～15%；卖出：相对弱于大盘15%以上。")


def _summary(cover: str, rating: str | None, rating_page: int | None):
    pages = [(0, cover), (1, BODY), (2, LEGEND)]
    meta = ReportMeta(report_id="r", title="储能业务盈利能力稳健", broker="华泰证券", date="2025-03-18",
                      tickers=["300750.SZ"])
    draft = SummaryDraft(subject="宁德时代", summary="公司储能电池出货量同比增长[page::1]。",
                         views=ReportViews(rating=rating, rating_page=rating_page))
    return build_summary(complete_draft(draft, pages, meta), pages, meta)


def _rating_flags(summary):
    return [p for p in summary.flagged if p.text.startswith("评级")]


def test_the_prompts_list_of_ratings_copied_back_becomes_the_covers_rating():
    summary = _summary(COVER, "买入/增持/中性/减持/卖出", 2)
    views = summary.views
    assert (views.rating, views.rating_page, views.rating_word, views.rating_action) == ("增持", 0, "增持", "维持")
    [flag] = _rating_flags(summary)
    assert flag.text == "评级：买入/增持/中性/减持/卖出" and "不是单一评级词" in flag.reason and "改用封面评级" in flag.reason


@pytest.mark.parametrize("page", [2, 0, None], ids=["cites-legend", "cites-cover", "no-page"])
def test_a_wrong_rating_word_on_the_legend_page_is_not_accepted(page):
    """买入 occurs on the legend page, so a page check alone would pass it; the cover says 增持."""
    assert "买入" in LEGEND
    summary = _summary(COVER, "买入", page)
    assert (summary.views.rating, summary.views.rating_page) == ("增持", 0)
    [flag] = _rating_flags(summary)
    assert "封面评级为“增持”" in flag.reason and "不符" in flag.reason


def test_a_rating_the_cover_states_is_kept_without_a_flag():
    summary = _summary(COVER, "增持", 0)
    assert (summary.views.rating, summary.views.rating_page, summary.views.rating_action) == ("增持", 0, "维持")
    assert _rating_flags(summary) == []


def test_a_broker_word_in_the_covers_bucket_is_kept():
    summary = _summary(COVER.replace("增持（维持）", "推荐（维持）"), "增持", 0)
    assert (summary.views.rating, summary.views.rating_word) == ("增持", "推荐")
    assert _rating_flags(summary) == []


def test_without_a_cover_rating_the_models_rating_is_dropped_visibly():
    summary = _summary(NO_RATING_COVER, "买入", 2)
    assert summary.views.rating is None and summary.views.rating_page is None and summary.views.rating_action is None
    [flag] = _rating_flags(summary)
    assert "封面没有评级" in flag.reason and "不采用" in flag.reason


def test_an_empty_model_rating_is_filled_from_the_cover():
    summary = _summary(COVER, None, None)
    assert (summary.views.rating, summary.views.rating_page) == ("增持", 0)
    assert _rating_flags(summary) == []
