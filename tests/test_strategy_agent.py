"""The strategy subgraph on the sample corpus and the bundled market fixtures, with both engines."""

from __future__ import annotations

import asyncio
import json
import math
import re
import shutil

import pytest

from agents.context import Limits
from agents.llm.config import LLMConfig
from agents.strategy.graph import graph
from agents.strategy.models import RISK_WARNINGS
from agents.strategy.render import to_json, to_markdown
from tests.conftest import make_context
from tests.support.fake_chat import ScriptedChatModel, tool_reply
from tools.market_data import MarketData
from tools.market_data.fixtures import BUNDLED_FIXTURES

STYLES = [{"code": "990001", "label": "style-rotation", "confidence": 0.8},
          {"code": "990002", "label": "style-stable", "confidence": 0.9},
          {"code": "990999", "label": "style-rotation", "confidence": 0.7}]  # not in the fund list
CITE = re.compile(r"\[([^\]《]*)《([^》]+)》 · p\.(\d+)\]")


def _run(ctx, **inputs):
    return asyncio.run(graph.ainvoke(inputs, context=ctx))["proposal"]


@pytest.fixture(scope="module")
def extractive(sample_library):
    return _run(make_context(sample_library, engine="extractive"), fund_styles=STYLES)


def test_weights_sum_to_one_and_follow_the_rules(extractive):
    positions = extractive.positions
    assert sum(p.weight_bp for p in positions) == 10000
    assert math.fsum(p.weight for p in positions) == 1.0
    assert all(p.weight == p.weight_bp / 10000 for p in positions)
    timing = next(s for s in extractive.signals if s.name == "equity_timing")
    core = sum(p.weight_bp for p in positions if p.role == "core")
    assert (timing.direction, core) in (("long", 6000), ("flat", 7000))


def test_core_is_the_largest_a500_etf_plus_rotation_funds_only(extractive, sample_library):
    etfs = MarketData(sample_library.root / "mc", offline=True).etf_list()
    a500 = etfs[etfs["name"].str.contains("A500")].sort_values("market_cap", ascending=False)
    core = {p.code: p for p in extractive.positions if p.role == "core"}
    assert set(core) == {a500.iloc[0]["code"], "990001"}
    assert core["990001"].name == "样例成长价值轮动混合A"  # the fund list's name
    assert core[a500.iloc[0]["code"]].weight_bp == 2 * core["990001"].weight_bp
    assert any("990999" in n for n in extractive.notes) and any("990002" in n for n in extractive.notes)
    assert set(etfs["code"]) >= {p.code for p in extractive.positions if p.kind == "etf"}


def test_satellites_come_from_report_views_and_signals(extractive):
    satellites = {p.code: p for p in extractive.positions if p.role == "satellite"}
    semis = satellites["512480"]  # 海通证券 rates 半导体设备 增持
    view_ids = {v.report_id for v in extractive.industry_views if v.industry == "半导体" and v.stance == "positive"}
    assert set(semis.basis) == view_ids and view_ids
    size = next(s for s in extractive.signals if s.name == "size_view")
    assert size.direction == "small" and "size_view" in satellites["512100"].basis  # 中证1000ETF
    assert "512480" not in {p.code for p in extractive.positions if p.role == "core"}
    assert any("低空经济" in n and "没有" in n for n in extractive.notes)  # positive view, no ETF


def test_extractive_rationale_cites_real_pages_and_ends_with_risk_warnings(extractive, sample_library):
    text = "".join(s.text for s in extractive.rationale)
    assert "[信号：宏观择时]" in text and "[信号：大小盘]" in text
    cited = CITE.findall(text)
    assert cited, text
    titles = {r.title: r.report_id for r in sample_library.reports()}
    for _broker, title, page in cited:  # a person reads the PDF viewer's page: p.1 is page 0
        assert int(page) >= 1 and sample_library.page_text(titles[title], int(page) - 1)
    assert extractive.risk_warnings == list(RISK_WARNINGS)
    assert "随机性" in extractive.risk_warnings[3] and "模型风险" in extractive.risk_warnings[2]
    markdown = to_markdown(extractive)
    assert markdown.rstrip().endswith(RISK_WARNINGS[-1]) and "## 风险提示" in markdown
    assert extractive.engine == "extractive" and not extractive.partial
    assert any("样例" in n for n in extractive.notes)  # fixtures are samples, and the proposal says so


def test_backtest_reports_n_and_period(extractive):
    by_signal = {h.signal: h for h in extractive.backtest}
    assert set(by_signal) == {"equity_timing", "size_view", "growth_value_view"}
    for hit in by_signal.values():
        assert hit.n > 0 and hit.period is not None and hit.sample_data
        assert hit.hit_rate == round(hit.hits / hit.n, 4)


def _llm_proposal(sample_library, paragraphs, floor: float = 0.5):
    model = ScriptedChatModel(replies=[tool_reply("RationaleDraft", {"paragraphs": paragraphs})])
    ctx = make_context(sample_library, engine="llm", llm=LLMConfig(model="deepseek-chat"),
                       model_factory=lambda config, role: model, limits=Limits(verified_floor=floor))
    return _run(ctx, fund_styles=STYLES), model


def test_llm_weight_and_invented_fund_never_reach_the_output(sample_library, extractive):
    paragraphs = [
        {"topic": "大小盘", "text": "M1同比回升，小盘占优 [信号:size_view]。"},
        {"topic": "卫星仓位", "text": "建议配置 45% 的半导体ETF [信号:size_view]。"
                                   "另可关注样例科技先锋混合（990066），弹性更大 [信号:size_view]。"},
    ]
    proposal, model = _llm_proposal(sample_library, paragraphs, floor=0.3)  # 1 of 3 sentences checks out
    dumped = to_json(proposal) + to_markdown(proposal)
    assert "45%" not in dumped and "990066" not in dumped and "科技先锋" not in dumped
    assert [(p.code, p.weight_bp) for p in proposal.positions] == [(p.code, p.weight_bp) for p in extractive.positions]
    assert [(s.topic, s.text) for s in proposal.rationale] == [("大小盘", "M1同比回升，小盘占优 [信号：大小盘]。")]
    assert any("2 句未通过核验" in n for n in proposal.notes)
    assert proposal.engine == proposal.rationale_engine == "llm"
    assert proposal.prompt_versions["strategy_rationale"] == "1.0.0"
    prompt = model.received[0][-1].content
    assert "权重" in prompt and "[信号:size_view]" in prompt and "<material ref=\"R1\"" in prompt


def test_llm_rationale_entirely_rejected_falls_back_to_the_template(sample_library, extractive):
    proposal, _ = _llm_proposal(sample_library, [{"topic": "综合", "text": "建议把仓位提高到 95% [R9 p.1]。"}])
    assert [s.text for s in proposal.rationale] == [s.text for s in extractive.rationale]
    assert any("改用模板理由" in n for n in proposal.notes) and proposal.rationale_engine == "extractive"


def test_llm_rationale_below_the_verified_floor_falls_back_and_says_so(sample_library, extractive):
    paragraphs = [{"topic": "大小盘", "text": "M1同比回升，小盘占优 [信号:size_view]。"},
                  {"topic": "卫星仓位", "text": "建议配置 45% 的半导体ETF [信号:size_view]。另可关注 990066 [信号:size_view]。"}]
    proposal, _ = _llm_proposal(sample_library, paragraphs)  # 1 of 3 sentences: 33 % < 50 %
    assert [s.text for s in proposal.rationale] == [s.text for s in extractive.rationale]
    assert any("33%" in n and "TOUYAN_VERIFIED_FLOOR" in n for n in proposal.notes)
    assert proposal.engine == "llm" and proposal.rationale_engine == "extractive"


def test_llm_down_keeps_the_computed_allocation_with_the_template_rationale(sample_library, extractive):
    import httpx
    import openai

    refused = openai.APIConnectionError(request=httpx.Request("POST", "http://127.0.0.1:9/v1/chat/completions"))
    model = ScriptedChatModel(replies=[refused] * 3)  # the first try and two retries
    ctx = make_context(sample_library, engine="llm", llm=LLMConfig(model="deepseek-chat", base_url="http://127.0.0.1:9/v1"),
                       model_factory=lambda config, role: model)
    proposal = _run(ctx, fund_styles=STYLES)
    assert [(p.code, p.weight_bp) for p in proposal.positions] == [(p.code, p.weight_bp) for p in extractive.positions]
    assert [s.text for s in proposal.rationale] == [s.text for s in extractive.rationale]
    assert any("连不上 LLM 端点" in n and "OPENAI_BASE_URL" in n for n in proposal.notes)


def test_missing_macro_month_makes_a_partial_proposal(sample_library, tmp_path):
    fixtures = tmp_path / "fixtures"
    shutil.copytree(BUNDLED_FIXTURES, fixtures)
    money = fixtures / "money_supply.csv"
    lines = money.read_text(encoding="utf-8").splitlines()
    money.write_text("\n".join(line for line in lines if not line.startswith("2025年04月份")) + "\n", encoding="utf-8")
    ctx = make_context(sample_library, engine="extractive")
    ctx.shared._market = MarketData(tmp_path / "cache", offline=True, fixtures_dir=fixtures)
    proposal = _run(ctx)
    size = next(s for s in proposal.signals if s.name == "size_view")
    assert size.partial and size.missing_months == ("2025-04",)
    assert proposal.partial and any("2025-04" in n for n in proposal.notes)
    assert sum(p.weight_bp for p in proposal.positions) == 10000
    assert "2025-04" in to_markdown(proposal)


def test_strategy_cli_json_and_files(tmp_path):
    from typer.testing import CliRunner

    from tests.conftest import SAMPLES
    from touyan.cli import app

    home, out = tmp_path / "home", tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(app, ["--data-dir", str(home), "ingest", str(SAMPLES)]).exit_code == 0
    result = runner.invoke(app, ["--data-dir", str(home), "strategy", "--json", "--out", str(out),
                                 "--engine", "extractive", "--funds", "990001,990002"])
    assert result.exit_code == 0, result.output
    proposal = json.loads(result.stdout)
    positions = proposal["positions"]
    assert positions and all({"weight", "code", "name", "role", "reason"} <= set(p) for p in positions)
    assert math.fsum(p["weight"] for p in positions) == 1.0 and {p["role"] for p in positions} <= {"core", "satellite", "cash"}
    assert proposal["risk_warnings"][-1] == RISK_WARNINGS[-1]
    assert {p.name for p in out.iterdir()} == {"strategy.json", "strategy.md", "strategy.xlsx"}
    assert json.loads((out / "strategy.json").read_text(encoding="utf-8")) == proposal
    bad = runner.invoke(app, ["--data-dir", str(home), "strategy", "--funds", "12ab"])
    assert bad.exit_code != 0 and "6 位数字" in bad.output


def test_fund_codes_go_through_the_fund_style_agent(sample_library):
    from agents.fund_style import classify_funds

    ctx = make_context(sample_library, engine="extractive")
    codes = ["990001", "990002", "990003", "990004"]
    proposal = _run(ctx, fund_codes=codes)
    rotating = {r.code for r in asyncio.run(classify_funds(ctx, codes)) if r.label == "style-rotation"}
    assert rotating, "the sample funds include clear rotators"
    assert {p.code for p in proposal.positions if p.kind == "fund"} == rotating
    assert [f.code for f in proposal.funds] == codes
    assert sum(p.weight_bp for p in proposal.positions) == 10000
