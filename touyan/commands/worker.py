"""`touyan worker` runs queued jobs (team mode, touyan/work_queue.py); `touyan jobs` shows their progress.

Both need TOUYAN_CATALOG_URL: the queue lives in the team PostgreSQL. Heavy packages (procrastinate,
psycopg, the library) are imported inside the commands."""

from __future__ import annotations

import typer

from touyan.console import err, out

NEEDS_TEAM = "任务队列需要团队模式：设置 TOUYAN_CATALOG_URL（PostgreSQL，见 README「团队模式」）"
STATUS_NAMES = {"todo": "排队", "doing": "运行中", "succeeded": "完成", "failed": "失败", "cancelled": "已取消",
                "aborted": "已中止"}


def team_dsn(settings) -> str:
    dsn = settings.postgres_dsn
    if not dsn:
        raise typer.BadParameter(NEEDS_TEAM)
    from memory.team_servers import check_postgres

    check_postgres(dsn)  # not reachable: one line naming the server, before any queue work
    return dsn


async def _requeue_stalled(app, every_s: float, stalled_after_s: float) -> None:
    """Jobs of workers whose heartbeat stopped (killed, machine lost) go back to the queue."""
    import asyncio
    import logging

    log = logging.getLogger("touyan.worker")
    while True:
        try:
            for job in await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after_s):
                log.warning("job %s of a stalled worker goes back to the queue", job.id)
                await app.job_manager.retry_job(job)
            await app.job_manager.prune_stalled_workers(seconds_since_heartbeat=stalled_after_s)
        except Exception as exc:  # noqa: BLE001 - the database may be restarting: look again next time
            log.warning("stalled-job check failed: %s", type(exc).__name__)
        await asyncio.sleep(every_s)


async def _run(settings, dsn: str, concurrency: int, wait: bool) -> None:
    import asyncio

    from touyan import summarize_jobs
    from touyan.context_factory import file_limits, library_spec
    from touyan.faults import kill_at
    from touyan.work_queue import QUEUE, STALLED_BEATS, LibraryPool, make_app, register_ingest

    app = make_app(dsn)
    libraries = LibraryPool(library_spec(settings), concurrency)
    contexts = summarize_jobs.Contexts(settings)
    register_ingest(app, dsn, libraries, file_limits(settings))
    summarize_jobs.register_summarize(app, dsn, contexts, file_limits(settings), kill_at(settings.fault_point))
    beat = settings.worker_heartbeat_s
    try:
        async with app.open_async():
            recovery = asyncio.create_task(_requeue_stalled(app, beat, beat * STALLED_BEATS))
            try:
                await app.run_worker_async(queues=[QUEUE, summarize_jobs.QUEUE], concurrency=concurrency, wait=wait,
                                           update_heartbeat_interval=beat, stalled_worker_timeout=beat * STALLED_BEATS,
                                           fetch_job_polling_interval=beat)
            finally:
                recovery.cancel()
    finally:
        libraries.close()
        contexts.close()


def worker(
    ctx: typer.Context,
    concurrency: int = typer.Option(1, "--concurrency", "-c", min=1, max=64, help="同时处理的文件数"),
    burst: bool = typer.Option(False, "--burst", help="队列清空后退出（默认一直等待新任务）"),
) -> None:
    import asyncio
    import logging

    settings = ctx.obj
    dsn = team_dsn(settings)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
    err.print(f"worker 启动：并发 {concurrency}，心跳 {settings.worker_heartbeat_s:g} 秒；Ctrl+C 在当前文件完成后退出")
    asyncio.run(_run(settings, dsn, concurrency, wait=not burst))


TASK_NAMES = {"touyan.ingest_file": "入库任务", "touyan.summarize_file": "摘要任务"}


def job_counts(dsn: str) -> tuple[dict[str, dict[str, int]], list[tuple[int, str, str | None]]]:
    """(jobs per task and status, the latest failures as (job id, path, reason))."""
    import psycopg

    from touyan.work_queue import make_app

    make_app(dsn)  # creates the tables on a fresh database, so an empty queue reads as empty
    counts: dict[str, dict[str, int]] = {}
    with psycopg.connect(dsn) as conn:
        for task, status, n in conn.execute("SELECT task_name, status::text, count(*) FROM procrastinate_jobs "
                                            "WHERE task_name = ANY(%s) GROUP BY 1, 2", (list(TASK_NAMES),)):
            counts.setdefault(task, {})[status] = n
        failed = conn.execute("SELECT j.id, j.args->>'path', o.reason FROM procrastinate_jobs j LEFT JOIN "
                              "touyan_job_outcomes o ON o.job_id = j.id WHERE j.task_name = ANY(%s) AND j.status = 'failed' "
                              "ORDER BY j.id DESC LIMIT 20", (list(TASK_NAMES),)).fetchall()
    return counts, failed


def jobs(ctx: typer.Context) -> None:
    from rich.table import Table

    from touyan.file_batch import say_failed

    counts, failed = job_counts(team_dsn(ctx.obj))
    table = Table(title="队列任务", show_header=True)
    table.add_column("任务")
    for name in STATUS_NAMES.values():
        table.add_column(name, justify="right")
    for task, title in TASK_NAMES.items():
        if task in counts or task == "touyan.ingest_file":
            table.add_row(title, *(str(counts.get(task, {}).get(status, 0)) for status in STATUS_NAMES))
    out.print(table)
    for _job_id, path, reason in failed:
        say_failed(path, reason or "未记录原因")
