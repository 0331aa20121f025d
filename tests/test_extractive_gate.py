"""The extractive engine's CI gate (`python -m benchmarks.extractive_rouge --check`, run by `make eval`): floors
from issue 13 in evals/thresholds.yaml, and a gate that fails when a worse engine takes the real one's place.

The end-to-end tests run the gate on the report-split documents kept in the repository (the bundled samples and
the layout corpus, 16 scored), with the document-count floor lowered to fit; `make eval` runs it on the whole
split."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from agents.summarize.models import CitedPoint, SummaryDraft
from benchmarks import extractive_rouge as bench
from evals.thresholds import load_extractive_gates
from tools.extractive.select import Budget, lead, select_summary

REPO = Path(__file__).resolve().parents[1]
GATES = load_extractive_gates()


def test_committed_floors_are_the_issues():
    assert GATES.split == "report"
    assert GATES.min_ratio == {"lead": 1.25, "random": 1.25}
    assert GATES.ci_low_above == 1.0
    assert GATES.length_tolerance == pytest.approx(0.30)
    assert GATES.min_within_budget == 1.0
    assert GATES.max_repeated_sentences == 0
    assert GATES.min_documents >= 30


def test_a_missing_or_incomplete_section_is_an_error_not_a_pass(tmp_path):
    path = tmp_path / "thresholds.yaml"
    path.write_text("hard_gates: {}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="没有 extractive 门槛"):
        load_extractive_gates(path)
    path.write_text("extractive:\n  split: report\n  min_ratio: {lead: 1.25}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="不完整"):
        load_extractive_gates(path)


def _split(lead=(1.6, 1.3, 1.9), random=(1.3, 1.1, 1.5), n=35, within=35) -> dict:
    return {"n": n, "ratios": {"lead": list(lead), "random": list(random), "textrank": [0.9, 0.8, 1.0]},
            "within_budget": within}


DRAFTS = {"repeated_sentences": 0, "ranked": 170, "ranked_within_budget": 170}


def test_gate_failures_name_each_floor_missed():
    assert bench.gate_failures(_split(), DRAFTS, GATES) == []  # TextRank is reported, not gated
    assert bench.gate_failures(_split(random=(1.24, 1.1, 1.4)), DRAFTS, GATES) == ["engine/random = 1.240 < 1.25"]
    assert bench.gate_failures(_split(lead=(1.3, 1.0, 1.6)), DRAFTS, GATES) == ["engine/lead 的 95% 区间下界 1.000 ≤ 1"]
    assert "引擎摘要长度在预算 ±30% 内 34/35" in bench.gate_failures(_split(within=34), DRAFTS, GATES)[0]
    assert bench.gate_failures(_split(), DRAFTS | {"ranked_within_budget": 169}, GATES)[0].startswith("草稿的排序摘要")
    assert bench.gate_failures(_split(), DRAFTS | {"repeated_sentences": 1}, GATES) == ["跨栏目重复句 1 > 0"]
    assert bench.gate_failures(_split(n=12), DRAFTS, GATES) == ["report 集只有 12 篇可评，少于 30 篇"]


def test_repeats_count_a_sentence_another_section_already_holds():
    summary = "公司储能出货量同比增长80%。[page::2]我们维持买入评级。[page::3]"
    repeated = SummaryDraft(subject="x", summary=summary,
                            core_arguments=[CitedPoint(text="公司储能出货量同比增长80%", pages=[2]),
                                            CitedPoint(text="海外收入占比提升至40%。", pages=[4])],
                            risks=[CitedPoint(text="海外收入占比提升至40%，", pages=[4])])
    assert bench._repeats(repeated) == 2
    assert bench._repeats(repeated.model_copy(update={"core_arguments": [], "risks": []})) == 0


@pytest.fixture(scope="module")
def repo_report_docs():
    from tools.documents import iter_document_paths, load_document

    paths = [*iter_document_paths([REPO / "data" / "samples" / "reports"]),
             *sorted((REPO / "data" / "layout_corpus").glob("*.pdf"))]
    docs = [(p.name, [(page.number, page.text) for page in load_document(p).pages]) for p in paths
            if bench.split_of(p.name) == "report"]
    assert len(docs) >= 15
    return docs


@pytest.fixture(scope="module")
def small_gates():
    return dataclasses.replace(GATES, min_documents=10, resamples=500)


def _check(docs, gates, capsys) -> tuple[int, str]:
    try:
        bench.check(docs, Budget(), gates)
        code = 0
    except SystemExit as stop:
        code = stop.code
    return code, capsys.readouterr().out


def test_the_engine_passes_and_lead_in_its_place_fails(repo_report_docs, small_gates, capsys, monkeypatch):
    code, out = _check(repo_report_docs, small_gates, capsys)
    assert code == 0, out
    assert "抽取式引擎门槛全部达到" in out
    monkeypatch.setattr(bench, "select_summary", lambda body, limit, **_: lead(body, limit))
    code, out = _check(repo_report_docs, small_gates, capsys)
    assert code == 1
    assert "未达门槛：engine/lead = 1.000 < 1.25" in out and "未达门槛：engine/random" in out


def test_an_engine_that_overruns_its_budget_fails(repo_report_docs, small_gates, capsys, monkeypatch):
    monkeypatch.setattr(bench, "draft_checks", lambda docs, gates: DRAFTS)  # the drafts are not what changed
    monkeypatch.setattr(bench, "select_summary", lambda body, limit, **_: select_summary(body, int(1.6 * limit)))
    code, out = _check(repo_report_docs, small_gates, capsys)
    assert code == 1
    assert "未达门槛：引擎摘要长度在预算 ±30% 内" in out


def test_a_draft_that_repeats_its_summary_fails(repo_report_docs, small_gates, capsys, monkeypatch):
    import agents.summarize.extractive as extractive

    real = extractive.extractive_draft

    def repeating(pages, meta, **kwargs):
        draft = real(pages, meta, **kwargs)
        first = CitedPoint(text=draft.summary.split("[page::")[0], pages=[0])
        return draft.model_copy(update={"risks": [first]})

    monkeypatch.setattr(extractive, "extractive_draft", repeating)
    drafts = bench.draft_checks(repo_report_docs, small_gates)
    assert drafts["repeated_sentences"] >= len(repo_report_docs)  # both paths of every document
    assert "跨栏目重复句" in bench.gate_failures(_split(), drafts, small_gates)[0]
