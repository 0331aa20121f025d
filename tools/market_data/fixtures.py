"""Bundled fixtures: small frames with akshare's RAW column names, registered in MANIFEST.json, so
offline sessions run them through the same normalization as live data.

A manifest entry: {"dataset", "args", "file", "function", "sample"}; `sample: true` marks files we
wrote ourselves (not market data), false marks frames recorded from akshare by
scripts/record_fixtures.py. CSV files are read as text (codes keep their leading zeros) and typed by
normalization, exactly as a live frame would be.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import pandas as pd

from tools.market_data.cache import canonical_args

BUNDLED_FIXTURES = Path(__file__).resolve().parent.parent / "data" / "fixtures"
MANIFEST = "MANIFEST.json"


@dataclass(frozen=True)
class FixtureEntry:
    dataset: str
    args: dict[str, str]
    path: Path
    function: str
    sample: bool
    recorded_at: str | None = None


def read_raw(path: Path) -> pd.DataFrame:
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")


class Fixtures:
    def __init__(self, root: str | Path = BUNDLED_FIXTURES):
        self.root = Path(root)
        self._entries: list[FixtureEntry] | None = None

    def entries(self) -> list[FixtureEntry]:
        if self._entries is None:
            manifest = self.root / MANIFEST
            items = json.loads(manifest.read_text(encoding="utf-8"))["entries"] if manifest.is_file() else []
            self._entries = [
                FixtureEntry(item["dataset"], canonical_args(item.get("args", {})), self.root / item["file"],
                             item.get("function", ""), bool(item.get("sample", True)), item.get("recorded_at"))
                for item in items
            ]
        return self._entries

    def find(self, dataset: str, args: Mapping[str, Any]) -> FixtureEntry | None:
        wanted = canonical_args(args)
        # Frames recorded from akshare (sample: false) win over the samples we wrote.
        for entry in sorted(self.entries(), key=lambda e: e.sample):
            if entry.dataset == dataset and entry.args == wanted and entry.path.is_file():
                return entry
        return None

    def available(self, dataset: str) -> list[dict[str, str]]:
        """Arguments for which `dataset` has a fixture (for messages and listings)."""
        return [entry.args for entry in self.entries() if entry.dataset == dataset]
