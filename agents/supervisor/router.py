"""The offline router: a rule classifier that turns a chat message into one typed tool call.

Used when no LLM is configured. It only recognises what it can do well and otherwise falls
back to searching the library; the answer says so.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from agents.supervisor.models import (ChatArtifacts, ClassifyFundStyle, CompareBrokers, DecomposeConcept, ExportReports,
                                      ProposeStrategy, RankCoverage, RecallTopics, SearchLibrary, SummarizeReports)
from tools.concepts import CONCEPTS, canonical_concept
from tools.report_metadata import find_broker

_FUND_CODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")
_CONCEPT_ASK = re.compile(r"拆解|产业链|解构|上下游|概念")
_COMPARE = re.compile(r"对比|比较|分歧|共识|观点.*(?:差异|不同)")
_SUMMARY = re.compile(r"摘要|总结|概括|讲了什么|说了什么")
_FUND = re.compile(r"基金|风格")
_STRATEGY = re.compile(r"策略|配置|仓位|资产配置|核心.?卫星")
_WATCHLIST = re.compile(r"自选")
_RECALL = re.compile(r"(?:刚才|之前|前面|今天|我们|咱们).{0,6}(?:聊|谈|讨论|问)(?:了|过)?.{0,3}(?:哪些|什么|啥)|聊过(?:哪些|什么)|(?:哪些|什么)话题")
_EXPORT = re.compile(r"(?:导出|输出|存|保存|另存|下载)(?:成|为|到)?.{0,4}(?:Excel|EXCEL|excel|xlsx|表格)")
_THESE = re.compile(r"这些公司|上述公司|这些标的|以上公司")
_BROKERS = re.compile(r"(中信建投|中信|华泰|国泰君安|中金|招商|海通|广发|申万宏源|兴业|东吴|国金|天风|长江|光大|安信|开源|民生|方正|浙商|国盛)")


def _concept_in(text: str) -> str | None:
    for names in CONCEPTS:
        for name in names:
            if name.lower() in text.lower():
                return names[0]
    match = re.search(r"(?:拆解|解构)(?:一下|下)?[“\"]?([\u4e00-\u9fffA-Za-z0-9]{2,10})", text)
    return canonical_concept(match.group(1)) or match.group(1) if match else None


def _brokers(text: str) -> list[str]:
    out = []
    for short in _BROKERS.findall(text):
        full = find_broker(short + "证券") or find_broker(short) or short
        if full not in out:
            out.append(full)
    return out


def route(message: str, artifacts: ChatArtifacts, watchlist: list[str], master) -> BaseModel:
    """One typed tool call for the message; SearchLibrary when nothing more specific applies."""
    text = message.strip()
    if _RECALL.search(text):
        return RecallTopics()
    if _EXPORT.search(text):
        return ExportReports()
    if _WATCHLIST.search(text) and watchlist:
        return RankCoverage(codes=list(watchlist))
    if _THESE.search(text) and artifacts.concept:
        codes = [c.code for c in artifacts.concept.companies]
        return RankCoverage(codes=list(dict.fromkeys(codes)))
    if _CONCEPT_ASK.search(text) and (concept := _concept_in(text)):
        return DecomposeConcept(concept=concept)
    # Brokers are listed companies too; in a question they name who said it, not what it is about.
    mentions = [m for m in master.find_mentions(text) if not m[0].name.endswith("证券")]
    if _COMPARE.search(text) and mentions:
        return CompareBrokers(subject=mentions[0][0].code, brokers=_brokers(text))
    if _FUND.search(text) and (codes := _FUND_CODE.findall(text)):
        return ClassifyFundStyle(codes=codes)
    if _STRATEGY.search(text):
        return ProposeStrategy(funds=_FUND_CODE.findall(text))
    if _SUMMARY.search(text):
        ticker = mentions[0][0].code if mentions else None
        brokers = _brokers(text)
        return SummarizeReports(query=text, ticker=ticker, broker=brokers[0] if brokers else None)
    return SearchLibrary(query=text)
