"""Record the pipeline snapshots (the llm engine's replay cache from the deterministic stand-in) and
their baseline. These are not a model's answers: they pin the pipeline around the model.

    .venv/bin/python -m evals.record_standin --out out/eval/snap-new                # re-record evals/snapshots/
    .venv/bin/touyan eval compare pipeline-snapshot out/eval/snap-new               # what changed
    .venv/bin/touyan eval baseline out/eval/snap-new --name pipeline-snapshot       # accept it

The stand-in is tests/support/report_reader.py behind the local OpenAI-compatible test server
(tests/support/openai_server.py): it answers summarization tool calls by quoting the pages it is
sent, so the recorded responses are a fixed, reviewable "model". Recording from a real endpoint
is `touyan eval record` (see evals/README.md). This is a developer
tool: it imports the test support package, which the installed product does not ship.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from agents.llm.client import make_chat_model
from agents.llm.config import LLMConfig
from evals.cache import CACHE_DIR, ResponseCache
from evals.env import SAMPLE_CORPUS, corpus_env, eval_context
from evals.items import load_suite
from evals.runner import RunOptions, run_items, run_meta
from evals.runs import write_run

STANDIN_MODEL = "report-reader-standin"
BASELINE = Path(__file__).resolve().parent / "baselines" / "pipeline-snapshot"


def prune(cache: ResponseCache, used: set[str]) -> list[Path]:
    """Delete cache files no record of this suite used (stale after a prompt change)."""
    stale = [cache.path_for(k) for k in cache.keys() - used]
    for path in stale:
        path.unlink()
    return stale


def record(suite: str, out: Path, cache_dir: Path = CACHE_DIR, *,
           corpus: Path = SAMPLE_CORPUS, prompts_dir: Path | None = None, prune_stale: bool = True) -> Path:
    from tests.support.openai_server import OpenAIServer
    from tests.support.report_reader import ReportReader

    items = load_suite(suite)
    options = RunOptions(engine="llm", cache_mode="record", cache_dir=cache_dir, concurrency=4)
    with OpenAIServer(ReportReader(), model=STANDIN_MODEL) as server, tempfile.TemporaryDirectory() as work:
        llm = LLMConfig(model=STANDIN_MODEL, base_url=server.base_url, max_retries=0, timeout_s=60.0)
        ctx = eval_context(Path(work), llm=llm, prompts_dir=prompts_dir)
        try:
            env = corpus_env(ctx, corpus)
            records = asyncio.run(run_items(items, ctx, env, options, inner=make_chat_model))
        finally:
            ctx.shared.close()
    if prune_stale and all(r.status == "ok" for r in records):
        prune(ResponseCache(cache_dir), {k for r in records for k in r.cache_keys})
    meta = run_meta(suite, items, ctx, options, model=STANDIN_MODEL)
    meta["recorded_from"] = "deterministic stand-in: tests/support/report_reader.ReportReader via the local test server"
    return write_run(out, meta, records)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Record the pipeline snapshots from the deterministic stand-in.")
    parser.add_argument("--suite", default="pipeline-snapshot")
    parser.add_argument("--out", type=Path, required=True, help="run folder; compare it, then promote it")
    parser.add_argument("--cache-dir", type=Path, default=CACHE_DIR)
    parser.add_argument("--no-prune", action="store_true", help="keep cache files this suite no longer uses")
    args = parser.parse_args(argv)
    path = record(args.suite, args.out, args.cache_dir, prune_stale=not args.no_prune)
    print(f"recorded into {args.cache_dir}; run written to {path}\n"
          f"next: touyan eval compare pipeline-snapshot {path}; "
          f"touyan eval baseline {path} --name pipeline-snapshot")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
