"""The concept subgraph: extractive engine on the sample corpus, and an LLM that invents companies."""

from __future__ import annotations

import asyncio

import pytest

from agents.concept.graph import graph
from agents.concept.render import to_csv, to_html, to_json, to_mermaid
from agents.llm.config import LLMConfig
from tests.conftest import make_context
from tests.support.fake_chat import ScriptedChatModel, tool_reply
from tools.tickers import StockMaster


def _run(ctx, concept):
    return asyncio.run(graph.ainvoke({"concept": concept}, context=ctx))["chain"]


@pytest.fixture(scope="module")
def extractive_chains(sample_library, tmp_path_factory):
    ctx = make_context(sample_library, engine="extractive")
    return {c: _run(ctx, c) for c in ("人形机器人", "低空经济", "AI算力", "自动驾驶", "固态电池")}


def test_every_shown_code_exists_in_the_stock_master(extractive_chains):
    master = StockMaster.bundled()
    for concept, chain in extractive_chains.items():
        shown = [c.code for c in chain.companies] + [m.code for m in chain.board_only]
        assert all(master.exists(code) for code in shown), concept
        for company in chain.companies:
            assert master.name_of(company.code) == company.name


def test_robot_chain_has_levels_nodes_and_companies(extractive_chains):
    chain = extractive_chains["人形机器人"]
    names = {n.id: n.name for n in chain.nodes}
    by_code = {c.code: c for c in chain.companies}
    green = by_code["688017.SH"]
    assert green.name == "绿的谐波" and green.level == "up" and names[green.node] == "减速器"
    assert len({e.report_id for e in green.evidence}) == 2  # both robot reports mention it
    assert green.score > by_code["688322.SH"].score  # more evidence ranks higher
    assert names[by_code["003021.SZ"].node] in ("灵巧手", "空心杯电机", "电机")  # 灵巧手模组 and table 3's 空心杯电机
    assert {names[by_code[c].node] for c in ("300124.SZ", "002472.SZ")} == {"伺服与运动控制"}  # 相关伺服与运动控制供应商
    assert {names[by_code[c].node] for c in ("601689.SH", "002050.SZ")} == {"执行器"} and by_code["601689.SH"].level == "mid"
    assert names[by_code["9880.HK"].node] == "整机"  # HK listing validated against the bundled HK list
    assert len(chain.companies) == len({c.code for c in chain.companies})  # one company once
    assert not any(n.name.endswith("（其他）") for n in chain.nodes)
    for company in chain.companies:
        assert company.evidence and all(e.page is not None for e in company.evidence)
        assert company.node in company.nodes


def test_edges_are_stated_or_from_the_template_never_level_adjacency(extractive_chains):
    chain = extractive_chains["人形机器人"]
    names = {n.id: n.name for n in chain.nodes}
    edges = {(names[e.source], names[e.target], e.basis) for e in chain.edges}
    assert {e.basis for e in chain.edges} <= {"stated", "template"}
    assert ("减速器", "执行器", "stated") in edges  # "电机+减速器/丝杠+传感器”构成的执行器"
    ups, mids = [n for n in chain.nodes if n.level == "up"], [n for n in chain.nodes if n.level == "mid"]
    assert len(chain.edges) < len(ups) * len(mids)  # not every upstream node to every midstream node
    assert all(e.evidence for e in chain.edges if e.basis == "stated")


def test_a_company_of_another_concepts_report_stays_out(extractive_chains):
    assert not {"002594.SZ", "002920.SZ", "300496.SZ", "688326.SH"} & {c.code for c in extractive_chains["AI算力"].companies}
    ai = {c.code: c for c in extractive_chains["AI算力"].companies}
    names = {n.id: n.name for n in extractive_chains["AI算力"].nodes}
    assert names[ai["002463.SZ"].node] == "PCB"  # 沪电股份 …在AI服务器与交换机用PCB领域
    assert not {"300750.SZ", "002594.SZ"} & {c.code for c in extractive_chains["人形机器人"].companies}


def test_low_altitude_companies_on_their_named_nodes(extractive_chains):
    chain = extractive_chains["低空经济"]
    names = {n.id: n.name for n in chain.nodes}
    placed = {c.code: names[c.node] for c in chain.companies}
    assert placed["688631.SH"] == "空管与信息化" and "000801.SZ" in placed  # 莱斯信息, 四川九洲 (section 三)
    assert placed["000099.SZ"] == "运营服务" or placed["000099.SZ"].endswith("运营")  # 中信海直
    assert "EH.US" in placed and "EH.O" not in placed  # one code format


@pytest.mark.parametrize("concept,codes", [("低空经济", {"002085.SZ", "000099.SZ", "001696.SZ"}),
                                           ("AI算力", {"300308.SZ", "601138.SH", "688256.SH"})])
def test_other_concepts_find_their_companies(extractive_chains, concept, codes):
    found = {c.code for c in extractive_chains[concept].companies}
    assert codes <= found, found


def test_invalid_code_is_dropped_with_the_snapshot_date(extractive_chains):
    chain = extractive_chains["固态电池"]
    assert {"300750.SZ", "002709.SZ", "300073.SZ"} <= {c.code for c in chain.companies}  # it used to exit 4
    assert "688999.SH" not in {c.code for c in chain.companies}
    decoy = [d for d in chain.dropped if d.code and "688999" in d.code]
    assert decoy and decoy[0].reason == "688999.SH 不在 2023-10-19 的股票列表中，运行 touyan data refresh 更新"
    assert "不存在" not in decoy[0].reason


def test_board_cross_check_is_shown_separately(extractive_chains):
    chain = extractive_chains["人形机器人"]
    assert chain.board is not None
    assert any(c.in_board for c in chain.companies)
    assert all(m.code not in {c.code for c in chain.companies} for m in chain.board_only)


def test_unknown_and_misspelled_concepts_are_honest(sample_library):
    ctx = make_context(sample_library, engine="extractive")
    unknown = _run(ctx, "量子通信卫星")
    assert unknown.companies == [] and unknown.partial
    assert any("没有讨论" in n for n in unknown.notes)
    typo = _run(ctx, "人型机器人")
    assert typo.companies == [] and any("人形机器人" in n for n in typo.notes)


def test_llm_inventions_never_reach_the_output(sample_library):
    rid = sample_library.sample_ids["20250312_中信证券_人形机器人产业链深度报告.pdf"]
    draft = {
        "nodes": [{"name": "谐波减速器", "level": "up"}, {"name": "执行器", "level": "mid", "terms": ["执行器总成"]},
                  {"name": "整机", "level": "mid"}],
        "edges": [{"source": "谐波减速器", "target": "执行器", "evidence": [{"report_id": rid, "page": 2}]},
                  {"source": "谐波减速器", "target": "整机"}],  # no sentence cited: not kept
        "companies": [
            {"name": "绿的谐波", "code": "688017.SH", "node": "谐波减速器", "evidence": [{"report_id": rid, "page": 2}]},
            {"name": "谐波之星", "code": "688999.SH", "node": "谐波减速器", "evidence": [{"report_id": rid, "page": 2}]},
            {"name": "绿的谐波", "code": "601689.SH", "node": "整机", "evidence": [{"report_id": rid, "page": 4}]},
            {"name": "拓普集团", "code": "601689.SH", "node": "整机", "evidence": [{"report_id": rid, "page": 1}]},
            {"name": "五洲新春", "code": "603667.SH", "node": "执行器", "evidence": [{"report_id": rid, "page": 2}]},
            {"name": "三花智控", "code": None, "node": "不存在的环节", "evidence": [{"report_id": rid, "page": 4}]},
        ],
    }
    model = ScriptedChatModel(replies=[tool_reply("ChainDraft", draft)], model_name="deepseek-chat")
    ctx = make_context(sample_library, engine="llm", llm=LLMConfig(model="deepseek-chat"),
                       model_factory=lambda config, role: model)
    chain = _run(ctx, "人形机器人")
    codes = {c.code: c.name for c in chain.companies}
    assert codes == {"688017.SH": "绿的谐波"}  # 拓普集团's cited page 1 does not name it
    reasons = {(d.name, d.code): d.reason for d in chain.dropped}
    assert reasons[("谐波之星", "688999.SH")] == "688999.SH 不在 2023-10-19 的股票列表中，运行 touyan data refresh 更新"
    assert "名称与代码不符" in reasons[("绿的谐波", "601689.SH")]
    assert "没有提到" in reasons[("拓普集团", "601689.SH")]
    assert "没有把这家公司与环节“执行器”联系起来" in reasons[("五洲新春", "603667.SH")]  # node evidence checked
    assert "不在产业链中" in reasons[("三花智控", None)]
    names = {n.id: n.name for n in chain.nodes}
    edges = {(names[e.source], names[e.target], e.basis) for e in chain.edges}
    assert edges == {("谐波减速器", "执行器", "stated"), ("执行器", "整机", "template")}  # the uncited one is gone
    assert chain.engine == "llm"
    assert chain.prompt_versions == {"analyst_system": "1.0.0", "concept_chain": "2.0.0"}
    # 1 of the 5 companies it proposed survived: below the verified floor, marked, offline result beside it
    assert chain.status == "unverified" and chain.verified_share == pytest.approx(0.2)
    beside = {c.code: c for c in chain.fallback_companies}
    assert "688017.SH" in beside and "688999.SH" not in beside
    assert all(c.node in {n.name for n in _run(make_context(sample_library, engine="extractive"), "人形机器人").nodes}
               for c in chain.fallback_companies)  # named by the offline chain's node names
    assert any("低于下限 50%" in n and "TOUYAN_VERIFIED_FLOOR" in n for n in chain.notes)


def test_llm_down_builds_the_chain_offline_and_says_why(sample_library, extractive_chains):
    import httpx
    import openai

    refused = openai.APIConnectionError(request=httpx.Request("POST", "http://127.0.0.1:9/v1/chat/completions"))
    model = ScriptedChatModel(replies=[refused] * 3)
    ctx = make_context(sample_library, engine="llm", llm=LLMConfig(model="deepseek-chat", base_url="http://127.0.0.1:9/v1"),
                       model_factory=lambda config, role: model)
    chain = _run(ctx, "人形机器人")
    offline = extractive_chains["人形机器人"]
    assert chain.engine == "extractive" and chain.status == "ok"
    assert [(c.code, c.node) for c in chain.companies] == [(c.code, c.node) for c in offline.companies]
    assert any("改用离线抽取" in n and "OPENAI_BASE_URL" in n for n in chain.notes)


def test_renderings(extractive_chains):
    chain = extractive_chains["人形机器人"]
    assert '"688017.SH"' in to_json(chain)
    csv_text = to_csv(chain)
    assert csv_text.splitlines()[0] == "code,name,node,level,other_nodes,evidence,in_board,score"
    assert "688017.SH,绿的谐波,减速器,上游" in csv_text
    mermaid = to_mermaid(chain)
    assert mermaid.startswith("flowchart LR") and "-.->" in mermaid and " --> " in mermaid
    page = to_html(chain)
    assert page.startswith("<!doctype html>") and "<svg" in page and "绿的谐波" in page
    assert "概念板块：“人形机器人”（按输入的名称匹配）" in page
    assert "<script" not in page and 'src="http' not in page and 'href="http' not in page  # opens offline


def test_board_by_the_typed_name_first(extractive_chains):
    chain = extractive_chains["固态电池"]  # the board list has 固态电池, the samples have no constituents for it
    assert chain.board is None and all(c.in_board is None for c in chain.companies)
    note = next(n for n in chain.notes if "无法核对概念板块" in n)
    assert "“固态电池”的成分股不可用" in note and "全固态" not in note  # no quiet switch to an alias's board
    robot = extractive_chains["人形机器人"]
    assert robot.board == "人形机器人" and robot.board_matched_by == "人形机器人"
    driving = extractive_chains["自动驾驶"]
    assert driving.board == "无人驾驶" and driving.board_matched_by != "自动驾驶"
    assert any("按别名" in n for n in driving.notes)


def test_concept_cli_writes_files_that_render(tmp_path):
    import json

    from typer.testing import CliRunner

    from tests.conftest import SAMPLES
    from touyan.cli import app

    home, out = tmp_path / "home", tmp_path / "chain"
    runner = CliRunner()
    assert runner.invoke(app, ["--data-dir", str(home), "ingest", str(SAMPLES)]).exit_code == 0
    result = runner.invoke(app, ["--data-dir", str(home), "concept", "低空经济", "--json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    chain = json.loads(result.stdout)
    assert chain["concept"] == "低空经济" and chain["companies"]
    assert {p.name for p in out.iterdir()} == {"chain.json", "companies.csv", "companies.xlsx", "chain.mmd", "chain.html"}
    assert json.loads((out / "chain.json").read_text(encoding="utf-8")) == chain
    import openpyxl

    sheet = openpyxl.load_workbook(out / "companies.xlsx")["相关公司"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, max_row=1 + len(chain["companies"]), values_only=True)]
    assert [r["股票代码"] for r in rows] == [c["code"] for c in chain["companies"]]
    assert all(isinstance(r["证据强度"], (int, float)) for r in rows)
    first = chain["companies"][0]["evidence"][0]  # pages as a PDF viewer shows them: page 0 is p.1
    assert f"《{first['title']}》p.{first['page'] + 1}" in rows[0]["出处（《标题》p.N，PDF 页码）"]
    empty = runner.invoke(app, ["--data-dir", str(home), "concept", "量子通信卫星"])
    assert empty.exit_code == 4 and "没有讨论" in empty.output


def test_a_company_listed_after_the_snapshot_gets_the_refresh_message(tmp_path, use_embedding):
    import pandas as pd

    from memory.report_library import ReportLibrary
    from tests.conftest import write_report
    from tools.documents import load_document
    from tools.tickers import master_frame
    from tools.tickers.snapshot import A_FILE, snapshot_dir, write_snapshot

    folder = tmp_path / "reports"
    folder.mkdir()
    path = write_report(folder, "20250601_示例证券_储能产业链深度.txt", [
        "储能产业链深度报告\n二、中游：储能系统集成\n海博思创(688411)是国内储能系统集成龙头，储能系统出货量领先；"
        "阳光电源(300274)在储能变流器领域具备全球竞争力。储能需求持续增长。"])
    library = ReportLibrary(tmp_path / "library", use_embedding)
    try:
        library.ingest(load_document(path))
        before = _run(make_context(library), "储能")
        assert "300274.SZ" in {c.code for c in before.companies}
        reason = next(d.reason for d in before.dropped if d.code and d.code.startswith("688411"))
        assert reason == "688411.SH 不在 2023-10-19 的股票列表中，运行 touyan data refresh 更新"
        # what `touyan data refresh` writes into the data directory (tests/test_data_refresh.py runs it for real)
        fresh = master_frame(pd.DataFrame({"code": ["688411", "300274"], "name": ["海博思创", "阳光电源"],
                                           "list_date": ["2025-01-27", "2011-11-02"]}))
        write_snapshot(snapshot_dir(library.root), A_FILE, fresh, source={"package": "akshare"},
                       data_date="2025-06-30", rules=[])
        after = _run(make_context(library), "储能")
        assert {"688411.SH": "海博思创"}.items() <= {c.code: c.name for c in after.companies}.items()
    finally:
        library.close()
