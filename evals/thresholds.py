"""evals/thresholds.yaml: hard gates (absolute), allowed drops (against the baseline) and the extractive
engine's floors over a whole benchmark split (`ExtractiveGates`, checked by benchmarks/extractive_rouge.py)."""

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


@dataclass(frozen=True)
class ExtractiveGates:
    """Floors on the offline extractive engine over one split of benchmarks/extractive_rouge.py (issue 13).
    The ratios are of mean ROUGE-L F1 over the split's documents (engine / baseline at equal length), so
    they are corpus-level, not item means the `hard_gates` could express."""

    split: str
    min_ratio: dict[str, float]  # baseline (lead, random, …) -> floor on engine F1 / baseline F1
    ci_low_above: float  # the ratio's bootstrap interval must lie above this
    length_tolerance: float  # a summary is within budget when |length - budget| <= tolerance * budget
    min_within_budget: float  # share of summaries within budget
    max_repeated_sentences: int  # sentences repeated across 摘要/核心观点/风险提示, all documents together
    min_documents: int  # a split smaller than this proves nothing and fails
    resamples: int
    seed: int


def load_extractive_gates(path: Path = THRESHOLDS_FILE) -> ExtractiveGates:
    """The `extractive:` section; a missing section or key raises (a gate that is not there cannot pass)."""
    data = (yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}).get("extractive")
    if not isinstance(data, dict):
        raise ValueError(f"{path} 没有 extractive 门槛")
    try:
        return ExtractiveGates(split=str(data["split"]), min_ratio={k: float(v) for k, v in data["min_ratio"].items()},
                               ci_low_above=float(data["ci_low_above"]), length_tolerance=float(data["length_tolerance"]),
                               min_within_budget=float(data["min_within_budget"]),
                               max_repeated_sentences=int(data["max_repeated_sentences"]),
                               min_documents=int(data["min_documents"]), resamples=int(data["resamples"]),
                               seed=int(data["seed"]))
    except (KeyError, TypeError, AttributeError) as problem:
        raise ValueError(f"{path} 的 extractive 门槛不完整：{problem}") from None
