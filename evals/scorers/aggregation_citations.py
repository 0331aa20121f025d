"""Is every number in a ConsensusReport on the page it cites? (issue 13: "every number in consensus output
traceable to a cited page"). A cited figure — a target price, a current price, an EPS or revenue/profit
forecast, a rating — must be readable on its report's cited page; a claim's text must stand on its page.
Computed numbers (mean, median, spread, cv, upside) are not on any page: they are checked where they are
computed (agents/consensus/aggregate.py) from the cited figures this scorer checks."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from tools.text import squash

# 亿元 forecasts may be printed in 百万元 or 万元 on the page; EPS and prices are printed as they are.
_SCALES = (1, 100, 10_000)
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@lru_cache(maxsize=256)  # one page is checked for every figure cited to it
def _figures(text: str) -> frozenset[float]:
    return frozenset(float(m.group().replace(",", "")) for m in _NUMBER.finditer(text))


def _on_page(value: float, page_text: str, scaled: bool) -> bool:
    figures = _figures(page_text)
    for scale in _SCALES if scaled else (1,):
        want = abs(value) * scale
        if any(abs(f - want) <= max(0.005, 1e-6 * want) for f in figures):
            return True
    return False


def cited_numbers(consensus: Mapping, pages: Mapping[str, Mapping[int, str]]) -> tuple[int, list[str]]:
    """(figures checked, the ones not on their cited page, each as one line). `pages`: report id → page → text."""
    checked, missing = 0, []

    def check(what: str, report: str, page, value: float | None = None, text: str | None = None,
              scaled: bool = False) -> None:
        nonlocal checked
        checked += 1
        body = pages.get(report, {}).get(page) if page is not None else None
        if body is None:
            missing.append(f"{what}：{report} 无引用页")
        elif value is not None and not _on_page(value, body, scaled):
            missing.append(f"{what} {value:g}：{report} p.{page} 上没有")
        elif text is not None and squash(text) not in squash(body):
            missing.append(f"{what}「{text[:30]}」：{report} p.{page} 上没有")

    for vote in (consensus.get("rating_distribution") or {}).get("votes", []):
        check("评级", vote["report_id"], vote.get("page"), text=vote["rating"])
    target = consensus.get("target_price") or {}
    for v in target.get("values", []):
        check("目标价", v["report_id"], v.get("page"), value=v["value"])
    for u in consensus.get("upside", []):
        check("目标价", u["report_id"], u.get("target_page"), value=u["target_price"])
        check("现价", u["report_id"], u.get("current_page"), value=u["current_price"])
    for stats in consensus.get("eps_dispersion", []) + consensus.get("forecast_dispersion", []):
        for v in stats.get("values", []):
            check(f"{stats.get('metric', 'EPS')} {stats['year']}", v["report_id"], v.get("page"), value=v["value"],
                  scaled=stats.get("metric", "EPS") != "EPS")
    for d in consensus.get("claim_divergences", []):
        for c in d["claims"]:
            check("分歧观点", c["report_id"], c["page"], text=c["text"])
    for topic in consensus.get("topics", []):
        for p in topic["points"]:
            check("议题观点", p["report_id"], (p.get("pages") or [None])[0], text=p["text"])
    return checked, missing
