"""`touyan fund-style CODE...`: style-rotation / style-stable labels from holdings and commentary."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer

from touyan.console import err, out, wrote
from touyan.arguments import ENGINE_HELP
from touyan.arguments import Engine

if TYPE_CHECKING:
    from agents.fund_style.models import FundSelectionSurvey, FundStyleResult

EXIT_ERROR, EXIT_PARTIAL = 1, 4


def read_codes(path: Path) -> list[str]:
    """One code per line; blank lines and # comments skipped; 'code,name' lines keep the code."""
    if not path.is_file():
        raise typer.BadParameter(f"找不到基金列表文件：{path}")
    codes = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            codes.append(line.replace("\t", ",").split(",")[0].strip())
    return codes


def _years(text: str | None) -> list[int] | None:
    if not text:
        return None
    try:
        return sorted({int(y) for y in text.replace("，", ",").split(",") if y.strip()})
    except ValueError:
        raise typer.BadParameter("--years 写成 2024,2025") from None


def quotes_to_show(result: FundStyleResult, limit: int = 4) -> list:
    """One quote per period, a rotation quote first: the evidence a reader checks first."""
    by_period: dict[str, object] = {}
    for quote in sorted(result.qualitative_evidence, key=lambda q: q.aspect not in ("rotation", "fund_selection")):
        by_period.setdefault(quote.period, quote)
    return [by_period[p] for p in sorted(by_period)][-limit:]


TABLE_METRICS = ("active_rotation", "rotation_return", "confidence")


def print_results(results: list[FundStyleResult]) -> None:
    from agents.fund_style.glossary import METRICS, SAMPLE_NOTICE, legend_lines, number
    from agents.fund_style.models import TILT_ZH
    from rich.table import Table

    if any(r.sample_data for r in results):
        out.print(f"[bold yellow]{SAMPLE_NOTICE}[/]")
    table = Table(title="基金风格识别（定量：持仓主动轮动；定性：基金经理表述）")
    for column in ("代码", "名称", "标签", "成长/价值", "大小盘", METRICS["confidence"].header(),
                   METRICS["active_rotation"].header(), METRICS["rotation_return"].header(), "状态"):
        table.add_column(column, overflow="fold")
    for r in results:
        if r.status == "error":
            continue
        m = r.metrics
        table.add_row(r.code, r.name or "-", r.label_zh, TILT_ZH[r.growth_value_tilt], TILT_ZH[r.size_tilt],
                      f"{r.confidence:.2f}", number(m.mean_magnitude if m else None, ".3f"),
                      number(m.mean_rotation_return if m else None, "+.2%"), r.status)
    if table.row_count:
        out.print(table)
        for line in legend_lines(TABLE_METRICS):
            out.print(f"[dim]  {line}[/]")
    for r in results:
        if r.error:
            err.print(f"[red]✗ {r.code}：{r.error}[/]")
            continue
        out.print(f"\n[bold]{r.code} {r.name or ''}[/] — {r.label_zh}（置信度 {r.confidence:.2f}，0–1）")
        for line in r.quantitative_evidence:
            out.print(f"  [定量] {line}")
        for quote in quotes_to_show(r):
            out.print(f"  [定性] {quote.period}：“{quote.text}”")
        for line in r.disagreements:
            out.print(f"  [yellow]⚠ 数字与文字不一致：{line}[/]")
        for note in r.notes:
            err.print(f"  [dim]{note}[/]")


def print_survey(survey: FundSelectionSurvey) -> None:
    from agents.fund_style.glossary import number
    from rich.table import Table

    table = Table(title="FOF 基金经理评论：关注基金优选的比例（按报告期）")
    for column in ("报告期", "文本数", "可判定", "关注基金优选", "比例"):
        table.add_column(column)
    for p in survey.periods:
        table.add_row(p.period, str(p.texts), str(p.classified), str(p.stressing), number(p.share, ".1%"))
    out.print(table)
    for note in survey.notes:
        err.print(f"[dim]{note}[/]")


def fund_style(
    ctx: typer.Context,
    codes: Optional[List[str]] = typer.Argument(None, help="基金代码，可多个，如 990001 990002"),
    from_file: Optional[Path] = typer.Option(None, "--from-file", help="基金代码列表文件（每行一个，# 后为注释）"),
    csv_out: Optional[Path] = typer.Option(None, "--csv", help="把结果写成 CSV（每只基金一行）"),
    xlsx_out: Optional[Path] = typer.Option(None, "--xlsx", help="把结果写成 Excel（基金、调仓明细两张表，中文列名）"),
    as_json: bool = typer.Option(False, "--json", help="把结果以 JSON 打印到标准输出"),
    engine: Optional[Engine] = typer.Option(None, "--engine", help=ENGINE_HELP),
    years: Optional[str] = typer.Option(None, "--years", help="持仓报告年份，如 2024,2025（默认：最近报告年及上一年）"),
    fof_survey: bool = typer.Option(False, "--fof-survey", help="统计 FOF 评论中关注基金优选的比例（种子 004 §2.1）"),
) -> None:
    import asyncio

    from agents.fund_style.batch import classify_funds, fof_fund_selection_survey
    from agents.fund_style.export import to_sheets
    from agents.fund_style.render import to_csv, to_json
    from tools.files import write_atomic
    from touyan.context_factory import open_context
    from touyan.xlsx_tables import save_xlsx

    wanted = list(codes or []) + (read_codes(from_file) if from_file else [])
    if not wanted and not fof_survey:
        raise typer.BadParameter("请给出基金代码、--from-file 文件或 --fof-survey")
    report_years = _years(years)
    with open_context(ctx.obj, engine) as context:

        async def run() -> tuple[list[FundStyleResult], FundSelectionSurvey | None]:
            results = await classify_funds(context, wanted, report_years) if wanted else []
            return results, (await fof_fund_selection_survey(context) if fof_survey else None)

        results, survey = asyncio.run(run())
    if as_json:
        print(to_json(results, survey))
    else:
        if results:
            print_results(results)
        if survey is not None:
            print_survey(survey)
    if csv_out is not None:
        write_atomic(csv_out, to_csv(results))
        wrote([csv_out])
    if xlsx_out is not None:
        save_xlsx(xlsx_out, to_sheets(results, survey))
    if any(r.status == "error" for r in results):
        raise typer.Exit(EXIT_ERROR)
    if any(r.status == "partial" for r in results):
        raise typer.Exit(EXIT_PARTIAL)
