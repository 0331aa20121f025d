"""Evidence-first chain extraction over every page of every gathered report (the offline engine).

1. Reports are split into those about the concept (its name or an alias in the title, or named
   repeatedly) and those that only mention it; a company from the latter counts only where its
   own sentence names the concept and ties it to a link of this chain.
2. The chain vocabulary is the reports' own words (lexicon.py) merged with the concept's curated
   template (templates.py), if there is one.
3. Every company mention is tied to the words around it in its sentence (assign.py); its best node
   is where the sentences tie it most strongly, and every node it is tied to is kept (companies.py).
4. Edges come from a template or from a sentence that states the supply (relations.py).
Nothing here validates a code or a name: that is the caller's job (agents/concept/validate.py).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Mapping, Sequence

from tools.chain.assign import Occurrence, attach
from tools.chain.companies import Placement, aggregate_companies
from tools.chain.lexicon import STRUCTURAL, Matcher, NodeKeys, harvest, scope, sections
from tools.chain.mentions import find_company_mentions, group_mentions
from tools.chain.model import ChainFound, EdgeFound, Evidence, NodeFound, TermStats
from tools.chain.relations import Item, stated_edges
from tools.chain.templates import ChainTemplate
from tools.chain.text import FlatPage, flat_page, join_pages
from tools.chain.vocab import topic_terms

ABOUT_MIN_MENTIONS = 3  # a report that names the concept fewer times (and not in its title) only mentions it
_SOURCE_AFTER = re.compile(r"^(?:证券)?(?:研究|研究所|研究院|研究部)|^\|")  # 资料来源：国泰君安证券研究: the source
_CONTRAST = re.compile(r"不同于|有别于|与[^，。；]{1,20}不同|可比公司|可比标的|相比|而非")
_CUSTOMER_BEFORE = re.compile(r"(?:向|(?<!作)为|给|被)[^，。；]{0,5}$")


def _about(pages: list[FlatPage], title: str, names: Sequence[str]) -> bool:
    if any(n in title for n in names):
        return True
    text = "".join(p.text[:p.disclaimer_from] if p.disclaimer_from is not None else p.text for p in pages)
    return sum(text.count(n) for n in names) >= ABOUT_MIN_MENTIONS


def _is_table(sentence: str) -> bool:
    return len(re.findall(r"\d+\.\d+|\d+%", sentence)) >= 3


def _previous_terms(page: FlatPage, lo: int, matcher: Matcher) -> list[str]:
    """Chain words of the sentence before `lo` on the same page (the context a bare "等企业" refers to)."""
    spans = [s for s in page.sentences() if s[1] <= lo]
    if not spans or any(spans[-1][0] <= h.start <= lo for h in page.headings):
        return []  # nothing before, or a new section begins in between
    a, b = spans[-1]
    return [o.term for o in matcher.find(page.text, a, b)
            if not _CUSTOMER_BEFORE.search(page.text[max(a, o.start - 8):o.start])]


def extract_chain(reports: Mapping[str, Sequence[tuple[int, str]]], *, concept: str, names: Sequence[str] = (),
                  titles: Mapping[str, str] | None = None, brokers: Mapping[str, str] | None = None,
                  master=None, template: ChainTemplate | None = None) -> ChainFound:
    """The chain in `reports` (report_id → its pages, 0-based) for `concept` (`names`: it and its aliases)."""
    titles, brokers = titles or {}, brokers or {}
    names = [n for n in dict.fromkeys([concept, *names, *(template.names() if template else ())]) if n]
    # Two-character aliases (算力, 智驾) also occur inside other words (高算力芯片): they do not make a report
    # about the concept, nor tie a company in another report to it.
    canonical = {concept, *(template.names()[:1] if template else ())}
    strong = [n for n in names if len(n) >= 3 or n in canonical]
    # One flat text per report: page breaks, like line breaks, are where the layout happened to cut.
    flat = {rid: [join_pages(rid, [flat_page(rid, p, t) for p, t in pages])] for rid, pages in reports.items() if pages}
    about = {rid: _about(pages, titles.get(rid, ""), strong) for rid, pages in flat.items()}
    stats: dict[str, TermStats] = {}
    for rid, pages in flat.items():
        if about[rid]:
            harvest(pages, stats, master)
    # The concept's own name (typed, and the template's): a word inside it (终端 in AI终端, 聚变 in 可控核聚变)
    # names the whole, not a link; the name itself, where a company makes it, is the chain's product.
    # Without a template, the aliases' words too (卫星 in 低轨卫星): nothing curated says they are links.
    own = canonical
    curated = {w for n in template.nodes for w in (n.name, *n.terms)} if template else set()
    whole = own if template else set(strong)
    stats = {t: s for t, s in stats.items() if not any(t in n and t != n for n in whole)}
    words = (set(stats) | curated) - (set(strong) - curated)
    nodes = NodeKeys(stats, template, sorted(own))
    matcher = Matcher(sorted(words | (own if nodes.product else set())))
    placements: list[Placement] = []
    sentences: list[tuple[FlatPage, tuple[int, int], list, list[Occurrence]]] = []
    counts: Counter = Counter()
    for rid, pages in flat.items():
        found_sections = sections(pages)
        for page in pages:
            end = page.disclaimer_from if page.disclaimer_from is not None else len(page.text)
            broker = brokers.get(rid) or ""
            mentions = [m for m in find_company_mentions(page.text[:end], master)
                        if not _SOURCE_AFTER.match(page.text[m.end:m.end + 4])
                        and not (broker and (m.name in broker or broker.startswith(m.name)))]
            for lo, hi in page.sentences():
                if lo >= end:
                    break
                text = page.text
                occs = [o for o in matcher.find(text, lo, hi)
                        if not any(m.start <= o.start < m.end for m in mentions) and nodes.key(o.term)]
                if about[rid]:
                    counts.update(o.term for o in occs)
                inside = [m for m in mentions if lo <= m.start < hi]
                groups = group_mentions(text, inside)
                if about[rid]:
                    sentences.append((page, (lo, hi), groups, occs))
                if not inside or not about[rid] and not any(n in text[lo:hi] for n in strong):
                    continue  # a report on something else: only a sentence that names the concept can tie a company to it
                placements += _place(page, (lo, hi), groups, occs, matcher, about[rid],
                                     scope(found_sections, page.page, lo)[1], nodes)
    companies = aggregate_companies(placements)
    found_nodes = _build_nodes(companies, stats, nodes, template, counts, placements)
    keys = {n.key for n in found_nodes}
    return ChainFound(found_nodes, companies, _edges(sentences, companies, nodes, template, keys),
                      [r for r in flat if about[r]], [r for r in flat if not about[r]])


def _place(page: FlatPage, span, groups, occs, matcher, about: bool, topic: str | None, nodes: NodeKeys
           ) -> list[Placement]:
    """Placements of the companies of one sentence: each tied to the words around it, or to the sentence's
    topic, the sentence before, the section's topic, in that order of preference."""
    lo, hi = span
    text = page.text
    tied = defaultdict(list)
    for a in attach(text, span, [(g[0].start, g[-1].end) for g in groups], occs, page.lines_in(span)):
        tied[a.group].append(a)
    previous = _previous_terms(page, lo, matcher) if about and not _is_table(text[lo:hi]) else []
    out = []
    for index, group in enumerate(groups):
        clause = text[max(lo, group[0].start - 20):min(hi, group[-1].end + 20)]
        if _CONTRAST.search(clause):
            continue  # a valuation peer or a contrast, not a member of the chain
        ties = [(a.term, a.weight) for a in tied[index]]
        if not ties:
            ties = [(t, 0.35) for t in topic_terms(text[lo:group[0].start])][-1:]
        if not ties and about:
            ties = [(t, 0.3) for t in previous][-1:] or ([(topic, 0.3)] if topic else [])
        quote = Evidence(page.report_id, page.page_at(group[0].start), text[lo:hi].strip()[:200])
        keyed = [(k, w, t) for t, w in ties if (k := nodes.key(t))]
        out += [Placement(mention, keyed, quote, about) for mention in group]
    return out


def _build_nodes(companies, stats: dict[str, TermStats], nodes: NodeKeys, template, counts: Counter, placements
                 ) -> list[NodeFound]:
    used = Counter(k for c in companies for k in c.nodes)
    keys = set(used) | {k for t, s in stats.items() if s.sources & STRUCTURAL and (k := nodes.key(t))}
    if template is not None:
        present = {nodes.key(t) for t in counts}
        keys |= {n.name for n in template.nodes if n.core or n.name in present}
    forms: dict[str, Counter] = defaultdict(Counter)
    for term, n in counts.items():
        if (key := nodes.key(term)) and term not in nodes.concept_names:
            forms[key][term] += n
    for p in placements:
        for key, _weight, term in p.ties:
            if term not in nodes.concept_names:
                forms[key][term] += 0
    exact = {w for n in template.nodes for w in (n.name, *n.terms)} if template is not None else set()
    out = []
    for key in keys:
        terms = set(forms[key]) | {key} | (nodes.concept_names if key == nodes.product else set())
        if nodes.is_template_node(key) and counts[key]:
            name = key  # the template's name, when the reports use it too
        else:  # the reports' own most used word for it (one the template knows first)
            ranked = sorted(forms[key].items(), key=lambda kv: (kv[0] not in exact, key not in kv[0], -kv[1], kv[0] != key))
            name = ranked[0][0] if ranked else key
        evidence = [s.evidence for t in sorted(terms) if (s := stats.get(t)) and s.evidence][:2]
        out.append(NodeFound(key, name, nodes.level(key, terms), terms, evidence, nodes.is_template_node(key)))
    order = {"up": 0, "mid": 1, "down": 2}
    return sorted(out, key=lambda n: (order[n.level], -used[n.key], n.name))


def _edges(sentences, companies, nodes: NodeKeys, template, keys: set[str]) -> list[EdgeFound]:
    best = {}
    for c in companies:
        for e in c.evidence:
            best[(e.report_id, e.page, c.name)] = c.node
    found: dict[tuple[str, str], EdgeFound] = {}
    for page, span, groups, occs in sentences:
        items = [Item(o.start, o.end, k) for o in occs if (k := nodes.key(o.term))]
        items += [Item(g[0].start, g[-1].end, node) for g in groups
                  if (node := best.get((page.report_id, page.page_at(g[0].start), g[0].name)))]
        items.sort(key=lambda i: i.start)
        for edge in stated_edges(page.text, span, [i for i in items if i.node in keys]):
            found.setdefault((edge.source, edge.target),
                             EdgeFound(edge.source, edge.target, "stated",
                                       Evidence(page.report_id, page.page_at(span[0]), edge.quote)))
    if template is not None:
        for a, b in template.edges:
            if a in keys and b in keys:
                found.setdefault((a, b), EdgeFound(a, b, "template"))
    return list(found.values())
