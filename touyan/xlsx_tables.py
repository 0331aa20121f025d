"""The face's own tables as .xlsx sheets: search hits and a chat transcript (tools/xlsx.py writes them).

Pages are shown as a PDF viewer numbers them (page 0 → 1); the 0-based index stays in its own column
so a row can be traced back to `[page::N]` and `touyan search --report ID`.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from tools.xlsx import Column, Sheet

HIT_COLUMNS = (Column("rank", "排名", "int"), Column("title", "标题"), Column("broker", "券商"), Column("date", "日期"),
               Column("page_pdf", "页（PDF 页码）", "int"), Column("score", "相关度分数", "float", "0.0000"),
               Column("text", "片段"), Column("source", "文件"), Column("report_id", "研报 ID"),
               Column("page", "页索引（从 0 起）", "int"))
TRANSCRIPT_COLUMNS = (Column("turn", "序号", "int"), Column("role", "角色"), Column("text", "内容", width=100))


def hits_sheet(query: str, hits: Sequence[Any], filters: dict[str, Any] | None = None, mode: str = "hybrid") -> Sheet:
    rows = [{"rank": i, "title": h.title, "broker": h.broker, "date": h.date, "page_pdf": h.page + 1,
             "score": h.score, "text": " ".join(h.text.split()), "source": h.source, "report_id": h.report_id,
             "page": h.page} for i, h in enumerate(hits, start=1)]
    used = "；".join(f"{k}={v}" for k, v in (filters or {}).items())
    notes = [f"查询：{query}（{mode}）" + (f"；筛选：{used}" if used else ""),
             "相关度分数：hybrid 为 BM25 与向量两路排名的倒数融合（RRF），vector 为余弦相似度，keyword 为 BM25；"
             "只用于同一次查询内排序，不同查询之间不可比。"]
    return Sheet("检索结果", HIT_COLUMNS, rows, None, notes)


def transcript_sheet(history: Iterable[tuple[str, str]], title: str | None = None) -> Sheet:
    rows = [{"turn": i, "role": "研究员" if role == "user" else "投研助手", "text": text}
            for i, (role, text) in enumerate(history, start=1)]
    return Sheet("对话", TRANSCRIPT_COLUMNS, rows, None, [f"会话：{title}"] if title else [])


def save_xlsx(path, sheets: Sequence[Sheet]) -> None:
    """Write and say so; a path that cannot be written is one line and exit code 1, not a traceback."""
    import typer

    from tools.errors import first_line
    from tools.xlsx import write_xlsx
    from touyan.console import err, wrote

    try:
        wrote([write_xlsx(path, sheets)])
    except OSError as exc:
        err.print(f"无法写出 {path}：{exc.strerror or first_line(exc)}", markup=False)
        raise typer.Exit(1) from None
