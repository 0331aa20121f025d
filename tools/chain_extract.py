"""Deterministic industry-chain extraction from report pages (the concept agent's offline engine).

Reports lay out a chain in a recognisable way: headings such as "二、上游：核心零部件…",
sub-headings such as "谐波减速器：国产替代加速", list sentences such as "上游包括碳纤维复合
材料、动力电池与电机电控", and companies written as "绿的谐波(688017.SH)". This module
reads those patterns line by line, tracking the current level and sub-node, and returns
raw candidates. Nothing here validates a company: that is the caller's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, Mapping, Sequence

from tools.text import split_sentences

Level = Literal["up", "mid", "down"]
LEVEL_WORDS: dict[str, Level] = {"上游": "up", "中游": "mid", "下游": "down"}
LEVEL_LABEL = {"up": "上游", "mid": "中游", "down": "下游"}

_LEVEL_RE = re.compile("上游|中游|下游")
_TOP_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_SUB_HEADING = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]+[)）、.]\s*)?([^：:，,。；;\s]{2,12})[：:]")
# "上游包括A、B与C", "中游整机包括…", "下游为…"; a list stops at the next level word or sentence end.
_LIST = re.compile(r"(上游|中游|下游)[\u4e00-\u9fff]{0,6}?(?:主要)?(?:包括|包含|为|是|涵盖|主要有)"
                   r"(.+?)(?=[，,]?(?:上游|中游|下游)|[。；;]|$)")
_NOT_NODE = re.compile(r"^(?:表|图|资料来源|数据来源|注|来源|风险)|共识|分歧|观点|结论|我们|判断|投资|建议|估值|盈利|总结|展望")
_ITEM_SPLIT = re.compile(r"[、，,]|以及|与|和|及")
_ITEM_TRIM = re.compile(r"^(?:主要|包括|等)|(?:等(?:原材料|环节|领域|企业|公司|厂商)?|原材料|环节|领域)$")
# Reports that lay out a chain by segment ("二、光模块：…", "三、服务器：…") without the words
# 上游/中游/下游: a segment's level is read from what it is. Components and materials feed the
# products made from them; products feed the services and users downstream.
_SEGMENT_LEVEL: tuple[tuple[Level, tuple[str, ...]], ...] = (
    ("up", ("芯片", "材料", "零部件", "元器件", "器件", "光模块", "传感器", "电池", "电机", "减速器", "丝杠", "PCB",
            "液冷", "散热", "原材料", "矿", "硅料", "电解质", "正极", "负极", "隔膜")),
    ("mid", ("服务器", "整机", "本体", "设备", "制造", "集成", "域控", "组件", "电芯", "模组", "飞行器", "总成")),
    ("down", ("应用", "运营", "场景", "整车", "云", "数据中心", "终端", "电站", "服务")),
)
_NAME_CODE = re.compile(r"([\u4e00-\u9fffA-Za-z]{2,12})\s*[（(]\s*([0-9]{4,6}(?:\.[A-Za-z]{1,2})?|[A-Z]{1,5}\.[A-Z]{1,2})\s*[)）]")


@dataclass(frozen=True)
class Evidence:
    report_id: str
    page: int
    quote: str


@dataclass(frozen=True)
class CompanyMention:
    name: str
    code: str | None  # as written in the text, not yet validated
    level: Level
    node: str | None  # None: the level is known but not the node
    evidence: Evidence


@dataclass
class ChainCandidates:
    nodes: dict[tuple[Level, str], list[Evidence]] = field(default_factory=dict)
    mentions: list[CompanyMention] = field(default_factory=list)

    def add_node(self, level: Level, name: str, evidence: Evidence) -> None:
        self.nodes.setdefault((level, name), []).append(evidence)


def _clean_item(item: str) -> str | None:
    item = item.strip(" 　“”\"'（）()")
    if item.find("等") >= 1:  # "应急救援等运营服务" → "应急救援"
        item = item[: item.find("等")]
    for _ in range(2):
        item = _ITEM_TRIM.sub("", item).strip()
    if not item or len(item) > 12 or any(ch.isdigit() for ch in item) or _NOT_NODE.match(item):
        return None
    return item if len(item) >= 2 or "\u4e00" <= item <= "\u9fff" else None  # "锂" is a node, "A" is not


def list_nodes(sentence: str) -> list[tuple[Level, str]]:
    """Nodes named by list sentences: "上游为锂、硫化锂、锆等原材料" → [(up, 锂), (up, 硫化锂), (up, 锆)]."""
    found = []
    for match in _LIST.finditer(sentence):
        level = LEVEL_WORDS[match.group(1)]
        for raw in _ITEM_SPLIT.split(match.group(2)):
            item = _clean_item(raw)
            if item:
                found.append((level, item))
    return found


def segment_level(name: str) -> Level | None:
    for level, words in _SEGMENT_LEVEL:
        if any(w in name for w in words):
            return level
    return None


def _line_level(line: str) -> Level | None:
    levels = {LEVEL_WORDS[w] for w in _LEVEL_RE.findall(line)}
    return levels.pop() if len(levels) == 1 else None


def _is_heading(line: str) -> bool:
    return len(line) <= 40 and not line.endswith(("。", "；", ";", "！", "？"))


def _companies(sentence: str, master) -> list[tuple[str, str | None, int]]:
    """(name, code-as-written, position) for "名称(代码)" patterns and bare names the master knows."""
    out = [(m.group(1), m.group(2), m.start()) for m in _NAME_CODE.finditer(sentence)]
    covered = [(m.start(), m.end()) for m in _NAME_CODE.finditer(sentence)]
    if master is not None:
        for security, start, end in master.find_mentions(sentence):
            if not any(a <= start < b for a, b in covered):
                out.append((security.name, None, start))
    return sorted(out, key=lambda item: item[2])


def _node_for(sentence: str, position: int, level: Level, known: Sequence[str], subnode: str | None) -> str | None:
    """The known node named nearest the company in the same sentence (before it preferred), else the
    sub-heading the sentence sits under."""
    best, best_distance = None, None
    for name in known:
        before = sentence.rfind(name, 0, position)
        after = sentence.find(name, position)
        for at, penalty in ((before, 0), (after, 1)):
            if at >= 0:
                distance = (penalty, abs(position - at))
                if best_distance is None or distance < best_distance:
                    best, best_distance = name, distance
    return best or subnode


def extract_chain(reports: Mapping[str, Sequence[tuple[int, str]]], master=None) -> ChainCandidates:
    """Chain nodes and company mentions from the pages of each report (report_id → pages)."""
    result = ChainCandidates()
    for report_id, pages in reports.items():
        # First pass: node names from list sentences, so the second pass can attach companies to them.
        for page, text in pages:
            for sentence in split_sentences(text.replace("\n", "")):
                for level, name in list_nodes(sentence):
                    result.add_node(level, name, Evidence(report_id, page, sentence))
        known = {lvl: [n for (l_, n) in result.nodes if l_ == lvl] for lvl in ("up", "mid", "down")}
        level: Level | None = None
        subnode: str | None = None
        for page, text in pages:
            for line in (ln.strip() for ln in text.split("\n")):
                if not line:
                    continue
                if _is_heading(line):
                    line_level = _line_level(line)
                    if line_level:
                        level, subnode = line_level, None
                        # "二、上游：芯片与传感器" names the level's nodes; long phrases are slogans, not nodes.
                        title = re.split(r"[：:]", line, maxsplit=1)[1] if re.search(r"[：:]", line) else ""
                        for raw in _ITEM_SPLIT.split(title):
                            item = _clean_item(raw)
                            if item and len(item) <= 8 and segment_level(item) and not _LEVEL_RE.search(item):
                                result.add_node(level, item, Evidence(report_id, page, line))
                                known[level].append(item)
                    elif _TOP_HEADING.match(line):
                        level, subnode = None, None
                        segment = _SUB_HEADING.match(_TOP_HEADING.sub("", line))
                        seg_level = segment_level(segment.group(1)) if segment else None
                        if segment and seg_level and not _NOT_NODE.match(segment.group(1)):
                            level, subnode = seg_level, segment.group(1)
                            result.add_node(level, subnode, Evidence(report_id, page, line))
                    elif level and (m := _SUB_HEADING.match(line)) and not _NOT_NODE.match(line):
                        subnode = m.group(1)
                        result.add_node(level, subnode, Evidence(report_id, page, line))
                    continue
                line_level: Level | None = None
                for sentence in split_sentences(line):
                    sentence_level = _line_level(sentence.split("：")[0]) if "：" in sentence[:12] else None
                    mentioned = _LEVEL_RE.findall(sentence)
                    current = sentence_level or level or (LEVEL_WORDS[mentioned[-1]] if mentioned else line_level)
                    if mentioned:
                        line_level = LEVEL_WORDS[mentioned[-1]]  # later sentences of the paragraph inherit it
                    if current is None:
                        continue
                    for name, code, position in _companies(sentence, master):
                        node = _node_for(sentence, position, current, known[current], subnode)
                        result.mentions.append(CompanyMention(name, code, current, node,
                                                              Evidence(report_id, page, sentence)))
    return result
