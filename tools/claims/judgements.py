"""Whole judgements a clause makes, read before its cues are counted (tools.claims.polarity.score).

Each is a composition, not a phrase: a downside noun (影响, 风险, 波动…) with a size or a direction (有限, 较小,
上升), an upside with a limit (拉动有限), supply with its amount (供给充足, 存栏下降), a cost as the object of a verb
that moves it (降低了…成本, 推升费用率), a worry judged overdone, an attitude the report takes (对…持谨慎态度),
a target hard to reach, an upside lacking its driver, a place behind peers.
Signs are for the subject: the stock, or the segment whose quantity it is.
"""

from __future__ import annotations

import re

from tools.claims.lexicon import BEATS, COST_METRIC, MISSES, UP
from tools.claims.subject_costs import buys, input_verbs

_LIMITED_DOWNSIDE = re.compile(r"(?:影响|冲击|压力|拖累|风险|扰动|摊薄|稀释)[^，。；]{0,4}?(?:相对|较为|比较)?(?:有限|可控|较小|很小|不大|甚微|可以忽略)")
_SIZABLE_DOWNSIDE = re.compile(r"(?:冲击|拖累|扰动|(?<!正面)影响)[^，。；]{0,4}?(?:较大|很大|巨大|严重|难以消化)")
# The report's thesis standing through a setback ("长期成长逻辑不变", "不改长期向好趋势"): its own view, positive.
_INTACT = re.compile(r"(?:逻辑|趋势|基本面|成长性|竞争力|竞争优势|护城河)[^，。；]{0,2}?(?:不变|未变|依旧|依然成立|仍然成立|未改变|没有改变)|"
                     r"不改(?:变)?[^，。；]{0,8}?(?:逻辑|趋势|基本面|成长性|竞争力|优势)")
# A downside that eases: 降幅收窄, 下行趋缓, 压力缓解, 减值减少, 降低了…风险, 下滑趋势止跌.
# A worry that eases (对份额流失的担忧有所缓解) and a loss that narrows (汇兑损失大幅收窄) are relief too.
_EASING = re.compile(r"(?:(?:下滑|下降|下跌|亏损)幅度|降幅|跌幅|下行|下滑|亏损|损失|压力|减值|拖累|影响|利空|冲击|担忧|担心|顾虑|忧虑)"
                     r"[^，。；未没难不无]{0,8}?"
                     r"(?:收窄|趋缓|缓解|减轻|减弱|减少|缩小|好转|出清|消化|消除)|"
                     r"(?:亏损|损失)(?!面)[^，。；未没难不无]{0,8}?(?:下降|降低|回落|下滑|降至|减至)|"  # 净亏损同比下降35%
                     r"(?:价格战|竞争|去库存|去化|内卷)[^，。；未没难不]{0,8}?(?:尾声|结束|缓和|趋缓)|"
                     # a falling trend that ends: 下滑趋势将在明年止跌, 下行态势有望扭转
                     r"(?:下滑|下跌|下降|下行|回落)(?:趋势|态势|势头)[^，。；未没难不无]{0,10}?(?:止跌|止住|结束|扭转|见底|企稳)|"
                     r"(?:担忧|悲观|利空|影响|冲击|压力)[^，。；未没难不无]{0,10}?(?:充分反映|已反映|已计入|充分计入|消化|(?:已|基本|充分)+体现)|"
                     r"(?:降低|减少|缓解|化解|对冲|抵消|消化)(?:了)?[^，。；]{0,10}?(?:风险|概率|压力|影响|冲击)")
# A downside that deepens, the mirror of _EASING: 降幅扩大至20%, 亏损幅度加大, 跌幅进一步加深.
# A loss that grows (亏损仍在扩大, 汇兑损失增加) deepens too: 亏损 is a downside cue and 扩大 a rise, which cancel.
_DEEPENING = re.compile(r"(?:(?:下滑|下降|下跌|亏损)幅度|降幅|跌幅)[^，。；未没难不无]{0,8}?(?:扩大|加大|加深|走阔|扩张)|"
                        r"(?:亏损|损失)(?!面|企业)(?:额|规模|金额)?[^，。；,;未没难不无]{0,6}?(?:扩大|加大|加深|增加)")
# A harm verb with the subject's result as its object decides its clause, whatever moved to cause it
# (原料药价格下跌拖累公司毛利率, 高基数拖累下半年增速, 汇兑损失侵蚀利润); a harm limited is read before (拖累有限).
_HARMS = re.compile(r"(?<![受被])(?:拖累|压制|侵蚀|拉低|压低|蚕食|吞噬)(?:了)?(?:公司|整体|全年|当期)?[^，。；,;]{0,8}?"
                    r"(?:利润|盈利|毛利|净利|业绩|收入|营收|增速|增长|利润率|ROE|估值|息差)")
# Not yet back where it was (仍未回到疫情前水平, 尚未恢复至2019年同期水平): a recovery short of its mark.
_SHORT_OF = re.compile(r"(?:仍未|尚未|还未|未能|仍没有|尚没有)(?:完全)?(?:回到|恢复到|恢复至|回升至|达到)[^，。；,;]{0,12}?(?:水平|高点|同期|规模)")
# A target or a plan not met (全年出货目标恐难实现, 产能爬坡未能如期完成, 降本目标难以达成).
# Also a target said to be hard to reach (全年目标完成难度较大).
_MISSED = re.compile(r"(?:未能|没能|难以|恐难|很难|无法|不能)(?:如期|按期|按时|顺利|全面)?(?:完成|实现|达成|达标)|"
                     r"(?:完成|实现|达成|达标)(?:的)?难度(?:较大|很大|偏大|不小|加大)")
# Lacking a driver of the upside (价格短期缺乏上涨动力, 估值修复缺少催化) is no upside.
_LACKS_UPSIDE = re.compile(r"(?:缺乏|缺少|欠缺)[^，。；,;]{0,4}?(?:上涨|上行|反弹|回升|增长|催化|动力|支撑|亮点)")
# Behind its peers on a measure of worth (增速明显落后于行业平均水平, 吨价提升幅度弱于主要竞争对手); 低于/慢于 are
# signs, not worth (费用率低于同业 is good news), so only worth words count here.
_BEHIND_PEERS = re.compile(r"(?:落后于?|弱于|逊于|差于|跑输)[^，。；,;]{0,8}?(?:行业|同业|同行|竞争对手|对手|可比公司|竞品|友商|大盘)")
# A spread earned is a margin: 净息差收窄 and 价差缩小 are bad news, 利差走阔 good (a spread is no downside noun, so
# _EASING's 收窄 does not reach it).
_SPREAD = r"(?:净息差|息差|利差|价差|毛差|NIM)"
_SPREAD_NARROWS = re.compile(_SPREAD + r"[^，。；,;]{0,8}?(?:收窄|缩窄|缩小|收缩)")
_SPREAD_WIDENS = re.compile(_SPREAD + r"[^，。；,;]{0,8}?(?:走阔|扩大|拉大)")
# An upside offset (新增产能将抵消出口增量, 费用投放吞噬了提价红利) is lost; a downside offset is _EASING's.
_OFFSET_UPSIDE = re.compile(r"(?:抵消|对冲|吞噬|抹平|侵蚀)(?:了)?[^，。；,;]{0,10}?(?:增量|利好|红利|增益|增厚)")
# A collection or turnover period is lower-is-better: 应收账款周转天数延长 is bad news, 回款周期缩短 good.
_PERIOD = r"(?:周转天数|账期|回款周期|回款天数|收款周期)"
_PERIOD_LONGER = re.compile(_PERIOD + r"[^，。；,;]{0,8}?(?:延长|拉长|增加)")
_PERIOD_SHORTER = re.compile(_PERIOD + r"[^，。；,;]{0,8}?(?:缩短|减少|下降)")
# Priced in: "股价已较充分反映…预期" leaves no room for the stock (negative) unless what is priced in is the bad
# news ("估值已充分反映悲观预期": positive). Demand, orders or earnings being released is a rise.
_PRICED_IN = re.compile(r"(?:股价|估值|市值)[^，。；]{0,6}?(?:已|基本)?(?:较为?|比较)?充分(?:反映|体现|计入)(?:了)?([^，。；]{0,14})")
_BAD_NEWS = re.compile(r"悲观|担忧|利空|风险|下行|压力|不利")
RELEASED = re.compile(r"(?:需求|订单|业绩|利润|盈利)[^，。；]{0,4}?(?:集中|加速|逐步|持续|陆续|有望)?释放")
_LIMITED_FALL = re.compile(r"(?:下降|下跌|下滑|回落|下行|调整|降价)[^，。；]{0,3}?空间[^，。；]{0,3}?有限")
_LIMITED_UPSIDE = re.compile(r"(?:拉动|贡献|带动|空间|弹性|提升|增量|增长|上行)[^，。；]{0,4}?(?:相对|较为|比较)?(?:有限|受限|偏弱|较弱)")
# Plenty of supply is bad news for those who sell it ("下半年生猪供给仍较充足", "冻品库存处于高位").
_AMPLE_SUPPLY = re.compile(r"(?:供给|供应|库存|存栏|运力|产能(?!利用)|进口量?)[^，。；]{0,6}?(?:充足|充裕|宽松|过剩|高位|偏高)|"
                           r"(?:供给|供应|运力)[^，。；]{0,6}?(?:重新|集中|大量)(?:释放|投放|回归)")  # supply back on the market
# A downside noun's size or direction decides: 波动较小 and 风险下降 are good news, 风险上升 and 压力加大 bad.
_DOWNSIDE = r"(?:风险|压力|波动|不确定性|坏账|隐忧|担忧)"
_DOWNSIDE_SHRINKS = re.compile(_DOWNSIDE + r"[^，。；,;]{0,6}?(?:较小|很小|偏小|下降|降低|减少|减弱|下行|收窄|"
                               r"释放完毕|充分释放|基本释放|已释放|出清|解除|消退)")
_DOWNSIDE_GROWS = re.compile(_DOWNSIDE + r"[^，。；,;]{0,6}?(?:上升|加大|增加|提升|上行|扩大|抬升|增大|较大|偏大|凸显)")
# A cost as the object of the verb that moves it: 降低了航司的燃油成本 (good), 推升销售费用率 (bad).
_COST_CUT = re.compile(r"(?:降低|减少|压降|节约|节省|摊薄|下调|压低|拉低)了?[^，。；,;]{0,10}?(?:成本|费用)(?!优势|管控|控制)")
# A cost spread over more output (单位固定成本被进一步摊薄): scale, good news (摊薄 of a share count is dilution).
_COST_SPREAD = re.compile(r"(?:成本|费用)(?!优势|管控|控制)[^，。；,;]{0,6}?摊薄(?!效应)")
_COST_PUSHED = re.compile(r"(?:推升|推高|抬升|抬高|增加|提高|加大)了?[^，。；,;]{0,10}?(?:成本|费用)(?!优势|管控|控制)")
# 抬升 after a lower-is-better quantity (费用率抬升, 不良生成率抬升) is its rise; 抬升 is no movement word of its own
# (长期抬升盈利中枢 made a policy claim of a capacity one).
_COST_LIFTED = re.compile("(?:" + "|".join(COST_METRIC) + r")(?!优势|管控|控制)[^，。；,;]{0,8}?(?:抬升|抬高)")
# A worry judged overdone is the report's optimism; optimism judged overdone its caution.
_WORRY_OVERDONE = re.compile(r"(?:担忧|担心|悲观|顾虑)[^，。；,;]{0,4}?(?:过度|过于|过多|有些过|偏多)|(?:过度|过分|过于)(?:担忧|担心|悲观)")
_HOPE_OVERDONE = re.compile(r"(?:过度|过分|过于)乐观|乐观[^，。；,;]{0,4}?(?:过度|过头|过高)")
# The report's attitude to a topic is its stance on it: 对下半年的需求复苏持谨慎态度.
_ATTITUDE = re.compile(r"对[^，。；,;]{1,20}?(?:持|保持|抱有)?(谨慎|保守|悲观|乐观|积极)(?:的)?态度")
# Less supply is good news for those who sell it (存栏下降, 供给收缩), the mirror of _AMPLE_SUPPLY.
# Demand beyond what can be supplied is good news for the seller (产能难以满足旺盛的需求, 供不应求).
_DEMAND_EXCEEDS = re.compile(r"(?:产能|供给|供应|产量)[^，。；,;]{0,6}?(?:无法|难以|不能|不足以)(?:完全)?满足[^，。；,;]{0,12}?需求|"
                             r"供不应求|供给缺口")
# Market-wide supply only: a company's own 存栏 or 产能 falling is its output falling.
# An industry's capacity named as the industry's (行业运力增速下行, 全球产能收缩) is market supply too.
_SUPPLY_SHRINKS = re.compile(r"(?:供给|供应|(?:行业|全行业|全球|国内|全国)的?(?:总)?(?:运力|产能(?!利用)|产量|存栏))"
                             r"[^，。；,;]{0,6}?(?:收缩|下降|减少|去化|退出|偏紧|紧张|紧缺|下行|放缓)")
# More supply on the market is bad news for those who sell it (明年锂资源供给仍将增加), unless it grows in order or
# slowly (供给扩张有序, 供给增长放缓: _SUPPLY_SHRINKS).
_SUPPLY_GROWS = re.compile(r"(?:供给|供应)[^，。；,;]{0,6}?(?:增加|增长|放量|上升)(?![^，。；,;]{0,2}?(?:有序|放缓|有限))")
# A cost the subject can pass on to its buyers (成本压力可通过提价基本传导, 可转嫁大部分成本) is a threat withstood; one
# it cannot (难以向下游传导) is borne. A pressure passed on to the subject (降价压力传导) is neither: no modal.
_PASSES_ON = re.compile(r"(?<![不未])(?:可|能|能够|得以|有望)(?:通过[^，。；,;]{0,10}?)?(?:基本|顺利|有效|充分|完全|部分|大部分)?(?:传导|转嫁|顺价)")
_CANNOT_PASS_ON = re.compile(r"(?:难以|无法|不能|未能)(?:向下游|完全|充分|有效)?(?:传导|转嫁|顺价)")
# A rival's rise is the subject's loss (二线厂商继续扩产, 竞争对手份额提升), its retreat a gain (竞争对手市占率下滑;
# not its price cut), unless the company is named as what moves (为公司带来份额提升) or the rival only drives the
# move (市占率不会因新进入者而下降).
_RIVAL = (r"(?<![因受被由])(?:竞争对手|竞品|对手|友商|同行|二线厂商|二三线厂商|中小厂商|新进入者|新玩家|国际巨头|海外巨头|"
          r"海外龙头|国际龙头|海外厂商|外资品牌|外资厂商)"
          r"(?:(?!公司|本公司)[^，。；,;]){0,16}?")
_RIVAL_RISES = re.compile(_RIVAL + "(?:" + "|".join(UP + ("增强", "强化")) + ")")  # 竞品价格优势增强
# (a rival held back is a retreat too: 竞品获批推迟至2027年, 对手停产)
_RIVAL_RETREATS = re.compile(_RIVAL + "(?:下滑|下降|减少|萎缩|退出|收缩|减产|放缓|走弱|推迟|延后|延迟|受阻|停产|暂停)")
# A result explained by one-offs is not the business improving (ROE提升，但主要来自投资收益的一次性贡献).
_ONE_OFF = re.compile(r"(?:主要)?(?:来自|源于|得益于|受益于|依赖)[^，。；,;]{0,10}?(?:一次性|非经常性|非经常)")
# A harm named on a target is the claim, whatever drives it: 渗透率提升对燃油车业务形成冲击 (bad news). The good
# side (对运价形成支撑) reads true too, but as a new claim it duplicated agg-41's 复航 claim under a second topic.
_IMPACT_ON = re.compile(r"对[^，。；,;]{1,20}?(?:形成|造成|带来|构成|产生)(?:了)?(?:一定|较大|较强|明显|显著|持续)?的?"
                        r"(?:冲击|压力|拖累|压制|利空|威胁|负面影响|制约|掣肘|阻碍)")
# The subject's quantity said to be hit, at the end of its clause (公司欧洲出口或受影响, 短期销量将受到冲击); a cause
# phrase (受原材料涨价影响，…) names what hit it and is read by the move that follows.
_HIT = re.compile(r"(?:或将?|可能|将|会|恐|势必|难免)?(?:受到|受)(?:一定|较大|明显|不利|较明显)?的?(?:影响|冲击|拖累)$")
_DENIAL = re.compile(r"并非|不是|并不|没有|不再|未必|不一定|难言|难以|尚未|并未|不会|未能|无法|未见|未出现")


# A cost's growth set against revenue's (管理费用增长30%，显著快于收入增长; 成本增速低于营收增速): faster is bad news,
# slower good, whatever cue the clause holds. R&D outgrowing revenue is investment, left to the cues.
_AGAINST_REVENUE = re.compile("(" + "|".join(sorted(BEATS + MISSES, key=len, reverse=True)) + r")(?:营业收入|收入|营收)")
_QUALIFIERS = re.compile(r"同比|环比|明显|显著|大幅|小幅|略|仍|也|均|增速|增幅|增长|\s")


def _cost_against_revenue(clause: str) -> int:
    if (m := _AGAINST_REVENUE.search(clause)) is None:
        return 0
    start = clause_start(clause, m.start())
    subject = clause[start:m.start()]
    if not _QUALIFIERS.sub("", subject):  # elided: the clause before names what grows
        subject = clause[clause_start(clause, max(start - 1, 0)):start]
    if "研发" in subject or not any(w in subject for w in COST_METRIC):
        return 0
    return -1 if m[1] in BEATS else 1


def clause_start(text: str, at: int) -> int:
    """Where the comma clause holding position `at` opens."""
    return max((p.end() for p in re.finditer(r"[，。；,;：:]", text[:at])), default=0)


def _sign(pattern: re.Pattern, clause: str, sign: int) -> int:
    """`sign` where `pattern` reads in `clause`, reversed when the reading is denied in its own clause (库存并非
    处于高位, 难以看到供给的实质性收缩)."""
    if (m := pattern.search(clause)) is None:
        return 0
    return -sign if _DENIAL.search(clause, clause_start(clause, m.start()), m.end()) else sign


# The supply of what the subject buys is read for the buyer: 铁矿石供应宽松 is cheaper ore for a steel maker.
_SUPPLIED = re.compile(r"(?:供给|供应)")


def _of_input(pattern: re.Pattern, clause: str) -> bool:
    m = pattern.search(clause)
    return bool(_SUPPLIED.match(m[0])) and buys(clause[clause_start(clause, m.start()):m.start()])


def judgement(clause: str) -> int:
    """+1 / -1 for the first whole judgement the clause makes, 0 for none."""
    if against := _cost_against_revenue(clause):
        return against
    if _LIMITED_DOWNSIDE.search(clause) or _LIMITED_FALL.search(clause) or _EASING.search(clause):
        return 1
    if _LIMITED_UPSIDE.search(clause) or _SIZABLE_DOWNSIDE.search(clause) or _DEEPENING.search(clause):
        return -1
    if _SHORT_OF.search(clause) or _sign(_HARMS, clause, -1) < 0 or _MISSED.search(clause) or _BEHIND_PEERS.search(clause) \
            or _sign(_LACKS_UPSIDE, clause, -1) < 0:
        return -1
    if hit := _HIT.search(ended := clause.rstrip("。；; ")):  # denied, a downside that does not come (不受影响)
        return 1 if ended[:hit.start()].endswith(("不", "未", "没", "没有")) or _sign(_HIT, ended, -1) > 0 else -1
    if _CANNOT_PASS_ON.search(clause):
        return -1
    if _INTACT.search(clause) or _PASSES_ON.search(clause):
        return 1
    if priced := _PRICED_IN.search(clause):
        return 1 if _BAD_NEWS.search(priced[1]) else -1
    if _DEMAND_EXCEEDS.search(clause):
        return 1
    if signed := _sign(_IMPACT_ON, clause, -1):  # a harm on a target, unless denied (并未对…形成冲击)
        return signed
    if attitude := _ATTITUDE.search(clause):
        return 1 if attitude[1] in ("乐观", "积极") else -1
    for pattern, sign in ((_SPREAD_NARROWS, -1), (_SPREAD_WIDENS, 1), (_OFFSET_UPSIDE, -1), (_PERIOD_LONGER, -1),
                          (_PERIOD_SHORTER, 1), (_RIVAL_RISES, -1), (_RIVAL_RETREATS, 1), (_AMPLE_SUPPLY, -1), (_SUPPLY_SHRINKS, 1), (_SUPPLY_GROWS, -1), (_WORRY_OVERDONE, 1), (_HOPE_OVERDONE, -1), (_ONE_OFF, -1),
                          (_DOWNSIDE_SHRINKS, 1), (_DOWNSIDE_GROWS, -1), (_COST_CUT, 1), (_COST_SPREAD, 1), (_COST_PUSHED, -1),
                          (_COST_LIFTED, -1)):
        if signed := _sign(pattern, clause, sign):
            return -signed if pattern in (_AMPLE_SUPPLY, _SUPPLY_SHRINKS, _SUPPLY_GROWS) and _of_input(pattern, clause) else signed
    for pattern, sign in zip(input_verbs() or (), (1, -1)):  # 下调存款利率 for a bank: its cost cut
        if signed := _sign(pattern, clause, sign):
            return signed
    return 0
