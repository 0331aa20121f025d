"""invoke_structured with a scripted chat model: parsing, re-ask, failure, budget, usage."""

from __future__ import annotations

import json

import pytest
from langchain_core.messages import HumanMessage, SystemMessage, ToolMessage
from pydantic import BaseModel, Field

from agents.llm.prices import ModelPrice
from agents.llm.structured import StructuredOutputError, invoke_structured
from agents.llm.usage import BudgetExceeded, UsageTracker
from tests.support.fake_chat import ScriptedChatModel, invalid_tool_reply, text_reply, tool_reply


class RatingView(BaseModel):
    """一份研报的评级与目标价"""

    rating: str = Field(description="投资评级")
    target_price: float = Field(gt=0, description="目标价（元）")


PROMPT = [SystemMessage("你是研究助理"), HumanMessage("请读取评级：公司代号 ZX-PROMPT-MARKER")]
GOOD = {"rating": "买入", "target_price": 32.5}
PRICES = {"fake-model": ModelPrice(input_cny=2.0, output_cny=3.0, input_usd=0.28, output_usd=0.42)}


async def test_valid_tool_call_gives_the_model_and_forces_the_tool():
    model = ScriptedChatModel(replies=[tool_reply("RatingView", GOOD)])
    result = await invoke_structured(model, RatingView, PROMPT)
    assert result == RatingView(rating="买入", target_price=32.5)
    kwargs = model.call_kwargs[0]
    assert kwargs["tool_choice"] == "RatingView"
    assert [t["function"]["name"] for t in kwargs["tools"]] == ["RatingView"]
    assert model.received[0] == PROMPT


async def test_arguments_encoded_twice_are_unwrapped_without_a_reask():
    model = ScriptedChatModel(replies=[invalid_tool_reply("RatingView", json.dumps(json.dumps(GOOD)))])
    assert await invoke_structured(model, RatingView, PROMPT) == RatingView(**GOOD)
    assert len(model.received) == 1


async def test_fenced_arguments_are_unwrapped():
    fenced = "```json\n" + json.dumps(GOOD, ensure_ascii=False) + "\n```"
    model = ScriptedChatModel(replies=[invalid_tool_reply("RatingView", fenced)])
    assert await invoke_structured(model, RatingView, PROMPT) == RatingView(**GOOD)


async def test_json_object_in_content_instead_of_a_tool_call_is_accepted():
    content = "好的，结果如下：\n```json\n" + json.dumps(GOOD, ensure_ascii=False) + "\n```"
    model = ScriptedChatModel(replies=[text_reply(content)])
    assert await invoke_structured(model, RatingView, PROMPT) == RatingView(**GOOD)
    assert len(model.received) == 1


async def test_invalid_output_is_reasked_with_the_error_then_accepted():
    bad = tool_reply("RatingView", {"rating": "买入", "target_price": -1}, call_id="call_bad")
    model = ScriptedChatModel(replies=[bad, tool_reply("RatingView", GOOD)])
    usage = UsageTracker(PRICES)
    result = await invoke_structured(model, RatingView, PROMPT, usage=usage)
    assert result.target_price == 32.5
    second = model.received[1]
    assert second[:-1] == PROMPT  # the original request, not a growing history with the bad turn in it
    fix = second[-1]
    assert isinstance(fix, HumanMessage) and "RatingView" in fix.content and "target_price" in fix.content
    assert usage.totals().calls == 2  # the failed attempt is paid for too


async def test_text_without_json_is_reasked_without_a_tool_message():
    model = ScriptedChatModel(replies=[text_reply("我认为评级是买入"), tool_reply("RatingView", GOOD)])
    assert await invoke_structured(model, RatingView, PROMPT) == RatingView(**GOOD)
    second = model.received[1]
    assert not any(isinstance(m, ToolMessage) for m in second)
    assert isinstance(second[-1], HumanMessage) and "RatingView" in second[-1].content


async def test_invalid_twice_fails_loudly_naming_schema_and_error_but_not_the_prompt():
    model = ScriptedChatModel(replies=[
        tool_reply("RatingView", {"rating": "买入"}),
        invalid_tool_reply("RatingView", '{"rating": "买入", "target_price": '),
    ])
    usage = UsageTracker(PRICES)
    with pytest.raises(StructuredOutputError) as caught:
        await invoke_structured(model, RatingView, PROMPT, usage=usage)
    err = caught.value
    assert err.schema_name == "RatingView" and err.attempts == 2
    assert "RatingView" in str(err) and "JSON" in str(err)
    assert "ZX-PROMPT-MARKER" not in str(err)
    assert usage.totals().calls == 2


async def test_validation_errors_do_not_echo_the_offending_values():
    leaky = {"rating": "买入", "target_price": "VALUE-SHOULD-NOT-LEAK"}
    model = ScriptedChatModel(replies=[tool_reply("RatingView", leaky)])
    with pytest.raises(StructuredOutputError) as caught:
        await invoke_structured(model, RatingView, PROMPT, reasks=0)
    assert "target_price" in str(caught.value)
    assert "VALUE-SHOULD-NOT-LEAK" not in str(caught.value)
    assert len(model.received) == 1


async def test_spent_budget_stops_before_the_call():
    usage = UsageTracker(PRICES, budget_tokens=500)
    usage.record("fake-model", 400, 100)
    model = ScriptedChatModel(replies=[tool_reply("RatingView", GOOD)])
    with pytest.raises(BudgetExceeded, match="500"):
        await invoke_structured(model, RatingView, PROMPT, usage=usage)
    assert model.received == []


async def test_budget_spent_by_a_failed_attempt_stops_the_reask():
    usage = UsageTracker(PRICES, budget_tokens=150)
    model = ScriptedChatModel(replies=[
        tool_reply("RatingView", {"rating": "买入"}, input_tokens=100, output_tokens=60),
        tool_reply("RatingView", GOOD),
    ])
    with pytest.raises(BudgetExceeded):
        await invoke_structured(model, RatingView, PROMPT, usage=usage)
    assert len(model.received) == 1
    assert usage.used_tokens == 160


async def test_usage_is_recorded_per_call_with_role_and_cost():
    usage = UsageTracker(PRICES)
    model = ScriptedChatModel(replies=[tool_reply("RatingView", GOOD, input_tokens=1000, output_tokens=200)])
    await invoke_structured(model, RatingView, PROMPT, usage=usage, role="map")
    (record,) = usage.records
    assert (record.model, record.role, record.input_tokens, record.output_tokens) == ("fake-model", "map", 1000, 200)
    assert record.cost_cny == pytest.approx((1000 * 2.0 + 200 * 3.0) / 1e6)
    assert record.latency_s >= 0


async def test_model_errors_propagate_unchanged():
    model = ScriptedChatModel(replies=[ConnectionError("endpoint down")])
    with pytest.raises(ConnectionError, match="endpoint down"):
        await invoke_structured(model, RatingView, PROMPT)
