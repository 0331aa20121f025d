"""Every company a generate step proposes is checked in code before anyone sees it.

A code must exist in the stock master, the name written beside it must be that code's
company, and a cited page must actually name the company. What fails is dropped and
reported with its reason; nothing is ever corrected into a company the sources did not name.
"""

from __future__ import annotations

from typing import Callable

from agents.concept.models import ChainCompany, ChainDraft, DroppedCompany, EvidenceRef, SourceReport
from tools.text import squash
from tools.tickers import StockMaster, normalize_code

PageText = Callable[[str, int], str | None]


def names_match(written: str, security, master: StockMaster) -> bool:
    """The written name is the security's name, a name containing it ("受益标的北特科技"), a short form
    of it ("茅台"), or a former name."""
    w, name = squash(written), squash(security.name)
    if not w:
        return False
    if w == name or name in w or (len(w) >= 2 and w in name):
        return True
    if any(squash(f) in (w,) for f in security.former_names):
        return True
    other = master.lookup(written)
    return other is not None and other.code == security.code


def _security(company, master: StockMaster):
    """(security, None) or (None, reason)."""
    if company.code:
        code = normalize_code(company.code)
        if code is None:
            return None, f"代码格式无效：{company.code}"
        if code.endswith((".HK", ".US")):
            found = master.lookup(code)
            return (found, None) if found else (None, f"{code} 为港股/美股代码，离线股票主表无法核验，未展示")
        if not master.exists(code):
            return None, f"不存在的股票代码：{code}"
        security = master.resolve(code)
        if not names_match(company.name, security, master):
            return None, f"名称与代码不符：{code} 是“{security.name}”，不是“{company.name}”"
        return security, None
    found = master.lookup(company.name)
    if found is None:
        return None, "无法确认为 A 股上市公司（股票主表中没有这个名称）"
    return found, None


def validate_companies(draft: ChainDraft, master: StockMaster, page_text: PageText, node_ids: dict[str, str],
                       node_levels: dict[str, str], sources: dict[str, SourceReport]
                       ) -> tuple[list[ChainCompany], list[DroppedCompany]]:
    kept: dict[tuple[str, str], ChainCompany] = {}
    dropped: list[DroppedCompany] = []
    for company in draft.companies:
        if company.node not in node_ids:
            dropped.append(DroppedCompany(name=company.name, code=company.code, reason=f"环节“{company.node}”不在产业链中"))
            continue
        security, reason = _security(company, master)
        if security is None:
            dropped.append(DroppedCompany(name=company.name, code=company.code, reason=reason))
            continue
        evidence = []
        for ref in company.evidence:
            text = page_text(ref.report_id, ref.page) or ""
            flat = squash(text)
            if squash(security.name) in flat or squash(company.name) in flat or security.code[:6] in flat:
                info = sources.get(ref.report_id)
                quote = next((s for s in text.split("。") if security.name in s or company.name in s), "")[:160]
                evidence.append(EvidenceRef(report_id=ref.report_id, title=info.title if info else None,
                                            broker=info.broker if info else None, page=ref.page, quote=quote.strip()))
        if not evidence:
            dropped.append(DroppedCompany(name=company.name, code=security.code, reason="引用的页面没有提到这家公司"))
            continue
        node_id = node_ids[company.node]
        key = (security.code, node_id)
        if key in kept:
            known = {(e.report_id, e.page) for e in kept[key].evidence}
            kept[key].evidence.extend(e for e in evidence if (e.report_id, e.page) not in known)
        else:
            kept[key] = ChainCompany(code=security.code, name=security.name, node=node_id,
                                     level=node_levels[node_id], evidence=evidence)
    return list(kept.values()), dropped


def score(company: ChainCompany) -> float:
    """Evidence strength: distinct reports count most, then distinct pages, then board membership."""
    reports = {e.report_id for e in company.evidence if e.report_id}
    pages = {(e.report_id, e.page) for e in company.evidence}
    return 2.0 * len(reports) + 1.0 * len(pages) + (1.0 if company.in_board else 0.0)
