"""Layout does not change the answer: each written report of the labelled concept set as TXT, as a
one-column PDF and as a narrow two-column PDF (scripts/labelled_pdf.py, ~20 characters a line, text
running from column to column) gives the same companies on the same nodes; and seed 004 as its .txt
and as the laid-out PDF of the layout corpus gives the same 19 companies of fig. 10."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.labelled.corpus import write_case_corpus
from evals.labelled.schema import load_concept
from scripts.labelled_pdf import LAYOUTS, render_case
from tools.chain.extract import extract_chain
from tools.chain.templates import find_template, load_templates
from tools.concepts import aliases_of
from tools.documents import load_document
from tools.tickers import StockMaster

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
WRITTEN = [c for c in load_concept() if c.source == "written"]


def chain_of(folder: Path, names: dict[str, str], case) -> dict[str, str]:
    """code → best node, as the extractor finds them in the files of `folder`."""
    reports = {rid: [(p.number, p.text) for p in load_document(folder / name).pages] for rid, name in names.items()}
    found = extract_chain(reports, concept=case.concept, names=aliases_of(case.concept), titles=names,
                          brokers={r.id: r.broker for r in case.reports}, master=StockMaster.bundled(),
                          template=find_template(case.concept, load_templates()))
    label = {n.key: n.name for n in found.nodes}
    return {(c.security.code if c.security else c.code): label[c.node] for c in found.companies}


@pytest.mark.parametrize("case", WRITTEN, ids=[c.id for c in WRITTEN])
def test_text_one_column_and_two_column_pdfs_agree(case, tmp_path):
    as_text = chain_of(tmp_path / "txt", write_case_corpus(case, tmp_path / "txt"), case)
    assert len(as_text) >= 8
    for layout in LAYOUTS:
        folder = tmp_path / layout
        assert chain_of(folder, render_case(case, folder, layout), case) == as_text, layout


def test_the_two_column_pdf_really_has_narrow_lines(tmp_path):
    from pypdf import PdfReader

    case = WRITTEN[0]
    widths = {}
    for layout in LAYOUTS:
        names = render_case(case, tmp_path / layout, layout)
        pdf = next(tmp_path / layout / n for n in names.values() if n.endswith(".pdf"))
        widths[layout] = max(len(ln) for ln in PdfReader(pdf).pages[0].extract_text().splitlines())
    assert widths["two_column"] <= 32 < 45 <= widths["one_column"]  # the old ≤ 40-character heading rule broke here


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seeds are not on this machine")
def test_seed_004_as_text_and_as_laid_out_pdf(tmp_path):
    case = next(c for c in load_concept() if c.source == "seed")
    text = next(SEEDS.glob("004_*.txt"))
    pdf = REPO / "data" / "layout_corpus" / "seed004.pdf"
    results = []
    for path in (text, pdf):
        results.append(chain_of(path.parent, {"s1": path.name}, case))
    assert results[0] == results[1]
    gold = {c.code for c in case.gold.companies}
    assert set(results[0]) == gold  # fig. 10's 17 A shares, 速腾聚创 and 禾赛科技, nothing else from the report
