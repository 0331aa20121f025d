"""The question a claim's metric answers, as a family of quantities (revenue, profit, margin, volume, price …).

Labellers file a claim under the question it answers (储能毛利率, 人形机器人出货量, 渠道库存), not under the quantity
word nearest its figure, so two brokers who answer one question with two common words (销售额 and 营业收入, 销量 and
需求) state one view. A family is read from the quantity word of a metric (tools.claims.metric_identity's head) and,
for a metric the lexicon does not split, from the words it holds. The table was written from general finance
vocabulary (the statements' line items, the KPIs companies and industries report, the questions a sell-side note is
organised by) before any labelled pair was read for it; an entry added after a dev miss is marked "dev".
"""

from __future__ import annotations

from functools import lru_cache

# family → the quantity words (and stems) of its question; longer words are matched first, so 毛利率 is a margin
# before 毛利 is a profit and 价格战 is competition before 价格 is a price
FAMILIES: dict[str, tuple[str, ...]] = {
    "revenue": ("营业收入", "收入", "营收", "销售额", "销售收入", "成交额", "GMV", "保费收入", "保费", "签约销售",
                "中间业务收入", "净利息收入", "客公里收益", "流水", "票房"),
    "profit": ("归母净利润", "扣非净利润", "净利润", "利润总额", "营业利润", "利润", "业绩", "EPS", "盈利预测", "毛利", "亏损",
               "扭亏", "新业务价值", "投资收益"),
    "margin": ("毛利率", "净利率", "利润率", "盈利能力", "盈利水平", "单位盈利", "单位净利", "单位毛利", "ROE", "ROA", "净息差",
               "毛差", "价差", "新业务价值率", "盈利"),
    "volume": ("出货量", "销量", "产量", "装机", "交付", "出口量", "进口量", "发电量", "用电量", "吞吐量", "客流", "旅客量",
               "运量", "出栏量", "存栏量", "消费量", "需求", "渗透率", "用户数", "手术量", "业务量", "成交量", "气量", "规模"),
    "price": ("价格", "均价", "单价", "售价", "报价", "批价", "涨价", "降价", "提价", "房价", "油价", "煤价", "锂价", "费率"),
    "share": ("份额", "市占率", "占有率", "集中度", "国产替代", "国产化", "占比"),
    "capacity": ("产能利用率", "产能", "扩产", "投产", "产线", "开工率", "稼动率", "利用率", "良率", "资本开支", "在建"),
    "orders": ("订单", "在手订单", "新签", "合同", "中标", "招标", "签约"),
    "inventory": ("库存", "存货", "去库", "补库", "周转天数"),
    "costs": ("成本", "费用", "费用率", "原材料", "折旧", "减值", "综合成本率", "赔付率", "能耗"),
    "valuation": ("估值", "PE", "PB", "市值", "目标价", "股息率", "股息", "分红", "每股分红", "回购", "市盈率", "市净率"),
    "policy": ("政策", "补贴", "关税", "监管", "集采", "法规", "法案"),
    "competition": ("竞争", "格局", "价格战", "内卷", "对手", "壁垒"),
    "asset_quality": ("不良率", "不良", "拨备", "资产质量", "逾期", "违约率"),
    "cash": ("现金流", "回款", "应收", "经营性现金流"),
}
_WORDS = sorted(((w, f) for f, ws in FAMILIES.items() for w in ws), key=lambda wf: len(wf[0]), reverse=True)


@lru_cache(maxsize=8192)
def family(metric: str) -> str:
    """The family of the question `metric` answers: of the quantity word it ends on (its head), else of the last
    family word it holds; "" when it names none (增速 alone, a frame word)."""
    if not metric:
        return ""
    best, at = "", -1
    for word, fam in _WORDS:
        k = metric.rfind(word)
        if k >= 0 and k + len(word) > at:  # the word that ends last is the head (储能毛利率: margin, not 储能)
            best, at = fam, k + len(word)
    return best


def one_question(x: str, y: str) -> bool:
    """Two metrics in one family of questions (both named)."""
    fx = family(x)
    return bool(fx) and fx == family(y)
