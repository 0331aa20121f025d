"""tools/xlsx.py: what lands in the cells, read back with openpyxl."""

from __future__ import annotations

import openpyxl
import pytest

from tools.xlsx import Column, Sheet, header_row, write_xlsx

COLUMNS = (Column("code", "代码"), Column("weight", "权重", "percent"), Column("eps", "EPS（元）", "float"),
           Column("n", "家数", "int"), Column("text", "原文"))


def _read(path, title=None):
    book = openpyxl.load_workbook(path)
    return book[title] if title else book.active


def test_numbers_are_numbers_codes_keep_zeros_and_missing_is_empty(tmp_path):
    rows = [{"code": "000001", "weight": 0.125, "eps": "1,234.5", "n": 3.0, "text": "增持"},
            {"code": "600519", "weight": None, "eps": float("nan"), "n": "n/a", "text": None}]
    path = write_xlsx(tmp_path / "t.xlsx", [Sheet("表", COLUMNS, rows)])
    ws = _read(path)
    assert [c.value for c in ws[1]] == ["代码", "权重", "EPS（元）", "家数", "原文"]
    first = ws[2]
    assert first[0].value == "000001" and first[0].data_type == "s"
    assert first[1].value == 0.125 and first[1].number_format == "0.00%"
    assert first[2].value == 1234.5 and first[3].value == 3 and isinstance(first[3].value, int)
    assert [c.value for c in ws[3]] == ["600519", None, None, None, None]  # never "n/a" in a number column
    assert ws.freeze_panes == "A2"


def test_document_text_is_never_a_formula_and_bad_characters_are_dropped(tmp_path):
    rows = [{"text": '=HYPERLINK("http://evil.example","点我")'}, {"text": "a\x00b\x1fc"}, {"text": ["甲", "乙"]}]
    ws = _read(write_xlsx(tmp_path / "t.xlsx", [Sheet("表", COLUMNS, rows)]))
    assert ws["E2"].data_type == "s" and ws["E2"].value.startswith("=HYPERLINK")
    assert ws["E3"].value == "abc" and ws["E4"].value == "甲；乙"


def test_notice_sits_above_the_header_and_notes_below(tmp_path):
    sheet = Sheet("组合", COLUMNS, [{"code": "510300"}], notice="⚠ 样例数据", notes=["权重：占组合的比例"])
    assert header_row(sheet) == 2
    ws = _read(write_xlsx(tmp_path / "t.xlsx", [sheet]))
    assert ws["A1"].value == "⚠ 样例数据" and ws["A2"].value == "代码" and ws["A3"].value == "510300"
    assert ws["A5"].value == "权重：占组合的比例" and ws.freeze_panes == "A3"


def test_sheet_titles_are_cleaned_and_unique(tmp_path):
    sheets = [Sheet("a/b:c", COLUMNS, []), Sheet("a/b:c", COLUMNS, []), Sheet("长" * 40, COLUMNS, [])]
    book = openpyxl.load_workbook(write_xlsx(tmp_path / "t.xlsx", sheets))
    assert book.sheetnames == ["a_b_c", "a_b_c_2", "长" * 31]


def test_a_failed_write_leaves_nothing_behind(tmp_path):
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(ValueError):
        write_xlsx(target, [])
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OSError):
        write_xlsx(blocker / "sub" / "t.xlsx", [Sheet("表", COLUMNS, [])])
    assert target.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["file", "out.xlsx"]
