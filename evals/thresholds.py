"""evals/thresholds.yaml: hard gates (absolute) and allowed drops (against the baseline)."""

from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

import yaml

THRESHOLDS_FILE = Path(__file__).resolve().parent / "thresholds.yaml"
EPSILON = 1e-9  # float noise is never a regression


@dataclass(frozen=True)
class HardGate:
    metric: str
    min: float
    per_item: bool = False


@dataclass(frozen=True)
class Thresholds:
    hard_gates: list[HardGate] = field(default_factory=list)
    allowed_drop: dict[str, float] = field(default_factory=dict)  # metric or fnmatch pattern -> drop
    default_drop: float = 0.0
    item_drop: float = 0.0
    significance: bool = False
    ignore: list[str] = field(default_factory=list)
    resamples: int = 1000
    seed: int = 0
    confidence: float = 0.95

    def drop_for(self, metric: str) -> float:
        if metric in self.allowed_drop:
            return self.allowed_drop[metric]
        for pattern, drop in self.allowed_drop.items():
            if fnmatchcase(metric, pattern):
                return drop
        return self.default_drop

    def ignored(self, metric: str) -> bool:
        return any(fnmatchcase(metric, p) for p in self.ignore)


def load_thresholds(path: Path = THRESHOLDS_FILE) -> Thresholds:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    gates = [HardGate(metric=m, min=float(spec["min"]), per_item=bool(spec.get("per_item", False)))
             for m, spec in (data.get("hard_gates") or {}).items()]
    drops = dict(data.get("allowed_drop") or {})
    boot = data.get("bootstrap") or {}
    return Thresholds(hard_gates=gates, allowed_drop={k: float(v) for k, v in drops.items() if k != "default"},
                      default_drop=float(drops.get("default", 0.0)), item_drop=float(data.get("item_drop", 0.0)),
                      significance=bool(data.get("significance", False)), ignore=list(data.get("ignore") or []),
                      resamples=int(boot.get("resamples", 1000)), seed=int(boot.get("seed", 0)),
                      confidence=float(boot.get("confidence", 0.95)))
