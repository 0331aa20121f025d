"""The stock master a data directory uses, and the writer `touyan data refresh` uses (files: lists.py).

`load_master` takes each list from `<data dir>/stock_master/` when a refresh wrote it there, else the
bundled one, and loads each version of the files once per process. Files are replaced atomically (a
reader never sees half a list) and the meta, written last, completes a list.
"""

from __future__ import annotations

import hashlib
import json
import threading
from datetime import date
from pathlib import Path

from tools.files import write_atomic
from tools.tickers.lists import (A_FILE, BUNDLED_DIR, FOREIGN_FILE, SNAPSHOT_DIR, describe, meta_path, pick_list,
                                 read_meta, snapshot_dir)
from tools.tickers.master import COLUMNS, StockMaster

__all__ = ["A_FILE", "BUNDLED_DIR", "FOREIGN_FILE", "SNAPSHOT_DIR", "describe", "load_master", "pick_list",
           "read_meta", "snapshot_dir", "write_snapshot"]
_lock = threading.Lock()
_loaded: dict[tuple, StockMaster] = {}


def load_master(data_dir: Path | None) -> StockMaster:
    """The stock master for a data directory (None: the bundled lists only), loaded once per file version."""
    paths = (pick_list(data_dir, A_FILE), pick_list(data_dir, FOREIGN_FILE))
    stamp = tuple((str(p), p.stat().st_mtime_ns) for p in paths if p is not None)
    with _lock:
        if stamp not in _loaded:
            _loaded[stamp] = StockMaster.from_lists(*paths)
        return _loaded[stamp]


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
