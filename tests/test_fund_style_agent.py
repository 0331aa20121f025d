"""The fund-style agent on the sample fixtures, with both engines, and on bad input."""

from __future__ import annotations

import asyncio
import re
import shutil

import pytest

from agents.context import Context, LibrarySpec, SharedResources
from agents.fund_style.batch import classify_fund, classify_funds
from agents.fund_style.nodes import UnknownFund
from agents.llm.config import LLMConfig
from tests.support.fake_chat import ScriptedChatModel, tool_reply
from tools.market_data.fixtures import BUNDLED_FIXTURES


def _context(tmp_path, engine="extractive", model=None, market=None) -> Context:
    shared = SharedResources()
    if market is not None:
        shared._market = market
    return Context(data_dir=tmp_path, library=LibrarySpec(tmp_path / "library"), engine=engine, shared=shared,
                   llm=LLMConfig(model="deepseek-chat"), model_factory=(lambda config, role: model) if model else None)


def _run(ctx, code, years=None):
    return asyncio.run(classify_fund(ctx, code, years))


def _commentary(messages) -> str:
    return re.search(r"<commentary>\n(.*)\n</commentary>", messages[-1].content, re.S).group(1)


def _sentence_with(text: str, word: str) -> str:
    return next(s for s in re.split(r"[。\n]", text) if word in s)


def style_model(rotation: str, cue: str, invented: str = "我们每天都满仓追涨杀跌。") -> ScriptedChatModel:
    """A model that reads any commentary as `rotation`, quoting the sentence with `cue` plus an invented one."""
    def reply(messages):
        text = _commentary(messages)
        evidence = [{"aspect": "rotation", "quote": _sentence_with(text, cue)}, {"aspect": "timing", "quote": invented}]
        return tool_reply("StyleIntentDraft", {"rotation": rotation, "growth_value": "unclear", "size": "unclear",
                                               "timing": "active", "evidence": evidence})
    return ScriptedChatModel(replies=[reply] * 10, model_name="deepseek-chat")


def test_rotating_and_stable_funds_with_the_lexicon_engine(tmp_path):
    ctx = _context(tmp_path)
    rotating, stable = _run(ctx, "990001"), _run(ctx, "990002")
    assert rotating.label == "style-rotation" and rotating.status == "ok"
    assert rotating.stated.rotation == "rotating" and rotating.growth_value_tilt == "switching"
    assert rotating.metrics.mean_magnitude > 0.5 and rotating.disagreements == []
    assert stable.label == "style-stable" and stable.stated.rotation == "staying"
    assert stable.metrics.mean_magnitude < 1e-6 and stable.growth_value_tilt == "value"
    assert stable.confidence > 0.8 and rotating.confidence > 0.8  # numbers and words agree, far from thresholds
    assert rotating.sample_data and any("样例" in n for n in rotating.notes)
    for result in (rotating, stable):  # every quote shown is in a commentary text
        for quote in result.qualitative_evidence:
            assert quote.text in open(quote.source, encoding="utf-8").read()


def test_words_that_contradict_the_holdings_are_shown(tmp_path):
    result = _run(_context(tmp_path), "990007")  # says it rotates; its holdings barely change
    assert result.label == "style-stable" and result.stated.rotation == "rotating"
    assert len(result.disagreements) == 1 and "自述会进行风格轮动" in result.disagreements[0]
    assert f"{result.metrics.mean_magnitude:.3f}" in result.disagreements[0]
    assert result.confidence < 0.5


def test_llm_engine_labels_and_drops_invented_quotes(tmp_path):
    model = style_model("rotating", "轮动")
    result = _run(_context(tmp_path, "llm", model), "990001")
    assert result.label == "style-rotation" and result.engine == "llm"
    assert len(model.received) == 3  # one call per commentary period
    assert all(r.dropped_quotes == ["我们每天都满仓追涨杀跌。"] for r in result.readings)
    assert all(r.timing == "unclear" for r in result.readings)  # its only quote was invented
    assert all(q.aspect == "rotation" for q in result.qualitative_evidence)
    assert result.prompt_versions == {"analyst_system": "1.0.0", "fund_commentary": "1.0.0"}
    assert model.call_kwargs[0]["tool_choice"] == "StyleIntentDraft"
    system, human = model.received[0][:2]
    assert "证券研究助理" in system.content and "本次任务：style" in human.content


def test_llm_engine_stable_fund_and_a_model_that_claims_the_opposite(tmp_path):
    stable = _run(_context(tmp_path, "llm", style_model("staying", "长期持有")), "990002")
    assert stable.label == "style-stable" and stable.stated.rotation == "staying" and not stable.disagreements
    # A model that calls the stable fund "rotating" (quoting a real sentence): the numbers keep the label,
    # and the contradiction is written out with the quote and the computed magnitude.
    claims = _run(_context(tmp_path, "llm", style_model("rotating", "持")), "990002")
    assert claims.label == "style-stable"
    assert claims.disagreements and "持仓显示风格稳定" in claims.disagreements[0]


def test_unknown_and_malformed_codes(tmp_path):
    ctx = _context(tmp_path)
    with pytest.raises(UnknownFund, match="不在基金列表中"):
        _run(ctx, "999999")
    with pytest.raises(UnknownFund, match="6 位数字"):
        _run(ctx, "abc")
    results = asyncio.run(classify_funds(ctx, ["990002", "999999"]))
    assert [r.status for r in results] == ["ok", "error"] and "999999" in results[1].error


def test_bond_fund_is_a_partial_result_not_a_crash(tmp_path):
    result = _run(_context(tmp_path), "990004")
    assert result.status == "partial" and result.label == "undetermined" and result.metrics is None
    assert any("没有股票持仓" in n for n in result.notes)


def test_fof_gets_its_fund_selection_reading(tmp_path):
    result = _run(_context(tmp_path), "990005")
    assert result.status == "partial" and result.label == "undetermined"
    assert [r.stresses_fund_selection for r in result.fund_selection] == [True, True, False]


@pytest.fixture()
def trimmed_market(tmp_path):
    """Bundled fixtures with 990006 cut to one quarter of 2025 and one stock's valuation removed."""
    from tools.market_data import MarketData

    root = tmp_path / "fixtures"
    shutil.copytree(BUNDLED_FIXTURES, root)
    path = root / "fund_holdings" / "990006_2025.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0]] + [line for line in lines[1:] if "1季度" in line]) + "\n", encoding="utf-8")
    (root / "stock_valuation" / "600276.csv").unlink()  # 恒瑞医药, the largest holding of 990006
    return MarketData(tmp_path / "cache", offline=True, fixtures_dir=root)


def test_single_period_and_missing_attributes_are_labelled_partial(tmp_path, trimmed_market):
    ctx = _context(tmp_path, market=trimmed_market)
    single = _run(ctx, "990006", years=[2025])
    assert single.status == "partial" and single.metrics.steps == []
    assert any("只有一个报告期" in n for n in single.notes)
    assert single.label == "style-stable" and single.confidence == 0.3  # words only ("坚守…成长赛道")
    assert any("600276" in n for n in single.notes)
    period = single.metrics.periods[0]
    assert period.size_coverage < 1.0 and period.size is not None
    both = _run(ctx, "990006", years=[2024, 2025])
    assert both.metrics.steps and both.status == "partial"  # computed, but on known weights only


def test_package_exports_classify_funds_for_other_agents_and_chat(tmp_path):
    import importlib

    from agents.fund_style.chat import classify_fund_style
    from agents.supervisor.models import ClassifyFundStyle

    # The strategy agent loads the entry point this way.
    classify = getattr(importlib.import_module("agents.fund_style"), "classify_funds")
    ctx = _context(tmp_path)
    results = asyncio.run(classify(ctx, ["990001", "990002", "990003"]))
    rotation = [r.code for r in results if r.label == "style-rotation"]
    assert rotation == ["990001", "990003"]
    text, artifacts = asyncio.run(classify_fund_style(ctx, ClassifyFundStyle(codes=["990007", "000000"])))
    assert "风格稳定型" in text and "⚠" in text and "不在基金列表中" in text
    assert [f.status for f in artifacts.funds] == ["ok", "error"]
