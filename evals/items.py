"""Eval items and suites.

One JSONL line is one item: `{id, task, input, reference, metadata}`. `task` names a solver in
`evals.solvers.SOLVERS`; `input` is what the solver feeds the graph, `reference` what the scorers
compare against. Any dataset in this schema plugs in: pass its path as the suite.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tools.errors import first_line

EVALS_DIR = Path(__file__).resolve().parent
DATASETS_DIR = EVALS_DIR / "datasets"
SUITES_FILE = EVALS_DIR / "suites.yaml"


class DatasetError(ValueError):
    """A dataset or suite that cannot be read; the message names the file and line."""


class EvalItem(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    task: str = Field(min_length=1)
    input: dict[str, Any]
    reference: dict[str, Any] = Field(default_factory=dict)
    metadata: dict[str, Any] = Field(default_factory=dict)

    @property
    def engines(self) -> list[str] | None:
        """Engines the item applies to (None: all). Map-reduce variants only differ on the llm engine."""
        return self.metadata.get("engines")

    def runs_on(self, engine: str) -> bool:
        return self.engines is None or engine in self.engines


def load_items(path: Path) -> list[EvalItem]:
    items, seen = [], set()
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = EvalItem.model_validate(json.loads(line))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise DatasetError(f"{path}:{number}: {first_line(exc)}") from None
        if item.id in seen:
            raise DatasetError(f"{path}:{number}: duplicate item id {item.id!r}")
        seen.add(item.id)
        items.append(item)
    return items


def suite_names() -> list[str]:
    return sorted(_suites())


def _suites() -> dict[str, dict]:
    if not SUITES_FILE.is_file():
        return {}
    return yaml.safe_load(SUITES_FILE.read_text(encoding="utf-8")) or {}


SUITE_OPTIONS = ("engine", "model", "provider", "cache_dir")


def suite_defaults(name: str) -> dict[str, str]:
    """Run options a named suite fixes unless the command line says otherwise: engine, model, the provider
    preset its responses were recorded with (the preset shapes every request, hence every cache key) and
    the cache directory (relative to evals/)."""
    spec = _suites().get(name) or {}
    return {k: spec[k] for k in SUITE_OPTIONS if spec.get(k)}


def load_suite(name_or_path: str) -> list[EvalItem]:
    """A suite from suites.yaml, a dataset name in datasets/ ("summary"), or a JSONL file or folder."""
    suites = _suites()
    if name_or_path in suites:
        spec = suites[name_or_path]
        items: list[EvalItem] = []
        for dataset in spec.get("datasets", []):  # a name here is a dataset first (the suite `concept` is not)
            named = DATASETS_DIR / f"{dataset}.jsonl"
            items += load_items(named) if named.is_file() else load_suite(dataset)
        wanted = spec.get("ids")
        if wanted:
            missing = sorted(set(wanted) - {i.id for i in items})
            if missing:
                raise DatasetError(f"suite {name_or_path}: unknown item ids {missing}")
            items = [i for i in items if i.id in set(wanted)]
        return _unique(items, name_or_path)
    named = DATASETS_DIR / f"{name_or_path}.jsonl"
    path = named if named.is_file() else Path(name_or_path)
    if path.is_dir():
        return _unique([i for p in sorted(path.glob("*.jsonl")) for i in load_items(p)], str(path))
    if path.is_file():
        return load_items(path)
    known = ", ".join(suite_names() + sorted(p.stem for p in DATASETS_DIR.glob("*.jsonl")))
    raise DatasetError(f"no suite, dataset or file named {name_or_path!r} (known: {known})")


def _unique(items: list[EvalItem], where: str) -> list[EvalItem]:
    ids = [i.id for i in items]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise DatasetError(f"{where}: item ids used twice: {duplicates}")
    return items
