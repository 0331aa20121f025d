"""tools.documents on realistic broker layouts (data/layout_corpus): furniture apart from the body,
printed page numbers, disclaimers flagged, columns in order, cover metadata with page and rule. The
corpus-wide numbers are the `layout` eval suite's; these pin the cases the issue reported."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tools.documents import load_document
from tools.layout.reading_order import order_items
from tools.layout.segments import Segment
from tools.layout.tables import find_tables

CORPUS = Path(__file__).resolve().parents[1] / "data" / "layout_corpus"


def gold(name: str) -> dict:
    return json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))


def squash(text: str) -> str:
    return re.sub(r"\s+|\|", "", text)


def test_seed004_cover_metadata_and_no_producer_date():
    """Issue 12: title (anonymous), broker 未知 and the PDF's creation stamp shown as the date."""
    doc = load_document(CORPUS / "seed004.pdf")
    meta = doc.metadata
    assert squash(doc.title) == squash(gold("seed004")["title"])  # LLM 破局 Alpha 困境，拥抱 Beta 大时代
    assert (meta.title.page, meta.title.rule) == (0, "font_size")
    assert (doc.broker, meta.broker.rule) == ("国金证券", "running_header")
    assert doc.date is None and meta.date.value is None and meta.pdf_creation_date == "2024-11-28"
    assert meta.report_type.value == "金工"
    sacs = {a["sac"] for a in meta.analysts.value if a["sac"]}
    assert {"S1130522110003", "S1130523060001"} <= sacs
    assert all(a["email"].endswith("@gjzq.com.cn") for a in meta.analysts.value)


@pytest.mark.parametrize("name", ["lc01", "lc04", "lc16", "lc19", "lc24"])
def test_running_header_footer_and_page_number_are_not_body(name):
    doc, g = load_document(CORPUS / f"{name}.pdf"), gold(name)
    for page, want in zip(doc.pages, g["pages"]):
        assert [squash(h) for h in page.header] == [squash(h) for h in want["header"]]
        assert page.label == want["label"]
        lines = {squash(line) for line in page.text.split("\n")}
        for item in want["header"] + want["footer"]:
            assert squash(item) not in lines or squash(item) in {squash(x) for x in want["body_text"].split("\n")}


def test_disclaimer_pages_are_flagged_and_a_shared_page_is_cut_where_they_start():
    doc, g = load_document(CORPUS / "lc13.pdf"), gold("lc13")  # 东吴: disclaimers begin on the last body page
    flags = [p.boilerplate for p in doc.pages]
    assert flags == [p["is_boilerplate"] for p in g["pages"]]
    shared = next(p for p in doc.pages if p.boilerplate_from not in (None, 0))
    assert "风险提示" in shared.content and shared.text[shared.boilerplate_from:].startswith(("分析师声明", "免责声明"))


def test_two_column_pages_read_column_by_column():
    doc, g = load_document(CORPUS / "lc19.pdf"), gold("lc19")  # 招商: the stream interleaves the columns
    for page, want in zip(doc.pages, g["pages"]):
        text, at = squash(page.text), 0
        for line in (squash(ln) for b in want["blocks"] for ln in b["lines"] if len(squash(ln)) >= 6):
            found = text.find(line, at)
            assert found >= 0, line
            at = found + len(line)


def _segment(text: str, x0: float, top: float, size: float = 7.5) -> Segment:
    return Segment(text, x0, x0 + size * len(text), top, top + size, top + size * 0.85, size)


def test_a_two_column_table_reads_row_by_row_and_two_text_columns_stay_text():
    rows = [("环节", "公司"), ("低温超导线材", "西部超导"), ("超导磁体", "联创光电、上海电气"), ("真空室", "合锻智能")]
    cells = []
    for k, (label, name) in enumerate(rows):  # labels left-aligned, names centred on x = 316
        cells += [_segment(label, 54.0, 100.0 + 19 * k), _segment(name, 316.0 - 3.75 * len(name), 100.0 + 19 * k)]
    tables, loose = find_tables(cells, 595.0)
    assert [t.rows for t in tables] == [tuple(rows)] and not loose
    assert [ln for item in order_items([*tables, *loose]) for ln in item.markdown()][1] == "| 低温超导线材 | 西部超导 |"
    prose = [_segment("甲" * 22, x0, 100.0 + 14 * k, 9.0) for k in range(6) for x0 in (50.0, 300.0)]
    tables, loose = find_tables(prose, 595.0)  # two justified columns of text lines: not a table
    assert tables == [] and len(loose) == 12
    cover = [_segment(t, 66.0, 200.0 + 15 * k, size) for k, (t, size) in enumerate([("打开空间", 21.6), ("深度研究", 14.0),
                                                                                   ("本报告为虚构样例", 8.6)])]
    cover += [_segment(t, 395.3, 200.0 + 15 * k, 8.6) for k, t in enumerate(["总股本：2,693", "总市值：1,855", "相关报告"])]
    assert find_tables(cover, 595.0)[0] == []  # title lines beside a cover sidebar: another type size


def test_forecast_table_cells_with_units_and_pages():
    doc, g = load_document(CORPUS / "lc07.pdf"), gold("lc07")  # 中金: zebra table in 亿元, YoY rows
    have = {(c.metric, c.year): (c.value, c.unit, c.page) for c in doc.forecasts}
    assert have == {(c["metric"], c["year"]): (c["value"], c["unit"], c["page"]) for c in g["forecast"]}
    assert doc.pages[0].tables and doc.pages[0].tables[0][0][0] == "项目/年度"


def test_a_document_full_of_citation_markers_keeps_none_of_them():
    doc = load_document(CORPUS / "seed002.pdf")
    text = "\n".join(p.text for p in doc.pages)
    assert "[page::" not in text and "（原文页0）" in text
    assert doc.broker is None  # it summarizes 中金 reports; it is not published by 中金


def test_a_news_article_gets_no_invented_broker_date_or_type():
    for name in ("seed000", "seed001"):
        meta = load_document(CORPUS / f"{name}.pdf").metadata
        assert (meta.broker.value, meta.date.value, meta.report_type.value, meta.rating.value) == (None, None, None, None)


def test_pdfium_generated_spaces_and_line_breaks_never_reach_the_layout():
    """PDFium adds spaces and line breaks of its own between text objects (seed004 has 1614 of them);
    tools/layout/pdf_chars.py asks only spaces whether they were generated. Its characters must be
    exactly the page's characters that PDFium did not generate."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from tools.layout.pdf_chars import read_pdf_chars

    data = (CORPUS / "seed004.pdf").read_bytes()
    pages, _ = read_pdf_chars(data)
    pdf = pdfium.PdfDocument(data)
    generated = 0
    for page in pages:
        textpage = pdf[page.number].get_textpage()
        codes = [(raw.FPDFText_GetUnicode(textpage.raw, k), raw.FPDFText_IsGenerated(textpage.raw, k))
                 for k in range(textpage.count_chars())]
        generated += sum(made for _, made in codes)
        expected = [chr(code) for code, made in codes if not made and code not in (0, 0x0D, 0x0A, 0xFFFE, 0xFFFF)
                    and not 0xD800 <= code < 0xE000]
        assert [c.text for c in page.chars] == expected
    pdf.close()
    assert generated > 0
