"""The labelled concept set (issue 14): files, quotes, codes and the seed excerpt checked against their sources.

Each quote is on the page it names and each A-share code is in the stock master under the stated name.
Field meanings: evals/labelled/README.md.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from evals.labelled.schema import ConceptCase, Located, load_concept
from tests.support.labelled import (CODE, FICTION, LABELLED, SEED_DIR, assert_on_page, file_pages, master, norm)

@pytest.fixture(scope="module")
def concept_cases() -> list[ConceptCase]:
    cases = load_concept()
    assert [f.stem for f in sorted((LABELLED / "concept").glob("*.json"))] == [c.id for c in cases]
    return cases



def concept_pages(case: ConceptCase) -> dict[str, tuple[str, ...]]:
    out = {}
    for rep in case.reports:
        where = f"{case.id}/{rep.id}"
        assert (rep.file is None) == (rep.source != "sample"), where
        if rep.source == "sample":
            out[rep.id] = file_pages(rep.file)
            continue
        assert [p.page for p in rep.pages] == list(range(len(rep.pages))), where
        out[rep.id] = tuple(norm(p.text) for p in rep.pages)
        if rep.source == "written":
            assert FICTION in rep.pages[0].text and 2 <= len(rep.pages) <= 4, where
        else:
            assert rep.fiction is None and rep.excerpt_of, where
    return out


def mentions(quote: str, names: list[str]) -> bool:
    return any(norm(n) in norm(quote) for n in names)


def test_concept_files(concept_cases):
    names = [n for c in concept_cases for n in (c.concept, *c.aliases)]
    assert len(set(names)) == len(names)  # a name or alias picks one concept
    for case in concept_cases:
        pages, gold = concept_pages(case), case.gold
        roles = {r.id: r.role for r in case.reports}
        nodes = {n.id: n for n in gold.nodes}
        assert len(nodes) == len(gold.nodes) and len({n.name for n in gold.nodes}) == len(nodes), case.id
        for n in gold.nodes:
            assert n.evidence or n.from_template, (case.id, n.id)
            for e in n.evidence:
                assert_on_page(pages[e.report], e, f"{case.id}/{n.id}")
                assert mentions(e.quote, n.vocabulary), (case.id, n.id)
        codes = [c.code for c in gold.companies]
        assert len(set(codes)) == len(codes), case.id
        for c in gold.companies:
            where = f"{case.id}/{c.code}"
            assert re.fullmatch(CODE[c.listing], c.code), where
            if c.listing == "A":
                assert master().get(c.code) == c.name, where
            assert c.best_node in c.accept_as_best and set(c.accept_as_best) <= set(c.nodes) <= set(nodes), where
            names = [c.name, c.code.split(".")[0], *(c.as_written or [])]
            for e in c.evidence:
                assert roles[e.report] == "chain" and (e.node is None or e.node in c.nodes), where
                assert_on_page(pages[e.report], e, where)
                assert mentions(e.quote, names), where
        pairs = [(e.from_, e.to) for e in gold.edges]
        assert len(set(pairs)) == len(pairs), case.id
        for e in gold.edges:
            assert e.from_ in nodes and e.to in nodes and e.from_ != e.to, (case.id, e.from_, e.to)
            if e.basis == "template":
                assert e.quote is None and e.note, (case.id, e.from_, e.to)
            else:
                assert_on_page(pages[e.report], Located(page=e.page, quote=e.quote), f"{case.id}/edge")
        for d in gold.decoys:
            assert d.code not in codes and mentions(d.quote, [d.name, d.code[:6]]), (case.id, d.code)
            assert d.listing != "A" or master().get(d.code) == d.name, (case.id, d.code)
            assert_on_page(pages[d.report], d, f"{case.id}/decoy")
        for x in gold.invalid_codes:
            assert x.code not in master() and x.code in x.quote, (case.id, x.code)
            assert_on_page(pages[x.report], x, f"{case.id}/invalid")
        for x in gold.unverifiable:
            assert x.as_written in x.quote, case.id
            assert_on_page(pages[x.report], x, f"{case.id}/unverifiable")


def test_seed_excerpt_is_the_seed(concept_cases):
    seeded = [r for c in concept_cases for r in c.reports if r.source == "seed"]
    assert seeded
    for rep in seeded:
        path = SEED_DIR / Path(rep.excerpt_of["path"]).name
        if not path.exists():
            pytest.skip("the seeds are not on this machine")
        assert hashlib.sha256(path.read_bytes()).hexdigest() == rep.excerpt_of["sha256"]
        first, last = rep.excerpt_of["lines"]
        lines = path.read_text(encoding="utf-8").split("\n")[first - 1:last]
        assert norm("\n".join(lines)) == norm(rep.pages[0].text)


def test_concept_set_covers_what_issue_14_asks(concept_cases):
    by_concept = {c.concept: c for c in concept_cases}
    assert len(concept_cases) >= 10
    assert {"人形机器人", "低空经济", "AI算力", "固态电池", "智能驾驶", "自动驾驶"} <= set(by_concept)
    written = [c for c in concept_cases if c.source == "written"]
    assert len(written) >= 4
    for case in written:
        chain = [r for r in case.reports if r.role == "chain"]
        assert len({r.broker for r in chain}) >= 2 and case.gold.decoys, case.id
    layouts = " ".join(r.layout for c in written for r in c.reports)
    assert "上游/中游/下游" in layouts and "prose only" in layouts
    quotes = [e.quote for c in written for co in c.gold.companies for e in co.evidence]
    assert any(re.search(r"\(\d{6}\.S[HZ]\)", q) for q in quotes)  # 300124.SZ in brackets
    assert any(re.search(r"[（(]\d{6}[)）]", q) for q in quotes)  # 汇川技术(300124)
    assert any(re.search(r"(?<![\d.])\d{6}(?![\d.)）])", q) for q in quotes)  # a bare 300124
    seed = by_concept["自动驾驶"].gold
    assert sorted(c.code for c in seed.companies if c.listing == "A") == sorted(
        ["002036.SZ", "002405.SZ", "002767.SZ", "002906.SZ", "002920.SZ", "300496.SZ", "300552.SZ", "600707.SH",
         "601127.SH", "603633.SH", "603786.SH", "603997.SH", "688007.SH", "688167.SH", "688208.SH", "688326.SH",
         "688533.SH"])
    solid = by_concept["固态电池"].gold
    assert [x.code for x in solid.invalid_codes] == ["688999.SH"]
    assert {"002709.SZ", "300750.SZ", "300073.SZ"} <= {c.code for c in solid.companies}
    robot = {c.code: c for c in by_concept["人形机器人"].gold.companies}
    assert robot["003021.SZ"].best_node == "n-dexterous-hand" and {"300124.SZ", "002472.SZ"} <= set(robot)
    ai = by_concept["AI算力"].gold
    assert {c.code: c.best_node for c in ai.companies}["002463.SZ"] == "n-pcb"
    assert {"002594.SZ", "002920.SZ", "300496.SZ", "688326.SH"} <= {d.code for d in ai.decoys}
