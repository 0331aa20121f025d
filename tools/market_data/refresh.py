"""`touyan data refresh`: fetch the stock lists and concept boards from akshare and keep them.

The A-share list (listed, ST and delisted companies with listing dates) and the HK/US lists are written
as the same files the bundled snapshot uses, into `<data dir>/stock_master/` (tools/tickers/snapshot.py),
where every later run finds them. Board lists and constituents go into the market-data cache, which
offline runs read before the bundled samples. Nothing is replaced by a failed or suspiciously short
answer: a fetch that fails raises, and a list much shorter than the one in use is refused unless forced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable

import pandas as pd

from tools.market_data.boards import resolve_board
from tools.market_data.cache import package_version
from tools.market_data.errors import MarketDataError
from tools.tickers import master_frame
from tools.tickers.snapshot import A_FILE, FOREIGN_FILE, pick_list, read_meta, snapshot_dir, write_snapshot

MIN_SHARE = 0.5  # a new list with fewer than half the listed companies of the one in use is a broken answer


class RefreshRefused(MarketDataError):
    pass


@dataclass(frozen=True)
class Refreshed:
    what: str
    rows: int
    path: Path | None
    detail: str = ""


def _listed(path: Path | None) -> int:
    if path is None:
        return 0
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return int((frame["status"] != "delisted").sum())


def _guard(what: str, new_listed: int, current: Path | None, force: bool) -> None:
    old = _listed(current)
    if not force and old and new_listed < MIN_SHARE * old:
        raise RefreshRefused(f"{what}只返回 {new_listed} 只在市证券，现用列表有 {old} 只：疑似数据源出错，未替换"
                             f"（确认无误可加 --force）")


def refresh_stock_master(market, data_dir: Path, *, today: date | None = None, force: bool = False) -> Refreshed:
    frame = market.refresh("stock_master")
    frame = frame.drop_duplicates("code").copy()
    frame["list_date"] = pd.to_datetime(frame["list_date"], errors="coerce").dt.strftime("%Y-%m-%d").fillna("")
    snapshot = master_frame(frame)
    listed = int((snapshot["status"] == "listed").sum())
    _guard("A股股票列表", listed, pick_list(data_dir, A_FILE), force)
    day = (today or date.today()).isoformat()
    source = {"package": "akshare", "version": package_version("akshare"),
              "functions": "stock_info_sh_name_code, stock_info_sz_name_code, stock_info_bj_name_code, "
                           "stock_info_sh_delist, stock_info_sz_delist, stock_info_sz_change_name"}
    rules = ["data_date: the day of the refresh", "status delisted: listed by SSE/SZSE as 终止上市",
             "ST: the exchange's short name starts with ST/*ST (Security.st)", "former_names: SZSE only"]
    path = write_snapshot(snapshot_dir(data_dir), A_FILE, snapshot, source=source, data_date=day, rules=rules)
    st = int(snapshot["name"].str.match(r"^S?\*?ST").sum())
    return Refreshed("A股股票列表", len(snapshot), path,
                     f"在市 {listed}，ST {st}，已退市 {len(snapshot) - listed}，数据截至 {day}")


def refresh_foreign(market, data_dir: Path, *, hk: bool, us: bool, today: date | None = None,
                    force: bool = False) -> Refreshed:
    """HK and/or US listings; the market not asked for keeps the rows of the list in use."""
    current = pick_list(data_dir, FOREIGN_FILE)
    kept = pd.read_csv(current, dtype=str, keep_default_na=False) if current else pd.DataFrame(columns=["code", "exchange"])
    parts = []
    for flag, dataset, exchange in ((hk, "hk_listings", "HK"), (us, "us_listings", "US")):
        if flag:
            fresh = market.refresh(dataset)[["code", "name"]]
            _guard(f"{exchange} 名录", len(fresh), None, force)
            parts.append(fresh)
        else:
            parts.append(kept[kept["exchange"] == exchange][["code", "name", "name_raw"]])
    frame = pd.concat(parts, ignore_index=True).drop_duplicates("code")
    snapshot = master_frame(frame)
    day = (today or date.today()).isoformat()
    asked = "、".join(m for m, f in (("港股", hk), ("美股", us)) if f)
    source = {"package": "akshare", "version": package_version("akshare"),
              "functions": "stock_hk_spot_em" * hk + (", " if hk and us else "") + "stock_us_spot_em" * us,
              "kept_from": read_meta(current).get("source", {}).get("version") if current else None}
    path = write_snapshot(snapshot_dir(data_dir), FOREIGN_FILE, snapshot, source=source, data_date=day,
                          rules=[f"refreshed: {asked}; the other market's rows kept from the list in use"])
    return Refreshed(f"{asked}名录", len(snapshot), path, f"数据截至 {day}")


def refresh_boards(market, boards: Iterable[str] = (), *, every: bool = False) -> list[Refreshed]:
    """The concept board list, then the constituents of `boards` (names as users write them), or of all."""
    listing = market.refresh("concept_boards")
    names = listing["name"].dropna().tolist()
    done = [Refreshed("概念板块列表", len(listing), None, f"{len(names)} 个板块")]
    wanted = names if every else list(dict.fromkeys(resolve_board(b, names) for b in boards if b))
    for board in wanted:
        members = market.refresh("concept_constituents", board=board)
        done.append(Refreshed(f"概念板块“{board}”成分股", len(members), None))
    return done
