"""One name for each quantity sell-side reports call by several (营收 = 营业收入 = 营业总收入, NIM = 净息差).

Used where two brokers' metrics are compared (tools.claims.metric_identity): a metric is rewritten to its one
name before its quantity word and qualifier are read, so 公司营业总收入 and 公司收入 meet as 营业收入, and a name
for a different quantity (扣非净利润, 总投资收益率) stays apart from the one it resembles. Extraction keeps the
report's own words.

Sources: the line items of the three statements as the 企业会计准则 financial statements print them (利润表 营业总
收入/营业收入, 归属于母公司股东的净利润, 扣除非经常性损益后的净利润, 每股收益; 现金流量表 经营活动产生的现金流量净
额; 资产负债表 存货), the KPIs banks, insurers and brokers disclose in their periodic reports (净息差, 不良贷款率,
拨备覆盖率, 新业务价值, 综合成本率, 总/净投资收益率), and the volume and price words of industry reports (出货/销量/
发货, 均价/单价/售价/ASP, 开工率/产能利用率/稼动率, 吨钢毛利/单吨盈利). Every entry names one quantity in general
usage, not one report's. Entries marked "dev" were added after a dev pair the rules missed
(scripts/metric_pair_errors.py); the rest were written from the sources above before any case was read for them.
"""

from __future__ import annotations

import re
from functools import lru_cache

# one name: the names brokers write for it (the one name itself is matched too, so it is not rewritten inside)
NAMES: dict[str, tuple[str, ...]] = {
    # 利润表
    # a bare 收入 is often one segment's, named earlier in the sentence (青花系列…，收入增长): only the company's is total
    "营业收入": ("营业总收入", "营业收入", "总营收", "营收", "主营业务收入", "主营收入", "总收入"),  # dev: 营业总收入
    "归母净利润": ("归属于母公司股东的净利润", "归属于母公司所有者的净利润", "归属母公司净利润", "归母净利润", "归母净利"),
    "扣非净利润": ("扣除非经常性损益后的净利润", "扣非后归母净利润", "扣非归母净利润", "扣非后净利润", "扣非净利润", "扣非净利"),
    "净利率": ("销售净利率", "净利润率", "净利率"),
    "毛利": ("毛利润", "毛利额"),
    "EPS": ("基本每股收益", "每股收益", "每股盈利", "EPS"),
    "每股分红": ("每股分红", "每股股息", "每股股利", "每股派息", "DPS"),  # dev: 每股股息
    "ROE": ("净资产收益率", "ROE"),
    "资本开支": ("资本开支", "资本性支出", "资本支出", "Capex", "CAPEX", "capex"),
    "经营性现金流": ("经营活动产生的现金流量净额", "经营活动现金流净额", "经营活动现金流", "经营性现金流", "经营现金流"),
    "库存": ("存货", "库存"),
    # 银行
    "净息差": ("净息差", "NIM", "息差"),
    "不良率": ("不良贷款率", "不良率", "NPL率"),
    "中间业务收入": ("手续费及佣金净收入", "中间业务收入", "中收"),
    "净利息收入": ("利息净收入", "净利息收入"),
    # 保险
    "新业务价值": ("新业务价值", "NBV"),
    "新业务价值率": ("新业务价值率", "NBV Margin", "NBV margin", "价值率"),
    "保费收入": ("原保险保费收入", "原保费收入", "保费收入", "保费"),
    "综合成本率": ("综合成本率", "COR"),
    "总投资收益率": ("总投资收益率",),
    "净投资收益率": ("净投资收益率",),
    "综合投资收益率": ("综合投资收益率",),
    # 航空: revenue per passenger-kilometre
    "客公里收益": ("单位客公里收入", "客公里收益", "客收"),
    # 券商
    # 地产: a developer's sales are its contracted sales (签约/合同销售金额)
    "销售额": ("签约销售金额", "签约销售额", "合同销售金额", "合同销售额", "销售金额", "销售额", "签约金额"),  # dev: 签约销售额, 签约金额
    "日均股基成交额": ("日均股基成交额", "日均股基交易额", "日均成交额"),
    "两融余额": ("融资融券余额", "两融余额"),
    # 量与价
    "出货量": ("出货量", "出货", "销量", "销售量", "发货量", "发货", "交付量"),
    "价格": ("销售均价", "均价", "单价", "售价", "ASP", "价格"),
    "产能利用率": ("产能利用率", "开工率", "稼动率"),
    "份额": ("市场占有率", "市占率", "占有率", "份额"),
    "复合增速": ("年均复合增长率", "年复合增长率", "复合增长率", "复合增速", "CAGR"),
    "PE": ("市盈率", "PE"),
    "PB": ("市净率", "PB"),
}

# 吨钢毛利, 单吨盈利, 单车净利, 单瓦盈利, 头均盈利 (hogs), 吨成本: a profit or cost per unit sold is one quantity whatever
# the unit is called; the good (钢, 车) stays a qualifier. A per-unit 盈利 is the net figure (单吨盈利 = 吨净利); a bare
# 单位盈利 stays the family word. 头 counts only as 单头/每头/头均 (龙头盈利 is the leader's profit).
_PER_UNIT = re.compile(r"(?:[单每]?(?:吨|车|瓦|W|Wh|台|方)|[单每]头|头均)均?(?P<good>[\u4e00-\u9fff]?)"
                       r"(?P<kind>毛利|净利|盈利|成本)(?!率)")
_KIND = {"毛利": "单位毛利", "净利": "单位净利", "盈利": "单位净利", "成本": "单位成本"}

_ONE = {name: one for one, names in NAMES.items() for name in names} | {"公司收入": "公司营业收入"}  # dev: 公司收入
_NAME = re.compile("|".join(re.escape(n) for n in sorted(_ONE, key=len, reverse=True)))
_ONE_NAMES = re.compile("|".join(re.escape(n) for n in sorted({*NAMES, *_KIND.values()}, key=len, reverse=True)))


@lru_cache(maxsize=8192)
def one_name(metric: str) -> str:
    """`metric` with each quantity name written as its one name: 公司营业总收入 → 公司营业收入, 吨钢毛利 → 钢单位毛利."""
    metric = _PER_UNIT.sub(lambda m: m["good"] + _KIND[m["kind"]], metric)
    return _NAME.sub(lambda m: _ONE[m[0]], metric)


def last_quantity(metric: str) -> re.Match | None:
    """The last one name in a rewritten metric (the quantity it ends on), if any."""
    found = None
    for found in _ONE_NAMES.finditer(metric):
        pass
    return found
