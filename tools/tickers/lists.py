"""Where the stock master's lists live and how their files read (no StockMaster here: master.py uses it).

Two lists, each a CSV of tools.tickers.master.COLUMNS with a `.meta.json` beside it (source, data_date,
row counts): `stock_master.csv` (A shares) and `stock_master_hkus.csv` (HK and US listings). The bundled
ones live in tools/data/; `touyan data refresh` writes the same two files into `<data dir>/stock_master/`.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

A_FILE, FOREIGN_FILE = "stock_master.csv", "stock_master_hkus.csv"
BUNDLED_DIR = Path(__file__).resolve().parents[1] / "data"
SNAPSHOT_DIR = "stock_master"  # under the data directory


def snapshot_dir(data_dir: Path) -> Path:
    return Path(data_dir) / SNAPSHOT_DIR


def meta_path(csv_path: Path) -> Path:
    return csv_path.with_suffix(".meta.json")


def read_meta(csv_path: Path) -> dict:
    try:
        return json.loads(meta_path(csv_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def read_rows(csv_path: Path) -> list[dict]:
    with csv_path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def pick_list(data_dir: Path | None, name: str) -> Path | None:
    """The data directory's list when it has a complete one (CSV and meta), else the bundled one."""
    if data_dir is not None:
        local = snapshot_dir(data_dir) / name
        if local.is_file() and meta_path(local).is_file():
            return local
    bundled = BUNDLED_DIR / name
    return bundled if bundled.is_file() else None


def describe(meta: dict) -> str:
    source = meta.get("source") or {}
    what = " ".join(str(source[k]) for k in ("package", "version") if source.get(k)) or "未知来源"
    return f"{what}，数据截至 {meta.get('data_date', '未知')}"
