"""Record fixtures from live akshare (needs internet): the RAW frames akshare returns, trimmed to a
useful size, written under tools/data/fixtures/recorded/ and registered in MANIFEST.json with
"sample": false, the akshare version and the recording time. Fixtures.find prefers these to the
invented samples (scripts/sample_fixtures.py), which stay in place.

    .venv/bin/python scripts/record_fixtures.py                      # everything, default funds
    .venv/bin/python scripts/record_fixtures.py --only money_supply pmi
    .venv/bin/python scripts/record_fixtures.py --funds 005827,163406 --years 2024,2025
    .venv/bin/python scripts/record_fixtures.py --refresh-calls tests/fixtures/akshare_refresh
        (the raw akshare answers `touyan data refresh` reads, one per call listed in calls.json)

A failing dataset is reported and skipped; the others are still recorded.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import pandas as pd

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tools.market_data.cache import package_version  # noqa: E402
from tools.market_data.sources import fetch  # noqa: E402

CONCEPTS = ["人形机器人", "低空经济", "算力概念", "无人驾驶"]
INDUSTRIES_EM = ["半导体", "汽车零部件", "通信设备"]
INDEXES = ["000300", "000905", "000852", "000510"]
INDEX_SYMBOLS = ["sh000300", "sh000905", "sh000852", "sh000510", "sz399370", "sz399371"]
ETFS = ["510300", "512050", "512100", "512480", "516160", "515980", "510880", "512170"]
STOCKS = ["300308", "600519"]
REPORT_STOCKS = ["300308", "002050", "688017"]
NEWS = ["人形机器人", "低空经济", "算力", "自动驾驶"]
REPORT_DATES = ["20231231", "20240331", "20240630", "20240930", "20241231", "20250331"]
# Real funds whose codes we are sure of; add a bond fund and a FOF with --funds.
DEFAULT_FUNDS = ["005827", "163406", "000001"]
HISTORY_YEARS = 3

Trim = Callable[[pd.DataFrame], pd.DataFrame]


def since(column: str, years: int = HISTORY_YEARS) -> Trim:
    cutoff = pd.Timestamp.now().normalize() - pd.DateOffset(years=years)
    return lambda frame: frame[pd.to_datetime(frame[column], errors="coerce") >= cutoff] if len(frame) else frame


def rows_where(column: str, values: set[str]) -> Trim:
    return lambda frame: frame[frame[column].astype(str).str.zfill(6).isin(values)] if len(frame) else frame


def quarter_ends(column: str) -> Trim:
    """Keep the last row of each quarter (valuation series are daily; style metrics need quarter ends)."""
    def keep(frame: pd.DataFrame) -> pd.DataFrame:
        if not len(frame):
            return frame
        dates = pd.to_datetime(frame[column], errors="coerce")
        return frame[dates.isin(dates.groupby(dates.dt.to_period("Q")).max())]
    return keep


def plan(funds: list[str], years: list[str]) -> list[tuple[str, dict[str, str], Trim | None]]:
    items: list[tuple[str, dict[str, str], Trim | None]] = [
        ("stock_master", {}, None), ("concept_boards", {}, None), ("industry_boards_em", {}, None),
        ("industry_boards_sw", {}, None), ("sw_index_components", {"code": "801080"}, None),
        ("sw_third_constituents", {"code": "850111.SI"}, None), ("etf_list", {}, None),
        ("money_supply", {}, None), ("pmi", {}, None), ("cpi", {}, None), ("ppi", {}, None),
        ("treasury_yields", {}, None),
        ("fund_list", {}, rows_where("基金代码", set(funds) | set(ETFS))),
        ("fund_managers", {}, rows_where("现任基金代码", set(funds))),
    ]
    items += [("concept_constituents", {"board": b}, None) for b in CONCEPTS]
    items += [("industry_constituents_em", {"board": b}, None) for b in INDUSTRIES_EM]
    items += [("index_weights", {"index_code": c}, None) for c in INDEXES]
    items += [("index_history", {"symbol": s}, since("date")) for s in INDEX_SYMBOLS]
    items += [("etf_history", {"code": c}, since("日期")) for c in ETFS]
    items += [("stock_history", {"symbol": s}, since("日期", 2)) for s in STOCKS]
    items += [("research_reports", {"symbol": s}, lambda f: f.head(30)) for s in REPORT_STOCKS]
    items += [("stock_news", {"keyword": k}, None) for k in NEWS]
    for code in funds:
        items += [("fund_holdings", {"code": code, "year": y}, None) for y in years]
        items += [("fund_nav", {"code": code}, since("净值日期")),
                  ("fund_announcements", {"code": code}, None)]
    return items


def held_stocks(out: Path, entries: list[dict]) -> set[str]:
    codes: set[str] = set()
    for entry in entries:
        if entry["dataset"] == "fund_holdings":
            frame = pd.read_csv(out / entry["file"], dtype=str)
            codes |= {c for c in frame.get("股票代码", pd.Series(dtype=str)).dropna() if len(c) == 6}
    return codes


def record(out: Path, dataset: str, args: dict[str, str], trim: Trim | None, stamp: str) -> dict:
    frame = fetch(dataset, args)
    if trim is not None:
        frame = trim(frame)
    rel = f"recorded/{dataset}/{'_'.join(args.values()) or dataset}.csv"
    (out / rel).parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(out / rel, index=False, encoding="utf-8", lineterminator="\n")
    from tools.market_data.schemas import DATASETS  # noqa: PLC0415

    return {"dataset": dataset, "args": args, "file": rel, "function": DATASETS[dataset].function,
            "sample": False, "recorded_at": stamp, "akshare_version": package_version("akshare"), "rows": len(frame)}


def merge_manifest(out: Path, recorded: list[dict]) -> None:
    path = out / "MANIFEST.json"
    manifest = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"about": "", "entries": []}
    key = lambda e: (e["dataset"], json.dumps(e.get("args", {}), sort_keys=True))  # noqa: E731
    fresh = {key(e) for e in recorded}
    others = [e for e in manifest["entries"] if e.get("sample", True) or key(e) not in fresh]
    manifest["entries"] = recorded + others
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def record_calls(folder: Path, rows: int = 40) -> int:
    """Re-record every call listed in folder/calls.json from live akshare (first `rows` rows of each)."""
    import akshare

    spec = json.loads((folder / "calls.json").read_text(encoding="utf-8"))
    for call in spec["calls"]:
        frame = getattr(akshare, call["function"])(**call["args"]).head(rows)
        frame.to_csv(folder / call["file"], index=False, encoding="utf-8", lineterminator="\n")
        print(f"ok   {call['function']} {call['args']}: {len(frame)} rows")
    spec.update(recorded=True, recorded_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                akshare_version=package_version("akshare"))
    (folder / "calls.json").write_text(json.dumps(spec, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "tools" / "data" / "fixtures")
    parser.add_argument("--funds", default=",".join(DEFAULT_FUNDS), help="comma-separated fund codes")
    parser.add_argument("--years", default="2024,2025", help="holdings years, comma-separated")
    parser.add_argument("--only", nargs="*", help="record only these datasets")
    parser.add_argument("--refresh-calls", type=Path, help="re-record the akshare answers listed in DIR/calls.json")
    opts = parser.parse_args()
    if opts.refresh_calls:
        return record_calls(opts.refresh_calls)
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    items = plan(opts.funds.split(","), opts.years.split(","))
    if opts.only:
        items = [item for item in items if item[0] in opts.only]
    recorded, failed = [], []
    for dataset, args, trim in items:
        try:
            recorded.append(record(opts.out, dataset, args, trim, stamp))
            print(f"ok   {dataset} {args}: {recorded[-1]['rows']} rows")
        except Exception:  # noqa: BLE001 - report and go on with the next dataset
            failed.append((dataset, args))
            print(f"FAIL {dataset} {args}\n{traceback.format_exc(limit=2)}", file=sys.stderr)
    # Per-stock attributes for the stocks the recorded funds hold (quarter ends only).
    if not opts.only or "stock_valuation" in opts.only or "stock_financials" in opts.only:
        stocks = held_stocks(opts.out, recorded)
        extra = [("stock_valuation", {"symbol": s}, quarter_ends("数据日期")) for s in sorted(stocks)]
        extra += [("stock_financials", {"report_date": d}, rows_where("股票代码", stocks)) for d in REPORT_DATES]
        for dataset, args, trim in extra:
            try:
                recorded.append(record(opts.out, dataset, args, trim, stamp))
            except Exception:  # noqa: BLE001
                failed.append((dataset, args))
    if recorded:
        merge_manifest(opts.out, recorded)
    print(f"recorded {len(recorded)} fixtures, {len(failed)} failed: {failed}")
    return 1 if failed and not recorded else 0


if __name__ == "__main__":
    sys.exit(main())
