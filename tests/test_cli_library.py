"""`touyan ingest` and `touyan search` end to end, with every kind of bad input in one batch."""

from __future__ import annotations

import io
import json

import pytest
from typer.testing import CliRunner

from tests.conftest import write_report
from touyan.cli import app


def _pdf(pages: list[str], password: str | None = None, image_only: bool = False) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    for text in pages:
        if image_only:
            c.rect(50, 50, 400, 400, fill=1)  # a "scan": marks on the page, no text layer
        else:
            c.setFont("STSong-Light", 12)
            c.drawString(50, 780, text)
        c.showPage()
    c.save()
    if password is None:
        return buf.getvalue()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buf.getvalue())))
    writer.encrypt(user_password=password, owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture()
def batch(tmp_path):
    folder = tmp_path / "batch"
    (folder / "sub").mkdir(parents=True)
    (folder / "20250312_中信证券_宁德时代点评.pdf").write_bytes(_pdf(["宁德时代 储能出货高增", "目标价 320 元 维持买入"]))
    write_report(folder / "sub", "20250601_华泰证券_机器人周报.txt", ["谐波减速器国产替代", "丝杠产能扩张"])
    (folder / "gbk_report.txt").write_bytes("光伏组件价格企稳，硅料库存下降。".encode("gb18030"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text("   \n\n ", encoding="utf-8")
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7\nthis is not really a pdf\n")
    (folder / "locked.pdf").write_bytes(_pdf(["机密"], password="s3cret"))
    (folder / "scanned.pdf").write_bytes(_pdf(["x", "y"], image_only=True))
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    return folder


def _run(home, *args):
    return CliRunner().invoke(app, ["--data-dir", str(home), *args], catch_exceptions=False)


def test_batch_with_bad_files_ingests_the_good_ones(tmp_path, batch):
    home = tmp_path / "home"
    result = _run(home, "ingest", str(batch))
    assert result.exit_code == 1, result.output  # something failed …
    lines = result.output.splitlines()
    ok = [line for line in lines if "✓ 已入库" in line]
    failed = [line for line in lines if "✗ 失败" in line]
    assert len(ok) == 3, result.output  # … but the PDF, the nested TXT and the GBK text went in
    failed_names = {name for name in ("empty.txt", "blank.md", "corrupt.pdf", "locked.pdf", "scanned.pdf", "binary.txt")
                    if any(name in line for line in failed)}
    assert failed_names == {"empty.txt", "blank.md", "corrupt.pdf", "locked.pdf", "scanned.pdf", "binary.txt"}
    assert all(": " in line.split("✗ 失败", 1)[1] for line in failed)  # each failure has a reason

    again = _run(home, "ingest", str(batch / "sub"))
    assert again.exit_code == 0 and "= 未变化" in again.output

    found = _run(home, "search", "谐波减速器", "-k", "3", "--json")
    payload = json.loads(found.output)
    assert payload["schema_version"] == 1
    top = payload["hits"][0]
    assert set(top) == {"rank", "report_id", "source", "title", "broker", "date", "page", "score", "relevance", "text"}
    assert top["broker"] == "华泰证券" and top["page"] == 0 and isinstance(top["page"], int)
    assert top["source"].endswith("20250601_华泰证券_机器人周报.txt")

    pdf_hit = json.loads(_run(home, "search", "目标价 维持买入", "--ticker", "300750", "--json").output)
    assert pdf_hit["hits"] == []  # the PDF names no code, so a ticker filter must exclude it
    by_broker = json.loads(_run(home, "search", "目标价 维持买入", "--broker", "中信证券", "--json").output)
    assert by_broker["hits"][0]["page"] == 1


def test_ticker_filter_takes_any_code_spelling_as_chat_does(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    write_report(folder, "20250101_中信证券_贵州茅台点评.txt", ["贵州茅台(600519.SH) 批价企稳，维持买入评级。"])
    write_report(folder, "20250102_华泰证券_宁德时代点评.txt", ["宁德时代(300750.SZ) 储能批价回落。"])
    home = tmp_path / "home"
    assert _run(home, "ingest", str(folder)).exit_code == 0
    for spelling in ("600519.SH", "600519.XSHG", "sh600519", "贵州茅台"):
        payload = json.loads(_run(home, "search", "批价", "--ticker", spelling, "--json").output)
        assert payload["filters"]["ticker"] == "600519.SH", spelling
        assert {h["title"] for h in payload["hits"]} == {"贵州茅台点评"}, spelling


def test_missing_path_is_reported_and_exit_code_is_nonzero(tmp_path):
    result = _run(tmp_path / "home", "ingest", str(tmp_path / "nope"))
    assert result.exit_code == 1 and "nope" in result.output


def test_table_search_output(tmp_path, batch):
    home = tmp_path / "home"
    _run(home, "ingest", str(batch / "sub"))
    result = _run(home, "search", "丝杠")
    assert result.exit_code == 0 and "机器人周报" in result.output


def test_bad_search_options_are_clear(tmp_path):
    result = CliRunner().invoke(app, ["--data-dir", str(tmp_path), "search", "x", "--from", "2025/01/01"])
    assert result.exit_code != 0 and "YYYY-MM-DD" in result.output


@pytest.mark.slow
def test_a_thousand_files(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(1000):
        body = f"第{i}号纪要：行业景气度跟踪，样本编号{i}。" if i % 100 else ""
        (folder / f"note_{i:04d}.txt").write_text(body, encoding="utf-8")
    result = _run(tmp_path / "home", "ingest", str(folder))
    assert result.exit_code == 1
    assert result.output.count("✓ 已入库") == 990 and result.output.count("✗ 失败") == 10
