"""Industry views from the report library, and report sentences that back a signal.

An industry view is a report page that rates an industry: "行业评级：增持（维持）" or
"维持储能行业“增持”评级". Company ratings ("投资评级：买入") are not industry views. Candidate
reports come from hybrid retrieval (one query per theme plus a general one); the rating itself
is read from the page text, never from a model.
"""

from __future__ import annotations

import re

from agents.strategy.etfs import THEMES, theme_of_text
from agents.strategy.models import IndustryView, SupportSentence
from memory.filters import SearchFilters
from memory.search import search
from tools.citations import extract_figures
from tools.report_fields import normalize_rating
from tools.text import looks_like_injection, split_sentences

SEARCH_K = 30
MAX_REPORTS = 40
_WORD = r"强烈推荐|谨慎推荐|审慎增持|优于大市|强于大市|跑赢行业|买入|增持|推荐|超配|中性|持有|标配|减持|低配|回避|卖出"
_NAMED = re.compile(rf"(?P<ind>[\u4e00-\u9fffA-Za-z0-9]{{2,12}}?)行业[“\"「]?(?P<w>{_WORD})[”\"」]?(?:投资)?评级")
_HEADER = re.compile(rf"行业(?:投资)?评级\s*[:：]?\s*[“\"「]?(?P<w>{_WORD})")
_STANCE = {"买入": "positive", "增持": "positive", "中性": "neutral", "减持": "negative", "卖出": "negative"}


def industry_rating(pages: list[tuple[int, str]], title: str) -> tuple[str, str, int, str] | None:
    """(industry theme, normalized rating, page, sentence) for a report that rates an industry.

    A sentence naming the industry ("维持储能行业“增持”评级") wins over the cover's bare
    "行业评级：增持"; the theme comes from that name, else from the title."""
    bare = None
    for page, text in sorted(pages):
        for sentence in split_sentences(text):
            if looks_like_injection(sentence):
                continue
            named = _NAMED.search(sentence)
            if named and (rating := normalize_rating(named["w"])):
                theme = theme_of_text(named["ind"]) or theme_of_text(title)
                if theme:
                    return theme, rating, page, sentence.strip()
            header = _HEADER.search(sentence)
            if header and bare is None and (rating := normalize_rating(header["w"])):
                bare = (rating, page, sentence.strip())
    if bare and (theme := theme_of_text(title)):
        return theme, *bare
    return None


def industry_views(library) -> tuple[list[IndustryView], list[str]]:
    """Industry ratings found in the library (one per report), positive ones first."""
    queries = ["行业评级 增持 投资建议"] + [f"{t.report_words[0]} 行业评级 投资建议" for t in THEMES]
    report_ids: list[str] = []
    for query in queries:
        for hit in search(library, query, k=SEARCH_K, filters=SearchFilters()):
            if hit.report_id not in report_ids:
                report_ids.append(hit.report_id)
    views = []
    for report_id in report_ids[:MAX_REPORTS]:
        record = library.report(report_id)
        if record is None:
            continue
        found = industry_rating(library.pages(report_id), record.title)
        if found is None:
            continue
        theme, rating, page, quote = found
        views.append(IndustryView(industry=theme, stance=_STANCE[rating], rating=rating, report_id=report_id,
                                  title=record.title, broker=record.broker, date=record.date, page=page, quote=quote))
    order = {"positive": 0, "neutral": 1, "negative": 2}
    views.sort(key=lambda v: (order[v.stance], v.industry, v.date or "", v.report_id))
    return views, [] if views else ["研报库中没有找到行业评级：卫星仓位只依据信号。"]


# Report sentences that state the mechanism behind each signal (for the rationale): the query, then
# words of which the sentence must contain one from each group.
SIGNAL_QUERIES = {
    "equity_timing": ("宏观择时 经济增长 流动性 权益仓位", (("择时", "权益仓位", "股票仓位"), ("流动性", "经济"))),
    "size_view": ("M1同比 回升 资金活化 小盘 占优", (("M1",), ("小盘", "大盘"))),
    "growth_value_view": ("M1-M2剪刀差 美债利率 成长 价值 风格", (("剪刀差", "美债"), ("成长", "价值"))),
    "core": ("中证A500 核心仓位 均衡 宽基", (("A500",), ("核心", "均衡"))),
}
_NOT_PROSE = re.compile(r"资料来源|数据来源|示例报告|免责|^\s*[表图]\s*\d|[|｜]")
MAX_FIGURES = 3  # more than this is a table row flattened into a "sentence"


def _prose(sentence: str) -> bool:
    return (12 <= len(sentence) <= 160 and not _NOT_PROSE.search(sentence) and not looks_like_injection(sentence)
            and len(extract_figures(sentence)) <= MAX_FIGURES)


def supporting_sentences(library, topic: str, k: int = 2) -> list[SupportSentence]:
    """Up to k report sentences stating the mechanism of `topic`."""
    query, groups = SIGNAL_QUERIES[topic]
    out: list[SupportSentence] = []
    for hit in search(library, query, k=8, filters=SearchFilters()):
        for sentence in split_sentences(hit.text):
            sentence = sentence.strip()
            if not _prose(sentence) or not all(any(w in sentence for w in group) for group in groups):
                continue
            if all(s.text != sentence for s in out):
                out.append(SupportSentence(report_id=hit.report_id, title=hit.title, broker=hit.broker, page=hit.page,
                                           text=sentence))
            if len(out) == k:
                return out
    return out
