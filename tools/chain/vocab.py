"""A report's own chain vocabulary: the words it uses for the chain's links, and the level of each.

Read from the forms broker reports use for a chain, all found in flat text or in heading lines, never
from line lengths: level headings (二、上游：核心零部件…, 上游：抗体、毒素与连接子), numbered section
headings (三、服务器：…), list sentences (上游包括A、B与C; 产业链包括…; 由A、B与C组成), topic markers
(X方面，), and the role phrases around companies (是国内X龙头, 在X领域, 作为X供应商). A term is a
product, component, service or use: places, macro words and opinions are refused by `clean_term`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Level = str  # "up" | "mid" | "down"
LEVEL_WORDS: dict[str, Level] = {"上游": "up", "中游": "mid", "下游": "down"}

_LIST = re.compile(r"(上游|中游|下游|产业链|环节)[\u4e00-\u9fff]{0,8}?(?:主要)?(?:包括|包含|涵盖|分为|主要有|可分为|由)"
                   r"(.+?)(?=[，,]?(?:上游|中游|下游)|[。；;]|$)")
_COMPOSED = re.compile(r"由(.{2,40}?)(?:[一二三四五六七八九十两]+(?:大|个)?部分)?(?:组成|构成)")
_COMPOSING = re.compile(r"“?([^，。；“”]{2,30}?)”?(?:构成|组成)的([^，。；的“”]{2,8})")  # “电机+减速器”构成的执行器
_SPLIT = re.compile(r"[、，,＋+]|(?<![A-Za-z])/|/(?![A-Za-z])|以及|与|和|及|或")  # T/R芯片 stays whole
_LEAD = re.compile(r"^(?:主要|核心|关键|重要|相关|其他|包括|如|国内|国产|全球|海外|高端|中高端|新一代|多款|多种|各类|全系列|"
                   r"一体化|一体式|配套|上游|中游|下游|的)+")
_TAIL = re.compile(r"(?:等(?:原材料|环节|领域|企业|公司|厂商|产品|部件)?|原材料|环节|领域|板块|行业|产业链|产业|市场|业务|"
                   r"供应商|厂商|企业|公司|龙头|方面|(?<!终)端|产品|方案|平台|产能|订单|系列|赛道|标的|之一|供应链|项目|主力|制造商|生产商|客户)+$")
_ACTIVITY = re.compile(r"(?:研发|运营|制造|设计|生产|代工|封测|集成|销售)$")
_REFUSED = re.compile(r"我们|投资|估值|风险|观点|结论|判断|建议|预测|预期|分歧|共识|总结|展望|盈利|业绩|评级|增速|规模|需求|"
                      r"出货|渗透率|价格|成本|毛利|份额|资本开支|政策|趋势|格局|现状|综述|回顾|概况|驱动|逻辑|机会|空间|"
                      r"资料来源|数据来源|来源|注|表|图|附录|声明|目录|要点|摘要|纪要|问答|调研|背景|简介|介绍|说明|路线|"
                      r"已|实现|获得|完成|开始|正在|批产|^布局$|^领先$|^优势$|^能力$|^地位$|^龙头$")
_SLOGAN = re.compile(r"全景|先行|路径|图谱|梳理|概览|兑现|加速|提速|爆发|元年|拐点|机遇|崛起|领跑|放量|景气|突破|落地|验证|"
                     r"标配|走向|迈入|开启|打开|持续|加码|受益|重塑|接力|再启航|新周期|窗口|进行时|展望|回顾")
_GENERIC = frozenset("材料 动力 零部件 核心零部件 原材料 产品 技术 系统 服务 应用 方案 部件 器件 硬件 整体 其他 相关 领域 环节 "
                     "市场 行业 产业 客户 供应链 产能 订单".split())
_PLACE = re.compile(r"^(?:中国|美国|日本|韩国|欧洲|德国|北美|海外|国内|全球|亚太|东南亚|北京|上海|深圳|广东|江苏|浙江|"
                    r"长三角|珠三角|地方政府|国家)$")
_MACRO = re.compile(r"固定资产投资|GDP|CPI|PPI|PMI|利率|汇率|社融|M1|M2|财政|货币|宏观|通胀|就业|消费$|出口$|进口$")
_SEGMENT_LEVEL: tuple[tuple[Level, tuple[str, ...]], ...] = (
    ("down", ("应用", "运营", "场景", "整车", "电站", "服务", "终端", "授权", "商业化", "医院", "用户", "交通管理")),
    ("up", ("芯片", "材料", "零部件", "元器件", "器件", "传感器", "电池", "电机", "减速器", "丝杠", "PCB", "原料",
            "试剂", "毒素", "连接子", "抗体", "矿", "硅料", "电解质", "正极", "负极", "隔膜", "雷达", "模块", "载荷")),
    ("mid", ("服务器", "整机", "本体", "设备", "制造", "集成", "域控", "组件", "电芯", "模组", "飞行器", "总成", "CDMO",
             "研发", "光模块", "执行器", "系统", "装置", "平台")),
)


@dataclass(frozen=True)
class Term:
    text: str
    level: Level | None
    source: str  # heading | list | topic | role
    report_id: str
    page: int
    quote: str


def clean_term(raw: str) -> str | None:
    """A chain term, or None: "主要包括锂资源等" → 锂资源; 中国 / 固定资产投资 / 我们判断 → None."""
    term = raw.strip(" 　“”\"'‘’（）()《》【】「」:：.-、，,；;")
    if "等" in term[1:]:
        term = term[: term.index("等", 1)]
    if "用" in term[1:-1]:
        term = term[term.rindex("用") + 1:]  # 交换机用PCB: the head is what comes after 用
    for _ in range(2):
        stripped = _TAIL.sub("", _LEAD.sub("", term)).strip(" 　“”\"'")
        # "研发企业" names a link by what its companies do: the tail stays when only an activity would remain.
        entity = re.search(r"(?:企业|厂商|公司|厂)$", term)
        term = _LEAD.sub("", term) if _ACTIVITY.search(stripped) and entity else stripped
    if len(term) < 2 or len(term) > 12 or re.search(r"\d{2,}|[%％。，；！？]", term):
        return None
    if term in _GENERIC or _SLOGAN.search(term):
        return None
    if _REFUSED.search(term) or _PLACE.match(term) or _MACRO.search(term) or re.search(r"上游|中游|下游", term):
        return None
    if not re.search(r"[\u4e00-\u9fff]", term) and not re.fullmatch(r"[A-Z][A-Za-z0-9\- ]{1,11}", term):
        return None  # a Latin term must look like an acronym or product name (PCB, CDMO, eVTOL)
    return term


def split_items(text: str) -> list[str]:
    return [t for t in (clean_term(part) for part in _SPLIT.split(text)) if t]


def segment_level(term: str) -> Level | None:
    """A level read from what a term is, for terms no report places (components feed products, products feed uses)."""
    for level, words in _SEGMENT_LEVEL:
        if any(w in term for w in words):
            return level
    return None


def level_of_words(text: str) -> Level | None:
    levels = {LEVEL_WORDS[w] for w in re.findall("上游|中游|下游", text)}
    return levels.pop() if len(levels) == 1 else None


def list_terms(sentence: str) -> list[tuple[Level | None, str]]:
    """Nodes a list sentence names: "上游包括A、B与C" → [(up, A), (up, B), (up, C)]; "由A、B与C组成" → level None."""
    found = []
    for match in _LIST.finditer(sentence):
        level = LEVEL_WORDS.get(match.group(1))
        found += [(level, item) for item in split_items(match.group(2))]
    for match in _COMPOSED.finditer(sentence):
        found += [(None, item) for item in split_items(match.group(1))]
    for match in _COMPOSING.finditer(sentence):
        parts = re.split(r"“", match.group(1))[-1]
        found += [(None, item) for item in split_items(parts) + split_items(match.group(2))]
    return found


_ROLE = (
    re.compile(r"是(?:国内|全球|行业|国产|目前)?(?:领先的|最大的|主要的|少数)?(?:可批量供货的)?([^，。；、]{2,12}?)"
               r"(?:龙头|供应商|厂商|领军企业|企业)"),
    re.compile(r"在([^，。；、]{2,14}?)(?:领域|方面|环节|业务)"),
    re.compile(r"作为([^，。；、]{2,14}?)(?:供应商|厂商|企业)"),
    re.compile(r"(?:推出|提供|供应|量产|布局|生产|开发|承接)了?(?:多款|多种|系列|全系列)?([^，。；、]{2,14}?)(?:产品|方案|平台|模组|订单|产能|[，。；并已]|$)"),
)
_OWN_PRODUCT = re.compile(r"^的([^，。；、]{2,14}?)(?:产品|方案|平台)?(?:已|均|正|在|是|为|获|被|进入|兼容|覆盖|具备|实现|[，。；]|$)")
_TOPIC = re.compile(r"(?:^|[，。；：])([^，。；：、]{2,10}?)(?:方面|端)[，,]")


def role_terms(clause: str) -> list[str]:
    """Product or service words a clause ties its subject to (是国内X龙头, 在X领域, 推出X)."""
    found = []
    for pattern in _ROLE:
        for match in pattern.finditer(clause):
            head = match.group(1).split("的")[-1]  # 集成空心杯电机与微型齿轮箱的灵巧手 → 灵巧手
            found += split_items(head)
    return found


_CUSTOMER = re.compile(r"(?:向|为)([^，。；]{2,16}?)(?:同时)?(?:提供|供货|供应|送样|交付)|(?:同时供应|供货给|供应给)([^，。；]{2,20})")


def customer_terms(clause: str) -> list[str]:
    """The buyers a supply phrase names (为ADC研发企业提供…, 同时供应CDMO与ADC研发企业): links of the chain too."""
    found = []
    for match in _CUSTOMER.finditer(clause):
        found += split_items(re.sub(r"^(?:多家|众多|海内外|国内外|头部|主流|下游)+", "", match.group(1) or match.group(2)))
    return found


_LABEL_BEFORE = re.compile(r"(?:^|[，,；;：:、])([^，,。；;：:、（(]{2,8}?)(?:关注|推荐|标的为|标的|龙头)[：:]?$")


def own_product_terms(after_company: str) -> list[str]:
    """"…的3D视觉传感器已被…" right after a company: what the company makes."""
    match = _OWN_PRODUCT.match(after_company)
    return split_items(match.group(1)) if match else []


def topic_terms(sentence: str) -> list[str]:
    """"视觉方面，…" / "研发端，…": the topic a sentence announces; and the label of a list that ends
    `sentence` ("整机关注" before 万丰奥威、亿航智能)."""
    found = [t for m in _TOPIC.finditer(sentence) for t in split_items(m.group(1))]
    label = _LABEL_BEFORE.search(sentence)
    return found + (split_items(label.group(1)) if label else [])


def heading_terms(heading) -> tuple[Level | None, list[str]]:
    """A level heading's level and the nodes it names (上游：抗体、毒素与连接子 → up, [抗体, 毒素, 连接子]);
    a numbered heading's topic (三、服务器：整机柜交付成为主流 → 服务器), level unknown."""
    if heading.level_word:
        items = [t for t in split_items(heading.after_colon) if len(t) <= 8]
        return LEVEL_WORDS[heading.level_word], items
    body = re.sub(r"^\s*(?:第?[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}(?:\.\d{1,2}){0,2}[、.．]?)\s*",
                  "", heading.text)
    topic = re.split(r"[：:]", body, maxsplit=1)[0] if re.search(r"[：:]", body) else ""
    term = clean_term(topic) if topic else None
    return None, [term] if term else []
