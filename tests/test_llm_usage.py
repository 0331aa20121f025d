"""UsageTracker arithmetic, price lookup, budget and thread safety; JSON unwrapping."""

from __future__ import annotations

import json
import threading

import pytest
from langchain_core.messages import AIMessage

from agents.llm.json_repair import extract_json_object
from agents.llm.prices import DEFAULT_PRICES, ModelPrice
from agents.llm.usage import BudgetExceeded, UsageTracker, find_price

PRICE = ModelPrice(input_cny=2.0, output_cny=3.0, input_usd=0.28, output_usd=0.42)


def test_cost_follows_the_price_per_million_tokens():
    tracker = UsageTracker({"m": PRICE})
    record = tracker.record("m", 1_000_000, 500_000, 1.5, "reduce")
    assert record.cost_cny == pytest.approx(2.0 + 1.5)
    assert record.cost_usd == pytest.approx(0.28 + 0.21)
    tracker.record("m", 2_000, 1_000)
    totals = tracker.totals()
    assert (totals.calls, totals.input_tokens, totals.output_tokens) == (2, 1_002_000, 501_000)
    assert totals.total_tokens == 1_503_000
    assert totals.cost_cny == pytest.approx(3.5 + (2_000 * 2.0 + 1_000 * 3.0) / 1e6)


def test_unknown_model_costs_nothing_and_is_flagged_unpriced():
    tracker = UsageTracker({"m": PRICE})
    record = tracker.record("mystery-llm", 1000, 1000)
    assert not record.priced and record.cost_cny == 0.0 and record.cost_usd == 0.0
    assert tracker.totals().unpriced_models == ("mystery-llm",)


def test_dated_snapshots_take_the_longest_priced_prefix():
    assert find_price(DEFAULT_PRICES, "gpt-4o-mini-2024-07-18") is DEFAULT_PRICES["gpt-4o-mini"]
    assert find_price(DEFAULT_PRICES, "gpt-4o-2024-11-20") is DEFAULT_PRICES["gpt-4o"]
    assert find_price(DEFAULT_PRICES, "qwen-plus-latest") is DEFAULT_PRICES["qwen-plus"]
    assert find_price(DEFAULT_PRICES, "gpt-4") is None


def test_default_price_table_covers_the_named_models():
    expected = {"deepseek-chat", "deepseek-reasoner", "qwen-plus", "qwen-max", "qwen-turbo", "gpt-4o-mini", "gpt-4o"}
    assert expected <= set(DEFAULT_PRICES)
    for price in DEFAULT_PRICES.values():
        assert price.output_cny >= price.input_cny > 0 and price.output_usd >= price.input_usd > 0


def test_record_message_reads_usage_metadata_and_flags_missing_usage():
    tracker = UsageTracker({"m": PRICE})
    with_usage = AIMessage(content="x", usage_metadata={"input_tokens": 30, "output_tokens": 7, "total_tokens": 37})
    assert tracker.record_message("m", with_usage).total_tokens == 37
    assert not tracker.record_message("m", AIMessage(content="y")).usage_reported
    assert tracker.totals().calls_without_usage == 1


def test_budget_raises_once_spent_with_a_clear_message():
    tracker = UsageTracker({"m": PRICE}, budget_tokens=1000)
    tracker.record("m", 600, 300)
    tracker.check_budget()
    assert tracker.remaining_tokens() == 100
    tracker.record("m", 80, 20)
    with pytest.raises(BudgetExceeded, match=r"1000 tokens used of a budget of 1000") as caught:
        tracker.check_budget()
    assert (caught.value.used_tokens, caught.value.budget_tokens) == (1000, 1000)


def test_scoped_tracker_counts_in_its_parent_and_obeys_the_parent_budget():
    run = UsageTracker({"m": PRICE}, budget_tokens=500)
    report_a, report_b = run.scoped(), run.scoped()
    report_a.record("m", 200, 100)
    report_b.record("m", 150, 50)
    assert report_a.totals().total_tokens == 300 and report_b.totals().total_tokens == 200
    assert run.totals().total_tokens == 500
    with pytest.raises(BudgetExceeded):
        report_b.check_budget()


def test_tracker_is_thread_safe():
    tracker = UsageTracker({"m": PRICE})

    def work() -> None:
        for _ in range(500):
            tracker.record("m", 3, 2)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    totals = tracker.totals()
    assert (totals.calls, totals.input_tokens, totals.output_tokens) == (4000, 12_000, 8_000)


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1}',
        json.dumps(json.dumps({"a": 1})),
        '```json\n{"a": 1}\n```',
        '结果：{"a": 1}。',
        '[{"a": 1}]',
    ],
)
def test_extract_json_object_unwraps_common_wrappings(text):
    assert extract_json_object(text) == {"a": 1}


@pytest.mark.parametrize("text", ["", "买入", "[1, 2]", '{"a": ', "42", '"just a string"'])
def test_extract_json_object_finds_nothing_where_there_is_no_object(text):
    assert extract_json_object(text) is None
