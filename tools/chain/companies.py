"""One company once: its mentions across reports and pages summed into a best node and every node
its sentences tie it to. Mentions with no tie are evidence, never a placement."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from tools.chain.mentions import Mention
from tools.chain.model import CompanyFound, Evidence

MIN_SCORE = 0.3  # below this the sentences only brush the company: it stays out of the chain
ALSO_SHARE = 0.4  # another node is listed when its ties reach this share of the best node's
BROKER_SUFFIXES = ("证券", "证券股份", "国际", "金融控股", "研究所")


@dataclass
class Placement:
    mention: Mention
    ties: list[tuple[str, float, str]]  # (node key, weight, term as written)
    evidence: Evidence
    about: bool  # from a report about the concept


def _key(mention: Mention) -> tuple:
    sec = mention.security
    return ("code", sec.code) if sec is not None else ("written", mention.name, mention.code)


def aggregate_companies(placements: list[Placement]) -> list[Placement] | list[CompanyFound]:
    scores: dict[tuple, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    evidence: dict[tuple, list[Evidence]] = defaultdict(list)
    first: dict[tuple, Mention] = {}
    for p in placements:
        if p.mention.name.endswith(BROKER_SUFFIXES):  # "国金证券研究所": the report's source, not a chain company
            continue
        key = _key(p.mention)
        first.setdefault(key, p.mention)
        if p.mention.code and not first[key].code:
            first[key] = p.mention
        best_here = None
        for node, weight, _term in p.ties:
            scores[key][node] += weight
            if best_here is None or weight > best_here[1]:
                best_here = (node, weight)
        if p.about or p.ties:
            evidence[key].append(Evidence(p.evidence.report_id, p.evidence.page, p.evidence.quote,
                                          best_here[0] if best_here else None))
    out = []
    for key, by_node in scores.items():
        ranked = sorted(by_node.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < MIN_SCORE - 1e-9:
            continue
        best, top = ranked[0]
        nodes = [n for n, s in ranked if s >= ALSO_SHARE * top]
        mention = first[key]
        seen, ev = set(), []
        for e in sorted(evidence[key], key=lambda e: e.node is None):  # placements first, then plain mentions
            if (e.report_id, e.page) not in seen:
                seen.add((e.report_id, e.page))
                ev.append(e)
        out.append(CompanyFound(mention.name, mention.code, mention.security, best, nodes, round(top, 3), ev))
    return out
