"""Batch summarization throughput as a fraction of the limit the concurrency sets.

    python -m benchmarks.summarize_throughput [--reports 24] [--concurrency 1 4 8] [--repeats 3]
                                              [--ttft 0.5] [--tps 50] [--out benchmarks/results/summarize.md | -]

`agents.summarize.batch.summarize_batch` (engine llm, the real ChatOpenAI client) over N reports
against the local OpenAI-compatible test server answering with `ReportReader`, in a child process
(a remote LLM does not share our GIL). Batch concurrency and `LLMConfig.max_concurrency` are both C.
Ideal wall at C = calls x mean call latency of the C=1 run of the same repetition / C;
fraction = ideal / achieved wall. Ingest, imports, jieba and tiktoken loading happen before timing.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.summarize_setup import (REPO, SAMPLES, build_library, llm_context, machine_line,  # noqa: F401
                                        server_process, write_section)
RESULTS_FILE = REPO / "benchmarks" / "results" / "summarize.md"
SLOTS = ("server latency", "client overhead in call", "head (before the first call)",
         "gaps (between calls, work left)", "tail (no report left to start)")


@dataclass
class Run:
    concurrency: int
    wall_s: float
    spans: list[tuple[float, float, float]]  # client-side (start, end, server's modelled latency) per call
    statuses: dict[str, int]
    gate_peak: int
    server_peak: int
    t0: float
    t_end: float

    @property
    def calls(self) -> int:
        return len(self.spans)

    @property
    def mean_latency(self) -> float:
        return statistics.mean(end - start for start, end, _ in self.spans)

    def slot_seconds(self) -> dict[str, float]:
        """C x wall split into: modelled server latency, client overhead in calls, and idle slots."""
        c, starts = self.concurrency, sorted(s for s, _, _ in self.spans)
        in_call = sum(end - start for start, end, _ in self.spans)
        server = sum(m for _, _, m in self.spans)
        values = (server, in_call - server, c * (starts[0] - self.t0), self._idle(starts[0], starts[-1]),
                  self._idle(starts[-1], self.t_end))
        return dict(zip(SLOTS, values))

    def _idle(self, a: float, b: float) -> float:
        busy = sum(max(0.0, min(end, b) - max(start, a)) for start, end, _ in self.spans)
        return self.concurrency * (b - a) - busy


class Timeline:
    """A model_factory: the production ChatOpenAI, plus a callback recording each call's client-side span."""

    def __init__(self, ttft_s: float, tokens_per_s: float) -> None:
        from langchain_core.callbacks import BaseCallbackHandler

        self.spans: list[tuple[float, float, float]] = []
        self.models: dict = {}
        started: dict = {}
        spans = self.spans

        class Clock(BaseCallbackHandler):
            run_inline = True  # on the event loop, so the clock reads when the loop sees the event

            def on_chat_model_start(self, serialized, messages, *, run_id, **kw):
                started[run_id] = time.perf_counter()

            def on_llm_end(self, response, *, run_id, **kw):
                usage = response.generations[0][0].message.usage_metadata or {}
                spans.append((started.pop(run_id), time.perf_counter(),
                              ttft_s + usage.get("output_tokens", 0) / tokens_per_s))

        self.handler = Clock()

    def __call__(self, config, role):
        from agents.llm.client import make_chat_model

        key = (role, id(asyncio.get_running_loop()))
        if key not in self.models:
            self.models[key] = make_chat_model(config, role)
            self.models[key].callbacks = [self.handler]
        return self.models[key]

    async def close(self) -> None:
        """Close the HTTP clients inside their loop (else they are collected after it closed, noisily)."""
        for model in self.models.values():
            await model.root_async_client.close()
        self.models.clear()


def run_batch(library, reports, base_url: str, peak, concurrency: int, ttft_s: float, tps: float) -> Run:
    from agents.summarize.batch import summarize_batch
    from agents.summarize.outputs import OutputFolder

    timeline = Timeline(ttft_s, tps)
    ctx = llm_context(library, base_url, concurrency, model_factory=timeline)
    peak()  # reset the server's count

    async def batch(folder: OutputFolder):
        try:
            results = await summarize_batch(ctx, reports, folder, concurrency=concurrency)
            return results, time.perf_counter()
        finally:
            await timeline.close()

    with tempfile.TemporaryDirectory(prefix="bench-sum-out-") as out:
        t0 = time.perf_counter()
        results, t_end = asyncio.run(batch(OutputFolder(Path(out))))
    counts: dict[str, int] = {}
    for item in results:
        counts[item.status] = counts.get(item.status, 0) + 1
    return Run(concurrency, t_end - t0, timeline.spans, counts, ctx.gate.peak, peak(), t0, t_end)


def cold_caches() -> None:
    """Empty the text caches (jieba cuts, citation n-grams) so a run pays for text like a batch of new reports."""
    import tools.citations
    import tools.text

    for cached in (tools.text._cut, tools.citations._ngrams, tools.citations._figure_index):
        cached.cache_clear()


def stage_costs(library, reports) -> dict[str, float]:
    """Median ms per report of the pipeline's non-LLM stages, run one by one outside the batch (cold caches)."""
    from langchain_core.utils.function_calling import convert_to_openai_tool

    from agents.context import Limits
    from agents.llm.client import make_chat_model
    from agents.llm.config import LLMConfig
    from agents.summarize.graph import build_graph
    from agents.summarize.models import ReportMeta, SummaryDraft
    from agents.summarize.outputs import OutputFolder
    from agents.summarize.verify import build_summary
    from tests.support.report_reader import ReportReader
    from tools.report_material import build_material
    from tools.tokens import count_tokens

    times: dict[str, list[float]] = {}
    UNUSED_URL = "http://127.0.0.1:9/v1"  # construction only: nothing is sent

    def timed(name, fn, *args):
        started = time.perf_counter()
        value = fn(*args)
        times.setdefault(name, []).append(1000 * (time.perf_counter() - started))
        return value

    with tempfile.TemporaryDirectory(prefix="bench-sum-stage-") as out:
        folder = OutputFolder(Path(out))
        for report_id, _ in reports:
            cold_caches()
            timed("build_graph (once per batch)", build_graph)
            timed("ChatOpenAI construction (once per batch)", make_chat_model, LLMConfig(base_url=UNUSED_URL))
            timed("tool schema for bind_tools (per call)", convert_to_openai_tool, SummaryDraft)
            record, pages = timed("load_report (catalog)",
                                  lambda: (library.report(report_id), library.pages(report_id)))
            timed("plan_llm (tiktoken count)", lambda: sum(count_tokens(t) for _, t in pages))
            material = timed("build_material (clean, rank)", build_material, pages, Limits().context_tokens)
            draft = SummaryDraft.model_validate(ReportReader().draft(material.text))
            summary = timed("verify_draft (citations)", build_summary, draft, pages, ReportMeta.of(record))
            timed("save (.json + .md)", folder.save, summary, {})
    return {name: statistics.median(values) for name, values in times.items()}


@dataclass
class Result:
    reports: int
    ttft_s: float
    tps: float
    cold_start_s: float
    stages_ms: dict[str, float] = field(default_factory=dict)
    runs: list[list[Run]] = field(default_factory=list)  # one list per repetition, in run order

    def by_c(self, c: int) -> list[tuple[Run, float, float]]:
        """(run, ideal wall, fraction) per repetition at concurrency c; the ideal uses that repetition's C=1 run."""
        out = []
        for rep in self.runs:
            base = next(r for r in rep if r.concurrency == 1)
            run = next(r for r in rep if r.concurrency == c)
            ideal = run.calls * base.mean_latency / c
            out.append((run, ideal, ideal / run.wall_s))
        return out


def measure(reports_n: int, levels: list[int], repeats: int, ttft_s: float, tps: float) -> Result:
    from tools.text import warm_up
    from tools.tokens import count_tokens

    with tempfile.TemporaryDirectory(prefix="bench-sum-lib-") as root, server_process(ttft_s, tps) as (url, peak):
        library, reports = build_library(Path(root) / "library", reports_n + 1)
        warm_up()
        count_tokens("预热")
        warm = run_batch(library, reports[-1:], url, peak, 1, ttft_s, tps)  # imports, graph, first client
        result = Result(reports_n, ttft_s, tps, warm.wall_s - sum(e - s for s, e, _ in warm.spans))
        for i in range(repeats):
            rep = []
            for c in levels:  # alternate: 1, 4, 8, 1, 4, 8, ...
                cold_caches()
                rep.append(run_batch(library, reports[:reports_n], url, peak, c, ttft_s, tps))
                print(f"[throughput] rep {i + 1}/{repeats} C={c}: {rep[-1].wall_s:.1f} s, {rep[-1].calls} calls",
                      file=sys.stderr)
            result.runs.append(rep)
        result.stages_ms = stage_costs(library, reports[:reports_n])
        library.close()
    return result


def to_markdown(res: Result, levels: list[int]) -> str:
    lines = [
        "## Batch throughput (benchmarks/summarize_throughput.py)", "", machine_line(), "",
        f"`summarize_batch`, engine llm, real `ChatOpenAI` (non-streaming) → local test server in a child process "
        f"(`ReportReader`, ttft {res.ttft_s:g} s, {res.tps:g} tokens/s). {res.reports} reports (the sample reports in "
        "order, then in-memory copies of them under new report_ids), default `Limits`, ingested before timing; "
        "one untimed warm-up report first. Batch concurrency = `max_concurrency` = C. "
        f"{len(res.runs)} repetitions, C alternating within each; ideal wall = calls × mean call latency "
        "(C=1 run of the same repetition) / C. "
        "*Without the tail* = ideal / (wall − tail slot-seconds / C): the end-of-batch tail set aside; "
        "a longer batch tends toward it.", "",
        "| C | calls | wall s (median) | ideal s (median) | mean call latency s | **achieved/ideal** (median) | "
        "min–max | without the tail | peak in flight (gate / server) | statuses |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    medians = {}
    for c in levels:
        rows = res.by_c(c)
        fractions = [f for _, _, f in rows]
        medians[c] = mid = sorted(rows, key=lambda row: row[2])[len(rows) // 2][0]
        lines.append(
            f"| {c} | {mid.calls} | {statistics.median(r.wall_s for r, _, _ in rows):.1f} | "
            f"{statistics.median(i for _, i, _ in rows):.1f} | "
            f"{statistics.median(r.mean_latency for r, _, _ in rows):.2f} | "
            f"**{statistics.median(fractions):.3f}** | {min(fractions):.3f}–{max(fractions):.3f} | "
            f"{statistics.median(i / (r.wall_s - r.slot_seconds()[SLOTS[-1]] / c) for r, i, _ in rows):.3f} | "
            f"{max(r.gate_peak for r, _, _ in rows)} / {max(r.server_peak for r, _, _ in rows)} | "
            f"{', '.join(f'{k} {v}' for k, v in sorted(mid.statuses.items()))} |")
    lines += ["", "Where the slot-time goes (C × wall of the median repetition = 100 %):", "",
              "| C | " + " | ".join(SLOTS) + " |", "|---:|" + "---:|" * len(SLOTS)]
    for c, run in medians.items():
        total = run.concurrency * run.wall_s
        lines.append(f"| {c} | " + " | ".join(f"{100 * v / total:.1f} %" for v in run.slot_seconds().values()) + " |")
    lines += ["", "Non-LLM work per report, each stage timed alone outside the batch (median ms; text caches "
              "emptied before each report). It runs inside a report's slot, before and after its call: "
              "the head and the gaps above.", "", "| stage | ms |", "|---|---:|"]
    lines += [f"| {name} | {ms:.1f} |" for name, ms in res.stages_ms.items()]
    lines += ["", f"Cold start (once per process, excluded above): {res.cold_start_s:.1f} s of non-LLM time in the "
              "one-report warm-up batch (langchain-openai import, graph compile, first HTTP client).", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=24)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 8])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--ttft", type=float, default=0.5)
    parser.add_argument("--tps", type=float, default=50.0)
    parser.add_argument("--out", default=str(RESULTS_FILE),
                        help="results file whose throughput section is replaced; '-' prints only")
    args = parser.parse_args(argv)
    levels = [1] + [c for c in dict.fromkeys(args.concurrency) if c != 1]  # C=1 gives the ideal's latency
    text = to_markdown(measure(args.reports, levels, max(1, args.repeats), args.ttft, args.tps), levels)
    print(text)
    if args.out != "-":
        write_section(Path(args.out), "throughput", text)


if __name__ == "__main__":
    main()
