"""tools/chain: the evidence-first chain extractor on small texts written for each rule.

Every rule is shown on its own sentence; the labelled set (evals/labelled/concept, suite `concept`)
measures the whole on realistic reports, and tests/test_concept_layout.py the layout invariance."""

from __future__ import annotations

import pytest

from tools.chain.extract import extract_chain
from tools.chain.templates import TemplateError, find_template, load_templates
from tools.chain.text import flat_page
from tools.chain.vocab import clean_term, list_terms
from tools.tickers import StockMaster

MASTER = StockMaster.bundled()
ROBOT = find_template("人形机器人", load_templates())


def chain(pages, concept="人形机器人", template=ROBOT, titles=None, **reports):
    found = extract_chain({"r1": list(enumerate(pages)), **{k: list(enumerate(v)) for k, v in reports.items()}},
                          concept=concept, master=MASTER, template=template,
                          titles=titles or {"r1": f"{concept}产业链深度报告"})
    return {(c.security.code if c.security else c.code): c.node for c in found.companies}, found  # node keys


def wrap(text: str, width: int) -> str:
    """The text broken into lines of `width` characters, as a PDF column would print it."""
    return "\n".join("\n".join(line[i:i + width] for i in range(0, len(line), width)) for line in text.split("\n"))


REPORT = ("二、上游：核心零部件\n"
          "谐波减速器主要用于旋转关节，绿的谐波(688017.SH)是国内谐波减速器龙头，已向多家海内外人形机器人客户送样。"
          "五洲新春(603667.SH)依托轴承精密加工经验切入丝杠领域。\n"
          "表3：上游核心零部件国产化进展\n零部件    海外龙头    国内主要供应商\n谐波减速器    哈默纳科    绿的谐波\n"
          "行星滚柱丝杠    舍弗勒    北特科技\n空心杯电机    Maxon    鸣志电器\n"
          "三、中游：执行器与整机\n三花智控(002050.SZ)依托热管理阀件的精密制造经验，布局机电执行器，是进度最快的执行器供应商之一。")


@pytest.mark.parametrize("width", [12, 20, 40, 400])
def test_line_length_does_not_change_companies_or_nodes(width):
    placed, _ = chain([wrap(REPORT, width)])
    assert placed == {"688017.SH": "减速器", "603667.SH": "丝杠", "603009.SH": "丝杠",  # template nodes
                      "603728.SH": "电机", "002050.SZ": "执行器"}


def test_a_table_as_markdown_rows_reads_as_the_same_table_in_text():
    """A laid-out PDF gives a recognised table as `| a | b |` rows; a TXT file separates the cells by spaces."""
    lines = REPORT.split("\n")
    rows = [i for i, ln in enumerate(lines) if "    " in ln]
    markdown = [("| " + " | ".join(ln.split("    ")) + " |") if i in rows else ln for i, ln in enumerate(lines)]
    markdown.insert(rows[0] + 1, "| --- | --- | --- |")
    assert chain(["\n".join(markdown)])[0] == chain([REPORT])[0]
    assert flat_page("r1", 0, "| 环节 | 代表公司 |\n|---|---|\n| 减速器 | 绿的谐波 |").text == \
        flat_page("r1", 0, "环节    代表公司\n减速器\t绿的谐波").text


@pytest.mark.parametrize("width", [12, 20, 400])
def test_a_caption_ending_in_header_words_is_not_the_header_row(width):
    """表N：…代表公司 then the header row 环节 公司: the rows are label first, whatever the line length."""
    table = ("表2：人形机器人产业链代表公司\n环节    公司\n谐波减速器    绿的谐波\n行星滚柱丝杠    北特科技\n"
             "空心杯电机    鸣志电器\n六维力传感器    柯力传感")
    placed, _ = chain(["人形机器人产业链包括减速器、丝杠、电机与传感器。", wrap(table, width)])
    assert placed == {"688017.SH": "减速器", "603009.SH": "丝杠", "603728.SH": "电机", "603662.SH": "传感器"}


def test_short_table_rows_are_rows_not_headings():
    """The old rule took every line of ≤ 40 characters for a heading and lost 北特科技 and 鸣志电器."""
    placed, found = chain([REPORT])
    assert {"603009.SH", "603728.SH"} <= set(placed)
    assert not any(n.name in ("哈默纳科", "舍弗勒", "Maxon") for n in found.nodes)


def test_a_customer_is_not_a_role_and_a_modifier_yields_to_its_head():
    placed, _ = chain(["柯力传感(603662.SH)已推出多款六维力传感器并向整机厂送样。"
                       "兆威机电(003021.SZ)推出了集成空心杯电机与微型齿轮箱的灵巧手模组。"])
    assert placed == {"603662.SH": "传感器", "003021.SZ": "灵巧手"}


def test_a_valuation_peer_and_a_market_review_are_not_chain_members():
    placed, _ = chain(["拓普集团(601689.SH)已形成执行器总成的小批量交付能力，可比公司中航光电(002179.SZ)估值更高。",
                       "四、市场回顾\n本周板块上涨，片仔癀、云南白药等中药标的表现居前。"])
    assert placed == {"601689.SH": "执行器"}


def test_a_company_from_another_concepts_report_needs_a_sentence_that_names_this_one():
    placed, found = chain(["三花智控(002050.SZ)布局机电执行器。"],
                          titles={"r1": "人形机器人产业链深度报告", "u1": "汽车零部件周报"},
                          u1=["拓普集团(601689.SH)的底盘执行器订单饱满。德赛西威(002920.SZ)的域控制器出货量领先。",
                              "拓普集团还将执行器总成用于人形机器人。"])
    assert found.other_reports == ["u1"]
    assert placed == {"002050.SZ": "执行器", "601689.SH": "执行器"}  # only the sentence naming 人形机器人 counts


def test_edges_only_where_stated_or_templated():
    _, found = chain(["每个关节都需要“电机+减速器/丝杠+传感器”构成的执行器。灵巧手则依赖空心杯电机驱动手指。"
                      "鸣志电器(603728.SH)在空心杯电机领域积累深厚。"], template=None)
    edges = {(e.source, e.target, e.basis) for e in found.edges}
    assert {("电机", "执行器", "stated"), ("减速器", "执行器", "stated"), ("传感器", "执行器", "stated")} <= edges
    assert {e.basis for e in found.edges} == {"stated"} and all(e.evidence for e in found.edges)
    _, with_template = chain(["上游包括谐波减速器与行星滚柱丝杠。中游执行器总成由汽车零部件企业供应。"])
    assert ("减速器", "执行器", "template") in {(e.source, e.target, e.basis) for e in with_template.edges}


def test_nodes_are_the_reports_words_never_places_or_macro_words():
    assert list_terms("上游包括碳纤维复合材料、动力电池与电机电控") == [
        ("up", "碳纤维复合材料"), ("up", "动力电池"), ("up", "电机电控")]
    for word in ("中国", "美国", "固定资产投资", "我们判断", "产业链全景"):
        assert clean_term(word) is None, word
    assert clean_term("国内谐波减速器龙头") == "谐波减速器" and clean_term("ADC研发企业") == "ADC研发企业"


def test_headings_are_found_by_form_never_by_length():
    page = flat_page("r", 0, "上游：抗体、毒素与连接子\n毒素-连接子是ADC的核心原料\n1 / 4\n12 个月内\n二、ADC产业链梳理")
    assert [h.text for h in page.headings] == ["上游：抗体、毒素与连接子", "二、ADC产业链梳理"]
    assert page.headings[0].level_word == "上游"


def test_user_templates_add_and_replace_concepts(tmp_path):
    (tmp_path / "rocket.yaml").write_text("concept: 商业航天\naliases: [卫星互联网]\nnodes:\n"
                                          "  - {name: 火箭发射, level: up, terms: [运载火箭]}\n"
                                          "  - {name: 卫星制造, level: mid, terms: [整星]}\nedges:\n  - [火箭发射, 卫星制造]\n",
                                          encoding="utf-8")
    templates = load_templates(tmp_path)
    assert find_template("卫星互联网", templates).node_of_term("运载火箭") == "火箭发射"
    (tmp_path / "bad.yaml").write_text("concept: 坏模板\nnodes:\n  - {name: A, level: top}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match="up/mid/down"):
        load_templates(tmp_path)


def test_a_user_template_is_read_again_when_edited_and_only_then(tmp_path, monkeypatch):
    import yaml

    path = tmp_path / "rocket.yaml"
    path.write_text("concept: 商业航天\nnodes:\n  - {name: 火箭发射, level: up, terms: [运载火箭]}\n", encoding="utf-8")
    assert find_template("商业航天", load_templates(tmp_path)).node_of_term("运载火箭") == "火箭发射"
    parsed = []
    real_load = yaml.load
    monkeypatch.setattr(yaml, "load", lambda *a, **kw: parsed.append(1) or real_load(*a, **kw))
    load_templates(tmp_path)
    assert parsed == []  # nothing changed: nothing parsed again
    path.write_text("concept: 商业航天\nnodes:\n  - {name: 卫星制造, level: mid, terms: [运载火箭, 整星]}\n", encoding="utf-8")
    assert find_template("商业航天", load_templates(tmp_path)).node_of_term("运载火箭") == "卫星制造"
    assert parsed == [1]
