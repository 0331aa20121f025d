"""Forecast rows a report prints (tables and its own forecast sentences), and the sample corpus as the engine reads it."""

import json
from pathlib import Path

import pytest

from tools.report_fields import extract_fields

REPORTS = Path(__file__).resolve().parents[1] / "data" / "samples" / "reports"


def cover(text: str):
    return extract_fields([(0, text)])


def eps_of(fields):
    return {r.year: r.eps for r in fields.eps_forecasts}


def values_of(fields, name):
    return {r.year: getattr(r, name) for r in fields.eps_forecasts if getattr(r, name) is not None}


@pytest.mark.parametrize("text", [
    "EPS分别为1.2/1.5/1.8元。",  # no years: which years is unknowable
    "预计2025年EPS增长20%。",  # a growth rate, not a level
    "业绩稳健符合预期：2024年公司实现营业总收入1741.4亿元，归母净利润862.3亿元。",  # a result, not a forecast
    "Wind一致预期2025-2026年归母净利润为120/140亿元。",  # the market's numbers, not the report's
    "预计2025-2027年归母净利润为12.5/14.8/17.1。",  # money without a unit
    "我们预计2025-2027年归母净利润分别为128.5/120.3亿元。",  # two values for three years
    "我们预计2025年扣非归母净利润为118.0亿元。",  # not the net profit the consensus compares
    "若原奶价格回升，我们预计2025年归母净利润或下修至110亿元。",  # conditional
    "我们的盈利预测对运价较为敏感：2025年SCFI均值每变动100点，归母净利润将变动约35亿元。",  # sensitivity
    "公司深耕行业25年，我们预计归母净利润为128.5亿元。",  # 25年 is a duration, not 2025
])
def test_sentences_that_are_not_the_reports_forecast(text):
    assert cover(text).eps_forecasts == []


def test_forecast_sentence_with_slash_lists_and_units():
    text = "我们预计公司2025-2027年营业收入分别为18,200/19,300/20,500百万元，归母净利润分别为3,100/3,280/3,560百万元，EPS分别为1.40/1.48/1.61元。"
    fields = extract_fields([(2, text)])
    assert values_of(fields, "revenue") == {"2025E": 182.0, "2026E": 193.0, "2027E": 205.0}
    assert values_of(fields, "net_profit") == {"2025E": 31.0, "2026E": 32.8, "2027E": 35.6}
    assert values_of(fields, "eps") == {"2025E": 1.4, "2026E": 1.48, "2027E": 1.61}
    assert {r.page for r in fields.eps_forecasts} == {2}


@pytest.mark.parametrize("text, name, expected", [
    ("预计2025/2026年归母净利润分别为93,360/101,020百万元，对应EPS分别为74.32/80.42元。", "net_profit", {"2025E": 933.6, "2026E": 1010.2}),
    ("预计2025/2026年归母净利润分别为93,360/101,020百万元，对应EPS分别为74.32/80.42元。", "eps", {"2025E": 74.32, "2026E": 80.42}),
    ("我们维持2025年归母净利润345.2亿元的预测，引入2026年归母净利润预测248.6亿元。", "net_profit", {"2025E": 345.2, "2026E": 248.6}),
    ("我们将2025-2026年归母净利润预测调整为12,480/14,210百万元，对应EPS 10.29/11.72元。", "eps", {"2025E": 10.29, "2026E": 11.72}),
    ("预计2025年归母净利润同比下降15.3%至10,750百万元，2026年归母净利润12,100百万元。", "net_profit", {"2025E": 107.5, "2026E": 121.0}),
    ("预测25-27年营收为1,850、2,280、2,620亿元。", "revenue", {"2025E": 1850.0, "2026E": 2280.0, "2027E": 2620.0}),
    ("预计2025-2026年归母净利润-18.6/6.3亿元，对应EPS -0.25/0.08元。", "eps", {"2025E": -0.25, "2026E": 0.08}),
    ("公司2024年实现归母净利润862.3亿元，我们预计2025年归母净利润933.6亿元。", "net_profit", {"2025E": 933.6}),
    ("我们预计2025年净利润为8,500万元。", "net_profit", {"2025E": 0.85}),
])
def test_forecast_sentences_as_brokers_write_them(text, name, expected):
    assert values_of(extract_fields([(1, text)]), name) == expected


def test_table_wins_over_the_sentence_and_sentences_fill_its_gaps():
    table = "百万元    2024A    2025E    2026E\n营业收入    114,767    168,000    201,500\nEPS（元）    1.56    2.25    2.75"
    prose = "我们预计公司2025-2026年营业收入为168,100/201,500百万元，归母净利润为3,310/4,050百万元。"
    fields = extract_fields([(0, prose), (2, table)])
    assert values_of(fields, "revenue") == {"2024A": 1147.67, "2025E": 1680.0, "2026E": 2015.0}
    assert values_of(fields, "net_profit") == {"2025E": 33.1, "2026E": 40.5}
    assert {r.page for r in fields.eps_forecasts if r.net_profit is not None} == {0}


@pytest.mark.parametrize("header, scale", [
    ("财务摘要（人民币百万元）\t2024A\t2025E\t2026E", 0.01),
    ("表1：盈利预测（亿元）\n会计年度    2024A    2025E    2026E", 1.0),
    ("人民币亿元    2024A    2025E    2026E", 1.0),
])
def test_flattened_table_takes_its_unit_from_the_header(header, scale):
    text = header + "\n营业收入\t233,860\t226,250\t205,830\n归母净利润\t49,000\t34,520\t24,860\n每股收益（元）\t3.08\t2.17\t1.56"
    fields = extract_fields([(2, "这是一段较长的正文，其中提到约35亿元的敏感性。\n" + text)])
    assert values_of(fields, "net_profit")["2025E"] == pytest.approx(34520 * scale)
    assert values_of(fields, "eps")["2025E"] == 2.17


def test_row_label_unit_without_yuan():
    text = "主要财务指标\t2024A\t2025E\n营业总收入(百万)\t3,026\t2,630\n归母净利润(百万)\t1,958\t1,320\n每股净收益（元）\t7.24\t4.88"
    fields = extract_fields([(2, text)])
    assert values_of(fields, "revenue") == {"2024A": 30.26, "2025E": 26.3}
    assert values_of(fields, "eps") == {"2024A": 7.24, "2025E": 4.88}


TABLE_ROWS = """盈利预测与估值
指标 2024A 2025E 2026E 2027E
营业收入(亿元) 3,620.1 4,180.0 4,850.0 5,560.0
营收增长率(%) 9.7 15.5 16.0 14.6
归母净利润(亿元) 507.5 620.3 730.6 845.2
EPS(元) 11.53 14.09 16.59 19.20
PE(倍) 22.8 18.6 15.8 13.7
资料来源：示例"""


def test_table_one_row_per_line():
    rows = {r.year: r for r in cover(TABLE_ROWS).eps_forecasts}
    assert list(rows) == ["2024A", "2025E", "2026E", "2027E"]
    assert (rows["2025E"].eps, rows["2025E"].net_profit, rows["2025E"].revenue, rows["2025E"].pe) == (14.09, 620.3, 4180.0, 18.6)
    assert rows["2027E"].eps == 19.2


def test_table_one_cell_per_line_as_pypdf_flattens_it():
    fields = cover("\n".join(TABLE_ROWS.replace("\n", " ").split()))
    assert eps_of(fields) == {"2024A": 11.53, "2025E": 14.09, "2026E": 16.59, "2027E": 19.2}


def test_table_with_split_year_cells_page_unit_and_missing_values():
    text = "单位：百万元\n会计年度 2024\nA 2025\nE 2026\nE\n归母净利润 50,750 62,030 -\n每股收益(元) 11.53 14.09 16.59"
    rows = {r.year: r for r in extract_fields([(1, text)]).eps_forecasts}
    assert rows["2024A"].net_profit == 507.5 and rows["2025E"].net_profit == 620.3
    assert rows["2026E"].net_profit is None and rows["2026E"].eps == 16.59
    assert all(r.page == 1 for r in rows.values())


def test_multi_company_table_is_not_the_report_eps():
    text = ("代码 公司 股价(元) EPS 2024A EPS 2025E EPS 2026E 评级\n"
            "688017.SH 绿的谐波 138.50 0.35 0.62 0.95 买入\n603667.SH 五洲新春 52.80 0.36 0.48 0.66 买入")
    assert cover(text).eps_forecasts == []


def test_a_year_row_keeps_the_page_of_its_table():
    pages = [(0, "我们预计2025-2026年EPS分别为1.20/1.50元。"), (4, TABLE_ROWS)]
    rows = {r.year: r for r in extract_fields(pages).eps_forecasts}
    assert (rows["2025E"].eps, rows["2025E"].page, rows["2025E"].pe) == (14.09, 4, 18.6)
    assert (rows["2027E"].eps, rows["2027E"].page) == (19.2, 4)


MARKDOWN_TABLE = """| 会计年度 | 2024A | 2025E | 2026E |
| 营业收入 (人民币百万) | 362,028 | 407,282 | 471,632 |
| +/-% | -9.7 | 12.5 | 15.8 |
| 归属母公司净利润 (人民币百万) | 50,684 | 59,463 | 70,745 |
| EPS (人民币，最新摊薄) | 11.51 | 13.51 | 16.07 |
| PE (倍) | 20.5 | 17.4 | 14.7 |"""


def test_markdown_table_rows_with_units_in_the_labels():
    rows = {r.year: r for r in cover(MARKDOWN_TABLE).eps_forecasts}
    assert list(rows) == ["2024A", "2025E", "2026E"]
    assert (rows["2025E"].eps, rows["2025E"].net_profit, rows["2025E"].revenue, rows["2025E"].pe) == (13.51, 594.63, 4072.82, 17.4)


# --- the sample corpus (PDFs made by scripts/make_sample_corpus.py) ---

def corpus_reports(pdf_only: bool = True):
    manifest = REPORTS / "MANIFEST.json"
    if not manifest.exists():
        return []
    return [r for r in json.loads(manifest.read_text(encoding="utf-8"))
            if (REPORTS / r["file"]).exists() and (r["file"].endswith(".pdf") or not pdf_only)]


def pdf_pages(path: Path) -> list[tuple[int, str]]:
    from pypdf import PdfReader

    return [(i, page.extract_text() or "") for i, page in enumerate(PdfReader(path).pages)]


@pytest.mark.parametrize("report", corpus_reports(), ids=lambda r: r["file"][:20])
def test_sample_corpus_matches_manifest(report):
    pages = pdf_pages(REPORTS / report["file"])
    fields = extract_fields(pages)
    assert fields.rating == report["rating"]
    assert fields.target_price == report["target_price"]
    texts = dict(pages)
    for page, value in ((fields.rating_page, fields.rating_raw), (fields.target_price_page, fields.target_price)):
        if value is not None:
            assert f"{value:,.2f}" in texts[page] if isinstance(value, float) else value in texts[page]
    for row in fields.eps_forecasts:  # every number is printed on the page it cites
        assert row.eps is None or f"{row.eps:.2f}" in texts[row.page]


@pytest.mark.parametrize("report", corpus_reports(pdf_only=False), ids=lambda r: r["file"][:20])
def test_sample_corpus_as_the_engine_reads_it(report):
    """The engine gets pages from tools.documents (reflowed PDF text, txt/md/html pages), not raw pypdf."""
    from tools.documents import load_document

    pages = [(p.number, p.text) for p in load_document(REPORTS / report["file"]).pages]
    fields = extract_fields(pages)
    assert (fields.rating, fields.target_price) == (report["rating"], report["target_price"])


def test_table_with_years_down_the_first_column():
    """Some brokers turn the forecast table: one row per year, metrics across the header."""
    text = ("| 年度 | 营业收入(百万元) | 归母净利润(百万元) | EPS(元) | PE(倍) |\n"
            "| 2024A | 114,767 | 2,292 | 1.56 | 35.1 |\n| 2025E | 168,000 | 3,310 | 2.25 | 24.3 |\n"
            "| 2026E | 201,500 | 4,050 | 2.75 | 19.9 |")
    fields = extract_fields([(3, text)])
    assert values_of(fields, "revenue") == {"2024A": 1147.67, "2025E": 1680.0, "2026E": 2015.0}
    assert values_of(fields, "eps") == {"2024A": 1.56, "2025E": 2.25, "2026E": 2.75}
    assert {r.page for r in fields.eps_forecasts} == {3}


def test_tab_separated_table_whose_header_has_no_corner_cell():
    text = ("盈利预测与估值\n\t2023A\t2024A\t2025E\t2026E\n营业收入（百万元）\t254,397\t245,550\t236,870\t231,420\n"
            "归母净利润（百万元）\t8,446\t10,135\t12,850\t12,030\nEPS（元）\t0.40\t0.50\t0.68\t0.63")
    fields = extract_fields([(2, text)])
    assert values_of(fields, "net_profit")["2025E"] == 128.5 and values_of(fields, "eps")["2026E"] == 0.63
    assert values_of(fields, "revenue")["2023A"] == 2543.97


def test_spaced_table_under_a_caption_with_its_unit():
    text = "表1：盈利预测（亿元）\n会计年度    2024A    2025E    2026E\n营业总收入    1741.4    1900.2    2068.5\n归母净利润    862.3    933.6    1014.8"
    fields = extract_fields([(1, text)])
    assert values_of(fields, "revenue") == {"2024A": 1741.4, "2025E": 1900.2, "2026E": 2068.5}
    assert values_of(fields, "net_profit")["2026E"] == 1014.8


def test_segment_revenue_table_total_row_is_revenue():
    from tools.forecast_table import forecast_cells
    page = ("表：分业务收入预测（百万元）\n业务\t2024A\t2025E\t2026E\n甲业务\t1,050\t1,418\t1,890\n乙业务\t720\t820\t930\n"
            "合计\t1,770\t2,238\t2,820\n增速（%）\t24.5\t26.4\t26.0\n归母净利润（百万元）\t673\t910\t1,185\nEPS（元）\t4.77\t6.45\t8.40")
    have = {(c.metric, c.year): (c.value, c.unit) for c in forecast_cells([(1, page)])}
    assert have[("营业收入", "2025E")] == (2238.0, "百万元") and have[("营收增长率", "2026E")] == (26.0, "%")
    costs = page.replace("分业务收入预测", "分业务毛利预测")  # a gross-profit table's 合计 is not revenue
    assert ("营业收入", "2025E") not in {(c.metric, c.year) for c in forecast_cells([(1, costs)])}
