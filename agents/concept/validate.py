"""Validation of a ChainDraft: whatever a generate step proposes is checked in code before anyone sees it.

A code must exist in the stock master (A shares; HK and US listings in one format), the name written
beside it must be that code's company, a cited page must actually name the company, and tie it to its
node: the node's name or one of its words stands in the sentence that names the company or the one before. What fails is dropped
and reported with its reason; nothing is ever corrected into a company the sources did not name. A
code the master does not know is reported with the master's date ("不在 2023-10-19 的股票列表中，运行
touyan data refresh 更新"): it may simply be newer than the list.
"""

from __future__ import annotations

import re
from typing import Callable

from agents.concept.models import ChainCompany, ChainDraft, ChainNode, DroppedCompany, EvidenceRef, SourceReport
from tools.text import squash
from tools.tickers import StockMaster, normalize_code

PageText = Callable[[str, int], str | None]


def names_match(written: str, security, master: StockMaster) -> bool:
    """The written name is the security's name, a name containing it ("受益标的北特科技"), a short form
    of it ("茅台"), or a former name."""
    w, name = squash(written), squash(security.name or "")
    if not w:
        return False
    if w == name or name in w or (len(w) >= 2 and w in name):
        return True
    if any(squash(f) == w for f in security.former_names):
        return True
    other = master.lookup(written)
    return other is not None and other.code == security.code


def _security(company, master: StockMaster):
    """(security, None) or (None, reason)."""
    if company.code:
        code = normalize_code(company.code)
        if code is None:
            return None, f"代码格式无效：{company.code}"
        security = master.lookup(code)
        if security is None:
            return None, master.unknown_code(code)
        if not names_match(company.name, security, master):
            return None, f"名称与代码不符：{code} 是“{security.name}”，不是“{company.name}”"
        return security, None
    found = master.lookup(company.name)
    if found is None:
        return None, "无法确认为上市公司（股票主表中没有这个名称）"
    return found, None


def _words(node: ChainNode) -> list[str]:
    return [squash(w) for w in (node.name, *node.terms) if len(squash(w)) >= 2]


def _around(flat: str, names: tuple[str, ...]) -> str:
    """The sentences that name the company, each with the sentence before it: where a node must be named."""
    sentences = re.split(r"(?<=[。！？；])", flat)
    keep = [i for i, s in enumerate(sentences) if any(n and n in s for n in names)]
    return "".join(sentences[j] for i in keep for j in (i - 1, i) if j >= 0)


def _quote(text: str, names: tuple[str, ...]) -> str:
    sentence = next((s for s in text.replace("\n", "").split("。") if any(n and n in s for n in names)), "")
    return sentence.strip()[:160]


def validate_companies(draft: ChainDraft, master: StockMaster, page_text: PageText, nodes: list[ChainNode],
                       sources: dict[str, SourceReport]) -> tuple[list[ChainCompany], list[DroppedCompany]]:
    by_name = {n.name: n for n in nodes}
    kept: dict[str, ChainCompany] = {}
    dropped: list[DroppedCompany] = []
    for company in draft.companies:
        wanted = [by_name[n] for n in dict.fromkeys([company.node, *company.nodes]) if n in by_name]
        if not wanted:
            dropped.append(DroppedCompany(name=company.name, code=company.code, reason=f"环节“{company.node}”不在产业链中"))
            continue
        security, reason = _security(company, master)
        if security is None:
            dropped.append(DroppedCompany(name=company.name, code=company.code, reason=reason))
            continue
        evidence, flats = [], []
        for ref in company.evidence:
            text = page_text(ref.report_id, ref.page) or ""
            flat = squash(text)
            if squash(security.name) in flat or squash(company.name) in flat or security.symbol in flat:
                info = sources.get(ref.report_id)
                evidence.append(EvidenceRef(report_id=ref.report_id, title=info.title if info else None,
                                            broker=info.broker if info else None, page=ref.page,
                                            quote=_quote(text, (security.name, company.name))))
                flats.append(_around(flat, (squash(security.name), squash(company.name), security.symbol)))
        if not evidence:
            dropped.append(DroppedCompany(name=company.name, code=security.code, reason="引用的页面没有提到这家公司"))
            continue
        tied = [n for n in wanted if any(w in flat for w in _words(n) for flat in flats)]
        if not tied:
            dropped.append(DroppedCompany(name=company.name, code=security.code,
                                          reason=f"引用的页面没有把这家公司与环节“{company.node}”联系起来"))
            continue
        if security.code in kept:  # one company once: its other placements add nodes and evidence
            known = kept[security.code]
            seen = {(e.report_id, e.page) for e in known.evidence}
            known.evidence += [e for e in evidence if (e.report_id, e.page) not in seen]
            known.nodes += [n.id for n in tied if n.id not in known.nodes]
            continue
        kept[security.code] = ChainCompany(code=security.code, name=security.name, node=tied[0].id, level=tied[0].level,
                                           nodes=[n.id for n in tied], evidence=evidence)
    return list(kept.values()), dropped


def score(company: ChainCompany) -> float:
    """Evidence strength: distinct reports count most, then distinct pages, then board membership."""
    reports = {e.report_id for e in company.evidence if e.report_id}
    pages = {(e.report_id, e.page) for e in company.evidence}
    return 2.0 * len(reports) + 1.0 * len(pages) + (1.0 if company.in_board else 0.0)
