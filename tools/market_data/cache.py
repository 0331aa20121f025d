"""Parquet cache of normalized frames, one file per (dataset, arguments), each with a sidecar JSON:
function, arguments, akshare and pandas versions, fetch time, row count, schema version.

Layout: <cache_dir>/<dataset>/<slug>-<hash>.parquet and .json (cache_dir is usually
<data_dir>/market_cache). The JSON is written last, so an entry without one is incomplete and ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any, Mapping

import pandas as pd

from tools.market_data.schemas import SCHEMA_VERSION

# How long a cached frame counts as fresh, per kind of data (schemas.Dataset.ttl).
TTL: dict[str, timedelta] = {
    "master": timedelta(days=7),
    "boards": timedelta(days=1),
    "prices": timedelta(hours=12),
    "macro": timedelta(days=7),
    "fund_holdings": timedelta(days=30),
    "reports": timedelta(days=1),
    "news": timedelta(hours=1),
}
_UNSAFE = re.compile(r"[^\w.-]+")


def default_cache_dir(data_dir: str | Path) -> Path:
    return Path(data_dir) / "market_cache"


def package_version(name: str) -> str | None:
    """Installed version, read from package metadata (never imports the package: akshare is slow)."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def canonical_args(args: Mapping[str, Any]) -> dict[str, str]:
    return {key: str(args[key]) for key in sorted(args)}


def entry_stem(dataset: str, args: Mapping[str, Any]) -> str:
    """A readable, filesystem-safe file stem, unique per arguments."""
    canonical = canonical_args(args)
    digest = hashlib.sha256(json.dumps([dataset, canonical], ensure_ascii=False).encode()).hexdigest()[:10]
    slug = _UNSAFE.sub("_", "_".join(canonical.values()))[:60].strip("_") or "all"
    return f"{slug}-{digest}"


@dataclass(frozen=True)
class CacheEntry:
    frame: pd.DataFrame
    meta: dict[str, Any]

    @property
    def fetched_at(self) -> datetime:
        return datetime.fromisoformat(self.meta["fetched_at"])

    def expired(self, ttl: timedelta, now: datetime) -> bool:
        return now - self.fetched_at > ttl


def parquet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns holding mixed types break pyarrow: cast them to str (missing values stay missing)."""
    frame = frame.copy()
    frame.attrs = {}
    for name in frame.columns:
        if frame[name].dtype == object:
            frame[name] = frame[name].map(lambda v: v if pd.isna(v) else str(v)).astype("str")
    return frame


class MarketCache:
    def __init__(self, cache_dir: str | Path):
        self.root = Path(cache_dir)

    def paths(self, dataset: str, args: Mapping[str, Any]) -> tuple[Path, Path]:
        stem = self.root / dataset / entry_stem(dataset, args)
        return stem.with_suffix(".parquet"), stem.with_suffix(".json")

    def read(self, dataset: str, args: Mapping[str, Any]) -> CacheEntry | None:
        """The cached entry, or None when absent, incomplete, unreadable or of another schema version."""
        data_path, meta_path = self.paths(dataset, args)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if meta.get("schema_version") != SCHEMA_VERSION or meta.get("arguments") != canonical_args(args):
                return None
            frame = pd.read_parquet(data_path)
            datetime.fromisoformat(meta["fetched_at"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        except Exception:  # noqa: BLE001 - pyarrow raises its own types for corrupt files
            return None
        return CacheEntry(frame, meta)

    def write(self, dataset: str, args: Mapping[str, Any], frame: pd.DataFrame, *, function: str,
              fetched_at: datetime) -> CacheEntry:
        data_path, meta_path = self.paths(dataset, args)
        data_path.parent.mkdir(parents=True, exist_ok=True)
        safe = parquet_safe(frame)
        meta = {
            "dataset": dataset,
            "function": function,
            "arguments": canonical_args(args),
            "akshare_version": package_version("akshare"),
            "pandas_version": pd.__version__,
            "fetched_at": fetched_at.isoformat(),
            "rows": int(len(safe)),
            "columns": [str(c) for c in safe.columns],
            "schema_version": SCHEMA_VERSION,
        }
        # Write to temporary names, then rename: a reader never sees half a file.
        tmp_data, tmp_meta = data_path.with_suffix(".parquet.tmp"), meta_path.with_suffix(".json.tmp")
        safe.to_parquet(tmp_data, index=False)
        tmp_meta.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp_data, data_path)
        os.replace(tmp_meta, meta_path)
        return CacheEntry(safe, meta)
