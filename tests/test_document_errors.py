"""tools.documents: a clear one-line DocumentError for every bad input (corrupt, truncated, encrypted,
scanned, wrongly encoded or missing files)."""

from __future__ import annotations

import base64
import subprocess
import sys
import zlib
from pathlib import Path

import pypdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.support.pdfs import WRAPPED, make_pdf, rewrite_pdf
from tools.documents import DocumentError, load_document


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
        ("report.docx", b"PK\x03\x04", "corrupt .docx"),
        ("report.doc", b"\xd0\xcf\x11\xe0", "unsupported file type"),  # the old binary Word format
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
    text = "中信证券研究部\n宁德时代（300750）二〇二五年一季度业绩超预期，维持“买入”评级。"
    path = tmp_path / "report.txt"
    path.write_bytes(text.encode(encoding))
    document = load_document(path)
    assert document.pages[0].text == text and document.broker == "中信证券"  # the masthead line


def test_missing_file_is_a_document_error(tmp_path: Path):
    with pytest.raises(DocumentError, match="no such file"):
        load_document(tmp_path / "missing.pdf")
