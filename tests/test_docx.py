"""Word (.docx) reports: pages at page breaks, tables as Markdown rows, headers and footers apart; an
unsupported report-like file in a folder gets its own line instead of a silent skip."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK

from tools.documents import DocumentError, iter_document_paths, load_document


def make_docx(path: Path, pages: list[list[str]], table: list[list[str]] | None = None, header: str = "") -> Path:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = header
    document.add_paragraph(pages[0][0], style="Title")
    for n, paragraphs in enumerate(pages):
        for text in paragraphs[1 if n == 0 else 0:]:
            document.add_paragraph(text)
        if n == 0 and table:
            grid = document.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for c, cell in enumerate(row):
                    grid.cell(r, c).text = cell
        if n + 1 < len(pages):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.save(str(path))
    return path


def test_docx_pages_tables_title_and_header(tmp_path: Path):
    path = make_docx(tmp_path / "20250318_华泰证券_宁德时代深度.docx",
                     [["储能打开第二曲线", "投资评级：买入（维持）", "目标价：320.00元"], ["风险提示：原材料价格波动。"]],
                     table=[["会计年度", "2025E", "2026E"], ["EPS（元）", "13.51", "16.07"], ["PE（倍）", "17.4", "14.7"],
                            ["归母净利润（亿元）", "594.6", "707.4"]],
                     header="华泰研究")
    doc = load_document(path)
    assert doc.kind == "docx" and doc.page_count == 2
    assert doc.title == "储能打开第二曲线" and doc.broker == "华泰证券" and doc.date == "2025-03-18"
    assert "| EPS（元） | 13.51 | 16.07 |" in doc.pages[0].text
    assert doc.pages[0].header == ("华泰研究",) and "华泰研究" not in doc.pages[0].text
    assert (doc.metadata.rating.value, doc.metadata.target_price.value) == ("买入", 320.0)
    assert {(c.metric, c.year, c.value) for c in doc.forecasts} >= {("EPS", "2025E", 13.51), ("PE", "2026E", 14.7)}
    assert doc.pages[1].text == "风险提示：原材料价格波动。"


def test_docx_without_page_breaks_gets_virtual_pages(tmp_path: Path):
    paragraphs = [f"第{n}段：储能行业需求旺盛，海外大储项目中标持续，价格战接近尾声，龙头盈利能力有望修复。" * 4 for n in range(30)]
    doc = load_document(make_docx(tmp_path / "long.docx", [["长文档", *paragraphs]]))
    assert doc.page_count > 1 and all(len(p.text) <= 2000 for p in doc.pages)


def test_old_word_files_in_a_folder_are_not_skipped_in_silence(tmp_path: Path):
    (tmp_path / "a.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 64)
    (tmp_path / "b.txt").write_text("正文。", encoding="utf-8")
    found = list(iter_document_paths([tmp_path]))
    assert [p.name for p in found] == ["a.doc", "b.txt"]
    with pytest.raises(DocumentError, match="unsupported file type"):
        load_document(found[0])
