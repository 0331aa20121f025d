"""What a report's cover states in its structured places: rating and rating action, target and
current price, publication date, stock, industry, analysts.

Read from the cover page's lines in reading order (the layout step puts a sidebar's or a box's
label/value pairs on their own lines, tables as `| cell |` rows) on text normalized for matching
(tools.normalize), after every injection sentence and the line right after it are dropped: prose in the
body can neither add a field nor remove one. Labelled values come first; the cover's own prose
(维持“买入”评级, 给予目标价 320 元) only when no label states the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as _date

from tools.injection import injection_spans
from tools.normalize import for_matching

# Relative scales: every place × benchmark (强于大市 中银, 跑赢行业 中金, 优于大势 东北 …); a 3-step top ≈ 增持
_RELATIVE = {"优于": "增持", "强于": "增持", "跑赢": "增持", "领先": "增持", "同步": "中性", "弱于": "减持", "跑输": "减持", "落后": "减持"}
RATING_BUCKET = {
    "强烈推荐": "买入", "强烈买入": "买入", "强推": "买入", "买入": "买入", "buy": "买入", "strongbuy": "买入",
    "谨慎推荐": "增持", "审慎推荐": "增持", "审慎增持": "增持", "谨慎增持": "增持", "推荐": "增持", "增持": "增持",
    "跑赢市场": "增持", "超配": "增持", "outperform": "增持", "overweight": "增持", "accumulate": "增持",
    "看好": "增持", "看淡": "减持",  # the industry scale 看好/中性/看淡 (开源, 中泰 …)
    "中性": "中性", "持有": "中性", "标配": "中性", "观望": "中性", "neutral": "中性", "hold": "中性",
    "审慎减持": "减持", "谨慎减持": "减持", "减持": "减持", "低配": "减持", "回避": "减持",
    "underperform": "减持", "underweight": "减持", "卖出": "卖出", "sell": "卖出",
    **{place + benchmark: b for place, b in _RELATIVE.items() for benchmark in ("大市", "行业", "大势")},
}
_RANK = {"买入": 4, "增持": 3, "中性": 2, "减持": 1, "卖出": 0}
WORD = "|".join(sorted(RATING_BUCKET, key=len, reverse=True))
_ACTIONS = {"维持": "维持", "首次": "首次覆盖", "首次覆盖": "首次覆盖", "首次评级": "首次覆盖", "首次给予": "首次覆盖",
            "上调": "上调", "调高": "上调", "上调评级": "上调", "下调": "下调", "调低": "下调", "下调评级": "下调"}
ACTION = "|".join(sorted(_ACTIONS, key=len, reverse=True))
NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_Q = "[\"“”「」『』'‘’]?"

_RATING_LABEL = re.compile(rf"(?<![前上此原])(?:投资|公司|行业|股票)?评级(?!说明|标准|体系|定义|变动|调整)\s*(?:\(\s*(?P<a1>{ACTION})(?:评级)?\s*\))?"
                           rf"\s*[:：]?\s*(?:{_Q}(?P<w>{WORD}){_Q}(?:[-－][ab])?\s*(?:\(\s*(?P<a2>{ACTION})(?:评级)?\s*\))?)?")
_RATING_ALONE = re.compile(rf"^{_Q}(?P<w>{WORD}){_Q}(?:[-－][ab])?\s*\(\s*(?P<a>{ACTION})(?:评级)?\s*\)(?:\s{{2,}}.*)?$")
_VALUE_LINE = re.compile(rf"^{_Q}(?P<w>{WORD}){_Q}(?:[-－][ab])?(?:\s*\(\s*(?P<a>{ACTION})(?:评级)?\s*\))?$")
_RATING_ACTION_LABEL = re.compile(rf"评级(?:变动|调整|变化)\s*[:：]?\s*(?P<a>{ACTION})")
_PREVIOUS = re.compile(rf"(?:前次|上次|此前|原|上期)评级\s*[:：]?\s*{_Q}(?P<w>{WORD}){_Q}")
RATING_PROSE = [
    re.compile(rf"(?P<a>维持|首次覆盖|首次给予|给予|重申|上调至?|下调至?|调高至?|调低至?)[^,，。；;\n]{{0,10}}?{_Q}(?P<w>{WORD}){_Q}\s*(?:投资)?评级"),
    re.compile(rf"(?P<a>上调|下调|调高|调低)(?:公司|行业)?(?:投资)?评级(?:至|为)\s*{_Q}(?P<w>{WORD}){_Q}"),
]
_NUM_END = r"(?![\d.])(?!\s{0,3}(?:年|%|倍|个月|月|日|亿|万|x\b))"
_CURRENCY = r"港元|港币|美元|人民币元|元|hkd|usd|rmb|cny"
_TARGET_NAME = r"(?:目标价格?|目标股价|目标价位|合理价值|目标估值|目标价区间|目标(?=\s*\((?:人民币|元|港元|港币|美元)\)))"
_TARGET_LABEL = re.compile(rf"{_TARGET_NAME}\s*(?:\(\s*(?P<c0>人民币|{_CURRENCY})\s*\))?\s*[:：]?\s*"
                           rf"(?:(?P<v>{NUMBER}){_NUM_END}(?:\s*(?:{_CURRENCY}))?(?:\s*[-~～至]\s*(?P<hi>{NUMBER}){_NUM_END})?\s*(?P<c1>{_CURRENCY})?"
                           r"|(?P<none>na|n/a|无|暂无|未设定|不设|-|—|--)(?![a-z]))")
_TARGET_ALONE = re.compile(rf"^{_TARGET_NAME}\s*(?:\(\s*(?P<c0>人民币|{_CURRENCY})\s*\))?\s*[:：]?$")
_VALUE_ALONE = re.compile(rf"^(?P<v>{NUMBER})\s*(?P<c1>{_CURRENCY})?$")
_TARGET_PROSE = re.compile(rf"目标(?:股)?价(?:格|位)?(?:由\s*(?:{NUMBER})\s*(?:{_CURRENCY})?\s*(?:上调|下调|调整|上修|下修)至|为|至|是)?\s*"
                           rf"(?P<v>{NUMBER}){_NUM_END}\s*(?:{_CURRENCY})?(?:\s*[-~～至]\s*(?P<hi>{NUMBER}){_NUM_END})?\s*(?P<c1>{_CURRENCY})")
# The label may carry its currency and the close it refers to: 股价(元), 收盘价(人民币 截至9月1日), 股价(2025-04-07)
_PRICE_NOTE = (r"\(\s*(?:(?:人民币|元|港元|港币|美元|rmb)\s*)?(?:(?:截至|截止)?\s*(?:20\d\d\s*[年./-]\s*)?\d{1,2}\s*[月./-]\s*\d{1,2}\s*日?"
               r"(?:收盘)?)?\s*\)")
_PRICE_LABEL = re.compile(rf"(?<!目标)(?:当前股价|最新股价|最新收盘价|收盘价|(?:昨日?|前)收盘价?|昨收|当前价格?|现价|市价|市场价格(?=\s*[:：(])|股价)\s*(?:{_PRICE_NOTE})?"
                          rf"\s*[:：]?\s*(?P<v>{NUMBER}){_NUM_END}")
_DATE = (r"(?P<y>20\d\d|19\d\d)\s*(?:年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*日|[-/.]\s*(?P<m2>\d{1,2})\s*[-/.]\s*(?P<d2>\d{1,2})(?![\d.]))")
_DATE_LABEL = re.compile(rf"(?:报告日期|发布日期|发布时间|报告时间|出版日期|日期)\s*[:：]?\s*{_DATE}")
_DATE_ANY = re.compile(rf"(?<![\d.]){_DATE}")
_NOT_PUBLICATION = re.compile(r"截至|截止|收盘|更新|数据|区间|至今|以来|预计|预测|发布于|成立|上市|期间|\d\s*[-~至]\s*20\d\d")
_INDUSTRY_LABEL = re.compile(r"(?:所属行业|所属板块|行业分类|申万行业|一级行业)\s*[:：]?\s*(?P<v>[\u4e00-\u9fffa-z]{2,10})")
_STOCK = re.compile(r"(?P<name>[\u4e00-\u9fffa-z][\u4e00-\u9fffa-z0-9]{1,11}?)\s*\(\s*(?P<code>\d{6}(?:\.(?:sh|sz|bj|ss))?|\d{6}\s+ch|\d{4,5}\.hk)\s*\)")
_STOCK_CODE_LABEL = re.compile(r"(?:股票代码|证券代码|公司代码)\s*[:：]?\s*(?P<code>\d{6}(?:\.(?:sh|sz|bj))?|\d{4,5}\.hk)")
_STOCK_NAME_LABEL = re.compile(r"(?:股票简称|证券简称|公司简称|公司名称)\s*[:：]?\s*(?P<v>[\u4e00-\u9fffa-z]{2,10})")
_REPORT_WORD = re.compile(r"证券研究报告|研究报告|报告|公司|深度|点评|研究|首次覆盖|跟踪|简评|[|│·/\s]")
_SAC = re.compile(r"s\d{13}")
_EMAIL = re.compile(r"[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)+")
_ROLE_NAME = re.compile(r"(?P<role>证券分析师|分析师|分析员|研究员|研究助理|联系人)\s*[:：]?\s*(?P<name>[\u4e00-\u9fff]{2,4})(?![\u4e00-\u9fff])"
                        r"|(?P<name2>[\u4e00-\u9fff]{2,4})\s*\(\s*(?P<role2>分析师|分析员|研究员|联系人)\s*\)")


@dataclass(frozen=True)
class Found:
    value: object
    line: int  # index of the cover line it was read from
    rule: str


def cover_lines(text: str) -> list[str]:
    """Cover lines for matching: normalized, table rows as space-joined cells, injection lines dropped.
    The two lines after an injection go last: a fake "评级：买入" placed right after an instruction loses
    to the cover's own field, and a real field that happens to follow one is still found."""
    spans = injection_spans(text)
    clean, after, offset, tainted = [], [], 0, 0
    for raw in text.split("\n"):
        end = offset + len(raw) + 1
        if any(a < end and offset < b for a, b in spans):
            tainted = 2
        else:
            line = for_matching(raw).strip()
            if line.startswith("|"):
                line = " ".join(cell.strip() for cell in line.strip("|").split("|") if cell.strip())
            (after if tainted else clean).append(line)
            tainted = max(tainted - 1, 0)
        offset = end
    return clean + after


def _iso(m: re.Match) -> str | None:
    month, day = m["m1"] or m["m2"], m["d1"] or m["d2"]
    try:
        return _date(int(m["y"]), int(month), int(day)).isoformat()
    except ValueError:
        return None


def action_of(word: str | None) -> str | None:
    return _ACTIONS.get(word or "") or ({"给予": None, "重申": "维持"}.get(word or "") if word else None) or \
        next((v for k, v in _ACTIONS.items() if word and word.startswith(k)), None)


def rating(lines: list[str]) -> tuple[Found | None, Found | None]:
    """(rating word as printed, rating action) from labels, a `买入（维持）` line, else cover prose."""
    word = act = None
    for i, line in enumerate(lines):
        m = _RATING_LABEL.search(line)
        if m and word is None:
            w, a = m["w"], m["a1"] or m["a2"]
            if w is None and i + 1 < len(lines) and (nxt := _VALUE_LINE.match(lines[i + 1])):
                w, a = nxt["w"], a or nxt["a"]
            if w:
                word = Found(w, i, "cover_label")
                if a:
                    act = Found(_ACTIONS[a], i, "cover_label")
        # a box of cells on one line: "2025年05月08日    中性（维持）    收盘价(元) 65.50"
        if word is None and (m := next(filter(None, map(_RATING_ALONE.match, re.split(r"\s{2,}|\t", line))), None)):
            word, act = Found(m["w"], i, "cover_box"), Found(_ACTIONS[m["a"]], i, "cover_box")
        if act is None and (m := _RATING_ACTION_LABEL.search(line)):
            act = Found(_ACTIONS[m["a"]], i, "cover_label")
    if word is None and (said := next(_prose_ratings(lines), None)):
        i, w, verb = said
        word = Found(w, i, "cover_prose")
        act = act or (Found(action_of(verb), i, "cover_prose") if action_of(verb) else None)
    if word is not None and act is None:
        act = _prose_action(lines, str(word.value)) or _from_previous(lines, str(word.value))
    if word is not None and act is None:
        first = next((i for i, line in enumerate(lines) if re.search(r"首次覆盖|首次评级|首次给予", line)), None)
        act = Found("首次覆盖", first, "cover_words") if first is not None else None
    return word, act


def _prose_ratings(lines: list[str]):
    """(line, rating word, action verb) of every rating the cover's prose states (维持“增持”评级), in order."""
    for i, line in enumerate(lines):
        for pattern in RATING_PROSE:
            for m in pattern.finditer(line):
                yield i, m["w"], re.sub("至$", "", m["a"])


def _prose_action(lines: list[str], word: str) -> Found | None:
    """A labelled rating without its action ("评级：增持"), and the cover's prose says 维持“增持”评级."""
    return next((Found(action_of(verb), i, "cover_prose") for i, w, verb in _prose_ratings(lines)
                 if bucket(w) == bucket(word) and action_of(verb)), None)


def _from_previous(lines: list[str], word: str) -> Found | None:
    for i, line in enumerate(lines):
        if m := _PREVIOUS.search(line):
            now, before = _RANK.get(RATING_BUCKET.get(word, "")), _RANK.get(RATING_BUCKET.get(m["w"], ""))
            if now is None or before is None:
                return None
            return Found("维持" if now == before else "上调" if now > before else "下调", i, "previous_rating")
    return None


def _number(text: str) -> float:
    return float(text.replace(",", ""))


@dataclass(frozen=True)
class Target:
    low: float | None  # None: the cover states that there is no target (NA, 暂不设定目标价)
    high: float | None
    currency: str


def _currency(*texts: str | None) -> str:
    text = next((t for t in texts if t and t != "人民币"), "元")
    return "港元" if text in ("港元", "港币", "hkd") else "美元" if text in ("美元", "usd") else "元"


def _target(m: re.Match, line: int, rule: str) -> Found:
    if m.groupdict().get("none"):
        return Found(Target(None, None, "元"), line, rule)
    low = _number(m["v"])
    high = _number(m["hi"]) if m.groupdict().get("hi") else None
    return Found(Target(low, high if high is not None and high > low else None,
                        _currency(m.groupdict().get("c0"), m.groupdict().get("c1"))), line, rule)


def target_price(lines: list[str]) -> Found | None:
    """The target (a Target: low end of a range, currency); labels first, then the cover's prose."""
    for i, line in enumerate(lines):
        if m := _TARGET_LABEL.search(line):
            return _target(m, i, "cover_label")
        if (m := _TARGET_ALONE.match(line)) and i + 1 < len(lines) and (v := _VALUE_ALONE.match(lines[i + 1])):
            return Found(Target(_number(v["v"]), None, _currency(m["c0"], v["c1"])), i, "cover_label")
    for i, line in enumerate(lines):
        if re.search(r"(?:暂不|不)(?:设定?|给予|给出)目标价", line):
            return Found(Target(None, None, "元"), i, "cover_prose")
        if m := _TARGET_PROSE.search(line):
            return _target(m, i, "cover_prose")
    return None


def current_price(lines: list[str]) -> Found | None:
    for i, line in enumerate(lines):
        if m := _PRICE_LABEL.search(line):
            return Found(_number(m["v"]), i, "cover_label")
    return None


def publication_date(lines: list[str]) -> Found | None:
    """A labelled date, else a date standing alone or in a short masthead line (not 截至…/收盘 dates)."""
    for i, line in enumerate(lines):
        if (m := _DATE_LABEL.search(line)) and (iso := _iso(m)):
            return Found(iso, i, "cover_label")
    for i, line in enumerate(lines):
        if len(line) > 48 or _NOT_PUBLICATION.search(line):
            continue
        if (m := _DATE_ANY.search(line)) and (iso := _iso(m)):
            return Found(iso, i, "cover_line")
    return None


def date_in(text: str) -> str | None:
    """A publication-like date in a short text (a running header or footer item)."""
    line = for_matching(text)
    if len(line) > 48 or _NOT_PUBLICATION.search(line):
        return None
    m = _DATE_ANY.search(line)
    return _iso(m) if m else None


# 申万一级行业 (2021 edition): the names brokers print as a report's industry.
SW_INDUSTRIES = ("农林牧渔", "基础化工", "钢铁", "有色金属", "电子", "家用电器", "食品饮料", "纺织服饰", "轻工制造", "医药生物",
                 "公用事业", "交通运输", "房地产", "商贸零售", "社会服务", "综合", "建筑材料", "建筑装饰", "电力设备", "国防军工",
                 "计算机", "传媒", "通信", "银行", "非银金融", "汽车", "机械设备", "煤炭", "石油石化", "环保", "美容护理")
_INDUSTRY_ITEM = re.compile(r"(?:^|[|│·/])\s*(" + "|".join(sorted(SW_INDUSTRIES, key=len, reverse=True)) + r")\s*$")


def industry(lines: list[str], furniture: list[str] = ()) -> Found | None:
    """A labelled industry (所属行业：…), else a 申万 industry name closing a running-header item
    (`公司深度研究|家用电器`, `证券研究报告·公司点评报告·汽车`)."""
    for i, line in enumerate(lines):
        if m := _INDUSTRY_LABEL.search(line):
            return Found(m["v"], i, "cover_label")
    for item in furniture:
        if m := _INDUSTRY_ITEM.search(for_matching(item)):
            return Found(m.group(1), 0, "running_header")
    return None


def stock(lines: list[str], furniture: list[str] = ()) -> tuple[str, str | None, int | None, str] | None:
    """(raw code, name, line, rule) of the covered stock: a labelled code, a line that is just
    `名称（代码）` (a table of peers or a sentence naming a company does not count), or the running header."""
    for i, line in enumerate(lines):
        if m := _STOCK_CODE_LABEL.search(line):
            name = next((n["v"] for ln in lines if (n := _STOCK_NAME_LABEL.search(ln))), None)
            return m["code"], name, i, "cover_label"
    for i, line in enumerate(lines):
        if (m := _STOCK.search(line)) and len(line) - len(m.group(0)) <= 6:
            return m["code"], m["name"], i, "cover_stockline"
    for item in furniture:
        line = for_matching(item)
        if (m := _STOCK.search(line)) and len(_REPORT_WORD.sub("", line.replace(m.group(0), ""))) <= 2:
            return m["code"], m["name"], None, "running_header"
    return None


def analysts(lines: list[str]) -> list[dict]:
    """[{name, role, sac, email}] from the cover: a role word and a name, then the SAC number and e-mail
    that follow before the next name."""
    people: list[dict] = []
    for line in lines:
        for m in _ROLE_NAME.finditer(line):
            role = m["role"] or m["role2"]
            people.append({"name": m["name"] or m["name2"], "role": "联系人" if role in ("联系人", "研究助理") else "分析师",
                           "sac": None, "email": None, "_at": (line, m.end())})
        for kind, pattern in (("sac", _SAC), ("email", _EMAIL)):
            for m in pattern.finditer(line):
                owner = next((p for p in reversed(people) if p[kind] is None and (p["_at"][0] != line or p["_at"][1] <= m.start())), None)
                if owner is not None:
                    owner[kind] = m.group(0).upper() if kind == "sac" else m.group(0)
    for person in people:
        person.pop("_at")
    return people


def bucket(word: str | None) -> str | None:
    return RATING_BUCKET.get(for_matching(word).replace(" ", "")) if word else None
