"""A broker's own rating scale, read from its legend (tools/rating_scale.py): the same word, other buckets."""

from __future__ import annotations

import pytest

from tools.rating_scale import legend_scales
from tools.report_fields import extract_fields

# Legends in the shapes brokers print them (numbers and wording of real scales; names fictional).
FOUR_STEP_HOLD_SECOND = (
    "投资评级说明\n公司评级\n买入：未来6个月内，个股相对同期相关证券市场代表性指数涨幅在20%以上\n"
    "持有：未来6个月内，个股相对同期相关证券市场代表性指数涨幅介于10%与20%之间\n"
    "中性：未来6个月内，个股相对同期相关证券市场代表性指数涨幅介于-10%与10%之间\n"
    "回避：未来6个月内，个股相对同期相关证券市场代表性指数涨幅介于-20%与-10%之间\n"
    "卖出：未来6个月内，个股相对同期相关证券市场代表性指数涨幅在-20%以下\n行业评级\n"
    "强于大市：未来6个月内，行业整体回报高于同期相关证券市场代表性指数5%以上\n"
    "跟随大市：未来6个月内，行业整体回报介于同期相关证券市场代表性指数-5%与5%之间")
FIVE_STEP_HOLD_MIDDLE = (
    "投资评级说明\n1、行业评级\n看好：预计未来6个月内，行业整体回报高于沪深300指数5%以上；\n"
    "中性：预计未来6个月内，行业整体回报介于沪深300指数-5%与5%之间；\n2、公司评级\n"
    "买入：预计未来6个月内，个股相对沪深300指数涨幅在15%以上；\n增持：预计未来6个月内，个股相对沪深300指数涨幅介于5%与15%之间；\n"
    "持有：预计未来6个月内，个股相对沪深300指数涨幅介于-5%与5%之间；\n减持：预计未来6个月内，个股相对沪深300指数涨幅介于-5%与-15%之间；\n"
    "卖出：预计未来6个月内，个股相对沪深300指数涨幅低于-15%以下。")
DASHES_ON_ONE_LINE = (
    "分析师声明与评级说明\n评级说明：以上证指数或者深证综指的涨跌幅作为基准。股票评级标准：买入——未来6个月内相对超出市场表现15%以上；"
    "增持——未来6个月内相对超出市场表现5—15%；中性——未来6个月内相对市场表现在-5—5%之间；"
    "减持——未来6个月内相对弱于市场表现5—15%；卖出——未来6个月内相对弱于市场表现15%以上。")
TOP_IS_ZENGCHI = ("投资评级说明：\n股票投资评级：增持：相对沪深300指数涨幅15%以上；谨慎增持：相对沪深300指数涨幅介于5%~15%之间；"
                  "中性：相对沪深300指数涨幅介于-5%~5%；减持：相对沪深300指数下跌5%以上。")
RANGES_WITH_FULLWIDTH_DASH = ("评级说明\n公司投资评级说明：强推：预期未来6个月内超越基准指数20%以上；推荐：预期未来6个月内超越基准指数10%－20%；"
                              "中性：预期未来6个月内相对基准指数变动幅度在-10%－10%之间；回避：预期未来6个月内相对基准指数跌幅在10%－20%之间。")


@pytest.mark.parametrize("legend, expected", [
    (FOUR_STEP_HOLD_SECOND, {"买入": "买入", "持有": "增持", "中性": "中性", "回避": "减持", "卖出": "卖出"}),
    (FIVE_STEP_HOLD_MIDDLE, {"买入": "买入", "增持": "增持", "持有": "中性", "减持": "减持", "卖出": "卖出"}),
    (DASHES_ON_ONE_LINE, {"买入": "买入", "增持": "增持", "中性": "中性", "减持": "减持", "卖出": "卖出"}),
    (TOP_IS_ZENGCHI, {"增持": "买入", "谨慎增持": "增持", "中性": "中性"}),  # 减持 (< -5 %, open) left to the word
    (RANGES_WITH_FULLWIDTH_DASH, {"强推": "买入", "推荐": "增持", "中性": "中性", "回避": "减持"}),
])
def test_the_stock_scale_of_a_legend(legend, expected):
    assert legend_scales([(0, "封面"), (3, legend)])["stock"] == expected


def test_the_industry_scale_is_apart_and_open_bands_do_not_decide():
    assert legend_scales([(3, FOUR_STEP_HOLD_SECOND)])["industry"] == {"跟随大市": "中性"}
    assert legend_scales([(3, FIVE_STEP_HOLD_MIDDLE)])["industry"] == {"中性": "中性"}


def test_prose_before_the_legend_is_not_read_as_a_scale():
    body = "盈利预测：预计2025年收入增长15%以上，行业增速高于市场；\n估值：当前股价对应2025年20倍PE。"
    assert legend_scales([(0, body), (1, body)]) == {"stock": {}, "industry": {}}


@pytest.mark.parametrize("legend, bucket", [(FOUR_STEP_HOLD_SECOND, "增持"), (FIVE_STEP_HOLD_MIDDLE, "中性"),
                                            ("本页无评级说明。", "中性")])
def test_a_hold_rating_takes_its_bucket_from_the_reports_own_scale(legend, bucket):
    cover = "示例证券 | 公司点评\n示例科技（688001.SH）\n投资评级：持有（维持）\n目标价：30.00元\n投资要点\n我们预计2026年收入增长12%。"
    fields = extract_fields([(0, cover), (1, "盈利预测与估值\n我们维持盈利预测。"), (2, legend)])
    assert (fields.rating_raw, fields.rating) == ("持有", bucket)
