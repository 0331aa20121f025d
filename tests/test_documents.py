"""tools.documents: files → 0-based pages (PDF, TXT, Markdown, HTML) and folders → files.

Every fixture is generated here (tests/support/pdfs.py); nothing is read from data/samples.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pypdf
import pytest

from tests.support.pdfs import WRAPPED, make_pdf
from tools.documents import (SUPPORTED_SUFFIXES, DocumentError, iter_document_paths, load_document, normalize_pdf_text,
                             page_text)


@pytest.fixture
def three_page_pdf(tmp_path: Path) -> Path:
    pages = [[f"#第{n}章", f"这是第{n}页独有的内容标记{n}号，" + WRAPPED] for n in range(3)]
    return make_pdf(tmp_path / "report.pdf", pages)


# --- pages ---------------------------------------------------------------------------------

def test_pdf_pages_are_zero_based_and_stable(three_page_pdf: Path):
    document = load_document(three_page_pdf)
    assert document.kind == "pdf" and document.page_count == 3
    assert [page.number for page in document.pages] == [0, 1, 2]
    for n in range(3):
        assert f"独有的内容标记{n}号" in document.pages[n].text
        assert all(f"标记{n}号" not in other.text for other in document.pages if other.number != n)
    assert page_text(document, 2) == document.pages[2].text
    assert document.source == three_page_pdf.resolve() and document.source.is_absolute()
    assert document.report_id == hashlib.sha256(three_page_pdf.read_bytes()).hexdigest()[:16]
    assert load_document(three_page_pdf) == document


@pytest.mark.parametrize("bad", [3, -1, 10])
def test_page_text_rejects_pages_that_do_not_exist(three_page_pdf: Path, bad: int):
    document = load_document(three_page_pdf)
    with pytest.raises(IndexError, match=r"3 page\(s\), numbered 0 to 2"):
        page_text(document, bad)


def test_cjk_lines_wrapped_by_the_pdf_layout_are_joined(three_page_pdf: Path):
    raw = pypdf.PdfReader(three_page_pdf).pages[1].extract_text()
    assert WRAPPED not in raw  # the layout really did break the sentence
    text = load_document(three_page_pdf).pages[1].text
    assert WRAPPED in text
    assert text.startswith("第1章\n")  # a short heading line is not glued to the paragraph


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # wrapped mid-sentence between Chinese characters, and between Chinese and digits
        ("公司二零二四年实现营业收入三千六百二十亿元，同比下降百分之九点七，归母净利润\n五百零七亿元，同比增长。",
         "公司二零二四年实现营业收入三千六百二十亿元，同比下降百分之九点七，归母净利润五百零七亿元，同比增长。"),
        ("我们预计公司二零二五年到二零二七年的营业收入分别为人民币\n4100亿元、4600亿元和5200亿元。",
         "我们预计公司二零二五年到二零二七年的营业收入分别为人民币4100亿元、4600亿元和5200亿元。"),
        # a sentence end keeps its line break
        ("我们维持买入评级，目标价三百元，对应二零二五年二十倍市盈率。\n风险提示：需求不及预期。",
         "我们维持买入评级，目标价三百元，对应二零二五年二十倍市盈率。\n风险提示：需求不及预期。"),
        # an English phrase wrapped inside Chinese prose keeps its word space
        ("公司在智能驾驶芯片领域的布局持续深化，新一代产品对标 NVIDIA\nDrive Orin 平台。",
         "公司在智能驾驶芯片领域的布局持续深化，新一代产品对标 NVIDIA Drive Orin 平台。"),
        # a short heading or label after a full line is not the sentence's end
        ("分析师：王泽宇（SAC执业证书编号：S9901520030001）；陈思远（SAC执业证书编号：S9901521070002）\n投资要点",
         "分析师：王泽宇（SAC执业证书编号：S9901520030001）；陈思远（SAC执业证书编号：S9901521070002）\n投资要点"),
        # list items and table rows keep their lines
        ("本报告的核心观点主要包括以下几个方面的内容和判断依据以及理由\n1、需求持续增长",
         "本报告的核心观点主要包括以下几个方面的内容和判断依据以及理由\n1、需求持续增长"),
        ("营业收入（亿元） 4009 3620 4100 4600\n归母净利润（亿元） 441 507 560 610",
         "营业收入（亿元） 4009 3620 4100 4600\n归母净利润（亿元） 441 507 560 610"),
        # stray spaces from glyph-by-glyph placement, and around full-width punctuation
        ("宁 德 时 代 是 全 球 龙 头", "宁德时代是全球龙头"),
        ("营业收入 ，同比增长 （见图 3）", "营业收入，同比增长（见图 3）"),
        # two Chinese words separated by one space may be table cells: kept; no NFKC on punctuation
        ("营业收入 净利润：（亿元）", "营业收入 净利润：（亿元）"),
        ("第一段。  \n\n\n\n\n第二段。\x00", "第一段。\n\n第二段。"),
    ],
)
def test_normalize_pdf_text(raw: str, expected: str):
    assert normalize_pdf_text(raw) == expected


# --- text, markdown, html pages --------------------------------------------------------------

def test_txt_pages_split_on_form_feed(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text("第零页内容。\r\n\f第一页内容。   \f\f第三页内容。\f\n", encoding="utf-8")
    assert [page.text for page in load_document(path).pages] == ["第零页内容。", "第一页内容。", "", "第三页内容。"]


def test_md_pages_split_on_page_comments_and_form_feeds(tmp_path: Path):
    path = tmp_path / "a.md"
    path.write_text("<!-- page -->\n# 标题\n\n第零页。\n<!-- page -->\n第一页，行内 <!-- page --> 不算分页。\n"
                    "<!-- PAGE 3 -->\n第二页。\f第三页。\n", encoding="utf-8")
    document = load_document(path)
    assert [page.text for page in document.pages] == [
        "# 标题\n\n第零页。", "第一页，行内 <!-- page --> 不算分页。", "第二页。", "第三页。"]
    assert document.title == "标题"


def test_html_pages_come_from_page_sections(tmp_path: Path):
    path = tmp_path / "a.html"
    path.write_text(
        "<html><head><title>T</title><style>.page{}</style></head><body><h1>封面外的标题</h1>"
        '<section class="page"><h2>一、投资要点</h2><p>宁德时代是\n    全球动力电池龙头，'
        "R&amp;D 投入 <b>持续</b>增长。</p><script>alert(1)</script></section>"
        '<section class="page first"><table><tr><td>营收</td><td>3620</td></tr></table>'
        "<section><p>嵌套的小节仍属第一页。</p></section></section>"
        '<section class="page"><ul><li>风险一</li><li>风险二</li></ul></section></body></html>',
        encoding="utf-8")
    pages = [page.text for page in load_document(path).pages]
    assert pages == ["一、投资要点\n\n宁德时代是全球动力电池龙头，R&D 投入 持续增长。",
                     "营收 3620\n\n嵌套的小节仍属第一页。", "风险一\n风险二"]


def test_html_without_sections_splits_on_form_feed(tmp_path: Path):
    path = tmp_path / "a.htm"
    path.write_text("<p>第零页。</p>\f<p>第一页。</p>\f<pre>代码  保留\n空白</pre>", encoding="utf-8")
    assert [page.text for page in load_document(path).pages] == ["第零页。", "第一页。", "代码  保留\n空白"]


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_files_without_page_markers_get_virtual_pages_at_paragraph_ends(tmp_path: Path, suffix: str):
    paragraphs = [f"第{n}段：" + "储能需求持续增长，海外订单放量。" * (8 + n % 5) for n in range(40)]
    if suffix == ".html":
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
    else:
        body = "\n\n".join(paragraphs)
    path = tmp_path / f"long{suffix}"
    path.write_text(body, encoding="utf-8")
    document = load_document(path)
    assert document.page_count > 3
    assert all(0 < len(page.text) <= 2000 for page in document.pages)
    # every page is a run of whole paragraphs, in order, and together they are the whole text
    assert [p for page in document.pages for p in page.text.split("\n\n")] == paragraphs
    assert load_document(path) == document


def test_a_paragraph_longer_than_a_page_is_cut_at_sentence_ends(tmp_path: Path):
    sentences = [f"第{n}句说明公司的产能规划与订单情况。" for n in range(300)]
    path = tmp_path / "one_paragraph.txt"
    path.write_text("".join(sentences), encoding="utf-8")
    pages = [page.text for page in load_document(path).pages]
    assert len(pages) > 1 and all(len(page) <= 2000 for page in pages)
    assert all(page.endswith("。") for page in pages)
    assert "".join(pages) == "".join(sentences)


def test_short_file_without_markers_is_one_page(tmp_path: Path):
    path = tmp_path / "short.txt"
    path.write_text("第一段。\n\n第二段。", encoding="utf-8")
    assert [page.text for page in load_document(path).pages] == ["第一段。\n\n第二段。"]


# --- folders -------------------------------------------------------------------------------

def test_iter_document_paths_walks_folders_sorted_without_hidden_files(tmp_path: Path):
    files = ["b/z.PDF", "b/a.txt", "a.md", "c/d/e.htm", "c/d/f.markdown", "c/x.html",
             ".hidden/secret.pdf", "b/.draft.md", "b/notes.docx", "b/.cache/x.txt", "loose.txt"]
    for name in files:
        (tmp_path / "root" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "root" / name).write_text("x", encoding="utf-8")
    root = tmp_path / "root"
    explicit = root / "b" / "notes.docx"
    found = list(iter_document_paths([root / "c", explicit, root, root / "a.md"]))
    relative = [str(path.relative_to(root.resolve())) for path in found]
    assert relative == ["c/d/e.htm", "c/d/f.markdown", "c/x.html", "b/notes.docx",
                        "a.md", "b/a.txt", "b/z.PDF", "loose.txt"]
    assert all(path.is_absolute() for path in found)
    assert {path.suffix.lower() for path in found} - {".docx"} <= SUPPORTED_SUFFIXES


def test_iter_document_paths_rejects_a_missing_path(tmp_path: Path):
    with pytest.raises(DocumentError, match="no such file or directory") as caught:
        list(iter_document_paths([tmp_path / "nope"]))
    assert caught.value.path == tmp_path / "nope"


def test_document_error_carries_path_and_reason():
    error = DocumentError("/x/y.pdf", "多行\n原因  说明")
    assert (error.path, error.reason, str(error)) == (Path("/x/y.pdf"), "多行 原因 说明", "/x/y.pdf: 多行 原因 说明")
