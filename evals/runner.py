"""Run a suite: every item through its task's real graph, bounded concurrency, one record each.

Each item gets its own Context copy: its own usage tracker (tokens and cost per item) and a model
factory that answers from the response cache, so a replay needs no network and a failure names
the item. `on_record` is called as each item finishes (the CLI's progress bar).
"""

from __future__ import annotations

import asyncio
import platform
import time
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Sequence

from agents.context import Context
from agents.llm.config import Engine
from evals.cache import CACHE_DIR, CacheMode, CacheStats, ResponseCache, cached_model_factory
from evals.env import EvalEnv
from evals.items import EvalItem
from evals.runs import ItemRecord
from evals.solvers import SOLVERS
from prompts import load_prompt
from tools.errors import brief


@dataclass(frozen=True)
class RunOptions:
    engine: Engine = "extractive"
    cache_mode: CacheMode = "replay"
    cache_dir: Path = CACHE_DIR
    concurrency: int = 4
    judge: bool = False


class UnknownTask(ValueError):
    pass


def check_tasks(items: Sequence[EvalItem]) -> None:
    unknown = sorted({i.task for i in items} - set(SOLVERS))
    if unknown:
        raise UnknownTask(f"没有这些任务的 solver：{unknown}（已注册：{sorted(SOLVERS)}）")


def prompt_versions(names: Sequence[str], prompts_dir: Path | None) -> dict[str, str]:
    return {n: load_prompt(n, prompts_dir).version for n in names}


def _error_text(exc: BaseException) -> str:
    return brief(exc)[:400]


async def run_item(item: EvalItem, base: Context, env: EvalEnv, options: RunOptions, cache: ResponseCache,
                   inner: Callable | None) -> ItemRecord:
    solver = SOLVERS[item.task]
    stats = CacheStats()
    factory = cached_model_factory(cache, options.cache_mode, item_id=item.id, stats=stats, inner=inner,
                                   prompt_versions=prompt_versions(solver.prompts, base.prompts_dir))
    ctx = replace(base.scoped(), engine=options.engine, model_factory=factory)
    record = ItemRecord(id=item.id, task=item.task, status="ok")
    started = time.perf_counter()
    try:
        output = await solver.solve(item, ctx, env)
        scored = solver.score(item, output, env)
        if options.judge:
            from evals.judge import judge_item, rubric_versions

            judge = cached_model_factory(cache, options.cache_mode, item_id=item.id, stats=stats, inner=inner,
                                         prompt_versions=rubric_versions(item.task))(ctx.llm, "default")
            scored = await judge_item(item, output, scored, judge, ctx, env)
        record.output, record.scores, record.notes, record.labels = output, scored.scores, scored.notes, scored.labels
    except Exception as exc:  # one failing item is a scored failure, never the end of the run
        record.status, record.error = "error", _error_text(exc)
    record.latency_s = round(time.perf_counter() - started, 4)
    totals = ctx.usage.totals()
    record.tokens, record.llm_calls = totals.total_tokens, totals.calls
    record.cost_cny, record.cost_usd = round(totals.cost_cny, 8), round(totals.cost_usd, 8)
    record.cache, record.cache_keys = stats.as_dict(), sorted(set(stats.keys or []))
    return record


async def run_items(items: Sequence[EvalItem], base: Context, env: EvalEnv, options: RunOptions = RunOptions(), *,
                    inner: Callable | None = None,
                    on_record: Callable[[ItemRecord], None] | None = None) -> list[ItemRecord]:
    """Records for the items that apply to the engine, in item order; `inner` builds real models."""
    check_tasks(items)
    cache = ResponseCache(options.cache_dir)
    semaphore = asyncio.Semaphore(max(1, options.concurrency))

    async def one(item: EvalItem) -> ItemRecord:
        async with semaphore:
            record = await run_item(item, base, env, options, cache, inner)
        if on_record is not None:
            on_record(record)
        return record

    return list(await asyncio.gather(*(one(i) for i in items if i.runs_on(options.engine))))


def run_meta(suite: str, items: Sequence[EvalItem], base: Context, options: RunOptions, *,
             model: str | None = None) -> dict:
    tasks = sorted({i.task for i in items})
    names = sorted({n for t in tasks for n in SOLVERS[t].prompts})
    return {
        "suite": suite, "engine": options.engine, "model": model if options.engine == "llm" else None,
        "cache_mode": options.cache_mode, "judge": options.judge, "tasks": tasks,
        "prompts_dir": str(base.prompts_dir) if base.prompts_dir else None,
        "prompt_versions": prompt_versions(names, base.prompts_dir),
        "items_total": len(items), "items_skipped": sum(not i.runs_on(options.engine) for i in items),
        "started_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
    }
