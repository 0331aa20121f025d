"""Tools that answer from the thread itself rather than from the library: what was discussed, and the
reports the conversation has shown, exported to Excel. Both read the thread's own messages and
artifacts, so neither needs a model; the rule router picks them (the wording is unambiguous) and the
model router leaves them to it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from langchain_core.messages import HumanMessage, ToolMessage

from agents.context import Context
from agents.supervisor.models import AGENT_LABEL, ChatArtifacts, ExportReports, RecallTopics, ToolResult

MAX_QUESTION_CHARS = 40


def topics_of(messages: list[Any]) -> list[tuple[str, list[str]]]:
    """(question, agents that answered it) per earlier turn, oldest first; commands and empty turns left out."""
    turns: list[tuple[str, list[str]]] = []
    for message in messages:
        if isinstance(message, HumanMessage):
            text = " ".join(str(message.content).split())
            if text:
                turns.append((text, []))
        elif isinstance(message, ToolMessage) and turns and message.name:
            label = AGENT_LABEL.get(message.name, message.name)
            if label not in turns[-1][1]:
                turns[-1][1].append(label)
    return turns


async def recall_topics(ctx: Context, call: RecallTopics, messages: list[Any], artifacts: ChatArtifacts) -> ToolResult:
    turns = topics_of(messages)
    if not turns:
        return ToolResult("本会话此前还没有讨论过任何话题。", ChatArtifacts())
    lines = []
    for number, (question, agents) in enumerate(turns, 1):
        short = question if len(question) <= MAX_QUESTION_CHARS else question[:MAX_QUESTION_CHARS] + "…"
        lines.append(f"{number}. {short}" + (f"（{'、'.join(agents)}）" if agents else ""))
    return ToolResult(f"本会话此前讨论了 {len(turns)} 个话题（按时间顺序，取自会话记录）：\n" + "\n".join(lines),
                      ChatArtifacts())


def shown_report_ids(artifacts: ChatArtifacts) -> list[str]:
    """Reports the conversation's latest results named: search hits, summaries, the broker comparison, the
    concept chain's evidence; in that order, each once."""
    ids: list[str] = [h.report_id for h in artifacts.hits or []]
    ids += [s.report_id for s in artifacts.summaries or []]
    ids += list(artifacts.consensus.report_ids) if artifacts.consensus else []
    if artifacts.concept:
        ids += [e.report_id for c in artifacts.concept.companies for e in c.evidence if e.report_id]
    return list(dict.fromkeys(ids))


def _columns():
    from tools.xlsx import Column

    return [Column("date", "日期"), Column("broker", "券商"), Column("title", "标题", width=48),
            Column("tickers", "股票"), Column("page_count", "页数", "int"), Column("report_id", "报告编号"),
            Column("source", "文件", width=60)]


async def export_reports(ctx: Context, call: ExportReports, messages: list[Any], artifacts: ChatArtifacts) -> ToolResult:
    from tools.xlsx import Sheet, write_xlsx

    library = ctx.report_library
    ids = shown_report_ids(artifacts)
    records = [r for r in (library.report(i) for i in ids) if r is not None]
    scope = "本会话刚才列出的研报"
    if not records:
        records, scope = library.reports(), "研报库中的全部研报（本会话还没有列出研报）"
    if not records:
        return ToolResult("研报库为空，没有可导出的研报：先用 touyan ingest 或 touyan fetch 导入研报。", ChatArtifacts())
    rows = [{"date": r.date or "", "broker": r.broker or "", "title": r.title, "tickers": "、".join(r.tickers),
             "page_count": r.page_count, "report_id": r.report_id, "source": r.source} for r in records]
    folder = ctx.data_dir / "exports"
    path = folder / f"研报_{datetime.now().strftime('%Y%m%d_%H%M%S')}.xlsx"
    write_xlsx(path, [Sheet("研报", _columns(), rows)])
    listed = "\n".join(f"- {r['date']} {r['broker']}《{r['title']}》" for r in rows[:10])
    more = f"\n- ……共 {len(rows)} 份" if len(rows) > 10 else ""
    return ToolResult(f"已把{scope}（{len(rows)} 份）导出为 Excel：{path}\n{listed}{more}", ChatArtifacts())


THREAD_EXECUTORS = {RecallTopics: recall_topics, ExportReports: export_reports}

