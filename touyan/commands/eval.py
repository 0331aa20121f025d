"""`touyan eval run|compare|baseline|record`: the prompt-regression harness (evals/README.md).

Heavy modules are imported inside the commands so `touyan --help` stays fast.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Optional

import typer

from touyan.console import err, out
from touyan.light_typer import LightCommand, LightGroup
from touyan.arguments import Engine

app = typer.Typer(cls=LightGroup, add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="提示词回归评测：在金标数据集上运行智能体、与基线对比并把关")
BASELINES_DIR = Path(__file__).resolve().parents[2] / "evals" / "baselines"


class CacheMode(StrEnum):
    """`--cache`, as evals.cache.CACHE_MODES (tests/test_cli_arguments.py keeps them equal)."""

    replay = "replay"
    record = "record"
    off = "off"


def _llm_config(settings, model: str | None, provider: str | None):
    """The endpoint for a run. A suite that names a provider gets exactly that preset (its requests, and so
    its cache keys, must not depend on local settings); only where to send them comes from the settings."""
    from agents.llm.config import LLMConfig
    from agents.llm.presets import PRESETS
    from touyan.context_factory import llm_config

    llm = llm_config(settings)
    if provider:
        return LLMConfig.from_preset(PRESETS[provider], model=model, base_url=settings.openai_base_url,
                                     api_key=settings.openai_api_key, prices=llm.prices,
                                     timeout_s=settings.timeout_s, decode_tps=settings.decode_tps,
                                     prefill_tps=settings.prefill_tps)
    return replace(llm, model=model, map_model=None, reduce_model=None) if model else llm


def _run_suite(settings, suite: str, out_dir: Path, *, engine, model, prompts_dir, cache: str, cache_dir, concurrency: int,
               corpus, work_dir, judge: bool, note: str | None = None) -> tuple[Path, list, int]:
    """Run a suite and write the run folder: (path, records of failed items, items skipped)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from touyan.context_factory import closing_context

    import asyncio

    from agents.llm.client import make_chat_model
    from evals.cache import CACHE_DIR, CACHE_MODES, EVALS_DIR
    from evals.env import SAMPLE_CORPUS, corpus_env, eval_context
    from evals.items import DatasetError, load_suite, suite_defaults
    from evals.runner import RunOptions, UnknownTask, check_tasks, run_items, run_meta
    from evals.runs import write_run
    from tools.tokens import install_offline_encodings
    from touyan.context_factory import llm_problem

    defaults = suite_defaults(suite)
    try:
        engine = Engine(engine or defaults.get("engine", "extractive")).value
    except ValueError:
        raise typer.BadParameter(f"套件 {suite} 设定的 engine 只能是 llm 或 extractive") from None
    if cache not in CACHE_MODES:
        raise typer.BadParameter(f"--cache 只能是 {' | '.join(CACHE_MODES)}")
    llm = _llm_config(settings, model or defaults.get("model"), defaults.get("provider"))
    calls_out = cache != "replay" and (engine == "llm" or judge)
    if calls_out and (problem := llm_problem(llm)):
        raise typer.BadParameter(f"--cache {cache} 会调用模型：{problem}")
    try:
        items = load_suite(suite)
        check_tasks(items)
    except (DatasetError, UnknownTask) as exc:
        raise typer.BadParameter(str(exc)) from None

    install_offline_encodings(settings.home / "tiktoken")
    folder = cache_dir or (EVALS_DIR / defaults["cache_dir"] if "cache_dir" in defaults else CACHE_DIR)
    options = RunOptions(engine=engine, cache_mode=cache, cache_dir=folder,  # type: ignore[arg-type]
                         concurrency=concurrency, judge=judge)
    todo = [i for i in items if i.runs_on(engine)]
    progress = Progress(TextColumn("评测中"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err,
                        transient=True)
    failed = []

    def on_record(record) -> None:
        if record.status != "ok":
            failed.append(record)
            out.print(f"[red]✗ {record.id}[/]: {record.error}")
        progress.advance(task)

    with closing_context(eval_context(work_dir or settings.home / "eval", llm=llm, prompts_dir=prompts_dir)) as context:
        err.print("准备评测语料（首次运行需要导入研报，约半分钟）…")
        env = corpus_env(context, corpus or SAMPLE_CORPUS)
        with progress:
            task = progress.add_task("eval", total=len(todo))
            records = asyncio.run(run_items(items, context, env, options, on_record=on_record,
                                            inner=make_chat_model if calls_out else None))
    meta = run_meta(suite, items, context, options, model=llm.model) | {"provider": llm.provider}
    if note:
        meta["recorded_from"] = note
    path = write_run(out_dir, meta, records)
    if cache == "record" and not failed:
        from evals.record_standin import prune
        from evals.cache import ResponseCache

        stale = prune(ResponseCache(folder), {k for r in records for k in r.cache_keys})
        if stale:
            err.print(f"已删除 {len(stale)} 个本套件不再使用的录制文件（{folder}）")
    return path, failed, len(items) - len(todo)


COMMON = {
    "engine": typer.Option(None, "--engine", help="生成引擎（默认取套件设定，否则 extractive）"),
    "model": typer.Option(None, "--model", help="所有角色使用的模型名（默认取套件设定，否则取配置）"),
    "prompts_dir": typer.Option(None, "--prompts", help="试用另一套提示词目录"),
    "cache_dir": typer.Option(None, "--cache-dir", help="响应缓存目录（默认取套件设定，否则 evals/snapshots）"),
    "corpus": typer.Option(None, "--corpus", help="评测语料目录（默认 data/samples/reports）"),
    "work_dir": typer.Option(None, "--work-dir", help="评测研报库位置（默认 数据目录/eval）"),
}


@app.command("run", cls=LightCommand, help="运行评测套件，把每条的输出、得分、tokens、成本与耗时写入 --out 目录")
def run(
    ctx: typer.Context,
    suite: str = typer.Option(..., "--suite", help="套件名（evals/suites.yaml）、数据集名或 JSONL 路径"),
    out_dir: Path = typer.Option(..., "--out", help="运行结果目录"),
    engine: Optional[Engine] = COMMON["engine"],
    model: Optional[str] = COMMON["model"],
    prompts_dir: Optional[Path] = COMMON["prompts_dir"],
    cache: CacheMode = typer.Option(CacheMode.replay, "--cache", help="replay 只用录制的响应；record 录制缺少的；off 不用缓存"),
    cache_dir: Optional[Path] = COMMON["cache_dir"],
    concurrency: int = typer.Option(4, "--concurrency", min=1, max=64, help="同时运行的条目数"),
    corpus: Optional[Path] = COMMON["corpus"],
    work_dir: Optional[Path] = COMMON["work_dir"],
    judge: bool = typer.Option(False, "--judge", help="启用 LLM 评审（默认关闭）"),
) -> None:
    path, failed, skipped = _run_suite(ctx.obj, suite, out_dir, engine=engine, model=model, prompts_dir=prompts_dir,
                                       cache=CacheMode(cache).value, cache_dir=cache_dir, concurrency=concurrency, corpus=corpus,
                                       work_dir=work_dir, judge=judge)
    _print_metrics(path)
    out.print(f"结果：{path}（失败 {len(failed)} 条，跳过 {skipped} 条不适用于当前引擎的条目）")
    if failed:
        raise typer.Exit(1)


@app.command("record", cls=LightCommand, help="（开发者）对配置的真实模型端点录制套件的响应，供 CI 回放；可直接设为基线")
def record(
    ctx: typer.Context,
    suite: str = typer.Option(..., "--suite", help="套件名（evals/suites.yaml 中设定 provider 与 cache_dir 的套件）"),
    out_dir: Path = typer.Option(..., "--out", help="运行结果目录"),
    baseline_name: Optional[str] = typer.Option(None, "--baseline", help="录制全部成功后设为这个名字的基线"),
    note: Optional[str] = typer.Option(None, "--note", help="写进 run.json 的录制来源说明（服务器、模型文件、版本）"),
    concurrency: int = typer.Option(1, "--concurrency", min=1, max=64,
                                    help="同时运行的条目数（本地单槽服务器请保持 1）"),
    corpus: Optional[Path] = COMMON["corpus"],
    work_dir: Optional[Path] = COMMON["work_dir"],
) -> None:
    """Calls the endpoint only for requests the suite's cassettes do not hold; replays the rest."""
    path, failed, _ = _run_suite(ctx.obj, suite, out_dir, engine=None, model=None, prompts_dir=None, cache="record",
                                 cache_dir=None, concurrency=concurrency, corpus=corpus, work_dir=work_dir,
                                 judge=False, note=note)
    _print_metrics(path)
    if failed:
        err.print(f"[red]{len(failed)} 条失败：录制文件已保存，修正后重跑会补录；未设为基线。[/]")
        raise typer.Exit(1)
    if baseline_name:
        baseline(path, baseline_name)
    out.print(f"录制完成：{path}。提交 evals/cassettes/ 与基线；CI 用 touyan eval run --suite {suite} 回放。")


def _print_metrics(path: Path) -> None:
    from rich.table import Table

    from evals.runs import load_run

    meta = load_run(path).meta
    table = Table(title="评测指标")
    table.add_column("指标")
    table.add_column("值", justify="right")
    for name, value in meta["metrics"].items():
        table.add_row(name, "—" if value is None else f"{value:.3f}")
    out.print(table)


def _resolve_run(name: str) -> Path:
    path = Path(name)
    if (path / "run.json").is_file():
        return path
    if (BASELINES_DIR / name / "run.json").is_file():
        return BASELINES_DIR / name
    raise typer.BadParameter(f"{name} 既不是运行目录，也不是 evals/baselines/ 下的基线")


@app.command("compare", cls=LightCommand, help="把 RUN 与基线 BASE 对比，输出 Markdown 报告；退化或未过硬性门槛时退出码为 1")
def compare(
    base: str = typer.Argument(..., help="基线：运行目录或 evals/baselines/ 下的名字"),
    run_dir: str = typer.Argument(..., help="本次运行目录"),
    thresholds: Optional[Path] = typer.Option(None, "--thresholds", help="门槛文件（默认 evals/thresholds.yaml）"),
    report: Optional[Path] = typer.Option(None, "--report", help="把报告写入文件（否则打印）"),
    subset: bool = typer.Option(False, "--subset", help="本次只跑了部分条目时不把缺少的条目计为失败"),
) -> None:
    from evals.compare import compare_runs
    from evals.report import render_markdown
    from evals.runs import load_run
    from evals.thresholds import THRESHOLDS_FILE, load_thresholds

    comparison = compare_runs(load_run(_resolve_run(base)), load_run(_resolve_run(run_dir)),
                              load_thresholds(thresholds or THRESHOLDS_FILE), allow_subset=subset)
    text = render_markdown(comparison)
    if report:
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(text, encoding="utf-8")
        out.print(f"报告：{report}")
    else:
        out.print(text, markup=False)
    if not comparison.passed:
        err.print(f"[red]未通过：退化指标 {len(comparison.regressions)} 个，硬性门槛未满足 {len(comparison.hard_failures)} 项，"
                  f"缺少条目 {0 if subset else len(comparison.missing_items)} 条。[/]")
        raise typer.Exit(1)
    err.print("[green]通过。[/]")


@app.command("baseline", cls=LightCommand, help="把一次运行设为基线（复制到 evals/baselines/NAME）")
def baseline(
    run_dir: Path = typer.Argument(..., help="运行目录"),
    name: Optional[str] = typer.Option(None, "--name", help="基线名（默认：引擎名，llm 时加模型名）"),
) -> None:
    from evals.runs import ITEMS_FILE, RUN_FILE, load_run

    meta = load_run(run_dir).meta
    name = name or (meta["engine"] if meta["engine"] != "llm" else f"llm-{meta.get('model') or 'model'}")
    target = BASELINES_DIR / name
    target.mkdir(parents=True, exist_ok=True)
    for file in (RUN_FILE, ITEMS_FILE):
        shutil.copyfile(run_dir / file, target / file)
    out.print(f"已设为基线：{target}（记得提交）")
