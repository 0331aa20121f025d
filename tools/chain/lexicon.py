"""The chain vocabulary of a set of reports and how its words fold into nodes.

`harvest` collects the reports' own chain words (vocab.py) with the levels the reports give them;
`NodeKeys` maps any word to its node: the template's node when the template knows the word, else a
structural word (named by a heading, a list sentence or a table's label column) that the word ends
with or is the tail of, else the word itself.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Sequence

from tools.chain.assign import Occurrence, header_row, table_head, table_orientation
from tools.chain.mentions import find_company_mentions, group_mentions
from tools.chain.model import Evidence, TermStats
from tools.chain.templates import ChainTemplate
from tools.chain.text import FlatPage
from tools.chain.vocab import (customer_terms, own_product_terms, split_items, heading_terms, level_of_words, list_terms, role_terms,
                               segment_level, topic_terms)

STRUCTURAL = frozenset({"heading", "list", "label"})
_ENTITY_TAIL = re.compile(r"(?:企业|厂商|公司|厂)$")


class Matcher:
    """Leftmost-longest occurrences of a set of words."""

    def __init__(self, terms: Sequence[str]):
        ordered = sorted({t for t in terms if t}, key=len, reverse=True)
        self._re = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def find(self, text: str, lo: int, hi: int) -> list[Occurrence]:
        if self._re is None:
            return []
        return [Occurrence(m.start(), m.end(), m.group()) for m in self._re.finditer(text, lo, hi)]


def sections(pages: list[FlatPage]) -> dict[tuple[int, int], tuple[str | None, str | None]]:
    """(page, heading offset) → (level in force, topic word) from the headings, in reading order."""
    out, level = {}, None
    for page in pages:
        for heading in page.headings:
            heading_level, items = heading_terms(heading)
            if heading.level_word:
                level = heading_level
            elif heading.numbered:
                level = level_of_words(heading.text)
            out[(page.page, heading.start)] = (level, items[0] if (items and not heading.level_word) else None)
    return out


def scope(found: dict, page: int, position: int) -> tuple[str | None, str | None]:
    best = None
    for (p, offset), value in found.items():
        if (p, offset) <= (page, position):
            best = value
    return best or (None, None)


def _note(stats: dict[str, TermStats], term: str, level: str | None, source: str, evidence: Evidence) -> None:
    entry = stats.setdefault(term, TermStats())
    entry.count += 1
    entry.sources.add(source)
    if level:
        entry.levels[level] += 1
    entry.evidence = entry.evidence or evidence


def _table_labels(text: str, span: tuple[int, int], master, lines: Sequence[int] = ()) -> list[str]:
    """Row labels of a label-first table (环节 代表公司): the words between one row's companies and the next."""
    lo, hi = span
    head = table_head(text[lo:hi], lines) or ""
    two_columns = re.match(r"(?:环节|细分|领域|产品|节点|类别|部件|零部件)(?:代表公司|主要公司|代表企业|相关公司|相关标的|公司)", head)
    if table_orientation(text[lo:hi], lines) != "left" or not two_columns:
        return []  # only a two-column `环节 代表公司` table says that the words between rows are row labels
    groups = group_mentions(text, [m for m in find_company_mentions(text[lo:hi], master)])
    edges = [lo + groups[0][0].start] if groups else []
    labels = [text[lo + a[-1].end:lo + b[0].start] for a, b in zip(groups, groups[1:])]
    if edges:  # the first row's label: from the line after the header row, else after the header's last word
        row = header_row(text[lo:hi], lines) or 0
        first = next((lo + i for i in lines if i > row and lo + i < edges[0]), None)
        head = text[lo:edges[0]]
        labels.append(text[first:edges[0]] if first is not None else
                      re.split(r"代表公司|主要公司|公司|供应商|标的|企业", head)[-1])
    return [t for label in labels for t in split_items(label)]


def harvest(pages: list[FlatPage], stats: dict[str, TermStats], master) -> None:
    """The report's own chain words, with the levels it gives them."""
    found = sections(pages)
    for page in pages:
        for heading in page.headings:
            level, items = heading_terms(heading)
            for item in items:
                _note(stats, item, level, "heading", Evidence(page.report_id, page.page_at(heading.start), heading.text[:80]))
        for lo, hi in page.sentences():
            if page.disclaimer_from is not None and lo >= page.disclaimer_from:
                break
            sentence = page.text[lo:hi]
            where = Evidence(page.report_id, page.page_at(lo), sentence[:160])
            scope_level = scope(found, page.page, lo)[0]
            for level, item in list_terms(sentence):
                _note(stats, item, level or scope_level, "list", where)
            for item in topic_terms(sentence):
                _note(stats, item, level_of_words(sentence) or scope_level, "topic", where)
            for item in _table_labels(page.text, (lo, hi), master, page.lines_in((lo, hi))):
                _note(stats, item, scope_level, "label", where)
            mentions = find_company_mentions(sentence, master)
            if mentions:
                for item in role_terms(sentence):
                    _note(stats, item, scope_level, "role", where)
                for group in group_mentions(sentence, mentions):
                    for item in own_product_terms(sentence[group[-1].end:group[-1].end + 20]):
                        _note(stats, item, scope_level, "role", where)
                for item in customer_terms(sentence):
                    _note(stats, item, None, "customer", where)


class NodeKeys:
    """Word → node key (see the module doc); the concept's own name → its product node, if there is one."""

    def __init__(self, stats: dict[str, TermStats], template: ChainTemplate | None, concept_names: Sequence[str]):
        self.stats, self.template = stats, template
        self.structural = {t for t, s in stats.items() if s.sources & STRUCTURAL}
        self.concept_names = set(concept_names)
        self.product = self._product()

    def _product(self) -> str | None:
        """The node a company "making the concept" sits on: the template's core node, or the one mid-level
        structural word that starts with the concept's name (ADC研发)."""
        if self.template is not None:
            core = [n.name for n in self.template.nodes if n.core]
            return core[0] if core else None
        mids = {t for t in self.structural if any(t.startswith(n) and t != n for n in self.concept_names)
                and self.level(t, set()) == "mid"}
        return mids.pop() if len(mids) == 1 else None

    def key(self, term: str) -> str | None:
        if term in self.concept_names:
            return self.product
        if self.template is not None and (node := self.template.node_of_term(term)):
            return node
        base = _ENTITY_TAIL.sub("", term)
        if base != term and base in self.structural:
            return base  # ADC研发企业 → ADC研发
        ends = [s for s in self.structural if s != term and len(s) >= 2 and term.endswith(s)]
        if ends:
            return max(ends, key=len)  # 空心杯电机 → 电机
        if term in self.structural:
            return term
        tails = [s for s in self.structural if s.endswith(term) and len(term) >= 2]
        return tails[0] if len(tails) == 1 else term  # 研发 → ADC研发, when only one structural word ends so

    def is_template_node(self, key: str) -> bool:
        return self.template is not None and key in {n.name for n in self.template.nodes}

    def level(self, key: str, terms: set[str]) -> str:
        """Where a report's heading or list puts the node (上游电芯环节…); else the template's level; else
        the levels of the sections its words appear in; else what the word is (segment_level)."""
        stated: Counter = Counter()
        votes: Counter = Counter()
        for term in terms | {key}:
            entry = self.stats.get(term, TermStats())
            votes.update(entry.levels)
            if entry.sources & STRUCTURAL:
                stated.update(entry.levels)
        if stated:
            return stated.most_common(1)[0][0]
        if self.is_template_node(key):
            return self.template.node(key).level
        return votes.most_common(1)[0][0] if votes else segment_level(key) or "mid"
