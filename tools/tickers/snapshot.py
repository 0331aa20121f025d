"""The stock master's files: the bundled snapshots and the fresher ones `touyan data refresh` writes.

Two lists, each a CSV of tools.tickers.COLUMNS with a `.meta.json` beside it (source, data_date, row
counts): `stock_master.csv` (A shares: listed, ST, delisted, with listing dates) and
`stock_master_hkus.csv` (HK and US listings, one code format: 9868.HK, EH.US). The bundled ones live in
tools/data/; a refresh writes the same two files into `<data dir>/stock_master/`, and `load_master`
takes each list from the data directory when it is there, else from the bundle. Files are replaced
atomically (a reader never sees half a list).
"""

from __future__ import annotations

import csv
import hashlib
import json
import threading
from datetime import date
from pathlib import Path

from tools.files import write_atomic
from tools.tickers.master import COLUMNS, MASTER_CSV, StockMaster

A_FILE, FOREIGN_FILE = "stock_master.csv", "stock_master_hkus.csv"
BUNDLED_DIR = MASTER_CSV.parent
SNAPSHOT_DIR = "stock_master"  # under the data directory
_lock = threading.Lock()
_loaded: dict[tuple, StockMaster] = {}


def snapshot_dir(data_dir: Path) -> Path:
    return Path(data_dir) / SNAPSHOT_DIR


def meta_path(csv_path: Path) -> Path:
    return csv_path.with_suffix(".meta.json")


def read_meta(csv_path: Path) -> dict:
    try:
        return json.loads(meta_path(csv_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


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


def load_master(data_dir: Path | None) -> StockMaster:
    """The stock master for a data directory (None: the bundled snapshots only), loaded once per file version."""
    a_path, foreign_path = pick_list(data_dir, A_FILE), pick_list(data_dir, FOREIGN_FILE)
    stamp = tuple((str(p), p.stat().st_mtime_ns) for p in (a_path, foreign_path) if p is not None)
    with _lock:
        if stamp in _loaded:
            return _loaded[stamp]
        rows = []
        for path in (a_path, foreign_path):
            if path is not None:
                with path.open(encoding="utf-8", newline="") as handle:
                    rows += list(csv.DictReader(handle))
        a_meta = read_meta(a_path) if a_path else {}
        foreign_meta = read_meta(foreign_path) if foreign_path else {}
        master = StockMaster(rows, source=describe(a_meta), data_date=a_meta.get("data_date"),
                             foreign_date=foreign_meta.get("data_date"))
        _loaded[stamp] = master
        return master


def write_snapshot(folder: Path, name: str, frame, *, source: dict, data_date: str, rules: list[str]) -> Path:
    """Write a list (a frame of COLUMNS) and its meta atomically; the meta is written last."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    frame = frame[list(COLUMNS)].sort_values("code", ignore_index=True)
    text = frame.to_csv(index=False, lineterminator="\n")
    write_atomic(path, text)
    listed = frame[frame["status"] != "delisted"]
    meta = {
        "source": source, "data_date": data_date, "built_on": date.today().isoformat(), "rows": len(frame),
        "rows_by_exchange": frame["exchange"].value_counts().sort_index().to_dict(),
        "listed_by_exchange": listed["exchange"].value_counts().sort_index().to_dict(),
        "delisted": int((frame["status"] == "delisted").sum()),
        "st": int(listed["name"].str.match(r"^S?\*?ST").sum()),
        "columns": list(COLUMNS), "rules": rules,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }
    write_atomic(meta_path(path), json.dumps(meta, ensure_ascii=False, indent=2) + "\n")
    return path
