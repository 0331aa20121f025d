"""Tokens per report: our summarization pipeline against a naive stuff-the-whole-report prompt.

    python -m benchmarks.summarize_tokens [--context 1200 1600 2400 full] [--map-groups 3000 6000 12000]
                                          [--out benchmarks/results/summarize.md | -]

Both go through the real ChatOpenAI client to the local test server answering with `ReportReader`,
a deterministic stand-in that quotes the pages it was sent: citation coverage here measures whether
the material still holds citable content, not model quality. Ours = `summarize_batch` (engine llm)
at each `Limits.context_tokens`; naive = one `invoke_structured` call with every page's extracted
text (page-tagged by `format_pages`, same system and summarize_report prompts, same tool schema),
its draft checked by the same `build_summary`. Tokens: the server's usage (prompt + completion, its
rough count) and tiktoken cl100k over the request texts. Two synthetic reports made of the samples'
pages show the paths no 3–6-page sample reaches: medium (condensed into one call) and long (map-reduce).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from benchmarks.summarize_throughput import (RESULTS_FILE, Timeline, build_library, llm_context, machine_line,
                                             write_section)

FULL = 10**9  # context_tokens that never condenses
_REPORT_BLOCK = re.compile(r"<report>\n?(.*?)\n?</report>", re.S)
NAIVE_NOTE = "以下为研报全文（逐页原文，未做删减）。"


@dataclass(frozen=True)
class Measured:
    mode: str  # naive, full, condensed, map-reduce
    calls: int
    prompt: int  # server usage
    completion: int
    cl100k_prompt: int  # every message's text + the tools JSON
    cl100k_report: int  # the part inside <report>…</report>
    sentences: int  # summary sentences + points checked
    verified: int
    pages_cited: int  # distinct pages cited by the verified summary + points
    page_count: int

    @property
    def total(self) -> int:
        return self.prompt + self.completion


def _cl100k(bodies: list[dict]) -> tuple[int, int]:
    from tools.tokens import count_tokens

    prompt = report = 0
    for body in bodies:
        for message in body["messages"]:
            text = message.get("content") or ""
            prompt += count_tokens(text if isinstance(text, str) else json.dumps(text, ensure_ascii=False))
            report += sum(count_tokens(block) for block in _REPORT_BLOCK.findall(text if isinstance(text, str) else ""))
        prompt += count_tokens(json.dumps(body.get("tools", []), ensure_ascii=False))
    return prompt, report


def measured(mode: str, summary, usage, bodies: list[dict]) -> Measured:
    from tools.citations import parse_cited_sentences

    cited = {p for s in parse_cited_sentences(summary.summary) for p in s.pages}
    cited |= {p for point in summary.core_arguments + summary.risks for p in point.pages}
    prompt, report = _cl100k(bodies)
    return Measured(mode, usage.calls, usage.input_tokens, usage.output_tokens, prompt, report,
                    summary.citations.sentences, summary.citations.verified,
                    len(cited & set(range(summary.page_count))), summary.page_count)


async def run_naive(library, report_id: str, model) -> tuple:
    from langchain_core.messages import HumanMessage, SystemMessage

    from agents.llm.structured import invoke_structured
    from agents.llm.usage import UsageTracker
    from agents.summarize.models import ReportMeta, SummaryDraft
    from agents.summarize.verify import build_summary
    from prompts import load_prompt
    from tools.report_material import format_pages

    record, pages = library.report(report_id), library.pages(report_id)
    prompt = load_prompt("summarize_report").render(
        title=record.title or "（无标题）", broker=record.broker or "未知券商", date=record.date or "未知",
        page_count=record.page_count, material_note=NAIVE_NOTE, material=format_pages(pages))
    usage = UsageTracker()
    draft = await invoke_structured(model, SummaryDraft, [SystemMessage(load_prompt("summarize_system").render()),
                                                          HumanMessage(prompt)], usage=usage, role="reduce")
    return build_summary(draft, pages, ReportMeta.of(record)), usage.totals()


def ours_mode(pages, limits) -> str:
    from tools.report_material import build_material
    from tools.tokens import count_tokens

    if sum(count_tokens(t) for _, t in pages) > limits.stuff_max_tokens:
        return "map-reduce"
    return build_material(pages, limits.context_tokens).mode


async def measure_report(library, server, models, report: tuple[str, str], variants: dict) -> dict[str, Measured]:
    """{"naive": …, label: … for each Limits variant}: one call at a time, requests sliced from the server's log."""
    from agents.summarize.batch import summarize_batch
    from agents.summarize.outputs import OutputFolder

    report_id, source = report
    before = len(server.chat_requests)
    summary, usage = await run_naive(library, report_id, models(llm_context(library, server.base_url, 1).llm, "reduce"))
    row = {"naive": measured("naive", summary, usage, [r.body for r in server.chat_requests[before:]])}
    for label, limits in variants.items():
        ctx = llm_context(library, server.base_url, 1, limits, model_factory=models)
        before = len(server.chat_requests)
        with tempfile.TemporaryDirectory(prefix="bench-tok-out-") as out:
            [item] = await summarize_batch(ctx, [report], OutputFolder(Path(out)), concurrency=1)
        if item.status != "done":
            raise RuntimeError(f"{source}: {item.status} {item.reason}")
        row[label] = measured(ours_mode(library.pages(report_id), limits), item.summary, ctx.usage.totals(),
                              [r.body for r in server.chat_requests[before:]])
    return row


async def measure_all(library, server, jobs: list[tuple[tuple[str, str], dict]]) -> list[dict[str, Measured]]:
    models = Timeline(0.0, float("inf"))  # the production ChatOpenAI, one per role, closed at the end
    try:
        return [await measure_report(library, server, models, report, variants) for report, variants in jobs]
    finally:
        await models.close()


def add_synthetic(library, name: str, pages: list[str], max_tokens: int | None) -> tuple[str, str]:
    """`pages` (the samples' pages, in order) as one report, up to `max_tokens` cl100k tokens of page text."""
    from tools.documents import Document, Page
    from tools.tokens import count_tokens

    texts, used = [], 0
    for text in pages:
        used += count_tokens(text)
        if max_tokens is not None and used > max_tokens:
            break
        texts.append(text)
    doc = Document(source=Path(f"{name}.txt"), kind="txt", title=name, broker="示例证券", date="2025-04-30",
                   report_id=hashlib.sha256("\f".join(texts).encode()).hexdigest()[:16], tickers=(),
                   pages=tuple(Page(i, t) for i, t in enumerate(texts)))
    return library.ingest(doc).report_id, str(doc.source)


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "—"


def _share(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f} %)" if b else "0/0"


def _sum(rows: list[Measured], name: str) -> int:
    return sum(getattr(m, name) for m in rows)


def _variant_table(row: dict[str, Measured]) -> list[str]:
    n = row["naive"]
    lines = ["| setting | mode | calls | server tok | **ours/naive server** | cl100k prompt | ours/naive cl100k | "
             "verified sentences | pages cited |", "|---|---|---:|---:|---:|---:|---:|---|---|"]
    for label, m in row.items():
        lines.append(f"| {label} | {m.mode} | {m.calls} | {m.total} | **{_ratio(m.total, n.total)}** | "
                     f"{m.cl100k_prompt} | {_ratio(m.cl100k_prompt, n.cl100k_prompt)} | "
                     f"{_share(m.verified, m.sentences)} | {_share(m.pages_cited, m.page_count)} |")
    return lines


def to_markdown(rows: dict[str, dict[str, Measured]], contexts: list[str], default: str, medium: dict[str, Measured],
                long: dict[str, Measured]) -> str:
    naive = [row["naive"] for row in rows.values()]
    fixed = (_sum(naive, "cl100k_prompt") - _sum(naive, "cl100k_report")) / max(1, _sum(naive, "calls"))
    lines = [
        "## Tokens per report vs. a naive whole-report prompt (benchmarks/summarize_tokens.py)", "", machine_line(), "",
        "Both through the real `ChatOpenAI` to the local test server. **The reader is a deterministic stand-in** "
        "(`tests/support/report_reader.py`: it quotes the first long sentence of each page it was sent, up to 5 "
        "pages, plus up to 3 map notes, and regex-extracts the views), so citation coverage measures whether the "
        "material still holds citable content, not model quality. Naive = one call with every page's extracted "
        "text, page-tagged the same way, same system + summarize_report prompts and tool schema; its draft checked "
        "by the same `build_summary`. *server* = the test server's usage, prompt + completion (its rough count: one "
        "token per CJK character). *cl100k* = tiktoken over the request's message texts + tools JSON. *report "
        f"text* = cl100k tokens inside `<report>…</report>`. Fixed cost per call, the same on both sides: "
        f"≈{fixed:.0f} cl100k prompt tokens (system prompt, template, tool schema) plus the completion. "
        "*verified sentences* = `ReportSummary.citations` verified / checked (summary sentences + core arguments + "
        "risks); *pages cited* = distinct pages cited by what survived verification / the report's pages.", "",
        f"### Per sample report at the default `context_tokens={default}`", "",
        "| report | pages | ours: mode | naive server tok | ours server tok | **ours/naive** | naive cl100k prompt | "
        "ours cl100k prompt | ours/naive cl100k | verified sentences naive → ours | pages cited naive → ours |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for name, row in rows.items():
        n, o = row["naive"], row[default]
        lines.append(f"| {name} | {n.page_count} | {o.mode} | {n.total} | {o.total} | **{_ratio(o.total, n.total)}** "
                     f"| {n.cl100k_prompt} | {o.cl100k_prompt} | {_ratio(o.cl100k_prompt, n.cl100k_prompt)} | "
                     f"{_share(n.verified, n.sentences)} → {_share(o.verified, o.sentences)} | "
                     f"{_share(n.pages_cited, n.page_count)} → {_share(o.pages_cited, o.page_count)} |")
    lines += ["", f"### Trade-off: `Limits.context_tokens` over the {len(rows)} sample reports "
              "(sums; ratios of sums)", "",
              "| context_tokens | condensed reports | server tok | **ours/naive server** | cl100k prompt | ours/naive "
              "cl100k | ours/naive report text | verified sentences | pages cited |",
              "|---|---:|---:|---:|---:|---:|---:|---|---|"]
    for label in ["naive", *contexts]:
        ours = [row[label] for row in rows.values()]
        lines.append(
            f"| {label}{' (default)' if label == default else ''} | "
            f"{'—' if label == 'naive' else sum(m.mode == 'condensed' for m in ours)} | "
            f"{_sum(ours, 'total')} | **{_ratio(_sum(ours, 'total'), _sum(naive, 'total'))}** | "
            f"{_sum(ours, 'cl100k_prompt')} | {_ratio(_sum(ours, 'cl100k_prompt'), _sum(naive, 'cl100k_prompt'))} | "
            f"{_ratio(_sum(ours, 'cl100k_report'), _sum(naive, 'cl100k_report'))} | "
            f"{_share(_sum(ours, 'verified'), _sum(ours, 'sentences'))} | "
            f"{_share(_sum(ours, 'pages_cited'), _sum(ours, 'page_count'))} |")
    for title, row, what in (
            ("Synthetic medium report: sample pages concatenated up to the map-reduce threshold", medium,
             "condensed into one call (context_tokens < text ≤ stuff_max_tokens)"),
            ("Synthetic long report: every sample page in one document", long,
             "map-reduce (text > stuff_max_tokens); the rows vary `map_group_tokens`, the last one turns "
             "map-reduce off")):
        n = row["naive"]
        lines += ["", f"### {title} ({n.page_count} pages, {n.cl100k_report} cl100k tokens of text)", "",
                  f"Path: {what}. The stand-in quotes at most 5 pages (+3 notes), so page coverage here is bounded by "
                  "it, not by the material.", "", *_variant_table(row)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    from agents.context import Limits
    from tests.support.openai_server import OpenAIServer
    from tests.support.report_reader import ReportReader

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--context", nargs="+", default=["1200", "1600", "2400", "full"],
                        help="Limits.context_tokens values; 'full' never condenses")
    parser.add_argument("--map-groups", nargs="+", type=int, default=[3000, 6000, 12000],
                        help="Limits.map_group_tokens values for the synthetic long report")
    parser.add_argument("--out", default=str(RESULTS_FILE),
                        help="results file whose tokens section is replaced; '-' prints only")
    args = parser.parse_args(argv)
    base = Limits()
    default = "full" if base.context_tokens >= FULL else str(base.context_tokens)
    labels = list(dict.fromkeys([*args.context, default]))
    contexts = {c: replace(base, context_tokens=FULL if c == "full" else int(c)) for c in labels}
    groups = {f"map_group_tokens={g}{' (default)' if g == base.map_group_tokens else ''}":
              replace(base, map_group_tokens=g) for g in args.map_groups}
    groups["stuff_max_tokens=10^9 (no map-reduce: condensed to context_tokens)"] = replace(base, stuff_max_tokens=FULL)
    with tempfile.TemporaryDirectory(prefix="bench-tok-lib-") as root, OpenAIServer(ReportReader()) as server:
        library, reports = build_library(Path(root) / "library")
        pages = [text for rid, _ in reports for _, text in library.pages(rid)]
        medium = add_synthetic(library, "合成中篇报告_样本拼接", pages, base.stuff_max_tokens - 1000)
        long = add_synthetic(library, "合成长报告_全部样本拼接", pages, None)
        named = {f"context_tokens={c}{' (default)' if c == default else ''}": v for c, v in contexts.items()}
        jobs = [(r, contexts) for r in reports] + [(medium, named), (long, groups)]
        measured_rows = asyncio.run(measure_all(library, server, jobs))
        library.close()
    rows = {Path(src).stem[:24]: row for (_, src), row in zip(reports, measured_rows)}
    text = to_markdown(rows, labels, default, measured_rows[-2], measured_rows[-1])
    print(text)
    if args.out != "-":
        write_section(Path(args.out), "tokens", text)


if __name__ == "__main__":
    main()
