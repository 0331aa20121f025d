"""The runner through the real graphs on the sample corpus: the committed baselines reproduce,
replay needs no network, and a deliberately broken prompt is caught by the gate."""

from __future__ import annotations

import asyncio
import json
import re
import shutil

import pytest
from typer.testing import CliRunner

from agents.llm.client import make_chat_model
from agents.llm.config import LLMConfig
from evals.compare import compare_runs
from evals.env import EvalEnv
from evals.items import load_suite
from evals.record_standin import BASELINE as LLM_BASELINE, STANDIN_MODEL
from evals.runner import RunOptions, run_items, run_meta
from evals.runs import Run, load_run, write_run
from evals.thresholds import load_thresholds
from prompts import PROMPTS_DIR
from tests.conftest import make_context
from tests.support.openai_server import OpenAIServer
from tests.support.openai_wire import Reply, requested_tool
from tests.support.report_reader import ReportReader

EXTRACTIVE_BASELINE = LLM_BASELINE.parent / "extractive"
LLM_ITEMS = ["summary-catl-citic", "summary-solidstate-sample", "aggregation-catl-pair"]


def _run(items, sample_library, options, **kw) -> Run:
    ctx = make_context(sample_library, llm=kw.pop("llm", LLMConfig(model=STANDIN_MODEL)),
                       prompts_dir=kw.pop("prompts_dir", None))
    env = EvalEnv(sample_library, dict(sample_library.sample_ids))
    records = asyncio.run(run_items(items, ctx, env, options, **kw))
    return Run(run_meta("test", items, ctx, options), records)


def _compare(base_path, run: Run):
    return compare_runs(load_run(base_path), run, load_thresholds(), allow_subset=True)


def test_extractive_smoke_reproduces_the_committed_baseline(sample_library):
    run = _run(load_suite("smoke"), sample_library, RunOptions(engine="extractive", concurrency=2))
    from evals.solvers import SOLVERS

    assert all(r.status == "ok" for r in run.records) and {r.task for r in run.records} == set(SOLVERS)
    assert all(r.tokens == 0 and r.latency_s > 0 and r.output for r in run.records)
    result = _compare(EXTRACTIVE_BASELINE, run)
    assert result.passed, ("the extractive engine no longer reproduces evals/baselines/extractive; if the change is "
                           "intended, re-run and promote it (evals/README.md): "
                           f"{[r.metric for r in result.regressions] + result.hard_failures}")


def test_llm_replay_needs_no_model_and_matches_its_baseline(sample_library):
    items = [i for i in load_suite("pipeline-snapshot") if i.id in LLM_ITEMS]
    run = _run(items, sample_library, RunOptions(engine="llm", cache_mode="replay"))  # no inner model at all
    stale = [r.error for r in run.records if r.status != "ok"]
    assert not stale, ("what the summarizer sends the model changed, so the recorded responses no longer match; "
                       f"re-record: python -m evals.record_standin (evals/README.md). {stale}")
    assert all(r.cache["hits"] > 0 and r.cache["calls"] == 0 for r in run.records)
    assert all(r.tokens > 0 for r in run.records)  # recorded usage comes back with the responses
    assert _compare(LLM_BASELINE, run).passed


# --- a deliberately broken prompt -------------------------------------------------------------------
BROKEN_RULE = "页码从 1 开始计数（封面为第 1 页）"


def broken_prompts(tmp_path):
    """A plausible edit: someone "clarifies" page numbering and gets it wrong (the corpus is 0-based)."""
    folder = tmp_path / "prompts"
    shutil.copytree(PROMPTS_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    path = folder / "summarize_report.md"
    text = path.read_text(encoding="utf-8")
    edited = text.replace("version: 1.1.0", "version: 1.2.0").replace("每句句末带 [page::N]。",
                                                                      f"每句句末带 [page::N]，{BROKEN_RULE}。")
    assert edited != text and BROKEN_RULE in edited
    path.write_text(edited, encoding="utf-8")
    return folder


def _shift(draft: dict) -> dict:
    """What a model that obeys the broken rule writes: every page number one higher."""
    draft["summary"] = re.sub(r"\[page::(\d+)\]", lambda m: f"[page::{int(m.group(1)) + 1}]", draft["summary"])
    for point in draft["core_arguments"] + draft["risks"]:
        point["pages"] = [p + 1 for p in point["pages"]]
    views = draft["views"]
    for key in ("rating_page", "target_price_page"):
        views[key] = None if views[key] is None else views[key] + 1
    for row in views["eps_forecasts"]:
        row["page"] = None if row["page"] is None else row["page"] + 1
    return draft


def obedient_standin(body: dict) -> Reply:
    """The recorded stand-in, except that it follows the page-numbering rule when a prompt states it."""
    prompt = next((m["content"] for m in reversed(body["messages"]) if m["role"] == "user"), "")
    if requested_tool(body) == "SummaryDraft" and BROKEN_RULE in prompt:
        return Reply.tool_call("SummaryDraft", json.dumps(_shift(ReportReader().draft(prompt)), ensure_ascii=False))
    return ReportReader()(body)


@pytest.fixture(scope="module")
def standin_server():
    with OpenAIServer(obedient_standin, model=STANDIN_MODEL) as server:
        yield server


def _live(sample_library, server, prompts_dir=None) -> Run:
    items = [i for i in load_suite("pipeline-snapshot") if i.id in LLM_ITEMS]
    llm = LLMConfig(model=STANDIN_MODEL, base_url=server.base_url, max_retries=0)
    return _run(items, sample_library, RunOptions(engine="llm", cache_mode="off"), llm=llm, prompts_dir=prompts_dir,
                inner=make_chat_model)


def test_the_unbroken_prompt_against_the_live_standin_passes(sample_library, standin_server):
    run = _live(sample_library, standin_server)
    assert all(r.cache["calls"] > 0 for r in run.records)  # really called the server
    result = _compare(LLM_BASELINE, run)
    assert result.passed, [(r.metric, r.base, r.run) for r in result.regressions]


def test_a_broken_prompt_that_the_model_follows_fails_the_gate(sample_library, standin_server, tmp_path):
    run = _live(sample_library, standin_server, prompts_dir=broken_prompts(tmp_path))
    assert all(r.status == "ok" for r in run.records)
    result = _compare(LLM_BASELINE, run)
    regressed = {r.metric for r in result.regressions}
    assert {"summary.citation_support", "summary.number_fidelity"} <= regressed, regressed
    assert "summary-catl-citic" in {c.id for c in result.items}
    # and through the CLI: exit code 1
    write_run(tmp_path / "broken-run", run.meta, run.records)
    outcome = CliRunner().invoke(__import__("touyan.cli", fromlist=["app"]).app,
                                 ["--data-dir", str(tmp_path / "home"), "eval", "compare", str(LLM_BASELINE),
                                  str(tmp_path / "broken-run"), "--subset", "--report", str(tmp_path / "r.md")])
    assert outcome.exit_code == 1
    assert "summary.citation_support" in (tmp_path / "r.md").read_text(encoding="utf-8")


def test_a_broken_prompt_misses_the_replay_cache_and_names_the_item(sample_library, tmp_path):
    items = [i for i in load_suite("pipeline-snapshot") if i.id in LLM_ITEMS[:1]]
    run = _run(items, sample_library, RunOptions(engine="llm", cache_mode="replay"), prompts_dir=broken_prompts(tmp_path))
    (record,) = run.records
    assert record.status == "error" and "CacheMiss" in record.error and "summary-catl-citic" in record.error
    assert not _compare(LLM_BASELINE, run).passed


def test_optional_judge_adds_rubric_scores(sample_library):
    from tests.support.fake_chat import ScriptedChatModel, tool_reply

    judge = ScriptedChatModel(model_name="judge-model", replies=[
        tool_reply("JudgeVerdict", {"faithfulness": 5, "coverage": 3, "reasons": "覆盖不全"})])
    items = [i for i in load_suite("summary") if i.id == "summary-moutai-gjzq"]
    run = _run(items, sample_library, RunOptions(engine="extractive", cache_mode="off", judge=True),
               inner=lambda config, role: judge)
    (record,) = run.records
    assert record.scores["judge_faithfulness"] == 1.0 and record.scores["judge_coverage"] == 0.5
    assert "评审：覆盖不全" in record.notes and record.llm_calls == 1
    prompt = judge.received[0][-1].content
    assert "贵州茅台" in prompt and "<summary>" in prompt  # the rubric saw the report and the summary


def test_cli_run_on_an_external_dataset_and_corpus(tmp_path):
    from evals.converters.ratings_csv import convert
    from touyan.cli import app

    name = "20250401_国金证券_贵州茅台2024年报点评稳健增长穿越周期.pdf"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PROMPTS_DIR.parent / "data" / "samples" / "reports" / name, corpus / name)
    table = tmp_path / "ratings.csv"
    table.write_text("file,rating,target_price,eps_2024A,eps_2025E,eps_2026E,eps_2027E\n"
                     f"{name},买入,1870,68.65,74.84,80.41,86.39\n", encoding="utf-8")
    dataset = convert(table, tmp_path / "external.jsonl", source="测试")
    outcome = CliRunner().invoke(app, ["--data-dir", str(tmp_path / "home"), "eval", "run", "--suite", str(dataset),
                                       "--corpus", str(corpus), "--out", str(tmp_path / "run"), "--concurrency", "1"])
    assert outcome.exit_code == 0, outcome.output
    meta = load_run(tmp_path / "run").meta
    assert meta["metrics"]["summary.number_fidelity"] == 1.0 and meta["engine"] == "extractive"
    missing = CliRunner().invoke(app, ["--data-dir", str(tmp_path / "home"), "eval", "run", "--suite", "no-such-suite",
                                       "--out", str(tmp_path / "x")])
    assert missing.exit_code == 2 and "no-such-suite" in missing.output
