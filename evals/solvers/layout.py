"""Document parsing on the realistic layout corpus (data/layout_corpus, gold written by its generator):
cover metadata, running furniture kept out of chunks, disclaimer pages out of default search, column
order, the earnings-forecast table. No model and no library: the parser and the chunker the ingest uses.

input: {file: path of a PDF, relative to the repository}
reference: {gold: path of its gold JSON, relative to the repository}
"""

from __future__ import annotations

import json

from agents.context import Context
from evals.env import REPO_DIR, EvalEnv
from evals.items import EvalItem
from evals.scorers import layout as lay
from evals.solvers.base import Scored, Solver
from memory.chunking import chunk_pages
from tools.documents import load_document

FIELDS = lay.GATED_FIELDS + lay.REPORTED_FIELDS


async def solve(item: EvalItem, ctx: Context, env: EvalEnv) -> dict:
    doc = load_document(REPO_DIR / item.input["file"])
    chunks = chunk_pages(doc.report_id, [(p.number, p.text) for p in doc.pages],
                         boilerplate_from=[p.boilerplate_from for p in doc.pages])
    return {
        "metadata": {f: getattr(doc.metadata, f).value for f in FIELDS},
        "rules": {f: getattr(doc.metadata, f).rule for f in FIELDS},
        "pages": [{"text": p.text, "header": list(p.header), "footer": list(p.footer), "label": p.label,
                   "boilerplate_from": p.boilerplate_from} for p in doc.pages],
        "chunks": [{"page": c.page, "text": c.text, "boilerplate": c.boilerplate} for c in chunks],
        "forecast": [{"metric": c.metric, "year": c.year, "value": c.value, "unit": c.unit, "page": c.page}
                     for c in doc.forecasts],
    }


def score(item: EvalItem, output: dict, env: EvalEnv) -> Scored:
    gold = json.loads((REPO_DIR / item.reference["gold"]).read_text(encoding="utf-8"))
    meta, pages, chunks = output["metadata"], output["pages"], output["chunks"]
    scores: dict[str, float | None] = {f"meta_{f}": float(lay.same_value(meta.get(f), gold[f])) for f in FIELDS}
    made_up = lay.invented(meta, gold, lay.GATED_FIELDS)
    leaks = lay.furniture_leaks(pages, gold["pages"], chunks)
    cells, wrong, extra = lay.forecast_scores(output["forecast"], gold["forecast"])
    order = [o for p, g in zip(pages, gold["pages"]) if (o := lay.column_order(p["text"], g)) is not None]
    scores.update({
        "metadata_no_invention": float(not made_up),
        "furniture_clean": float(not leaks),
        "page_labels": sum(p["label"] == g["label"] for p, g in zip(pages, gold["pages"])) / len(gold["pages"]),
        "boilerplate_excluded": lay.boilerplate_excluded(gold["pages"], chunks),
        "content_searchable": lay.content_searchable(gold["pages"], pages),
        "forecast_cells": cells,
        "forecast_no_invention": float(not extra),
        "column_order": sum(order) / len(order) if order else None,
        "body_similarity": sum(lay.body_similarity(p["text"], g) for p, g in zip(pages, gold["pages"])) / len(pages),
    })
    notes = [f"{f}: 参考 {gold[f]!r}，得到 {meta.get(f)!r}（{output['rules'].get(f)}）" for f in FIELDS
             if not scores[f"meta_{f}"]]
    notes += [f"虚构字段 {f}" for f in made_up] + [f"页眉页脚进入正文段落：{x}" for x in leaks[:5]]
    notes += [f"预测表单元格不符：{x}" for x in wrong[:5]] + [f"预测表多出单元格：{x}" for x in extra[:5]]
    labels = {f: [str(gold[f]), str(meta.get(f))] for f in ("rating_action", "report_type")}
    return Scored(scores, notes, labels)


def excerpt(output: dict) -> str:
    m = output.get("metadata") or {}
    return (f"{m.get('broker') or '-'}《{m.get('title') or '-'}》{m.get('date') or '-'}；{m.get('stock_code') or '-'}；"
            f"{m.get('rating') or '-'}/{m.get('rating_action') or '-'}；目标价 {m.get('target_price') or '-'}；"
            f"预测表 {len(output.get('forecast') or [])} 格")


SOLVER = Solver(task="layout", prompts=(), solve=solve, score=score, excerpt=excerpt,
                description="研报解析：封面元数据、页眉页脚、免责声明、分栏顺序、盈利预测表")
