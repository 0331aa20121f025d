"""tools.documents: files → 0-based pages, metadata, tickers, and a clear error for every bad input.

Every fixture is generated here (reportlab CJK font, pypdf encryption); nothing is read from
data/samples.
"""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import zlib
from pathlib import Path

import pypdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

from tools.documents import (SUPPORTED_SUFFIXES, DocumentError, iter_document_paths, load_document, normalize_pdf_text,
                             page_text)
from tools.report_metadata import extract_tickers
from tools.tickers import canonical_code

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
BODY = ParagraphStyle("body", fontName="STSong-Light", fontSize=11, leading=16, wordWrap="CJK")
HEADING = ParagraphStyle("heading", parent=BODY, fontSize=14, leading=20)

# Long enough to wrap over several lines at A4 width, with no sentence end before the last char.
WRAPPED = ("宁德时代是全球领先的动力电池企业，公司在储能与动力两大业务上均保持领先地位，"
           "海外基地建设稳步推进，匈牙利工厂与西班牙合资项目有望在未来两年贡献新的产能增量并持续提升盈利水平。")


def make_pdf(path: Path, pages: list[list[str]], **info: str) -> Path:
    """One list of paragraphs per page; a paragraph starting with '#' is set as a heading."""
    doc = SimpleDocTemplate(str(path), pagesize=A4, **info)
    story: list = []
    for index, paragraphs in enumerate(pages):
        if index:
            story.append(PageBreak())
        for text in paragraphs:
            heading = text.startswith("#")
            story.append(Paragraph(text.lstrip("# "), HEADING if heading else BODY))
    doc.build(story)
    return path


def rewrite_pdf(source: Path, target: Path, metadata: dict | None = None, **encrypt) -> Path:
    writer = pypdf.PdfWriter(clone_from=str(source))
    if metadata:
        writer.add_metadata(metadata)
    if encrypt:
        writer.encrypt(**encrypt)
    with open(target, "wb") as handle:
        writer.write(handle)
    return target


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


# --- metadata ------------------------------------------------------------------------------

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
    assert (document.title, document.broker, document.date) == ("creation", None, "2024-02-29")


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


# --- bad input -----------------------------------------------------------------------------

def _pdf_bytes(tmp_path: Path) -> bytes:
    return make_pdf(tmp_path / "good.pdf", [[WRAPPED], [WRAPPED]]).read_bytes()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.pdf", b"", "空文件"),
        ("empty.txt", b"", "empty file"),
        ("corrupt.pdf", b"%PDF-1.4 this is not really a pdf " * 20, "corrupt PDF"),
        ("notpdf.pdf", "研报正文".encode() * 50, "corrupt PDF"),
        ("binary.txt", bytes(range(256)) * 8, "binary"),
        ("nul.txt", b"abc\x00\x00\x00def" * 100, "binary"),
        ("spaces.txt", b"  \n\t\n \xe3\x80\x80 \n", "no text"),
        ("spaces.md", b"\n\n<!-- page -->\n   \n", "no text"),
        ("scripts.html", b"<html><script>var a = 1;</script><style>p{}</style></html>", "no text"),
        ("report.docx", b"PK\x03\x04", "unsupported file type"),
        ("README", b"hello", "unsupported file type"),
    ],
)
def test_bad_input_raises_one_line_document_error(tmp_path: Path, name: str, content: bytes, reason: str):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    assert reason in caught.value.reason
    assert caught.value.path == path.resolve()
    assert "\n" not in str(caught.value) and str(path.name) in str(caught.value)


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9])
def test_truncated_pdf_is_a_document_error(tmp_path: Path, fraction: float):
    data = _pdf_bytes(tmp_path)
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: int(len(data) * fraction)])
    with pytest.raises(DocumentError, match="PDF"):
        load_document(path)


def test_pypdf_warnings_do_not_reach_stderr(tmp_path: Path):
    # pytest captures logging itself, so the check runs where logging is left unconfigured.
    path = tmp_path / "truncated.pdf"
    path.write_bytes(_pdf_bytes(tmp_path)[:-40])  # no EOF marker: pypdf warns, then fails
    script = ("import sys\nfrom tools.documents import load_document, DocumentError\n"
              "try:\n    load_document(sys.argv[1])\nexcept DocumentError as e:\n    print(e.reason)\n")
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1], timeout=60)
    assert done.returncode == 0 and done.stderr == ""


def test_encrypted_pdf_with_a_password_is_refused(tmp_path: Path):
    locked = rewrite_pdf(make_pdf(tmp_path / "a.pdf", [[WRAPPED]]), tmp_path / "locked.pdf",
                         user_password="secret", owner_password="owner")
    with pytest.raises(DocumentError, match="password required") as caught:
        load_document(locked)
    assert "secret" not in str(caught.value)


def test_encrypted_pdf_with_an_empty_user_password_loads(tmp_path: Path):
    opened = rewrite_pdf(make_pdf(tmp_path / "a.pdf", [[WRAPPED], ["第二页。"]]), tmp_path / "open.pdf",
                         user_password="", owner_password="owner")
    assert pypdf.PdfReader(opened).is_encrypted
    document = load_document(opened)
    assert document.page_count == 2 and WRAPPED in document.pages[0].text


def test_aes_encrypted_pdf_with_an_empty_user_password_loads(tmp_path: Path):
    pytest.importorskip("cryptography")  # pypdf needs it for AES, which most broker PDFs use
    opened = rewrite_pdf(make_pdf(tmp_path / "a.pdf", [[WRAPPED]]), tmp_path / "aes.pdf",
                         user_password="", owner_password="owner", algorithm="AES-128")
    assert WRAPPED in load_document(opened).pages[0].text


# One page reading "AES-128 report page", AES-128 with an empty user password, made with
# pypdf + cryptography (writing AES needs the package, so it is stored rather than generated).
AES_128_PDF = zlib.decompress(base64.b64decode(
    "eNplVUuIHFUUdchGa6XiJy7EQhlXJv3+H2wbk5lpHGKSIZ3PIiTwPvdNOsxUTaprkkkEBVFRQsBFdGUkCEGiy5ilGEFI/AuCQVBB"
    "E0QFwYirrLzV82udbujquu+9c+859/PGZya7W+hWno3/cuPrbzOak7z0R7N2O2vNuFnYWUbIW/sGsKssYNk0yBlu2pO19p5cwLUJ"
    "V7u5cjbrdDIoYnOWjWBMlItFndOstaMfB/nBnDdH80Orh4d4I0f5f44WNRT1IBfL7nZC7Lvt5RKiEPxKK7cyLVVuBN1qjDUN6oyr"
    "8MhqgHtgUC5WASNu8LqIl8vllZmqDD2oEaqF/PPWXliq89b0PIazfeU5sfKcRlwMsLWnrF0NOcHQK1cMIRvzOo8RGmKERrc/V0PV"
    "eNrWm5ieNnISwlDU7hzirbxg6M9CMVsfyakQDdCgrsDNZ1/+XX78z3sfnX3u8FIx/sFn+pXztyZf/v2tM9mx+5/8ZN+ZVzf9/NPD"
    "B7LXTl29sun6n3defvrSPWPdP27eeP2RD98+a69/eteFEz8e+urcxatjT226XD00ww4+v+XFvx649OCBc4fzb+797uotjOHaE1d+"
    "G3vz8x/uuH336dPnO0fe7V04+E5++/HNLz0m3782+OL7i2OPvvDGzR2bfz12X0NwJbQVqnKUKs3VUN91JdTI8nY3gGESWs/A3HGo"
    "+8FlrakCBegXs3nrQL/YVgz6q4astcvNNzJh8fQWfT3UuVGbroreYI240iOuti3WR8oqb4vInRcueW0jARBcCk21ShxiRKsjVBul"
    "EuVBKGOYAhelZsG6GGhyXmOCJ5Bt3S+LySb7bam0pIFwDRCiUdJq6lKIIUUWnGZUBMdMABWpAcSLXkduojZWMk+I0MIZCMnjK9cG"
    "nODeCTxtZQItrDarDpvgHQfllJNWRISMXhnvA4lWJSESl0ZKwUVKDaKVNjquJZMCQvCGOSc5Yu2AkyfKCjuvrQzwKJMMhggaPLVE"
    "aU2sEtLidiKN8Mrp6D2JYIMQPAEJFn1Fbal3EsFwFiyLEDlXQgQlKfFRRdTRJoraBQGEMIwH3RAtlGCOgDacOdyliHc+ARDcRrlR"
    "livjInMqIHOGMoJsYKKUqjNs0LgYsG/arBHZRorELMEkKiZBN7lDAYSChGZhvEEyiSvFI8SkuYyCUYc58Np4MClYrQ3qIp2zwWEC"
    "k5dE6yCVCNo3acBQI9PCMAsWc6aJ4VJiHUBnWH5HIdQYCyMgPQucKEuETwoNGuUzjnrtjE3Jc2Z5YDoRq5lHnlRRZTEQypROzbzo"
    "13MoIWeSGxRaRQ5EYpmgRo57IhPKb4FaNKdksH6bdIokTDIsMHTMeMO4MxxDCwsQsQ/c3GB0+piRRtifCxxdzc/qfGEG1c0Fs8Iq"
    "zSxbm1CtXu2K6KqYtXY3ha6wsjQH4Dxoq0PkHjmn6GIyFFvKcRGTddwkBVFQb40Ahnwc1p5KTb3sy9s6EIpJNkiCgAMsYBct8YRj"
    "UWulAjM+CZAgQEvjBFUCmwSkSljWhJJhO3SH07tXx5V/TW9PHW/GfGuyDLsXoGg27cT5OtXbz9aJqkaSZkT36vluvgzQvFRrL+uS"
    "LVWQMpLbjKx9ciUll3nK12wUZ91wpVi3Gb7BRgXbYOOCbrBJrTbYFNEbbJqK/9uosCN4deX6c1AN893rnwKkgbdVidfu8mU3XaQy"
    "1yv/J/EmatOAc49ak3xMTlLPpLUyGot5JIwI3mnyn1RQOOkCEYx47AxsFBEodgB3ElynubNwVlcnF+rcrE79Qe2qeigm1dZk4+NT"
    "u7vZv4nAZzU="
))


def test_aes_pdf_loads_or_names_the_missing_package(tmp_path: Path):
    path = tmp_path / "aes.pdf"
    path.write_bytes(AES_128_PDF)
    try:
        import cryptography  # noqa: F401
    except ImportError:
        with pytest.raises(DocumentError, match="needs the 'cryptography' package"):
            load_document(path)
    else:
        assert load_document(path).pages[0].text == "AES-128 report page"


def test_pdf_without_a_text_layer_is_refused(tmp_path: Path):
    path = tmp_path / "scan.pdf"
    drawing = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(2):
        drawing.setFillGray(0.3)
        drawing.rect(50, 50, 400, 600, fill=1)
        drawing.showPage()
    drawing.save()
    with pytest.raises(DocumentError, match=r"no text layer \(scanned\?\), OCR not supported"):
        load_document(path)


def test_pdf_with_an_empty_page_keeps_its_numbering(tmp_path: Path):
    path = tmp_path / "gap.pdf"
    drawing = canvas.Canvas(str(path), pagesize=A4)
    for text in ("第零页", None, "第二页"):
        if text:
            drawing.setFont("STSong-Light", 12)
            drawing.drawString(72, 700, text)
        drawing.showPage()
    drawing.save()
    document = load_document(path)
    assert [page.text for page in document.pages] == ["第零页", "", "第二页"]


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-16"])
def test_chinese_text_files_in_common_encodings_load(tmp_path: Path, encoding: str):
    text = "中信证券：宁德时代（300750）二〇二五年一季度业绩超预期，维持“买入”评级。"
    path = tmp_path / "report.txt"
    path.write_bytes(text.encode(encoding))
    document = load_document(path)
    assert document.pages[0].text == text and document.broker == "中信证券"


def test_missing_file_is_a_document_error(tmp_path: Path):
    with pytest.raises(DocumentError, match="no such file"):
        load_document(tmp_path / "missing.pdf")


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
