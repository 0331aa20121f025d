"""A run on disk: `run.json` (what ran, with which engine/model/prompts, and the metrics) and
`items.jsonl` (one record per item: output, scores, notes, tokens, cost, latency, cache use).

Metrics are named `task.metric`. An item that failed scores 0 on every metric its task reports,
so a crash can never look like an improvement. Label metrics (`task.rating_accuracy`,
`task.rating_macro_f1`) are computed from the items' `labels`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from evals.scorers.classify import accuracy, confusion_matrix, macro_f1
from tools.files import write_atomic

RUN_FILE, ITEMS_FILE = "run.json", "items.jsonl"
SCHEMA_VERSION = 1


@dataclass
class ItemRecord:
    id: str
    task: str
    status: str  # "ok" | "error"
    scores: dict[str, float | None] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    labels: dict[str, list] = field(default_factory=dict)
    output: dict | None = None
    error: str | None = None
    tokens: int = 0
    cost_cny: float = 0.0
    cost_usd: float = 0.0
    latency_s: float = 0.0
    llm_calls: int = 0
    cache: dict = field(default_factory=dict)
    cache_keys: list[str] = field(default_factory=list)


@dataclass
class Run:
    meta: dict
    records: list[ItemRecord]

    def by_id(self) -> dict[str, ItemRecord]:
        return {r.id: r for r in self.records}


def task_metric_names(records: Sequence[ItemRecord]) -> dict[str, list[str]]:
    names: dict[str, dict[str, None]] = defaultdict(dict)
    for r in records:
        for name in r.scores:
            names[r.task][name] = None
    return {task: list(n) for task, n in names.items()}


def item_value(record: ItemRecord, metric: str) -> float | None:
    """An item's score on a metric; a failed item scores 0, a not-applicable one None."""
    if record.status != "ok":
        return 0.0
    return record.scores.get(metric)


def mean_metric(records: Sequence[ItemRecord], metric: str) -> float | None:
    values = [v for r in records if (v := item_value(r, metric)) is not None]
    return sum(values) / len(values) if values else None


def label_metric(records: Sequence[ItemRecord], name: str, fn: Callable) -> float | None:
    pairs = [r.labels[name] for r in records if r.status == "ok" and name in r.labels]
    pairs += [[None, "（失败）"] for r in records if r.status != "ok"]
    return fn([p[0] for p in pairs], [p[1] for p in pairs]) if pairs else None


LABEL_METRICS: dict[str, Callable] = {"accuracy": accuracy, "macro_f1": macro_f1}


def ok_rate(records: Sequence[ItemRecord]) -> float | None:
    return sum(r.status == "ok" for r in records) / len(records) if records else None


def metric_functions(records: Sequence[ItemRecord]) -> dict[str, Callable[[Sequence[ItemRecord]], float | None]]:
    """Every `task.metric` this run has, as a function of a list of (that task's) records."""
    out: dict[str, Callable] = {}
    for task in dict.fromkeys(r.task for r in records):  # tasks whose every item failed report this too
        out[f"{task}.ok_rate"] = ok_rate
    for task, names in task_metric_names(records).items():
        for name in names:
            out[f"{task}.{name}"] = lambda rs, n=name: mean_metric(rs, n)
    label_names = {(r.task, n) for r in records for n in r.labels}
    for task, name in sorted(label_names):
        for suffix, fn in LABEL_METRICS.items():
            out[f"{task}.{name}_{suffix}"] = lambda rs, n=name, f=fn: label_metric(rs, n, f)
    return out


def of_task(records: Sequence[ItemRecord], metric: str) -> list[ItemRecord]:
    task = metric.split(".", 1)[0]
    return [r for r in records if r.task == task]


def compute_metrics(records: Sequence[ItemRecord]) -> dict[str, float | None]:
    return {m: fn(of_task(records, m)) for m, fn in sorted(metric_functions(records).items())}


def confusion_tables(records: Sequence[ItemRecord]) -> dict[str, dict]:
    tables = {}
    for task, name in sorted({(r.task, n) for r in records for n in r.labels}):
        pairs = [r.labels[name] for r in records if r.task == task and name in r.labels]
        labels, rows = confusion_matrix([p[0] for p in pairs], [p[1] for p in pairs])
        tables[f"{task}.{name}"] = {"labels": labels, "rows": rows}
    return tables


def usage_by_task(records: Sequence[ItemRecord]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for r in records:
        u = out.setdefault(r.task, {"items": 0, "errors": 0, "tokens": 0, "cost_cny": 0.0, "cost_usd": 0.0,
                                    "llm_calls": 0, "latency_s": 0.0, "cache_hits": 0, "cache_misses": 0})
        u["items"] += 1
        u["errors"] += r.status != "ok"
        for key in ("tokens", "cost_cny", "cost_usd", "llm_calls", "latency_s"):
            u[key] += getattr(r, key)
        u["cache_hits"] += r.cache.get("hits", 0)
        u["cache_misses"] += r.cache.get("misses", 0)
    for u in out.values():
        u["latency_mean_s"] = u.pop("latency_s") / u["items"]
    return out


def write_run(out_dir: Path, meta: dict, records: Sequence[ItemRecord]) -> Path:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    ordered = sorted(records, key=lambda r: (r.task, r.id))
    meta = {"schema_version": SCHEMA_VERSION, **meta, "metrics": compute_metrics(ordered),
            "confusion": confusion_tables(ordered), "usage": usage_by_task(ordered)}
    lines = [json.dumps(asdict(r), ensure_ascii=False, sort_keys=True) for r in ordered]
    write_atomic(out_dir / ITEMS_FILE, "\n".join(lines) + "\n")
    write_atomic(out_dir / RUN_FILE, json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return out_dir


def load_run(path: Path) -> Run:
    path = Path(path)
    if not (path / RUN_FILE).is_file():
        raise FileNotFoundError(f"{path} 不是评测运行目录（缺少 {RUN_FILE}）")
    meta = json.loads((path / RUN_FILE).read_text(encoding="utf-8"))
    records = [ItemRecord(**json.loads(line)) for line in (path / ITEMS_FILE).read_text(encoding="utf-8").splitlines()
               if line.strip()]
    return Run(meta, records)
