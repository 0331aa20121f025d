"""Where manager commentary comes from: `<code>_<period>.txt` files.

akshare has no commentary function; the real source is the periodic-report PDFs (运作分析 / 展望
sections). Offline, the user's own folder `<data dir>/commentary/` is read first, then the samples
shipped in `data/samples/commentary/` (marked as samples).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

SAMPLE_COMMENTARY_DIR = Path(__file__).resolve().parents[2] / "data" / "samples" / "commentary"
_FILE = re.compile(r"^(?P<code>\d{6})_(?P<period>\d{4}Q[1-4])\.txt$")


@dataclass(frozen=True)
class CommentaryText:
    code: str
    period: str
    text: str
    source: str  # path of the file
    sample: bool  # one of the bundled samples


def commentary_dirs(data_dir: Path | None) -> list[tuple[Path, bool]]:
    """(folder, is_sample) in reading order."""
    dirs = []
    if data_dir is not None:
        dirs.append((Path(data_dir) / "commentary", False))
    dirs.append((SAMPLE_COMMENTARY_DIR, True))
    return [(d, sample) for d, sample in dirs if d.is_dir()]


def _read(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def load_commentary(code: str, data_dir: Path | None = None) -> list[CommentaryText]:
    """Every period's text for `code`, oldest first; a period in the user's folder hides the sample."""
    found: dict[str, CommentaryText] = {}
    for folder, sample in commentary_dirs(data_dir):
        for path in sorted(folder.glob(f"{code}_*.txt")):
            match = _FILE.match(path.name)
            if match and match["period"] not in found:
                text = _read(path).strip()
                if text:
                    found[match["period"]] = CommentaryText(code, match["period"], text, str(path), sample)
    return [found[p] for p in sorted(found)]


def catalog(data_dir: Path | None = None) -> dict[str, dict[str, str]]:
    """code -> row of every `catalog.csv` (fund name, type, manager); the user's rows win."""
    rows: dict[str, dict[str, str]] = {}
    for folder, _ in reversed(commentary_dirs(data_dir)):
        path = folder / "catalog.csv"
        if path.is_file():
            with path.open(encoding="utf-8-sig", newline="") as handle:
                rows.update({row["code"].strip(): row for row in csv.DictReader(handle) if row.get("code")})
    return rows


def fof_codes(data_dir: Path | None, fund_list=None) -> list[str]:
    """FOF codes known from the fund list (type contains FOF) and from the commentary catalogs."""
    codes = {c for c, row in catalog(data_dir).items() if "FOF" in (row.get("fund_type") or "").upper()}
    if fund_list is not None and len(fund_list):
        mask = fund_list["fund_type"].fillna("").str.upper().str.contains("FOF")
        codes |= set(fund_list.loc[mask, "code"])
    return sorted(codes)
