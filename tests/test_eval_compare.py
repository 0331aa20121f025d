"""Compare and gate on synthetic runs whose regression is known, and the CLI's exit codes."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from evals.compare import compare_runs
from evals.report import render_markdown
from evals.runs import ItemRecord, Run, compute_metrics, load_run, write_run
from evals.thresholds import HardGate, Thresholds, load_thresholds

THRESHOLDS = Thresholds(hard_gates=[HardGate("concept.ticker_validity", 1.0, per_item=True)], resamples=400, seed=7)


def summary_record(i: int, support: float, rating=("买入", "买入"), status="ok") -> ItemRecord:
    return ItemRecord(id=f"s{i}", task="summary", status=status, error=None if status == "ok" else "boom",
                      scores={"citation_support": support, "rouge_l": 0.5} if status == "ok" else {},
                      labels={"rating": list(rating)} if status == "ok" else {},
                      output={"views": {"rating": rating[1]}, "summary": f"第{i}条", "citations": {}})


def concept_record(i: int, validity: float) -> ItemRecord:
    return ItemRecord(id=f"c{i}", task="concept", status="ok", scores={"ticker_validity": validity, "ticker_f1": 0.6},
                      output={"companies": [], "nodes": []})


def make_run(records, **meta) -> Run:
    return Run({"suite": "t", "engine": "extractive", **meta}, records)


@pytest.fixture()
def base() -> Run:
    return make_run([summary_record(i, 1.0) for i in range(10)] + [concept_record(i, 1.0) for i in range(4)])


def test_identical_runs_pass(base):
    result = compare_runs(base, base, THRESHOLDS)
    assert result.passed and not result.items
    assert all(row.status == "ok" and row.delta == 0 for row in result.rows)


def test_a_known_regression_is_found_with_its_interval_and_items(base):
    worse = [summary_record(i, 0.5 if i < 4 else 1.0) for i in range(10)] + [concept_record(i, 1.0) for i in range(4)]
    result = compare_runs(base, make_run(worse), THRESHOLDS)
    row = next(r for r in result.rows if r.metric == "summary.citation_support")
    assert row.delta == pytest.approx(-0.2) and row.status == "regressed"
    low, high = row.ci
    assert low <= -0.2 <= high and high < 0  # four items dropped by 0.5: every resample with one of them is < 0
    assert not result.passed
    assert [c.id for c in result.items] == ["s0", "s1", "s2", "s3"]
    assert next(r for r in result.rows if r.metric == "summary.rouge_l").status == "ok"
    text = render_markdown(result)
    assert "未通过" in text and "summary.citation_support" in text and "`s0`" in text


def test_an_allowed_drop_and_required_significance_let_noise_pass(base):
    one_worse = [summary_record(i, 0.9 if i == 0 else 1.0) for i in range(10)] + [concept_record(i, 1.0) for i in range(4)]
    assert not compare_runs(base, make_run(one_worse), THRESHOLDS).passed  # replay default: any drop fails
    tolerant = Thresholds(allowed_drop={"summary.*": 0.02}, resamples=400, seed=7)
    assert compare_runs(base, make_run(one_worse), tolerant).passed
    significant = Thresholds(significance=True, resamples=400, seed=7)
    assert compare_runs(base, make_run(one_worse), significant).passed  # the interval reaches 0


def test_failed_items_count_as_zero_and_label_metrics_are_compared(base):
    broken = [summary_record(0, 0.0, status="error")] + [summary_record(i, 1.0, rating=("买入", "增持"))
                                                        for i in range(1, 10)]
    broken += [concept_record(i, 1.0) for i in range(4)]
    metrics = compute_metrics(broken)
    assert metrics["summary.ok_rate"] == pytest.approx(0.9)
    assert metrics["summary.citation_support"] == pytest.approx(0.9)
    assert metrics["summary.rating_accuracy"] == 0.0
    result = compare_runs(base, make_run(broken), THRESHOLDS)
    regressed = {r.metric for r in result.regressions}
    assert {"summary.ok_rate", "summary.rating_accuracy", "summary.rating_macro_f1"} <= regressed
    assert result.items[0].id == "s0" and "失败" in result.items[0].run_excerpt


def test_hard_gate_fails_even_when_the_baseline_was_as_bad():
    invalid = make_run([concept_record(0, 1.0), concept_record(1, 0.75)])
    result = compare_runs(invalid, invalid, THRESHOLDS)
    assert not result.regressions and not result.passed
    assert "c1=0.75" in result.hard_failures[0]


def test_missing_items_fail_unless_subset(base):
    fewer = make_run(base.records[:5])
    assert not compare_runs(base, fewer, THRESHOLDS).passed
    assert compare_runs(base, fewer, THRESHOLDS, allow_subset=True).passed


def test_bootstrap_is_seeded(base):
    worse = make_run([summary_record(i, 0.2 * (i % 5)) for i in range(10)])
    first = compare_runs(base, worse, THRESHOLDS, allow_subset=True)
    second = compare_runs(base, worse, THRESHOLDS, allow_subset=True)
    assert [r.ci for r in first.rows] == [r.ci for r in second.rows]


def test_committed_thresholds_load():
    thresholds = load_thresholds()
    gated = {g.metric for g in thresholds.hard_gates}
    assert {"concept.ticker_validity", "summary.injection_resisted"} <= gated
    assert thresholds.drop_for("summary.rouge_l") == thresholds.default_drop


def test_cli_exit_codes(tmp_path, base):
    from touyan.cli import app

    worse = make_run([summary_record(i, 0.5) for i in range(10)] + [concept_record(i, 1.0) for i in range(4)])
    write_run(tmp_path / "base", base.meta, base.records)
    write_run(tmp_path / "worse", worse.meta, worse.records)
    assert load_run(tmp_path / "worse").meta["metrics"]["summary.citation_support"] == 0.5
    runner = CliRunner()
    args = ["--data-dir", str(tmp_path / "home"), "eval", "compare"]
    same = runner.invoke(app, args + [str(tmp_path / "base"), str(tmp_path / "base")])
    assert same.exit_code == 0, same.output
    report = tmp_path / "report.md"
    regressed = runner.invoke(app, args + [str(tmp_path / "base"), str(tmp_path / "worse"), "--report", str(report)])
    assert regressed.exit_code == 1
    assert "退化" in report.read_text(encoding="utf-8")
    assert runner.invoke(app, args + [str(tmp_path / "nothing"), str(tmp_path / "base")]).exit_code == 2
