"""Compare a run with a baseline: per-metric deltas with paired bootstrap intervals, hard gates,
allowed drops, and the items that got worse. `Comparison.passed` decides the exit code.

Both runs are compared on the items they share; items the baseline has and the run lacks fail
the comparison unless `allow_subset` (a quick check on a few items).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from evals.runs import ItemRecord, Run, item_value, metric_functions, task_metric_names
from evals.solvers import SOLVERS
from evals.stats import bootstrap_delta, bootstrap_mean_delta
from evals.thresholds import EPSILON, Thresholds


@dataclass
class MetricRow:
    metric: str
    base: float | None
    run: float | None
    ci: tuple[float, float] | None = None
    allowed_drop: float = 0.0
    status: str = "ok"  # ok | improved | regressed | new | missing | ignored

    @property
    def delta(self) -> float | None:
        return None if self.base is None or self.run is None else self.run - self.base


@dataclass
class ItemChange:
    id: str
    task: str
    drops: list[tuple[str, float | None, float | None]]  # (metric, base, run)
    base_excerpt: str
    run_excerpt: str
    notes: list[str] = field(default_factory=list)

    @property
    def worst(self) -> float:
        return max(((b or 0.0) - (r or 0.0) for _, b, r in self.drops), default=0.0)


@dataclass
class Comparison:
    base_meta: dict
    run_meta: dict
    rows: list[MetricRow]
    hard_failures: list[str]
    items: list[ItemChange]
    missing_items: list[str]
    new_items: list[str]
    allow_subset: bool = False

    @property
    def regressions(self) -> list[MetricRow]:
        return [r for r in self.rows if r.status in ("regressed", "missing")]

    @property
    def passed(self) -> bool:
        return not self.hard_failures and not self.regressions and (self.allow_subset or not self.missing_items)


def hard_gate_failures(run: Run, thresholds: Thresholds) -> list[str]:
    failures = []
    for gate in thresholds.hard_gates:
        task, name = gate.metric.split(".", 1)
        records = [r for r in run.records if r.task == task]
        if not records or name not in task_metric_names(records).get(task, []):
            continue
        if gate.per_item:
            bad = [f"{r.id}={v:g}" if r.status == "ok" else f"{r.id}=失败" for r in records
                   if (v := item_value(r, name)) is not None and v < gate.min - EPSILON]
            if bad:
                failures.append(f"{gate.metric} 每条需 ≥ {gate.min:g}：{'、'.join(bad)}")
        else:
            mean = metric_functions(records)[gate.metric](records)
            if mean is not None and mean < gate.min - EPSILON:
                failures.append(f"{gate.metric} = {mean:.3f} < {gate.min:g}")
    return failures


def _excerpt(record: ItemRecord | None) -> str:
    if record is None:
        return "（无）"
    if record.status != "ok":
        return f"失败：{record.error}"
    return SOLVERS[record.task].excerpt(record.output or {}) if record.task in SOLVERS else ""


def _row(metric: str, base: list[ItemRecord], run: list[ItemRecord], fn, thresholds: Thresholds) -> MetricRow:
    row = MetricRow(metric, fn(base) if base else None, fn(run) if run else None,
                    allowed_drop=thresholds.drop_for(metric))
    if thresholds.ignored(metric):
        row.status = "ignored"
    elif row.base is None and row.run is not None:
        row.status = "new"
    elif row.base is not None and row.run is None:
        row.status = "missing"
    if row.delta is None or row.status != "ok":
        return row
    name = metric.split(".", 1)[1]
    if name in task_metric_names(base + run).get(metric.split(".", 1)[0], []):
        row.ci = bootstrap_mean_delta([item_value(r, name) for r in base], [item_value(r, name) for r in run],
                                      resamples=thresholds.resamples, seed=thresholds.seed,
                                      confidence=thresholds.confidence)
    else:
        row.ci = bootstrap_delta(base, run, fn, resamples=thresholds.resamples, seed=thresholds.seed,
                                 confidence=thresholds.confidence)
    significant = not thresholds.significance or (row.ci is not None and row.ci[1] < 0)
    if row.delta < -(row.allowed_drop + EPSILON) and significant:
        row.status = "regressed"
    elif row.delta > EPSILON:
        row.status = "improved"
    return row


def item_changes(base: dict[str, ItemRecord], run: dict[str, ItemRecord], thresholds: Thresholds) -> list[ItemChange]:
    changes = []
    for item_id in sorted(set(base) & set(run)):
        b, r = base[item_id], run[item_id]
        names = sorted(set(b.scores) | set(r.scores))
        drops = [(n, item_value(b, n), item_value(r, n)) for n in names]
        drops = [(n, bv, rv) for n, bv, rv in drops
                 if bv is not None and (rv if rv is not None else 0.0) < bv - thresholds.item_drop - EPSILON]
        if drops or (b.status == "ok" and r.status != "ok"):
            changes.append(ItemChange(item_id, r.task, drops, _excerpt(b), _excerpt(r), r.notes if r.status == "ok"
                                      else [r.error or "失败"]))
    return sorted(changes, key=lambda c: -c.worst)


def compare_runs(base: Run, run: Run, thresholds: Thresholds, *, allow_subset: bool = False) -> Comparison:
    base_ids, run_ids = base.by_id(), run.by_id()
    common = sorted(set(base_ids) & set(run_ids))
    paired_base = [base_ids[i] for i in common]
    paired_run = [run_ids[i] for i in common]
    functions = metric_functions(paired_base) | metric_functions(paired_run)
    rows = []
    for metric, fn in sorted(functions.items()):
        task = metric.split(".", 1)[0]
        b = [r for r in paired_base if r.task == task]
        r = [x for x in paired_run if x.task == task]
        rows.append(_row(metric, b, r, fn, thresholds))
    return Comparison(base.meta, run.meta, rows, hard_gate_failures(run, thresholds),
                      item_changes(base_ids, run_ids, thresholds),
                      missing_items=sorted(set(base_ids) - set(run_ids)), new_items=sorted(set(run_ids) - set(base_ids)),
                      allow_subset=allow_subset)
