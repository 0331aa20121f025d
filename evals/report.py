"""The comparison as Markdown: verdict, hard gates, metric deltas with intervals, usage, and the
items that got worse with both outputs side by side."""

from __future__ import annotations

from evals.compare import Comparison, MetricRow

_STATUS = {"ok": "", "improved": "↑ 提升", "regressed": "**↓ 退化**", "new": "新指标", "missing": "**指标缺失**",
           "ignored": "不设门槛"}
MAX_ITEMS = 25


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _num(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:+.3f}" if signed else f"{value:.3f}"


def _run_line(label: str, meta: dict) -> str:
    model = f"，模型 {meta['model']}" if meta.get("model") else ""
    versions = "、".join(f"{k} v{v}" for k, v in sorted((meta.get("prompt_versions") or {}).items())) or "-"
    return (f"- {label}：套件 `{meta.get('suite')}`，引擎 {meta.get('engine')}{model}，缓存 {meta.get('cache_mode')}，"
            f"提示词 {versions}" + (f"（目录 `{meta['prompts_dir']}`）" if meta.get("prompts_dir") else "")
            + f"，{meta.get('started_at', '')}")


def _metric_table(rows: list[MetricRow]) -> list[str]:
    lines = ["| 指标 | 基线 | 本次 | Δ | 95% 区间 | 允许下降 | 结论 |", "|---|---:|---:|---:|---|---:|---|"]
    for r in rows:
        ci = f"[{r.ci[0]:+.3f}, {r.ci[1]:+.3f}]" if r.ci else "—"
        lines.append(f"| `{r.metric}` | {_num(r.base)} | {_num(r.run)} | {_num(r.delta, True)} | {ci} | "
                     f"{r.allowed_drop:g} | {_STATUS[r.status]} |")
    return lines


def _usage(comparison: Comparison) -> list[str]:
    base, run = comparison.base_meta.get("usage") or {}, comparison.run_meta.get("usage") or {}
    lines = ["| 任务 | 条目 | 失败 | tokens 基线→本次 | 成本(元) 基线→本次 | 平均耗时(s) 基线→本次 | 缓存命中/未命中 |",
             "|---|---:|---:|---|---|---|---|"]
    for task in sorted(set(base) | set(run)):
        b, r = base.get(task, {}), run.get(task, {})
        lines.append(f"| {task} | {r.get('items', 0)} | {r.get('errors', 0)} | {b.get('tokens', 0)}→{r.get('tokens', 0)} | "
                     f"{b.get('cost_cny', 0):.4f}→{r.get('cost_cny', 0):.4f} | "
                     f"{b.get('latency_mean_s', 0):.2f}→{r.get('latency_mean_s', 0):.2f} | "
                     f"{r.get('cache_hits', 0)}/{r.get('cache_misses', 0)} |")
    return lines


def _confusion(meta: dict) -> list[str]:
    lines = []
    for name, table in sorted((meta.get("confusion") or {}).items()):
        labels, rows = table["labels"], table["rows"]
        lines += ["", f"**{name}**（行：参考，列：输出）", "", "| | " + " | ".join(labels) + " |",
                  "|---|" + "---:|" * len(labels)]
        lines += [f"| {label} | " + " | ".join(map(str, row)) + " |" for label, row in zip(labels, rows)]
    return lines


def render_markdown(comparison: Comparison) -> str:
    c = comparison
    verdict = "✅ 通过：没有指标退化，硬性门槛全部满足。" if c.passed else "❌ 未通过：见下方退化指标、硬性门槛或缺失条目。"
    lines = ["# 评测对比报告", "", _run_line("基线", c.base_meta), _run_line("本次", c.run_meta), "", f"**{verdict}**", ""]
    if c.hard_failures:
        lines += ["## 硬性门槛未满足", ""] + [f"- {_cell(f)}" for f in c.hard_failures] + [""]
    if c.missing_items:
        lines += [f"## 本次缺少的条目（{len(c.missing_items)}）" + ("（--subset：不计为失败）" if c.allow_subset else ""), "",
                  "、".join(c.missing_items), ""]
    if c.new_items:
        lines += [f"新增条目（不参与对比）：{'、'.join(c.new_items)}", ""]
    lines += ["## 指标", "", "同一批条目上的均值；区间为配对 bootstrap 的 Δ 置信区间。", ""] + _metric_table(c.rows)
    lines += ["", "## 用量", ""] + _usage(c)
    if c.run_meta.get("confusion"):
        lines += ["", "## 混淆矩阵（本次）"] + _confusion(c.run_meta)
    if c.items:
        lines += ["", f"## 变差的条目（{len(c.items)}，最多列出 {MAX_ITEMS} 条）", "",
                  "| 条目 | 变差的指标 | 基线输出 | 本次输出 | 本次说明 |", "|---|---|---|---|---|"]
        for change in c.items[:MAX_ITEMS]:
            drops = "<br>".join(f"{m}: {_num(b)}→{_num(r)}" for m, b, r in change.drops) or "失败"
            lines.append(f"| `{change.id}` | {drops} | {_cell(change.base_excerpt)} | {_cell(change.run_excerpt)} | "
                         f"{_cell('；'.join(change.notes[:6]))} |")
    return "\n".join(lines) + "\n"
