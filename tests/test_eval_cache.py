"""The response cache: stable keys, record then replay through the real structured-output path,
and a replay miss that names the item. The inner model is a scripted fake (no LLM reachable here)."""

from __future__ import annotations

import asyncio
import json

import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage

from agents.llm.config import LLMConfig
from agents.llm.structured import invoke_structured
from agents.llm.usage import UsageTracker
from agents.summarize.models import ReportViews
from evals.cache import CacheMiss, CacheStats, ResponseCache, cached_model_factory, request_key
from evals.runs import load_run
from tests.support.fake_chat import ScriptedChatModel, tool_reply

MESSAGES = [SystemMessage("你是研究助理。"), HumanMessage("请提取评级。")]
PARAMS = {"temperature": 0.0, "tool_choice": "ReportViews", "tools": [{"type": "function", "function": {"name": "ReportViews"}}]}
VERSIONS = {"summarize_report": "1.0.0", "summarize_system": "1.0.0"}


def test_request_key_is_stable_and_sensitive_to_what_decides_the_answer():
    key = request_key("deepseek-chat", MESSAGES, PARAMS, VERSIONS)
    # Pinned: a change here silently invalidates every committed replay entry; bump KEY_VERSION and re-record.
    assert key == "e09329dddfebbb1da66727965226028babad4bf37849b5578c3ca1469b59cf5b"  # KEY_VERSION 2
    assert key == request_key("deepseek-chat", list(MESSAGES), dict(reversed(list(PARAMS.items()))),
                              dict(reversed(list(VERSIONS.items()))))  # order of dict keys does not matter
    changed = [
        request_key("qwen-plus", MESSAGES, PARAMS, VERSIONS),
        request_key("deepseek-chat", [*MESSAGES[:1], HumanMessage("请提取目标价。")], PARAMS, VERSIONS),
        request_key("deepseek-chat", MESSAGES, {**PARAMS, "temperature": 0.7}, VERSIONS),
        request_key("deepseek-chat", MESSAGES, {**PARAMS, "tool_choice": "PageNotes"}, VERSIONS),
        request_key("deepseek-chat", MESSAGES, PARAMS, {**VERSIONS, "summarize_report": "1.0.1"}),
    ]
    assert len({key, *changed}) == 6


def test_tool_call_ids_do_not_change_the_key():
    def history(call_id):
        reply = AIMessage("", tool_calls=[{"name": "ReportViews", "args": {"rating": "买入"}, "id": call_id}])
        return [*MESSAGES, reply, ToolMessage("参数校验失败", tool_call_id=call_id, status="error")]

    assert request_key("m", history("call_1"), PARAMS, VERSIONS) == request_key("m", history("call_9"), PARAMS, VERSIONS)


def _ask(factory, usage):
    model = factory(LLMConfig(model="deepseek-chat"), "default")
    return asyncio.run(invoke_structured(model, ReportViews, MESSAGES, usage=usage))


def test_record_then_replay_through_structured_output(tmp_path):
    cache = ResponseCache(tmp_path / "cache")
    fake = ScriptedChatModel(replies=[tool_reply("ReportViews", {"rating": "买入", "target_price": 320.0},
                                                 input_tokens=1000, output_tokens=50)])
    stats = CacheStats()
    record = cached_model_factory(cache, "record", item_id="summary-x", prompt_versions=VERSIONS, stats=stats,
                                  inner=lambda config, role: fake)
    usage = UsageTracker()
    first = _ask(record, usage)
    assert first.rating == "买入" and stats.calls == 1 and len(cache.keys()) == 1
    sent = fake.call_kwargs[0]
    assert sent["tool_choice"] == "ReportViews" and [t["function"]["name"] for t in sent["tools"]] == ["ReportViews"]
    entry = json.loads(next((tmp_path / "cache").glob("*/*.json")).read_text(encoding="utf-8"))
    assert entry["request"]["model"] == "deepseek-chat" and entry["request"]["tools"] == ["ReportViews"]

    replay_stats = CacheStats()
    replay = cached_model_factory(cache, "replay", item_id="summary-x", prompt_versions=VERSIONS, stats=replay_stats)
    replay_usage = UsageTracker()
    again = _ask(replay, replay_usage)
    assert again == first and replay_stats.hits == 1 and replay_stats.calls == 0
    assert replay_usage.totals().input_tokens == 1000  # recorded usage is replayed, so cost is comparable
    assert len(fake.received) == 1  # the inner model was not called again


def test_a_replay_miss_names_the_item(tmp_path):
    stats = CacheStats()
    replay = cached_model_factory(ResponseCache(tmp_path), "replay", item_id="summary-catl-citic",
                                  prompt_versions=VERSIONS, stats=stats)
    with pytest.raises(CacheMiss, match="summary-catl-citic"):
        _ask(replay, UsageTracker())
    assert stats.misses == 1


def test_off_mode_calls_every_time_and_stores_nothing(tmp_path):
    fake = ScriptedChatModel(replies=[tool_reply("ReportViews", {"rating": "增持"}) for _ in range(2)])
    stats = CacheStats()
    off = cached_model_factory(ResponseCache(tmp_path), "off", item_id="i", prompt_versions={}, stats=stats,
                               inner=lambda config, role: fake)
    _ask(off, UsageTracker())
    _ask(off, UsageTracker())
    assert stats.calls == 2 and not list(tmp_path.rglob("*.json"))


def test_committed_cache_holds_every_response_the_llm_baseline_used():
    from evals.cache import CACHE_DIR
    from evals.items import suite_defaults
    from evals.record_standin import BASELINE, STANDIN_MODEL

    used = {k for r in load_run(BASELINE).records for k in r.cache_keys}
    assert used and used <= ResponseCache(CACHE_DIR).keys()
    assert suite_defaults("pipeline-snapshot") == {"engine": "llm", "model": STANDIN_MODEL, "provider": "generic",
                                                   "cache_dir": "snapshots"}  # the keys were recorded under these
