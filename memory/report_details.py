"""One report in full, for `touyan reports show`: metadata with where each field was read, pages, chunks,
keyword-index rows and vectors (so an incomplete ingest shows), sources and copies."""

from __future__ import annotations

import datetime as dt

from memory import near_duplicates

_FIELDS = (("title", "标题"), ("subtitle", "副标题"), ("broker", "券商"), ("date", "日期"), ("report_type", "类型"),
           ("stock_code", "股票代码"), ("stock_name", "股票名称"), ("industry", "行业"), ("rating", "评级"),
           ("rating_action", "评级变动"), ("target_price", "目标价"), ("current_price", "现价"), ("analysts", "分析师"))
_STATUS = {"complete": "完整入库", "writing": "正在写入（未完成，检索不可见）", "dropping": "正在删除（检索不可见）"}


def _count(library, table: str, report_id: str) -> int:
    return library.catalog.read(f"SELECT count(*) AS n FROM {table} WHERE report_id = ?", (report_id,))[0]["n"]


def _vectors(library, report_id: str) -> int:
    with library.vectors.session(write=False) as collection:
        return len(collection.get(where={"report_id": report_id}, include=[])["ids"])


def details(library, report_id: str) -> dict:
    record = library.catalog.report(report_id)
    row = library.catalog.read("SELECT ingested_at FROM reports WHERE report_id = ?", (report_id,))
    at = row[0]["ingested_at"] if row and row[0]["ingested_at"] else None
    copies = near_duplicates.copies_of(library.catalog, report_id)
    meta = {}
    for name, _label in _FIELDS:
        field = (record.meta or {}).get(name) or {}
        if field.get("value") not in (None, "", []):
            meta[name] = {"value": field["value"], "page": field.get("page"), "rule": field.get("rule")}
    return {
        "report_id": report_id, "title": record.title, "broker": record.broker, "date": record.date,
        "kind": record.kind, "tickers": list(record.tickers), "metadata": meta,
        "status": record.status, "parser_version": record.parser_version,
        "ingested_at": dt.datetime.fromtimestamp(at).isoformat(timespec="seconds") if at else None,
        "pages": record.page_count,
        "pages_stored": _count(library, "pages", report_id),
        "chunks": record.chunk_count,
        "chunks_stored": _count(library, "chunks", report_id),
        "keyword_rows": library.catalog.keyword_rows(report_id),
        "vectors": _vectors(library, report_id),
        "sources": [{"path": p, "copy": p in copies, "reason": copies.get(p)}
                    for p in sorted(library.catalog.sources_of(report_id))],
    }


def _shown(value) -> str:
    if isinstance(value, list):  # analysts: [{name, role, sac, email}]
        return "、".join(str(v.get("name", v)) if isinstance(v, dict) else str(v) for v in value)
    return str(value)


def render(info: dict) -> list[str]:
    lines = [f"《{info['title']}》", f"ID：{info['report_id']}（{info['kind']}）"]
    for name, label in _FIELDS[1:]:
        field = info["metadata"].get(name)
        if field:
            where = f"p.{field['page'] + 1}" if isinstance(field.get("page"), int) else ""
            how = "，".join(x for x in (where, field.get("rule") or "") if x)
            lines.append(f"{label}：{_shown(field['value'])}" + (f"（{how}）" if how else ""))
    if info["tickers"]:
        lines.append(f"提及的股票：{'、'.join(info['tickers'])}")
    whole = info["status"] == "complete" and info["pages_stored"] == info["pages"] \
        and info["chunks_stored"] == info["keyword_rows"] == info["vectors"] == info["chunks"]
    lines.append(f"状态：{_STATUS.get(info['status'], info['status'])}"
                 + (f"，解析器 {info['parser_version']}" if info["parser_version"] else "")
                 + (f"，入库于 {info['ingested_at']}" if info["ingested_at"] else ""))
    lines.append(f"页数：{info['pages']}（已存 {info['pages_stored']}）；段数：{info['chunks']}（已存 {info['chunks_stored']}，"
                 f"关键词索引 {info['keyword_rows']}，向量 {info['vectors']}）" + ("" if whole else "  ⚠ 不一致"))
    lines.append(f"来源文件（{len(info['sources'])}）：")
    for s in info["sources"]:
        lines.append(f"  - {s['path']}" + (f"  （重复副本：{s['reason']}）" if s["copy"] else ""))
    return lines
