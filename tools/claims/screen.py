"""Sentences that read like claims but are not the report's own views about what comes next.

- A result already reported (a past half or quarter, 同比/实现/截至…, no forward word), unless a clause of its own
  judges it without a figure or a period; the sentence right after such a result continues it.
- A sensitivity (每变动…), a revision of the model with no figure (下调…假设), a heading kept as a line.
- The report's rating stated in its text (维持中性评级), for the outlook of bare forecast figures when the cover
  has no rating field.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tools.claims.model import Claim
from tools.claims.clauses import direction_of, unquoted
from tools.claims.stance import stance_of
from tools.claims.periods import months_of, period_of
from tools.claims.values import main_value
from tools.report_fields import normalize_rating

FORWARD = re.compile(r"预计|预测|有望|将|认为|判断|看好|预期|料|可能|或将|望|相信|展望|目标|大概率")
# 原料 is no forecast, and neither is a result set against expectations (符合我们预期, 低于市场预期).
LOOKS_AHEAD = re.compile(FORWARD.pattern.replace("|料|", "|(?<![原材饲燃资肥])料|")
                         .replace("|预期|", "|" + "".join(f"(?<!{v}{who})" for v in ("符合", "低于", "高于", "超出", "不及", "好于")
                                                        for who in ("", "我们", "市场")) + "预期|"))

# A sensitivity (a 敏感性 table or line; "运价每变动100点，归母净利润相应变动约30亿元", "人民币每升值1%，…") is conditional, like a risk; 每 right
# before a move or a figure (not 每股收益, 每吨净利: a quantity per unit).
_SENSITIVITY = re.compile(r"敏感性|每(?:变动|上涨|下跌|提升|下降|增加|减少|上升|变化|升值|贬值|上调|下调|提高|降低|波动)")
# A short line with no punctuation at all is a heading the layout reader kept ("运价下行周期开启").
_BARE_LINE = re.compile(r"^[^，。；：,;:！？!?、\s]{2,14}$")
# A revision of the model with no figure ("我们下调运价假设，相应下调盈利预测"): the figures are the claim.
_REVISION_ONLY = re.compile(r"(?:上调|下调|维持|调整|上修|下修)了?[^，。；]{0,16}?(?:盈利预测|预测|假设)")
# A sentence opening on the present (目前/当前…, after a heading) with no forward word describes the state now, as a
# fact; a valuation is the exception: it is always judged on today's price (当前估值处于历史低位) and is a view.
_PRESENT = re.compile(r"\s*(?:[^，。；：,;:]{1,10}[：:])?\s*(?:目前|当前|现阶段|现在|截至目前|眼下)")
_VALUATION = re.compile(r"估值|股价|市值|PE|PB|P/EV|倍")
_REPORTING = re.compile(r"同比|环比|实现|截至|累计|已|较(?:年初|上年|去年|20\d{2}年)")  # how a result is reported
# The period a filing reports on, named as such: over by the time a report reads it ("报告期内公司实现营业收入…").
_REPORT_PERIOD = re.compile(r"报告期|本期(?:实现|公司|归母|营业)")
_MOVED_SINCE = re.compile(r"已(?:经)?(?:由|从|较)[^，。；]{1,16}?(?:回落|下降|下跌|下滑|降至|跌至|回升|上涨|升至|增长|提升|增至)")
# From the fourth quarter on, three quarters of the report's year are reported: its year stated as a result is one.
YEAR_MOSTLY_OVER = 10
_SUB_YEAR = re.compile(r"(20\d{2})(H[12]|Q[1-4]|M\d{1,2})$")
# A numbered line with no sentence end that the layout reader did not take for a heading ("2、成本：降本路径清晰").
_HEADING_LINE = re.compile(r"^\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})[、.．]\s*[^。！？!?]{2,28}$")


def is_reported(text: str, claim: Claim, report_year: int | None, after_reported: bool,
                report_month: int | None = None) -> bool:
    """A result already reported, not a view: no forward word, and the present described (目前…), or a period over
    by the report's date (a quarter, half or year to date that ended before the report's month: "三季度销量短期承压" in a report of
    October), or, with no month known, a half or quarter of the report's year or before ("上半年公司综合毛利率
    为5.2%，同比下降1.4个百分点"); or no period at all right after such a sentence with a reporting word (同比,
    实现, 截至…: "归母净利润8.0亿元，同比增长34.9%。" continuing it, or any figure so stated:
    "公司综合毛利率为31.2%，同比提升2.4个百分点"); or a span of past years (近五年, 过去三年)."""
    if LOOKS_AHEAD.search(text):
        return False
    if _PRESENT.match(text) and not _VALUATION.search(text):
        return True  # "目前公司单吨净利约800元，处于行业领先水平": the state now, described, not a view of what comes
    if claim.value is not None and _MOVED_SINCE.search(text):
        return True  # "仔猪价格已由5月高点的约40元回落至30元附近": a move measured from a past point, already made
    if _judges(text, report_year):
        return False
    if _PAST_SPAN.search(unquoted(text)) or _PAST_LENS.match(text):
        return True  # "近五年每股分红保持稳定增长": a record, not a view of what comes next
    marked = bool(_REPORTING.search(text))
    if claim.period is None:  # a figure stated as reported (同比, 实现, 截至, 已…), no period, no view: a result
        return (after_reported or bool(_REPORT_PERIOD.search(text)) or claim.value is not None) and marked
    if claim.period == f"{report_year}E" and report_month is not None and report_month >= YEAR_MOSTLY_OVER and \
            claim.value is not None and marked:
        return True  # "2025年动力煤均价约720元/吨，同比下降约16%" in a November report: three quarters are reported
    sub = _SUB_YEAR.match(claim.period)
    span = months_of(claim.period)
    if not sub or span is None or (report_year is not None and int(sub[1]) > report_year):
        return False
    if report_year is not None and report_month is not None:
        return span[1] < report_year * 12 + report_month - 1  # ended before the report's month began
    # the first half is over in most of the year's reports; a later quarter is over only when said so
    return marked or report_year is None or int(sub[1]) < report_year or sub[2] in ("H1", "Q1", "Q2")


# A span up to now: a track record (近五年, 过去三年, 上市以来, 历史上, 从历史经验看, 复盘) or the year so far (今年以来,
# 年初至今), not a view of what comes next.
_PAST_SPAN = re.compile(r"(?:近|过去)(?:[一二三四五六七八九十两]|\d{1,2})个?年|上市以来|历史上|历年来|历史(?:经验|规律|数据|复盘)|复盘|"
                        r"(?:今年|去年|年初|本年|年内|\d{1,2}月份?|[一二三四]季度|下半年|上半年)以来|年初至今")
# A lens of that record opening the sentence (从历史经验看，…; unquoted blanks lenses), or of what is already published
# (从已披露的交易方案看，…): all after it is the record, even of a year ahead.
_PAST_LENS = re.compile(rf"^\s*(?:从|据|根据)?[^，。；：,;]{{0,8}}?(?:{_PAST_SPAN.pattern}|已(?:披露|公布|发布|签订|出台))"
                        rf"[^，。；：,;]{{0,20}}?(?:看|来看|显示|表明)[，,]")


# A single month (10月销量…): a monthly figure is published data, as a quarter's is.
_MONTH = re.compile(r"(?<![\d\-–~至到])(?:1[0-2]|[1-9])月份?(?!以来|起|底|末|初|中|下旬|上旬|\d)")
_EXPLAINS = re.compile(r"\s*(?:主要|其中)?(?:原因|由于|得益于|受益于|源于|来自|系|因为|带动|驱动)")


def _judges(text: str, report_year: int | None) -> bool:
    """Some clause (or a heading before ：) judges without a figure or a period of its own ("…收入增长12%，份额
    稳步提升"): a view on the result, not only the result; a clause explaining it (主要得益于…) is not one."""
    body = unquoted(text)
    raw = text if len(text) == len(body) else body  # a lens (从前三季度数据看，) still dates what follows it
    start = 0
    for clause in re.split(r"[，；：;:,]", body):
        dated = raw[start:start + len(clause)]
        start += len(clause) + 1
        if _EXPLAINS.match(clause):
            return False  # the rest of the sentence explains the result
        if period_of(dated, report_year=report_year) is not None or _PAST_SPAN.search(dated) or _MONTH.search(dated):
            return False  # what follows a dated result speaks of that result
        if not clause.strip() or main_value(clause) is not None or _REPORTING.search(clause):
            continue
        if stance_of(clause) != "neutral" or direction_of(clause) is not None:
            return True
    return False


# What caused a change the report states elsewhere ("出栏量下调主要来自出栏均重降低…"): the change is the claim, its
# cause is the argument. A computation on an assumption ("按行业平均成本14元/kg计算，…意味着…") is a scenario.
_CAUSE_OF_CHANGE = re.compile(r"(?:上调|下调|上修|下修|下降|下滑|增长|提升|变化|差异)(?:主要|更多|部分)?(?:来自|源于|源自|由于|系|因为|是因为)")
_COMPUTED = re.compile(r"^\s*(?:若)?(?:按|以|按照)[^，。；：,;]{1,30}?(?:计算|测算|估算|推算)[，,]")


def why_not_a_view(text: str, claim: Claim) -> str | None:
    """Why a sentence is no view: a heading line, a sensitivity, a revision of the model that states no figure, the
    cause of a change, or a computation on an assumption (neither looking ahead); None when it may be one."""
    if _HEADING_LINE.match(text) or _BARE_LINE.search(text):
        return "heading"
    if sensitivity(text):
        return "sensitivity"
    if claim.value is None and _REVISION_ONLY.search(text):
        return "revision"
    if not LOOKS_AHEAD.search(text) and (_CAUSE_OF_CHANGE.search(text) or _COMPUTED.match(text)):
        return "explained"
    return None


def sensitivity(text: str) -> bool:
    """A sensitivity line or table ("运价每变动100点，归母净利润相应变动约30亿元"): conditional, like a risk."""
    return bool(_SENSITIVITY.search(text))


def past_record(clause: str) -> bool:
    """A clause that records what already happened (今年以来价格已下跌约20%, 库存已降至1.5个月) and does not look ahead:
    inside a sentence that goes on to a view, it is the view's background, not a figure or move to compare."""
    if LOOKS_AHEAD.search(clause):
        return False
    return bool(_PAST_SPAN.search(clause) or _MOVED_SINCE.search(clause) or ("已" in clause and main_value(clause)))


def not_a_view(text: str, claim: Claim) -> bool:
    return why_not_a_view(text, claim) is not None


_RATING_SENTENCE = re.compile(r"(维持|首次覆盖|首次|给予|上调至?|下调至?)[^，。；]{0,4}?[“\"「]?"
                              r"(买入|增持|中性|减持|卖出|强烈推荐|谨慎推荐|推荐|跑赢行业|跑输行业|优于大市|审慎增持)[”\"」]?评级")


def stated_rating(pages: Sequence[tuple[int, str]]) -> tuple[str | None, str | None]:
    """(bucket, action) of the first rating a report states in its text ("维持中性评级") when its cover has no
    rating field."""
    for _, text in sorted(pages):
        if m := _RATING_SENTENCE.search(text):
            action = "首次覆盖" if m[1].startswith("首次") or m[1] == "给予" else m[1][:2]
            return normalize_rating(m[2]), action
    return None, None
