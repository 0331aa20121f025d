"""tools.documents and tools.report_metadata: title, broker and date of a report, and the stock codes it names."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.pdfs import WRAPPED, make_pdf, rewrite_pdf
from tools.documents import load_document
from tools.report_metadata import extract_tickers
from tools.tickers import canonical_code


def test_metadata_from_the_file_name(tmp_path: Path):
    source = make_pdf(tmp_path / "x.pdf", [["国泰君安证券研究，2024年1月2日。" + WRAPPED]])
    named = source.rename(tmp_path / "20250312_中信证券_宁德时代深度报告.pdf")
    document = load_document(named)
    assert (document.title, document.broker, document.date) == ("宁德时代深度报告", "中信证券", "2025-03-12")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2025-03-12_华泰证券_AI进化论.txt", ("AI进化论", "华泰证券", "2025-03-12")),
        ("20250312_某某资管_策略周报.txt", ("策略周报", "某某资管", "2025-03-12")),  # middle part = broker
        ("华泰证券_储能行业深度.md", ("储能行业深度", "华泰证券", None)),
        ("20250312_储能行业深度.txt", ("储能行业深度", None, "2025-03-12")),
        ("储能_行业深度.txt", ("储能_行业深度", None, None)),
        ("20251399_储能.txt", ("20251399_储能", None, None)),  # not a calendar date
        ("20250312.txt", ("20250312", None, "2025-03-12")),  # no title part: the stem stays the title
        ("20250312_中信证券.txt", ("20250312_中信证券", "中信证券", "2025-03-12")),
        ("证券行业_深度报告.txt", ("证券行业_深度报告", None, None)),
        ("关于中信证券的点评.txt", ("关于中信证券的点评", None, None)),
        ("中国国际金融股份有限公司_宏观周报.txt", ("宏观周报", "中金公司", None)),
    ],
)
def test_metadata_from_partial_file_names(tmp_path: Path, name: str, expected: tuple):
    path = tmp_path / name
    path.write_text("正文没有券商名称也没有日期。", encoding="utf-8")
    document = load_document(path)
    assert (document.title, document.broker, document.date) == expected


def test_metadata_from_pdf_metadata(tmp_path: Path):
    plain = make_pdf(tmp_path / "plain.pdf", [[WRAPPED]])
    with_info = rewrite_pdf(plain, tmp_path / "download.pdf", metadata={
        "/Title": "储能行业深度报告", "/Author": "华泰证券股份有限公司", "/Subject": "2025-03-12"})
    document = load_document(with_info)
    assert (document.title, document.broker, document.date) == ("储能行业深度报告", "华泰证券", "2025-03-12")

    compact = rewrite_pdf(plain, tmp_path / "compact.pdf", metadata={"/Subject": "20250312"})
    assert load_document(compact).date == "2025-03-12"

    by_creation = rewrite_pdf(plain, tmp_path / "creation.pdf", metadata={
        "/Title": "Microsoft Word - 储能.docx", "/Author": "Administrator", "/Subject": "",
        "/CreationDate": "D:20240229103000+08'00'"})
    document = load_document(by_creation)
    # A producer's creation stamp is not the publication date: kept apart, under its own name.
    assert (document.title, document.broker, document.date) == ("creation", None, None)
    assert document.metadata.pdf_creation_date == "2024-02-29" and document.metadata.date.value is None


def test_metadata_falls_back_to_the_first_page_text(tmp_path: Path):
    path = tmp_path / "notes.txt"
    path.write_text("证券研究报告 国金证券研究所\n发布日期：2025年3月12日\n正文提到招商证券的观点。\f第二页：2026年1月1日",
                    encoding="utf-8")
    document = load_document(path)
    assert (document.title, document.broker, document.date) == ("notes", "国金证券", "2025-03-12")


def test_titles_from_markdown_and_html_headings(tmp_path: Path):
    (tmp_path / "a.md").write_text("# 人形机器人产业链梳理\n\n正文。", encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><head><title>灵巧手 深度</title></head><body><p>正文。</p></body></html>",
                                     encoding="utf-8")
    assert load_document(tmp_path / "a.md").title == "人形机器人产业链梳理"
    html = load_document(tmp_path / "b.html")
    assert html.title == "灵巧手 深度" and "灵巧手" not in html.pages[0].text


# --- tickers -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("贵州茅台（600519）发布年报", ("600519.SH",)),
        ("贵州茅台(600519.SH)", ("600519.SH",)),
        ("关注SH600519与sz000858", ("600519.SH", "000858.SZ")),
        ("宁德时代 300750.SZ，亿纬锂能300014.sz", ("300750.SZ", "300014.SZ")),
        ("股票代码：688256", ("688256.SH",)),
        ("贝特瑞（835185，买入）与 430047.BJ、920002.BJ", ("835185.BJ", "430047.BJ", "920002.BJ")),
        ("地平线机器人（09880.HK）与 9880.HK，腾讯 00700.HK", ("9880.HK", "0700.HK")),
        ("小鹏（XPEV.N）、亿航 EH.O 和 EH.US，英伟达NVDA.O", ("XPEV.US", "EH.US", "NVDA.US")),
        ("茅台 600519.SS", ("600519.SH",)),
        # not codes: a year, an amount, phone numbers, a date, an index, bare numbers
        ("2025年营业收入同比增长", ()),
        ("公司实现营收300750万元", ()),
        ("联系电话：021-60870000，手机13800138000", ()),
        ("发布于20250312，截至2025-03-12", ()),
        ("上证指数 000001.SH 收涨", ()),
        ("产能600519吨，订单（202503）批次", ()),
        ("the U.S. market, www.EH.ORG, ir@CITIC.US.COM", ()),
    ],
)
def test_extract_tickers(text: str, expected: tuple):
    assert extract_tickers(text) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("600519", "600519.SH"), ("688981", "688981.SH"), ("900901", "900901.SH"),
        ("000001", "000001.SZ"), ("300750", "300750.SZ"), ("200011", "200011.SZ"),
        ("430047", "430047.BJ"), ("830799", "830799.BJ"), ("873223", "873223.BJ"), ("920002", "920002.BJ"),
        ("sh600519", "600519.SH"), (" 600519.sh ", "600519.SH"), ("9880.HK", "9880.HK"),
        ("09880.HK", "9880.HK"), ("700.HK", "0700.HK"), ("EH.O", "EH.US"), ("nvda.o", "NVDA.US"),
        ("123456", None), ("202503", None), ("600519.SZ", None), ("SZ600519", None), ("0.HK", None),
        ("2025", None), ("", None), ("NVIDIA", None),
    ],
)
def test_canonical_code(raw: str, expected: str | None):
    assert canonical_code(raw) == expected


def test_document_tickers_come_from_all_pages_in_order(tmp_path: Path):
    path = tmp_path / "t.txt"
    path.write_text("比亚迪（002594）领先。\f宁德时代（300750.SZ）与比亚迪（002594.SZ）。\f产值300750万元。",
                    encoding="utf-8")
    assert load_document(path).tickers == ("002594.SZ", "300750.SZ")
