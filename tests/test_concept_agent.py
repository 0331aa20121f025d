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
    names = {n.name: n for n in chain.nodes}
    assert names["谐波减速器"].level == "up"
    by_code = {c.code: c for c in chain.companies}
    green = by_code["688017.SH"]
    assert green.name == "绿的谐波" and green.level == "up"
    assert {n.id: n.name for n in chain.nodes}[green.node] == "谐波减速器"
    assert by_code["601689.SH"].level == "mid"
    assert len({e.report_id for e in green.evidence}) == 2  # both robot reports mention it
    assert green.score > by_code["603662.SH"].score  # more evidence ranks higher
    for company in chain.companies:
        assert company.evidence and all(e.page is not None for e in company.evidence)
    assert "9880.HK" not in {c.code for c in chain.companies}  # HK listings cannot be validated offline
    assert any("9880.HK" in (d.code or "") for d in chain.dropped)


@pytest.mark.parametrize("concept,codes", [("低空经济", {"002085.SZ", "000099.SZ", "001696.SZ"}),
                                           ("AI算力", {"300308.SZ", "601138.SH", "688256.SH"})])
def test_other_concepts_find_their_companies(extractive_chains, concept, codes):
    found = {c.code for c in extractive_chains[concept].companies}
    assert codes <= found, found


def test_decoy_company_is_dropped_and_counted(extractive_chains):
    chain = extractive_chains["固态电池"]
    assert "688999.SH" not in {c.code for c in chain.companies}
    decoy = [d for d in chain.dropped if d.code and "688999" in d.code]
    assert decoy and "不存在" in decoy[0].reason


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
        "nodes": [{"name": "谐波减速器", "level": "up"}, {"name": "整机", "level": "mid"}],
        "edges": [{"source": "谐波减速器", "target": "整机"}],
        "companies": [
            {"name": "绿的谐波", "code": "688017.SH", "node": "谐波减速器", "evidence": [{"report_id": rid, "page": 2}]},
            {"name": "谐波之星", "code": "688999.SH", "node": "谐波减速器", "evidence": [{"report_id": rid, "page": 2}]},
            {"name": "绿的谐波", "code": "601689.SH", "node": "整机", "evidence": [{"report_id": rid, "page": 4}]},
            {"name": "拓普集团", "code": "601689.SH", "node": "整机", "evidence": [{"report_id": rid, "page": 1}]},
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
    assert "不存在" in reasons[("谐波之星", "688999.SH")]
    assert "名称与代码不符" in reasons[("绿的谐波", "601689.SH")]
    assert "没有提到" in reasons[("拓普集团", "601689.SH")]
    assert "不在产业链中" in reasons[("三花智控", None)]
    assert [(e.source, e.target, e.basis) for e in chain.edges] == [("n0", "n1", "stated")]
    assert chain.prompt_versions == {"analyst_system": "1.0.0", "concept_chain": "1.0.0"}


def test_renderings(extractive_chains):
    chain = extractive_chains["人形机器人"]
    assert '"688017.SH"' in to_json(chain)
    csv_text = to_csv(chain)
    assert csv_text.splitlines()[0] == "code,name,node,level,evidence,in_board,score"
    assert "688017.SH,绿的谐波,谐波减速器,上游" in csv_text
    mermaid = to_mermaid(chain)
    assert mermaid.startswith("flowchart LR") and "-.->" in mermaid
    page = to_html(chain)
    assert page.startswith("<!doctype html>") and "<svg" in page and "绿的谐波" in page
    assert "<script" not in page and 'src="http' not in page and 'href="http' not in page  # opens offline


def test_missing_board_fixture_is_said_plainly(extractive_chains):
    chain = extractive_chains["固态电池"]  # no 固态电池 board among the bundled sample boards
    assert chain.board is None and all(c.in_board is None for c in chain.companies)
    assert any("无法核对概念板块" in n for n in chain.notes)


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
    assert {p.name for p in out.iterdir()} == {"chain.json", "companies.csv", "chain.mmd", "chain.html"}
    assert json.loads((out / "chain.json").read_text(encoding="utf-8")) == chain
    empty = runner.invoke(app, ["--data-dir", str(home), "concept", "量子通信卫星"])
    assert empty.exit_code == 4 and "没有讨论" in empty.output
